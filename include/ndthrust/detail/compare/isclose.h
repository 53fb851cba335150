// ndthrust/detail/compare/isclose.h — the elementwise test of numpy.isclose, in NumPy's dtypes.
#pragma once

#include <ndthrust/core/convert.h>
#include <ndthrust/detail/operand.h>
#include <ndthrust/ops/arithmetic.h>
#include <ndthrust/ops/classification.h>
#include <ndthrust/promotion.h>

#include <thrust/complex.h>

#include <type_traits>

namespace nd::detail {

/// An operand's promotion argument: C++ scalars weak (Python scalars), arrays and expressions strong.
template <class X>
using isclose_promo_t = typename operand_promo<X>::type;

/// The dtypes numpy.isclose computes in for operands a (X) and b (Y):
///   y   — b made inexact: result_type(b, 1.0) for an array (int → float64, float32 stays), a Python float (or
///         complex) for a scalar;
///   l   — the dtype of a - y, and of a == y;
///   tol — atol + rtol * |y|: y's real dtype (a weak scalar b: float64, as Python floats compute).
template <class X, class Y>
struct isclose_types {
  static constexpr bool y_weak = std::is_arithmetic_v<Y> || is_complex_v<Y>;
  using y      = std::conditional_t<y_weak, std::conditional_t<is_complex_v<Y>, thrust::complex<double>, double>,
                                    result_type_t<isclose_promo_t<Y>, weak<double>>>;
  using y_arg  = std::conditional_t<y_weak, weak<y>, y>;
  using l      = result_type_t<isclose_promo_t<X>, y_arg>;
  using tol    = typename real_of<y>::type;
  using l_real = typename real_of<l>::type;
};

/// less_equal(|a - y|, atol + rtol * |y|) & isfinite(y) | (a == y), then | isnan(a) & isnan(y) under equal_nan —
/// NumPy's expression, each step in NumPy's dtype.
template <class Y, class L, class Tol>
struct isclose_fn {
  Tol rtol, atol;
  bool equal_nan;
  template <class A, class B>
  NDTHRUST_HD bool operator()(const A& a, const B& b) const {
    using LR     = typename real_of<L>::type;
    const Y y    = convert<Y>(b);
    const L xl   = convert<L>(a), yl = convert<L>(y);
    const LR d   = static_cast<LR>(ops::absolute::apply(xl - yl));
    const Tol t  = atol + rtol * static_cast<Tol>(ops::absolute::apply(y));
    bool close   = (d <= static_cast<LR>(t) && ops::isfinite::apply(y)) || xl == yl;
    if (equal_nan) close = close || (is_nan(a) && is_nan(y));
    return close;
  }
};

template <class X, class Y>
auto make_isclose_fn(double rtol, double atol, bool equal_nan) {
  using ty = isclose_types<X, Y>;
  return isclose_fn<typename ty::y, typename ty::l, typename ty::tol>{static_cast<typename ty::tol>(rtol),
                                                                     static_cast<typename ty::tol>(atol), equal_nan};
}

} // namespace nd::detail
