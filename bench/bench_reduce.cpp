// Benchmarks of reductions and scans, each ndthrust case next to the raw Thrust / CUB call doing the same job
// ("<family>/<case>/<variant>", see support/bench_util.h). Bytes are the bytes read (and written, for scans);
// copy_bw_pct compares them with the measured device copy bandwidth.
#include <ndthrust/config.h>

#include <ndthrust/ndthrust.h>
#include <ndthrust/reduce.h>
#include <ndthrust/scan.h>

#include "support/bench_util.h"

#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <cub/device/device_reduce.cuh>
#endif

#include <string>

namespace {

using namespace ndbench;
using nd::index_t;

index_t big_n() { return by_backend<index_t>(1'000'000'000, 10'000'000); }
nd::shape_t cube() { return by_backend<nd::shape_t>({1000, 1000, 1000}, {200, 200, 200}); }
constexpr index_t small_n = 1000;

std::string size_1d(index_t n, const char* dt) { return std::to_string(n) + " " + dt; }
std::string size_cube(const char* dt) {
  auto s = cube();
  return std::to_string(s[0]) + "x" + std::to_string(s[1]) + "x" + std::to_string(s[2]) + " " + dt;
}

// --- sum of 1e9 f64 -------------------------------------------------------------------------------------------------

void sum_nd(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, n * sizeof(double))) return;
  auto a = nd::full<double>(nd::device, {n}, 1.0);
  time_device(state, [&] { benchmark::DoNotOptimize(nd::sum(nd::device, a).raw()); });
  report(state, size_1d(n, "f64"), "nd::sum(x) into a 0-d device array", n * 8.0);
}
void sum_raw(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, n * sizeof(double))) return;
  thrust::device_vector<double> v(static_cast<std::size_t>(n), 1.0);
  time_device(state, [&] { benchmark::DoNotOptimize(thrust::reduce(thrust::device, v.begin(), v.end(), 0.0)); });
  report(state, size_1d(n, "f64"), "thrust::reduce (returns a host scalar)", n * 8.0);
}
#if defined(NDTHRUST_BACKEND_CUDA)
void sum_raw_cub(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, n * sizeof(double))) return;
  thrust::device_vector<double> v(static_cast<std::size_t>(n), 1.0), out(1);
  std::size_t bytes = 0;
  const double* in  = thrust::raw_pointer_cast(v.data());
  double* o         = thrust::raw_pointer_cast(out.data());
  cub::DeviceReduce::Sum(nullptr, bytes, in, o, n);
  thrust::device_vector<char> tmp(bytes);
  time_device(state, [&] { cub::DeviceReduce::Sum(thrust::raw_pointer_cast(tmp.data()), bytes, in, o, n); });
  report(state, size_1d(n, "f64"), "cub::DeviceReduce::Sum, preallocated temporaries", n * 8.0);
}
#endif

// --- sum over one axis of a 1000^3 f64 cube -------------------------------------------------------------------------

void sum_axis_nd(benchmark::State& state, int axis) {
  const auto shape = cube();
  const double bytes = nd::shape_size(shape) * 8.0;
  if (!reserve_device_memory(state, static_cast<std::size_t>(bytes * 1.01))) return;
  auto a = nd::full<double>(nd::device, shape, 1.0);
  time_device(state, [&] { benchmark::DoNotOptimize(nd::sum(nd::device, a, axis).raw()); });
  report(state, size_cube("f64"), "nd::sum(x, axis=" + std::to_string(axis) + ")", bytes);
}
void copy_cube_raw(benchmark::State& state) {
  const auto shape = cube();
  const double bytes = nd::shape_size(shape) * 8.0;
  if (!reserve_device_memory(state, static_cast<std::size_t>(2 * bytes))) return;
  auto a = nd::full<double>(nd::device, shape, 1.0);
  auto b = nd::empty<double>(nd::device, shape);
  time_device(state, [&] { nd::copyto(nd::device, b, a); });
  report(state, size_cube("f64"), "contiguous copy of the same array (the bandwidth reference)", 2 * bytes);
}

// --- scans ----------------------------------------------------------------------------------------------------------

void cumsum_nd(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, 2 * n * sizeof(double))) return;
  auto a = nd::full<double>(nd::device, {n}, 1.0);
  time_device(state, [&] { benchmark::DoNotOptimize(nd::cumsum(nd::device, a).raw()); });
  report(state, size_1d(n, "f64"), "nd::cumsum(x) into a new array", n * 16.0);
}
void cumsum_raw(benchmark::State& state) {
  const index_t n = big_n();
  if (!reserve_device_memory(state, 2 * n * sizeof(double))) return;
  thrust::device_vector<double> v(static_cast<std::size_t>(n), 1.0), out(static_cast<std::size_t>(n));
  time_device(state, [&] { thrust::inclusive_scan(thrust::device, v.begin(), v.end(), out.begin()); });
  report(state, size_1d(n, "f64"), "thrust::inclusive_scan into a preallocated vector", n * 16.0);
}
void cumsum_axis0_nd(benchmark::State& state) {
  const auto shape   = cube();
  const double bytes = nd::shape_size(shape) * 8.0;
  if (!reserve_device_memory(state, static_cast<std::size_t>(2 * bytes))) return;
  auto a = nd::full<double>(nd::device, shape, 1.0);
  time_device(state, [&] { benchmark::DoNotOptimize(nd::cumsum(nd::device, a, 0).raw()); });
  report(state, size_cube("f64"), "nd::cumsum(x, axis=0) into a new array", 2 * bytes);
}

// --- small sums: per-call cost ----------------------------------------------------------------------------------------

void small_sum_nd_device(benchmark::State& state) {
  auto a = nd::full<float>(nd::device, {small_n}, 1.0f);
  time_calls(state, [&] { benchmark::DoNotOptimize(nd::sum(nd::device, a).raw()); });
  report(state, size_1d(small_n, "f32"), "nd::sum(x) into a 0-d device array, no sync per call");
}
void small_sum_nd_host(benchmark::State& state) {
  auto a = nd::full<float>(nd::device, {small_n}, 1.0f);
  time_calls(state, [&] { benchmark::DoNotOptimize(nd::item(nd::sum<float>(nd::device, a))); });
  report(state, size_1d(small_n, "f32"), "nd::item(nd::sum(x)): host scalar, one sync per call");
}
void small_sum_raw(benchmark::State& state) {
  thrust::device_vector<float> v(small_n, 1.0f);
  time_calls(state, [&] { benchmark::DoNotOptimize(thrust::reduce(thrust::device, v.begin(), v.end(), 0.0f)); });
  report(state, size_1d(small_n, "f32"), "thrust::reduce: host scalar, syncs");
}

const bool registered = [] {
  using benchmark::kMicrosecond;
  using benchmark::kMillisecond;
  add("reduce/sum_f64/nd", sum_nd, kMillisecond);
  add("reduce/sum_f64/raw", sum_raw, kMillisecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add("reduce/sum_f64/raw_cub", sum_raw_cub, kMillisecond);
#endif
  for (int ax = 0; ax < 3; ++ax)
    add("reduce/sum_axis" + std::to_string(ax) + "_f64/nd", [ax](benchmark::State& s) { sum_axis_nd(s, ax); },
        kMillisecond);
  add("reduce/sum_axis_f64/raw_copy", copy_cube_raw, kMillisecond);
  add("reduce/cumsum_f64/nd", cumsum_nd, kMillisecond);
  add("reduce/cumsum_f64/raw", cumsum_raw, kMillisecond);
  add("reduce/cumsum_axis0_f64/nd", cumsum_axis0_nd, kMillisecond);
  add("reduce/cumsum_axis0_f64/raw_copy", copy_cube_raw, kMillisecond);
  add("reduce/small_sum_f32/nd_device", small_sum_nd_device, kMicrosecond);
  add("reduce/small_sum_f32/nd_host", small_sum_nd_host, kMicrosecond);
  add("reduce/small_sum_f32/raw", small_sum_raw, kMicrosecond);
  return true;
}();

} // namespace
