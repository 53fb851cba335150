// ndthrust/views.h — views that share storage: transpose and friends, reshape, squeeze, expand_dims,
// broadcast_to, flip, diagonal, ravel. Only reshape and ravel may copy, and only where NumPy would.
// Basic indexing (slices, integers, newaxis, ellipsis) is nd::array::operator().
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>

#include <algorithm>
#include <vector>

namespace nd {

namespace detail {
template <class T, class S>
array<T, S> remake(const array<T, S>& a, const shape_t& shape, const strides_t& strides, index_t offset,
                   bool writeable) {
  return array<T, S>(a.storage(), a.storage_size(), shape, strides, offset, writeable);
}
template <class T, class S>
array<T, S> remake(const array<T, S>& a, const shape_t& shape, const strides_t& strides) {
  return remake(a, shape, strides, a.offset(), a.writeable());
}
using axes_t = small_vec<index_t>;

/// Normalises `axes` against ndim; duplicates raise NumPy's "repeated axis".
inline small_vec<int> normalize_axes(const axes_t& axes, int ndim, const char* what = "repeated axis") {
  small_vec<int> r;
  bool seen[max_ndim + 1] = {};
  for (index_t ax : axes) {
    int a = normalize_axis(ax, ndim);
    if (seen[a]) throw_value_error(what);
    seen[a] = true;
    r.push_back(a);
  }
  return r;
}
} // namespace detail

using axes_t = detail::axes_t;

/// Permutes the axes (NumPy's transpose / permute_dims); with no axes, reverses them.
template <class T, class S>
array<T, S> transpose(const array<T, S>& a, const axes_t& axes) {
  NDTHRUST_EXPECTS(axes.size() == a.ndim(), value_error, "axes don't match array");
  auto ax = detail::normalize_axes(axes, a.ndim(), "repeated axis in transpose");
  shape_t sh;
  strides_t st;
  for (int d : ax) {
    sh.push_back(a.shape()[d]);
    st.push_back(a.strides()[d]);
  }
  return detail::remake(a, sh, st);
}
template <class T, class S>
array<T, S> transpose(const array<T, S>& a) {
  axes_t ax;
  for (int d = a.ndim() - 1; d >= 0; --d) ax.push_back(d);
  return transpose(a, ax);
}
template <class T, class S>
array<T, S> permute_dims(const array<T, S>& a, const axes_t& axes) {
  return transpose(a, axes);
}

/// Exchanges two axes.
template <class T, class S>
array<T, S> swapaxes(const array<T, S>& a, index_t axis1, index_t axis2) {
  int i = normalize_axis(axis1, a.ndim()), j = normalize_axis(axis2, a.ndim());
  axes_t ax;
  for (int d = 0; d < a.ndim(); ++d) ax.push_back(d);
  std::swap(ax[i], ax[j]);
  return transpose(a, ax);
}

/// Moves axes to new positions; the others keep their order (NumPy's moveaxis).
template <class T, class S>
array<T, S> moveaxis(const array<T, S>& a, const axes_t& source, const axes_t& destination) {
  NDTHRUST_EXPECTS(source.size() == destination.size(), value_error,
                   "`source` and `destination` arguments must have the same number of elements");
  auto src = detail::normalize_axes(source, a.ndim(), "repeated axis in `source` argument");
  auto dst = detail::normalize_axes(destination, a.ndim(), "repeated axis in `destination` argument");
  int order[max_ndim];
  bool placed[max_ndim] = {}, used[max_ndim] = {};
  for (int k = 0; k < src.size(); ++k) {
    order[dst[k]]  = src[k];
    placed[dst[k]] = true;
    used[src[k]]   = true;
  }
  int next = 0;
  for (int d = 0; d < a.ndim(); ++d) {
    if (placed[d]) continue;
    while (used[next]) ++next;
    order[d] = next++;
  }
  axes_t ax;
  for (int d = 0; d < a.ndim(); ++d) ax.push_back(order[d]);
  return transpose(a, ax);
}
template <class T, class S>
array<T, S> moveaxis(const array<T, S>& a, index_t source, index_t destination) {
  return moveaxis(a, axes_t{source}, axes_t{destination});
}

/// Removes axes of extent 1: all of them, or the given ones (which must have extent 1).
template <class T, class S>
array<T, S> squeeze(const array<T, S>& a, const axes_t& axes) {
  auto ax = detail::normalize_axes(axes, a.ndim());
  bool drop[max_ndim] = {};
  for (int d : ax) {
    NDTHRUST_EXPECTS(a.shape()[d] == 1, value_error,
                     "cannot select an axis to squeeze out which has size not equal to one");
    drop[d] = true;
  }
  shape_t sh;
  strides_t st;
  for (int d = 0; d < a.ndim(); ++d)
    if (!drop[d]) {
      sh.push_back(a.shape()[d]);
      st.push_back(a.strides()[d]);
    }
  return detail::remake(a, sh, st);
}
template <class T, class S>
array<T, S> squeeze(const array<T, S>& a) {
  axes_t ax;
  for (int d = 0; d < a.ndim(); ++d)
    if (a.shape()[d] == 1) ax.push_back(d);
  return squeeze(a, ax);
}

/// Inserts axes of extent 1 at the given positions of the result (NumPy's expand_dims).
template <class T, class S>
array<T, S> expand_dims(const array<T, S>& a, const axes_t& axes) {
  int out_nd = a.ndim() + axes.size();
  NDTHRUST_EXPECTS(out_nd <= max_ndim, value_error,
                   "maximum supported dimension for an ndarray is " + std::to_string(max_ndim));
  auto ax = detail::normalize_axes(axes, out_nd);
  bool is_new[max_ndim] = {};
  for (int d : ax) is_new[d] = true;
  shape_t sh;
  strides_t st;
  int k = 0;
  for (int d = 0; d < out_nd; ++d) {
    if (is_new[d]) {
      sh.push_back(1);
      st.push_back(0);
    } else {
      sh.push_back(a.shape()[k]);
      st.push_back(a.strides()[k]);
      ++k;
    }
  }
  return detail::remake(a, sh, st);
}
template <class T, class S>
array<T, S> expand_dims(const array<T, S>& a, index_t axis) {
  return expand_dims(a, axes_t{axis});
}

/// A read-only view of `a` broadcast to `shape` (zero strides on stretched axes).
template <class T, class S>
array<T, S> broadcast_to(const array<T, S>& a, const shape_t& shape) {
  check_shape(shape, sizeof(T)); // NumPy refuses (0, 2**62, 4) of float64 too: "array is too big"
  auto m = detail::broadcast_meta({a.shape(), a.strides(), a.offset()}, shape);
  return detail::remake(a, m.shape, m.strides, m.offset, false);
}

/// Reverses the order of elements along the given axes (all axes when none are given).
template <class T, class S>
array<T, S> flip(const array<T, S>& a, const axes_t& axes) {
  auto ax = detail::normalize_axes(axes, a.ndim());
  strides_t st = a.strides();
  index_t off  = a.offset();
  for (int d : ax) {
    if (a.shape()[d] > 0) off += (a.shape()[d] - 1) * st[d];
    st[d] = -st[d];
  }
  return detail::remake(a, a.shape(), st, off, a.writeable());
}
template <class T, class S>
array<T, S> flip(const array<T, S>& a) {
  axes_t ax;
  for (int d = 0; d < a.ndim(); ++d) ax.push_back(d);
  return flip(a, ax);
}
template <class T, class S>
array<T, S> flip(const array<T, S>& a, index_t axis) {
  return flip(a, axes_t{axis});
}

/// The diagonal `offset` of the planes (axis1, axis2), appended as the last axis (a read-only view, as in NumPy).
template <class T, class S>
array<T, S> diagonal(const array<T, S>& a, index_t offset = 0, index_t axis1 = 0, index_t axis2 = 1) {
  NDTHRUST_EXPECTS(a.ndim() >= 2, value_error, "diag requires an array of at least two dimensions");
  int i = normalize_axis(axis1, a.ndim()), j = normalize_axis(axis2, a.ndim());
  NDTHRUST_EXPECTS(i != j, value_error, "axis1 and axis2 cannot be the same");
  index_t n1 = a.shape()[i], n2 = a.shape()[j], off = a.offset(), len;
  if (offset >= 0) {
    len = std::max<index_t>(0, std::min(n1, n2 - offset));
    if (len > 0) off += offset * a.strides()[j];
  } else {
    len = std::max<index_t>(0, std::min(n1 + offset, n2));
    if (len > 0) off -= offset * a.strides()[i];
  }
  shape_t sh;
  strides_t st;
  for (int d = 0; d < a.ndim(); ++d)
    if (d != i && d != j) {
      sh.push_back(a.shape()[d]);
      st.push_back(a.strides()[d]);
    }
  sh.push_back(len);
  st.push_back(a.strides()[i] + a.strides()[j]);
  return detail::remake(a, sh, st, off, false);
}

/// Whether reshape may copy: if needed (NumPy's default), never (raise instead), always.
enum class copy_mode { if_needed, never, always };

namespace detail {
/// Resolves one -1 and checks the size. The known extents are multiplied in order as NumPy does: a product that
/// overflows before any zero extent cannot be `size` (shape_error); the resolved shape then passes check_shape
/// for `itemsize` (a zero extent does not excuse the others).
inline shape_t resolve_shape(shape_t shape, index_t size, std::size_t itemsize = 1) {
  auto mismatch = [&] {
    throw_shape_error("cannot reshape array of size " + std::to_string(size) + " into shape " + shape_str(shape));
  };
  int unknown   = -1;
  index_t known = 1;
  for (int d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1) {
      NDTHRUST_EXPECTS(unknown < 0, value_error, "can only specify one unknown dimension");
      unknown = d;
    } else {
      NDTHRUST_EXPECTS(shape[d] >= 0, value_error, "negative dimensions not allowed");
      if (mul_overflows(known, shape[d], known)) mismatch();
    }
  }
  if (unknown >= 0) {
    if (known == 0 || size % known != 0) mismatch();
    shape[unknown] = size / known;
  } else if (known != size) {
    mismatch();
  }
  check_shape(shape, itemsize);
  return shape;
}

/// NumPy's attempt to reshape without copying (C order): succeeds when each group of old axes that maps to a
/// group of new axes is itself contiguous.
inline bool reshape_strides(const shape_t& old_shape, const strides_t& old_strides, const shape_t& new_shape,
                            strides_t& out) {
  shape_t od;
  strides_t os;
  for (int d = 0; d < old_shape.size(); ++d)
    if (old_shape[d] != 1) {
      od.push_back(old_shape[d]);
      os.push_back(old_strides[d]);
    }
  int oldnd = od.size(), newnd = new_shape.size();
  out = strides_t::filled(newnd, 0);
  int oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < newnd && oi < oldnd) {
    index_t np = new_shape[ni], op = od[oi];
    while (np != op) {
      if (np < op) np *= new_shape[nj++];
      else op *= od[oj++];
    }
    for (int ok = oi; ok < oj - 1; ++ok)
      if (os[ok] != od[ok + 1] * os[ok + 1]) return false;
    out[nj - 1] = os[oj - 1];
    for (int nk = nj - 1; nk > ni; --nk) out[nk - 1] = out[nk] * new_shape[nk];
    ni = nj++;
    oi = oj++;
  }
  index_t last = ni >= 1 ? out[ni - 1] : 1;
  for (int nk = ni; nk < newnd; ++nk) out[nk] = last;
  return true;
}
} // namespace detail

/// Gives `a` a new shape (one extent may be -1). A view wherever NumPy gives one; otherwise a C-order copy, or
/// value_error when `mode` is copy_mode::never.
template <class Policy, class T, class S>
array<T, S> reshape(const Policy& policy, const array<T, S>& a, const shape_t& shape,
                    copy_mode mode = copy_mode::if_needed) {
  shape_t sh = detail::resolve_shape(shape, a.size(), sizeof(T));
  strides_t st;
  if (mode != copy_mode::always) {
    if (a.size() == 0) return detail::remake(a, sh, c_strides(sh));
    if (detail::reshape_strides(a.shape(), a.strides(), sh, st)) return detail::remake(a, sh, st);
    NDTHRUST_EXPECTS(mode != copy_mode::never, value_error, "Unable to avoid creating a copy while reshaping.");
  }
  auto c = copy(policy, a);
  return detail::remake(c, sh, c_strides(sh));
}
template <class T, class S>
array<T, S> reshape(const array<T, S>& a, const shape_t& shape, copy_mode mode = copy_mode::if_needed) {
  return reshape(detail::default_policy<S>(), a, shape, mode);
}

/// The elements as a 1-d array in C order: a view when `a` is C-contiguous, else a copy (NumPy's ravel).
template <class Policy, class T, class S>
array<T, S> ravel(const Policy& policy, const array<T, S>& a) {
  return reshape(policy, a, shape_t{a.size()}, a.is_contiguous() ? copy_mode::if_needed : copy_mode::always);
}
template <class T, class S>
array<T, S> ravel(const array<T, S>& a) {
  return ravel(detail::default_policy<S>(), a);
}

} // namespace nd
