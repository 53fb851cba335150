// ndthrust/ufuncs.h — NumPy's universal functions: named algorithms and functor objects.
//
//   auto c = nd::add(nd::device, a, b);          // a new array of the promoted dtype, a and b broadcast together
//   nd::multiply(nd::device, x, 5, x);           // into an existing array (here in place); the result is cast to it
//   auto m = nd::maximum(nd::device, x, 0.0f);   // C++ scalars are weak, as Python scalars are (NEP 50)
//   nd::transform(nd::device, out, nd::ops::hypot{}, a, b);          // the functor in a user transform
//   auto s = nd::map(nd::ops::square{}, x);                          // … or in a lazy, fused expression
//
// Naming: the functor of NumPy's `np.f` is the struct `nd::ops::f` (construct it: `nd::ops::f{}`), NumPy's aliases
// included (`nd::ops::divide`, `mod`, `abs`, `bitwise_not`, `conjugate`); the named algorithm is `nd::f(policy, …)`.
// Functors take values of any dtypes, promote them as arrays of those dtypes would (NumPy's table), and compute in
// NumPy's loop type; the named algorithms apply NEP 50 to their operands, so that a C++ scalar is weak.
//
// Every ufunc has the forms
//   nd::f(policy, x...)        → a new array of the broadcast shape and NumPy's result dtype;
//   nd::f(policy, x..., out)   → writes into `out` (may alias an input) and returns it; the result dtype must cast
//                                to out's under NumPy's default casting='same_kind' (float into an int out raises
//                                nd::dtype_error "Cannot cast ufunc 'add' output from dtype('float64') to
//                                dtype('int64') with casting rule 'same_kind'"); nd::f(policy, x..., out,
//                                nd::casting::unsafe) truncates instead.
// Inputs are arrays, nd::map expressions, or C++ scalars, all in the policy's space. A ufunc NumPy does not define for
// the inputs' dtypes (subtract of bools, bitwise_and of floats, …) is a compile-time error, where NumPy raises
// TypeError; a weak integer scalar that does not fit an integer array's dtype raises nd::value_error (NumPy's
// OverflowError "Python integer 300 out of bounds for int8"); comparisons instead answer exactly (uint8 < 300 is
// True), integers of mixed signedness compare by value (int64 vs uint64), and clip clamps such bounds to the dtype.
//
// Edge semantics are NumPy's (see the detail/ufuncs/ headers): integer floor_divide / remainder round toward -inf
// and take the divisor's sign; integer division by zero gives 0; INT_MIN // -1 gives INT_MIN; maximum/minimum
// propagate NaN, fmax/fmin ignore it; sign of a complex is z/|z|. Differences from NumPy, all documented:
//   - integers to negative integer powers raise nd::value_error as in NumPy (the named algorithm checks the exponent
//     first); the functor in a user kernel cannot raise and gives the integer part of the exact result;
//   - reciprocal of integer 0 gives 0 (NumPy: an undefined float→int cast);
//   - NumPy's float16 loops (sqrt, sin … of bool, int8, uint8) compute in float32: ndthrust has no float16;
//   - division by zero and invalid operations do not warn.
#pragma once

#include <ndthrust/detail/ufuncs/arithmetic.h>
#include <ndthrust/detail/ufuncs/bitwise.h>
#include <ndthrust/detail/ufuncs/classification.h>
#include <ndthrust/detail/ufuncs/comparison.h>
#include <ndthrust/detail/ufuncs/complex.h>
#include <ndthrust/detail/ufuncs/exponential.h>
#include <ndthrust/detail/ufuncs/rounding.h>
#include <ndthrust/detail/ufuncs/trigonometric.h>
#include <ndthrust/detail/ufuncs/ufunc.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/promotion.h>

#include <thrust/logical.h>

#include <utility>

// The named algorithms, one line each (the plumbing is in detail/ufuncs/ufunc.h).
#define NDTHRUST_NAMED1(name, F)                                                                                       \
  template <class Policy, class A, std::enable_if_t<is_policy_v<Policy>, int> = 0>                                     \
  auto name(const Policy& policy, const A& a) {                                                                        \
    return detail::ufunc_new<ops::F>(policy, a);                                                                       \
  }                                                                                                                    \
  template <class Policy, class A, class T, class S, std::enable_if_t<is_policy_v<Policy>, int> = 0>                   \
  array<T, S> name(const Policy& policy, const A& a, const array<T, S>& out, casting c = casting::same_kind) {         \
    return detail::ufunc_out<ops::F>(policy, out, c, detail::ufunc_name(#F), a);                                       \
  }
#define NDTHRUST_NAMED2(name, F)                                                                                       \
  template <class Policy, class A, class B, std::enable_if_t<is_policy_v<Policy>, int> = 0>                            \
  auto name(const Policy& policy, const A& a, const B& b) {                                                            \
    return detail::ufunc_new<ops::F>(policy, a, b);                                                                    \
  }                                                                                                                    \
  template <class Policy, class A, class B, class T, class S, std::enable_if_t<is_policy_v<Policy>, int> = 0>          \
  array<T, S> name(const Policy& policy, const A& a, const B& b, const array<T, S>& out,                              \
                   casting c = casting::same_kind) {                                                                   \
    return detail::ufunc_out<ops::F>(policy, out, c, detail::ufunc_name(#F), a, b);                                    \
  }

namespace nd {

// Arithmetic
NDTHRUST_NAMED2(add, add)
NDTHRUST_NAMED2(subtract, subtract)
NDTHRUST_NAMED2(multiply, multiply)
NDTHRUST_NAMED2(true_divide, true_divide)
NDTHRUST_NAMED2(divide, true_divide)
NDTHRUST_NAMED2(floor_divide, floor_divide)
NDTHRUST_NAMED2(remainder, remainder)
NDTHRUST_NAMED2(mod, remainder)
NDTHRUST_NAMED2(fmod, fmod)
NDTHRUST_NAMED2(float_power, float_power)
NDTHRUST_NAMED2(maximum, maximum)
NDTHRUST_NAMED2(minimum, minimum)
NDTHRUST_NAMED2(fmax, fmax)
NDTHRUST_NAMED2(fmin, fmin)
NDTHRUST_NAMED1(negative, negative)
NDTHRUST_NAMED1(positive, positive)
NDTHRUST_NAMED1(absolute, absolute)
NDTHRUST_NAMED1(abs, absolute)
NDTHRUST_NAMED1(sign, sign)
NDTHRUST_NAMED1(reciprocal, reciprocal)
NDTHRUST_NAMED1(square, square)
// Exponential and logarithmic
NDTHRUST_NAMED1(sqrt, sqrt)
NDTHRUST_NAMED1(cbrt, cbrt)
NDTHRUST_NAMED1(exp, exp)
NDTHRUST_NAMED1(exp2, exp2)
NDTHRUST_NAMED1(expm1, expm1)
NDTHRUST_NAMED1(log, log)
NDTHRUST_NAMED1(log2, log2)
NDTHRUST_NAMED1(log10, log10)
NDTHRUST_NAMED1(log1p, log1p)
NDTHRUST_NAMED2(logaddexp, logaddexp)
NDTHRUST_NAMED2(logaddexp2, logaddexp2)
// Trigonometric and hyperbolic
NDTHRUST_NAMED1(sin, sin)
NDTHRUST_NAMED1(cos, cos)
NDTHRUST_NAMED1(tan, tan)
NDTHRUST_NAMED1(arcsin, arcsin)
NDTHRUST_NAMED1(arccos, arccos)
NDTHRUST_NAMED1(arctan, arctan)
NDTHRUST_NAMED2(arctan2, arctan2)
NDTHRUST_NAMED2(hypot, hypot)
NDTHRUST_NAMED1(sinh, sinh)
NDTHRUST_NAMED1(cosh, cosh)
NDTHRUST_NAMED1(tanh, tanh)
NDTHRUST_NAMED1(arcsinh, arcsinh)
NDTHRUST_NAMED1(arccosh, arccosh)
NDTHRUST_NAMED1(arctanh, arctanh)
NDTHRUST_NAMED1(deg2rad, deg2rad)
NDTHRUST_NAMED1(rad2deg, rad2deg)
NDTHRUST_NAMED1(radians, deg2rad)
NDTHRUST_NAMED1(degrees, rad2deg)
// Rounding
NDTHRUST_NAMED1(floor, floor)
NDTHRUST_NAMED1(ceil, ceil)
NDTHRUST_NAMED1(trunc, trunc)
NDTHRUST_NAMED1(rint, rint)
NDTHRUST_NAMED1(round, round)
NDTHRUST_NAMED1(around, round)
// Comparison and logic (bool results)
NDTHRUST_NAMED2(equal, equal)
NDTHRUST_NAMED2(not_equal, not_equal)
NDTHRUST_NAMED2(less, less)
NDTHRUST_NAMED2(less_equal, less_equal)
NDTHRUST_NAMED2(greater, greater)
NDTHRUST_NAMED2(greater_equal, greater_equal)
NDTHRUST_NAMED2(logical_and, logical_and)
NDTHRUST_NAMED2(logical_or, logical_or)
NDTHRUST_NAMED2(logical_xor, logical_xor)
NDTHRUST_NAMED1(logical_not, logical_not)
// Bitwise (integers and bool)
NDTHRUST_NAMED2(bitwise_and, bitwise_and)
NDTHRUST_NAMED2(bitwise_or, bitwise_or)
NDTHRUST_NAMED2(bitwise_xor, bitwise_xor)
NDTHRUST_NAMED1(invert, invert)
NDTHRUST_NAMED1(bitwise_not, invert)
NDTHRUST_NAMED2(left_shift, left_shift)
NDTHRUST_NAMED2(right_shift, right_shift)
// Floating-point classification
NDTHRUST_NAMED1(isnan, isnan)
NDTHRUST_NAMED1(isinf, isinf)
NDTHRUST_NAMED1(isfinite, isfinite)
NDTHRUST_NAMED1(signbit, signbit)
NDTHRUST_NAMED2(copysign, copysign)
NDTHRUST_NAMED2(nextafter, nextafter)
// Complex
NDTHRUST_NAMED1(real, real)
NDTHRUST_NAMED1(imag, imag)
NDTHRUST_NAMED1(conj, conj)
NDTHRUST_NAMED1(conjugate, conj)
NDTHRUST_NAMED1(angle, angle)

namespace detail {
struct is_true {
  NDTHRUST_HD bool operator()(bool x) const { return x; }
};
/// NumPy raises for integers to negative integer powers; a kernel cannot, so a signed integer exponent is checked
/// first (a scalar at once, an array by one any(exponent < 0) pass and a synchronisation).
template <class Policy, class A, class B>
void check_int_power(const Policy& policy, const B& b) {
  using P = operand_result_t<A, B>;
  if constexpr (is_int_v<P> && std::is_signed_v<P>) {
    bool neg;
    if constexpr (is_cpp_scalar_v<B>) {
      neg = is_int_v<B> && int_less(b, 0);
    } else {
      auto lt = ::nd::detail::ufunc_new<ops::less>(policy, b, 0);
      neg     = thrust::any_of(policy, lt.raw(), lt.raw() + lt.size(), is_true{});
    }
    NDTHRUST_EXPECTS(!neg, value_error, "Integers to negative integer powers are not allowed.");
  } else {
    (void) policy;
    (void) b;
  }
}
} // namespace detail

template <class Policy, class A, class B, std::enable_if_t<is_policy_v<Policy>, int> = 0>
auto power(const Policy& policy, const A& a, const B& b) {
  detail::check_int_power<Policy, A>(policy, b);
  return detail::ufunc_new<ops::power>(policy, a, b);
}
template <class Policy, class A, class B, class T, class S, std::enable_if_t<is_policy_v<Policy>, int> = 0>
array<T, S> power(const Policy& policy, const A& a, const B& b, const array<T, S>& out,
                  casting c = casting::same_kind) {
  detail::check_int_power<Policy, A>(policy, b);
  return detail::ufunc_out<ops::power>(policy, out, c, "power", a, b);
}

/// NumPy 2's clip: minimum(maximum(a, lo), hi), NaN propagating; all three promote together.
/// An integer weak bound outside an integer array's dtype is clamped to the dtype's range first (NumPy 2:
/// clip(uint8, -1, 300) is the array unchanged, uint8).
template <class Policy, class A, class L, class H, std::enable_if_t<is_policy_v<Policy>, int> = 0>
auto clip(const Policy& policy, const A& a, const L& lo, const H& hi) {
  using P = operand_result_t<A, L, H>;
  return detail::ufunc_new<ops::clip>(policy, a, detail::clamp_weak_int<P>(lo), detail::clamp_weak_int<P>(hi));
}
template <class Policy, class A, class L, class H, class T, class S, std::enable_if_t<is_policy_v<Policy>, int> = 0>
array<T, S> clip(const Policy& policy, const A& a, const L& lo, const H& hi, const array<T, S>& out,
                 casting c = casting::same_kind) {
  using P = operand_result_t<A, L, H>;
  return detail::ufunc_out<ops::clip>(policy, out, c, "clip", a, detail::clamp_weak_int<P>(lo),
                                      detail::clamp_weak_int<P>(hi));
}

/// cond ? a : b elementwise (NumPy's three-argument where); a and b promote together, cond is tested for truth.
template <class Policy, class C, class A, class B, std::enable_if_t<is_policy_v<Policy>, int> = 0>
auto where(const Policy& policy, const C& cond, const A& a, const B& b) {
  using R = operand_result_t<A, B>;
  detail::check_weak_int<R>(a);
  detail::check_weak_int<R>(b);
  return transform<R>(policy, ops::where{}, cond, detail::weak_as<R>(a), detail::weak_as<R>(b));
}
template <class Policy, class C, class A, class B, class T, class S, std::enable_if_t<is_policy_v<Policy>, int> = 0>
array<T, S> where(const Policy& policy, const C& cond, const A& a, const B& b, const array<T, S>& out,
                  casting c = casting::same_kind) {
  using R = operand_result_t<A, B>;
  detail::check_cast<R, T>(c);
  detail::check_weak_int<R>(a);
  detail::check_weak_int<R>(b);
  transform(policy, out, casting::unsafe, ops::where{}, cond, detail::weak_as<R>(a), detail::weak_as<R>(b));
  return out;
}

/// Python's divmod: (floor_divide(a, b), remainder(a, b)) as two new arrays.
template <class Policy, class A, class B, std::enable_if_t<is_policy_v<Policy>, int> = 0>
auto divmod(const Policy& policy, const A& a, const B& b) {
  return std::make_pair(floor_divide(policy, a, b), remainder(policy, a, b));
}
/// divmod into two outputs (which must not alias the inputs: the quotient is written first).
template <class Policy, class A, class B, class T, class S, class U, std::enable_if_t<is_policy_v<Policy>, int> = 0>
void divmod(const Policy& policy, const A& a, const B& b, const array<T, S>& quotient, const array<U, S>& rem,
            casting c = casting::same_kind) {
  using R = typename detail::ufunc_sig<ops::floor_divide, A, B>::result;
  detail::check_out_cast<R, T>(c, "divmod"); // both checked before either is written
  detail::check_out_cast<R, U>(c, "divmod");
  floor_divide(policy, a, b, quotient, c);
  remainder(policy, a, b, rem, c);
}

} // namespace nd

#undef NDTHRUST_NAMED1
#undef NDTHRUST_NAMED2
