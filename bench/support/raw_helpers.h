// Small pieces the raw baselines share: written the way a Thrust user would write them by hand (index functors
// over a counting iterator, 32-bit index math where the sizes fit), so that "raw" stays a plain-Thrust reference.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/copy.h>
#include <ndthrust/creation.h>

#include "bench_util.h"

#include <benchmark/benchmark.h>
#include <thrust/device_vector.h>
#include <thrust/equal.h>
#include <thrust/execution_policy.h>
#include <thrust/tabulate.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <cub/device/device_segmented_reduce.cuh>
#  include <thrust/sequence.h>
#endif

#include <cstdint>
#include <limits>
#include <string>

namespace ndbench {

#if defined(NDTHRUST_BACKEND_CUDA)
/// Times cub::DeviceSegmentedReduce::Sum of `rows` contiguous rows of `len` elements at x into out, with the int
/// offsets and the temporaries allocated beforehand; returns the description of the baseline.
template <class T>
std::string time_segmented_row_sum(benchmark::State& state, const T* x, T* out, std::int64_t rows, std::int64_t len) {
  thrust::device_vector<int> offsets(static_cast<std::size_t>(rows + 1));
  thrust::sequence(offsets.begin(), offsets.end(), 0, static_cast<int>(len));
  const int* off        = thrust::raw_pointer_cast(offsets.data());
  std::size_t tmp_bytes = 0;
  cub::DeviceSegmentedReduce::Sum(nullptr, tmp_bytes, x, out, static_cast<int>(rows), off, off + 1);
  thrust::device_vector<char> tmp(tmp_bytes);
  void* t = thrust::raw_pointer_cast(tmp.data());
  time_device(state, [&] { cub::DeviceSegmentedReduce::Sum(t, tmp_bytes, x, out, static_cast<int>(rows), off, off + 1); });
  return "cub::DeviceSegmentedReduce::Sum over the rows, preallocated int offsets and temporaries";
}
#endif

template <class T>
T* raw_ptr(thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

/// Element i of the (cols, rows) transpose of the row-major (rows, cols) matrix `src`: the gather a hand-written
/// transposed read does. 32-bit indices, as a user would pick for matrices under 2^32 elements.
template <class T>
struct transposed_at {
  const T* src;
  std::uint32_t rows, cols;
  NDTHRUST_HD T operator()(std::uint32_t i) const { return src[(i % rows) * cols + i / rows]; }
};

/// The row of flat index i in rows of `len` elements: the segment key of hand-written segmented operations.
template <class I>
struct row_of {
  I len;
  NDTHRUST_HD I operator()(I i) const { return i / len; }
};

/// Small integers 0..15 scattered by a multiplicative hash of the index: sums and scans of them are exact in any
/// order, and a misplaced index changes the result, so raw baselines can be checked against ndthrust exactly.
template <class T>
struct small_ints {
  NDTHRUST_HD T operator()(nd::index_t i) const {
    return static_cast<T>((static_cast<std::uint32_t>(i) * 0x9E3779B1u) >> 28);
  }
};
/// A device array of `shape` holding small_ints: the input of a raw baseline (through .raw()) and of its check.
template <class T>
nd::device_array<T> small_ints_array(const nd::shape_t& shape) {
  auto a = nd::empty<T>(nd::device, shape);
  thrust::tabulate(thrust::device, a.raw(), a.raw() + a.size(), small_ints<T>{});
  return a;
}

/// After the timing: fails the case when the raw baseline's output `got` (expect.size() values) differs from
/// ndthrust's result `expect`, so that a baseline doing another job cannot pass unseen.
template <class T, class S>
void check_same(benchmark::State& state, const T* got, const nd::array<T, S>& expect) {
  auto e = nd::ascontiguousarray(nd::device, expect);
  if (!thrust::equal(thrust::device, got, got + e.size(), e.raw()))
    state.SkipWithError("the raw baseline's result differs from ndthrust's");
}

/// Whether 32-bit index math covers `n` elements; otherwise the case is skipped with a message.
inline bool fits_u32(benchmark::State& state, std::int64_t n) {
  if (n < static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())) return true;
  state.SkipWithError("the raw baseline uses 32-bit indices; this size needs 64");
  return false;
}

#if defined(NDTHRUST_BACKEND_CUDA)
template <int = 0>
__global__ void empty_kernel() {}
/// The floor under every small call, measured beside it: an empty kernel launch on the default stream.
inline void launch_floor(benchmark::State& state) {
  time_calls(state, [] { empty_kernel<><<<1, 256>>>(); });
  report(state, "-", "an empty <<<1, 256>>> kernel launch (the launch floor)");
}
#endif

} // namespace ndbench
