// ndthrust/ops/rounding.h — floor, ceil, trunc, rint and round (half to even), and round's decimals form.
//
// Integers and bool pass through unchanged in floor/ceil/trunc, as in NumPy 2.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

#include <cstdint>

#define NDTHRUST_UFUNC_ROUND(name, f)                                                                                  \
  NDTHRUST_UFUNC1(name, same_loop, accepts_noncomplex, {                                                               \
    if constexpr (detail::is_real_v<T>) return ::cuda::std::f(a);                                                      \
    else return a;                                                                                                     \
  })

namespace nd::detail {
/// Round half to even in the current (default, nearest-even) rounding mode; complex rounds both parts.
template <class T>
NDTHRUST_HD T rint(T a) {
  if constexpr (is_complex_v<T>) return T(::cuda::std::rint(a.real()), ::cuda::std::rint(a.imag()));
  else return ::cuda::std::rint(a);
}
/// numpy.round's loop: bool rounds in the float loop, integers stay.
struct round_loop {
  template <class T>
  using loop = std::conditional_t<std::is_same_v<T, bool>, float_loop_t<T>, T>;
};

/// NumPy's power_of_ten (multiarray/calculation.c) for |decimals|: a table to 1e8, then repeated multiplication,
/// which rounds as NumPy's does beyond 1e22 (and reaches inf past 1e308).
inline double round_scale(long long n) {
  static constexpr double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  if (n < 9) return p10[n];
  double r = 1e9;
  for (; n > 9 && r <= ::cuda::std::numeric_limits<double>::max(); --n) r *= 10.;
  return r;
}

/// NumPy casts the float64 result of an integer round back with C's cast; this is that cast as x86-64 performs it,
/// defined for every double: narrow types take the low bits of a 64-bit conversion, int32 and int64 give their
/// minimum when out of range (NaN included), uint64 gives 0 past 2**64.
template <class T>
NDTHRUST_HD T round_int_cast(double x) {
  constexpr double two63 = 9223372036854775808.0;
  if constexpr (std::is_same_v<T, std::uint64_t>) {
    if (x >= two63) return x < 2 * two63 ? static_cast<T>(x) : T(0);
  }
  const std::int64_t w = (x >= -two63 && x < two63) ? static_cast<std::int64_t>(x) : INT64_MIN;
  if constexpr (sizeof(T) == 4 && std::is_signed_v<T>) {
    return (w >= INT32_MIN && w <= INT32_MAX) ? static_cast<T>(w) : T(INT32_MIN);
  } else {
    return static_cast<T>(static_cast<std::make_unsigned_t<T>>(static_cast<std::uint64_t>(w))); // modular
  }
}

/// numpy.round(a, decimals) for decimals != 0, as NumPy computes it: reals multiply by 10**decimals in their own
/// dtype, rint (half to even), divide (for negative decimals divide first, then multiply); complex rounds both parts;
/// integers with negative decimals go through float64 and back (decimals > 0 leaves them unchanged).
template <class T>
struct round_decimals_fn {
  double scale; // 10**|decimals|
  bool negative;
  template <class R>
  NDTHRUST_HD R real_part(R v) const {
    const R f = static_cast<R>(scale);
    return negative ? ::cuda::std::rint(v / f) * f : ::cuda::std::rint(v * f) / f;
  }
  template <class U>
  NDTHRUST_HD T operator()(const U& u) const {
    const T a = static_cast<T>(u);
    if constexpr (is_complex_v<T>) return T(real_part(a.real()), real_part(a.imag()));
    else if constexpr (is_real_v<T>) return real_part(a);
    else if (!negative) return a;
    else return round_int_cast<T>(real_part(static_cast<double>(a)));
  }
};
} // namespace nd::detail

namespace nd::ops {

NDTHRUST_UFUNC_ROUND(floor, floor)
NDTHRUST_UFUNC_ROUND(ceil, ceil)
NDTHRUST_UFUNC_ROUND(trunc, trunc)
using fix = trunc;
NDTHRUST_UFUNC1(rint, float_loop, accepts_all, { return detail::rint(a); })
/// numpy.round with decimals=0: half to even; integers unchanged.
NDTHRUST_UFUNC1(round, round_loop, accepts_all, {
  if constexpr (detail::is_inexact_v<T>) return detail::rint(a);
  else return a;
})
using around = round;

} // namespace nd::ops

#undef NDTHRUST_UFUNC_ROUND
