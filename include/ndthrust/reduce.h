// ndthrust/reduce.h — reductions along any axes, with NumPy's names and semantics.
//
//   nd::sum(policy, a)                         all axes → a 0-d array in the policy's space
//   nd::sum(policy, a, {0, -1}, keepdims)      one or several axes (negative count from the end)
//   nd::sum<double>(policy, a, 1)              the result (and accumulation) dtype
//   nd::sum(policy, a, 1, out)                 into an existing array; nd::sum(policy, a, 1, false, initial)
//
// Nothing here synchronises: a full reduction returns a 0-d device array whose value is computed on the policy's
// stream. Reading it on the host is the one explicit synchronisation: nd::item(r) (or r.item()).
// The exceptions are nanargmin / nanargmax, which must look at their result to raise NumPy's "All-NaN slice".
//
// Inputs are arrays of any layout (transposed, sliced, broadcast) or lazy expressions (nd::map): an expression is
// evaluated inside the reduction kernel, never materialised.
//
// Dtypes follow NumPy: sums and products of bool and integers accumulate in int64 (uint64 for unsigned); means of
// integers are float64; var / std of complex input are real; argmin / argmax / count_nonzero give int64.
// NaN: max / min / ptp propagate it, argmax / argmin return the first NaN, the nan* functions skip it.
// Empty reductions: sum 0, prod 1, mean NaN; max / min / ptp / argmax / argmin raise nd::value_error.
// `all` is nd::alltrue, because nd::all is the full slice of basic indexing (NumPy's old alias np.alltrue).
#pragma once

#include <ndthrust/detail/casting.h>
#include <ndthrust/detail/reduce/run.h>

#include <thrust/count.h>

namespace nd {

using detail::axis_spec;

/// The value of a size-1 array on the host: for device arrays a synchronous copy — the documented way to wait for
/// a reduction's result.
template <class T, class S>
T item(const array<T, S>& a) {
  return a.item();
}

#define NDTHRUST_REDUCE_PARAMS const Policy &policy, const X &a, axis_spec axis = {}, bool keepdims = false
#define NDTHRUST_REDUCE_TEMPLATE template <class R = void, class Policy, class X>

namespace detail {
template <class X>
using value_of_t = operand_value_t<X>;

/// sum / prod and their nan forms, with optional out and initial.
template <class R, bool Prod, bool SkipNan, class Policy, class X, class Init = std::nullptr_t>
array<R, space_of_t<Policy>> arith_reduce(const Policy& policy, const X& a, axis_spec axis, bool keepdims,
                                          std::optional<array<R, space_of_t<Policy>>> out = std::nullopt,
                                          Init initial = nullptr) {
  arith_op<R, Prod, SkipNan> op;
  reduce_request q{axis, keepdims};
  if constexpr (std::is_null_pointer_v<Init>) {
    return run_reduce<R>(policy, a, q, op, cast_fin<R>{}, out);
  } else {
    initial_fin<decltype(op), cast_fin<R>> fin{op, convert<R>(initial), {}};
    return run_reduce<R>(policy, a, q, op, fin, out);
  }
}

template <class T, bool Max, bool SkipNan, class Policy, class X, class Init = std::nullptr_t>
array<T, space_of_t<Policy>> extremum_reduce(const Policy& policy, const X& a, axis_spec axis, bool keepdims,
                                             std::optional<array<T, space_of_t<Policy>>> out = std::nullopt,
                                             Init initial = nullptr) {
  extremum_op<T, Max, SkipNan> op;
  const char* name = SkipNan ? (Max ? "fmax" : "fmin") : (Max ? "maximum" : "minimum");
  if constexpr (std::is_null_pointer_v<Init>) {
    return run_reduce<T>(policy, a, {axis, keepdims, name}, op, cast_fin<T>{}, out);
  } else {
    initial_fin<decltype(op), cast_fin<T>> fin{op, convert<T>(initial), {}};
    return run_reduce<T>(policy, a, {axis, keepdims, nullptr}, op, fin, out);
  }
}

/// The dtype a reduction into an `out` of dtype R computes in (NumPy's reduce): out's own dtype when the input casts
/// to it under same_kind (uint8 summed into a uint8 out wraps, int8 into int16 does not), else the input's loop,
/// whose result is then cast into out unsafely — reductions with out never raise for the dtype, as NumPy's do not
/// (np.sum(np.full(3, 0.6), out=int_0d) computes 1.8 in float64 and stores 1).
template <class V, class Loop, class R>
using out_loop_t = std::conditional_t<can_cast(dtype_of<V>, dtype_of<R>, casting::same_kind), R, Loop>;

/// sum / prod into `out`, accumulated in out_loop_t.
template <bool Prod, class Policy, class X, class R, class S>
array<R, S> arith_reduce_out(const Policy& policy, const X& a, axis_spec axis, bool keepdims, const array<R, S>& out) {
  using V = value_of_t<X>;
  using A = out_loop_t<V, sum_type_t<V>, R>;
  return run_reduce<R>(policy, a, reduce_request{axis, keepdims}, arith_op<A, Prod, false>{}, cast_fin<R>{},
                       std::optional<array<R, S>>(out));
}

/// max / min into `out`, compared in out_loop_t.
template <bool Max, class Policy, class X, class R, class S>
array<R, S> extremum_reduce_out(const Policy& policy, const X& a, axis_spec axis, bool keepdims,
                                const array<R, S>& out) {
  using V = value_of_t<X>;
  using A = out_loop_t<V, V, R>;
  return run_reduce<R>(policy, a, {axis, keepdims, Max ? "maximum" : "minimum"}, extremum_op<A, Max, false>{},
                       cast_fin<R>{}, std::optional<array<R, S>>(out));
}

/// argmin / argmax: a single axis or the flattened array (positions in C order, so axes keep their order).
template <bool Max, bool SkipNan, class Policy, class X>
array<std::int64_t, space_of_t<Policy>> arg_reduce(const Policy& policy, const X& a, axis_spec axis, bool keepdims) {
  using T          = value_of_t<X>;
  const char* name = SkipNan ? (Max ? "nanargmax" : "nanargmin") : (Max ? "argmax" : "argmin");
  NDTHRUST_EXPECTS(axis.all || axis.axes.size() == 1, value_error, std::string(name) + ": axis must be a single integer");
  shape_t shape = operand_traits<std::decay_t<X>>::shape(a);
  index_t M     = reduced_count(shape, axis);
  if (M == 0) throw_value_error(std::string("attempt to get ") + (Max ? "argmax" : "argmin") + " of an empty sequence");
  reduce_request q{axis, keepdims, nullptr, false};
  if constexpr (!(SkipNan && (std::is_floating_point_v<T> || is_complex_v<T>))) {
    // Along an axis of length one every answer is 0, whatever the values: no need to read them.
    if (M == 1) {
      NDTHRUST_CHECK_POLICY(Policy, operand_space_t<X>);
      return zeros<std::int64_t>(policy, reduced_shape(shape, reduced_mask(axis, shape.size()), keepdims));
    }
  }
  auto r = run_reduce<std::int64_t>(policy, a, q, arg_op<T, Max, SkipNan>{}, index_fin{});
  if constexpr (SkipNan && (std::is_floating_point_v<T> || is_complex_v<T>)) {
    // The one check that reads the result back (NumPy raises on an all-NaN slice).
    auto c = ascontiguousarray(policy, r);
    if (thrust::count(policy, c.data(), c.data() + c.size(), arg_op<T, Max, SkipNan>::no_index) > 0)
      throw_value_error("All-NaN slice encountered");
  }
  return r;
}

/// var / std (Sqrt) and nanvar / nanstd: the mean of each output first, then the squared distances to it.
template <class R, bool Sqrt, bool SkipNan, class Policy, class X>
auto var_reduce(const Policy& policy, const X& a, axis_spec axis, double ddof, bool keepdims) {
  using V   = value_of_t<X>;
  using A   = mean_type_t<V>;
  using Out = or_default_t<R, real_type_t<A>>;
  array<A, space_of_t<Policy>> mean;
  if constexpr (SkipNan) mean = run_reduce<A>(policy, a, {axis, false}, nan_mean_op<A>{}, sum_count_fin<A>{0});
  else {
    const index_t M = reduced_count(operand_traits<std::decay_t<X>>::shape(a), axis);
    mean = run_reduce<A>(policy, a, {axis, false}, arith_op<A>{}, mean_fin<A>{static_cast<double>(M)});
  }
  sq_dev_op<A, SkipNan> op{mean.raw()};
  return run_reduce<Out>(policy, a, {axis, keepdims}, op, sum_count_fin<Out, Sqrt>{ddof});
}
} // namespace detail

// --- sums and products ----------------------------------------------------------------------------------------------

/// Sum of the elements over the given axes (NumPy's sum; empty → 0).
NDTHRUST_REDUCE_TEMPLATE auto sum(NDTHRUST_REDUCE_PARAMS) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::value_of_t<X>>>;
  return detail::arith_reduce<Rt, false, false>(policy, a, axis, keepdims);
}
/// sum(..., initial=): `initial` is added to every output once.
template <class R = void, class Policy, class X, class I, class = std::enable_if_t<std::is_arithmetic_v<I> || is_complex_v<I>>>
auto sum(const Policy& policy, const X& a, axis_spec axis, bool keepdims, I initial) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::value_of_t<X>>>;
  return detail::arith_reduce<Rt, false, false>(policy, a, axis, keepdims, std::nullopt, initial);
}
/// sum(..., out=): written into `out` (of the result's shape, any layout), which is returned. As NumPy's reductions,
/// any dtype of out is accepted (unsafe casting, unlike ufuncs' out=): a float input into an int out is summed in
/// float64 and truncated once; an input that casts to out's dtype same_kind accumulates in out's dtype.
template <class Policy, class X, class R, class S>
array<R, S> sum(const Policy& policy, const X& a, axis_spec axis, const array<R, S>& out, bool keepdims = false) {
  return detail::arith_reduce_out<false>(policy, a, axis, keepdims, out);
}

/// Product of the elements (empty → 1).
NDTHRUST_REDUCE_TEMPLATE auto prod(NDTHRUST_REDUCE_PARAMS) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::value_of_t<X>>>;
  return detail::arith_reduce<Rt, true, false>(policy, a, axis, keepdims);
}
template <class R = void, class Policy, class X, class I, class = std::enable_if_t<std::is_arithmetic_v<I> || is_complex_v<I>>>
auto prod(const Policy& policy, const X& a, axis_spec axis, bool keepdims, I initial) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::value_of_t<X>>>;
  return detail::arith_reduce<Rt, true, false>(policy, a, axis, keepdims, std::nullopt, initial);
}
template <class Policy, class X, class R, class S>
array<R, S> prod(const Policy& policy, const X& a, axis_spec axis, const array<R, S>& out, bool keepdims = false) {
  return detail::arith_reduce_out<true>(policy, a, axis, keepdims, out);
}

/// Sum / product treating NaN as zero / one.
NDTHRUST_REDUCE_TEMPLATE auto nansum(NDTHRUST_REDUCE_PARAMS) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::value_of_t<X>>>;
  return detail::arith_reduce<Rt, false, true>(policy, a, axis, keepdims);
}
NDTHRUST_REDUCE_TEMPLATE auto nanprod(NDTHRUST_REDUCE_PARAMS) {
  using Rt = detail::or_default_t<R, detail::sum_type_t<detail::value_of_t<X>>>;
  return detail::arith_reduce<Rt, true, true>(policy, a, axis, keepdims);
}

// --- extrema --------------------------------------------------------------------------------------------------------

/// Largest element (NaN propagates; empty raises "zero-size array to reduction operation maximum ...").
template <class Policy, class X>
auto max(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::extremum_reduce<detail::value_of_t<X>, true, false>(policy, a, axis, keepdims);
}
/// max(..., initial=): also the result of an empty slice.
template <class Policy, class X, class I, class = std::enable_if_t<std::is_arithmetic_v<I> || is_complex_v<I>>>
auto max(const Policy& policy, const X& a, axis_spec axis, bool keepdims, I initial) {
  return detail::extremum_reduce<detail::value_of_t<X>, true, false>(policy, a, axis, keepdims, std::nullopt, initial);
}
template <class Policy, class X, class T, class S>
array<T, S> max(const Policy& policy, const X& a, axis_spec axis, const array<T, S>& out, bool keepdims = false) {
  return detail::extremum_reduce_out<true>(policy, a, axis, keepdims, out);
}
template <class Policy, class X>
auto min(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::extremum_reduce<detail::value_of_t<X>, false, false>(policy, a, axis, keepdims);
}
template <class Policy, class X, class I, class = std::enable_if_t<std::is_arithmetic_v<I> || is_complex_v<I>>>
auto min(const Policy& policy, const X& a, axis_spec axis, bool keepdims, I initial) {
  return detail::extremum_reduce<detail::value_of_t<X>, false, false>(policy, a, axis, keepdims, std::nullopt, initial);
}
template <class Policy, class X, class T, class S>
array<T, S> min(const Policy& policy, const X& a, axis_spec axis, const array<T, S>& out, bool keepdims = false) {
  return detail::extremum_reduce_out<false>(policy, a, axis, keepdims, out);
}
template <class Policy, class X>
auto amax(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return max(policy, a, axis, keepdims);
}
template <class Policy, class X>
auto amin(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return min(policy, a, axis, keepdims);
}
/// max / min ignoring NaN (an all-NaN slice gives NaN).
template <class Policy, class X>
auto nanmax(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::extremum_reduce<detail::value_of_t<X>, true, true>(policy, a, axis, keepdims);
}
template <class Policy, class X>
auto nanmin(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::extremum_reduce<detail::value_of_t<X>, false, true>(policy, a, axis, keepdims);
}
/// max - min ("peak to peak") in one pass.
template <class Policy, class X>
auto ptp(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  using T = detail::value_of_t<X>;
  static_assert(!std::is_same_v<T, bool>, "ndthrust: ptp of bool is not supported (NumPy: boolean subtract)");
  return detail::run_reduce<T>(policy, a, {axis, keepdims, "maximum"}, detail::min_max_op<T>{}, detail::range_fin{});
}

/// Position of the largest / smallest element along one axis, or in the flattened array (axis omitted).
template <class Policy, class X>
auto argmax(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::arg_reduce<true, false>(policy, a, axis, keepdims);
}
template <class Policy, class X>
auto argmin(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::arg_reduce<false, false>(policy, a, axis, keepdims);
}
/// argmax / argmin ignoring NaN; an all-NaN slice raises "All-NaN slice encountered" (this reads the result back:
/// the one synchronising reduction).
template <class Policy, class X>
auto nanargmax(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::arg_reduce<true, true>(policy, a, axis, keepdims);
}
template <class Policy, class X>
auto nanargmin(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::arg_reduce<false, true>(policy, a, axis, keepdims);
}

// --- statistics -----------------------------------------------------------------------------------------------------

/// Arithmetic mean (integers in float64; empty slice → NaN). R is the accumulation and result dtype.
NDTHRUST_REDUCE_TEMPLATE auto mean(NDTHRUST_REDUCE_PARAMS) {
  using Rt      = detail::or_default_t<R, detail::mean_type_t<detail::value_of_t<X>>>;
  const index_t M = detail::reduced_count(detail::operand_traits<std::decay_t<X>>::shape(a), axis);
  return detail::run_reduce<Rt>(policy, a, {axis, keepdims}, detail::arith_op<Rt>{},
                                detail::mean_fin<Rt>{static_cast<double>(M)});
}
/// Mean of the non-NaN elements (all-NaN slice → NaN).
NDTHRUST_REDUCE_TEMPLATE auto nanmean(NDTHRUST_REDUCE_PARAMS) {
  using Rt = detail::or_default_t<R, detail::mean_type_t<detail::value_of_t<X>>>;
  return detail::run_reduce<Rt>(policy, a, {axis, keepdims}, detail::nan_mean_op<Rt>{}, detail::sum_count_fin<Rt>{0});
}
/// Variance: mean of |x - mean|², divided by (N - ddof). Real for complex input.
template <class R = void, class Policy, class X>
auto var(const Policy& policy, const X& a, axis_spec axis = {}, double ddof = 0, bool keepdims = false) {
  return detail::var_reduce<R, false, false>(policy, a, axis, ddof, keepdims);
}
template <class R = void, class Policy, class X>
auto std(const Policy& policy, const X& a, axis_spec axis = {}, double ddof = 0, bool keepdims = false) {
  return detail::var_reduce<R, true, false>(policy, a, axis, ddof, keepdims);
}
template <class R = void, class Policy, class X>
auto nanvar(const Policy& policy, const X& a, axis_spec axis = {}, double ddof = 0, bool keepdims = false) {
  return detail::var_reduce<R, false, true>(policy, a, axis, ddof, keepdims);
}
template <class R = void, class Policy, class X>
auto nanstd(const Policy& policy, const X& a, axis_spec axis = {}, double ddof = 0, bool keepdims = false) {
  return detail::var_reduce<R, true, true>(policy, a, axis, ddof, keepdims);
}

// --- logical --------------------------------------------------------------------------------------------------------

/// Whether any / every element is non-zero (NumPy's any / all).
template <class Policy, class X>
auto any(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::run_reduce<bool>(policy, a, {axis, keepdims}, detail::logical_op<true>{}, detail::cast_fin<bool>{});
}
template <class Policy, class X>
auto alltrue(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::run_reduce<bool>(policy, a, {axis, keepdims}, detail::logical_op<false>{}, detail::cast_fin<bool>{});
}
template <class Policy, class X>
auto sometrue(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return any(policy, a, axis, keepdims);
}
/// Number of non-zero elements (int64).
template <class Policy, class X>
auto count_nonzero(const Policy& policy, const X& a, axis_spec axis = {}, bool keepdims = false) {
  return detail::run_reduce<std::int64_t>(policy, a, {axis, keepdims}, detail::count_op{},
                                          detail::cast_fin<std::int64_t>{});
}

#undef NDTHRUST_REDUCE_PARAMS
#undef NDTHRUST_REDUCE_TEMPLATE

} // namespace nd
