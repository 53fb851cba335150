// ndthrust/ops/list.h — the one list of ufuncs. ufuncs.h defines the named algorithm of every entry, the ufunc
// tests run every entry against NumPy, and tests/golden/ufuncs/make_golden.py reads this file for the kinds,
// arities and tolerances of its golden data. A new ufunc is its functor (ops/<kind>.h) and one line here.
//
// NDTHRUST_UFUNCS(X) calls X(kind, name, arity, maxulp, form) for each ufunc, whose functor is nd::ops::name:
//   kind    the ops/ header and golden file it belongs to;
//   maxulp  the golden tolerance in units in the last place of the result (0: bit-exact);
//   form    `named`: ufuncs.h generates nd::name(policy, …) and its out= form; `custom`: ufuncs.h writes them by
//           hand (power checks integer exponents, clip clamps weak bounds, where tests a condition).
// NDTHRUST_UFUNC_ALIASES(X) calls X(alias, name, arity) for NumPy's other names of the same functor.
#pragma once

// clang-format off
#define NDTHRUST_UFUNCS(X)                                                                                             \
  X(arithmetic, add, 2, 0, named)              X(arithmetic, subtract, 2, 0, named)                                   \
  X(arithmetic, multiply, 2, 0, named)         X(arithmetic, true_divide, 2, 0, named)                                \
  X(arithmetic, floor_divide, 2, 0, named)     X(arithmetic, remainder, 2, 0, named)                                  \
  X(arithmetic, fmod, 2, 0, named)             X(arithmetic, power, 2, 4, custom)                                     \
  X(arithmetic, float_power, 2, 4, named)      X(arithmetic, maximum, 2, 0, named)                                    \
  X(arithmetic, minimum, 2, 0, named)          X(arithmetic, fmax, 2, 0, named)                                       \
  X(arithmetic, fmin, 2, 0, named)             X(arithmetic, clip, 3, 0, custom)                                      \
  X(arithmetic, negative, 1, 0, named)         X(arithmetic, positive, 1, 0, named)                                   \
  X(arithmetic, absolute, 1, 1, named)         X(arithmetic, sign, 1, 1, named)                                       \
  X(arithmetic, reciprocal, 1, 0, named)       X(arithmetic, square, 1, 0, named)                                     \
  X(exponential, sqrt, 1, 1, named)            X(exponential, cbrt, 1, 2, named)                                      \
  X(exponential, exp, 1, 4, named)             X(exponential, exp2, 1, 4, named)                                      \
  X(exponential, expm1, 1, 4, named)           X(exponential, log, 1, 4, named)                                       \
  X(exponential, log2, 1, 4, named)            X(exponential, log10, 1, 4, named)                                     \
  X(exponential, log1p, 1, 4, named)           X(exponential, logaddexp, 2, 4, named)                                 \
  X(exponential, logaddexp2, 2, 4, named)                                                                              \
  X(trigonometric, sin, 1, 4, named)           X(trigonometric, cos, 1, 4, named)                                     \
  X(trigonometric, tan, 1, 4, named)           X(trigonometric, arcsin, 1, 4, named)                                  \
  X(trigonometric, arccos, 1, 4, named)        X(trigonometric, arctan, 1, 4, named)                                  \
  X(trigonometric, sinh, 1, 4, named)          X(trigonometric, cosh, 1, 4, named)                                    \
  X(trigonometric, tanh, 1, 4, named)          X(trigonometric, arcsinh, 1, 4, named)                                 \
  X(trigonometric, arccosh, 1, 4, named)       X(trigonometric, arctanh, 1, 4, named)                                 \
  X(trigonometric, arctan2, 2, 4, named)       X(trigonometric, hypot, 2, 1, named)                                   \
  X(trigonometric, deg2rad, 1, 1, named)       X(trigonometric, rad2deg, 1, 1, named)                                 \
  X(rounding, floor, 1, 0, named)              X(rounding, ceil, 1, 0, named)                                         \
  X(rounding, trunc, 1, 0, named)              X(rounding, rint, 1, 0, named)                                         \
  X(rounding, round, 1, 0, named)                                                                                      \
  X(comparison, equal, 2, 0, named)            X(comparison, not_equal, 2, 0, named)                                  \
  X(comparison, less, 2, 0, named)             X(comparison, less_equal, 2, 0, named)                                 \
  X(comparison, greater, 2, 0, named)          X(comparison, greater_equal, 2, 0, named)                              \
  X(comparison, logical_and, 2, 0, named)      X(comparison, logical_or, 2, 0, named)                                 \
  X(comparison, logical_xor, 2, 0, named)      X(comparison, logical_not, 1, 0, named)                                \
  X(comparison, where, 3, 0, custom)                                                                                   \
  X(bitwise, bitwise_and, 2, 0, named)         X(bitwise, bitwise_or, 2, 0, named)                                    \
  X(bitwise, bitwise_xor, 2, 0, named)         X(bitwise, invert, 1, 0, named)                                        \
  X(bitwise, left_shift, 2, 0, named)          X(bitwise, right_shift, 2, 0, named)                                   \
  X(classification, isnan, 1, 0, named)        X(classification, isinf, 1, 0, named)                                  \
  X(classification, isfinite, 1, 0, named)     X(classification, signbit, 1, 0, named)                                \
  X(classification, copysign, 2, 0, named)     X(classification, nextafter, 2, 0, named)                              \
  X(complex, real, 1, 0, named)                X(complex, imag, 1, 0, named)                                          \
  X(complex, conj, 1, 0, named)                X(complex, angle, 1, 4, named)

#define NDTHRUST_UFUNC_ALIASES(X)                                                                                      \
  X(divide, true_divide, 2) X(mod, remainder, 2) X(abs, absolute, 1) X(radians, deg2rad, 1) X(degrees, rad2deg, 1)     \
  X(around, round, 1) X(bitwise_not, invert, 1) X(conjugate, conj, 1)
// clang-format on
