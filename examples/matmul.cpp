// examples/matmul.cpp — a random N x N matrix product on the device (nd::random, nd::matmul), brought back with
// nd::to_host and checked against a host double computation on a sample of entries; float32 and float64, timed
// (median of --reps after a warm-up; CUDA events on CUDA, steady_clock on OMP).
//
//   matmul [--n N] [--reps R] [--small]     (defaults: N = 1000, R = 10; --small: N = 96, R = 3 for ctest)
#include <ndthrust/ndthrust.h>

#include "support/example_util.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>

namespace {

/// Checks `samples` entries of c = a @ b (host arrays) against a double dot product. Whatever the summation order,
/// |fl(a·b) - a·b| <= n·u·Σ|a_k b_k| (u = eps/2) for the library and for the reference, so 2·n·eps·Σ|a_k b_k| bounds
/// their difference; TF32 or a wrong index fails it.
template <class T>
bool sample_ok(const nd::host_array<T>& a, const nd::host_array<T>& b, const nd::host_array<T>& c, int samples) {
  const nd::index_t n = a.shape(0);
  const double tol    = 2.0 * static_cast<double>(n) * std::numeric_limits<T>::epsilon();
  std::uint64_t state = 12345;
  int bad             = 0;
  for (int s = 0; s < samples; ++s) {
    state          = state * 6364136223846793005ULL + 1442695040888963407ULL;  // Knuth's LCG: spread-out entries
    nd::index_t i  = static_cast<nd::index_t>((state >> 33) % static_cast<std::uint64_t>(n));
    nd::index_t j  = static_cast<nd::index_t>((state >> 13) % static_cast<std::uint64_t>(n));
    if (s == 0) i = j = 0;                      // the corners too: off-by-one layouts show there
    if (s == 1) i = j = n - 1;
    double ref = 0, mag = 0;
    for (nd::index_t k = 0; k < n; ++k) {
      double p = static_cast<double>(a.raw()[i * n + k]) * static_cast<double>(b.raw()[k * n + j]);
      ref += p;
      mag += std::fabs(p);
    }
    double got = static_cast<double>(c.raw()[i * n + j]);
    if (!(std::fabs(got - ref) <= tol * mag)) {
      if (bad++ < 3) std::printf("    c[%lld, %lld] = %.17g, expected %.17g\n", static_cast<long long>(i),
                                 static_cast<long long>(j), got, ref);
    }
  }
  return bad == 0;
}

template <class T>
bool run(nd::index_t n, int reps) {
  nd::random::generator g(42);
  auto a = g.uniform<T>(nd::device, {n, n}, T(-1), T(1));
  auto b = g.uniform<T>(nd::device, {n, n}, T(-1), T(1));
  auto c = nd::matmul(nd::device, a, b);
  bool ok = sample_ok(nd::to_host(a), nd::to_host(b), nd::to_host(c), 256);
  double ms = ex::median_ms(reps, true, [&] { c = nd::matmul(nd::device, a, b); });
  const double n3 = static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  const char* variant = sizeof(T) == 4 ? "f32" : "f64";
  ex::report("matmul", variant, ms, std::to_string(n) + "x" + std::to_string(n), ok);
  std::printf("  %-10s %10.2f TFLOP/s\n", variant, 2 * n3 / (ms * 1e-3) / 1e12);
  return ok;
}

} // namespace

int main(int argc, char** argv) {
  try {
    ex::args args(argc, argv, {"--n", "--reps", "--small"});
    const bool small = args.has("--small");
    const auto n     = static_cast<nd::index_t>(args.integer("--n", small ? 96 : 1000));
    const int reps   = static_cast<int>(args.integer("--reps", small ? 3 : 10));
    ex::print_backend("matmul");
    std::printf("C = A @ B, A and B %lldx%lld uniform in [-1, 1), median of %d:\n", static_cast<long long>(n),
                static_cast<long long>(n), reps);
    bool ok = run<float>(n, reps);
    ok      = run<double>(n, reps) && ok;
    std::printf(ok ? "all checks passed\n" : "FAILED: a product differs from the host computation\n");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "matmul failed: %s\n", e.what());
    return 2;
  }
}
