// ndthrust/copy.h — copies within one space: copyto (with broadcasting and casting), copy, ascontiguousarray, astype.
// Copies between the host and the device are in transfer.h.
#pragma once

#include <ndthrust/backend/strided_copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/casting.h>
#include <ndthrust/detail/collapse.h>
#include <ndthrust/detail/copy_args.h>
#include <ndthrust/detail/overlap.h>

#include <thrust/copy.h>
#include <thrust/fill.h>

#include <type_traits>

namespace nd {

namespace detail {
/// Whether a write to `a` may change what `b` reads (address ranges, detail/overlap.h).
template <class T, class U, class S>
bool memory_overlaps(const array<T, S>& a, const array<U, S>& b) {
  return may_overlap(a, b);
}

/// Element-wise copy of two same-shape views of one space, no overlap; picks the fastest path.
template <class Policy, class T, class U, class S>
void copy_same_shape(const Policy& policy, const array<T, S>& dst, const array<U, S>& src) {
  index_t n = dst.size();
  if (n == 0) return;
  if constexpr (std::is_same_v<T, U>) {
    if (dst.is_contiguous() && src.is_contiguous()) {
      thrust::copy_n(policy, src.data(), n, dst.data());
      return;
    }
  }
  shape_t shape    = dst.shape();
  strides_t st[2] = {dst.strides(), src.strides()};
  collapse_axes(shape, st, 2);
  copy_args<T, U> args{dst.raw(), src.raw(), shape, st[0], st[1]};
  backend::strided_copy(policy, args, n);
}
} // namespace detail

/// Copies `src` into the view `dst` (NumPy's copyto): src broadcasts to dst's shape and is cast to dst's dtype under
/// the rule `c` — NumPy's default same_kind, so float into int raises nd::dtype_error ("Cannot cast array data from
/// dtype('float64') to dtype('int64') according to the rule 'same_kind'") before anything is written; pass
/// nd::casting::unsafe to truncate. Overlapping views (`a[1:] = a[:-1]`) are handled through a temporary. Arrays
/// are handles: `dst` is const, the elements it views are written.
template <class Policy, class T, class U, class S>
void copyto(const Policy& policy, const array<T, S>& dst, const array<U, S>& src, casting c = casting::same_kind) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  detail::check_cast<U, T>(c);
  NDTHRUST_EXPECTS(dst.writeable(), value_error, "assignment destination is read-only");
  auto m = detail::broadcast_meta({src.shape(), src.strides(), src.offset()}, dst.shape());
  array<U, S> b(src.storage(), src.storage_size(), m.shape, m.strides, m.offset, false);
  if (detail::memory_overlaps(dst, b)) {
    auto tmp = empty<U>(policy, b.shape());
    detail::copy_same_shape(policy, tmp, b);
    b = tmp;
  }
  detail::copy_same_shape(policy, dst, b);
}

/// Sets every element of the view `a` to `value` (NumPy's a.fill / a[...] = value).
template <class Policy, class T, class S, class V>
void fill(const Policy& policy, const array<T, S>& a, const V& value) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  NDTHRUST_EXPECTS(a.writeable(), value_error, "assignment destination is read-only");
  if (a.size() == 0) return;
  T v = detail::convert<T>(value);
  if (a.is_contiguous()) thrust::fill_n(policy, a.data(), a.size(), v);
  else thrust::fill(policy, a.begin(), a.end(), v);
}

/// A C-contiguous deep copy in the same space (NumPy's copy).
template <class T = void, class Policy, class U, class S>
auto copy(const Policy& policy, const array<U, S>& a) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  using V = std::conditional_t<std::is_void_v<T>, U, T>;
  auto r  = empty<V>(policy, a.shape());
  detail::copy_same_shape(policy, r, a);
  return r;
}
template <class U, class S>
array<U, S> copy(const array<U, S>& a) {
  return copy(detail::default_policy<S>(), a);
}

/// The array itself when already C-contiguous, else a C-contiguous copy.
template <class Policy, class U, class S>
array<U, S> ascontiguousarray(const Policy& policy, const array<U, S>& a) {
  if (a.is_contiguous()) return a;
  return copy(policy, a);
}
template <class U, class S>
array<U, S> ascontiguousarray(const array<U, S>& a) {
  return ascontiguousarray(detail::default_policy<S>(), a);
}

/// A copy converted to T (NumPy's astype, whose default casting is unsafe: complex → real keeps the real part).
template <class T, class Policy, class U, class S>
array<T, S> astype(const Policy& policy, const array<U, S>& a) {
  return copy<T>(policy, a);
}
template <class T, class U, class S>
array<T, S> astype(const array<U, S>& a) {
  return copy<T>(detail::default_policy<S>(), a);
}

namespace detail {
/// `a` as R: the array itself when it already is (no copy), else astype's converted copy. For algorithms that
/// compute in a promoted type.
template <class R, class Policy, class T, class S>
array<R, S> as_type(const Policy& policy, const array<T, S>& a) {
  if constexpr (std::is_same_v<R, T>) return a;
  else return astype<R>(policy, a);
}
} // namespace detail

} // namespace nd
