// examples/black_scholes.cpp — CuPy's finance/black_scholes.py ported to ndthrust.
//
// Prices n European options (float64; S ~ U[5, 30), X ~ U[1, 100), T ~ U[0.25, 10), r = 0.02, v = 0.3) two ways,
// as CuPy times them: one kernel per operation (nd:: ufuncs, CuPy's `xp` version) and one fused kernel (an
// nd::transform with a user functor, CuPy's ElementwiseKernel). NumPy's and CuPy's timings come from
// bench/peers/ports.py.
//
//   black_scholes [--n 10000000] [--reps 7]     the PORTS.md size
//   black_scholes --small                       100,000 options (the ctest smoke run)
//
// Checks (non-zero exit on a mismatch): the two versions agree within rtol 1e-7; on a sample of options both agree
// with a plain host loop of the same closed form, and that loop agrees with the exact normal CDF (std::erfc) within
// the Abramowitz–Stegun polynomial's error bound.
#include "support/black_scholes_formula.h"
#include "support/example_util.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>

namespace {

using darr = nd::device_array<double>;
const auto& dev = nd::device;

struct prices {
  darr call, put;
};

/// The fused kernel. nd::transform has one output, so it writes call and put as the real and imaginary parts of one
/// complex128 element: one pass that reads s, x, t once and writes both prices, as CuPy's ElementwiseKernel.
struct fused_fn {
  double r, v;
  NDTHRUST_HD nd::complex128 operator()(double s, double x, double t) const {
    double call, put;
    ex::black_scholes(s, x, t, r, v, call, put);
    return {call, put};
  }
};

/// Part `k` (0 real, 1 imaginary) of a complex128 array as a float64 view sharing its storage (NumPy's z.real/z.imag).
darr part(const nd::device_array<nd::complex128>& z, int k) {
  std::shared_ptr<double> storage(z.storage(), reinterpret_cast<double*>(z.storage_begin()));
  return darr(storage, 2 * z.storage_size(), z.shape(), nd::strides_t{2 * z.strides()[0]}, 2 * z.offset() + k);
}

prices fused(const darr& s, const darr& x, const darr& t) {
  auto z = nd::empty<nd::complex128>(dev, s.shape());
  nd::transform(dev, z, fused_fn{ex::risk_free, ex::volatility}, s, x, t);
  return {part(z, 0), part(z, 1)};
}

/// N(x) one ufunc per operation, as CuPy's get_cumulative_normal_distribution with xp = cupy.
darr cnd_ufuncs(const darr& d) {
  const double A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
  const double RSQRT2PI = 0.39894228040143267793994605993438;
  auto k    = nd::divide(dev, 1.0, nd::add(dev, 1.0, nd::multiply(dev, 0.2316419, nd::abs(dev, d))));
  auto poly = nd::add(dev, A4, nd::multiply(dev, k, A5));
  poly      = nd::add(dev, A3, nd::multiply(dev, k, poly));
  poly      = nd::add(dev, A2, nd::multiply(dev, k, poly));
  poly      = nd::add(dev, A1, nd::multiply(dev, k, poly));
  auto cnd  = nd::multiply(dev, nd::multiply(dev, RSQRT2PI, nd::exp(dev, nd::multiply(dev, nd::multiply(dev, -0.5, d), d))),
                           nd::multiply(dev, k, poly));
  return nd::where(dev, nd::greater(dev, d, 0.0), nd::subtract(dev, 1.0, cnd), cnd);
}

prices ufuncs(const darr& s, const darr& x, const darr& t) {
  const double r = ex::risk_free, v = ex::volatility;
  auto sqrt_t = nd::sqrt(dev, t);
  auto v_sqrt_t = nd::multiply(dev, v, sqrt_t);
  auto d1 = nd::divide(dev, nd::add(dev, nd::log(dev, nd::divide(dev, s, x)), nd::multiply(dev, r + v * v / 2, t)),
                       v_sqrt_t);
  auto d2     = nd::subtract(dev, d1, v_sqrt_t);
  auto n1     = cnd_ufuncs(d1);
  auto n2     = cnd_ufuncs(d2);
  auto x_exp  = nd::multiply(dev, x, nd::exp(dev, nd::multiply(dev, -r, t)));
  auto call   = nd::subtract(dev, nd::multiply(dev, s, n1), nd::multiply(dev, x_exp, n2));
  auto put    = nd::subtract(dev, nd::multiply(dev, x_exp, nd::subtract(dev, 1.0, n2)),
                             nd::multiply(dev, s, nd::subtract(dev, 1.0, n1)));
  return {call, put};
}

/// NumPy's isclose negated: |a - b| > atol + rtol * |b|.
struct not_close_fn {
  double rtol, atol;
  NDTHRUST_HD bool operator()(double a, double b) const {
    return !(::cuda::std::fabs(a - b) <= atol + rtol * ::cuda::std::fabs(b));
  }
};

// Prices are dollars; put = X·e^{-rT}(1 − N(d2)) − S(1 − N(d1)) cancels to ~0 for deep out-of-the-money puts, where
// terms up to 100 carry rounding of ~100·eps ≈ 2e-14, so relative comparisons get this absolute floor.
constexpr double rtol = 1e-7, atol = 1e-12;

nd::index_t mismatches(const darr& a, const darr& b) {
  return nd::item(nd::count_nonzero(dev, nd::map(not_close_fn{rtol, atol}, a, b)));
}

/// Compares both versions with a host loop on an evenly spaced sample; prints and returns the number of failures.
int check_sample(const darr& s, const darr& x, const darr& t, const prices& f, const prices& u) {
  nd::index_t n = s.size(), step = n > 1000 ? n / 1000 : 1;
  auto pick = [&](const darr& a) { return nd::to_host(nd::ascontiguousarray(dev, a(nd::slice(0, n, step)))); };
  auto hs = pick(s), hx = pick(x), ht = pick(t), fc = pick(f.call), fp = pick(f.put), uc = pick(u.call),
       up = pick(u.put);
  int bad_loop = 0, bad_exact = 0;
  auto close = [](double a, double b) { return std::fabs(a - b) <= atol + rtol * std::fabs(b); };
  for (nd::index_t i = 0; i < hs.size(); ++i) {
    double S = hs.raw()[i], X = hx.raw()[i], T = ht.raw()[i], r = ex::risk_free, v = ex::volatility, call, put;
    ex::black_scholes(S, X, T, r, v, call, put);
    if (!close(fc.raw()[i], call) || !close(fp.raw()[i], put) || !close(uc.raw()[i], call) || !close(up.raw()[i], put))
      ++bad_loop;
    // The exact N(x) = erfc(-x/√2)/2: each price differs from it by at most 7.5e-8·(S + X·e^{-rT}) (the polynomial's
    // bound times the two weights), which checks the polynomial's constants independently of the kernels.
    double d1 = (std::log(S / X) + (r + v * v / 2) * T) / (v * std::sqrt(T)), d2 = d1 - v * std::sqrt(T);
    auto N    = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    double xe = X * std::exp(-r * T), bound = 7.5e-8 * (S + xe) + atol;
    double exact_call = S * N(d1) - xe * N(d2), exact_put = xe * N(-d2) - S * N(-d1);
    if (std::fabs(call - exact_call) > bound || std::fabs(put - exact_put) > bound) ++bad_exact;
  }
  std::printf("  host loop on %lld sampled options: %d mismatch(es); exact-CDF bound: %d outside\n",
              static_cast<long long>(hs.size()), bad_loop, bad_exact);
  return bad_loop + bad_exact;
}

} // namespace

int main(int argc, char** argv) {
  try {
    ex::args opt(argc, argv, {"--n", "--reps", "--small"});
    nd::index_t n = opt.integer("--n", opt.has("--small") ? 100000 : 10000000);
    int reps      = static_cast<int>(opt.integer("--reps", opt.has("--small") ? 3 : 7));
    ex::print_backend("Black-Scholes");
    std::printf("  %lld options, float64\n", static_cast<long long>(n));

    nd::random::generator g(0);
    auto s = g.uniform<double>(dev, {n}, 5.0, 30.0);
    auto x = g.uniform<double>(dev, {n}, 1.0, 100.0);
    auto t = g.uniform<double>(dev, {n}, 0.25, 10.0);

    prices f = fused(s, x, t), u = ufuncs(s, x, t);
    nd::index_t differ = mismatches(f.call, u.call) + mismatches(f.put, u.put);
    std::printf("  fused vs ufuncs: %lld price(s) differ beyond rtol %g\n", static_cast<long long>(differ), rtol);
    int bad_sample = check_sample(s, x, t, f, u);
    bool ok        = differ == 0 && bad_sample == 0;

    std::string size = std::to_string(n) + "_f64";
    ex::report("black_scholes", "fused", ex::median_ms(reps, true, [&] { fused(s, x, t); }), size, ok);
    ex::report("black_scholes", "ufuncs", ex::median_ms(reps, true, [&] { ufuncs(s, x, t); }), size, ok);
    std::printf(ok ? "all checks passed\n" : "FAILED\n");
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "black_scholes failed: %s\n", e.what());
    return 2;
  }
}
