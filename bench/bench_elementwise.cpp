// Benchmarks of the elementwise engine (nd::transform), each next to the raw Thrust call or copy doing the same job
// ("<family>/<case>/<variant>", see support/bench_util.h). Sizes follow the issue on CUDA (1e9 f64, 32768² f32);
// on the host-only backend the chain runs at 1e8 f64 (NumPy: 159–186 ms) and the rest at about 1e7 elements.
#include <ndthrust/config.h>

#include <ndthrust/elementwise.h>
#include <ndthrust/graph.h>
#include <ndthrust/ndthrust.h>
#include <ndthrust/random.h>

#include "support/bench_util.h"
#include "support/raw_helpers.h"

#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/fill.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/transform.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <curand.h>
#else
#  include <thrust/random.h>
#endif

#include <cstdint>
#include <stdexcept>
#include <string>

namespace {

using namespace ndbench;
using nd::index_t;

struct times5 {
  NDTHRUST_HD double operator()(double x) const { return x * 5.0; }
};
struct square {
  NDTHRUST_HD double operator()(double x) const { return x * x; }
};
struct twice {
  NDTHRUST_HD double operator()(double x) const { return x + x; }
};
/// The seed's chain x *= 5; x *= x; x += x as one functor.
struct chain {
  NDTHRUST_HD double operator()(double x) const {
    x *= 5.0;
    x *= x;
    return x + x;
  }
};
struct plus {
  template <class A, class B>
  NDTHRUST_HD A operator()(const A& a, const B& b) const {
    return a + static_cast<A>(b);
  }
};

template <class T>
std::string size_str(const nd::shape_t& shape) {
  std::string s;
  for (index_t d : shape) s += (s.empty() ? "" : "x") + std::to_string(d);
  return s + (sizeof(T) == 8 ? " f64" : " f32");
}
template <class T>
double nbytes(const nd::shape_t& shape) {
  return static_cast<double>(nd::shape_size(shape)) * sizeof(T);
}

const index_t scale_n = by_backend<index_t>(1000000000, 10000000);
const index_t chain_n = by_backend<index_t>(1000000000, 100000000);

// --- x *= 5 ----------------------------------------------------------------------------------------------------------

void scale_nd(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<double>({scale_n}))) return;
  auto x = nd::ones<double>({scale_n});
  time_device(state, [&] { nd::transform(nd::device, x, times5{}, x); });
  report(state, size_str<double>({scale_n}), "nd::transform(x, times5, x) in place", 2 * nbytes<double>({scale_n}));
}
void scale_raw(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<double>({scale_n}))) return;
  thrust::device_vector<double> x(static_cast<std::size_t>(scale_n), 1.0);
  time_device(state,
              [&] { thrust::transform(thrust::device, raw_ptr(x), raw_ptr(x) + scale_n, raw_ptr(x), times5{}); });
  report(state, size_str<double>({scale_n}), "thrust::transform over raw pointers", 2 * nbytes<double>({scale_n}));
}

// --- the chain: three calls and one fused call ------------------------------------------------------------------------

void chain3_nd(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<double>({chain_n}))) return;
  auto x = nd::ones<double>({chain_n});
  time_device(state, [&] {
    nd::transform(nd::device, x, times5{}, x);
    nd::transform(nd::device, x, square{}, x);
    nd::transform(nd::device, x, twice{}, x);
  });
  report(state, size_str<double>({chain_n}), "x*=5; x*=x; x+=x as three nd::transform calls",
         6 * nbytes<double>({chain_n}));
}
void chain3_raw(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<double>({chain_n}))) return;
  thrust::device_vector<double> v(static_cast<std::size_t>(chain_n), 1.0);
  double* x = raw_ptr(v);
  time_device(state, [&] {
    thrust::transform(thrust::device, x, x + chain_n, x, times5{});
    thrust::transform(thrust::device, x, x + chain_n, x, square{});
    thrust::transform(thrust::device, x, x + chain_n, x, twice{});
  });
  report(state, size_str<double>({chain_n}), "three thrust::transform calls", 6 * nbytes<double>({chain_n}));
}
void chain_fused_nd(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<double>({chain_n}))) return;
  auto x = nd::ones<double>({chain_n});
  time_device(state, [&] { nd::transform(nd::device, x, chain{}, x); });
  report(state, size_str<double>({chain_n}), "one nd::transform with the composed functor",
         2 * nbytes<double>({chain_n}));
}
void chain_fused_raw(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<double>({chain_n}))) return;
  thrust::device_vector<double> v(static_cast<std::size_t>(chain_n), 1.0);
  double* x = raw_ptr(v);
  time_device(state, [&] { thrust::transform(thrust::device, x, x + chain_n, x, chain{}); });
  report(state, size_str<double>({chain_n}), "one thrust::transform with the composed functor",
         2 * nbytes<double>({chain_n}));
}

// --- broadcasting and transposed inputs: share of copy bandwidth -----------------------------------------------------

const index_t side_f32 = by_backend<index_t>(32768, 4096);
const index_t side_f64 = by_backend<index_t>(10000, 3000);

/// m + v along rows (`column` false: v is a row added to every row) or columns, into a preallocated out.
void broadcast_nd(benchmark::State& state, bool column) {
  const nd::shape_t shape{side_f32, side_f32};
  if (!reserve_device_memory(state, 2 * nbytes<float>(shape) + (1 << 20))) return;
  auto m = nd::ones<float>(shape), out = nd::empty<float>(shape);
  auto v = nd::ones<float>({side_f32});
  auto b = column ? nd::reshape(v, {side_f32, 1}) : v;
  time_device(state, [&] { nd::transform(nd::device, out, plus{}, m, b); });
  report(state, size_str<float>(shape), column ? "out = m + v[:, None]" : "out = m + v[None, :]",
         2 * nbytes<float>(shape));
}
/// out[i] = m[i] + v[i % cols] (a row added to every row) or v[i / cols] (a column added to every column).
template <bool Column>
struct broadcast_add_at {
  const float* m;
  const float* v;
  std::uint32_t cols;
  NDTHRUST_HD float operator()(std::uint32_t i) const { return m[i] + v[Column ? i / cols : i % cols]; }
};
/// The same broadcast by hand: thrust::transform over a counting iterator into a preallocated output.
template <bool Column>
void broadcast_raw(benchmark::State& state) {
  const nd::shape_t shape{side_f32, side_f32};
  const auto n = static_cast<std::size_t>(side_f32 * side_f32);
  if (!fits_u32(state, side_f32 * side_f32) || !reserve_device_memory(state, 2 * nbytes<float>(shape) + (1 << 20)))
    return;
  auto m = small_ints_array<float>(shape), v = small_ints_array<float>({side_f32});
  thrust::device_vector<float> out(n);
  broadcast_add_at<Column> f{m.raw(), v.raw(), static_cast<std::uint32_t>(side_f32)};
  thrust::counting_iterator<std::uint32_t> i0(0);
  time_device(state, [&] { thrust::transform(thrust::device, i0, i0 + n, raw_ptr(out), f); });
  check_same(state, raw_ptr(out), nd::transform(nd::device, plus{}, m, Column ? nd::reshape(v, {side_f32, 1}) : v));
  report(state, size_str<float>(shape),
         std::string("thrust::transform over a 32-bit counting iterator: m[i] + v[i ") + (Column ? "/" : "%") +
             " cols]",
         2 * nbytes<float>(shape));
}

/// The reference of the broadcast and transposed cases: a device copy of the matrix (cudaMemcpy on CUDA).
template <class T>
void copy_raw(benchmark::State& state, index_t side) {
  const nd::shape_t shape{side, side};
  if (!reserve_device_memory(state, 2 * nbytes<T>(shape))) return;
  thrust::device_vector<T> a(static_cast<std::size_t>(side * side), T(1)), b(a.size());
  time_device(state, [&] {
#if defined(NDTHRUST_BACKEND_CUDA)
    cudaMemcpyAsync(raw_ptr(b), raw_ptr(a), a.size() * sizeof(T), cudaMemcpyDeviceToDevice, 0);
#else
    thrust::copy(thrust::device, a.begin(), a.end(), b.begin());
#endif
  });
  report(state, size_str<T>(shape), "device copy of the matrix (the bandwidth reference)", 2 * nbytes<T>(shape));
}

/// out = a + b.T: one input is read across its unit-stride axis.
template <class T>
void transposed_nd(benchmark::State& state, index_t side) {
  const nd::shape_t shape{side, side};
  if (!reserve_device_memory(state, 3 * nbytes<T>(shape))) return;
  auto a = nd::ones<T>(shape), b = nd::ones<T>(shape), out = nd::empty<T>(shape);
  auto bt = nd::transpose(b);
  time_device(state, [&] { nd::transform(nd::device, out, plus{}, a, bt); });
  report(state, size_str<T>(shape), "out = a + b.T", 3 * nbytes<T>(shape));
}
/// The same job by hand: thrust::transform of a and a transform iterator reading b transposed (a gather).
template <class T>
void transposed_raw(benchmark::State& state, index_t side) {
  const nd::shape_t shape{side, side};
  if (!fits_u32(state, side * side) || !reserve_device_memory(state, 3 * nbytes<T>(shape))) return;
  const auto n = static_cast<std::size_t>(side * side);
  auto a = small_ints_array<T>(shape), b = small_ints_array<T>(shape);
  thrust::device_vector<T> out(n);
  const auto s = static_cast<std::uint32_t>(side);
  auto bt =
      thrust::make_transform_iterator(thrust::counting_iterator<std::uint32_t>(0), transposed_at<T>{b.raw(), s, s});
  time_device(state, [&] { thrust::transform(thrust::device, a.raw(), a.raw() + n, bt, raw_ptr(out), plus{}); });
  check_same(state, raw_ptr(out), nd::transform(nd::device, plus{}, a, nd::transpose(b)));
  report(state, size_str<T>(shape), "thrust::transform(a, transform_iterator reading b[i % n, i / n]), 32-bit indices",
         3 * nbytes<T>(shape));
}
/// What the transposed case would cost if b were not transposed: a contiguous a + b.
template <class T>
void binary_raw(benchmark::State& state, index_t side) {
  const nd::shape_t shape{side, side};
  if (!reserve_device_memory(state, 3 * nbytes<T>(shape))) return;
  const auto n = static_cast<std::size_t>(side * side);
  thrust::device_vector<T> a(n, T(1)), b(n, T(1)), out(n);
  time_device(state,
              [&] { thrust::transform(thrust::device, raw_ptr(a), raw_ptr(a) + n, raw_ptr(b), raw_ptr(out), plus{}); });
  report(state, size_str<T>(shape), "thrust::transform a + b, both contiguous", 3 * nbytes<T>(shape));
}

// --- random numbers: uniform f32 against a plain fill of the same output (the write-bandwidth limit) --------------

const index_t uniform_n = by_backend<index_t>(1000000000, 10000000);

void uniform_nd(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<float>({uniform_n}))) return;
  nd::random::generator g(42);
  nd::device_array<float> r;
  time_device(state, [&] { r = g.uniform<float>(nd::device, {uniform_n}); });
  report(state, size_str<float>({uniform_n}), "g.uniform<float>(nd::device, {n}): Philox4x32-10, 4 values a call",
         nbytes<float>({uniform_n}));
}
#if defined(NDTHRUST_BACKEND_CUDA)
/// cuRAND's Philox4_32_10 generator (the same algorithm as ndthrust's), created once, into a preallocated output.
void uniform_raw(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<float>({uniform_n}))) return;
  thrust::device_vector<float> x(static_cast<std::size_t>(uniform_n));
  struct generator {
    curandGenerator_t g = nullptr;
    ~generator() { curandDestroyGenerator(g); }
  } gen;
  auto check = [](curandStatus_t st, const char* what) {
    if (st != CURAND_STATUS_SUCCESS) throw std::runtime_error(std::string(what) + " failed: " + std::to_string(st));
  };
  check(curandCreateGenerator(&gen.g, CURAND_RNG_PSEUDO_PHILOX4_32_10), "curandCreateGenerator");
  check(curandSetPseudoRandomGeneratorSeed(gen.g, 42), "curandSetPseudoRandomGeneratorSeed");
  time_device(state, [&] { check(curandGenerateUniform(gen.g, raw_ptr(x), uniform_n), "curandGenerateUniform"); });
  report(state, size_str<float>({uniform_n}), "curandGenerateUniform (Philox4_32_10) into a preallocated output",
         nbytes<float>({uniform_n}));
}
#else
/// Thrust's own way (its Monte Carlo example): a default_random_engine per element, seeded with a hash of the
/// index (Wang's hash, as there). Skipping ahead with discard(i) is the exact stream but ~20x slower here (up to
/// 32 modular products per element).
struct minstd_uniform {
  std::uint32_t seed;
  NDTHRUST_HD static std::uint32_t hash(std::uint32_t a) {
    a = (a + 0x7ed55d16u) + (a << 12);
    a = (a ^ 0xc761c23cu) ^ (a >> 19);
    a = (a + 0x165667b1u) + (a << 5);
    a = (a + 0xd3a2646cu) ^ (a << 9);
    a = (a + 0xfd7046c5u) + (a << 3);
    return (a ^ 0xb55a4f09u) ^ (a >> 16);
  }
  NDTHRUST_HD float operator()(std::uint32_t i) const {
    thrust::default_random_engine rng(hash(seed ^ i));
    return thrust::uniform_real_distribution<float>(0.f, 1.f)(rng);
  }
};
void uniform_raw(benchmark::State& state) {
  if (!fits_u32(state, uniform_n) || !reserve_device_memory(state, nbytes<float>({uniform_n}))) return;
  thrust::device_vector<float> x(static_cast<std::size_t>(uniform_n));
  thrust::counting_iterator<std::uint32_t> i0(0);
  time_device(state, [&] { thrust::transform(thrust::device, i0, i0 + uniform_n, raw_ptr(x), minstd_uniform{42}); });
  report(state, size_str<float>({uniform_n}),
         "thrust::transform: default_random_engine seeded with hash(i), uniform_real_distribution<float>",
         nbytes<float>({uniform_n}));
}
#endif
void uniform_raw_fill(benchmark::State& state) {
  if (!reserve_device_memory(state, nbytes<float>({uniform_n}))) return;
  thrust::device_vector<float> x(static_cast<std::size_t>(uniform_n));
  time_device(state, [&] { thrust::fill(thrust::device, raw_ptr(x), raw_ptr(x) + uniform_n, 0.5f); });
  report(state, size_str<float>({uniform_n}), "thrust::fill of the same output (write bandwidth)",
         nbytes<float>({uniform_n}));
}

// --- one small op ------------------------------------------------------------------------------------------------------

const index_t small_n = 1000;

void small_nd(benchmark::State& state) {
  auto a = nd::ones<float>({small_n}), b = nd::ones<float>({small_n});
  time_calls(state, [&] {
    auto c = nd::transform(nd::device, plus{}, a, b);
    benchmark::DoNotOptimize(c.raw());
  });
  report(state, size_str<float>({small_n}), "c = nd::transform(plus, a, b) into a new array, no sync per call");
}
/// The same op into a preallocated output: the difference to small_nd is the allocation and the array object.
void small_nd_prealloc(benchmark::State& state) {
  auto a = nd::ones<float>({small_n}), b = nd::ones<float>({small_n}), c = nd::empty<float>({small_n});
  time_calls(state, [&] { nd::transform(nd::device, c, plus{}, a, b); });
  report(state, size_str<float>({small_n}), "nd::transform(plus, a, b) into a preallocated array, no sync per call");
}
void small_raw(benchmark::State& state) {
  thrust::device_vector<float> a(small_n, 1.f), b(small_n, 1.f), c(small_n);
#if defined(NDTHRUST_BACKEND_CUDA)
  auto policy = thrust::cuda::par_nosync;
#else
  auto policy = thrust::device;
#endif
  time_calls(state,
             [&] { thrust::transform(policy, raw_ptr(a), raw_ptr(a) + small_n, raw_ptr(b), raw_ptr(c), plus{}); });
  report(state, size_str<float>({small_n}), "thrust::transform(par_nosync) into a preallocated output");
}

// --- the seed chain at a small size: three calls, the three calls replayed as a graph, raw Thrust ------------------
// At 1e4 elements launch overhead dominates: nd::graph records the three launches once and replays them together.

const index_t small_chain_n = 10000;

/// x *= 5; x *= x; x += x as three in-place ufunc calls, as a NumPy user writes them.
template <class Policy>
void ufunc_chain3(const Policy& pol, const nd::device_array<double>& x) {
  nd::multiply(pol, x, 5.0, x);
  nd::multiply(pol, x, x, x);
  nd::add(pol, x, x, x);
}

void small_chain3_nd(benchmark::State& state) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::ones<double>(pol, {small_chain_n});
  time_calls(state, [&] { ufunc_chain3(pol, x); });
  report(state, size_str<double>({small_chain_n}), "x*=5; x*=x; x+=x as three nd ufunc calls on a created stream, "
                                                   "no sync per call");
}
void small_chain3_nd_graph(benchmark::State& state) {
  nd::stream s;
  const auto pol = nd::par.on(s);
  auto x         = nd::ones<double>(pol, {small_chain_n});
  auto g         = nd::graph::capture(s, [&](const auto& p) { ufunc_chain3(p, x); });
  time_calls(state, [&] { g.launch(); });
  // The replay does the eager chain's job: one launch from ones equals the three calls run once.
  auto want = nd::ones<double>(pol, {small_chain_n});
  ufunc_chain3(pol, want);
  nd::copyto(pol, x, nd::ones<double>(pol, {small_chain_n}));
  g.launch();
  nd::synchronize(pol);
  check_same(state, x.raw(), want);
  report(state, size_str<double>({small_chain_n}), "the three nd ufunc calls captured once as an nd::graph, "
                                                   "g.launch() per call, no sync per call");
}
void small_chain3_raw(benchmark::State& state) {
  nd::stream s;
  thrust::device_vector<double> v(static_cast<std::size_t>(small_chain_n), 1.0);
  device_sync();
  double* x = raw_ptr(v);
#if defined(NDTHRUST_BACKEND_CUDA)
  auto policy = thrust::cuda::par_nosync.on(s);
#else
  auto policy = thrust::device;
#endif
  time_calls(state, [&] {
    thrust::transform(policy, x, x + small_chain_n, x, times5{});
    thrust::transform(policy, x, x + small_chain_n, x, square{});
    thrust::transform(policy, x, x + small_chain_n, x, twice{});
  });
  report(state, size_str<double>({small_chain_n}), "three thrust::transform(par_nosync.on(s)) calls, no sync per call");
}

const bool registered = [] {
  using benchmark::kMicrosecond;
  using benchmark::kMillisecond;
  add("elementwise/scale_f64/nd", scale_nd, kMillisecond);
  add("elementwise/scale_f64/raw", scale_raw, kMillisecond);
  add("elementwise/chain3_f64/nd", chain3_nd, kMillisecond);
  add("elementwise/chain3_f64/raw", chain3_raw, kMillisecond);
  add("elementwise/chain_fused_f64/nd", chain_fused_nd, kMillisecond);
  add("elementwise/chain_fused_f64/raw", chain_fused_raw, kMillisecond);
  add("elementwise/row_broadcast_f32/nd", [](benchmark::State& s) { broadcast_nd(s, false); }, kMillisecond);
  add("elementwise/row_broadcast_f32/raw_copy", [](benchmark::State& s) { copy_raw<float>(s, side_f32); },
      kMillisecond);
  add("elementwise/row_broadcast_f32/raw", broadcast_raw<false>, kMillisecond);
  add("elementwise/col_broadcast_f32/nd", [](benchmark::State& s) { broadcast_nd(s, true); }, kMillisecond);
  add("elementwise/col_broadcast_f32/raw", broadcast_raw<true>, kMillisecond);
  add("elementwise/transposed_add_f64/nd", [](benchmark::State& s) { transposed_nd<double>(s, side_f64); },
      kMillisecond);
  add("elementwise/transposed_add_f64/raw", [](benchmark::State& s) { transposed_raw<double>(s, side_f64); },
      kMillisecond);
  add("elementwise/transposed_add_f64/raw_contiguous", [](benchmark::State& s) { binary_raw<double>(s, side_f64); },
      kMillisecond);
  add("elementwise/transposed_add_f32/nd", [](benchmark::State& s) { transposed_nd<float>(s, side_f32); },
      kMillisecond);
  add("elementwise/transposed_add_f32/raw", [](benchmark::State& s) { transposed_raw<float>(s, side_f32); },
      kMillisecond);
  add("elementwise/transposed_add_f32/raw_copy", [](benchmark::State& s) { copy_raw<float>(s, side_f32); },
      kMillisecond);
  add("elementwise/uniform_f32/nd", uniform_nd, kMillisecond);
  add("elementwise/uniform_f32/raw", uniform_raw, kMillisecond);
  add("elementwise/uniform_f32/raw_fill", uniform_raw_fill, kMillisecond);
  add("elementwise/small_chain3_f64/nd", small_chain3_nd, kMicrosecond);
  add("elementwise/small_chain3_f64/nd_graph", small_chain3_nd_graph, kMicrosecond);
  add("elementwise/small_chain3_f64/raw", small_chain3_raw, kMicrosecond);
  add("elementwise/small_add_f32/nd", small_nd, kMicrosecond);
  add("elementwise/small_add_f32/raw", small_raw, kMicrosecond);
  add("elementwise/small_add_f32/nd_prealloc", small_nd_prealloc, kMicrosecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add("elementwise/small_add_f32/launch_floor", launch_floor, kMicrosecond);
#endif
  return true;
}();

} // namespace
