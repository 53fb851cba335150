// ndthrust/indexing.h — NumPy's advanced indexing as functions: take, take_along_axis, put, integer-array indexing
// on one axis, boolean-mask select and assign, nonzero / where(cond) / argwhere / flatnonzero, compress.
//
//   auto r = nd::take(nd::device, a, idx, 1);            // np.take(a, idx, axis=1)  (= a[:, idx])
//   nd::fancy_assign(nd::device, a, idx, v, 1);          // a[:, idx] = v
//   auto s = nd::mask_select(nd::device, a, a_gt_0);     // a[a > 0]
//   nd::mask_assign(nd::device, a, a_gt_0, 0.0);         // a[a > 0] = 0
//   auto nz = nd::nonzero(nd::device, a);                // one int64 array per axis
//
// Results are new C-contiguous arrays in the policy's space (nonzero's arrays are rows of one (ndim, count) array;
// argwhere is its transposed view, as NumPy's is). Indices are integer arrays of any integer dtype in the same space,
// broadcast where NumPy broadcasts them.
//
// Lazy expressions (nd::map) are accepted wherever an array is read: the indexed input of take / take_along_axis /
// fancy_index / mask_select / compress is read in place (f runs only at the selected elements), and so are the
// masks and conditions (nd::nonzero(policy, nd::map(f, a)) stores no boolean array). Indices and assigned values
// that are expressions are evaluated into arrays first (raise mode reads indices twice: bounds, then gather).
//
// Synchronisation, all of it explicit here:
//   - mode take_mode::raise (the default) checks indices with a min/max reduction on the device and ONE read of its
//     result; take_mode::wrap / clip read nothing back.
//   - functions whose output size depends on the data (mask_select, mask_assign with an array of values, nonzero,
//     where(cond), argwhere, flatnonzero, compress) read ONE count back (the end of a thrust::copy_if).
//   - mask_assign with a scalar value is one elementwise kernel and reads nothing back.
// Duplicate indices in put / fancy_assign: the last write wins, as in NumPy, on both backends. Values (and indices)
// whose memory overlaps the target are read before anything is written: the answer is NumPy's. Both checks are in
// detail::scatter; the one for the order of the targets reads a bool back.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/detail/indexing/gather.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/views.h>

#include <optional>
#include <vector>

namespace nd {

namespace detail {
/// a's strides with the axes [from, from + count) replaced by `inner` (zeros when inner is empty of that length).
inline strides_t splice_strides(const strides_t& outer, int axis, int drop, const strides_t& inner) {
  strides_t r;
  for (int d = 0; d < axis; ++d) r.push_back(outer[d]);
  for (index_t s : inner) r.push_back(s);
  for (int d = axis + drop; d < outer.size(); ++d) r.push_back(outer[d]);
  return r;
}
inline shape_t splice_shape(const shape_t& outer, int axis, int drop, const shape_t& inner) {
  return splice_strides(outer, axis, drop, inner);
}

/// a[..., idx, ...] on `axis` (normalised), indices already checked or mode wrap/clip; `a` an array or expression.
template <class Policy, class X, class I, class S>
auto take_axis(const Policy& policy, const X& a, const array<I, S>& idx, int axis, take_mode mode) {
  const input_view v = operand_view(a);
  int k              = idx.ndim();
  shape_t shape      = splice_shape(v.shape, axis, 1, idx.shape());
  walk base{splice_strides(v.strides, axis, 1, strides_t::filled(k, 0)), v.offset};
  walk ix{splice_strides(strides_t::filled(v.shape.size(), 0), axis, 1, idx.strides()), idx.offset()};
  return gather(policy, a, shape, base, idx, ix, axis_axes(v, axis, mode));
}

/// a[..., idx, ...] = values on `axis` (normalised).
template <class Policy, class T, class S, class I, class V>
void put_axis(const Policy& policy, const array<T, S>& a, const array<I, S>& idx, int axis, take_mode mode,
              const array<V, S>& values) {
  int k         = idx.ndim();
  shape_t shape = splice_shape(a.shape(), axis, 1, idx.shape());
  walk dst{splice_strides(a.strides(), axis, 1, strides_t::filled(k, 0)), a.offset()};
  walk ix{splice_strides(strides_t::filled(a.ndim(), 0), axis, 1, idx.strides()), idx.offset()};
  scatter(policy, a, shape, dst, idx, ix, axis_axes(operand_view(a), axis, mode), values);
}

template <class Policy, class I, class S>
void check_take(const Policy& policy, const array<I, S>& idx, index_t n, int axis, take_mode mode) {
  NDTHRUST_EXPECTS(n > 0 || idx.size() == 0, index_error, "cannot do a non-empty take from an empty axes.");
  if (mode == take_mode::raise) check_bounds(policy, idx, n, axis);
}

/// The mask's leading axes must equal a's: NumPy's IndexError otherwise. Returns the mask's shape.
template <class X, class M>
shape_t check_mask(const X& a, const M& mask) {
  static_assert(std::is_same_v<operand_value_t<M>, bool>, "ndthrust: a mask must be a bool array or expression");
  const shape_t as = operand_traits<X>::shape(a), ms = operand_traits<M>::shape(mask);
  if (ms.size() > as.size())
    throw_index_error("too many indices for array: array is " + std::to_string(as.size()) + "-dimensional, but " +
                      std::to_string(ms.size()) + " were indexed");
  for (int d = 0; d < ms.size(); ++d)
    if (ms[d] != as[d])
      throw_index_error("boolean index did not match indexed array along axis " + std::to_string(d) +
                        "; size of axis is " + std::to_string(as[d]) +
                        " but size of corresponding boolean axis is " + std::to_string(ms[d]));
  return ms;
}

/// The walks of a[mask] over a's view `v`: shape (count,) + a.shape[mask.ndim:], positions over the mask's axes.
struct mask_plan {
  shape_t shape;
  walk base, ix;
  index_axes g;
};
template <class S>
mask_plan plan_mask(const input_view& v, const shape_t& mask_shape, const array<index_t, S>& pos) {
  int k = mask_shape.size(), rest = v.shape.size() - k;
  shape_t inner_shape;
  strides_t inner_strides;
  for (int d = 0; d < k; ++d) {
    inner_shape.push_back(v.shape[d]);
    inner_strides.push_back(v.strides[d]);
  }
  shape_t shape = splice_shape(v.shape, 0, k, shape_t{pos.size()});
  walk base{splice_strides(v.strides, 0, k, strides_t{0}), v.offset};
  walk ix{splice_strides(strides_t::filled(rest + 1, 0), 0, 1, strides_t{pos.strides()[0]}), pos.offset()};
  return {shape, base, ix, index_axes{inner_shape, inner_strides, shape_size(mask_shape), take_mode::raise}};
}

template <class T>
struct assign_where {
  T value;
  NDTHRUST_HD T operator()(bool m, const T& x) const { return m ? value : x; }
};

/// Coordinates (ndim, count) of C positions in `shape`: row d holds the d-th coordinate of every position.
struct unravel_rows {
  const index_t* pos;
  index_t count;
  shape_t shape;
  strides_t cs;
  NDTHRUST_HD index_t operator()(index_t i) const {
    index_t d = i / count;
    return (pos[i - d * count] / cs[static_cast<int>(d)]) % shape[static_cast<int>(d)];
  }
};
template <class Policy, class X>
array<index_t, space_of_t<Policy>> nonzero_coords(const Policy& policy, const X& a) {
  NDTHRUST_CHECK_POLICY(Policy, typename operand_traits<X>::space);
  const shape_t shape = operand_traits<X>::shape(a);
  auto pos            = true_positions(policy, a);
  index_t nc          = pos.size();
  auto rows           = empty<index_t>(policy, shape_t{shape.size(), nc});
  if (rows.size() > 0)
    thrust::tabulate(policy, rows.data(), rows.data() + rows.size(),
                     unravel_rows{pos.raw(), nc, shape, c_strides(shape)});
  return rows;
}

/// The space an indexed input lives in (arrays and expressions; checked against the policy).
template <class X>
using input_space_t = typename operand_traits<X>::space;
} // namespace detail

/// Elements of `a` at `indices` along `axis` (NumPy's take); without an axis, of the flattened array. The result's
/// shape is a.shape[:axis] + indices.shape + a.shape[axis+1:]. Out-of-range indices raise nd::index_error in mode
/// raise (negative ones count from the end), or wrap / clip.
template <class Policy, class X, class J>
auto take(const Policy& policy, const X& a, const J& indices, std::optional<index_t> axis = std::nullopt,
          take_mode mode = take_mode::raise) {
  NDTHRUST_CHECK_POLICY(Policy, detail::input_space_t<X>);
  auto idx     = detail::materialize(policy, indices);
  const auto v = detail::operand_view(a);
  if (!axis) {
    detail::check_take(policy, idx, shape_size(v.shape), 0, mode);
    shape_t shape = idx.shape();
    detail::walk base{strides_t::filled(shape.size(), 0), v.offset};
    detail::walk ix{idx.strides(), idx.offset()};
    return detail::gather(policy, a, shape, base, idx, ix, detail::flat_axes(v, mode));
  }
  int ax = normalize_axis(*axis, v.shape.size());
  detail::check_take(policy, idx, v.shape[ax], ax, mode);
  return detail::take_axis(policy, a, idx, ax, mode);
}

/// Integer-array ("fancy") indexing on one axis: a[..., indices, ...] with `indices` on `axis` (negative wraps,
/// out of range raises). Equal to take(policy, a, indices, axis).
template <class Policy, class X, class J>
auto fancy_index(const Policy& policy, const X& a, const J& indices, index_t axis = 0) {
  NDTHRUST_CHECK_POLICY(Policy, detail::input_space_t<X>);
  auto idx            = detail::materialize(policy, indices);
  const shape_t shape = detail::operand_traits<X>::shape(a);
  int ax              = normalize_axis(axis, shape.size());
  detail::check_bounds(policy, idx, shape[ax], ax);
  return detail::take_axis(policy, a, idx, ax, take_mode::raise);
}

/// a[..., indices, ...] = values on one axis; `values` broadcasts to a.shape[:axis] + indices.shape +
/// a.shape[axis+1:] and is cast to a's dtype.
template <class Policy, class T, class S, class J, class V>
void fancy_assign(const Policy& policy, const array<T, S>& a, const J& indices, const V& values, index_t axis = 0) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  auto idx = detail::materialize(policy, indices);
  int ax   = normalize_axis(axis, a.ndim());
  detail::check_bounds(policy, idx, a.shape()[ax], ax);
  detail::put_axis(policy, a, idx, ax, take_mode::raise, detail::materialize(policy, values));
}

/// NumPy's take_along_axis: `indices` has a's number of dimensions; the other axes broadcast against a's (with a's
/// `axis` taken as 1), and result[..., j, ...] = a[..., indices[..., j, ...], ...] along `axis`.
template <class Policy, class X, class J>
auto take_along_axis(const Policy& policy, const X& a, const J& indices, index_t axis = -1) {
  NDTHRUST_CHECK_POLICY(Policy, detail::input_space_t<X>);
  auto idx       = detail::materialize(policy, indices);
  const auto v   = detail::operand_view(a);
  const int ndim = v.shape.size();
  NDTHRUST_EXPECTS(idx.ndim() == ndim, value_error, "`indices` and `arr` must have the same number of dimensions");
  int ax         = normalize_axis(axis, ndim);
  shape_t a_sh   = v.shape;
  a_sh[ax]       = 1;
  shape_t i_sh   = idx.shape();
  i_sh[ax]       = 1;
  shape_t shape  = broadcast_shapes(a_sh, i_sh);
  shape[ax]      = idx.shape()[ax];
  strides_t a_st = v.strides;
  a_st[ax]       = 0;
  auto bm = detail::broadcast_meta(detail::view_meta{a_sh, a_st, v.offset}, shape);
  auto im = detail::broadcast_meta(detail::view_meta{idx.shape(), idx.strides(), idx.offset()}, shape);
  detail::check_bounds(policy, idx, v.shape[ax], ax);
  return detail::gather(policy, a, shape, detail::walk{bm.strides, bm.offset}, idx,
                        detail::walk{im.strides, im.offset}, detail::axis_axes(v, ax, take_mode::raise));
}

/// NumPy's put: a.flat[indices] = values (C order, any layout of a), values repeated cyclically when shorter and
/// cast to a's dtype; nothing happens when values is empty.
template <class Policy, class T, class S, class J, class W>
void put(const Policy& policy, const array<T, S>& a, const J& indices, const W& values,
         take_mode mode = take_mode::raise) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  NDTHRUST_EXPECTS(a.writeable(), value_error, "assignment destination is read-only");
  auto indices_a = detail::materialize(policy, indices);
  auto values_a  = detail::materialize(policy, values);
  using I        = typename decltype(indices_a)::value_type;
  using V        = typename decltype(values_a)::value_type;
  if (values_a.size() == 0 || indices_a.size() == 0) return;
  detail::check_take(policy, indices_a, a.size(), 0, mode);
  // Cycle the values: a flat copy of them repeated to the number of indices (nothing to copy when long enough).
  index_t n = indices_a.size();
  auto flat_v = ascontiguousarray(policy, values_a);
  array<V, S> cyc(flat_v.storage(), flat_v.storage_size(), shape_t{flat_v.size()}, strides_t{1}, flat_v.offset());
  if (cyc.size() < n) {
    index_t reps = (n + cyc.size() - 1) / cyc.size();
    auto rep     = empty<V>(policy, shape_t{reps, cyc.size()});
    copyto(policy, rep, cyc);
    cyc = array<V, S>(rep.storage(), rep.storage_size(), shape_t{reps * cyc.size()}, strides_t{1}, 0);
  }
  cyc = cyc(slice(0, n));
  auto flat_i = ascontiguousarray(policy, indices_a);
  array<I, S> idx(flat_i.storage(), flat_i.storage_size(), shape_t{n}, strides_t{1}, flat_i.offset());
  detail::scatter(policy, a, shape_t{n}, detail::walk{strides_t{0}, a.offset()}, idx,
                  detail::walk{strides_t{1}, idx.offset()},
                  detail::flat_axes(detail::operand_view(a), mode), cyc);
}

/// a[mask] (boolean-mask selection): `mask` matches a's leading axes; the result is 1-d over the true positions
/// (C order) followed by a's remaining axes. Reads the count back (one synchronisation).
template <class Policy, class X, class M>
auto mask_select(const Policy& policy, const X& a, const M& mask) {
  NDTHRUST_CHECK_POLICY(Policy, detail::input_space_t<X>);
  const shape_t ms = detail::check_mask(a, mask);
  auto pos         = detail::true_positions(policy, mask);
  auto p           = detail::plan_mask(detail::operand_view(a), ms, pos);
  return detail::gather(policy, a, p.shape, p.base, pos, p.ix, p.g);
}

/// a[mask] = values: `values` broadcasts to the shape of a[mask] (count, a.shape[mask.ndim:]...) and is cast to a's
/// dtype. Reads the count back (one synchronisation).
template <class Policy, class T, class S, class M, class V,
          std::enable_if_t<is_array_v<V> || detail::is_map_v<V>, int> = 0>
void mask_assign(const Policy& policy, const array<T, S>& a, const M& mask, const V& values) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  const shape_t ms = detail::check_mask(a, mask);
  auto pos         = detail::true_positions(policy, mask);
  auto p           = detail::plan_mask(detail::operand_view(a), ms, pos);
  detail::scatter(policy, a, p.shape, p.base, pos, p.ix, p.g, detail::materialize(policy, values));
}

/// a[mask] = value for a scalar: one elementwise kernel, no synchronisation.
template <class Policy, class T, class S, class M, class V,
          std::enable_if_t<!is_array_v<V> && !detail::is_map_v<V>, int> = 0>
void mask_assign(const Policy& policy, const array<T, S>& a, const M& mask_in, const V& value) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  detail::check_mask(a, mask_in);
  // The mask's axes lead: give it a's trailing axes with stride 0 so that it broadcasts to a (an expression is
  // evaluated for that view).
  auto mask    = detail::materialize(policy, mask_in);
  shape_t sh   = mask.shape();
  strides_t st = mask.strides();
  for (int d = mask.ndim(); d < a.ndim(); ++d) {
    sh.push_back(a.shape()[d]);
    st.push_back(0);
  }
  array<bool, S> m(mask.storage(), mask.storage_size(), sh, st, mask.offset(), false);
  transform(policy, a, detail::assign_where<T>{detail::convert<T>(value)}, m, a);
}

/// NumPy's nonzero: one int64 array per axis of `a` with the coordinates of its non-zero elements, in C order.
/// 0-d arrays raise, as in NumPy 2. Reads the count back (one synchronisation).
template <class Policy, class X>
auto nonzero(const Policy& policy, const X& a) {
  const int ndim = detail::operand_traits<X>::shape(a).size();
  NDTHRUST_EXPECTS(ndim > 0, value_error,
                   "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.");
  auto rows = detail::nonzero_coords(policy, a);
  std::vector<decltype(rows)> r;
  for (int d = 0; d < ndim; ++d) r.push_back(rows(d));
  return r;
}

/// NumPy's one-argument where(cond): the same as nonzero(cond). (The three-argument where is in ufuncs.h.)
template <class Policy, class X>
auto where(const Policy& policy, const X& cond) {
  return nonzero(policy, cond);
}

/// NumPy's argwhere: a (count, ndim) int64 array of the coordinates of non-zero elements (the transposed view of
/// nonzero's rows, like NumPy's). Reads the count back (one synchronisation).
template <class Policy, class X>
auto argwhere(const Policy& policy, const X& a) {
  return transpose(detail::nonzero_coords(policy, a));
}

/// NumPy's flatnonzero: the C-order positions of non-zero elements of the flattened array (int64). Reads the count
/// back (one synchronisation).
template <class Policy, class X>
auto flatnonzero(const Policy& policy, const X& a) {
  NDTHRUST_CHECK_POLICY(Policy, detail::input_space_t<X>);
  return detail::true_positions(policy, a);
}

/// NumPy's compress: the slices of `a` along `axis` (of the flattened array without one) where the 1-d `condition`
/// is true. A condition shorter than the axis counts as false beyond its end; one that is true beyond the axis
/// raises IndexError. Reads the count back (one synchronisation; a longer condition costs a second read, and an
/// expression as such a condition is evaluated so that it can be cut).
template <class Policy, class C, class X>
auto compress(const Policy& policy, const C& condition, const X& a, std::optional<index_t> axis = std::nullopt) {
  NDTHRUST_CHECK_POLICY(Policy, detail::input_space_t<X>);
  const shape_t cs = detail::operand_traits<C>::shape(condition);
  NDTHRUST_EXPECTS(cs.size() == 1, value_error, "condition must be a 1-d array");
  const auto v = detail::operand_view(a);
  int ax       = axis ? normalize_axis(*axis, v.shape.size()) : 0;
  index_t n    = axis ? v.shape[ax] : shape_size(v.shape);
  array<index_t, space_of_t<Policy>> pos;
  if (cs[0] > n) {
    auto cond = detail::materialize(policy, condition);
    auto tail = detail::true_positions(policy, cond(slice(n, none)));
    if (tail.size() > 0)
      detail::throw_index_error("index " + std::to_string(n + static_cast<index_t>(tail(0).item())) +
                                " is out of bounds for axis " + std::to_string(ax) + " with size " + std::to_string(n));
    pos = detail::true_positions(policy, cond(slice(0, n)));
  } else {
    pos = detail::true_positions(policy, condition);
  }
  if (!axis) {
    return detail::gather(policy, a, pos.shape(), detail::walk{strides_t{0}, v.offset}, pos,
                          detail::walk{pos.strides(), pos.offset()}, detail::flat_axes(v, take_mode::raise));
  }
  return detail::take_axis(policy, a, pos, ax, take_mode::raise);
}

} // namespace nd
