// ndthrust/core/index.h — NumPy basic indexing: integers, slices, newaxis and ellipsis, applied to view metadata.
#pragma once

#include <ndthrust/core/error.h>
#include <ndthrust/core/shape.h>

#include <climits>
#include <initializer_list>
#include <string>
#include <type_traits>

namespace nd {

/// Marks an omitted slice bound, like Python's `None` in `a[::2]`.
inline constexpr index_t none = INT64_MIN;

/// start:stop:step; negative bounds count from the end, omitted bounds are nd::none.
struct slice_t {
  index_t start = none, stop = none, step = 1;
};
/// `nd::slice(1, 5)`, `nd::slice(nd::none, nd::none, -1)` (Python's `::-1`).
constexpr slice_t slice(index_t start = none, index_t stop = none, index_t step = 1) { return {start, stop, step}; }
/// The full slice, Python's `:`.
inline constexpr slice_t all{};

struct newaxis_t {};
/// Inserts an axis of extent 1 (Python's `None` / np.newaxis).
inline constexpr newaxis_t newaxis{};
struct ellipsis_t {};
/// Stands for as many full slices as needed (Python's `...`).
inline constexpr ellipsis_t ellipsis{};

/// One item of an index expression.
class index_item {
public:
  enum class kind { integer, slice, newaxis, ellipsis };
  template <class I, class = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
  constexpr index_item(I i) : kind_(kind::integer), i_(static_cast<index_t>(i)) {}
  constexpr index_item(slice_t s) : kind_(kind::slice), s_(s) {}
  constexpr index_item(newaxis_t) : kind_(kind::newaxis) {}
  constexpr index_item(ellipsis_t) : kind_(kind::ellipsis) {}
  constexpr kind which() const { return kind_; }
  constexpr index_t integer() const { return i_; }
  constexpr slice_t as_slice() const { return s_; }

private:
  kind kind_;
  index_t i_ = 0;
  slice_t s_{};
};

namespace detail {

struct view_meta {
  shape_t shape;
  strides_t strides;
  index_t offset;
};

/// Python's slice.indices(n): clamps start/stop and returns the slice length. A step of INT64_MIN counts as
/// -INT64_MAX, as CPython's PySlice_Unpack does (its negation would overflow); `step` receives the step used.
inline index_t adjust_slice(slice_t s, index_t n, index_t& start, index_t& step) {
  NDTHRUST_EXPECTS(s.step != 0, value_error, "slice step cannot be zero");
  step = s.step == INT64_MIN ? -INT64_MAX : s.step;
  index_t stop;
  auto clamp = [&](index_t v, index_t dflt) {
    if (v == none) return dflt;
    if (v < 0) {
      v += n;
      if (v < 0) v = step < 0 ? -1 : 0;
    } else if (v >= n) {
      v = step < 0 ? n - 1 : n;
    }
    return v;
  };
  start = clamp(s.start, step < 0 ? n - 1 : 0);
  stop  = clamp(s.stop, step < 0 ? -1 : n);
  if (step < 0) return stop < start ? (start - stop - 1) / (-step) + 1 : 0;
  return start < stop ? (stop - start - 1) / step + 1 : 0;
}
inline index_t adjust_slice(slice_t s, index_t n, index_t& start) {
  index_t step;
  return adjust_slice(s, n, start, step);
}

/// offset + i * stride for a view's new offset; raises instead of overflowing (strides given to nd::wrap are
/// the user's).
inline index_t offset_plus(index_t offset, index_t i, index_t stride) {
  index_t r;
  if (mul_overflows(i, stride, r) || add_overflows(offset, r, r))
    throw_value_error("the view's offset overflows a 64-bit index (index " + std::to_string(i) + ", stride " +
                      std::to_string(stride) + ")");
  return r;
}

inline view_meta apply_index(const view_meta& in, const index_item* items, int count) {
  int consumed = 0, ellipses = 0;
  for (int k = 0; k < count; ++k) {
    auto w = items[k].which();
    if (w == index_item::kind::integer || w == index_item::kind::slice) ++consumed;
    if (w == index_item::kind::ellipsis) ++ellipses;
  }
  NDTHRUST_EXPECTS(ellipses <= 1, index_error, "an index can only have a single ellipsis ('...')");
  int ndim = in.shape.size();
  if (consumed > ndim)
    throw_index_error("too many indices for array: array is " + std::to_string(ndim) + "-dimensional, but " +
                      std::to_string(consumed) + " were indexed");
  view_meta out{{}, {}, in.offset};
  int d = 0; // next input axis
  auto full_axis = [&](int axis) {
    out.shape.push_back(in.shape[axis]);
    out.strides.push_back(in.strides[axis]);
  };
  for (int k = 0; k < count; ++k) {
    const index_item& it = items[k];
    switch (it.which()) {
    case index_item::kind::integer: {
      index_t i = it.integer(), n = in.shape[d];
      if (i < -n || i >= n)
        throw_index_error("index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(d) +
                          " with size " + std::to_string(n));
      out.offset = offset_plus(out.offset, i < 0 ? i + n : i, in.strides[d]);
      ++d;
      break;
    }
    case index_item::kind::slice: {
      index_t start, step, len = adjust_slice(it.as_slice(), in.shape[d], start, step);
      if (len > 0) out.offset = offset_plus(out.offset, start, in.strides[d]);
      // The stride of an axis of length 0 or 1 is never used: a huge step (2**62, INT64_MIN) must not fail there.
      index_t stride;
      if (mul_overflows(in.strides[d], step, stride)) {
        if (len > 1)
          throw_value_error("the slice step " + std::to_string(it.as_slice().step) + " times the stride " +
                            std::to_string(in.strides[d]) + " overflows a 64-bit index");
        stride = in.strides[d];
      }
      out.shape.push_back(len);
      out.strides.push_back(stride);
      ++d;
      break;
    }
    case index_item::kind::newaxis:
      out.shape.push_back(1);
      out.strides.push_back(0);
      break;
    case index_item::kind::ellipsis:
      for (int e = 0; e < ndim - consumed; ++e) full_axis(d++);
      break;
    }
  }
  while (d < ndim) full_axis(d++);
  return out;
}

/// Strides that broadcast a view to `to` (zero strides for new or stretched axes); NumPy's error otherwise.
inline view_meta broadcast_meta(const view_meta& in, const shape_t& to) {
  int n = to.size(), m = in.shape.size();
  bool ok = m <= n;
  view_meta out{to, strides_t::filled(n, 0), in.offset};
  for (int i = 0; ok && i < m; ++i) {
    index_t e = in.shape[m - 1 - i], t = to[n - 1 - i];
    if (e == t) out.strides[n - 1 - i] = in.strides[m - 1 - i];
    else if (e != 1) ok = false;
  }
  if (!ok)
    throw_shape_error("could not broadcast input array from shape " + shape_str(in.shape) + " into shape " +
                      shape_str(to));
  return out;
}

} // namespace detail
} // namespace nd
