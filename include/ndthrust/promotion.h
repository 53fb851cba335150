// ndthrust/promotion.h — NumPy 2's type promotion (NEP 50), decided at compile time.
//
// Array dtypes are "strong" and promote by NumPy's table (np.promote_types). C++ scalars passed to an algorithm are
// "weak", like Python scalars in NumPy 2: they only decide the *kind* (bool < integer < real < complex), never the
// width, so `float32 array * 5.0` stays float32 and `int8 array + 1` stays int8. A weak scalar of a higher kind than
// every array gives NumPy's default of that kind (int64, float64), or for a complex scalar with a float32 array,
// complex64. The full table, checked against NumPy by tests/test_ufuncs.cpp, is in docs/promotion.md.
//
// Names: nd::promote_types(dtype, dtype) at run time; nd::result_type_t<Ts...> over element types, where a type
// wrapped in nd::weak<T> is weak; nd::operand_result_t<Xs...> over algorithm operands (arrays, lazy maps and C++
// scalars, the latter weak).
#pragma once

#include <ndthrust/core/dtype.h>

#include <cstdint>
#include <type_traits>

namespace nd {

/// Marks an operand type as weak (a Python-scalar-like C++ scalar).
template <class T>
struct weak {
  using type = T;
};

namespace detail {

// --- dtype ↔ type ------------------------------------------------------------------------------------------------

template <dtype D>
struct type_of_dtype;
#define NDTHRUST_TYPE_OF(tag, T)                                                                                       \
  template <>                                                                                                          \
  struct type_of_dtype<dtype::tag> {                                                                                   \
    using type = T;                                                                                                    \
  };
NDTHRUST_TYPE_OF(bool_, bool)
NDTHRUST_TYPE_OF(int8, std::int8_t)
NDTHRUST_TYPE_OF(int16, std::int16_t)
NDTHRUST_TYPE_OF(int32, std::int32_t)
NDTHRUST_TYPE_OF(int64, std::int64_t)
NDTHRUST_TYPE_OF(uint8, std::uint8_t)
NDTHRUST_TYPE_OF(uint16, std::uint16_t)
NDTHRUST_TYPE_OF(uint32, std::uint32_t)
NDTHRUST_TYPE_OF(uint64, std::uint64_t)
NDTHRUST_TYPE_OF(float32, float)
NDTHRUST_TYPE_OF(float64, double)
NDTHRUST_TYPE_OF(complex64, complex64)
NDTHRUST_TYPE_OF(complex128, complex128)
#undef NDTHRUST_TYPE_OF

/// Any C++ arithmetic type as the dtype of its width and signedness (`long long`, `char`, `unsigned long` …).
template <class T, class = void>
struct canonical {
  using type = T;
};
template <class T>
struct canonical<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  using type = std::conditional_t<
    std::is_signed_v<T>,
    std::conditional_t<sizeof(T) == 1, std::int8_t,
                       std::conditional_t<sizeof(T) == 2, std::int16_t,
                                          std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>>>,
    std::conditional_t<sizeof(T) == 1, std::uint8_t,
                       std::conditional_t<sizeof(T) == 2, std::uint16_t,
                                          std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>>;
};
template <>
struct canonical<long double> {
  using type = double;
};
template <class T>
using canonical_t = typename canonical<std::remove_cv_t<T>>::type;

// --- the rules -----------------------------------------------------------------------------------------------------

/// Kind rank: bool 0, integers 1, reals 2, complex 3 (NEP 50 compares weak scalars by this only).
constexpr int kind_rank(dtype d) {
  switch (d) {
  case dtype::bool_: return 0;
  case dtype::float32:
  case dtype::float64: return 2;
  case dtype::complex64:
  case dtype::complex128: return 3;
  default: return 1;
  }
}
constexpr bool is_unsigned_dtype(dtype d) {
  return d == dtype::uint8 || d == dtype::uint16 || d == dtype::uint32 || d == dtype::uint64;
}
constexpr dtype signed_of_size(int bytes) {
  return bytes == 1 ? dtype::int8 : bytes == 2 ? dtype::int16 : bytes == 4 ? dtype::int32 : dtype::int64;
}
/// The smallest real that holds an integer (NumPy: float16 for 8-bit, which ndthrust lacks, then float32 for
/// 16-bit, float64 above) — as promoted with a float32, which is where this is used.
constexpr dtype real_for_int(dtype d) { return itemsize(d) <= 2 ? dtype::float32 : dtype::float64; }

} // namespace detail

/// NumPy's np.promote_types for two array dtypes.
constexpr dtype promote_types(dtype a, dtype b) {
  using namespace detail;
  if (a == b) return a;
  if (a == dtype::bool_) return b;
  if (b == dtype::bool_) return a;
  int ka = kind_rank(a), kb = kind_rank(b);
  if (ka < kb || (ka == kb && itemsize(a) < itemsize(b) && ka != 1)) return promote_types(b, a);
  // Now a's kind ≥ b's kind.
  if (ka == 3) { // complex: promote the real parts, then back to complex
    dtype ra = a == dtype::complex64 ? dtype::float32 : dtype::float64;
    dtype rb = kb == 3 ? (b == dtype::complex64 ? dtype::float32 : dtype::float64) : b;
    return promote_types(ra, rb) == dtype::float32 ? dtype::complex64 : dtype::complex128;
  }
  if (ka == 2) {
    if (kb == 2) return itemsize(a) >= itemsize(b) ? a : b;
    return a == dtype::float64 ? a : real_for_int(b); // float32 with an integer
  }
  // Two integers.
  bool ua = is_unsigned_dtype(a), ub = is_unsigned_dtype(b);
  if (ua == ub) return itemsize(a) >= itemsize(b) ? a : b;
  dtype s = ua ? b : a, u = ua ? a : b;
  if (itemsize(s) > itemsize(u)) return s;
  if (itemsize(u) < 8) return signed_of_size(2 * itemsize(u));
  return dtype::float64; // int64 with uint64: no integer holds both
}

namespace detail {

/// What a list of operands promotes to: the strong dtypes' promotion, then the weak kinds (NEP 50).
struct promotion_state {
  bool any_strong = false;
  dtype strong    = dtype::bool_;
  int weak_kind   = -1;
};

constexpr promotion_state add_strong(promotion_state s, dtype d) {
  s.strong     = s.any_strong ? promote_types(s.strong, d) : d;
  s.any_strong = true;
  return s;
}
constexpr promotion_state add_weak(promotion_state s, dtype d) {
  s.weak_kind = kind_rank(d) > s.weak_kind ? kind_rank(d) : s.weak_kind;
  return s;
}
constexpr dtype finish(promotion_state s) {
  constexpr dtype defaults[] = {dtype::bool_, dtype::int64, dtype::float64, dtype::complex128};
  if (!s.any_strong) return s.weak_kind < 0 ? dtype::bool_ : defaults[s.weak_kind];
  int k = kind_rank(s.strong);
  if (s.weak_kind <= k) return s.strong;
  // A weak complex keeps a float32 array's precision; otherwise the weak kind's default.
  if (s.weak_kind == 3 && s.strong == dtype::float32) return dtype::complex64;
  return defaults[s.weak_kind];
}

template <class T>
struct promo_arg {
  static constexpr promotion_state apply(promotion_state s) { return add_strong(s, dtype_of<canonical_t<T>>); }
};
template <class T>
struct promo_arg<weak<T>> {
  static constexpr promotion_state apply(promotion_state s) { return add_weak(s, dtype_of<canonical_t<T>>); }
};

template <class... Ts>
constexpr dtype promoted_dtype() {
  promotion_state s{};
  ((s = promo_arg<Ts>::apply(s)), ...);
  return finish(s);
}

/// An algorithm operand as a promotion argument: C++ scalars are weak, arrays and expressions strong.
template <class X, class = void>
struct operand_promo {
  using type = typename std::decay_t<X>::value_type;
};
template <class X>
struct operand_promo<X, std::enable_if_t<std::is_arithmetic_v<std::decay_t<X>> || is_complex_v<std::decay_t<X>>>> {
  using type = weak<std::decay_t<X>>;
};

} // namespace detail

/// The element type of a runtime dtype.
template <dtype D>
using type_of_t = typename detail::type_of_dtype<D>::type;

/// NumPy's np.result_type over element types; `nd::weak<T>` marks a weak (Python-scalar-like) argument.
template <class... Ts>
using result_type_t = type_of_t<detail::promoted_dtype<Ts...>()>;

/// The promoted type of algorithm operands (arrays and lazy maps strong, C++ scalars weak).
template <class... Xs>
using operand_result_t = result_type_t<typename detail::operand_promo<Xs>::type...>;

/// Run-time np.result_type over dtypes, `nweak` of which (the last ones) are weak.
constexpr dtype result_type(const dtype* ds, int n, int nweak = 0) {
  detail::promotion_state s{};
  for (int i = 0; i < n; ++i) s = i < n - nweak ? detail::add_strong(s, ds[i]) : detail::add_weak(s, ds[i]);
  return detail::finish(s);
}

} // namespace nd
