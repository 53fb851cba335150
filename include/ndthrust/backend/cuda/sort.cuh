// ndthrust/backend/cuda/sort.cuh — CUDA paths of the sorts.
//
// - One segment (a whole array, or axis=None): thrust::sort / thrust::stable_sort_by_key on raw pointers, which
//   Thrust runs as a CUB radix sort for arithmetic keys — the same call a user would write.
// - Several segments (lines along the last axis; other axes are moved there first): cub::DeviceSegmentedSort's
//   stable sorts, segment offsets computed on the fly.
// Radix sorts order floats by bit pattern, so float keys are first mapped through radix_key (every NaN → +NaN,
// last, as in NumPy). Host policies take the portable path.
#pragma once

#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/detail/sort/generic.h>

#include <cub/device/device_segmented_sort.cuh>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/tabulate.h>
#include <thrust/transform.h>

#include <cuda_runtime.h>

namespace nd::backend {

namespace cuda {
/// Device buffer from the pool, freed on the stream when it goes out of scope.
struct scratch {
  void* p = nullptr;
  std::size_t bytes;
  stream_t stream;
  scratch(std::size_t b, stream_t s) : bytes(std::max<std::size_t>(b, 16)), stream(s) {
    p = nd::detail::device_allocate(bytes, stream);
  }
  ~scratch() { nd::detail::device_deallocate(p, bytes, stream); }
  scratch(const scratch&)            = delete;
  scratch& operator=(const scratch&) = delete;
};

template <class T>
void segmented_sort(stream_t stream, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  const index_t n = nseg * len;
  auto begins     = thrust::make_transform_iterator(thrust::counting_iterator<index_t>(0), nd::detail::segment_start{len});
  auto ends       = begins + 1;
  scratch alt_keys(n * sizeof(T), stream);
  cub::DoubleBuffer<T> kb(keys, static_cast<T*>(alt_keys.p));
  std::size_t bytes = 0;
  if (idx == nullptr) {
    NDTHRUST_CUDA_TRY(cub::DeviceSegmentedSort::StableSortKeys(nullptr, bytes, kb, n, nseg, begins, ends, stream));
    scratch tmp(bytes, stream);
    NDTHRUST_CUDA_TRY(cub::DeviceSegmentedSort::StableSortKeys(tmp.p, bytes, kb, n, nseg, begins, ends, stream));
    if (kb.Current() != keys)
      NDTHRUST_CUDA_TRY(cudaMemcpyAsync(keys, kb.Current(), n * sizeof(T), cudaMemcpyDeviceToDevice, stream));
  } else {
    scratch alt_idx(n * sizeof(std::int64_t), stream);
    cub::DoubleBuffer<std::int64_t> vb(idx, static_cast<std::int64_t*>(alt_idx.p));
    NDTHRUST_CUDA_TRY(
      cub::DeviceSegmentedSort::StableSortPairs(nullptr, bytes, kb, vb, n, nseg, begins, ends, stream));
    scratch tmp(bytes, stream);
    NDTHRUST_CUDA_TRY(cub::DeviceSegmentedSort::StableSortPairs(tmp.p, bytes, kb, vb, n, nseg, begins, ends, stream));
    // Only the indices are the result; the sorted keys are scratch.
    if (vb.Current() != idx)
      NDTHRUST_CUDA_TRY(
        cudaMemcpyAsync(idx, vb.Current(), n * sizeof(std::int64_t), cudaMemcpyDeviceToDevice, stream));
  }
}
} // namespace cuda

/// Sorts `nseg` contiguous segments of `len` keys in place; with `idx`, writes the stable argsort of each segment
/// (the keys are then scratch).
template <class Policy, class T>
void sort_segments(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  if constexpr (!is_device_policy_v<Policy>) {
    nd::detail::generic_sort(policy, keys, idx, nseg, len);
  } else {
    const index_t n = nseg * len;
    if (n == 0) return;
    if constexpr (std::is_floating_point_v<T>) {
      if (idx == nullptr) thrust::transform(policy, keys, keys + n, keys, nd::detail::radix_key<T, false>{});
      else thrust::transform(policy, keys, keys + n, keys, nd::detail::radix_key<T, true>{});
    }
    if (nseg == 1) {
      if (idx == nullptr) {
        thrust::sort(policy, keys, keys + n);
      } else {
        thrust::sequence(policy, idx, idx + n);
        thrust::stable_sort_by_key(policy, keys, keys + n, idx);
      }
      return;
    }
    if (idx != nullptr)
      thrust::tabulate(policy, idx, idx + n, nd::detail::position_in_segment{len});
    cuda::segmented_sort(stream_of(policy), keys, idx, nseg, len);
  }
}

} // namespace nd::backend
