// ndthrust/detail/quantile/quantile.h — the order statistics of quantile.h: the axes argument, q checks, the sort
// into lines and the one kernel that reads every (q, line) result from the sorted lines.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/order.h>
#include <ndthrust/promotion.h>
#include <ndthrust/sort.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>

#include <thrust/iterator/counting_iterator.h>
#include <thrust/logical.h>
#include <thrust/transform.h>

#include <cuda/std/cmath>
#include <cuda/std/limits>

#include <initializer_list>
#include <optional>
#include <type_traits>
#include <vector>

namespace nd::detail {

/// The result dtype for a scalar q: float64 for integers and bool (NumPy), the input's for floating types.
template <class T>
using quantile_type_t = std::conditional_t<std::is_floating_point_v<T>, T, double>;
/// For an array q of dtype Q (not weak): NumPy's lerp promotes the input with Q (int8 with float32 q → float32,
/// float32 with float64 q → float64).
template <class T, class Q>
using quantile_array_type_t = std::conditional_t<std::is_same_v<T, bool>, double, result_type_t<T, Q>>;

/// The axis argument of the order statistics: all axes (the flattened array: NumPy's axis=None), one, or a tuple
/// of them (negative allowed; an empty tuple reduces nothing).
struct quantile_axes {
  bool all = true;
  small_vec<index_t> axes;
  quantile_axes() = default;
  quantile_axes(std::nullopt_t) {}
  quantile_axes(std::optional<index_t> axis) : all(!axis) {
    if (axis) axes.push_back(*axis);
  }
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  quantile_axes(I axis) : all(false), axes{static_cast<index_t>(axis)} {}
  quantile_axes(std::initializer_list<index_t> list) : all(false), axes(list) {}
  quantile_axes(const small_vec<index_t>& list) : all(false), axes(list) {}
};

/// One output's value from its line's sorted elements. Median: the mean of the middle one or two (NumPy's median
/// calls mean); otherwise NumPy's 'linear' method: virtual index (n - 1) * q computed in q's dtype Q (float64 for
/// a scalar q, which is weak), then _lerp, whose two branches keep the result exact at the ends: b - a in the input's
/// dtype (integers in R, where NumPy's would wrap), times the weight in R. SkipNan: n is the number of non-NaN
/// elements (sorted before every NaN). Output i is quantile i / lines of line i % lines (q's axes first, as NumPy).
template <class T, class R, class Q, bool SkipNan, bool Median>
struct quantile_line_fn {
  const T* sorted;
  index_t len;
  index_t lines;
  Q q;         // the scalar q …
  const Q* qs; // … or one per quantile (C order), when not null
  NDTHRUST_HD R operator()(index_t i) const {
    const T* v = sorted + (i % lines) * len;
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
    const Q qv = qs ? qs[i / lines] : q;
    const Q vi = static_cast<Q>(n - 1) * qv;
    if (vi >= static_cast<Q>(n - 1)) return static_cast<R>(v[n - 1]);
    const Q fl          = ::cuda::std::floor(vi);
    const index_t below = static_cast<index_t>(fl);
    const R a = static_cast<R>(v[below]), b = static_cast<R>(v[below + 1]);
    R d;
    if constexpr (std::is_floating_point_v<T>) d = static_cast<R>(v[below + 1] - v[below]);
    else d = b - a;
    const Q t = vi - fl;
    return t >= Q(0.5) ? b - d * static_cast<R>(Q(1) - t) : a + d * static_cast<R>(t);
  }
};

/// How the sorted lines and the result are laid out: `lines` holds one C-contiguous line per kept position (the
/// reduced axes merged into the last one), `kept` and `keep` the result's shape without and with keepdims.
template <class T, class S>
struct sorted_lines {
  array<T, S> lines;
  shape_t kept, keep;
};

/// Sorts a's lines over `axes`, as NumPy's _ureduce: the kept axes first, the reduced ones merged last. `owned`: a
/// is a fresh C-contiguous array nobody else sees (an evaluated expression), sorted in place where its layout fits.
template <class Policy, class T, class S>
sorted_lines<T, S> sort_for_quantile(const Policy& policy, const array<T, S>& a, bool owned,
                                     const quantile_axes& axes) {
  sorted_lines<T, S> r;
  const int nd = a.ndim();
  if (axes.all) {
    for (int d = 0; d < nd; ++d) r.keep.push_back(1);
    r.lines = sort_impl(policy, a, std::nullopt, owned);
    return r;
  }
  small_vec<int> mask = small_vec<int>::filled(nd, 0);
  for (index_t ax : axes.axes) {
    const int d = normalize_axis(ax, nd);
    NDTHRUST_EXPECTS(!mask[d], value_error, "repeated axis");
    mask[d] = 1;
  }
  axes_t perm;
  index_t len = 1;
  for (int d = 0; d < nd; ++d) {
    r.keep.push_back(mask[d] ? 1 : a.shape()[d]);
    if (!mask[d]) {
      r.kept.push_back(a.shape()[d]);
      perm.push_back(d);
    }
  }
  for (int d = 0; d < nd; ++d)
    if (mask[d]) {
      perm.push_back(d);
      len *= a.shape()[d]; // no overflow: a product of a's extents
    }
  if (axes.axes.size() == 1) {
    // C-contiguous lines along the last axis; an evaluated expression is sorted in place when it has them already.
    const int ax = perm[nd - 1];
    r.lines      = sort_impl(policy, moveaxis(a, ax, -1), -1, owned && ax == nd - 1);
    return r;
  }
  bool identity = true;
  for (int d = 0; d < nd; ++d) identity = identity && perm[d] == d;
  // One C-contiguous copy with the reduced axes last and merged, then sorted in place.
  auto c = owned && identity && a.is_contiguous() ? a : copy(policy, transpose(a, perm));
  shape_t merged = r.kept;
  merged.push_back(len);
  r.lines = sort_impl(policy, reshape(c, merged), -1, true);
  return r;
}

/// The order statistic of every (q, line): the result has q_shape followed by the kept (or, with keepdims, the
/// kept-as-1) axes. qs: q_shape's quantiles in the policy's space, C-contiguous and checked, or null for the scalar q.
template <class R, bool SkipNan, bool Median, class Q, class Policy, class T, class S>
array<R, S> quantile_impl(const Policy& policy, const array<T, S>& a, bool owned, Q q, const Q* qs,
                          const shape_t& q_shape, const quantile_axes& axes, bool keepdims) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  check_sortable<T>();
  auto sorted    = sort_for_quantile(policy, a, owned, axes);
  shape_t oshape = q_shape;
  for (index_t e : keepdims ? sorted.keep : sorted.kept) oshape.push_back(e);
  auto out            = empty<R>(policy, oshape);
  const index_t lines = shape_size(sorted.kept);
  if (out.size() > 0) {
    const auto& l     = sorted.lines;
    const index_t len = l.ndim() == 0 ? 1 : l.shape()[l.ndim() - 1];
    thrust::transform(policy, thrust::counting_iterator<index_t>(0), thrust::counting_iterator<index_t>(out.size()),
                      out.raw(), quantile_line_fn<T, R, Q, SkipNan, Median>{l.raw(), len, lines, q, qs});
  }
  return out;
}

inline void check_quantile(double q) {
  NDTHRUST_EXPECTS(q >= 0 && q <= 1, value_error, "Quantiles must be in the range [0, 1]");
}
/// NumPy divides first and checks the quotient.
inline double percentile_to_quantile(double p) {
  const double q = p / 100;
  NDTHRUST_EXPECTS(q >= 0 && q <= 1, value_error, "Percentiles must be in the range [0, 100]");
  return q;
}

/// q's dimensions: NumPy takes a scalar, 1-d or 2-d q.
inline void check_q_ndim(int ndim) { NDTHRUST_EXPECTS(ndim <= 2, value_error, "q must be a scalar or 1d"); }

template <class Q>
struct q_out_of_range {
  NDTHRUST_HD bool operator()(Q q) const { return !(q >= Q(0) && q <= Q(1)); } // NaN too
};
/// p / 100 in p's dtype (NumPy's true_divide: a float32 p stays float32).
template <class Q>
struct percent_to_q {
  NDTHRUST_HD Q operator()(Q p) const { return p / Q(100); }
};

/// The quantiles of an array q in the policy's space as a new C-contiguous array (p / 100 for percentiles),
/// checked by one pass on the policy: one synchronisation.
template <bool Percent, class Policy, class Q, class S>
array<Q, S> device_quantiles(const Policy& policy, const array<Q, S>& q) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  static_assert(std::is_floating_point_v<Q>, "ndthrust: q must be an array of float32 or float64 (an integer q "
                                             "selects NumPy's no-interpolation path, which ndthrust does not copy)");
  check_q_ndim(q.ndim());
  array<Q, S> c = Percent ? transform<Q>(policy, percent_to_q<Q>{}, q) : ascontiguousarray(policy, q);
  const bool bad = c.size() > 0 && thrust::any_of(policy, c.raw(), c.raw() + c.size(), q_out_of_range<Q>{});
  NDTHRUST_EXPECTS(!bad, value_error,
                   Percent ? "Percentiles must be in the range [0, 100]" : "Quantiles must be in the range [0, 1]");
  return c;
}

/// A host list of quantiles (p / 100 for percentiles), checked on the host, then copied to the policy's space.
template <bool Percent, class Policy, class Q>
array<Q, space_of_t<Policy>> host_quantiles(const Policy& policy, std::vector<Q> q) {
  static_assert(std::is_floating_point_v<Q>, "ndthrust: q must be a list of floats");
  for (Q& v : q) {
    if (Percent) v = v / Q(100);
    NDTHRUST_EXPECTS(v >= Q(0) && v <= Q(1), value_error,
                     Percent ? "Percentiles must be in the range [0, 100]" : "Quantiles must be in the range [0, 1]");
  }
  auto h = empty<Q>(host, shape_t{static_cast<index_t>(q.size())});
  for (std::size_t i = 0; i < q.size(); ++i) h.raw()[i] = q[i];
  return asarray(policy, h);
}

template <class Q>
inline constexpr bool is_std_vector_v = false;
template <class Q, class A>
inline constexpr bool is_std_vector_v<std::vector<Q, A>> = true;

/// quantile / percentile and their nan forms for any q: a C++ number (weak: the result keeps quantile_type_t), an
/// array (its shape leads the result's) or a std::vector (1-d).
template <bool SkipNan, bool Percent, class Policy, class X, class Qs>
auto quantile_any(const Policy& policy, const X& x, const Qs& q, const quantile_axes& axes, bool keepdims) {
  auto a           = materialize(policy, x);
  using T          = typename decltype(a)::value_type;
  const bool owned = is_map_v<X>;
  if constexpr (std::is_arithmetic_v<Qs>) {
    const double qd = Percent ? percentile_to_quantile(static_cast<double>(q)) : static_cast<double>(q);
    if (!Percent) check_quantile(qd);
    return quantile_impl<quantile_type_t<T>, SkipNan, false>(policy, a, owned, qd, static_cast<const double*>(nullptr),
                                                             shape_t{}, axes, keepdims);
  } else {
    using Q = typename Qs::value_type;
    array<Q, space_of_t<Policy>> qc;
    if constexpr (is_std_vector_v<Qs>) qc = host_quantiles<Percent>(policy, std::vector<Q>(q.begin(), q.end()));
    else qc = device_quantiles<Percent>(policy, q);
    return quantile_impl<quantile_array_type_t<T, Q>, SkipNan, false>(policy, a, owned, Q(0), qc.raw(), qc.shape(),
                                                                      axes, keepdims);
  }
}

} // namespace nd::detail
