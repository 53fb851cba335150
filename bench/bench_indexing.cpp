// Benchmarks of advanced indexing: take with random indices and boolean-mask selection, each next to the raw Thrust
// call doing the same job ("<family>/<case>/<variant>", see support/bench_util.h). Both are gathers: bytes are the
// bytes read and written, against the copy bandwidth (random reads cannot reach it).
#include <ndthrust/config.h>

#include <ndthrust/indexing.h>
#include <ndthrust/ndthrust.h>
#include <ndthrust/random.h>

#include "support/bench_util.h"
#include "support/raw_helpers.h"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/gather.h>

#include <cstdint>
#include <string>

namespace {

using namespace ndbench;
using nd::index_t;

index_t take_n() { return by_backend<index_t>(100'000'000, 10'000'000); }
std::string size_1d(index_t n, const char* dt) { return std::to_string(n) + " " + dt; }

// --- take of n f32 at n random int64 indices ---------------------------------------------------------------------

/// Bytes of a gather of n f32 by n int64 indices: the indices, the reads, the writes.
double take_bytes(index_t n) { return n * (8.0 + 4.0 + 4.0); }

void take_nd(benchmark::State& state, nd::take_mode mode) {
  const index_t n = take_n();
  if (!reserve_device_memory(state, static_cast<std::size_t>(take_bytes(n)))) return;
  nd::random::generator g(42);
  auto a   = g.uniform<float>(nd::device, {n});
  auto idx = g.integers<std::int64_t>(nd::device, 0, n, {n});
  time_device(state, [&] { benchmark::DoNotOptimize(nd::take(nd::device, a, idx, std::nullopt, mode).raw()); });
  report(state, size_1d(n, "f32"),
         mode == nd::take_mode::raise ? "nd::take(a, idx): bounds checked (one read back), into a new array"
                                      : "nd::take(a, idx, mode=clip): no check, into a new array",
         take_bytes(n));
}
void take_raw(benchmark::State& state) {
  const index_t n = take_n();
  if (!reserve_device_memory(state, static_cast<std::size_t>(take_bytes(n)))) return;
  nd::random::generator g(42);
  auto a   = g.uniform<float>(nd::device, {n});
  auto idx = g.integers<std::int64_t>(nd::device, 0, n, {n});
  thrust::device_vector<float> out(static_cast<std::size_t>(n));
  time_device(state, [&] { thrust::gather(thrust::device, idx.raw(), idx.raw() + n, a.raw(), out.begin()); });
  check_same(state, raw_ptr(out), nd::take(nd::device, a, idx));
  report(state, size_1d(n, "f32"), "thrust::gather into a preallocated vector (no bounds check)", take_bytes(n));
}

// --- a[a > 0]: about half of n f32 -------------------------------------------------------------------------------

struct positive {
  NDTHRUST_HD bool operator()(float x) const { return x > 0.f; }
};
struct is_true {
  NDTHRUST_HD bool operator()(bool m) const { return m; }
};

/// Values uniform in [-1, 1) and the mask a > 0, made once outside the timing.
struct mask_input {
  nd::device_array<float> a;
  nd::device_array<bool> mask;
  explicit mask_input(index_t n) {
    nd::random::generator g(7);
    a    = g.uniform<float>(nd::device, {n}, -1.f, 1.f);
    mask = nd::empty<bool>(nd::device, {n});
    nd::transform(nd::device, mask, positive{}, a);
  }
};

/// Bytes of a[mask]: the values and the mask read, the selected values written.
double mask_bytes(index_t n, index_t selected) { return n * 5.0 + selected * 4.0; }

void mask_select_nd(benchmark::State& state) {
  const index_t n = take_n();
  if (!reserve_device_memory(state, static_cast<std::size_t>(n * 20))) return;
  mask_input in(n);
  index_t selected = 0;
  time_device(state, [&] { selected = nd::mask_select(nd::device, in.a, in.mask).size(); });
  report(state, size_1d(n, "f32"), "nd::mask_select(a, a > 0): count read back, into a new array",
         mask_bytes(n, selected));
}
void mask_select_raw(benchmark::State& state) {
  const index_t n = take_n();
  if (!reserve_device_memory(state, static_cast<std::size_t>(n * 20))) return;
  mask_input in(n);
  thrust::device_vector<float> out(static_cast<std::size_t>(n));
  index_t selected = 0;
  time_device(state, [&] {
    auto end = thrust::copy_if(thrust::device, in.a.raw(), in.a.raw() + n, in.mask.raw(), raw_ptr(out), is_true{});
    selected = static_cast<index_t>(end - raw_ptr(out));
  });
  auto expect = nd::mask_select(nd::device, in.a, in.mask);
  if (expect.size() != selected) state.SkipWithError("the raw baseline selected another number of elements");
  else check_same(state, raw_ptr(out), expect);
  report(state, size_1d(n, "f32"),
         "thrust::copy_if with the mask as stencil into a preallocated vector (returns the end)",
         mask_bytes(n, selected));
}

const bool registered = [] {
  using benchmark::kMillisecond;
  add("indexing/take_f32/nd", [](benchmark::State& s) { take_nd(s, nd::take_mode::raise); }, kMillisecond);
  add("indexing/take_f32/nd_clip", [](benchmark::State& s) { take_nd(s, nd::take_mode::clip); }, kMillisecond);
  add("indexing/take_f32/raw", take_raw, kMillisecond);
  add("indexing/mask_select_f32/nd", mask_select_nd, kMillisecond);
  add("indexing/mask_select_f32/raw", mask_select_raw, kMillisecond);
  return true;
}();

} // namespace
