// ndthrust/transfer.h — moving arrays between the host and the device: asarray, to_host (CuPy's asnumpy),
// to_device, copyto across spaces, and arrays from std::vector, initializer lists and raw host pointers.
//
// A transfer returns once its host side is complete (like cudaMemcpy): a device→host copy has landed, and a
// host→device copy no longer reads the host buffer. Non-contiguous views are packed on the side where they live,
// so only contiguous bytes cross the bus; dtype conversion happens on the device.
#pragma once

#include <ndthrust/copy.h>

#include <initializer_list>
#include <vector>

namespace nd {

namespace detail {
template <class T>
void copy_contiguous(T* dst, bool dst_device, const T* src, bool src_device, index_t n, stream_t stream) {
  copy_kind k = dst_device ? (src_device ? copy_kind::device_to_device : copy_kind::host_to_device)
                           : (src_device ? copy_kind::device_to_host : copy_kind::host_to_host);
  copy_bytes(dst, src, static_cast<std::size_t>(n) * sizeof(T), k, stream);
}
} // namespace detail

/// Copies `src` into `dst` across spaces (broadcasting and casting as copyto: the rule `c`, default same_kind, is
/// checked before anything moves). `policy` is the device side's policy. Only `src`'s own elements cross the bus:
/// broadcasting and casting happen on the device.
template <class Policy, class T, class U>
void copyto(const Policy& policy, const device_array<T>& dst, const host_array<U>& src,
            casting c = casting::same_kind) {
  NDTHRUST_CHECK_POLICY(Policy, device_space);
  detail::check_cast<U, T>(c);
  NDTHRUST_EXPECTS(dst.writeable(), value_error, "assignment destination is read-only");
  detail::broadcast_meta({src.shape(), src.strides(), src.offset()}, dst.shape()); // throws when it cannot broadcast
  if (dst.size() == 0) return;
  host_array<U> packed = src.is_contiguous() ? src : copy(host, src);
  if (std::is_same_v<T, U> && dst.is_contiguous() && src.shape() == dst.shape()) {
    detail::copy_contiguous(reinterpret_cast<U*>(dst.raw()), true, packed.raw(), false, dst.size(), stream_of(policy));
    return;
  }
  auto staged = empty<U>(policy, packed.shape());
  detail::copy_contiguous(staged.raw(), true, packed.raw(), false, packed.size(), stream_of(policy));
  copyto(policy, dst, staged, casting::unsafe);
}

template <class Policy, class T, class U>
void copyto(const Policy& policy, const host_array<T>& dst, const device_array<U>& src,
            casting c = casting::same_kind) {
  NDTHRUST_CHECK_POLICY(Policy, device_space);
  detail::check_cast<U, T>(c);
  NDTHRUST_EXPECTS(dst.writeable(), value_error, "assignment destination is read-only");
  detail::broadcast_meta({src.shape(), src.strides(), src.offset()}, dst.shape());
  if (dst.size() == 0) return;
  device_array<T> packed;
  if constexpr (std::is_same_v<T, U>) packed = src.is_contiguous() ? src : copy(policy, src);
  else packed = copy<T>(policy, src);
  if (dst.is_contiguous() && src.shape() == dst.shape()) {
    detail::copy_contiguous(dst.raw(), false, packed.raw(), true, dst.size(), stream_of(policy));
    return;
  }
  auto landed = empty<T>(host, packed.shape());
  detail::copy_contiguous(landed.raw(), false, packed.raw(), true, packed.size(), stream_of(policy));
  copyto(host, dst, landed);
}

/// The array in the policy's space with dtype T (default: unchanged). Shares `a` when nothing needs to change,
/// as NumPy's asarray does; otherwise copies. A dtype change converts as astype does (unsafe casting).
template <class T = void, class Policy, class U, class S>
auto asarray(const Policy& policy, const array<U, S>& a) {
  using V  = std::conditional_t<std::is_void_v<T>, U, T>;
  using SD = space_of_t<Policy>;
  if constexpr (std::is_same_v<SD, S>) {
    if constexpr (std::is_same_v<V, U>) return a;
    else return astype<V>(policy, a);
  } else {
    auto r = empty<V>(policy, a.shape());
    if constexpr (std::is_same_v<SD, device_space>) copyto(policy, r, a, casting::unsafe);
    else copyto(device, r, a, casting::unsafe);
    return r;
  }
}

/// A host copy of a device array (CuPy's asnumpy); returns once the data has landed.
template <class Policy, class U>
host_array<U> to_host(const Policy& policy, const device_array<U>& a) {
  auto r = empty<U>(host, a.shape());
  copyto(policy, r, a);
  return r;
}
template <class U>
host_array<U> to_host(const device_array<U>& a) {
  return to_host(device, a);
}
template <class U>
host_array<U> to_host(const host_array<U>& a) {
  return a;
}

/// A device copy of a host array.
template <class Policy, class U>
device_array<U> to_device(const Policy& policy, const host_array<U>& a) {
  auto r = empty<U>(policy, a.shape());
  copyto(policy, r, a);
  return r;
}
template <class U>
device_array<U> to_device(const host_array<U>& a) {
  return to_device(device, a);
}

/// An array holding a copy of host memory: a std::vector, an initializer list or `n = size(shape)` elements at
/// `ptr`. An empty shape means 1-d.
template <class Policy, class T>
array<T, space_of_t<Policy>> asarray(const Policy& policy, const T* ptr, const shape_t& shape) {
  auto view = wrap<host_space>(const_cast<T*>(ptr), shape);
  auto r    = empty<T>(policy, shape);
  copyto(policy, r, view);
  return r;
}
template <class Policy, class T, class Alloc, class = std::enable_if_t<!std::is_same_v<T, bool>>>
array<T, space_of_t<Policy>> asarray(const Policy& policy, const std::vector<T, Alloc>& v, shape_t shape = {}) {
  if (shape.empty()) shape = shape_t{static_cast<index_t>(v.size())};
  NDTHRUST_EXPECTS(shape_size(shape) == static_cast<index_t>(v.size()), shape_error,
                   "cannot reshape array of size " + std::to_string(v.size()) + " into shape " + shape_str(shape));
  return asarray(policy, v.data(), shape);
}
template <class Policy, class T>
array<T, space_of_t<Policy>> asarray(const Policy& policy, std::initializer_list<T> il, shape_t shape = {}) {
  if (shape.empty()) shape = shape_t{static_cast<index_t>(il.size())};
  NDTHRUST_EXPECTS(shape_size(shape) == static_cast<index_t>(il.size()), shape_error,
                   "cannot reshape array of size " + std::to_string(il.size()) + " into shape " + shape_str(shape));
  return asarray(policy, il.begin(), shape);
}

/// The elements in C order as a std::vector (std::vector<char> stands in for bool).
template <class U, class S>
auto to_vector(const array<U, S>& a) {
  using V = std::conditional_t<std::is_same_v<U, bool>, char, U>;
  std::vector<V> out(static_cast<std::size_t>(a.size()));
  auto h = to_host(ascontiguousarray(a));
  if (a.size() > 0) std::copy(h.raw(), h.raw() + a.size(), reinterpret_cast<U*>(out.data()));
  return out;
}

} // namespace nd
