// ndthrust/ops/comparison.h — equal … greater_equal, logical_and/or/xor/not and where.
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

/// Exact order of two integers of any signedness (NumPy 2 compares int64 with uint64, and arrays with out-of-range
/// Python ints, by value rather than through float64): a negative signed value is below every unsigned one.
template <class A, class B>
NDTHRUST_HD bool int_less(A a, B b) {
  if constexpr (std::is_signed_v<A> == std::is_signed_v<B>) return a < b;
  else if constexpr (std::is_signed_v<A>) return a < 0 || static_cast<std::uint64_t>(a) < static_cast<std::uint64_t>(b);
  else return b >= 0 && static_cast<std::uint64_t>(a) < static_cast<std::uint64_t>(b);
}
template <class A, class B>
NDTHRUST_HD bool int_equal(A a, B b) {
  if constexpr (std::is_signed_v<A> == std::is_signed_v<B>) return a == b;
  else if constexpr (std::is_signed_v<A>) return a >= 0 && static_cast<std::uint64_t>(a) == static_cast<std::uint64_t>(b);
  else return b >= 0 && static_cast<std::uint64_t>(a) == static_cast<std::uint64_t>(b);
}
} // namespace nd::detail

/// A comparison functor: integers of any two types compare exactly (apply_int); everything else promotes as usual.
#define NDTHRUST_COMPARE(name, int_body, ...)                                                                          \
  struct name : ::nd::detail::ufunc_base<name>, ::nd::detail::same_loop {                                              \
    static constexpr bool exact_int_compare = true;                                                                    \
    template <class T>                                                                                                 \
    static constexpr bool accepts = true;                                                                              \
    template <class T>                                                                                                 \
    NDTHRUST_HD static auto apply(T a, T b) __VA_ARGS__                                                                \
    template <class A, class B>                                                                                        \
    NDTHRUST_HD static bool apply_int(A a, B b) int_body                                                               \
    template <class A, class B>                                                                                        \
    NDTHRUST_HD bool operator()(const A& a, const B& b) const {                                                        \
      using CA = ::nd::detail::canonical_t<A>;                                                                         \
      using CB = ::nd::detail::canonical_t<B>;                                                                         \
      if constexpr (::nd::detail::is_int_v<CA> && ::nd::detail::is_int_v<CB>)                                          \
        return apply_int(static_cast<CA>(a), static_cast<CB>(b));                                                      \
      else return ::nd::detail::ufunc_base<name>::operator()(a, b);                                                    \
    }                                                                                                                  \
  };

namespace nd::ops {

NDTHRUST_COMPARE(equal, { return detail::int_equal(a, b); }, { return a == b; })
NDTHRUST_COMPARE(not_equal, { return !detail::int_equal(a, b); }, { return a != b; })
NDTHRUST_COMPARE(less, { return detail::int_less(a, b); }, { return detail::lex_less(a, b); })
NDTHRUST_COMPARE(less_equal, { return !detail::int_less(b, a); }, { return detail::lex_less_equal(a, b); })
NDTHRUST_COMPARE(greater, { return detail::int_less(b, a); }, { return detail::lex_less(b, a); })
NDTHRUST_COMPARE(greater_equal, { return !detail::int_less(a, b); }, { return detail::lex_less_equal(b, a); })
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

#undef NDTHRUST_COMPARE
