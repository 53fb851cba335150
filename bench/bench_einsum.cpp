// einsum beside the hand-written tensordot formulation of the same contraction: cuTENSOR's example
// C_munv = A_mhkn B_ukvh (m = n = u = 96, v = h = k = 64, float32). Counter: TFLOP/s (2 m n u v h k flops).
#include <ndthrust/linalg.h>
#include <ndthrust/ndthrust.h>

#include "support/bench_util.h"

#include <string>

namespace {
using namespace ndbench;
using nd::index_t;

void einsum_cutensor_case() {
  const index_t m = 96, n = 96, u = 96, v = 64, h = 64, k = 64;
  std::string base = "linalg/einsum_cutensor_f32";
  std::string size = "mhkn,ukvh->munv 96,64,64,96 x 96,64,64,64 f32";
  double flop      = 2.0 * double(m) * n * u * v * h * k;
  double bytes     = 4.0 * (m * h * k * n + u * k * v * h + m * u * n * v);
  auto setup = [=] {
    auto a = nd::full<float>(nd::device, {m, h, k, n}, 0.5f);
    auto b = nd::full<float>(nd::device, {u, k, v, h}, 0.25f);
    return std::make_pair(a, b);
  };
  auto counters = [=](benchmark::State& state) {
    state.counters["TFLOPs"] = benchmark::Counter(flop / 1e12, benchmark::Counter::kIsIterationInvariantRate);
  };
  add(base + "/nd", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, std::size_t(2 * bytes))) return;
    auto [a, b] = setup();
    time_device(state, [&] { auto c = nd::einsum("mhkn,ukvh->munv", a, b); benchmark::DoNotOptimize(c.raw()); });
    counters(state);
    report(state, size, "nd::einsum(\"mhkn,ukvh->munv\", a, b)", bytes);
  }, benchmark::kMillisecond);
  add(base + "/tensordot", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, std::size_t(2 * bytes))) return;
    auto [a, b] = setup();
    time_device(state, [&] {
      // a's (h, k) against b's (h, k): (m, n, u, v), then into munv order.
      auto t = nd::tensordot(nd::device, a, b, nd::axes_t{1, 2}, nd::axes_t{3, 1});
      auto c = nd::ascontiguousarray(nd::device, nd::transpose(t, nd::axes_t{0, 2, 1, 3}));
      benchmark::DoNotOptimize(c.raw());
    });
    counters(state);
    report(state, size, "ascontiguousarray(transpose(tensordot(a, b, {1,2}, {3,1}), {0,2,1,3}))", bytes);
  }, benchmark::kMillisecond);
}

const bool registered = [] {
  einsum_cutensor_case();
  return true;
}();

} // namespace
