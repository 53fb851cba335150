// ndthrust/ops/complex.h — real, imag, conj, angle, and astype as a functor.
//
// real/imag of a complex give its real type; of a real they give the value and zero. angle of a real is 0 or π.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

namespace nd::detail {
/// angle's loop: bool in float64 (NumPy's choice), integers in the float loop.
struct angle_loop {
  template <class T>
  using loop = std::conditional_t<std::is_same_v<T, bool>, double, float_loop_t<T>>;
};
} // namespace nd::detail

namespace nd::ops {

NDTHRUST_UFUNC1(real, same_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return a.real();
  else return a;
})
NDTHRUST_UFUNC1(imag, same_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return a.imag();
  else return T(0);
})
NDTHRUST_UFUNC1(conj, int_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::conj(a);
  else return a;
})
using conjugate = conj;
NDTHRUST_UFUNC1(angle, angle_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return ::cuda::std::atan2(a.imag(), a.real());
  else return ::cuda::std::atan2(T(0), a);
})

/// Conversion to T as NumPy's astype does it (unsafe casting).
template <class T>
using astype = detail::convert_fn<T>;

} // namespace nd::ops
