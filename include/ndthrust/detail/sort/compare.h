// ndthrust/detail/sort/compare.h — NumPy's ordering (NaN after every number) and the functors the sorts share.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/index.h>
#include <ndthrust/detail/order.h>

#include <cstdint>
#include <type_traits>

namespace nd::detail {

/// Where a complex value falls in NumPy's complex order, which puts every value with a NaN part after every value
/// without: [R + Rj, R + nanj, nan + Rj, nan + nanj] (0 to 3).
template <class T>
NDTHRUST_HD int nan_class(const T& z) {
  return 2 * (z.real() != z.real()) + (z.imag() != z.imag());
}

/// a < b with NaN greater than everything (NumPy's sort order); NaNs compare equal to each other. Complex: NaN class
/// first (nan_class), then (real, imag) lexicographically; the NaN parts of a class compare equal.
template <class T>
struct nan_less {
  NDTHRUST_HD bool operator()(const T& a, const T& b) const {
    if constexpr (is_complex_v<T>) {
      const int ca = nan_class(a), cb = nan_class(b);
      if (ca != cb) return ca < cb;
      // Within a class the NaN parts are all NaN. lex_less orders classes 0, 1 (imag NaN: by real) and 3 (never
      // less) as NumPy does, but its real == real test fails on NaN reals: class 2 compares the imaginary parts.
      if (ca == 2) return a.imag() < b.imag();
      return lex_less(a, b);
    } else if constexpr (std::is_floating_point_v<T>) {
      return a < b || (b != b && a == a);
    } else {
      return a < b;
    }
  }
};

/// Equality of neighbours in a sorted run; NaNs form one group when `equal_nan` (np.unique's default).
template <class T>
struct group_equal {
  bool equal_nan;
  NDTHRUST_HD bool operator()(const T& a, const T& b) const {
    if constexpr (is_complex_v<T>) return a == b || (equal_nan && is_nan(a) && is_nan(b));
    else if constexpr (std::is_floating_point_v<T>) return a == b || (equal_nan && a != a && b != b);
    else return a == b;
  }
};

/// i → i * len: the start offset of segment i.
struct segment_start {
  index_t len;
  NDTHRUST_HD index_t operator()(index_t i) const { return i * len; }
};

/// i → i % len: the position of flat element i in its segment (argsort's initial indices).
struct position_in_segment {
  index_t len;
  NDTHRUST_HD std::int64_t operator()(index_t i) const { return static_cast<std::int64_t>(i % len); }
};

} // namespace nd::detail
