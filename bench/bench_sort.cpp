// Benchmarks of sorting, each ndthrust case next to the raw Thrust call doing the same job
// ("<family>/<case>/<variant>", see support/bench_util.h). nd::sort returns a new array, so every raw baseline
// copies the input into a preallocated vector first and sorts that — the same work, minus ndthrust's allocation.
// Bytes are the key bytes sorted (not a bandwidth bound: radix sorts make several passes), reported without the
// copy-bandwidth share.
#include <ndthrust/config.h>

#include <ndthrust/ndthrust.h>
#include <ndthrust/sort.h>

#include "support/bench_util.h"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/tabulate.h>

#include <cstdint>
#include <string>

namespace {

using namespace ndbench;
using nd::index_t;

index_t big_n() { return by_backend<index_t>(100'000'000, 2'000'000); }
index_t rows() { return by_backend<index_t>(10'000, 1'000); }

std::string size_1d(index_t n, const char* dt) { return std::to_string(n) + " " + dt; }

/// Reproducible pseudo-random floats in [-1, 1) from the element index.
struct hash_float {
  NDTHRUST_HD float operator()(index_t i) const {
    auto x = static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ull;
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return static_cast<float>(x >> 40) * (2.0f / 16777216.0f) - 1.0f;
  }
};

nd::device_array<float> random_f32(const nd::shape_t& shape) {
  auto a = nd::empty<float>(nd::device, shape);
  thrust::tabulate(nd::device, a.data(), a.data() + a.size(), hash_float{});
  return a;
}

// --- sort and argsort of 1e8 f32 --------------------------------------------------------------------------------------

void sort_nd(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, 4 * n * sizeof(float))) return;
  auto a = random_f32({n});
  time_device(state, [&] { benchmark::DoNotOptimize(nd::sort(nd::device, a).raw()); });
  report(state, size_1d(n, "f32"), "nd::sort(x) into a new array", n * 4.0, false);
}
void sort_raw(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, 4 * n * sizeof(float))) return;
  auto a = random_f32({n});
  thrust::device_vector<float> v(static_cast<std::size_t>(n));
  time_device(state, [&] {
    thrust::copy_n(thrust::device, a.data(), n, v.begin());
    thrust::sort(thrust::device, v.begin(), v.end());
  });
  report(state, size_1d(n, "f32"), "thrust::copy + thrust::sort into a preallocated vector", n * 4.0, false);
}
void argsort_nd(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, 8 * n * sizeof(float))) return;
  auto a = random_f32({n});
  time_device(state, [&] { benchmark::DoNotOptimize(nd::argsort(nd::device, a).raw()); });
  report(state, size_1d(n, "f32"), "nd::argsort(x): int64 indices, stable", n * 4.0, false);
}
void argsort_raw(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, 8 * n * sizeof(float))) return;
  auto a = random_f32({n});
  thrust::device_vector<float> k(static_cast<std::size_t>(n));
  thrust::device_vector<std::int64_t> idx(static_cast<std::size_t>(n));
  time_device(state, [&] {
    thrust::copy_n(thrust::device, a.data(), n, k.begin());
    thrust::sequence(thrust::device, idx.begin(), idx.end());
    thrust::stable_sort_by_key(thrust::device, k.begin(), k.end(), idx.begin());
  });
  report(state, size_1d(n, "f32"), "thrust::copy + sequence + stable_sort_by_key (int64 values)", n * 4.0, false);
}

// --- sort along an axis of a rows x rows f32 matrix ---------------------------------------------------------------

void sort_axis_nd(benchmark::State& state, int axis) {
  const index_t r = rows();
  if (!reserve_device_memory(state, 6 * r * r * sizeof(float))) return;
  auto a = random_f32({r, r});
  time_device(state, [&] { benchmark::DoNotOptimize(nd::sort(nd::device, a, axis).raw()); });
  report(state, std::to_string(r) + "x" + std::to_string(r) + " f32",
         "nd::sort(x, axis=" + std::to_string(axis) + ")", r * r * 4.0, false);
}

const bool registered = [] {
  using benchmark::kMillisecond;
  add("sort/sort_f32/nd", sort_nd, kMillisecond);
  add("sort/sort_f32/raw", sort_raw, kMillisecond);
  add("sort/argsort_f32/nd", argsort_nd, kMillisecond);
  add("sort/argsort_f32/raw", argsort_raw, kMillisecond);
  for (int ax : {1, 0})
    add("sort/sort_axis" + std::to_string(ax) + "_f32/nd", [ax](benchmark::State& s) { sort_axis_nd(s, ax); },
        kMillisecond);
  return true;
}();

} // namespace
