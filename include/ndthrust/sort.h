// ndthrust/sort.h — sorting and searching (NumPy's sort, argsort, partition, argpartition, unique, searchsorted,
// bincount, histogram).
//
//   nd::sort(policy, a)                  along the last axis → a's shape
//   nd::sort(policy, a, axis)            along one axis (negative allowed)
//   nd::sort(policy, a, std::nullopt)    the flattened array in C order (NumPy's axis=None) → 1-d
//   nd::argsort(policy, a[, axis])       int64 indices, always stable (NumPy's kind='stable')
//   nd::unique(policy, a)                the sorted distinct values of the flattened array
//   nd::unique(policy, a, axis)          the distinct slices along an integer axis, lexicographically (np.unique(a,
//                                        axis=k)); slices holding a NaN never merge
//   nd::unique_all / unique_counts / unique_inverse   the same with first indices, counts, inverse (a unique_result)
//   nd::searchsorted(policy, sorted_1d, values[, side_left])    int64 insertion points
//   nd::bincount(policy, x[, minlength])             int64 counts
//   nd::bincount(policy, x, weights[, minlength])    float64 sums of the weights (1-d, x's length, not complex)
//   nd::histogram(policy, a[, bins, range])          int64 counts in equal-width bins; .edges float64
//   nd::histogram(policy, a, edges)                  int64 counts between explicit edges (1-d, never decreasing)
//   nd::histogram(policy, a, bins, range, weights[, density])    float64 sums (complex128 for complex weights)
//   nd::histogram(policy, a, edges, weights[, density])          the same between explicit edges
//                                        weights: a's shape, or std::nullopt for none (density alone); density:
//                                        counts / (sum * bin width), NumPy's n / db / n.sum()
//
// Complex arrays sort lexicographically on (real, imag), with NumPy's NaN order [R + Rj, R + nanj, nan + Rj,
// nan + nanj]; sort, argsort, partition, unique (every form) and searchsorted take them. A complex sort is three
// stable sorts of real keys (detail/sort/lines.h); unique along an axis is one stable sort of the slices per element
// of a slice (detail/sort/unique_axis.h).
//
// Inputs are arrays or lazy expressions (nd::map). The sorts, unique and searchsorted's sorted array need their
// elements in memory: an expression is evaluated into a new array first, as NumPy does. searchsorted's needles,
// bincount, histogram and their weights read an expression element by element, without storing it.
//
// Results are new C-contiguous arrays in the policy's space. NaNs sort after every number, as in NumPy. Sorts are
// stable. Weighted sums are atomic adds in no fixed order: float results may differ from NumPy's in the last bits.
// Synchronisation: none, except where the result's size depends on the data — unique (reads the number of distinct
// values or slices back), bincount (reads the largest value back), histogram without a range (reads min and max
// back) and histogram with explicit edges (reads the edges back to check them). Those synchronise the policy's
// stream once. Differences from NumPy: histogram's edges are always float64; weighted counts are float64 (NumPy
// keeps integer and float32 weights' dtype); bincount of an empty x with weights gives float64 zeros (NumPy int64).
#pragma once

#include <ndthrust/backend/sort.h>
#include <ndthrust/copy.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/sort/count.h>
#include <ndthrust/detail/sort/lines.h>
#include <ndthrust/detail/sort/unique_axis.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>

#include <thrust/binary_search.h>
#include <thrust/for_each.h>
#include <thrust/gather.h>
#include <thrust/iterator/constant_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/scan.h>
#include <thrust/transform.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nd {

namespace detail {
/// For the order statistics (quantile.h), which NumPy refuses for complex input; the sorts take complex arrays.
template <class T>
constexpr void check_sortable() {
  static_assert(!is_complex_v<T>, "ndthrust: order statistics of complex arrays are not supported (NumPy: a must be "
                                  "an array of real numbers)");
}

/// A C-contiguous copy of `a` with `axis` moved last (axis=None: flattened), ready to sort line by line in place.
/// `owned`: a is a fresh C-contiguous array nobody else sees (an evaluated expression), sorted in place when its
/// lines are already last.
template <class Policy, class T, class S>
array<T, S> lines_of(const Policy& policy, const array<T, S>& a, std::optional<index_t> axis, int& ax,
                     bool owned = false) {
  owned = owned && a.is_contiguous();
  if (!axis) {
    ax = 0;
    return reshape(owned ? a : copy(policy, a), shape_t{a.size()});
  }
  ax = normalize_axis(*axis, a.ndim());
  return owned && ax == a.ndim() - 1 ? a : copy(policy, moveaxis(a, ax, -1));
}

/// The sorted lines back in the input's axis order, C-contiguous.
template <class Policy, class T, class S>
array<T, S> lines_back(const Policy& policy, const array<T, S>& r, int ax) {
  if (ax == r.ndim() - 1) return r;
  return copy(policy, moveaxis(r, -1, ax));
}

template <class Policy, class T, class S>
array<T, S> sort_impl(const Policy& policy, const array<T, S>& a, std::optional<index_t> axis, bool owned) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  int ax;
  auto r          = lines_of(policy, a, axis, ax, owned);
  const index_t len = r.ndim() == 0 ? 1 : r.shape()[r.ndim() - 1];
  if (r.size() > 0) sort_lines(policy, r.raw(), static_cast<std::int64_t*>(nullptr), r.size() / len, len);
  return lines_back(policy, r, ax);
}

template <class Policy, class T, class S>
array<std::int64_t, S> argsort_impl(const Policy& policy, const array<T, S>& a, std::optional<index_t> axis,
                                    bool owned) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  int ax;
  auto keys         = lines_of(policy, a, axis, ax, owned);
  auto idx          = empty<std::int64_t>(policy, keys.shape());
  const index_t len = keys.ndim() == 0 ? 1 : keys.shape()[keys.ndim() - 1];
  if (keys.size() > 0) sort_lines(policy, keys.raw(), idx.raw(), keys.size() / len, len);
  return lines_back(policy, idx, ax);
}

inline void check_kth(index_t kth, index_t len) {
  NDTHRUST_EXPECTS(kth >= -len && kth < len, value_error,
                   "kth(=" + std::to_string(kth) + ") out of bounds (" + std::to_string(len) + ")");
}
template <class T, class S>
void check_partition(const array<T, S>& a, index_t kth, std::optional<index_t> axis) {
  if (a.size() == 0) return; // NumPy checks kth only for non-empty arrays
  if (!axis) check_kth(kth, a.size());
  else check_kth(kth, a.shape()[normalize_axis(*axis, a.ndim())]);
}
} // namespace detail

/// A sorted copy along `axis` (last by default; std::nullopt sorts the flattened array). Stable; NaNs last.
template <class Policy, class X>
auto sort(const Policy& policy, const X& a, std::optional<index_t> axis = -1) {
  return detail::sort_impl(policy, detail::materialize(policy, a), axis, detail::is_map_v<X>);
}

/// The int64 indices that sort `a` along `axis` (NumPy's argsort with kind='stable': ties keep input order).
template <class Policy, class X>
auto argsort(const Policy& policy, const X& a, std::optional<index_t> axis = -1) {
  return detail::argsort_impl(policy, detail::materialize(policy, a), axis, detail::is_map_v<X>);
}

/// NumPy's partition: element `kth` of each line is where a sort would put it, smaller ones before, larger after.
/// ndthrust returns the fully sorted lines, which satisfy that contract.
template <class Policy, class X>
auto partition(const Policy& policy, const X& a, index_t kth, std::optional<index_t> axis = -1) {
  auto arr = detail::materialize(policy, a);
  detail::check_partition(arr, kth, axis);
  return detail::sort_impl(policy, arr, axis, detail::is_map_v<X>);
}
/// Indices that partition `a` (a stable full argsort, which satisfies the contract).
template <class Policy, class X>
auto argpartition(const Policy& policy, const X& a, index_t kth, std::optional<index_t> axis = -1) {
  auto arr = detail::materialize(policy, a);
  detail::check_partition(arr, kth, axis);
  return detail::argsort_impl(policy, arr, axis, detail::is_map_v<X>);
}

// --- unique ----------------------------------------------------------------------------------------------------------

/// The results of the unique family: values always; the others where the function computes them (else empty).
/// indices: the first occurrence of each value in the flattened input; inverse: a's shape, the position of each
/// element in values; counts: occurrences of each value. All int64.
template <class T, class S>
struct unique_result {
  array<T, S> values;
  array<std::int64_t, S> indices, inverse, counts;
};

namespace detail {
/// 1 where a new group of equal values starts in the sorted keys.
template <class T>
struct group_start_fn {
  const T* k;
  group_equal<T> eq;
  NDTHRUST_HD std::int64_t operator()(index_t i) const { return i == 0 || !eq(k[i - 1], k[i]) ? 1 : 0; }
};

/// At each group start: its value, first index (the smallest original position: the argsort is stable) and start.
template <class T>
struct group_write_fn {
  const T* k;
  const std::int64_t* gid; // inclusive count of group starts: gid[i] - 1 is i's group
  const std::int64_t* perm;
  T* values;
  std::int64_t *indices, *starts, *inverse;
  NDTHRUST_HD void operator()(index_t i) const {
    const std::int64_t g = gid[i] - 1;
    if (inverse) inverse[perm[i]] = g;
    if (i > 0 && gid[i - 1] == gid[i]) return;
    values[g] = k[i];
    if (indices) indices[g] = perm[i];
    if (starts) starts[g] = i;
  }
};

struct group_count_fn {
  const std::int64_t* starts;
  std::int64_t groups, n;
  NDTHRUST_HD std::int64_t operator()(std::int64_t g) const {
    return (g + 1 < groups ? starts[g + 1] : n) - starts[g];
  }
};

template <class Policy, class T, class S>
unique_result<T, S> unique_impl(const Policy& policy, const array<T, S>& a, bool owned, bool want_perm,
                                bool want_counts, bool equal_nan, bool want_indices, bool want_inverse) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  const index_t n = a.size();
  unique_result<T, S> r;
  int ax;
  // With the permutation, `a` is read again after the sort: it must not be the sorted buffer.
  auto keys = lines_of(policy, a, std::nullopt, ax, owned && !want_perm);
  array<std::int64_t, S> perm;
  if (want_perm) {
    perm = empty<std::int64_t>(policy, {n});
    if (n > 0) sort_lines(policy, keys.raw(), perm.raw(), 1, n);
    // The argsort path leaves the keys as scratch; gather the sorted values again.
    if (n > 0) {
      auto flat = ascontiguousarray(policy, a);
      thrust::gather(policy, perm.raw(), perm.raw() + n, flat.raw(), keys.raw());
    }
  } else if (n > 0) {
    sort_lines(policy, keys.raw(), static_cast<std::int64_t*>(nullptr), 1, n);
  }
  auto gid = empty<std::int64_t>(policy, {n});
  std::int64_t groups = 0;
  if (n > 0) {
    thrust::transform(policy, thrust::counting_iterator<index_t>(0), thrust::counting_iterator<index_t>(n), gid.raw(),
                      group_start_fn<T>{keys.raw(), group_equal<T>{equal_nan}});
    thrust::inclusive_scan(policy, gid.raw(), gid.raw() + n, gid.raw());
    synchronize(policy); // the one synchronisation: the number of distinct values sizes the results
    groups = gid.at(n - 1);
  }
  r.values = empty<T>(policy, {groups});
  if (want_indices) r.indices = empty<std::int64_t>(policy, {groups});
  if (want_inverse) r.inverse = empty<std::int64_t>(policy, a.shape());
  array<std::int64_t, S> starts;
  if (want_counts) starts = empty<std::int64_t>(policy, {groups});
  if (n > 0) {
    thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                       group_write_fn<T>{keys.raw(), gid.raw(), want_perm ? perm.raw() : nullptr, r.values.raw(),
                                         want_indices ? r.indices.raw() : nullptr,
                                         want_counts ? starts.raw() : nullptr,
                                         want_inverse ? r.inverse.raw() : nullptr});
  }
  if (want_counts) {
    r.counts = empty<std::int64_t>(policy, {groups});
    if (groups > 0)
      thrust::transform(policy, thrust::counting_iterator<std::int64_t>(0),
                        thrust::counting_iterator<std::int64_t>(groups), r.counts.raw(),
                        group_count_fn{starts.raw(), groups, n});
  }
  return r;
}
} // namespace detail

/// The sorted distinct values of the flattened array (np.unique). NaNs collapse into one unless `equal_nan` is
/// false (NumPy 2's unique_values / unique_all keep every NaN: pass false for those). Synchronises once.
template <class Policy, class X>
auto unique(const Policy& policy, const X& a, bool equal_nan = true) {
  return detail::unique_impl(policy, detail::materialize(policy, a), detail::is_map_v<X>, false, false, equal_nan,
                             false, false)
    .values;
}
/// The distinct slices along `axis` (np.unique(a, axis=k)), in lexicographic order of their elements (C order
/// within a slice; NaN last), as an array whose `axis` is as long as their number. Slices holding a NaN are never
/// equal: NumPy applies equal_nan only to a 1-d array, which it treats as the flattened form. One stable sort of the
/// slices per element of a slice. Synchronises once. (`axis` has an integer type, so that unique(policy, a, 0) is
/// this form, not equal_nan=false.)
template <class Policy, class X, class I,
          class = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
auto unique(const Policy& policy, const X& a, I axis, bool equal_nan = true) {
  auto arr = detail::materialize(policy, a);
  if (arr.ndim() == 1) {
    normalize_axis(static_cast<index_t>(axis), 1);
    return detail::unique_impl(policy, arr, detail::is_map_v<X>, false, false, equal_nan, false, false).values;
  }
  return detail::unique_axis_impl(policy, arr, static_cast<index_t>(axis));
}
// NumPy 2's unique_all / unique_counts / unique_inverse pass equal_nan=False: every NaN is its own value.
/// values, indices, inverse and counts (np.unique with every return_* set).
template <class Policy, class X>
auto unique_all(const Policy& policy, const X& a, bool equal_nan = false) {
  return detail::unique_impl(policy, detail::materialize(policy, a), detail::is_map_v<X>, true, true, equal_nan, true,
                             true);
}
/// values and counts.
template <class Policy, class X>
auto unique_counts(const Policy& policy, const X& a, bool equal_nan = false) {
  return detail::unique_impl(policy, detail::materialize(policy, a), detail::is_map_v<X>, false, true, equal_nan,
                             false, false);
}
/// values and inverse.
template <class Policy, class X>
auto unique_inverse(const Policy& policy, const X& a, bool equal_nan = false) {
  return detail::unique_impl(policy, detail::materialize(policy, a), detail::is_map_v<X>, true, false, equal_nan,
                             false, true);
}

// --- searching and counting ------------------------------------------------------------------------------------------

/// For each of `values`, the index in the sorted 1-d `a` where it would be inserted to keep the order: before equal
/// elements (side_left, NumPy's side='left') or after them. int64, values' shape. NaN sorts last, as in nd::sort.
/// An expression as `values` is read element by element (never stored). Different dtypes compare in NumPy's result
/// type (an int64 array searched for float64 values: the array converted once, the values read converted).
template <class Policy, class X, class V>
auto searchsorted(const Policy& policy, const X& a, const V& values, bool side_left = true) {
  using R  = result_type_t<detail::operand_value_t<X>, detail::operand_value_t<V>>;
  auto ac0 = ascontiguousarray(policy, detail::materialize(policy, a));
  using S  = typename decltype(ac0)::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  NDTHRUST_EXPECTS(ac0.ndim() == 1, value_error, "object too deep for desired array");
  auto ac  = detail::as_type<R>(policy, ac0);
  auto out = empty<std::int64_t>(policy, detail::operand_traits<V>::shape(values));
  if (out.size() == 0) return out;
  const R* f  = ac.raw();
  const R* l  = ac.raw() + ac.size();
  auto search = [&](auto first) {
    if (side_left) thrust::lower_bound(policy, f, l, first, first + out.size(), out.raw(), detail::nan_less<R>{});
    else thrust::upper_bound(policy, f, l, first, first + out.size(), out.raw(), detail::nan_less<R>{});
  };
  if constexpr (is_array_v<V> && std::is_same_v<R, detail::operand_value_t<V>>)
    search(ascontiguousarray(policy, values).raw());
  else if constexpr (std::is_same_v<R, detail::operand_value_t<V>>)
    search(detail::c_order_begin(values));
  else
    search(detail::c_order_begin(map(detail::convert_fn<R>{}, values)));
  return out;
}

namespace detail {
/// Arrays and expressions: what bincount and histogram take as weights (a plain number there is minlength or bins).
template <class W>
inline constexpr bool is_weights_v = is_array_v<W> || is_map_v<W>;

/// NumPy's checks on bincount's x (1-d, minlength); the length of x.
template <class X>
index_t check_bincount(const X& x, index_t minlength) {
  const shape_t shape = operand_traits<X>::shape(x);
  NDTHRUST_EXPECTS(shape.size() == 1, value_error,
                   shape.size() == 0 ? "object of too small depth for desired array"
                                     : "object too deep for desired array");
  NDTHRUST_EXPECTS(minlength >= 0, value_error, "'minlength' must not be negative");
  return shape[0];
}

/// The number of bins for the n > 0 values from `first`: max + 1, at least minlength; negative values are an error.
template <class T, class Policy, class It>
index_t bincount_length(const Policy& policy, It first, index_t n, index_t minlength) {
  auto mm = host_min_max<T>(policy, first, n);
  if constexpr (std::is_signed_v<T>)
    NDTHRUST_EXPECTS(mm.first >= 0, value_error, "'list' argument must have no negative elements");
  return std::max<index_t>(static_cast<index_t>(mm.second) + 1, minlength);
}
} // namespace detail

/// Occurrences of each value 0..max(x) in the 1-d non-negative integer array x, at least `minlength` of them (int64).
/// Synchronises once: the result's length is read back.
/// An expression is read twice (min/max, then the counts) and never stored.
template <class Policy, class X>
auto bincount(const Policy& policy, const X& x, index_t minlength = 0) {
  using T = detail::operand_value_t<X>;
  NDTHRUST_CHECK_POLICY(Policy, typename detail::operand_traits<X>::space);
  static_assert(std::is_integral_v<T>, "ndthrust: bincount takes bool or integer arrays (NumPy casts with the "
                                       "'safe' rule)");
  const index_t n = detail::check_bincount(x, minlength);
  if (n == 0) return zeros<std::int64_t>(policy, {minlength});
  auto first = detail::c_order_begin(x);
  auto out   = zeros<std::int64_t>(policy, {detail::bincount_length<T>(policy, first, n, minlength)});
  thrust::for_each_n(policy, first, n, detail::bincount_fn<T>{out.raw()});
  return out;
}

/// The sums of `weights` (1-d, x's length; bool, integer or real) per value of x: float64, as NumPy. The sums'
/// order is unspecified (atomic adds), so float results may differ from NumPy's sequential sums in the last bits.
/// Empty x: float64 zeros of minlength, without checking the weights (NumPy returns int64 zeros there).
template <class Policy, class X, class W, class = std::enable_if_t<detail::is_weights_v<W>>>
auto bincount(const Policy& policy, const X& x, const W& weights, index_t minlength = 0) {
  using T  = detail::operand_value_t<X>;
  using WT = detail::operand_value_t<W>;
  NDTHRUST_CHECK_POLICY(Policy, typename detail::operand_traits<X>::space);
  NDTHRUST_CHECK_POLICY(Policy, typename detail::operand_traits<W>::space);
  static_assert(std::is_integral_v<T>, "ndthrust: bincount takes bool or integer arrays (NumPy casts with the "
                                       "'safe' rule)");
  static_assert(!is_complex_v<WT>, "ndthrust: bincount's weights must be real (NumPy: Cannot cast array data from "
                                   "dtype('complex128') to dtype('float64') according to the rule 'safe')");
  const index_t n = detail::check_bincount(x, minlength);
  if (n == 0) return zeros<double>(policy, {minlength});
  auto first = detail::c_order_begin(x);
  auto out   = zeros<double>(policy, {detail::bincount_length<T>(policy, first, n, minlength)});
  const shape_t ws = detail::operand_traits<W>::shape(weights);
  NDTHRUST_EXPECTS(ws.size() == 1, value_error,
                   ws.size() == 0 ? "object of too small depth for desired array" : "object too deep for desired array");
  NDTHRUST_EXPECTS(ws[0] == n, value_error, "The weights and list don't have the same length.");
  auto pairs = thrust::make_zip_iterator(thrust::make_tuple(first, detail::c_order_begin(weights)));
  thrust::for_each_n(policy, pairs, n, detail::bincount_weight_fn<T, WT>{out.raw()});
  return out;
}

/// histogram's results: counts per bin and the bins+1 edges (float64). C: int64 counts; float64 (complex128 for
/// complex weights) with weights or density.
template <class S, class C = std::int64_t>
struct histogram_result {
  array<C, S> counts;
  array<double, S> edges;
};

namespace detail {
/// A histogram's weights: an array or expression, or std::nullopt for none (density alone).
template <class W>
inline constexpr bool is_hist_weights_v = is_weights_v<W> || std::is_same_v<W, std::nullopt_t>;

template <class W, class = void>
struct hist_weight {
  using type = double; // std::nullopt: every value weighs 1
};
template <class W>
struct hist_weight<W, std::enable_if_t<is_weights_v<W>>> {
  using type = operand_value_t<W>;
};
/// The weights' space (std::nullopt: any, so S).
template <class W, class S, class = void>
struct weights_space {
  using type = S;
};
template <class W, class S>
struct weights_space<W, S, std::enable_if_t<is_weights_v<W>>> {
  using type = typename operand_traits<W>::space;
};

/// The sums' type: float64 for real weights, complex128 for complex ones.
template <class W>
using hist_sum_t = std::conditional_t<is_complex_v<typename hist_weight<W>::type>, complex128, double>;

/// NumPy's _ravel_and_check_weights: weights of a's shape (checked before the bins, as NumPy does); with the policy
/// checks of a and the weights.
template <class Policy, class X, class W>
void check_hist_weights(const X& a, const W& weights) {
  using T = operand_value_t<X>;
  using S = typename operand_traits<X>::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  using WS = typename weights_space<W, S>::type;
  NDTHRUST_CHECK_POLICY(Policy, WS);
  static_assert(!is_complex_v<T>, "ndthrust: histogram of complex arrays is not supported");
  if constexpr (is_weights_v<W>) {
    using WT = operand_value_t<W>;
    static_assert(!std::is_same_v<WT, bool>, "ndthrust: histogram's weights must be numbers, not bool");
    NDTHRUST_EXPECTS(operand_traits<W>::shape(weights) == operand_traits<X>::shape(a), value_error,
                     "weights should have the same shape as a.");
  }
}

/// `bins` equal-width edges over `range` (default: a's min and max, read back: one synchronisation), in [lo, hi].
template <class T, class Policy, class It>
std::vector<double> uniform_edges(const Policy& policy, It first, index_t n, index_t bins,
                                  std::optional<std::pair<double, double>> range, double& lo, double& hi) {
  NDTHRUST_EXPECTS(bins >= 1, value_error, "`bins` must be positive, when an integer");
  lo = 0;
  hi = 1;
  if (range) {
    lo = range->first;
    hi = range->second;
    NDTHRUST_EXPECTS(lo <= hi, value_error, "max must be larger than min in range parameter.");
    NDTHRUST_EXPECTS(std::isfinite(lo) && std::isfinite(hi), value_error,
                     "supplied range of [" + std::to_string(lo) + ", " + std::to_string(hi) + "] is not finite");
  } else if (n > 0) {
    auto mm = host_min_max<T>(policy, first, n);
    lo      = static_cast<double>(mm.first);
    hi      = static_cast<double>(mm.second);
    NDTHRUST_EXPECTS(std::isfinite(lo) && std::isfinite(hi), value_error,
                     "autodetected range of [" + std::to_string(lo) + ", " + std::to_string(hi) + "] is not finite");
  }
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  // np.linspace's arithmetic, so that the edges match NumPy's bit for bit.
  std::vector<double> e(static_cast<std::size_t>(bins + 1));
  const double step = (hi - lo) / static_cast<double>(bins);
  for (index_t i = 0; i <= bins; ++i) e[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + lo;
  e.back() = hi;
  return e;
}

/// Explicit edges as float64 in the policy's space, after NumPy's checks (1-d, never decreasing), which read them
/// back: one synchronisation.
template <class Policy, class E>
auto checked_edges(const Policy& policy, const E& edges) {
  using ET = typename E::value_type;
  static_assert(!is_complex_v<ET>, "ndthrust: histogram's bin edges must be real");
  NDTHRUST_CHECK_POLICY(Policy, typename E::space);
  NDTHRUST_EXPECTS(edges.ndim() == 1, value_error, "`bins` must be 1d, when an array");
  auto e = astype<double>(policy, edges);
  synchronize(policy);
  const auto h = to_vector(e);
  for (std::size_t i = 1; i < h.size(); ++i) // NaN compares false, as NumPy's bins[:-1] > bins[1:]
    NDTHRUST_EXPECTS(!(h[i - 1] > h[i]), value_error, "`bins` must increase monotonically, when an array");
  return e;
}

/// Sums the weights (std::nullopt: ones) of a's values into the bins, then NumPy's density if asked.
template <class Policy, class X, class W, class Bin, class S>
void weighted_counts(const Policy& policy, const X& a, const W& weights, Bin bin, bool density,
                     array<hist_sum_t<W>, S>& counts, const array<double, S>& edges) {
  using R         = hist_sum_t<W>;
  const index_t n = shape_size(operand_traits<X>::shape(a));
  const index_t b = counts.size();
  if (n > 0 && b > 0) {
    auto w = [&] {
      if constexpr (is_weights_v<W>) return c_order_begin(weights);
      else return thrust::constant_iterator<double>(1.0);
    }();
    auto pairs = thrust::make_zip_iterator(thrust::make_tuple(c_order_begin(a), w));
    thrust::for_each_n(policy, pairs, n, histogram_weight_fn<R, Bin>{counts.raw(), bin});
  }
  if (!density || b == 0) return;
  // n.sum() stays on the device (the scan's last element): no synchronisation.
  auto total = empty<R>(policy, {b});
  thrust::inclusive_scan(policy, counts.raw(), counts.raw() + b, total.raw());
  thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), b,
                     density_fn<R>{counts.raw(), edges.raw(), total.raw() + (b - 1), counts.raw()});
}
} // namespace detail

/// Counts of `a` (flattened) in `bins` equal-width bins over `range` (default: a's min and max, which synchronises
/// once to read them back). Values outside the range, and NaNs, are not counted; the last bin includes its right
/// edge. Edges are float64 (NumPy gives float32 edges for float32 input).
/// An expression is read element by element (twice without a range), never stored.
template <class Policy, class X>
auto histogram(const Policy& policy, const X& a, index_t bins = 10,
               std::optional<std::pair<double, double>> range = std::nullopt) {
  using T = detail::operand_value_t<X>;
  using S = typename detail::operand_traits<X>::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  static_assert(!is_complex_v<T>, "ndthrust: histogram of complex arrays is not supported");
  const index_t n = shape_size(detail::operand_traits<X>::shape(a));
  auto first      = detail::c_order_begin(a);
  double lo, hi;
  auto e = detail::uniform_edges<T>(policy, first, n, bins, range, lo, hi);
  histogram_result<S> r{zeros<std::int64_t>(policy, {bins}), asarray(policy, e.data(), shape_t{bins + 1})};
  if (n > 0)
    thrust::for_each_n(policy, first, n,
                       detail::histogram_fn<T, detail::uniform_bin_fn>{r.counts.raw(),
                                                                      {r.edges.raw(), lo, hi, bins}});
  return r;
}

/// Counts of `a` (flattened) between explicit `edges` (a 1-d array, never decreasing; NumPy's bins=array): bin i
/// holds edges[i] <= x < edges[i + 1], the last bin also its right edge. The edges are checked on the host (one
/// synchronisation) and returned as float64 (NumPy returns them in their own dtype).
template <class Policy, class X, class E, class = std::enable_if_t<is_array_v<E>>>
auto histogram(const Policy& policy, const X& a, const E& edges) {
  using T = detail::operand_value_t<X>;
  using S = typename detail::operand_traits<X>::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  static_assert(!is_complex_v<T>, "ndthrust: histogram of complex arrays is not supported");
  auto e          = detail::checked_edges(policy, edges);
  const index_t b = std::max<index_t>(e.size() - 1, 0);
  const index_t n = shape_size(detail::operand_traits<X>::shape(a));
  histogram_result<S> r{zeros<std::int64_t>(policy, {b}), e};
  if (n > 0 && b > 0)
    thrust::for_each_n(policy, detail::c_order_begin(a), n,
                       detail::histogram_fn<T, detail::edge_bin_fn>{r.counts.raw(), {r.edges.raw(), b}});
  return r;
}

/// Equal-width bins with NumPy's weights and density. `weights`: a's shape, any numeric dtype but bool, or
/// std::nullopt for none. Counts are float64 sums of the weights (complex128 for complex weights; NumPy keeps an
/// integer or float32 weights' dtype), in an unspecified order (atomic adds). `density`: counts / (their sum * bin
/// width), as NumPy's n / db / n.sum() (NaN when nothing is counted); computed on the device, no synchronisation.
template <class Policy, class X, class W, class = std::enable_if_t<detail::is_hist_weights_v<W>>>
auto histogram(const Policy& policy, const X& a, index_t bins, std::optional<std::pair<double, double>> range,
               const W& weights, bool density = false) {
  using T = detail::operand_value_t<X>;
  using S = typename detail::operand_traits<X>::space;
  detail::check_hist_weights<Policy>(a, weights);
  const index_t n = shape_size(detail::operand_traits<X>::shape(a));
  double lo, hi;
  auto e = detail::uniform_edges<T>(policy, detail::c_order_begin(a), n, bins, range, lo, hi);
  histogram_result<S, detail::hist_sum_t<W>> r{zeros<detail::hist_sum_t<W>>(policy, {bins}),
                                               asarray(policy, e.data(), shape_t{bins + 1})};
  detail::weighted_counts(policy, a, weights, detail::uniform_bin_fn{r.edges.raw(), lo, hi, bins}, density, r.counts,
                          r.edges);
  return r;
}

/// Explicit edges with weights (or std::nullopt) and density, as the two forms above.
template <class Policy, class X, class E, class W,
          class = std::enable_if_t<is_array_v<E> && detail::is_hist_weights_v<W>>>
auto histogram(const Policy& policy, const X& a, const E& edges, const W& weights, bool density = false) {
  using S = typename detail::operand_traits<X>::space;
  detail::check_hist_weights<Policy>(a, weights);
  auto e          = detail::checked_edges(policy, edges);
  const index_t b = std::max<index_t>(e.size() - 1, 0);
  histogram_result<S, detail::hist_sum_t<W>> r{zeros<detail::hist_sum_t<W>>(policy, {b}), e};
  detail::weighted_counts(policy, a, weights, detail::edge_bin_fn{r.edges.raw(), b}, density, r.counts, r.edges);
  return r;
}

} // namespace nd
