// ndthrust/join.h — joining, splitting and repeating arrays: concatenate, stack, vstack, hstack, split,
// array_split, tile, repeat, roll, pad.
//
//   auto c = nd::concatenate(nd::device, {a, b}, 1);     // np.concatenate((a, b), axis=1)
//   auto parts = nd::split(a, 3, 0);                     // three views
//   auto p = nd::pad(nd::device, a, {{1, 2}, {0, 1}}, nd::pad_mode::edge);
//
// nd::pad(policy, a, widths[, mode[, constant]]) and nd::pad(policy, a, widths, mode, options): `widths` is one
// (before, after) pair per axis or one pair for every axis; modes as NumPy's np.pad — constant (the `constant`
// argument, default 0), edge, reflect, symmetric, wrap (widths beyond the axis repeat the reflection / wrap as
// NumPy does), linear_ramp (nd::pad_options::end_values, default 0; integer ramps floored as np.linspace does),
// maximum, minimum, mean (nd::pad_options::stat_length, default the whole axis; integer means rounded half to
// even). Axes are padded in order, later axes over the earlier ones' padding, so corners are NumPy's. A length-1
// axis extends its edge in every mode; an empty axis takes widths only with constant. Not provided: 'empty',
// 'median', reflect_type='odd', per-axis constant_values pairs. An integer mean over stat_length 0 raises
// (NumPy stores an undefined NaN conversion); floating means of nothing are NaN as in NumPy.
//
// Everything is views plus nd::copyto (the copy engine picks the fastest path for each layout): concatenate writes
// each input into a slice of one empty result, tile / repeat copy from broadcast views, roll is two slice copies;
// repeat with one count per element uploads its source positions (one host-to-device copy) and gathers. pad is one
// gather kernel for constant, edge, reflect, symmetric and wrap; linear_ramp and the stat modes copy the input into
// the centre, then per padded side run one reduction and one fill kernel (detail/join/pad.h).
// Results are new C-contiguous arrays in the policy's space (split / array_split return views, as NumPy does);
// nothing synchronises.
//
// Dtypes: the inputs of concatenate / stack / vstack / hstack are one C++ type (std::vector<nd::array<T, S>>), so
// NumPy's promotion never arises; convert mixed inputs with nd::astype first.
//
// Lazy expressions (nd::map) are accepted too: concatenate / stack / vstack / hstack take a std::vector of one
// expression type and write each expression straight into its slice of the result (one kernel per part, nothing
// stored in between); tile, repeat, roll and pad evaluate an expression into an array first and work on views of
// it.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/detail/join/pad.h>
#include <ndthrust/indexing.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

namespace nd {

namespace detail {
/// The view of `a` with axis `axis` restricted to [start, start + len).
template <class T, class S>
array<T, S> axis_slice(const array<T, S>& a, int axis, index_t start, index_t len) {
  shape_t sh = a.shape();
  sh[axis]   = len;
  index_t off = a.offset() + (len > 0 ? start * a.strides()[axis] : 0);
  return remake(a, sh, a.strides(), off, a.writeable());
}

/// `a` with a's axis `axis` split into (outer, inner) = (shape / inner, inner): a view (any strides allowed).
template <class T, class S>
array<T, S> split_axis(const array<T, S>& a, int axis, index_t outer, index_t inner) {
  shape_t sh   = a.shape();
  strides_t st = a.strides();
  sh[axis]     = inner;
  sh.insert(axis, outer);
  st.insert(axis, st[axis] * inner);
  return remake(a, sh, st, a.offset(), a.writeable());
}

/// The shape a part takes in a join: at least `nd` dimensions, as NumPy's atleast_1d / atleast_2d give it.
inline shape_t atleast_shape(const shape_t& s, int nd) {
  if (s.size() >= nd) return s;
  if (s.size() == 0) return nd == 1 ? shape_t{1} : shape_t{1, 1};
  return shape_t{1, s[0]}; // 1-d → (1, n)
}

/// concatenate's body. `seen[i]` is part i's shape as joined (its own, or with the unit axes stack / vstack / hstack
/// add): NumPy's checks on those, one empty result, then each part copied (an expression evaluated) straight into
/// its slice, viewed with the part's own shape.
template <class Policy, class X>
auto join_parts(const Policy& policy, const std::vector<X>& parts, const std::vector<shape_t>& seen, index_t axis) {
  using T = operand_value_t<X>;
  NDTHRUST_CHECK_POLICY(Policy, input_space_t<X>);
  NDTHRUST_EXPECTS(!parts.empty(), value_error, "need at least one array to concatenate");
  const shape_t& first = seen[0];
  const int nd         = first.size();
  NDTHRUST_EXPECTS(nd > 0, value_error, "zero-dimensional arrays cannot be concatenated");
  int ax        = normalize_axis(axis, nd);
  shape_t shape = first;
  shape[ax]     = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const shape_t& s = seen[i];
    if (s.size() != nd)
      throw_value_error("all the input arrays must have same number of dimensions, but the array at index 0 "
                        "has " + std::to_string(nd) + " dimension(s) and the array at index " + std::to_string(i) +
                        " has " + std::to_string(s.size()) + " dimension(s)");
    for (int d = 0; d < nd; ++d)
      if (d != ax && s[d] != first[d])
        throw_value_error("all the input array dimensions except for the concatenation axis must match exactly, "
                          "but along dimension " + std::to_string(d) + ", the array at index 0 has size " +
                          std::to_string(first[d]) + " and the array at index " + std::to_string(i) + " has size " +
                          std::to_string(s[d]));
    shape[ax] += s[ax];
  }
  auto out      = empty<T>(policy, shape);
  index_t start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto slot = axis_slice(out, ax, start, seen[i][ax]);
    copyto(policy, reshape(slot, operand_traits<X>::shape(parts[i]), copy_mode::never), parts[i]);
    start += seen[i][ax];
  }
  return out;
}

template <class X, class F>
std::vector<shape_t> seen_shapes(const std::vector<X>& parts, F&& f) {
  std::vector<shape_t> r;
  for (const auto& p : parts) r.push_back(f(operand_traits<X>::shape(p)));
  return r;
}
} // namespace detail

/// Joins arrays (or expressions of one type) along an existing axis (NumPy's concatenate); without an axis, their
/// flattened forms. Shapes must match except along the axis.
template <class Policy, class X>
auto concatenate(const Policy& policy, const std::vector<X>& arrays, std::optional<index_t> axis = index_t(0)) {
  if (!axis)
    return detail::join_parts(policy, arrays,
                              detail::seen_shapes(arrays, [](const shape_t& s) { return shape_t{shape_size(s)}; }), 0);
  return detail::join_parts(policy, arrays, detail::seen_shapes(arrays, [](const shape_t& s) { return s; }), *axis);
}

template <class Policy, class X>
auto concatenate(const Policy& policy, std::initializer_list<X> arrays, std::optional<index_t> axis = index_t(0)) {
  return concatenate(policy, std::vector<X>(arrays), axis);
}

/// Joins same-shape arrays along a new axis (NumPy's stack); `axis` counts in the result's dimensions.
template <class Policy, class X>
auto stack(const Policy& policy, const std::vector<X>& arrays, index_t axis = 0) {
  NDTHRUST_EXPECTS(!arrays.empty(), value_error, "need at least one array to stack");
  const shape_t s0 = detail::operand_traits<X>::shape(arrays[0]);
  int ax           = normalize_axis(axis, s0.size() + 1);
  auto seen        = detail::seen_shapes(arrays, [&](shape_t s) {
    NDTHRUST_EXPECTS(s == s0, value_error, "all input arrays must have the same shape");
    s.insert(ax, 1);
    return s;
  });
  return detail::join_parts(policy, arrays, seen, ax);
}

template <class Policy, class X>
auto stack(const Policy& policy, std::initializer_list<X> arrays, index_t axis = 0) {
  return stack(policy, std::vector<X>(arrays), axis);
}

/// Row-wise stacking (NumPy's vstack): 1-d arrays become rows (1, n), then concatenate along axis 0.
template <class Policy, class X>
auto vstack(const Policy& policy, const std::vector<X>& arrays) {
  return detail::join_parts(policy, arrays,
                            detail::seen_shapes(arrays, [](const shape_t& s) { return detail::atleast_shape(s, 2); }),
                            0);
}

template <class Policy, class X>
auto vstack(const Policy& policy, std::initializer_list<X> arrays) {
  return vstack(policy, std::vector<X>(arrays));
}

/// Column-wise stacking (NumPy's hstack): along axis 0 for 1-d inputs, axis 1 otherwise.
template <class Policy, class X>
auto hstack(const Policy& policy, const std::vector<X>& arrays) {
  auto seen = detail::seen_shapes(arrays, [](const shape_t& s) { return detail::atleast_shape(s, 1); });
  NDTHRUST_EXPECTS(!seen.empty(), value_error, "need at least one array to concatenate");
  return detail::join_parts(policy, arrays, seen, seen[0].size() == 1 ? 0 : 1);
}

template <class Policy, class X>
auto hstack(const Policy& policy, std::initializer_list<X> arrays) {
  return hstack(policy, std::vector<X>(arrays));
}

/// Views of `a` between the given split points along `axis` (NumPy's split with a list of indices); points beyond
/// the axis give empty parts, as in NumPy.
template <class T, class S>
std::vector<array<T, S>> split(const array<T, S>& a, const std::vector<index_t>& indices, index_t axis = 0) {
  int ax     = normalize_axis(axis, a.ndim());
  index_t n  = a.shape()[ax];
  auto clamp = [n](index_t i) { return i < 0 ? std::max<index_t>(i + n, 0) : std::min(i, n); }; // Python slicing
  std::vector<array<T, S>> r;
  for (std::size_t k = 0; k <= indices.size(); ++k) {
    index_t beg = k == 0 ? 0 : clamp(indices[k - 1]);
    index_t end = k < indices.size() ? clamp(indices[k]) : n;
    r.push_back(detail::axis_slice(a, ax, beg, std::max<index_t>(end - beg, 0)));
  }
  return r;
}

/// `sections` parts of sizes as equal as possible (the first n % sections one longer): NumPy's array_split.
template <class T, class S>
std::vector<array<T, S>> array_split(const array<T, S>& a, index_t sections, index_t axis = 0) {
  NDTHRUST_EXPECTS(sections > 0, value_error, "number sections must be larger than 0.");
  int ax     = normalize_axis(axis, a.ndim());
  index_t n  = a.shape()[ax], each = n / sections, extra = n % sections, start = 0;
  std::vector<array<T, S>> r;
  for (index_t k = 0; k < sections; ++k) {
    index_t len = each + (k < extra ? 1 : 0);
    r.push_back(detail::axis_slice(a, ax, start, len));
    start += len;
  }
  return r;
}

/// `sections` equal parts (NumPy's split with an integer); raises when the axis does not divide evenly.
template <class T, class S>
std::vector<array<T, S>> split(const array<T, S>& a, index_t sections, index_t axis = 0) {
  NDTHRUST_EXPECTS(sections > 0, value_error, "number sections must be larger than 0.");
  NDTHRUST_EXPECTS(a.shape(axis) % sections == 0, value_error, "array split does not result in an equal division");
  return array_split(a, sections, axis);
}

namespace detail {
// The bodies of tile, repeat, roll and pad, over arrays: an expression is evaluated by the public function, so these
// are instantiated once per dtype, not once per expression type.

template <class Policy, class T, class S>
array<T, S> tile_impl(const Policy& policy, const array<T, S>& a, std::vector<index_t> reps, bool owned) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  for (index_t r : reps) NDTHRUST_EXPECTS(r >= 0, value_error, "negative dimensions are not allowed");
  while (static_cast<int>(reps.size()) < a.ndim()) reps.insert(reps.begin(), 1);
  array<T, S> cur = a;
  while (cur.ndim() < static_cast<int>(reps.size())) cur = expand_dims(cur, 0);
  // One axis at a time: the result seen as (.., reps, extent, ..) is the source broadcast along the new axis.
  for (int d = 0; d < cur.ndim(); ++d) {
    if (reps[d] == 1) continue;
    shape_t sh = cur.shape();
    if (detail::mul_overflows(sh[d], reps[d], sh[d])) detail::throw_too_big();
    auto out = empty<T>(policy, sh);
    copyto(policy, split_axis(out, d, reps[d], cur.shape()[d]), expand_dims(cur, d));
    cur = out;
  }
  return cur.shares_storage_with(a) && !owned ? copy(policy, cur) : cur;
}

template <class Policy, class T, class S>
array<T, S> repeat_impl(const Policy& policy, const array<T, S>& a, index_t repeats, std::optional<index_t> axis) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  NDTHRUST_EXPECTS(repeats >= 0, value_error, "negative dimensions are not allowed");
  array<T, S> src = axis ? a : reshape(policy, a, shape_t{a.size()});
  int ax          = axis ? normalize_axis(*axis, a.ndim()) : 0;
  shape_t sh      = src.shape();
  if (detail::mul_overflows(sh[ax], repeats, sh[ax])) detail::throw_too_big();
  auto out = empty<T>(policy, sh);
  copyto(policy, split_axis(out, ax, src.shape()[ax], repeats), expand_dims(src, ax + 1));
  return out;
}

template <class Policy, class T, class S>
array<T, S> repeat_impl(const Policy& policy, const array<T, S>& a, const std::vector<index_t>& repeats,
                        std::optional<index_t> axis) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  array<T, S> src = axis ? a : reshape(policy, a, shape_t{a.size()});
  int ax          = axis ? normalize_axis(*axis, a.ndim()) : 0;
  index_t n       = src.shape()[ax];
  if (repeats.size() == 1) return repeat_impl(policy, a, repeats[0], axis);
  if (static_cast<index_t>(repeats.size()) != n)
    throw_value_error("operands could not be broadcast together with shape (" + std::to_string(n) + ",) (" +
                      std::to_string(repeats.size()) + ",)");
  for (index_t r : repeats) NDTHRUST_EXPECTS(r >= 0, value_error, "repeats may not contain negative values.");
  // The source position of every output position along the axis, built on the host and uploaded (one copy), then
  // one gather.
  std::vector<index_t> idx;
  for (index_t k = 0; k < n; ++k) idx.insert(idx.end(), static_cast<std::size_t>(repeats[k]), k);
  return take_axis(policy, src, asarray(policy, idx), ax, take_mode::raise);
}

template <class Policy, class T, class S>
array<T, S> roll_impl(const Policy& policy, const array<T, S>& a, index_t shift, std::optional<index_t> axis) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  if (!axis) return reshape(roll_impl(policy, reshape(policy, a, shape_t{a.size()}), shift, index_t(0)), a.shape());
  int ax    = normalize_axis(*axis, a.ndim());
  index_t n = a.shape()[ax];
  auto out  = empty<T>(policy, a.shape());
  if (n == 0 || out.size() == 0) return out;
  index_t s = ((shift % n) + n) % n;
  copyto(policy, axis_slice(out, ax, s, n - s), axis_slice(a, ax, 0, n - s));
  if (s > 0) copyto(policy, axis_slice(out, ax, 0, s), axis_slice(a, ax, n - s, s));
  return out;
}

template <class Policy, class T, class S>
array<T, S> roll_impl(const Policy& policy, const array<T, S>& a, const std::vector<index_t>& shifts,
                      const std::vector<index_t>& axes) {
  NDTHRUST_EXPECTS(shifts.size() == axes.size(), value_error, "'shift' and 'axis' should be scalars or 1D sequences");
  array<T, S> cur = a;
  for (std::size_t k = 0; k < axes.size(); ++k) cur = roll_impl(policy, cur, shifts[k], axes[k]);
  return axes.empty() ? copy(policy, a) : cur;
}
} // namespace detail

/// `a` repeated reps[d] times along each axis (NumPy's tile): reps shorter than a.ndim are padded with leading 1s,
/// and a gains leading axes when reps is longer.
template <class Policy, class X>
auto tile(const Policy& policy, const X& a, std::vector<index_t> reps) {
  return detail::tile_impl(policy, detail::materialize(policy, a), std::move(reps), detail::is_map_v<X>);
}

/// Each element repeated `repeats` times along `axis` (NumPy's repeat); without an axis, of the flattened array.
template <class Policy, class X>
auto repeat(const Policy& policy, const X& a, index_t repeats, std::optional<index_t> axis = std::nullopt) {
  return detail::repeat_impl(policy, detail::materialize(policy, a), repeats, axis);
}

/// Element k along `axis` repeated repeats[k] times (NumPy's repeat with one count per element).
template <class Policy, class X>
auto repeat(const Policy& policy, const X& a, const std::vector<index_t>& repeats,
            std::optional<index_t> axis = std::nullopt) {
  return detail::repeat_impl(policy, detail::materialize(policy, a), repeats, axis);
}

/// Elements shifted by `shift` along `axis`, those leaving one end coming back at the other (NumPy's roll);
/// without an axis, the flattened array is rolled and the shape kept.
template <class Policy, class X>
auto roll(const Policy& policy, const X& a, index_t shift, std::optional<index_t> axis = std::nullopt) {
  return detail::roll_impl(policy, detail::materialize(policy, a), shift, axis);
}

/// Rolls along several axes (shifts[k] along axes[k]; an axis named twice is rolled twice, as in NumPy).
template <class Policy, class X>
auto roll(const Policy& policy, const X& a, const std::vector<index_t>& shifts, const std::vector<index_t>& axes) {
  return detail::roll_impl(policy, detail::materialize(policy, a), shifts, axes);
}

/// `a` with (before, after) elements added on each axis (NumPy's pad). `widths` holds one pair per axis, or a single
/// pair for every axis; `constant` is pad_mode::constant's value.
template <class Policy, class X>
auto pad(const Policy& policy, const X& x, std::vector<std::pair<index_t, index_t>> widths,
         pad_mode mode = pad_mode::constant, detail::operand_value_t<X> constant = 0) {
  return detail::pad_impl(policy, detail::materialize(policy, x), std::move(widths), mode, constant, pad_options{});
}

/// NumPy's pad with the mode's arguments: linear_ramp's end_values, the stat modes' stat_length.
template <class Policy, class X>
auto pad(const Policy& policy, const X& x, std::vector<std::pair<index_t, index_t>> widths, pad_mode mode,
         const pad_options& options) {
  return detail::pad_impl(policy, detail::materialize(policy, x), std::move(widths), mode,
                          detail::operand_value_t<X>(0), options);
}

} // namespace nd
