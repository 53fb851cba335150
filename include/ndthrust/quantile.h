// ndthrust/quantile.h — order statistics: median, quantile, percentile and their NaN-skipping forms (NumPy's names).
//
//   nd::median(policy, a)                       the flattened array (NumPy's axis=None) → 0-d
//   nd::median(policy, a, axis, keepdims)       along one axis (negative allowed) …
//   nd::median(policy, a, {0, 2}, keepdims)     … or a tuple of axes, reduced together (an empty small_vec: none)
//   nd::quantile(policy, a, 0.9, axes)          q in [0, 1], NumPy's default method 'linear' (its only method here)
//   nd::quantile(policy, a, {0.25, 0.75}, axes) several q: a list, a std::vector or an nd::array of float32/float64
//                                               (0-d, 1-d or 2-d, as NumPy); the result's shape is q.shape followed
//                                               by the reduced shape
//   nd::percentile(policy, a, 90.0, axes)       p in [0, 100]; the same q forms (p / 100 in p's dtype, as NumPy)
//   nd::nanmedian / nanquantile / nanpercentile   the same ignoring NaNs (an all-NaN slice gives NaN)
//
// Dtypes follow NumPy: for a scalar q (weak, as a Python float), float64 for integer and bool input and the input's
// dtype for floating input; for an array or list of q, the input's dtype promoted with q's (float32 with float64 q
// → float64, int8 with float32 q → float32). A slice holding a NaN gives NaN in the non-nan forms. An empty slice
// gives NaN (NumPy's median warns and gives NaN; its quantile raises IndexError, which ndthrust does not copy).
// Errors as NumPy's: q outside [0, 1] (NaN included) → nd::value_error "Quantiles must be in the range [0, 1]"
// ("Percentiles must be in the range [0, 100]"), q of more than 2 dimensions → "q must be a scalar or 1d", a
// repeated axis → "repeated axis", an axis out of range → nd::axis_error.
//
// Results are new arrays in the policy's space. Nothing synchronises, except that an nd::array q is range-checked by
// one pass on the policy (one synchronisation); a list or std::vector q is checked on the host and copied to the
// policy's space. The lines are sorted with nd::sort (several axes: one copy with the reduced axes moved last and
// merged, as NumPy does), then one kernel reads each (q, line)'s neighbouring order statistics. An expression
// (nd::map) as input is evaluated into an array first: the sort needs its elements in memory.
#pragma once

#include <ndthrust/detail/quantile/quantile.h>

#include <initializer_list>
#include <vector>

namespace nd {

/// The axis argument of median / quantile / percentile: omitted (flattened), one axis, or a tuple {0, 2}.
using quantile_axes = detail::quantile_axes;

/// The median of the flattened array (axis omitted), along one axis or over a tuple of axes (NumPy's median).
/// NaN propagates.
template <class Policy, class X>
auto median(const Policy& policy, const X& a, const quantile_axes& axis = {}, bool keepdims = false) {
  auto m = detail::materialize(policy, a);
  using R = detail::quantile_type_t<typename decltype(m)::value_type>;
  return detail::quantile_impl<R, false, true>(policy, m, detail::is_map_v<X>, 0.5, static_cast<const double*>(nullptr),
                                               shape_t{}, axis, keepdims);
}
/// The median of the non-NaN elements; an all-NaN slice gives NaN.
template <class Policy, class X>
auto nanmedian(const Policy& policy, const X& a, const quantile_axes& axis = {}, bool keepdims = false) {
  auto m = detail::materialize(policy, a);
  using R = detail::quantile_type_t<typename decltype(m)::value_type>;
  return detail::quantile_impl<R, true, true>(policy, m, detail::is_map_v<X>, 0.5, static_cast<const double*>(nullptr),
                                              shape_t{}, axis, keepdims);
}

/// The q-th quantile, q in [0, 1] (a number, or an array / std::vector of them), with NumPy's default method
/// 'linear'. NaN propagates.
template <class Policy, class X, class Q>
auto quantile(const Policy& policy, const X& a, const Q& q, const quantile_axes& axis = {}, bool keepdims = false) {
  return detail::quantile_any<false, false>(policy, a, q, axis, keepdims);
}
template <class Policy, class X>
auto quantile(const Policy& policy, const X& a, std::initializer_list<double> q, const quantile_axes& axis = {},
              bool keepdims = false) {
  return quantile(policy, a, std::vector<double>(q), axis, keepdims);
}
template <class Policy, class X, class Q>
auto nanquantile(const Policy& policy, const X& a, const Q& q, const quantile_axes& axis = {},
                 bool keepdims = false) {
  return detail::quantile_any<true, false>(policy, a, q, axis, keepdims);
}
template <class Policy, class X>
auto nanquantile(const Policy& policy, const X& a, std::initializer_list<double> q, const quantile_axes& axis = {},
                 bool keepdims = false) {
  return nanquantile(policy, a, std::vector<double>(q), axis, keepdims);
}

/// The p-th percentile, p in [0, 100] (quantile at p / 100), with the same forms of p as quantile's q.
template <class Policy, class X, class P>
auto percentile(const Policy& policy, const X& a, const P& p, const quantile_axes& axis = {},
                bool keepdims = false) {
  return detail::quantile_any<false, true>(policy, a, p, axis, keepdims);
}
template <class Policy, class X>
auto percentile(const Policy& policy, const X& a, std::initializer_list<double> p, const quantile_axes& axis = {},
                bool keepdims = false) {
  return percentile(policy, a, std::vector<double>(p), axis, keepdims);
}
template <class Policy, class X, class P>
auto nanpercentile(const Policy& policy, const X& a, const P& p, const quantile_axes& axis = {},
                   bool keepdims = false) {
  return detail::quantile_any<true, true>(policy, a, p, axis, keepdims);
}
template <class Policy, class X>
auto nanpercentile(const Policy& policy, const X& a, std::initializer_list<double> p, const quantile_axes& axis = {},
                   bool keepdims = false) {
  return nanpercentile(policy, a, std::vector<double>(p), axis, keepdims);
}

} // namespace nd
