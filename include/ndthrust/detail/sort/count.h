// ndthrust/detail/sort/count.h — counting into bins (bincount, histogram) and the min/max they size from.
//
// Counts go through cuda::atomic_ref, which is a device atomic under nvcc and a host atomic under g++: one functor
// serves both backends.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/array.h>

#include <cuda/atomic>
#include <thrust/pair.h>
#include <thrust/transform_reduce.h>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

namespace nd::detail {

NDTHRUST_HD inline void count_one(std::int64_t* counts, std::int64_t bin) {
  cuda::atomic_ref<std::int64_t, cuda::thread_scope_device> c(counts[bin]);
  c.fetch_add(1, cuda::std::memory_order_relaxed);
}

template <class T>
struct bincount_fn {
  std::int64_t* counts;
  NDTHRUST_HD void operator()(T v) const { count_one(counts, static_cast<std::int64_t>(v)); }
};

/// NumPy's equal-width binning: the bin from the scaled offset, corrected by one against the actual edges; values
/// outside [lo, hi] (and NaN) are skipped; hi itself falls in the last bin.
template <class T>
struct histogram_fn {
  std::int64_t* counts;
  const double* edges;
  double lo, hi;
  index_t bins;
  NDTHRUST_HD void operator()(T v) const {
    const double x = static_cast<double>(v);
    if (!(x >= lo && x <= hi)) return;
    auto i = static_cast<std::int64_t>((x - lo) * (static_cast<double>(bins) / (hi - lo)));
    if (i == bins) --i;
    if (x < edges[i]) --i;
    else if (x >= edges[i + 1] && i != bins - 1) ++i;
    count_one(counts, i);
  }
};

template <class T>
struct as_min_max {
  NDTHRUST_HD thrust::pair<T, T> operator()(T v) const { return {v, v}; }
};
/// min and max together; NaN propagates (as NumPy's min and max do).
template <class T>
struct pair_min_max_op {
  NDTHRUST_HD thrust::pair<T, T> operator()(const thrust::pair<T, T>& a, const thrust::pair<T, T>& b) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (a.first != a.first) return a;
      if (b.first != b.first) return b;
    }
    return {b.first < a.first ? b.first : a.first, a.second < b.second ? b.second : a.second};
  }
};

/// (min, max) of the n > 0 elements from `first` (an array's or expression's iterator); returns host values, so it
/// synchronises.
template <class T, class Policy, class It>
std::pair<T, T> host_min_max(const Policy& policy, It first, index_t n) {
  using L = std::numeric_limits<T>;
  thrust::pair<T, T> init(L::has_infinity ? L::infinity() : L::max(), L::has_infinity ? -L::infinity() : L::lowest());
  auto r = thrust::transform_reduce(policy, first, first + n, as_min_max<T>{}, init, pair_min_max_op<T>{});
  return {r.first, r.second};
}

} // namespace nd::detail
