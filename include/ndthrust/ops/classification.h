// ndthrust/ops/classification.h — isnan, isinf, isfinite, signbit, copysign, nextafter.
//
// Integers are finite and never NaN; a complex number is NaN / infinite when either part is.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

namespace nd::ops {

NDTHRUST_UFUNC1(isnan, same_loop, accepts_all, { return detail::is_nan(a); })
NDTHRUST_UFUNC1(isinf, same_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return ::cuda::std::isinf(a.real()) || ::cuda::std::isinf(a.imag());
  else if constexpr (detail::is_real_v<T>) return ::cuda::std::isinf(a);
  else return false;
})
NDTHRUST_UFUNC1(isfinite, same_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return ::cuda::std::isfinite(a.real()) && ::cuda::std::isfinite(a.imag());
  else if constexpr (detail::is_real_v<T>) return ::cuda::std::isfinite(a);
  else return true;
})
NDTHRUST_UFUNC1(signbit, float_loop, accepts_noncomplex, { return static_cast<bool>(::cuda::std::signbit(a)); })
NDTHRUST_UFUNC2(copysign, float_loop, accepts_noncomplex, { return ::cuda::std::copysign(a, b); })
NDTHRUST_UFUNC2(nextafter, float_loop, accepts_noncomplex, { return ::cuda::std::nextafter(a, b); })

} // namespace nd::ops
