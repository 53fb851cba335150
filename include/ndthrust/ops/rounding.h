// ndthrust/ops/rounding.h — floor, ceil, trunc, rint and round (half to even).
//
// Integers and bool pass through unchanged in floor/ceil/trunc, as in NumPy 2.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

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
