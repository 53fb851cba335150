// ndthrust/backend/cuda/sort.cuh — CUDA paths of the sorts.
//
// Keys are sorted as unsigned integers of the same width: an order-preserving bit map (floats: sign-magnitude to
// two's order, every NaN → the largest key, so NaNs go last as in NumPy; signed integers: the sign bit flipped) is
// applied in place before the sort and undone after. Besides fixing the radix order of NaNs, this keeps nvcc's work
// to three key types (8, 32 and 64 bits) whatever the dtype: CUB's sorts are heavy to instantiate.
// - One segment (a whole array, or axis=None): thrust::sort / thrust::stable_sort_by_key on raw pointers, which
//   Thrust runs as a CUB radix sort — the same call a user would write.
// - Several segments (lines along the last axis; other axes are moved there first): cub::DeviceSegmentedSort's
//   stable sorts, segment offsets computed on the fly.
#pragma once

#include <ndthrust/backend/cuda/scratch.cuh>
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/detail/sort/compare.h>

#include <cub/device/device_segmented_sort.cuh>
#include <thrust/sort.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/tabulate.h>
#include <thrust/for_each.h>
#include <thrust/sequence.h>

#include <cuda_runtime.h>

#include <cstdint>
#include <type_traits>

namespace nd::backend::cuda {

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

/// The unsigned key type of T's width.
template <class T>
using radix_t = std::conditional_t<
  sizeof(T) == 1, std::uint8_t,
  std::conditional_t<sizeof(T) == 2, std::uint16_t, std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;

/// T's bits ↔ an unsigned key in NumPy's order, in place. `Zeros`: -0 becomes +0 (argsort keys, so that ±0 keep input
/// order); NaNs always become the largest key.
template <class T, bool Encode, bool Zeros = false>
struct radix_map {
  using U = radix_t<T>;
  U* k;
  static constexpr U sign = U(1) << (8 * sizeof(U) - 1);
  NDTHRUST_HD void operator()(index_t i) const {
    U b = k[i];
    if constexpr (std::is_floating_point_v<T>) {
      constexpr U exp = std::is_same_v<T, float> ? U(0x7F800000u) : U(0x7FF0000000000000ull);
      if constexpr (Encode) {
        if ((b & ~sign) > exp) b = U(~U(0)) >> 1; // NaN → +NaN, which maps to the largest key
        if (Zeros && b == sign) b = 0;
        b = (b & sign) ? U(~b) : U(b | sign);
      } else {
        b = (b & sign) ? U(b & ~sign) : U(~b);
      }
    } else if constexpr (std::is_signed_v<T>) {
      b ^= sign;
    }
    k[i] = b;
  }
};

template <class T, bool Encode, bool Zeros = false, class Policy>
void remap(const Policy& policy, T* keys, index_t n) {
  if constexpr (std::is_floating_point_v<T> || std::is_signed_v<T>)
    thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                       radix_map<T, Encode, Zeros>{reinterpret_cast<radix_t<T>*>(keys)});
}

/// keys[i] = orig[segment start + idx[i]]: the stable value sort of floats, gathered from the argsort.
template <class T>
struct gather_sorted {
  T* keys;
  const T* orig;
  const std::int64_t* idx;
  index_t len;
  NDTHRUST_HD void operator()(index_t i) const { keys[i] = orig[(i / len) * len + idx[i]]; }
};

template <class Policy, class U>
void sort_bits(const Policy& policy, U* keys, std::int64_t* idx, index_t nseg, index_t len) {
  const index_t n = nseg * len;
  if (nseg == 1) {
    if (idx == nullptr) {
      thrust::sort(policy, keys, keys + n);
    } else {
      thrust::sequence(policy, idx, idx + n);
      thrust::stable_sort_by_key(policy, keys, keys + n, idx);
    }
    return;
  }
  if (idx != nullptr) thrust::tabulate(policy, idx, idx + n, nd::detail::position_in_segment{len});
  segmented_sort(stream_of(policy), keys, idx, nseg, len);
}
/// Sorts `nseg` contiguous segments of `len` keys in place; with `idx`, writes the stable argsort of each segment
/// (the keys are then scratch).
template <class Policy, class T>
void sort_segments(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  const index_t n = nseg * len;
  if (n == 0) return;
  auto* bits = reinterpret_cast<radix_t<T>*>(keys);
  if constexpr (std::is_floating_point_v<T>) {
    if (idx == nullptr) {
      // The radix order puts -0.0 before 0.0, but NumPy's stable sort keeps equal ±0 in input order: argsort on
      // keys with -0 made +0, then gather the original values (their bit patterns) in that order.
      scratch orig(n * sizeof(T), stream_of(policy)), ix(n * sizeof(std::int64_t), stream_of(policy));
      NDTHRUST_CUDA_TRY(
        cudaMemcpyAsync(orig.p, keys, n * sizeof(T), cudaMemcpyDeviceToDevice, stream_of(policy)));
      auto* pos = static_cast<std::int64_t*>(ix.p);
      remap<T, true, true>(policy, keys, n);
      sort_bits(policy, bits, pos, nseg, len);
      thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                         gather_sorted<T>{keys, static_cast<const T*>(orig.p), pos, len});
      return;
    }
  }
  if (idx == nullptr) {
    remap<T, true>(policy, keys, n);
    sort_bits(policy, bits, idx, nseg, len);
    remap<T, false>(policy, keys, n);
  } else {
    remap<T, true, true>(policy, keys, n);
    sort_bits(policy, bits, idx, nseg, len);
  }
}

} // namespace nd::backend::cuda
