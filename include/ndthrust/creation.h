// ndthrust/creation.h — making arrays: empty, zeros, ones, full, arange, linspace, eye, the *_like forms, and
// adopting or viewing existing Thrust / std vectors without a copy.
//
// Every function takes an execution policy first; the array lives in that policy's space. The forms without a
// policy use nd::device. Nothing synchronises.
#pragma once

#include <ndthrust/core/array.h>
#include <ndthrust/core/policy.h>

#include <thrust/device_vector.h>
#include <thrust/fill.h>
#include <thrust/host_vector.h>
#include <thrust/tabulate.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace nd {

/// An uninitialised array (NumPy's empty): no kernel runs.
template <class T, class Policy>
array<T, space_of_t<Policy>> empty(const Policy& policy, const shape_t& shape) {
  NDTHRUST_CHECK_POLICY(Policy, space_of_t<Policy>);
  check_shape(shape, sizeof(T)); // before anything is allocated: the byte count must fit index_t
  index_t n = shape_size(shape);
  return array<T, space_of_t<Policy>>(detail::allocate_storage<T, space_of_t<Policy>>(n, stream_of(policy)), n,
                                      shape, c_strides(shape), 0);
}

/// An array filled with `value`.
template <class T, class Policy>
array<T, space_of_t<Policy>> full(const Policy& policy, const shape_t& shape, const T& value) {
  auto a = empty<T>(policy, shape);
  if (a.size() > 0) thrust::fill_n(policy, a.data(), a.size(), value);
  return a;
}

template <class T, class Policy>
array<T, space_of_t<Policy>> zeros(const Policy& policy, const shape_t& shape) {
  return full<T>(policy, shape, T(0));
}

template <class T, class Policy>
array<T, space_of_t<Policy>> ones(const Policy& policy, const shape_t& shape) {
  return full<T>(policy, shape, T(1));
}

template <class T>
device_array<T> empty(const shape_t& shape) {
  return empty<T>(device, shape);
}
template <class T>
device_array<T> zeros(const shape_t& shape) {
  return zeros<T>(device, shape);
}
template <class T>
device_array<T> ones(const shape_t& shape) {
  return ones<T>(device, shape);
}
template <class T>
device_array<T> full(const shape_t& shape, const T& value) {
  return full<T>(device, shape, value);
}

/// The *_like forms: the shape of `a`, dtype T (default: a's dtype), in the policy's space.
template <class T = void, class Policy, class U, class S>
auto empty_like(const Policy& policy, const array<U, S>& a) {
  using V = std::conditional_t<std::is_void_v<T>, U, T>;
  return empty<V>(policy, a.shape());
}
template <class T = void, class Policy, class U, class S>
auto zeros_like(const Policy& policy, const array<U, S>& a) {
  using V = std::conditional_t<std::is_void_v<T>, U, T>;
  return zeros<V>(policy, a.shape());
}
template <class T = void, class Policy, class U, class S>
auto ones_like(const Policy& policy, const array<U, S>& a) {
  using V = std::conditional_t<std::is_void_v<T>, U, T>;
  return ones<V>(policy, a.shape());
}
template <class Policy, class U, class S, class V>
auto full_like(const Policy& policy, const array<U, S>& a, const V& value) {
  return full<U>(policy, a.shape(), static_cast<U>(value));
}

namespace detail {
/// a * b rounded on its own: NumPy multiplies and adds in separate steps, so nvcc must not fuse them into an FMA.
template <class T>
NDTHRUST_HD T mul_rn(T a, T b) {
#if defined(__CUDA_ARCH__)
  if constexpr (std::is_same_v<T, double>) return __dmul_rn(a, b);
  else if constexpr (std::is_same_v<T, float>) return __fmul_rn(a, b);
  else return a * b;
#else
  return a * b;
#endif
}
/// NumPy's fill for reals: element 1 is start + step, later ones start + i * delta with
/// delta = (start + step) - start.
template <class T>
struct arange_fn {
  T start, second, delta;
  NDTHRUST_HD T operator()(index_t i) const {
    if (i == 0) return start; // exactly start, as NumPy's: 0 * delta is NaN for a step of inf
    if (i == 1) return second;
    return static_cast<T>(start + mul_rn(static_cast<T>(i), delta));
  }
};
/// Integer arange: start + i * step in uint64 arithmetic, whose wrapping is defined; the true value lies between
/// start and stop, so the result is exact for every integer type (int64 edges included).
template <class T>
struct arange_int_fn {
  std::uint64_t start, step; // two's-complement images
  NDTHRUST_HD T operator()(index_t i) const { return static_cast<T>(start + static_cast<std::uint64_t>(i) * step); }
};
/// The two's-complement image of an integer in uint64.
template <class T>
constexpr std::uint64_t as_u64(T v) {
  if constexpr (std::is_signed_v<T>) return static_cast<std::uint64_t>(static_cast<std::int64_t>(v));
  else return static_cast<std::uint64_t>(v);
}
[[noreturn]] inline void throw_arange_too_big() { throw_value_error("Maximum allowed size exceeded"); }

/// NumPy's arange length: exact for integers (in uint64), ceil((stop - start) / step) in double for reals.
template <class T>
index_t arange_length(T start, T stop, T step) {
  NDTHRUST_EXPECTS(step != T(0), value_error, "arange: the step must not be zero (division by zero)");
  if constexpr (std::is_integral_v<T>) {
    bool down = false;
    if constexpr (std::is_signed_v<T>) down = step < 0;
    std::uint64_t dist, mag;
    if (down) {
      if (!(stop < start)) return 0;
      dist = as_u64(start) - as_u64(stop);
      mag  = std::uint64_t(0) - as_u64(step);
    } else {
      if (!(start < stop)) return 0;
      dist = as_u64(stop) - as_u64(start);
      mag  = as_u64(step);
    }
    std::uint64_t n = (dist - 1) / mag + 1;
    if (n > static_cast<std::uint64_t>(INT64_MAX)) throw_arange_too_big();
    return static_cast<index_t>(n);
  } else {
    double delta = static_cast<double>(stop) - static_cast<double>(start);
    if (delta == 0) return 0;
    double q = delta / static_cast<double>(step);
    NDTHRUST_EXPECTS(!std::isnan(q), value_error,
                     "arange: cannot compute length (Maximum allowed size exceeded: the length is NaN)");
    if (q == 0) return std::signbit(q) ? 0 : 1; // underflow, or a step of inf: NumPy's rule
    double c = std::ceil(q);
    // The range test comes before any conversion: converting an out-of-range double to an integer is undefined.
    if (!(c >= -9223372036854775808.0 && c < 9223372036854775808.0)) throw_arange_too_big();
    return c > 0 ? static_cast<index_t>(c) : 0;
  }
}

template <class T>
struct linspace_fn {
  double start, step, stop;
  index_t last; // index of the element forced to `stop` (or -1)
  NDTHRUST_HD T operator()(index_t i) const {
    double v = i == last ? stop : mul_rn(static_cast<double>(i), step) + start;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) v = ::floor(v); // NumPy 2 floors integers
    return static_cast<T>(v);
  }
};
template <class T>
struct eye_fn {
  index_t cols, k;
  NDTHRUST_HD T operator()(index_t i) const { return (i % cols) - (i / cols) == k ? T(1) : T(0); }
};
} // namespace detail

/// Values start, start+step, … below stop (NumPy's arange); the length is ceil((stop - start) / step), exact for
/// integers. A length beyond int64 raises "Maximum allowed size exceeded", a zero step value_error.
template <class T, class Policy>
array<T, space_of_t<Policy>> arange(const Policy& policy, T start, T stop, T step = T(1)) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "nd::arange takes an integer or real dtype");
  index_t n = detail::arange_length(start, stop, step);
  auto a    = empty<T>(policy, {n});
  if (n == 0) return a;
  if constexpr (std::is_integral_v<T>) {
    thrust::tabulate(policy, a.data(), a.data() + n, detail::arange_int_fn<T>{detail::as_u64(start), detail::as_u64(step)});
  } else {
    const T second = static_cast<T>(start + step), delta = static_cast<T>(second - start);
    thrust::tabulate(policy, a.data(), a.data() + n, detail::arange_fn<T>{start, second, delta});
  }
  return a;
}
template <class T, class Policy>
array<T, space_of_t<Policy>> arange(const Policy& policy, T stop) {
  return arange<T>(policy, T(0), stop, T(1));
}

/// `num` evenly spaced values from start to stop (inclusive when endpoint), computed in double (NumPy's linspace).
template <class T = double, class Policy>
array<T, space_of_t<Policy>> linspace(const Policy& policy, double start, double stop, index_t num = 50,
                                      bool endpoint = true) {
  NDTHRUST_EXPECTS(num >= 0, value_error, "Number of samples, " + std::to_string(num) + ", must be non-negative.");
  index_t div = endpoint ? num - 1 : num;
  double step = div > 0 ? (stop - start) / static_cast<double>(div) : 0.0;
  auto a      = empty<T>(policy, {num});
  if (num > 0)
    thrust::tabulate(policy, a.data(), a.data() + num,
                     detail::linspace_fn<T>{start, step, stop, endpoint && num > 1 ? num - 1 : -1});
  return a;
}

/// An n×m array with ones on the k-th diagonal (NumPy's eye); m < 0 means m = n.
template <class T, class Policy>
array<T, space_of_t<Policy>> eye(const Policy& policy, index_t n, index_t m = -1, index_t k = 0) {
  if (m < 0) m = n;
  auto a = empty<T>(policy, {n, m});
  if (a.size() > 0) thrust::tabulate(policy, a.data(), a.data() + a.size(), detail::eye_fn<T>{m, k});
  return a;
}
template <class T, class Policy>
array<T, space_of_t<Policy>> identity(const Policy& policy, index_t n) {
  return eye<T>(policy, n, n, 0);
}

// --- adopting and viewing existing vectors ------------------------------------------------------------------------

namespace detail {
/// The element count of a vector given to adopt / wrap, checked against `shape` (an empty shape becomes 1-d of
/// the vector's length): the shape must be valid and need exactly the vector's elements, never more.
template <class T>
index_t checked_view_size(std::size_t size, shape_t& shape) {
  NDTHRUST_EXPECTS(size <= static_cast<std::size_t>(INT64_MAX), value_error, "the vector is too large to view");
  index_t n = static_cast<index_t>(size);
  if (shape.empty() && n != 1) shape = shape_t{n};
  check_shape(shape, sizeof(T));
  NDTHRUST_EXPECTS(shape_size(shape) == n, shape_error,
                   "cannot reshape array of size " + std::to_string(n) + " into shape " + shape_str(shape));
  return n;
}

template <class T, class Space, class Vec>
array<T, Space> adopt_vector(Vec&& v, shape_t shape) {
  index_t n = checked_view_size<T>(v.size(), shape);
  auto owner = std::make_shared<std::decay_t<Vec>>(std::move(v));
  T* p       = thrust::raw_pointer_cast(owner->data());
  // Aliasing constructor: the array points at the elements and keeps the whole vector alive.
  return array<T, Space>(std::shared_ptr<T>(owner, p), n, shape, c_strides(shape), 0);
}
template <class T, class Space, class Vec>
array<T, Space> wrap_vector(Vec& v, shape_t shape) {
  index_t n = checked_view_size<T>(v.size(), shape);
  T* p = thrust::raw_pointer_cast(v.data());
  return array<T, Space>(std::shared_ptr<T>(std::shared_ptr<void>(), p), n, shape, c_strides(shape), 0);
}
} // namespace detail

/// Takes ownership of a thrust::device_vector without copying: the array keeps it alive. An empty `shape` means
/// 1-d of the vector's length.
template <class T, class Alloc>
device_array<T> adopt(thrust::device_vector<T, Alloc>&& v, const shape_t& shape = {}) {
  return detail::adopt_vector<T, device_space>(std::move(v), shape);
}
template <class T, class Alloc>
host_array<T> adopt(thrust::host_vector<T, Alloc>&& v, const shape_t& shape = {}) {
  return detail::adopt_vector<T, host_space>(std::move(v), shape);
}
template <class T, class Alloc, class = std::enable_if_t<!std::is_same_v<T, bool>>>
host_array<T> adopt(std::vector<T, Alloc>&& v, const shape_t& shape = {}) {
  return detail::adopt_vector<T, host_space>(std::move(v), shape);
}

/// Views an existing vector without copying or owning it: the vector must outlive the array and not reallocate.
template <class T, class Alloc>
device_array<T> wrap(thrust::device_vector<T, Alloc>& v, const shape_t& shape = {}) {
  return detail::wrap_vector<T, device_space>(v, shape);
}
template <class T, class Alloc>
host_array<T> wrap(thrust::host_vector<T, Alloc>& v, const shape_t& shape = {}) {
  return detail::wrap_vector<T, host_space>(v, shape);
}
template <class T, class Alloc, class = std::enable_if_t<!std::is_same_v<T, bool>>>
host_array<T> wrap(std::vector<T, Alloc>& v, const shape_t& shape = {}) {
  return detail::wrap_vector<T, host_space>(v, shape);
}
/// Views raw memory of `Space` (a device pointer for device_space) with C-order strides unless given.
template <class Space, class T>
array<T, Space> wrap(T* ptr, const shape_t& shape, strides_t strides = {}) {
  check_shape(shape, sizeof(T));
  if (strides.empty() && !shape.empty()) strides = c_strides(shape);
  index_t n = shape_size(shape);
  return array<T, Space>(std::shared_ptr<T>(std::shared_ptr<void>(), ptr), n, shape, strides, 0);
}

} // namespace nd
