// ndthrust/core/dtype.h — the element types an array may hold, and their NumPy names.
#pragma once

#include <thrust/complex.h>

#include <cstdint>
#include <type_traits>

namespace nd {

using complex64  = thrust::complex<float>;
using complex128 = thrust::complex<double>;

/// Runtime tag of an element type (used by files, printing and error messages).
enum class dtype : int {
  bool_,
  int8,
  int16,
  int32,
  int64,
  uint8,
  uint16,
  uint32,
  uint64,
  float32,
  float64,
  complex64,
  complex128,
};

namespace detail {
template <class T>
struct dtype_of_impl;
#define NDTHRUST_DTYPE(T, tag, nm, kind_)                                                                              \
  template <>                                                                                                          \
  struct dtype_of_impl<T> {                                                                                            \
    static constexpr dtype value     = dtype::tag;                                                                     \
    static constexpr const char* name = nm;                                                                            \
    static constexpr char kind        = kind_;                                                                         \
  };
NDTHRUST_DTYPE(bool, bool_, "bool", 'b')
NDTHRUST_DTYPE(std::int8_t, int8, "int8", 'i')
NDTHRUST_DTYPE(std::int16_t, int16, "int16", 'i')
NDTHRUST_DTYPE(std::int32_t, int32, "int32", 'i')
NDTHRUST_DTYPE(std::int64_t, int64, "int64", 'i')
NDTHRUST_DTYPE(std::uint8_t, uint8, "uint8", 'u')
NDTHRUST_DTYPE(std::uint16_t, uint16, "uint16", 'u')
NDTHRUST_DTYPE(std::uint32_t, uint32, "uint32", 'u')
NDTHRUST_DTYPE(std::uint64_t, uint64, "uint64", 'u')
NDTHRUST_DTYPE(float, float32, "float32", 'f')
NDTHRUST_DTYPE(double, float64, "float64", 'f')
NDTHRUST_DTYPE(complex64, complex64, "complex64", 'c')
NDTHRUST_DTYPE(complex128, complex128, "complex128", 'c')
#undef NDTHRUST_DTYPE

// `long long` and `long` are int64 wherever they have its width but are not std::int64_t itself (Linux: int64_t is
// long, so long long is another C++ type of the same dtype, as np.longlong is int64 there). Where the alias is
// int64_t itself the specialisation names an unused type instead.
template <class T>
struct no_alias;
template <class T, class Fixed>
using alias_of_t = std::conditional_t<std::is_same_v<T, Fixed> || sizeof(T) != sizeof(Fixed), no_alias<T>, T>;
template <>
struct dtype_of_impl<alias_of_t<long long, std::int64_t>> : dtype_of_impl<std::int64_t> {};
template <>
struct dtype_of_impl<alias_of_t<unsigned long long, std::uint64_t>> : dtype_of_impl<std::uint64_t> {};
template <>
struct dtype_of_impl<alias_of_t<long, std::int64_t>> : dtype_of_impl<std::int64_t> {};
template <>
struct dtype_of_impl<alias_of_t<unsigned long, std::uint64_t>> : dtype_of_impl<std::uint64_t> {};

template <class T, class = void>
struct is_dtype : std::false_type {};
template <class T>
struct is_dtype<T, std::void_t<decltype(dtype_of_impl<T>::value)>> : std::true_type {};
} // namespace detail

/// True for the element types ndthrust arrays hold: bool, int8–int64, uint8–uint64, float, double, complex64/128,
/// and `long long` / `unsigned long long` (`long` / `unsigned long` where int64_t is long long): int64 / uint64.
template <class T>
inline constexpr bool is_dtype_v = detail::is_dtype<std::remove_cv_t<T>>::value;

template <class T>
inline constexpr dtype dtype_of = detail::dtype_of_impl<std::remove_cv_t<T>>::value;

template <class T>
inline constexpr const char* dtype_name = detail::dtype_of_impl<std::remove_cv_t<T>>::name;

template <class T>
inline constexpr bool is_complex_v = std::is_same_v<T, complex64> || std::is_same_v<T, complex128>;

/// Bytes per element of a runtime dtype.
constexpr int itemsize(dtype d) {
  switch (d) {
  case dtype::bool_:
  case dtype::int8:
  case dtype::uint8: return 1;
  case dtype::int16:
  case dtype::uint16: return 2;
  case dtype::int32:
  case dtype::uint32:
  case dtype::float32: return 4;
  case dtype::int64:
  case dtype::uint64:
  case dtype::float64:
  case dtype::complex64: return 8;
  case dtype::complex128: return 16;
  }
  return 0;
}

/// NumPy's name of a runtime dtype ("float64", …).
const char* dtype_str(dtype d);

} // namespace nd
