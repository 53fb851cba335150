// Benchmarks of sorting, each ndthrust case next to the raw Thrust / CUB call doing the same job
// ("<family>/<case>/<variant>", see support/bench_util.h). nd::sort returns a new array, so every raw baseline
// sorts into a preallocated vector (copying the input first where the sort is in place) — the same work, minus
// ndthrust's allocation.
// Bytes are the key bytes sorted (not a bandwidth bound: radix sorts make several passes), reported without the
// copy-bandwidth share.
#include <ndthrust/config.h>

#include <ndthrust/ndthrust.h>
#include <ndthrust/sort.h>

#include "support/bench_util.h"
#include "support/raw_helpers.h"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/tabulate.h>
#include <thrust/transform.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <cub/device/device_segmented_sort.cuh>
#endif

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

/// Sorts each of `segments` rows of `len` floats from `in` into `out`: CUB's segmented sort on CUDA (int offsets,
/// preallocated temporaries); on OMP Thrust's back-to-back idiom, a stable sort by value carrying each element's row
/// followed by a stable sort by row.
class segmented_sort {
public:
  segmented_sort(index_t segments, index_t len) : segments_(segments), len_(len) {
#if defined(NDTHRUST_BACKEND_CUDA)
    offsets_.resize(static_cast<std::size_t>(segments + 1));
    thrust::sequence(offsets_.begin(), offsets_.end(), 0, static_cast<int>(len));
    call(nullptr, nullptr);
    tmp_.resize(tmp_bytes_);
#else
    rows_.resize(static_cast<std::size_t>(segments * len));
#endif
  }
  void operator()(const float* in, float* out) { call(in, out); }
  static const char* what() {
    return on_gpu ? "cub::DeviceSegmentedSort::SortKeys over the rows"
                  : "thrust::stable_sort_by_key by value carrying the row, then by row";
  }

private:
#if defined(NDTHRUST_BACKEND_CUDA)
  void call(const float* in, float* out) {
    const int* off = raw_ptr(offsets_);
    cub::DeviceSegmentedSort::SortKeys(in ? raw_ptr(tmp_) : nullptr, tmp_bytes_, in, out, segments_ * len_, segments_,
                                       off, off + 1);
  }
  thrust::device_vector<int> offsets_;
  thrust::device_vector<char> tmp_;
  std::size_t tmp_bytes_ = 0;
#else
  void call(const float* in, float* out) {
    const index_t n = segments_ * len_;
    thrust::copy_n(thrust::device, in, n, out);
    thrust::counting_iterator<int> i0(0);
    thrust::transform(thrust::device, i0, i0 + n, rows_.begin(), row_of<int>{static_cast<int>(len_)});
    thrust::stable_sort_by_key(thrust::device, out, out + n, rows_.begin());
    thrust::stable_sort_by_key(thrust::device, rows_.begin(), rows_.end(), out);
  }
  thrust::device_vector<int> rows_;
#endif
  index_t segments_, len_;
};

/// The same sort by hand: rows sorted by the segmented sort; columns by a transposed copy (a Thrust gather), the
/// segmented sort, and a transpose back.
void sort_axis_raw(benchmark::State& state, int axis) {
  const index_t r = rows();
  if (!fits_u32(state, r * r) || !reserve_device_memory(state, 6 * r * r * sizeof(float))) return;
  const auto n = static_cast<std::size_t>(r * r);
  const auto ru = static_cast<std::uint32_t>(r);
  auto a = random_f32({r, r});
  thrust::device_vector<float> out(n), t1(axis == 0 ? n : 0), t2(axis == 0 ? n : 0);
  segmented_sort sort_rows(r, r);
  thrust::counting_iterator<std::uint32_t> i0(0);
  std::string what = segmented_sort::what();
  if (axis == 1) {
    time_device(state, [&] { sort_rows(a.raw(), raw_ptr(out)); });
  } else {
    time_device(state, [&] {
      thrust::transform(thrust::device, i0, i0 + n, t1.begin(), transposed_at<float>{a.raw(), ru, ru});
      sort_rows(raw_ptr(t1), raw_ptr(t2));
      thrust::transform(thrust::device, i0, i0 + n, out.begin(), transposed_at<float>{raw_ptr(t2), ru, ru});
    });
    what = "transpose (thrust::transform gather), " + what + ", transpose back";
  }
  check_same(state, raw_ptr(out), nd::sort(nd::device, a, axis));
  report(state, std::to_string(r) + "x" + std::to_string(r) + " f32", what, r * r * 4.0, false);
}

const bool registered = [] {
  using benchmark::kMillisecond;
  add("sort/sort_f32/nd", sort_nd, kMillisecond);
  add("sort/sort_f32/raw", sort_raw, kMillisecond);
  add("sort/argsort_f32/nd", argsort_nd, kMillisecond);
  add("sort/argsort_f32/raw", argsort_raw, kMillisecond);
  for (int ax : {1, 0}) {
    const std::string c = "sort/sort_axis" + std::to_string(ax) + "_f32/";
    add(c + "nd", [ax](benchmark::State& s) { sort_axis_nd(s, ax); }, kMillisecond);
    add(c + "raw", [ax](benchmark::State& s) { sort_axis_raw(s, ax); }, kMillisecond);
  }
  return true;
}();

} // namespace
