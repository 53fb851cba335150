// ndthrust/detail/order.h — NaN and NumPy's order on values, for every dtype, in kernels and on the host: the one
// NaN test and the one lexicographic less of ufuncs, reductions and sorts.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/dtype.h>

#include <type_traits>

namespace nd::detail {

/// Whether x is NaN: integers never are; a complex is when either part is. `x != x` rather than isnan: GCC
/// vectorises the comparison in host loops over many outputs.
template <class T>
NDTHRUST_HD bool is_nan(const T& x) {
  if constexpr (is_complex_v<T>) return x.real() != x.real() || x.imag() != x.imag();
  else if constexpr (std::is_floating_point_v<T>) return x != x;
  else return false;
}

/// NumPy's order on values: complex numbers compare lexicographically on (real, imag).
template <class T>
NDTHRUST_HD bool lex_less(const T& a, const T& b) {
  if constexpr (is_complex_v<T>) return a.real() < b.real() || (a.real() == b.real() && a.imag() < b.imag());
  else return a < b;
}
template <class T>
NDTHRUST_HD bool lex_less_equal(const T& a, const T& b) {
  if constexpr (is_complex_v<T>) return a.real() < b.real() || (a.real() == b.real() && a.imag() <= b.imag());
  else return a <= b;
}

} // namespace nd::detail
