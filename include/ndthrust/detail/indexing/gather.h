// ndthrust/detail/indexing/gather.h — the one gather and one scatter kernel behind take, take_along_axis, put,
// fancy and mask indexing, plus the device-side bounds check and the positions of true elements.
//
// Every indexed access is written as: element i of an output-shaped view lives at
//     src(base_layout(i) + g(idx[idx_layout(i)]))
// where base_layout walks the axes that are not indexed (zero strides on the indexed ones), idx_layout walks the
// index array broadcast to the output shape, and g turns an index value into an offset (wrap/clip/negative indices,
// then a 1-d or n-d layout). The source is an array's storage, or an expression (nd::map) read at C-order positions
// through its reader, so that take(map(f, x), idx) computes f only at the taken elements.
// Index math is 32-bit when the output and every offset fit (divisions by the layouts' extents are the cost),
// 64-bit otherwise, as in the transform engine. One functor type per dtype pair and index type keeps nvcc's work
// down.
#pragma once

#include <ndthrust/core/array.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>
#include <ndthrust/copy.h>
#include <ndthrust/detail/overlap.h>
#include <ndthrust/detail/reduce/plan.h>

#include <thrust/copy.h>
#include <thrust/for_each.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

#include <cstdint>
#include <initializer_list>
#include <string>

namespace nd {

/// How take / put treat out-of-range indices (NumPy's mode): raise nd::index_error, wrap around, or clip.
enum class take_mode { raise, wrap, clip };

namespace detail {

/// Shape, strides and offset of an input as the gather reads it: an array's own; an expression's C strides over
/// its shape (its reader takes C-order positions).
template <class X>
input_view operand_view(const X& x) {
  using traits = operand_traits<X>;
  if constexpr (traits::is_array) {
    return {x.shape(), x.strides(), x.offset()};
  } else {
    shape_t s = traits::shape(x);
    return {s, c_strides(s), 0};
  }
}

/// The indexed axes (one axis, or all of them when indexing the flattened input) and how index values map onto
/// them: n positions, NumPy's mode. Kernels take it as a pos_offset.
struct index_axes {
  shape_t shape;
  strides_t strides;
  index_t n;
  take_mode mode;
};

/// Index value → offset: normalised in 64-bit (wrap and clip take any int64), then mapped through the layout of the
/// indexed axes in Index arithmetic.
template <class Index>
struct pos_offset {
  flat_layout<Index> lay;
  index_t n;
  take_mode mode;
  NDTHRUST_HD Index operator()(index_t v) const {
    if (mode == take_mode::wrap) {
      v %= n;
      if (v < 0) v += n;
    } else if (mode == take_mode::clip) {
      v = v < 0 ? 0 : (v >= n ? n - 1 : v);
    } else if (v < 0) {
      v += n;
    }
    return lay(static_cast<Index>(v));
  }
};

/// Whether the strides describe a C-contiguous walk (its layout then needs no division).
inline bool c_order_strides(const shape_t& shape, const strides_t& strides) {
  index_t expect = 1;
  for (int d = shape.size() - 1; d >= 0; --d) {
    if (shape[d] != 1 && strides[d] != expect) return false;
    expect *= shape[d];
  }
  return true;
}

template <class Index>
pos_offset<Index> make_pos_offset(const index_axes& a) {
  return {make_flat_layout<Index>(a.shape, a.strides, 0, c_order_strides(a.shape, a.strides)), a.n, a.mode};
}

template <class Index, class Src, class T, class I>
struct gather_fn {
  T* out;
  Src src;
  flat_layout<Index> base_l;
  const I* idx;
  flat_layout<Index> idx_l;
  pos_offset<Index> g;
  NDTHRUST_HD void operator()(Index i) const {
    out[i] = convert<T>(src(base_l(i) + g(static_cast<index_t>(idx[idx_l(i)]))));
  }
};

/// An output-shaped walk over some view's storage: strides and offset.
struct walk {
  strides_t strides;
  index_t offset;
};
template <class Index>
flat_layout<Index> walk_layout(const shape_t& shape, const walk& w) {
  return make_flat_layout<Index>(shape, w.strides, w.offset, c_order_strides(shape, w.strides));
}

/// Whether 32-bit index math suffices: the output's positions (with the engine's headroom below INT32_MAX), every
/// walk, and every offset of the target (the indexed view, which contains all that g can add to a walk).
inline bool index_fits_int32(const shape_t& shape, std::initializer_list<const walk*> walks,
                             const input_view& target) {
  bool fits = shape_size(shape) <= INT32_MAX - (index_t(1) << 20) &&
              fits_int32(target.shape, target.strides, target.offset);
  for (const walk* w : walks) fits = fits && fits_int32(shape, w->strides, w->offset);
  return fits;
}

/// Runs f(Index{}) with int when `fits32`, else with index_t.
template <class F>
void with_index_type(bool fits32, F&& f) {
  if (fits32) f(int{});
  else f(index_t{});
}

/// A new C-contiguous array of `shape`: out[i] = a at base(i) + g(idx at ix(i)), with base and g over a's
/// operand_view. `a` is an array or an expression, read in place.
template <class Policy, class X, class I, class S>
array<operand_value_t<X>, S> gather(const Policy& policy, const X& a, const shape_t& shape, const walk& base,
                                    const array<I, S>& idx, const walk& ix, const index_axes& g) {
  using T  = operand_value_t<X>;
  auto out = empty<T>(policy, shape);
  if (out.size() == 0) return out;
  const input_view v = operand_view(a);
  const bool fits32  = index_fits_int32(shape, {&base, &ix}, v) && operand_traits<X>::fits_int32(a, v.shape);
  with_index_type(fits32, [&](auto index) {
    using Index = decltype(index);
    with_source<Index>(a, [&](const auto& src, const input_view&) {
      using Src = std::decay_t<decltype(src)>;
      thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(out.size()),
                         gather_fn<Index, Src, T, I>{out.raw(), src, walk_layout<Index>(shape, base),
                                                     idx.storage_begin(), walk_layout<Index>(shape, ix),
                                                     make_pos_offset<Index>(g)});
    });
  });
  return out;
}

/// Target offset of every scattered position: off[i] = dst(i) + g(idx at ix(i)), in 64 bits.
template <class Index, class I>
struct scatter_offset_fn {
  index_t* off;
  flat_layout<Index> dst_l;
  const I* idx;
  flat_layout<Index> idx_l;
  pos_offset<Index> g;
  NDTHRUST_HD void operator()(Index i) const {
    off[i] = static_cast<index_t>(dst_l(i) + g(static_cast<index_t>(idx[idx_l(i)])));
  }
};

/// Writes position i's value to its target; with `ord`, the offsets are sorted (ord[j] is the position whose offset
/// is off[j]) and only the last position of each run of equal offsets writes: the last write wins, as in NumPy.
template <class Index, class T, class V>
struct scatter_write_fn {
  T* dst;
  const index_t* off;
  const index_t* ord;
  index_t n;
  const V* val;
  flat_layout<Index> val_l;
  NDTHRUST_HD void operator()(index_t j) const {
    if (!ord) {
      dst[off[j]] = convert<T>(val[val_l(static_cast<Index>(j))]);
      return;
    }
    if (j + 1 < n && off[j + 1] == off[j]) return;
    dst[off[j]] = convert<T>(val[val_l(static_cast<Index>(ord[j]))]);
  }
};

struct less_equal_fn {
  NDTHRUST_HD bool operator()(index_t a, index_t b) const { return a <= b; }
};

/// A copy of `x` in new memory when it may overlap the bytes of `target` (which is about to be written); else x.
template <class Policy, class T, class U, class S>
array<U, S> unaliased(const Policy& policy, const array<T, S>& target, const array<U, S>& x) {
  return may_overlap(target, x) ? copy(policy, x) : x;
}

/// a's storage at dst(i) + g(idx at ix(i)) = val (broadcast to `shape`), for every position i of `shape`. As NumPy:
/// values and indices are read before anything is written (a staged copy of the values where they overlap a), and where
/// several positions hit one element the last of them wins. The offsets are computed first; strictly increasing
/// ones (the common put/fancy_assign of distinct sorted indices) are written directly, others are sorted stably
/// and only the last of each run writes. Checking the order reads one bool back (one synchronisation).
template <class Policy, class T, class S, class I, class V>
void scatter(const Policy& policy, const array<T, S>& a, const shape_t& shape, const walk& dst,
             const array<I, S>& idx, const walk& ix, const index_axes& g, const array<V, S>& val_in) {
  NDTHRUST_EXPECTS(a.writeable(), value_error, "assignment destination is read-only");
  const index_t n = shape_size(shape);
  if (n == 0) return;
  // The indices are all read into `off` before the first write (stream order), so only the values need a staged
  // copy when they overlap a.
  const array<V, S> val = unaliased(policy, a, val_in);
  auto vm               = broadcast_meta({val.shape(), val.strides(), val.offset()}, shape);
  const walk vw{vm.strides, vm.offset};
  const input_view target{a.shape(), a.strides(), a.offset()};
  const bool fits32 = index_fits_int32(shape, {&dst, &ix, &vw}, target) &&
                      fits_int32(val.shape(), val.strides(), val.offset());
  auto off = empty<index_t>(policy, shape_t{n});
  with_index_type(fits32, [&](auto index) {
    using Index = decltype(index);
    thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(n),
                       scatter_offset_fn<Index, I>{off.raw(), walk_layout<Index>(shape, dst), idx.storage_begin(),
                                                   walk_layout<Index>(shape, ix), make_pos_offset<Index>(g)});
  });
  const bool sorted = n == 1 || thrust::is_sorted(policy, off.raw(), off.raw() + n, less_equal_fn{});
  auto ord          = empty<index_t>(policy, shape_t{sorted ? 0 : n});
  if (!sorted) {
    thrust::sequence(policy, ord.raw(), ord.raw() + n);
    thrust::stable_sort_by_key(policy, off.raw(), off.raw() + n, ord.raw());
  }
  with_index_type(fits32, [&](auto index) {
    using Index = decltype(index);
    thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                       scatter_write_fn<Index, T, V>{a.storage_begin(), off.raw(), sorted ? nullptr : ord.raw(),
                                                     n, val.storage_begin(), walk_layout<Index>(shape, vw)});
  });
}

/// Axis `axis` of a view as the indexed axis.
inline index_axes axis_axes(const input_view& v, int axis, take_mode mode) {
  return {shape_t{v.shape[axis]}, strides_t{v.strides[axis]}, v.shape[axis], mode};
}
/// All axes of a view, in C order, as the indexed axes (indexing the flattened input).
inline index_axes flat_axes(const input_view& v, take_mode mode) {
  return {v.shape, v.strides, shape_size(v.shape), mode};
}

struct minmax_t {
  index_t lo, hi;
};
// Typed on the element (not a template call operator): Thrust may hand over a device_reference, which converts.
template <class I>
struct to_minmax {
  NDTHRUST_HD minmax_t operator()(const I& v) const {
    // An unsigned index past INT64_MAX is out of range, not negative.
    index_t x = std::is_unsigned_v<I> && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(INT64_MAX)
                  ? INT64_MAX
                  : static_cast<index_t>(v);
    return {x, x};
  }
};
struct merge_minmax {
  NDTHRUST_HD minmax_t operator()(const minmax_t& a, const minmax_t& b) const {
    return {a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
  }
};

/// Raises NumPy's IndexError when an index is outside [-n, n). The indices live in the policy's space, so this is a
/// min/max reduction there followed by ONE synchronous read of the two values. Where several indices are out of
/// range, the message names the smallest (if below -n) or else the largest, not NumPy's first.
template <class Policy, class I, class S>
void check_bounds(const Policy& policy, const array<I, S>& idx, index_t n, int axis) {
  static_assert(std::is_integral_v<I> && !std::is_same_v<I, bool>, "ndthrust: indices must be an integer array");
  if (idx.size() == 0) return;
  auto r = thrust::transform_reduce(policy, idx.begin(), idx.end(), to_minmax<I>{},
                                    minmax_t{INT64_MAX, INT64_MIN}, merge_minmax{});
  index_t bad = r.lo < -n ? r.lo : (r.hi >= n ? r.hi : 0);
  if (r.lo < -n || r.hi >= n)
    throw_index_error("index " + std::to_string(bad) + " is out of bounds for axis " + std::to_string(axis) +
                      " with size " + std::to_string(n));
}

template <class T>
struct truthy {
  NDTHRUST_HD bool operator()(const T& v) const {
    return v != T(0);
  }
};

/// The C-order positions of the true (non-zero) elements of an array or expression (read in place), as a 1-d
/// int64 array. thrust::copy_if returns the end of what it wrote: reading that count is the one synchronisation of
/// every function whose output size depends on the data (nonzero, mask select, compress). The result is a prefix
/// view of a buffer of size(a) positions.
template <class Policy, class X>
array<index_t, space_of_t<Policy>> true_positions(const Policy& policy, const X& a) {
  const index_t n = shape_size(operand_traits<X>::shape(a));
  auto pos        = empty<index_t>(policy, shape_t{n});
  if (n == 0) return pos;
  auto end = thrust::copy_if(policy, thrust::counting_iterator<index_t>(0), thrust::counting_iterator<index_t>(n),
                             c_order_begin(a), pos.data(), truthy<operand_value_t<X>>{});
  return pos(slice(0, static_cast<index_t>(end - pos.data())));
}

} // namespace detail
} // namespace nd
