// ndthrust/scan.h — cumulative sums and products along an axis, and n-th differences (NumPy's cumsum, cumprod,
// nancumsum, nancumprod, diff).
//
//   nd::cumsum(policy, a)          the flattened array in C order (NumPy's default axis=None) → 1-d result
//   nd::cumsum(policy, a, axis)    along one axis (negative allowed) → a's shape
//   nd::cumsum<double>(policy, a)  the accumulation and result dtype
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
#include <ndthrust/views.h>

#include <thrust/for_each.h>

#include <optional>

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

/// The n-th discrete difference along `axis` (NumPy's diff): the axis shrinks by n (to 0 at least); the dtype is
/// kept (integers wrap as in NumPy).
template <class Policy, class X>
auto diff(const Policy& policy, const X& x, index_t n = 1, index_t axis = -1) {
  auto a  = detail::materialize(policy, x);
  using T = typename decltype(a)::value_type;
  using S = typename decltype(a)::space;
  NDTHRUST_CHECK_POLICY(Policy, S);
  NDTHRUST_EXPECTS(n >= 0, value_error, "order must be non-negative but got " + std::to_string(n));
  NDTHRUST_EXPECTS(a.ndim() >= 1, value_error, "diff requires input that is at least one dimensional");
  int ax = normalize_axis(axis, a.ndim());
  array<T, S> cur = a;
  for (index_t k = 0; k < n; ++k) {
    index_t len = cur.shape()[ax];
    if (len == 0) break;
    shape_t sh  = cur.shape();
    sh[ax]      = len - 1;
    auto out    = empty<T>(policy, sh);
    if (out.size() > 0) {
      auto lo = detail::make_flat_layout<index_t>(sh, cur.strides(), cur.offset(), false);
      thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), out.size(),
                         detail::diff_fn<T, index_t>{cur.storage_begin(), lo, cur.strides()[ax], out.raw()});
    }
    cur = out;
  }
  return n == 0 ? a : cur;
}

} // namespace nd
