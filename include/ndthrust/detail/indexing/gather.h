// ndthrust/detail/indexing/gather.h — the one gather and one scatter kernel behind take, take_along_axis, put,
// fancy and mask indexing, plus the device-side bounds check and the positions of true elements.
//
// Every indexed access is written as: element i of an output-shaped view lives at
//     base[base_layout(i) + g(idx[idx_layout(i)])]
// where base_layout walks the axes that are not indexed (zero strides on the indexed ones), idx_layout walks the
// index array broadcast to the output shape, and g turns an index value into a storage offset (wrap/clip/negative
// indices, then a 1-d or n-d layout). One functor type per dtype pair keeps nvcc compile time down.
#pragma once

#include <ndthrust/core/array.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>

#include <thrust/copy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

#include <cstdint>
#include <string>

namespace nd {

/// How take / put treat out-of-range indices (NumPy's mode): raise nd::index_error, wrap around, or clip.
enum class take_mode { raise, wrap, clip };

namespace detail {

/// Index value → storage offset: normalise (negative wraps in raise mode; wrap/clip as NumPy), then map the position
/// through `lay` (a 1-d layout of the indexed axis, or an n-d one when indexing the flattened array).
struct pos_offset {
  flat_layout<index_t> lay;
  index_t n;
  take_mode mode;
  NDTHRUST_HD index_t operator()(index_t v) const {
    if (mode == take_mode::wrap) {
      v %= n;
      if (v < 0) v += n;
    } else if (mode == take_mode::clip) {
      v = v < 0 ? 0 : (v >= n ? n - 1 : v);
    } else if (v < 0) {
      v += n;
    }
    return lay(v);
  }
};

template <class T, class I>
struct gather_fn {
  T* out;
  const T* base;
  flat_layout<index_t> base_l;
  const I* idx;
  flat_layout<index_t> idx_l;
  pos_offset g;
  NDTHRUST_HD void operator()(index_t i) const {
    out[i] = base[base_l(i) + g(static_cast<index_t>(idx[idx_l(i)]))];
  }
};

template <class T, class V, class I>
struct scatter_fn {
  T* dst;
  flat_layout<index_t> dst_l;
  const I* idx;
  flat_layout<index_t> idx_l;
  pos_offset g;
  const V* val;
  flat_layout<index_t> val_l;
  NDTHRUST_HD void operator()(index_t i) const {
    dst[dst_l(i) + g(static_cast<index_t>(idx[idx_l(i)]))] = convert<T>(val[val_l(i)]);
  }
};

/// An output-shaped walk over some view's storage: shape, strides and offset, not contiguous.
struct walk {
  strides_t strides;
  index_t offset;
};
inline flat_layout<index_t> walk_layout(const shape_t& shape, const walk& w) {
  return make_flat_layout<index_t>(shape, w.strides, w.offset, false);
}

/// A new C-contiguous array of `shape`: out[i] = a's storage at base(i) + g(idx at ix(i)).
template <class Policy, class T, class S, class I>
array<T, S> gather(const Policy& policy, const array<T, S>& a, const shape_t& shape, const walk& base,
                   const array<I, S>& idx, const walk& ix, const pos_offset& g) {
  auto out = empty<T>(policy, shape);
  if (out.size() == 0) return out;
  thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), out.size(),
                     gather_fn<T, I>{out.raw(), a.storage_begin(), walk_layout(shape, base), idx.storage_begin(),
                                     walk_layout(shape, ix), g});
  return out;
}

/// a's storage at dst(i) + g(idx at ix(i)) = val (broadcast to `shape`), for every position i of `shape`.
template <class Policy, class T, class S, class I, class V>
void scatter(const Policy& policy, const array<T, S>& a, const shape_t& shape, const walk& dst,
             const array<I, S>& idx, const walk& ix, const pos_offset& g, const array<V, S>& val) {
  NDTHRUST_EXPECTS(a.writeable(), value_error, "assignment destination is read-only");
  auto m = broadcast_meta({val.shape(), val.strides(), val.offset()}, shape);
  if (shape_size(shape) == 0) return;
  thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), shape_size(shape),
                     scatter_fn<T, V, I>{a.storage_begin(), walk_layout(shape, dst), idx.storage_begin(),
                                         walk_layout(shape, ix), g, val.storage_begin(),
                                         walk_layout(shape, walk{m.strides, m.offset})});
}

/// The 1-d layout of one axis of `a` (offset 0: the base walk carries a's offset).
template <class T, class S>
flat_layout<index_t> axis_layout(const array<T, S>& a, int axis) {
  return make_flat_layout<index_t>(shape_t{a.shape()[axis]}, strides_t{a.strides()[axis]}, 0, false);
}

struct minmax_t {
  index_t lo, hi;
};
// Typed on the element (not a template call operator): Thrust may hand over a device_reference, which converts.
template <class I>
struct to_minmax {
  NDTHRUST_HD minmax_t operator()(const I& v) const {
    return {static_cast<index_t>(v), static_cast<index_t>(v)};
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

/// The C-order positions of a's true (non-zero) elements, as a 1-d int64 array. thrust::copy_if returns the end of
/// what it wrote: reading that count is the one synchronisation of every function whose output size depends on the
/// data (nonzero, mask select, compress). The result is a prefix view of a buffer of a.size() positions.
template <class Policy, class T, class S>
array<index_t, S> true_positions(const Policy& policy, const array<T, S>& a) {
  auto pos = empty<index_t>(policy, shape_t{a.size()});
  if (a.size() == 0) return pos;
  auto end = thrust::copy_if(policy, thrust::counting_iterator<index_t>(0), thrust::counting_iterator<index_t>(a.size()),
                             a.begin(), pos.data(), truthy<T>{});
  return pos(slice(0, static_cast<index_t>(end - pos.data())));
}

} // namespace detail
} // namespace nd
