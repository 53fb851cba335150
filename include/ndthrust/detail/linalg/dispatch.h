// ndthrust/detail/linalg/dispatch.h — calls f(T{}) for the dtype's C++ type among the four BLAS types.
#pragma once

#include <ndthrust/core/convert.h>
#include <ndthrust/core/dtype.h>
#include <ndthrust/core/error.h>

#include <string>

namespace nd::detail::linalg {

/// The real type of a BLAS element type (float for complex64, …).
using ::nd::detail::real_of;
template <class T>
using real_of_t = typename real_of<T>::type;

template <class T>
inline constexpr bool is_blas_type_v =
  std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, complex64> || std::is_same_v<T, complex128>;

template <class F>
decltype(auto) dispatch_blas(dtype t, F&& f) {
  switch (t) {
  case dtype::float32: return f(float{});
  case dtype::float64: return f(double{});
  case dtype::complex64: return f(complex64{});
  case dtype::complex128: return f(complex128{});
  default: break;
  }
  throw_dtype_error(std::string("linalg: array type ") + dtype_str(t) + " is unsupported in linalg");
}

} // namespace nd::detail::linalg
