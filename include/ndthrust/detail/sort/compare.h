// ndthrust/detail/sort/compare.h — NumPy's ordering (NaN after every number) and the functors the sorts share.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/index.h>

#include <cstdint>
#include <type_traits>

namespace nd::detail {

/// a < b with NaN greater than everything (NumPy's sort order); NaNs compare equal to each other.
template <class T>
struct nan_less {
  NDTHRUST_HD bool operator()(const T& a, const T& b) const {
    if constexpr (std::is_floating_point_v<T>) return a < b || (b != b && a == a);
    else return a < b;
  }
};

/// Equality of neighbours in a sorted run; NaNs form one group when `equal_nan` (np.unique's default).
template <class T>
struct group_equal {
  bool equal_nan;
  NDTHRUST_HD bool operator()(const T& a, const T& b) const {
    if constexpr (std::is_floating_point_v<T>) return a == b || (equal_nan && a != a && b != b);
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
