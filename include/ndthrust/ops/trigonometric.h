// ndthrust/ops/trigonometric.h — sin … arctanh, arctan2, hypot, deg2rad, rad2deg.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

/// A unary float-loop functor over cuda::std::f (reals) and thrust::f (complex).
#define NDTHRUST_UFUNC_MATH(name, f)                                                                                   \
  NDTHRUST_UFUNC1(name, float_loop, accepts_all, {                                                                     \
    if constexpr (is_complex_v<T>) return thrust::f(a);                                                                \
    else return ::cuda::std::f(a);                                                                                     \
  })

namespace nd::ops {

NDTHRUST_UFUNC_MATH(sin, sin)
NDTHRUST_UFUNC_MATH(cos, cos)
NDTHRUST_UFUNC_MATH(tan, tan)
NDTHRUST_UFUNC_MATH(arcsin, asin)
NDTHRUST_UFUNC_MATH(arccos, acos)
NDTHRUST_UFUNC_MATH(arctan, atan)
NDTHRUST_UFUNC_MATH(sinh, sinh)
NDTHRUST_UFUNC_MATH(cosh, cosh)
NDTHRUST_UFUNC_MATH(tanh, tanh)
NDTHRUST_UFUNC_MATH(arcsinh, asinh)
NDTHRUST_UFUNC_MATH(arccosh, acosh)
NDTHRUST_UFUNC_MATH(arctanh, atanh)
NDTHRUST_UFUNC2(arctan2, float_loop, accepts_noncomplex, { return ::cuda::std::atan2(a, b); })
NDTHRUST_UFUNC2(hypot, float_loop, accepts_noncomplex, { return ::cuda::std::hypot(a, b); })
NDTHRUST_UFUNC1(deg2rad, float_loop, accepts_noncomplex, { return a * T(0.0174532925199432957692369076848861271); })
NDTHRUST_UFUNC1(rad2deg, float_loop, accepts_noncomplex, { return a * T(57.2957795130823208767981548141051703); })
using radians = deg2rad;
using degrees = rad2deg;

} // namespace nd::ops

#undef NDTHRUST_UFUNC_MATH
