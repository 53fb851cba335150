// examples/monte_carlo.cpp — CuPy's finance/monte_carlo.py ported to ndthrust: European call prices by Monte-Carlo.
//
// A grid of (options × threads per option); each thread draws `samples` standard normals from its own xorshift128+
// generator (state i + 1 and 0x5c721fd808f616b6 + seed, i its flat index in the grid), averages the discounted
// payoff, and the option's price is the mean over its threads. The generator and the normal transform are exactly
// CuPy's, so with the same inputs and seed (0) the prices match CuPy's to rounding. Inputs: S ~ U[5, 30),
// X ~ U[1, 100), T ~ U[0.25, 10) (nd::random, seed 0), r = 0.02, v = 0.3.
//
//   monte_carlo [--options 1000] [--threads 100000] [--samples 1000] [--reps 5]   the PORTS.md size
//   monte_carlo --small                                                          32 × 128 × 512 (ctest)
//   monte_carlo --input S.npy X.npy T.npy --expect call.npy [--threads T --samples S]
//                                  CuPy's / NumPy's inputs and prices (bench/peers/ports.py --mc-dir writes them)
//
// Check (non-zero exit on a mismatch): std(call_mc − call_bs) against the Black–Scholes price stays under a bound
// that follows from the sample count (see the tolerance in main); the host erfcinv inverts std::erfc; with
// --expect, the prices equal CuPy's / NumPy's to rounding.
#include "support/black_scholes_formula.h"
#include "support/example_util.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <string>

namespace {

using darr = nd::device_array<double>;
const auto& dev = nd::device;

/// erfcinv in double precision for the host: glibc has none and CUDA's ::erfcinv runs only in device code. The
/// normal quantile by Acklam's rational approximation (relative error 1.15e-9), then one Halley step on std::erfc
/// (which triples the correct digits) reaches double precision.
double host_erfcinv(double y) {
  if (!(y > 0)) return y == 0 ? std::numeric_limits<double>::infinity() : std::nan("");
  if (!(y < 2)) return y == 2 ? -std::numeric_limits<double>::infinity() : std::nan("");
  if (y > 1) return -host_erfcinv(2 - y); // erfcinv(2 − y) = −erfcinv(y); 2 − y is exact for y in [1, 2]
  const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                      1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                      6.680131188771972e+01,  -1.328068155288572e+01};
  const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                      -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
  double p = y / 2, q; // erfcinv(y) = −Φ⁻¹(y/2)/√2 with y/2 in (0, 0.5]
  if (p < 0.02425) {
    double t = std::sqrt(-2 * std::log(p));
    q = (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) /
        ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
  } else {
    double t = p - 0.5, s = t * t;
    q = (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * t /
        (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
  }
  double x = -q / std::sqrt(2.0);
  // Halley on f(x) = erfc(x) − y, where f'' = −2x·f'.
  double u = (std::erfc(x) - y) / (-1.1283791670955126 * std::exp(-x * x)); // f' = −(2/√π)·e^{−x²}
  return x - u / (1 + x * u);
}

NDTHRUST_HD inline double portable_erfcinv(double y) {
#if defined(__CUDA_ARCH__)
  return ::erfcinv(y);
#else
  return host_erfcinv(y);
#endif
}

/// CuPy's xorshift128+ step.
NDTHRUST_HD inline std::uint64_t xorshift128plus(std::uint64_t* a) {
  std::uint64_t s1 = a[0], s0 = a[1];
  a[0] = s0;
  s1 ^= s1 << 23;
  s1 ^= s1 >> 17;
  s1 ^= s0;
  s1 ^= s0 >> 26;
  a[1] = s1;
  return s0 + s1;
}

/// CuPy's normal: a uniform folded to [0, 0.5] gives a half-normal magnitude by erfcinv, the fold gives its sign.
NDTHRUST_HD inline double sample_normal(std::uint64_t* state) {
  double u = static_cast<double>(xorshift128plus(state)) / 18446744073709551615.0; // / (2^64 − 1)
  double s = -1.4142135623730950488;                                              // −√2
  if (u > 0.5) {
    u = 1 - u;
    s = -s;
  }
  return s * portable_erfcinv(2 * (u + 0.5));
}

/// One thread of the grid: its discounted mean payoff. row/col locate it; its generator is seeded by the flat index.
struct monte_carlo_fn {
  double r, v;
  int samples;
  std::uint64_t seed;
  nd::index_t threads;
  NDTHRUST_HD double operator()(double s, double x, double t, std::int64_t row, std::int64_t col) const {
    std::uint64_t state[2] = {static_cast<std::uint64_t>(row * threads + col) + 1, 0x5c721fd808f616b6ull + seed};
    const double v_by_sqrt_t = v * ::cuda::std::sqrt(t), mu_by_t = (r - v * v / 2) * t;
    double sum = 0;
    for (int k = 0; k < samples; ++k) {
      double call = s * ::cuda::std::exp(mu_by_t + v_by_sqrt_t * sample_normal(state)) - x;
      sum += call > 0 ? call : 0;
    }
    return ::cuda::std::exp(-r * t) * sum / samples;
  }
};

struct bs_call_fn {
  double r, v;
  NDTHRUST_HD double operator()(double s, double x, double t) const {
    double call, put;
    ex::black_scholes(s, x, t, r, v, call, put);
    return call;
  }
};

/// The discounted payoff's second moment bounds its variance: e^{-rT}·max(S_T − X, 0) ≤ e^{-rT}·S_T, whose mean
/// square is S²·e^{v²T}.
struct payoff_second_moment_fn {
  double v;
  NDTHRUST_HD double operator()(double s, double t) const { return s * s * ::cuda::std::exp(v * v * t); }
};

darr price(const darr& s, const darr& x, const darr& t, nd::index_t threads, int samples) {
  nd::index_t options = s.size();
  auto rows = nd::expand_dims(nd::arange<std::int64_t>(dev, 0, options), 1); // (options, 1)
  auto cols = nd::arange<std::int64_t>(dev, 0, threads);                     // (threads,)
  auto grid = nd::empty<double>(dev, {options, threads});
  nd::transform(dev, grid, monte_carlo_fn{ex::risk_free, ex::volatility, samples, 0, threads},
                nd::expand_dims(s, 1), nd::expand_dims(x, 1), nd::expand_dims(t, 1), rows, cols);
  return nd::mean(dev, grid, 1);
}

/// erfc(erfcinv(y)) = y to rounding, across the range the sampler uses and the tails. erfc's relative condition
/// number is 2x²·(about 1) there, so an x correct to an ulp or two moves erfc by up to (1 + 2x²) ulps of y.
bool erfcinv_round_trips() {
  const double ys[] = {1e-300, 1e-20, 1e-5, 0.0485, 0.3, 0.999, 1.0, 1.25, 1.9, 1.99999, 2 - 1e-12};
  for (double y : ys) {
    double x = host_erfcinv(y), back = std::erfc(x);
    if (!(std::fabs(back - y) <= 4 * std::numeric_limits<double>::epsilon() * y * (1 + 2 * x * x))) {
      std::printf("  host erfcinv(%g) = %.17g, erfc of it %.17g\n", y, x, back);
      return false;
    }
  }
  return host_erfcinv(1.0) == 0.0;
}

} // namespace

int main(int argc, char** argv) {
  try {
    ex::args opt(argc, argv, {"--options", "--threads", "--samples", "--reps", "--small", "--input", "--expect"});
    bool small          = opt.has("--small");
    nd::index_t options = opt.integer("--options", small ? 32 : 1000);
    nd::index_t threads = opt.integer("--threads", small ? 128 : 100000);
    int samples         = static_cast<int>(opt.integer("--samples", small ? 512 : 1000));
    int reps            = static_cast<int>(opt.integer("--reps", small ? 3 : 5));
    darr s, x, t;
    if (opt.has("--input")) {
      auto files = opt.values("--input");
      NDTHRUST_EXPECTS(files.size() == 3, value_error, "--input takes three files: S.npy X.npy T.npy");
      s = nd::to_device(nd::load_npy<double>(files[0]));
      x = nd::to_device(nd::load_npy<double>(files[1]));
      t = nd::to_device(nd::load_npy<double>(files[2]));
      NDTHRUST_EXPECTS(s.ndim() == 1 && x.shape() == s.shape() && t.shape() == s.shape(), value_error,
                       "S, X and T must be 1-d arrays of one length, got shapes " + nd::shape_str(s.shape()) + " " +
                         nd::shape_str(x.shape()) + " " + nd::shape_str(t.shape()));
      options = s.size();
    } else {
      nd::random::generator g(0);
      s = g.uniform<double>(dev, {options}, 5.0, 30.0);
      x = g.uniform<double>(dev, {options}, 1.0, 100.0);
      t = g.uniform<double>(dev, {options}, 0.25, 10.0);
    }

    ex::print_backend("Monte-Carlo option pricing");
    std::printf("  %lld options, %lld samples per option (%lld threads x %d samples)\n",
                static_cast<long long>(options), static_cast<long long>(threads * samples),
                static_cast<long long>(threads), samples);

    auto call_mc = price(s, x, t, threads, samples);
    auto call_bs = nd::transform(dev, bs_call_fn{ex::risk_free, ex::volatility}, s, x, t);
    double err   = nd::item(nd::std(dev, nd::subtract(dev, call_mc, call_bs)));

    // Tolerance from the sample counts. The payoff's standard deviation σ_i ≤ S_i·e^{v²T_i/2}
    // (payoff_second_moment_fn); σ = √(mean σ_i²) over the options. Independent draws would leave an error of
    // σ/√(threads·samples). But the generators of neighbouring threads start from states i + 1 that differ only in
    // low bits, and xorshift128+ needs a few steps to carry them to the top bits: the first h ≈ 6 draws of every
    // thread are nearly the same across threads (their uniforms vary by < 1e-3 over 1000 neighbouring threads), so
    // they do not average out over threads and add σ·√h/samples. 3× the sum allows for the spread of the estimate
    // over few options; 7.5e-8·130 covers the Abramowitz–Stegun CDF of the reference price (S + X < 130).
    double sigma = std::sqrt(nd::item(nd::mean(dev, nd::map(payoff_second_moment_fn{ex::volatility}, s, t))));
    double bound = 3 * sigma * (1 / std::sqrt(static_cast<double>(threads) * samples) + std::sqrt(6.0) / samples) +
                   7.5e-8 * 130;
    bool inverse_ok = erfcinv_round_trips();
    bool ok         = std::isfinite(err) && err <= bound && inverse_ok;
    std::printf("  Error: std(call_mc - call_bs) = %.6g (bound %.3g)%s\n", err, bound,
                inverse_ok ? "" : "; host erfcinv does NOT invert erfc");
    if (opt.has("--expect")) {
      // Same generator, same inputs: only the rounding of erfcinv / exp (an ulp or so) and the order of the final
      // mean differ, far below rtol 1e-9; a different random stream would differ by the Monte-Carlo noise (~1e-3).
      auto expect = nd::to_device(nd::load_npy<double>(opt.str("--expect")));
      NDTHRUST_EXPECTS(expect.shape() == call_mc.shape(), value_error,
                       "expected prices of shape " + nd::shape_str(call_mc.shape()) + ", got " +
                         nd::shape_str(expect.shape()));
      // relative, except that prices under a tenth of a cent compare absolutely
      auto rel = nd::item(nd::max(dev, nd::divide(dev, nd::abs(dev, nd::subtract(dev, call_mc, expect)),
                                                  nd::maximum(dev, nd::abs(dev, expect), 1e-3))));
      std::printf("  against the expected prices: max relative difference %.3g\n", rel);
      ok = ok && rel <= 1e-9;
    }

    std::string size = std::to_string(options) + "x" + std::to_string(threads) + "x" + std::to_string(samples) + "_f64";
    ex::report("monte_carlo", "fused", ex::median_ms(reps, true, [&] { price(s, x, t, threads, samples); }), size, ok);
    std::printf(ok ? "all checks passed\n" : "FAILED\n");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "monte_carlo failed: %s\n", e.what());
    return 2;
  }
}
