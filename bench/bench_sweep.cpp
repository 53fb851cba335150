// The shape sweep of issue 18 ("every shape at bandwidth"): reductions, arg-reductions and scans of tall-skinny,
// short-wide and 3-D arrays, each along each axis, next to a raw baseline (sum) and a copy of the same array.
//
// Cases: "sweep/<op>_<dtype>/<shape>/axis<a>/<variant>", e.g. "sweep/sum_f64/500000x2/axis0/nd"; the copy of each
// (shape, dtype) is "sweep/copy_<dtype>/<shape>/all/raw_copy". bench/peers/reduce_sweep.py times the same cases
// (names without the variant) in PyTorch, CuPy and NumPy and joins them with this binary's JSON (--report).
//   shapes: total sizes 1e6, 1e7 (and 1e8 on CUDA, f32 only) as (n, k) and (k, n), n = size / k, for
//           k in {1, 2, 3, 4, 8, 16, 32, 64, 256, 1024}; 3-D (a, m, b) reduced along the middle axis.
//   ops:    sum f32/f64, max f32, argmax f32, mean f64, var f64, cumsum f32/f64.
//   variants: nd (the ndthrust call); raw for sum (CUB's segmented reduce over contiguous rows on CUDA, else
//           thrust::reduce_by_key over a strided gather; row keys on the host backend); raw_copy.
// Bytes counted: bytes read + bytes written (input and output), so copy_bw_pct is the share of the measured device
// copy bandwidth. Select subsets with --benchmark_filter, e.g. 'sweep/sum_f64/.*' or '/500000x2/'.
// (Google Benchmark appends "/manual_time" to the names.) 1124 cases on CUDA (904 on the host backend); with
// --benchmark_min_time=0.05 the whole binary takes about 3 minutes on an H200 (estimate: ~0.15 s per 1e6 case, where
// per-iteration event overhead dominates, ~0.1 s per 1e7 / 1e8 case), longer by ~2 s for each case still at ~0.5 s.
#include <ndthrust/config.h>

#include <ndthrust/ndthrust.h>
#include <ndthrust/reduce.h>
#include <ndthrust/scan.h>

#include "support/bench_util.h"
#include "support/raw_helpers.h"

#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/discard_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/reduce.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <cub/device/device_segmented_reduce.cuh>
#  include <thrust/sequence.h>
#endif

#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace ndbench;
using nd::index_t;

enum class op { sum, max, argmax, mean, var, cumsum };
const char* op_name(op o) {
  switch (o) {
  case op::sum: return "sum";
  case op::max: return "max";
  case op::argmax: return "argmax";
  case op::mean: return "mean";
  case op::var: return "var";
  case op::cumsum: return "cumsum";
  }
  return "?";
}
template <class T>
const char* dt_name() {
  return sizeof(T) == 4 ? "f32" : "f64";
}

std::string shape_name(const nd::shape_t& s) {
  std::string r;
  for (std::size_t d = 0; d < s.size(); ++d) r += (d ? "x" : "") + std::to_string(s[d]);
  return r;
}

/// The shape as (outer, len, inner) around the reduced axis.
struct walk {
  index_t outer = 1, len = 1, inner = 1;
  walk(const nd::shape_t& s, int axis) {
    len = s[axis];
    for (int d = 0; d < axis; ++d) outer *= s[d];
    for (int d = axis + 1; d < static_cast<int>(s.size()); ++d) inner *= s[d];
  }
};

/// Element i of the array read in (outer, inner, len) order: the reduced axis last, so consecutive i walk one
/// output's line (a hand-written strided gather; 64-bit index math).
template <class T>
struct line_at {
  const T* src;
  index_t len, inner;
  NDTHRUST_HD T operator()(index_t i) const {
    const index_t o = i / len, j = i % len;
    return src[(o / inner) * len * inner + o % inner + j * inner];
  }
};

template <class T>
void run_nd(benchmark::State& state, op o, const nd::shape_t& shape, int axis) {
  const index_t n    = nd::shape_size(shape);
  const walk w(shape, axis);
  const index_t outs = w.outer * w.inner;
  const double in_b  = static_cast<double>(n) * sizeof(T);
  const bool out64   = o == op::argmax || o == op::mean || o == op::var; // int64 / float64 results
  double out_b       = static_cast<double>(outs) * (out64 ? 8 : sizeof(T));
  if (o == op::cumsum) out_b = in_b;
  if (!reserve_device_memory(state, static_cast<std::size_t>((in_b + out_b) * 1.05) + (1u << 20))) return;
  auto a = small_ints_array<T>(shape);
  std::string what = std::string("nd::") + op_name(o) + "(x, axis=" + std::to_string(axis) + ")";
  switch (o) {
  case op::sum: time_device(state, [&] { benchmark::DoNotOptimize(nd::sum(nd::device, a, axis).raw()); }); break;
  case op::max: time_device(state, [&] { benchmark::DoNotOptimize(nd::max(nd::device, a, axis).raw()); }); break;
  case op::argmax:
    time_device(state, [&] { benchmark::DoNotOptimize(nd::argmax(nd::device, a, axis).raw()); });
    break;
  case op::mean: time_device(state, [&] { benchmark::DoNotOptimize(nd::mean(nd::device, a, axis).raw()); }); break;
  case op::var: time_device(state, [&] { benchmark::DoNotOptimize(nd::var(nd::device, a, axis).raw()); }); break;
  case op::cumsum:
    time_device(state, [&] { benchmark::DoNotOptimize(nd::cumsum(nd::device, a, index_t(axis)).raw()); });
    break;
  }
  report(state, shape_name(shape) + " " + dt_name<T>(), what, in_b + out_b);
}

/// The hand-written sum along `axis`: on CUDA CUB's segmented reduce where the reduced axis is contiguous (inner
/// 1), else (and always on the host backend) thrust::reduce_by_key with line keys i / len over the strided gather
/// line_at (over the plain input where inner is 1).
template <class T>
void run_raw_sum(benchmark::State& state, const nd::shape_t& shape, int axis) {
  const index_t n    = nd::shape_size(shape);
  const walk w(shape, axis);
  const index_t outs = w.outer * w.inner;
  const double bytes = static_cast<double>(n + outs) * sizeof(T);
  if (!reserve_device_memory(state, static_cast<std::size_t>(bytes * 1.2) + (n + 1) * 4 + (1u << 20))) return;
  auto v = small_ints_array<T>(shape);
  thrust::device_vector<T> out(static_cast<std::size_t>(outs));
  const T* x = v.raw();
  std::string what;
  auto keys = thrust::make_transform_iterator(thrust::counting_iterator<index_t>(0), row_of<index_t>{w.len});
  if (w.inner == 1) {
#if defined(NDTHRUST_BACKEND_CUDA)
    what = time_segmented_row_sum(state, x, raw_ptr(out), w.outer, w.len);
#else
    time_device(state, [&] {
      thrust::reduce_by_key(thrust::device, keys, keys + n, x, thrust::make_discard_iterator(), out.begin());
    });
    what = "thrust::reduce_by_key with row keys i / len";
#endif
  } else {
    auto vals = thrust::make_transform_iterator(thrust::counting_iterator<index_t>(0), line_at<T>{x, w.len, w.inner});
    time_device(state, [&] {
      thrust::reduce_by_key(thrust::device, keys, keys + n, vals, thrust::make_discard_iterator(), out.begin());
    });
    what = "thrust::reduce_by_key with line keys i / len over a strided gather (stride " + std::to_string(w.inner) + ")";
  }
  // Sums of the small integers are exact in any order while they stay under the mantissa (2^24 for f32).
  const double max_sum = 15.0 * static_cast<double>(w.len);
  if (max_sum < (sizeof(T) == 4 ? 16777216.0 : 9007199254740992.0))
    check_same(state, raw_ptr(out), nd::sum(nd::device, v, axis));
  report(state, shape_name(shape) + " " + dt_name<T>(), what, bytes);
}

template <class T>
void run_copy(benchmark::State& state, const nd::shape_t& shape) {
  const double bytes = static_cast<double>(nd::shape_size(shape)) * sizeof(T);
  if (!reserve_device_memory(state, static_cast<std::size_t>(2.05 * bytes) + (1u << 20))) return;
  auto a = nd::full<T>(nd::device, shape, T(1));
  auto b = nd::empty<T>(nd::device, shape);
  time_device(state, [&] { nd::copyto(nd::device, b, a); });
  report(state, shape_name(shape) + " " + dt_name<T>(), "contiguous copy of the same array (the bandwidth reference)",
         2 * bytes);
}

template <class T>
void add_nd(op o, const nd::shape_t& shape, int axis) {
  const std::string c = std::string("sweep/") + op_name(o) + "_" + dt_name<T>() + "/" + shape_name(shape) + "/axis" +
                        std::to_string(axis) + "/";
  add(c + "nd", [o, shape, axis](benchmark::State& s) { run_nd<T>(s, o, shape, axis); }, benchmark::kMicrosecond);
  if (o == op::sum)
    add(c + "raw", [shape, axis](benchmark::State& s) { run_raw_sum<T>(s, shape, axis); }, benchmark::kMicrosecond);
}
template <class T>
void add_copy(const nd::shape_t& shape) {
  add(std::string("sweep/copy_") + dt_name<T>() + "/" + shape_name(shape) + "/all/raw_copy",
      [shape](benchmark::State& s) { run_copy<T>(s, shape); }, benchmark::kMicrosecond);
}

/// Every op of the sweep along `axes` of one shape; `f32_only` leaves out the f64 ops (the 1e8 arrays).
void add_shape(const nd::shape_t& shape, const std::vector<int>& axes, bool f32_only) {
  for (int ax : axes) {
    add_nd<float>(op::sum, shape, ax);
    if (!f32_only) add_nd<double>(op::sum, shape, ax);
    add_nd<float>(op::max, shape, ax);
    add_nd<float>(op::argmax, shape, ax);
    if (!f32_only) {
      add_nd<double>(op::mean, shape, ax);
      add_nd<double>(op::var, shape, ax);
    }
    add_nd<float>(op::cumsum, shape, ax);
    if (!f32_only) add_nd<double>(op::cumsum, shape, ax);
  }
  add_copy<float>(shape);
  if (!f32_only) add_copy<double>(shape);
}

const bool registered = [] {
  const index_t ks[] = {1, 2, 3, 4, 8, 16, 32, 64, 256, 1024};
  std::vector<index_t> sizes = {1'000'000, 10'000'000};
  if (on_gpu) sizes.push_back(100'000'000);
  for (index_t total : sizes) {
    const bool f32_only = total > 10'000'000;
    for (index_t k : ks) {
      const index_t n = total / k;
      add_shape({n, k}, {0, 1}, f32_only);
      add_shape({k, n}, {0, 1}, f32_only);
    }
  }
  // 3-D, reduced along the middle axis (on the host backend at most 1e7 elements).
  add_shape({1000, 1000, 2}, {1}, false);
  add_shape(by_backend<nd::shape_t>({100, 10000, 16}, {100, 10000, 10}), {1}, false);
  return true;
}();

} // namespace
