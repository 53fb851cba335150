// ndthrust/detail/ufuncs/comparison.h — equal … greater_equal, logical_and/or/xor/not and where.
//
// Comparisons promote both operands and return bool; complex numbers order lexicographically as in NumPy, and
// every comparison with NaN is false except not_equal.
#pragma once

#include <ndthrust/detail/ufuncs/base.h>

namespace nd::detail {
template <class T>
NDTHRUST_HD bool truth(const T& a) {
  if constexpr (is_complex_v<T>) return a.real() != 0 || a.imag() != 0;
  else return a != T(0);
}
} // namespace nd::detail

namespace nd::ops {

NDTHRUST_UFUNC2(equal, same_loop, accepts_all, { return a == b; })
NDTHRUST_UFUNC2(not_equal, same_loop, accepts_all, { return a != b; })
NDTHRUST_UFUNC2(less, same_loop, accepts_all, { return detail::lex_less(a, b); })
NDTHRUST_UFUNC2(less_equal, same_loop, accepts_all, { return detail::lex_less_equal(a, b); })
NDTHRUST_UFUNC2(greater, same_loop, accepts_all, { return detail::lex_less(b, a); })
NDTHRUST_UFUNC2(greater_equal, same_loop, accepts_all, { return detail::lex_less_equal(b, a); })
NDTHRUST_UFUNC2(logical_and, same_loop, accepts_all, { return detail::truth(a) && detail::truth(b); })
NDTHRUST_UFUNC2(logical_or, same_loop, accepts_all, { return detail::truth(a) || detail::truth(b); })
NDTHRUST_UFUNC2(logical_xor, same_loop, accepts_all, { return detail::truth(a) != detail::truth(b); })
NDTHRUST_UFUNC1(logical_not, same_loop, accepts_all, { return !detail::truth(a); })

/// cond ? a : b, with a and b promoted together (cond is only tested for truth).
struct where {
  template <class C, class A, class B>
  NDTHRUST_HD auto operator()(const C& c, const A& a, const B& b) const {
    using T = result_type_t<detail::canonical_t<A>, detail::canonical_t<B>>;
    return detail::truth(c) ? detail::convert<T>(a) : detail::convert<T>(b);
  }
};

} // namespace nd::ops
