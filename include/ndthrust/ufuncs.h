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
// Besides: nd::round(policy, a, decimals) / nd::around (NumPy's decimals form: multiply by 10**decimals, rint,
// divide, in the input's dtype; negative decimals, integers and complex too; no out= form), and nd::divmod.
// Inputs are arrays, nd::map expressions, or C++ scalars, all in the policy's space. A ufunc NumPy does not define for
// the inputs' dtypes (subtract of bools, bitwise_and of floats, …) is a compile-time error, where NumPy raises
// TypeError; a weak integer scalar that does not fit an integer array's dtype raises nd::value_error (NumPy's
// OverflowError "Python integer 300 out of bounds for int8"); comparisons instead answer exactly (uint8 < 300 is
// True), integers of mixed signedness compare by value (int64 vs uint64), and clip clamps such bounds to the dtype.
//
// Edge semantics are NumPy's (see the ops/ headers): integer floor_divide / remainder round toward -inf
// and take the divisor's sign; integer division by zero gives 0; INT_MIN // -1 gives INT_MIN; maximum/minimum
// propagate NaN, fmax/fmin ignore it; sign of a complex is z/|z|. Differences from NumPy, all documented:
//   - integers to negative integer powers raise nd::value_error as in NumPy (the named algorithm checks the exponent
//     first); the functor in a user kernel cannot raise and gives the integer part of the exact result;
//   - reciprocal of integer 0 gives 0 (NumPy: an undefined float→int cast);
//   - NumPy's float16 loops (sqrt, sin … of bool, int8, uint8) compute in float32: ndthrust has no float16;
//   - division by zero and invalid operations do not warn.
#pragma once

#include <ndthrust/detail/ufuncs/ufunc.h>
#include <ndthrust/ops/arithmetic.h>
#include <ndthrust/ops/bitwise.h>
#include <ndthrust/ops/classification.h>
#include <ndthrust/ops/comparison.h>
#include <ndthrust/ops/complex.h>
#include <ndthrust/ops/exponential.h>
#include <ndthrust/ops/list.h>
#include <ndthrust/ops/rounding.h>
#include <ndthrust/ops/trigonometric.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/promotion.h>

#include <thrust/logical.h>

#include <climits>
#include <utility>

// The named algorithms (the plumbing is in detail/ufuncs/ufunc.h).
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

// One named algorithm per entry and alias of ops/list.h; the `custom` ones (power, clip, where) follow by hand.
#define NDTHRUST_NAMED_named(name, arity) NDTHRUST_NAMED##arity(name, name)
#define NDTHRUST_NAMED_custom(name, arity)
#define NDTHRUST_NAMED_ENTRY(kind, name, arity, maxulp, form) NDTHRUST_NAMED_##form(name, arity)
#define NDTHRUST_NAMED_ALIAS(alias, name, arity) NDTHRUST_NAMED##arity(alias, name)
NDTHRUST_UFUNCS(NDTHRUST_NAMED_ENTRY)
NDTHRUST_UFUNC_ALIASES(NDTHRUST_NAMED_ALIAS)
#undef NDTHRUST_NAMED_ENTRY
#undef NDTHRUST_NAMED_ALIAS
#undef NDTHRUST_NAMED_named
#undef NDTHRUST_NAMED_custom

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

/// numpy.round(a, decimals) (and nd::around): NumPy's multiply by 10**decimals, rint (half to even), divide, in the
/// input's dtype, so np.round(2.675, 2) is 2.68 as in NumPy (2.675 * 100 rounds to 267.5); negative decimals round
/// to tens, hundreds …, integers included (through float64 and back, as NumPy: int32 1250 → 1200, 1350 → 1400);
/// complex rounds both parts. The result has the input's dtype; decimals = 0 is nd::round(policy, a). Bool input
/// with decimals ≠ 0 raises nd::dtype_error as NumPy does. No out= form with decimals.
template <class Policy, class A, class D, std::enable_if_t<is_policy_v<Policy> && std::is_integral_v<D>, int> = 0>
auto round(const Policy& policy, const A& a, D decimals) {
  using T = detail::operand_value_t<A>;
  using R = decltype(round(policy, a));
  if (decimals == 0) return round(policy, a);
  // NumPy takes decimals as a C int.
  NDTHRUST_EXPECTS(!detail::int_less(decimals, INT_MIN) && !detail::int_less(INT_MAX, decimals), value_error,
                   "Python int too large to convert to C int");
  const int d = static_cast<int>(decimals);
  if constexpr (std::is_same_v<T, bool>) {
    detail::check_out_cast<double, bool>(casting::same_kind, d > 0 ? "multiply" : "divide");
    return R{};
  } else {
    const double scale = detail::round_scale(d < 0 ? -static_cast<long long>(d) : d);
    return transform<T>(policy, detail::round_decimals_fn<T>{scale, d < 0}, a);
  }
}
template <class Policy, class A, class D, std::enable_if_t<is_policy_v<Policy> && std::is_integral_v<D>, int> = 0>
auto around(const Policy& policy, const A& a, D decimals) {
  return round(policy, a, decimals);
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
