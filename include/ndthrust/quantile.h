// ndthrust/quantile.h — order statistics: median, quantile, percentile and their NaN-skipping forms (NumPy's names).
//
//   nd::median(policy, a)                     the flattened array (NumPy's axis=None) → 0-d
//   nd::median(policy, a, axis, keepdims)     along one axis (negative allowed)
//   nd::quantile(policy, a, 0.9, axis)        q in [0, 1], NumPy's default method 'linear'
//   nd::percentile(policy, a, 90.0, axis)     p in [0, 100]
//   nd::nanmedian / nanquantile / nanpercentile   the same ignoring NaNs (an all-NaN slice gives NaN)
//
// Dtypes follow NumPy: float64 for integer and bool input, the input's dtype for floating input. A slice holding a
// NaN gives NaN in the non-nan forms. An empty slice gives NaN (NumPy's median warns and gives NaN; its quantile
// raises IndexError, which ndthrust does not copy). Results are new arrays in the policy's space; nothing
// synchronises. The lines are sorted with nd::sort, then one kernel reads each line's neighbouring order statistics.
// An expression (nd::map) as input is evaluated into an array first: the sort needs its elements in memory.
#pragma once

#include <cuda/std/cmath>

#include <ndthrust/creation.h>
#include <ndthrust/detail/order.h>
#include <ndthrust/sort.h>
#include <ndthrust/views.h>

#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform.h>

#include <cmath>
#include <cuda/std/limits>
#include <optional>
#include <type_traits>

namespace nd {

namespace detail {

/// The result dtype: float64 for integers and bool (NumPy), the input's for floating types.
template <class T>
using quantile_type_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;

/// One line's value from its sorted elements. Median: the mean of the middle one or two (NumPy's median calls
/// mean); otherwise NumPy's 'linear' method: virtual index q * (n - 1) and its _lerp, whose two branches keep the
/// result exact at the ends. SkipNan: n is the number of non-NaN elements (sorted before every NaN).
template <class T, class R, bool SkipNan, bool Median>
struct quantile_line_fn {
  const T* sorted;
  index_t len;
  double q;
  NDTHRUST_HD R operator()(index_t line) const {
    const T* v = sorted + line * len;
    index_t n  = len;
    if (SkipNan) {
      index_t lo = 0, hi = len; // first NaN: NaNs sort last
      while (lo < hi) {
        const index_t mid = lo + (hi - lo) / 2;
        if (detail::is_nan(v[mid])) hi = mid;
        else lo = mid + 1;
      }
      n = lo;
    } else if (n > 0 && detail::is_nan(v[n - 1])) {
      return static_cast<R>(v[n - 1]);
    }
    if (n == 0) return ::cuda::std::numeric_limits<R>::quiet_NaN();
    if (Median) {
      const index_t h = n / 2;
      if (n % 2 == 1) return static_cast<R>(v[h]);
      return (static_cast<R>(v[h - 1]) + static_cast<R>(v[h])) / R(2);
    }
    const double vi = q * static_cast<double>(n - 1);
    if (vi >= static_cast<double>(n - 1)) return static_cast<R>(v[n - 1]);
    const double fl     = ::cuda::std::floor(vi);
    const index_t below = static_cast<index_t>(fl);
    const R a = static_cast<R>(v[below]), b = static_cast<R>(v[below + 1]);
    const R t = static_cast<R>(vi - fl), d = b - a;
    return t >= R(0.5) ? b - d * (R(1) - t) : a + d * t;
  }
};

template <bool SkipNan, bool Median, class Policy, class T, class S>
array<quantile_type_t<T>, S> quantile_impl(const Policy& policy, const array<T, S>& a, bool owned, double q,
                                           std::optional<index_t> axis, bool keepdims) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  check_sortable<T>();
  using R = quantile_type_t<T>;
  shape_t out_shape, keep_shape;
  array<T, S> sorted;
  if (axis) {
    const int ax = normalize_axis(*axis, a.ndim());
    for (int d = 0; d < a.ndim(); ++d) {
      keep_shape.push_back(d == ax ? 1 : a.shape()[d]);
      if (d != ax) out_shape.push_back(a.shape()[d]);
    }
    // C-contiguous lines along the last axis; an evaluated expression is sorted in place when it has them already.
    sorted = sort_impl(policy, moveaxis(a, ax, -1), -1, owned && ax == a.ndim() - 1);
  } else {
    for (int d = 0; d < a.ndim(); ++d) keep_shape.push_back(1);
    sorted = sort_impl(policy, a, std::nullopt, owned);
  }
  auto out            = empty<R>(policy, out_shape);
  const index_t lines = out.size();
  if (lines > 0) {
    const index_t len = sorted.ndim() == 0 ? 1 : sorted.shape()[sorted.ndim() - 1];
    thrust::transform(policy, thrust::counting_iterator<index_t>(0), thrust::counting_iterator<index_t>(lines),
                      out.raw(), quantile_line_fn<T, R, SkipNan, Median>{sorted.raw(), len, q});
  }
  return keepdims ? reshape(out, keep_shape) : out;
}

inline void check_quantile(double q) {
  NDTHRUST_EXPECTS(q >= 0 && q <= 1, value_error, "Quantiles must be in the range [0, 1]");
}
inline double percentile_to_quantile(double p) {
  NDTHRUST_EXPECTS(p >= 0 && p <= 100, value_error, "Percentiles must be in the range [0, 100]");
  return p / 100; // NumPy divides the same way
}

} // namespace detail

/// The median of the flattened array (axis omitted) or along one axis (NumPy's median). NaN propagates.
template <class Policy, class X>
auto median(const Policy& policy, const X& a, std::optional<index_t> axis = std::nullopt, bool keepdims = false) {
  return detail::quantile_impl<false, true>(policy, detail::materialize(policy, a), detail::is_map_v<X>, 0.5, axis,
                                            keepdims);
}
/// The median of the non-NaN elements; an all-NaN slice gives NaN.
template <class Policy, class X>
auto nanmedian(const Policy& policy, const X& a, std::optional<index_t> axis = std::nullopt, bool keepdims = false) {
  return detail::quantile_impl<true, true>(policy, detail::materialize(policy, a), detail::is_map_v<X>, 0.5, axis,
                                           keepdims);
}

/// The q-th quantile, q in [0, 1], with NumPy's default method 'linear'. NaN propagates.
template <class Policy, class X>
auto quantile(const Policy& policy, const X& a, double q, std::optional<index_t> axis = std::nullopt,
              bool keepdims = false) {
  detail::check_quantile(q);
  return detail::quantile_impl<false, false>(policy, detail::materialize(policy, a), detail::is_map_v<X>, q, axis,
                                             keepdims);
}
template <class Policy, class X>
auto nanquantile(const Policy& policy, const X& a, double q, std::optional<index_t> axis = std::nullopt,
                 bool keepdims = false) {
  detail::check_quantile(q);
  return detail::quantile_impl<true, false>(policy, detail::materialize(policy, a), detail::is_map_v<X>, q, axis,
                                            keepdims);
}

/// The p-th percentile, p in [0, 100] (quantile at p / 100).
template <class Policy, class X>
auto percentile(const Policy& policy, const X& a, double p, std::optional<index_t> axis = std::nullopt,
                bool keepdims = false) {
  const double q = detail::percentile_to_quantile(p);
  return detail::quantile_impl<false, false>(policy, detail::materialize(policy, a), detail::is_map_v<X>, q, axis,
                                             keepdims);
}
template <class Policy, class X>
auto nanpercentile(const Policy& policy, const X& a, double p, std::optional<index_t> axis = std::nullopt,
                   bool keepdims = false) {
  const double q = detail::percentile_to_quantile(p);
  return detail::quantile_impl<true, false>(policy, detail::materialize(policy, a), detail::is_map_v<X>, q, axis,
                                            keepdims);
}

} // namespace nd
