// ndthrust/ops/exponential.h — sqrt, cbrt, exp, exp2, expm1, log, log2, log10, log1p, logaddexp(2).
//
// Integer and bool inputs compute in NumPy's float loop (detail::float_loop_t); complex inputs use thrust::complex.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

namespace nd::detail {

/// ln 2 in T's real type (a function: a variable template would not be usable in device code by reference).
template <class T>
NDTHRUST_HD constexpr typename real_of<T>::type ln2() {
  return typename real_of<T>::type(0.693147180559945309417232121458176568);
}

/// NumPy's complex expm1: exp(z) - 1 without cancellation in the real part.
template <class C>
NDTHRUST_HD C complex_expm1(C z) {
  using R = typename C::value_type;
  R x = z.real(), y = z.imag();
  R s = ::cuda::std::sin(y / R(2));
  return C(::cuda::std::expm1(x) * ::cuda::std::cos(y) - R(2) * s * s, ::cuda::std::exp(x) * ::cuda::std::sin(y));
}
/// NumPy's complex log1p: log|1 + z| + i arg(1 + z).
template <class C>
NDTHRUST_HD C complex_log1p(C z) {
  using R = typename C::value_type;
  R x = z.real() + R(1), y = z.imag();
  return C(::cuda::std::log(::cuda::std::hypot(x, y)), ::cuda::std::atan2(y, x));
}

/// log1p(e^x) or, in base 2, log2(1 + 2^x).
template <bool Base2, class T>
NDTHRUST_HD T log1p_exp(T x) {
  if constexpr (Base2) return ::cuda::std::log1p(::cuda::std::exp2(x)) / ln2<T>();
  else return ::cuda::std::log1p(::cuda::std::exp(x));
}
/// NumPy's logaddexp(2): log(e^a + e^b) without overflow; equal infinities stay exact.
template <bool Base2, class T>
NDTHRUST_HD T logaddexp(T a, T b) {
  if (a == b) return a + (Base2 ? T(1) : ln2<T>());
  T d = a - b;
  if (d > T(0)) return a + log1p_exp<Base2>(-d);
  if (d <= T(0)) return b + log1p_exp<Base2>(d);
  return d; // NaN
}

} // namespace nd::detail

namespace nd::ops {

NDTHRUST_UFUNC1(sqrt, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::sqrt(a);
  else return ::cuda::std::sqrt(a);
})
NDTHRUST_UFUNC1(cbrt, float_loop, accepts_noncomplex, { return ::cuda::std::cbrt(a); })
NDTHRUST_UFUNC1(exp, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::exp(a);
  else return ::cuda::std::exp(a);
})
NDTHRUST_UFUNC1(exp2, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::exp(a * detail::ln2<T>());
  else return ::cuda::std::exp2(a);
})
NDTHRUST_UFUNC1(expm1, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return detail::complex_expm1(a);
  else return ::cuda::std::expm1(a);
})
NDTHRUST_UFUNC1(log, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::log(a);
  else return ::cuda::std::log(a);
})
NDTHRUST_UFUNC1(log2, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::log(a) / detail::ln2<T>();
  else return ::cuda::std::log2(a);
})
NDTHRUST_UFUNC1(log10, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return thrust::log10(a);
  else return ::cuda::std::log10(a);
})
NDTHRUST_UFUNC1(log1p, float_loop, accepts_all, {
  if constexpr (is_complex_v<T>) return detail::complex_log1p(a);
  else return ::cuda::std::log1p(a);
})
NDTHRUST_UFUNC2(logaddexp, float_loop, accepts_noncomplex, { return detail::logaddexp<false>(a, b); })
NDTHRUST_UFUNC2(logaddexp2, float_loop, accepts_noncomplex, { return detail::logaddexp<true>(a, b); })

} // namespace nd::ops
