// examples/support/black_scholes_formula.h — the Black–Scholes closed form of CuPy's finance examples, as one
// NDTHRUST_HD function: the fused kernel of black_scholes.cpp and the reference price of monte_carlo.cpp.
#pragma once

#include <ndthrust/config.h>

#include <cuda/std/cmath>

namespace ex {

/// The examples' market: riskless rate and volatility (PORTS.md).
inline constexpr double risk_free = 0.02;
inline constexpr double volatility = 0.3;

/// Cumulative normal N(x) by the Abramowitz–Stegun polynomial (26.2.17, |error| < 7.5e-8), as CuPy's kernel.
NDTHRUST_HD inline double cnd(double x) {
  const double A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
  const double RSQRT2PI = 0.39894228040143267793994605993438;
  double k   = 1.0 / (1.0 + 0.2316419 * ::cuda::std::fabs(x));
  double cnd = RSQRT2PI * ::cuda::std::exp(-0.5 * x * x) * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))));
  return x > 0 ? 1.0 - cnd : cnd;
}

/// Call and put prices of one option: stock price s, strike x, years t.
NDTHRUST_HD inline void black_scholes(double s, double x, double t, double r, double v, double& call, double& put) {
  double sqrt_t = ::cuda::std::sqrt(t);
  double d1     = (::cuda::std::log(s / x) + (r + v * v / 2) * t) / (v * sqrt_t);
  double d2     = d1 - v * sqrt_t;
  double n1 = cnd(d1), n2 = cnd(d2);
  double exp_rt = ::cuda::std::exp(-r * t);
  call          = s * n1 - x * exp_rt * n2;
  put           = x * exp_rt * (1.0 - n2) - s * (1.0 - n1);
}

} // namespace ex
