// ndthrust/detail/casting.h — NumPy's casting rules (np.can_cast) and the check that out= and copyto apply.
//
//   nd::copyto(policy, int_arr, float_arr);                          // dtype_error, as NumPy's TypeError
//   nd::copyto(policy, int_arr, float_arr, nd::casting::unsafe);     // truncates, as casting='unsafe'
//
// The rules are NumPy 2's for ndthrust's dtypes (tests/golden/casting/ holds np.can_cast for every pair):
//   no, equiv   the same dtype only (ndthrust has no byte orders);
//   safe        every value converts exactly (int64 → float64 counts as safe, as NumPy says);
//   same_kind   safe, or within the kind order bool < unsigned < signed < real < complex (float64 → float32 and
//               uint8 → int8 are allowed; int → uint and float → int are not) — NumPy's default for out= / copyto;
//   unsafe      anything (complex → real keeps the real part).
#pragma once

#include <ndthrust/core/dtype.h>
#include <ndthrust/core/error.h>
#include <ndthrust/promotion.h>

#include <string>

namespace nd {

/// NumPy's casting= argument.
enum class casting { no, equiv, safe, same_kind, unsafe };

/// NumPy's name of a casting rule ("same_kind", …).
constexpr const char* casting_name(casting c) {
  switch (c) {
  case casting::no: return "no";
  case casting::equiv: return "equiv";
  case casting::safe: return "safe";
  case casting::same_kind: return "same_kind";
  case casting::unsafe: return "unsafe";
  }
  return "";
}

namespace detail {
/// NumPy's kind order for same_kind: bool 0, unsigned 1, signed 2, real 3, complex 4.
constexpr int cast_kind(dtype d) {
  switch (d) {
  case dtype::bool_: return 0;
  case dtype::uint8:
  case dtype::uint16:
  case dtype::uint32:
  case dtype::uint64: return 1;
  case dtype::int8:
  case dtype::int16:
  case dtype::int32:
  case dtype::int64: return 2;
  case dtype::float32:
  case dtype::float64: return 3;
  case dtype::complex64:
  case dtype::complex128: return 4;
  }
  return 0;
}

constexpr bool can_cast_safe(dtype from, dtype to) {
  if (from == to || from == dtype::bool_) return true;
  int kf = cast_kind(from), kt = cast_kind(to);
  int sf = itemsize(from), st = itemsize(to);
  if (kt < kf) return false;
  if (kt == 0) return false;                                // only bool casts safely to bool
  if (kf == 1 && kt == 1) return st >= sf;                  // unsigned → unsigned
  if (kf == 1 && kt == 2) return st > sf;                   // unsigned → signed needs a wider type
  if (kf == 2 && kt == 2) return st >= sf;                  // signed → signed
  if (kf <= 2 && kt == 3) return sf <= 2 ? true : st == 8;  // integers: float32 holds 16 bits, float64 all
  if (kf <= 2 && kt == 4) return sf <= 2 ? true : st == 16; // … and complex64 / complex128 likewise
  if (kf == 3 && kt == 3) return st >= sf;
  if (kf == 3 && kt == 4) return st >= 2 * sf;
  return st >= sf; // complex → complex
}
} // namespace detail

/// NumPy's np.can_cast(from, to, casting) for ndthrust's dtypes.
constexpr bool can_cast(dtype from, dtype to, casting c = casting::safe) {
  switch (c) {
  case casting::no:
  case casting::equiv: return from == to;
  case casting::safe: return detail::can_cast_safe(from, to);
  case casting::same_kind: return detail::can_cast_safe(from, to) || detail::cast_kind(from) <= detail::cast_kind(to);
  case casting::unsafe: return true;
  }
  return false;
}

namespace detail {
/// Raises NumPy's TypeError for copyto / astype-like copies: "Cannot cast array data from dtype('float64') to
/// dtype('int64') according to the rule 'same_kind'".
/// C++ types that are no dtype of their own (a functor's `long long`) are checked as the dtype of their width; other
/// types (a user's class convertible to the element type) are not checked.
template <class From, class To>
void check_cast(casting c) {
  using F = canonical_t<From>;
  using T = canonical_t<To>;
  if constexpr (is_dtype_v<F> && is_dtype_v<T>) {
    if (!can_cast(dtype_of<F>, dtype_of<T>, c))
      throw_dtype_error(std::string("Cannot cast array data from dtype('") + dtype_name<F> + "') to dtype('" +
                        dtype_name<T> + "') according to the rule '" + casting_name(c) + "'");
  }
}

/// Raises NumPy's TypeError for a ufunc (or reduction) writing into out=: "Cannot cast ufunc 'add' output from
/// dtype('float64') to dtype('int64') with casting rule 'same_kind'". Without a name, check_cast's wording.
template <class From, class To>
void check_out_cast(casting c, const char* ufunc) {
  using F = canonical_t<From>;
  using T = canonical_t<To>;
  if (ufunc == nullptr) return check_cast<F, T>(c);
  if constexpr (is_dtype_v<F> && is_dtype_v<T>) {
    if (!can_cast(dtype_of<F>, dtype_of<T>, c))
      throw_dtype_error(std::string("Cannot cast ufunc '") + ufunc + "' output from dtype('" + dtype_name<F> +
                        "') to dtype('" + dtype_name<T> + "') with casting rule '" + casting_name(c) + "'");
  }
}
} // namespace detail

} // namespace nd
