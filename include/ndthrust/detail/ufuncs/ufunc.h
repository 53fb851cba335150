// ndthrust/detail/ufuncs/ufunc.h — the one mechanism behind every named ufunc: NEP 50 promotion of the operands,
// NumPy's loop type, then one nd::transform.
#pragma once

#include <ndthrust/core/error.h>
#include <ndthrust/detail/ufuncs/base.h>
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
  (check_weak_int<typename sig::promoted>(in), ...);
  using L = typename sig::loop;
  return transform<typename sig::result>(policy, ufunc_fn<F, L>{}, weak_as<L>(in)...);
}

template <class F, class Policy, class T, class S, class... In>
array<T, S> ufunc_out(const Policy& policy, const array<T, S>& out, const In&... in) {
  using sig = ufunc_sig<F, In...>;
  (check_weak_int<typename sig::promoted>(in), ...);
  using L = typename sig::loop;
  transform(policy, out, ufunc_fn<F, L>{}, weak_as<L>(in)...);
  return out;
}

} // namespace nd::detail
