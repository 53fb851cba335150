// ndthrust/detail/sort/generic.h — the portable segmented sorts (host policies, the OpenMP backend).
//
// `nseg` contiguous segments of `len` elements each, sorted in place. One segment is one parallel stable sort;
// several segments run in parallel, each sorted sequentially by one thread.
#pragma once

#include <ndthrust/detail/sort/compare.h>

#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>

namespace nd::detail {

template <class T>
struct segment_sort_fn {
  T* keys;
  std::int64_t* idx; // null: keys only
  index_t len;
  NDTHRUST_HD void operator()(index_t s) const {
    T* k = keys + s * len;
    if (idx == nullptr) {
      thrust::stable_sort(thrust::seq, k, k + len, nan_less<T>{});
    } else {
      std::int64_t* v = idx + s * len;
      for (index_t i = 0; i < len; ++i) v[i] = i;
      thrust::stable_sort_by_key(thrust::seq, k, k + len, v, nan_less<T>{});
    }
  }
};

/// Sorts each segment of `keys`; with `idx`, also writes each element's original position in its segment (stable).
template <class Policy, class T>
void generic_sort(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  if (nseg * len == 0) return;
  if (nseg == 1) {
    if (idx == nullptr) {
      thrust::stable_sort(policy, keys, keys + len, nan_less<T>{});
    } else {
      thrust::sequence(policy, idx, idx + len);
      thrust::stable_sort_by_key(policy, keys, keys + len, idx, nan_less<T>{});
    }
    return;
  }
  thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), nseg, segment_sort_fn<T>{keys, idx, len});
}

} // namespace nd::detail
