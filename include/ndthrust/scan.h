// ndthrust/scan.h — cumulative sums and products along an axis, and n-th differences (NumPy's cumsum, cumprod,
// nancumsum, nancumprod, diff).
//
//   nd::cumsum(policy, a)          the flattened array in C order (NumPy's default axis=None) → 1-d result
//   nd::cumsum(policy, a, axis)    along one axis (negative allowed) → a's shape
//   nd::cumsum<double>(policy, a)  the accumulation and result dtype
//   nd::diff(policy, a, n, axis[, prepend[, append]])   prepend / append: std::nullopt, a scalar or an array
//                                  joined along the axis first; the result dtype is np.diff's (see diff below)
//
// Results are new C-contiguous arrays in the policy's space; nothing synchronises. Dtypes as nd::sum: bool and
// integers accumulate in int64 (uint64 for unsigned). The nan forms treat NaN as 0 (sum) or 1 (product).
// Inputs are arrays or lazy expressions (nd::map): the scans read an expression inside their kernel, never storing
// it; diff evaluates it into an array first (each step reads every element twice).
#pragma once

#include <ndthrust/backend/scan.h>
#include <ndthrust/detail/reduce/ops.h>
#include <ndthrust/detail/reduce/run.h>
#include <ndthrust/detail/reduce/sink.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/join.h>
#include <ndthrust/views.h>

#include <thrust/for_each.h>

#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

namespace nd {

namespace detail {
template <class R, class Policy, class X, class Op>
array<R, space_of_t<Policy>> run_scan(const Policy& policy, const X& x, std::optional<index_t> axis, const Op& op) {
  static_assert(!std::is_void_v<operand_space_t<X>>, "ndthrust: scans take arrays or array expressions");
  NDTHRUST_CHECK_POLICY(Policy, operand_space_t<X>);
  shape_t shape = operand_traits<std::decay_t<X>>::shape(x);
  small_vec<int> mask;
  shape_t rshape;
  index_t line_stride = 1;
  if (axis) {
    int ax = normalize_axis(*axis, shape.size());
    mask   = small_vec<int>::filled(shape.size(), 0);
    mask[ax] = 1;
    rshape   = shape;
    line_stride = c_strides(shape)[ax];
  } else {
    mask   = small_vec<int>::filled(shape.size(), 1);
    rshape = shape_t{shape_size(shape)};
  }
  auto res = empty<R>(policy, rshape);
  if (res.size() == 0) return res;
  // Output strides over the kept axes: the C strides of the input shape (the result has that shape).
  strides_t ost, cs = c_strides(shape);
  for (int d = 0; d < shape.size(); ++d)
    if (!mask[d]) ost.push_back(cs[d]);
  with_source<index_t>(x, [&](const auto& src, const input_view& view) {
    auto plan = make_plan<index_t>(src, view, mask, ost, 0, false);
    backend::scan(policy, plan, op, scan_dest<index_t, R>{res.storage_begin(), line_stride});
  });
  return res;
}

/// One step of diff: out[i] = a[i + step] - a[i] over the view `lo` (a without its last element along the axis);
/// bool uses `!=` as NumPy does.
template <class T, class Index>
struct diff_fn {
  const T* base;
  flat_layout<Index> lo;
  Index step;
  T* out;
  NDTHRUST_HD void operator()(Index i) const {
    Index k = lo(i);
    if constexpr (std::is_same_v<T, bool>) out[i] = base[k + step] != base[k];
    else out[i] = static_cast<T>(base[k + step] - base[k]);
  }
};
} // namespace detail

/// Cumulative sum along `axis`, or of the flattened array when no axis is given.
template <class R = void, class Policy, class X>
auto cumsum(const Policy& policy, const X& a, std::optional<index_t> axis = std::nullopt) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::operand_value_t<X>>>;
  return detail::run_scan<Rt>(policy, a, axis, detail::arith_op<Rt>{});
}
template <class R = void, class Policy, class X>
auto cumprod(const Policy& policy, const X& a, std::optional<index_t> axis = std::nullopt) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::operand_value_t<X>>>;
  return detail::run_scan<Rt>(policy, a, axis, detail::arith_op<Rt, true>{});
}
template <class R = void, class Policy, class X>
auto nancumsum(const Policy& policy, const X& a, std::optional<index_t> axis = std::nullopt) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::operand_value_t<X>>>;
  return detail::run_scan<Rt>(policy, a, axis, detail::arith_op<Rt, false, true>{});
}
template <class R = void, class Policy, class X>
auto nancumprod(const Policy& policy, const X& a, std::optional<index_t> axis = std::nullopt) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::operand_value_t<X>>>;
  return detail::run_scan<Rt>(policy, a, axis, detail::arith_op<Rt, true, true>{});
}

namespace detail {
/// diff's steps on an array: each reads the previous result twice (i and i + 1 along the axis).
template <class Policy, class T, class S>
array<T, S> diff_steps(const Policy& policy, const array<T, S>& a, index_t n, int ax) {
  array<T, S> cur = a;
  for (index_t k = 0; k < n; ++k) {
    index_t len = cur.shape()[ax];
    if (len == 0) break;
    shape_t sh = cur.shape();
    sh[ax]     = len - 1;
    auto out   = empty<T>(policy, sh);
    if (out.size() > 0) {
      auto lo = make_flat_layout<index_t>(sh, cur.strides(), cur.offset(), false);
      thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), out.size(),
                         diff_fn<T, index_t>{cur.storage_begin(), lo, cur.strides()[ax], out.raw()});
    }
    cur = out;
  }
  return cur;
}

/// The dtype a prepend / append value joins with: an array's (or expression's) own; a C++ scalar's as
/// np.asanyarray makes it of a Python scalar (bool, int64, float64, complex128); absent (std::nullopt): none.
template <class P, class T, class = void>
struct diff_join_type {
  using type = operand_value_t<P>;
};
template <class T>
struct diff_join_type<std::nullopt_t, T> {
  using type = T;
};
template <class P, class T>
struct diff_join_type<P, T, std::enable_if_t<std::is_arithmetic_v<P> || is_complex_v<P>>> {
  using type = std::conditional_t<
    std::is_same_v<P, bool>, bool,
    std::conditional_t<std::is_integral_v<P>, std::int64_t,
                       std::conditional_t<std::is_floating_point_v<P>, double, complex128>>>;
};
template <class P, class T>
using diff_join_t = typename diff_join_type<P, T>::type;

/// A prepend / append value as the R array np.diff joins: a scalar or 0-d array broadcast to a's shape with
/// extent 1 along the axis, converted to R.
template <class R, class Policy, class P>
array<R, space_of_t<Policy>> diff_part(const Policy& policy, const P& p, shape_t shape, int ax) {
  shape[ax] = 1;
  if constexpr (std::is_arithmetic_v<P> || is_complex_v<P>) {
    return full<R>(policy, shape, convert<R>(convert<diff_join_t<P, R>>(p)));
  } else {
    auto m  = materialize(policy, p);
    using U = typename decltype(m)::value_type;
    NDTHRUST_CHECK_POLICY(Policy, typename decltype(m)::space);
    auto b = m.ndim() == 0 ? broadcast_to(m, shape) : m;
    if constexpr (std::is_same_v<U, R>) return b;
    else return astype<R>(policy, b);
  }
}
} // namespace detail

/// The n-th discrete difference along `axis` (NumPy's diff): the axis shrinks by n (to 0 at least); the dtype is
/// kept (integers wrap as in NumPy).
template <class Policy, class X>
auto diff(const Policy& policy, const X& x, index_t n = 1, index_t axis = -1) {
  auto a  = detail::materialize(policy, x);
  using S = typename decltype(a)::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  if (n == 0) return a; // NumPy returns the input before any check
  NDTHRUST_EXPECTS(n >= 0, value_error, "order must be non-negative but got " + std::to_string(n));
  NDTHRUST_EXPECTS(a.ndim() >= 1, value_error, "diff requires input that is at least one dimensional");
  return detail::diff_steps(policy, a, n, normalize_axis(axis, a.ndim()));
}

/// diff of `prepend`, x and `append` joined along the axis (NumPy's prepend= / append=). Each is std::nullopt
/// (absent), a C++ scalar or 0-d array (broadcast to x's shape with extent 1 along the axis), or an array or
/// expression matching x except along the axis (np.concatenate's checks and messages). The result dtype is NumPy's
/// promotion of x's with theirs, a C++ scalar counting as np.asanyarray of a Python scalar does (int64, float64,
/// complex128 or bool): an int32 x with prepend 0 gives int64, as np.diff does. n = 0 returns x converted to that
/// dtype (NumPy returns x itself; here the type is fixed at compile time).
template <class Policy, class X, class P, class A = std::nullopt_t>
auto diff(const Policy& policy, const X& x, index_t n, index_t axis, const P& prepend, const A& append = std::nullopt) {
  using T = detail::operand_value_t<X>;
  using R = result_type_t<T, detail::diff_join_t<P, T>, detail::diff_join_t<A, T>>;
  auto a  = detail::materialize(policy, x);
  using S = typename decltype(a)::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  auto as_r = [&](const array<T, S>& v) {
    if constexpr (std::is_same_v<T, R>) return v;
    else return astype<R>(policy, v);
  };
  if (n == 0) return as_r(a);
  NDTHRUST_EXPECTS(n >= 0, value_error, "order must be non-negative but got " + std::to_string(n));
  NDTHRUST_EXPECTS(a.ndim() >= 1, value_error, "diff requires input that is at least one dimensional");
  int ax = normalize_axis(axis, a.ndim());
  std::vector<array<R, S>> parts;
  if constexpr (!std::is_same_v<P, std::nullopt_t>)
    parts.push_back(detail::diff_part<R>(policy, prepend, a.shape(), ax));
  parts.push_back(as_r(a));
  if constexpr (!std::is_same_v<A, std::nullopt_t>)
    parts.push_back(detail::diff_part<R>(policy, append, a.shape(), ax));
  if (parts.size() == 1) return detail::diff_steps(policy, parts[0], n, ax);
  return detail::diff_steps(policy, concatenate(policy, parts, index_t(ax)), n, ax);
}

} // namespace nd
