// Benchmarks of reductions and scans, each ndthrust case next to the raw Thrust / CUB call doing the same job
// ("<family>/<case>/<variant>", see support/bench_util.h). Bytes are the bytes read (and written, for scans);
// copy_bw_pct compares them with the measured device copy bandwidth.
#include <ndthrust/config.h>

#include <ndthrust/ndthrust.h>
#include <ndthrust/reduce.h>
#include <ndthrust/scan.h>

#include "support/bench_util.h"
#include "support/raw_helpers.h"

#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#include <thrust/transform.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <cub/device/device_reduce.cuh>
#  include <cub/device/device_segmented_reduce.cuh>
#  include <thrust/sequence.h>
#else
#  include <thrust/iterator/discard_iterator.h>
#  include <thrust/iterator/transform_iterator.h>
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
/// The cube as (outer, len, inner) around the reduced axis: len = shape[axis], inner = the elements after it.
struct axis_walk {
  index_t outer, len, inner;
  explicit axis_walk(int axis) : outer(1), len(cube()[axis]), inner(1) {
    for (int d = 0; d < axis; ++d) outer *= cube()[d];
    for (int d = axis + 1; d < 3; ++d) inner *= cube()[d];
  }
};
/// Output o sums its column: x[(o / inner) * len * inner + o % inner + j * inner] for j < len.
struct column_sum {
  const double* x;
  index_t len, inner;
  NDTHRUST_HD double operator()(index_t o) const {
    const double* p = x + (o / inner) * len * inner + o % inner;
    double s        = 0;
    for (index_t j = 0; j < len; ++j) s += p[j * inner];
    return s;
  }
};

/// The hand-written sum over one axis: a segmented reduction over rows for the contiguous axis, else one thread
/// per output summing its strided column (coalesced across neighbouring outputs).
void sum_axis_raw(benchmark::State& state, int axis) {
  const auto shape   = cube();
  const double bytes = nd::shape_size(shape) * 8.0;
  if (!reserve_device_memory(state, static_cast<std::size_t>(bytes * 1.01))) return;
  const axis_walk w(axis);
  const index_t outputs = w.outer * w.inner;
  auto v = small_ints_array<double>(shape);
  thrust::device_vector<double> out(static_cast<std::size_t>(outputs));
  const double* x = v.raw();
  std::string what;
  if (w.inner == 1) {
#if defined(NDTHRUST_BACKEND_CUDA)
    what = time_segmented_row_sum(state, x, raw_ptr(out), w.outer, w.len);
#else
    auto keys = thrust::make_transform_iterator(thrust::counting_iterator<index_t>(0), row_of<index_t>{w.len});
    time_device(state, [&] {
      thrust::reduce_by_key(thrust::device, keys, keys + v.size(), x, thrust::make_discard_iterator(), out.begin());
    });
    what = "thrust::reduce_by_key with row keys i / len (CUB's segmented reduce on CUDA)";
#endif
  } else {
    thrust::counting_iterator<index_t> o0(0);
    time_device(state, [&] {
      thrust::transform(thrust::device, o0, o0 + outputs, out.begin(), column_sum{x, w.len, w.inner});
    });
    what = "thrust::transform over the outputs, each summing its column with stride " + std::to_string(w.inner);
  }
  check_same(state, raw_ptr(out), nd::sum(nd::device, v, axis));
  report(state, size_cube("f64"), what, bytes);
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

/// Output column o scanned down axis 0 by one thread (neighbouring threads read neighbouring addresses).
struct column_cumsum {
  const double* x;
  double* y;
  index_t len, inner;
  NDTHRUST_HD void operator()(index_t o) const {
    double s = 0;
    for (index_t j = 0; j < len; ++j) {
      s += x[o + j * inner];
      y[o + j * inner] = s;
    }
  }
};
void cumsum_axis0_raw(benchmark::State& state) {
  const auto shape   = cube();
  const double bytes = nd::shape_size(shape) * 8.0;
  if (!reserve_device_memory(state, static_cast<std::size_t>(2 * bytes))) return;
  const axis_walk w(0);
  auto v = small_ints_array<double>(shape);
  thrust::device_vector<double> out(static_cast<std::size_t>(w.len * w.inner));
  thrust::counting_iterator<index_t> o0(0);
  time_device(state, [&] {
    thrust::for_each(thrust::device, o0, o0 + w.inner, column_cumsum{v.raw(), raw_ptr(out), w.len, w.inner});
  });
  check_same(state, raw_ptr(out), nd::cumsum(nd::device, v, 0));
  report(state, size_cube("f64"),
         "thrust::for_each over the columns, each scanning its column into a preallocated output",
         2 * bytes);
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
#if defined(NDTHRUST_BACKEND_CUDA)
/// The same small sum as one raw library call into device memory: the floor a library built on CUB starts from.
void small_sum_raw_cub(benchmark::State& state) {
  thrust::device_vector<float> v(small_n, 1.0f), out(1);
  const float* in = thrust::raw_pointer_cast(v.data());
  float* o        = thrust::raw_pointer_cast(out.data());
  std::size_t bytes = 0;
  cub::DeviceReduce::Sum(nullptr, bytes, in, o, static_cast<int>(small_n));
  thrust::device_vector<char> tmp(bytes);
  void* t = thrust::raw_pointer_cast(tmp.data());
  time_calls(state, [&] { cub::DeviceReduce::Sum(t, bytes, in, o, static_cast<int>(small_n)); });
  report(state, size_1d(small_n, "f32"), "cub::DeviceReduce::Sum into device memory, preallocated temporaries, no sync");
}
#endif
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
  for (int ax = 0; ax < 3; ++ax) {
    const std::string c = "reduce/sum_axis" + std::to_string(ax) + "_f64/";
    add(c + "nd", [ax](benchmark::State& s) { sum_axis_nd(s, ax); }, kMillisecond);
    add(c + "raw", [ax](benchmark::State& s) { sum_axis_raw(s, ax); }, kMillisecond);
  }
  add("reduce/sum_axis_f64/raw_copy", copy_cube_raw, kMillisecond);
  add("reduce/cumsum_f64/nd", cumsum_nd, kMillisecond);
  add("reduce/cumsum_f64/raw", cumsum_raw, kMillisecond);
  add("reduce/cumsum_axis0_f64/nd", cumsum_axis0_nd, kMillisecond);
  add("reduce/cumsum_axis0_f64/raw", cumsum_axis0_raw, kMillisecond);
  add("reduce/cumsum_axis0_f64/raw_copy", copy_cube_raw, kMillisecond);
  add("reduce/small_sum_f32/nd_device", small_sum_nd_device, kMicrosecond);
  add("reduce/small_sum_f32/nd_host", small_sum_nd_host, kMicrosecond);
  add("reduce/small_sum_f32/raw", small_sum_raw, kMicrosecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add("reduce/small_sum_f32/raw_cub", small_sum_raw_cub, kMicrosecond);
  add("reduce/small_sum_f32/launch_floor", launch_floor, kMicrosecond);
#endif
  return true;
}();

} // namespace
