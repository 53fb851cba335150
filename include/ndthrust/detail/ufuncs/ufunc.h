// ndthrust/detail/ufuncs/ufunc.h — the one mechanism behind every named ufunc: NEP 50 promotion of the operands,
// NumPy's loop type, then one nd::transform.
#pragma once

#include <ndthrust/core/error.h>
#include <ndthrust/detail/casting.h>
#include <ndthrust/detail/ufuncs/base.h>
#include <ndthrust/ops/comparison.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/promotion.h>

#include <limits>
#include <string>
#include <type_traits>

namespace nd::detail {

template <class X>
inline constexpr bool is_cpp_scalar_v = std::is_arithmetic_v<X> || is_complex_v<X>;

/// NumPy 2 rejects a Python int that does not fit an integer array's dtype (OverflowError); so does ndthrust.
template <class P, class X>
void check_weak_int(const X& x) {
  if constexpr (is_int_v<P> && is_int_v<X>) {
    bool fits = std::is_signed_v<X> ? (static_cast<long double>(x) >= static_cast<long double>(std::numeric_limits<P>::min()) &&
                                       static_cast<long double>(x) <= static_cast<long double>(std::numeric_limits<P>::max()))
                                    : static_cast<long double>(x) <= static_cast<long double>(std::numeric_limits<P>::max());
    NDTHRUST_EXPECTS(fits, value_error,
                     "Python integer " + std::to_string(x) + " out of bounds for " + std::string(dtype_name<P>));
  } else {
    (void) x;
  }
}

/// An integer weak scalar clamped into integer dtype P's range (clip's bounds); other operands pass through.
template <class P, class X>
X clamp_weak_int(const X& x) {
  if constexpr (is_cpp_scalar_v<X> && is_int_v<P> && is_int_v<X>) {
    constexpr P lo = std::numeric_limits<P>::min(), hi = std::numeric_limits<P>::max();
    if (int_less(x, lo)) return static_cast<X>(lo);
    if (int_less(hi, x)) return static_cast<X>(hi);
    return x;
  } else {
    return x;
  }
}

/// A weak scalar converted once, on the host, to the type the kernel computes in; arrays and maps pass through.
template <class L, class X>
decltype(auto) weak_as(const X& x) {
  if constexpr (is_cpp_scalar_v<X>) return convert<L>(x);
  else return (x);
}

/// The kernel functor: converts each operand to the loop type and applies F.
template <class F, class L>
struct ufunc_fn {
  template <class... A>
  NDTHRUST_HD auto operator()(const A&... a) const {
    return F::apply(convert<L>(a)...);
  }
};

/// Comparisons (F::exact_int_compare) take integer pairs exactly: an integer weak scalar keeps its own type (no
/// OverflowError: NumPy 2 answers uint8 < 300 with True) and int64 vs uint64 does not pass through float64.
template <class F, class = void>
struct is_exact_compare : std::false_type {};
template <class F>
struct is_exact_compare<F, std::void_t<decltype(F::exact_int_compare)>> : std::true_type {};

template <class F, class L>
struct compare_fn {
  template <class A, class B>
  NDTHRUST_HD bool operator()(const A& a, const B& b) const {
    if constexpr (is_int_v<canonical_t<A>> && is_int_v<canonical_t<B>>)
      return F::apply_int(static_cast<canonical_t<A>>(a), static_cast<canonical_t<B>>(b));
    else return F::apply(convert<L>(a), convert<L>(b));
  }
};

template <class P, class X>
void check_compare_weak(const X& x) {
  if constexpr (!(is_int_v<P> && is_int_v<X>)) check_weak_int<P>(x);
  else (void) x;
}

template <class P, class L, class X>
decltype(auto) compare_arg(const X& x) {
  if constexpr (is_cpp_scalar_v<X> && is_int_v<X> && is_int_v<P>) return static_cast<canonical_t<X>>(x);
  else return weak_as<L>(x);
}

/// Promoted type, loop type and result type of ufunc F over operands In….
template <class F, class... In>
struct ufunc_sig {
  using promoted = operand_result_t<In...>;
  static_assert(F::template accepts<promoted>, "ndthrust: ufunc not supported for the input types (NumPy raises "
                                               "TypeError here); cast the inputs first");
  using loop   = typename F::template loop<promoted>;
  using result = decltype(F::apply(std::declval<std::conditional_t<true, loop, In>>()...));
};

template <class F, class Policy, class... In>
auto ufunc_new(const Policy& policy, const In&... in) {
  using sig = ufunc_sig<F, In...>;
  using L   = typename sig::loop;
  if constexpr (is_exact_compare<F>::value) {
    (check_compare_weak<typename sig::promoted>(in), ...);
    return transform<bool>(policy, compare_fn<F, L>{}, compare_arg<typename sig::promoted, L>(in)...);
  } else {
    (check_weak_int<typename sig::promoted>(in), ...);
    return transform<typename sig::result>(policy, ufunc_fn<F, L>{}, weak_as<L>(in)...);
  }
}

/// NumPy's __name__ of the ufunc whose functor is nd::ops::<functor> (np.true_divide is named 'divide').
constexpr const char* ufunc_name(const char* functor) {
  const char* td = "true_divide";
  int i = 0;
  while (functor[i] != '\0' && functor[i] == td[i]) ++i;
  return functor[i] == td[i] ? "divide" : functor;
}

/// Ufunc F into `out`: NumPy's loop result (after NEP 50, so int8 array + 1 is int8) must cast to out's dtype under
/// `c` (NumPy's out= default same_kind), else nd::dtype_error names the ufunc as NumPy does.
template <class F, class Policy, class T, class S, class... In>
array<T, S> ufunc_out(const Policy& policy, const array<T, S>& out, casting c, const char* name, const In&... in) {
  using sig = ufunc_sig<F, In...>;
  using L   = typename sig::loop;
  if constexpr (is_exact_compare<F>::value) {
    check_out_cast<bool, T>(c, name);
    (check_compare_weak<typename sig::promoted>(in), ...);
    transform(policy, out, casting::unsafe, compare_fn<F, L>{}, compare_arg<typename sig::promoted, L>(in)...);
  } else {
    check_out_cast<typename sig::result, T>(c, name);
    (check_weak_int<typename sig::promoted>(in), ...);
    transform(policy, out, casting::unsafe, ufunc_fn<F, L>{}, weak_as<L>(in)...);
  }
  return out;
}

} // namespace nd::detail
