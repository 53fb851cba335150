// ndthrust/detail/sort/count.h — counting into bins (bincount, histogram) and the min/max they size from.
//
// Counts go through cuda::atomic_ref, which is a device atomic under nvcc and a host atomic under g++: one functor
// serves both backends.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/array.h>
#include <ndthrust/detail/sort/compare.h>

#include <cuda/atomic>
#include <thrust/pair.h>
#include <thrust/tuple.h>
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

/// counts[bin] += w, atomically; complex weights add their two parts.
template <class R>
NDTHRUST_HD void add_weight(R* counts, std::int64_t bin, R w) {
  if constexpr (is_complex_v<R>) {
    using V = typename R::value_type;
    V* parts = reinterpret_cast<V*>(counts + bin); // thrust::complex is laid out as {real, imag}
    add_weight(parts, 0, w.real());
    add_weight(parts, 1, w.imag());
  } else {
    cuda::atomic_ref<R, cuda::thread_scope_device> c(counts[bin]);
    c.fetch_add(w, cuda::std::memory_order_relaxed);
  }
}

template <class T>
struct bincount_fn {
  std::int64_t* counts;
  NDTHRUST_HD void operator()(T v) const { count_one(counts, static_cast<std::int64_t>(v)); }
};

/// bincount with weights: (value, weight) pairs, summed in float64.
template <class T, class W>
struct bincount_weight_fn {
  double* counts;
  template <class Tuple>
  NDTHRUST_HD void operator()(const Tuple& t) const {
    add_weight(counts, static_cast<std::int64_t>(thrust::get<0>(t)), static_cast<double>(thrust::get<1>(t)));
  }
};

/// NumPy's equal-width binning: the bin from the scaled offset, corrected by one against the actual edges; values
/// outside [lo, hi] (and NaN) are skipped (-1); hi itself falls in the last bin.
struct uniform_bin_fn {
  const double* edges;
  double lo, hi;
  index_t bins;
  NDTHRUST_HD std::int64_t operator()(double x) const {
    if (!(x >= lo && x <= hi)) return -1;
    auto i = static_cast<std::int64_t>((x - lo) * (static_cast<double>(bins) / (hi - lo)));
    if (i == bins) --i;
    if (x < edges[i]) --i;
    else if (x >= edges[i + 1] && i != bins - 1) ++i;
    return i;
  }
};

/// Explicit edges e[0..bins]: NumPy counts bin i as searchsorted(e[i + 1], 'left') - searchsorted(e[i], 'left')
/// over the sorted data (NaN last), the last bin up to searchsorted(e[bins], 'right'). So x falls in the bin before
/// the first edge greater than x (duplicate edges: the last of them), in the last bin when equal to the last edge,
/// and in none otherwise (-1). NaN compares as in nd::sort: counted only when the last edge is NaN, as in NumPy.
struct edge_bin_fn {
  const double* edges;
  index_t bins;
  NDTHRUST_HD std::int64_t operator()(double x) const {
    const nan_less<double> less;
    index_t lo = 0, hi = bins + 1; // upper bound: the first edge greater than x
    while (lo < hi) {
      const index_t mid = lo + (hi - lo) / 2;
      if (less(x, edges[mid])) hi = mid;
      else lo = mid + 1;
    }
    if (lo == 0) return -1;
    if (lo <= bins) return lo - 1;
    return less(edges[bins], x) ? -1 : bins - 1;
  }
};

/// Counts each value of `a` into its bin (Bin returns -1 for values outside the bins).
template <class T, class Bin>
struct histogram_fn {
  std::int64_t* counts;
  Bin bin;
  NDTHRUST_HD void operator()(T v) const {
    const std::int64_t i = bin(static_cast<double>(v));
    if (i >= 0) count_one(counts, i);
  }
};

/// Adds each (value, weight) pair's weight to its value's bin, in R (float64 or complex128).
template <class R, class Bin>
struct histogram_weight_fn {
  R* counts;
  Bin bin;
  template <class Tuple>
  NDTHRUST_HD void operator()(const Tuple& t) const {
    const std::int64_t i = bin(static_cast<double>(thrust::get<0>(t)));
    if (i >= 0) add_weight(counts, i, static_cast<R>(thrust::get<1>(t)));
  }
};

/// density: counts[i] / (edges[i + 1] - edges[i]) / total[0], NumPy's n / db / n.sum() in that order.
template <class R>
struct density_fn {
  const R* counts;
  const double* edges;
  const R* total; // on the device: the last element of the counts' inclusive scan
  R* out;
  NDTHRUST_HD void operator()(index_t i) const { out[i] = counts[i] / (edges[i + 1] - edges[i]) / *total; }
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
