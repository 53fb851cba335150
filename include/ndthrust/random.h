// ndthrust/random.h — seeded, counter-based random numbers (Philox4x32-10), identical on every backend.
//
//   nd::random::generator g(42);
//   auto u = g.uniform<float>(nd::device, {1000}, -1.f, 1.f);   // NumPy's rng.uniform; g.rand(policy, shape) in [0, 1)
//   auto z = g.normal(nd::device, {3, 4});                       // float64, mean 0, std 1 (g.randn)
//   auto k = g.integers(nd::device, 0, 10, {100});               // int64 in [0, 10) (g.randint)
//   auto p = g.permutation(nd::device, 10);  g.shuffle(nd::device, a);  auto c = g.choice(nd::device, a, 5, false);
//
// Element i of a call's output depends only on (seed, call number, i): not on the backend, the stream or the
// number of threads, so host and device give the same integers and uniforms bit for bit (normals go through
// log/sqrt/sincos, whose last bits differ between CUDA's math library and glibc). Each call advances the
// generator's call counter, so two calls differ. One Philox call yields 128 bits: 4 float32 uniforms or normals,
// 2 float64 values, 2 integers — one thread computes a block and writes them, so generating costs about as much as
// writing the output. The streams are not NumPy's (NumPy's PCG64 / Mersenne Twister); distributions are.
#pragma once

#include <ndthrust/backend/sort.h>
#include <ndthrust/backend/transform.h>
#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/random/philox.h>

#include <cuda/std/cmath>

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace nd::random {

namespace detail {
using nd::detail::random::stream;

/// Stores one Philox block's worth of values (16 bytes) at out[i0 ...]: one vector store on the device when the
/// block lies inside the array (outputs are fresh, 16-byte-aligned allocations), element by element at the tail.
template <class T, int N>
NDTHRUST_HD void store_block(T* out, index_t i0, index_t n, const T (&v)[N]) {
  static_assert(sizeof(T) * N == 16, "a Philox block is 16 bytes");
#if defined(__CUDA_ARCH__)
  if (i0 + N <= n) {
    uint4 u;
    ::memcpy(&u, v, 16);
    *reinterpret_cast<uint4*>(out + i0) = u;
    return;
  }
#endif
  for (int j = 0; j < N; ++j)
    if (i0 + j < n) out[i0 + j] = v[j];
}

/// Uniform reals: per block 4 float32 or 2 float64 values.
template <class T>
struct uniform_fn {
  static constexpr int per = sizeof(T) == 4 ? 4 : 2;
  stream s;
  T* out;
  index_t n;
  T lo, span;
  template <class I>
  NDTHRUST_HD void operator()(I b) const {
    auto r = s.block(static_cast<std::uint64_t>(b));
    T v[per];
    if constexpr (std::is_same_v<T, float>) {
      for (int j = 0; j < 4; ++j) v[j] = nd::detail::random::affine(lo, span, nd::detail::random::to_unit_float(r.v[j]));
    } else {
      for (int j = 0; j < 2; ++j)
        v[j] = nd::detail::random::affine(lo, span, nd::detail::random::to_unit_double(r.v[2 * j], r.v[2 * j + 1]));
    }
    store_block(out, per * static_cast<index_t>(b), n, v);
  }
};

/// Normals by Box–Muller: each pair of uniforms (u1 in (0, 1], u2 in [0, 1)) gives two values.
template <class T>
struct normal_fn {
  stream s;
  T* out;
  index_t n;
  T mean, sd;
  NDTHRUST_HD static void box_muller(T u1, T u2, T& z0, T& z1) {
    T r = ::cuda::std::sqrt(T(-2) * ::cuda::std::log(u1));
    T t = T(6.28318530717958647692528676655900577) * u2;
    z0  = r * ::cuda::std::cos(t);
    z1  = r * ::cuda::std::sin(t);
  }
  static constexpr int per = sizeof(T) == 4 ? 4 : 2;
  template <class I>
  NDTHRUST_HD void operator()(I b) const {
    auto r = s.block(static_cast<std::uint64_t>(b));
    T z[per];
    if constexpr (std::is_same_v<T, float>) {
      for (int p = 0; p < 2; ++p)
        box_muller(T(1) - nd::detail::random::to_unit_float(r.v[2 * p]), nd::detail::random::to_unit_float(r.v[2 * p + 1]),
                   z[2 * p], z[2 * p + 1]);
    } else {
      box_muller(T(1) - nd::detail::random::to_unit_double(r.v[0], r.v[1]),
                 nd::detail::random::to_unit_double(r.v[2], r.v[3]), z[0], z[1]);
    }
    for (int j = 0; j < per; ++j) z[j] = mean + sd * z[j];
    store_block(out, per * static_cast<index_t>(b), n, z);
  }
};

/// Integers in [lo, lo + range) without bias: Lemire's multiply-shift on 64 random bits, redrawing (from a
/// disjoint part of the counter space) in the rare case that falls in the biased zone. range 0 means 2^64.
template <class T>
struct integers_fn {
  stream s;
  T* out;
  index_t n;
  T lo;
  std::uint64_t range;
  NDTHRUST_HD std::uint64_t draw(std::uint64_t i) const {
    if (range == 0) {
      auto r = s.block(i / 2);
      int j  = 2 * static_cast<int>(i % 2);
      return (static_cast<std::uint64_t>(r.v[j]) << 32) | r.v[j + 1];
    }
    std::uint64_t threshold = (0 - range) % range; // 2^64 mod range
    for (std::uint64_t attempt = 0;; ++attempt) {
      std::uint64_t x;
      if (attempt == 0) {
        auto r = s.block(i / 2);
        int j  = 2 * static_cast<int>(i % 2);
        x      = (static_cast<std::uint64_t>(r.v[j]) << 32) | r.v[j + 1];
      } else { // redraws: blocks with the top counter bit set, unique per (i, attempt)
        auto r = s.block((std::uint64_t(1) << 63) | (i << 8) | attempt);
        x      = (static_cast<std::uint64_t>(r.v[0]) << 32) | r.v[1];
      }
      if (x * range >= threshold || attempt >= 255) return nd::detail::random::mulhi64(x, range);
    }
  }
  NDTHRUST_HD void operator()(index_t i) const {
    out[i] = static_cast<T>(static_cast<std::uint64_t>(lo) + draw(static_cast<std::uint64_t>(i)));
  }
};

/// Random 64-bit sort keys (the permutation is the argsort of them).
struct keys_fn {
  stream s;
  std::uint64_t* out;
  NDTHRUST_HD void operator()(index_t i) const {
    auto r = s.block(static_cast<std::uint64_t>(i));
    out[i] = (static_cast<std::uint64_t>(r.v[0]) << 32) | r.v[1];
  }
};

/// Row gather along axis 0 of a C-contiguous array: out[k] = src[perm[k / row] * row + k % row].
template <class T>
struct gather_rows_fn {
  const T* src;
  const std::int64_t* perm;
  T* out;
  index_t row;
  NDTHRUST_HD void operator()(index_t k) const { out[k] = src[perm[k / row] * row + k % row]; }
};

/// f(i) for i in [0, n): one thread per block of outputs on the device, 32-bit index math where n fits.
template <class Policy, class F>
void launch(const Policy& policy, index_t n, F f) {
  backend::for_each_index(policy, n, f);
}
} // namespace detail

/// A seeded Philox4x32-10 generator. Copies share nothing: each copy continues from the same call counter.
class generator {
public:
  explicit generator(std::uint64_t seed = 0) : seed_(seed) {}

  std::uint64_t seed() const { return seed_; }
  /// How many calls this generator has made (the counter the next call uses).
  std::uint64_t calls() const { return calls_; }

  /// Uniform reals in [lo, hi) (NumPy's Generator.uniform). T is float or double.
  template <class T = double, class Policy>
  array<T, space_of_t<Policy>> uniform(const Policy& policy, const shape_t& shape, T lo = T(0), T hi = T(1)) {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "nd::random::uniform makes float or double");
    auto a      = empty<T>(policy, shape);
    constexpr index_t per = detail::uniform_fn<T>::per;
    detail::launch(policy, (a.size() + per - 1) / per, detail::uniform_fn<T>{next(), a.raw(), a.size(), lo, hi - lo});
    return a;
  }
  /// Uniform float64 in [0, 1) (np.random.rand).
  template <class Policy>
  array<double, space_of_t<Policy>> rand(const Policy& policy, const shape_t& shape) {
    return uniform<double>(policy, shape);
  }

  /// Normal deviates (NumPy's Generator.normal), by Box–Muller. T is float or double.
  template <class T = double, class Policy>
  array<T, space_of_t<Policy>> normal(const Policy& policy, const shape_t& shape, T mean = T(0), T sd = T(1)) {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>, "nd::random::normal makes float or double");
    NDTHRUST_EXPECTS(sd >= T(0), value_error, "scale < 0");
    auto a      = empty<T>(policy, shape);
    constexpr index_t per = detail::normal_fn<T>::per;
    detail::launch(policy, (a.size() + per - 1) / per, detail::normal_fn<T>{next(), a.raw(), a.size(), mean, sd});
    return a;
  }
  /// Standard normal float64 (np.random.randn).
  template <class Policy>
  array<double, space_of_t<Policy>> randn(const Policy& policy, const shape_t& shape) {
    return normal<double>(policy, shape);
  }

  /// Integers in [lo, hi), every value equally likely (NumPy's Generator.integers with endpoint=False).
  template <class T = std::int64_t, class Policy>
  array<T, space_of_t<Policy>> integers(const Policy& policy, T lo, T hi, const shape_t& shape) {
    static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>, "nd::random::integers makes an integer dtype");
    NDTHRUST_EXPECTS(lo < hi, value_error, "high <= low");
    auto a              = empty<T>(policy, shape);
    std::uint64_t range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    detail::launch(policy, a.size(), detail::integers_fn<T>{next(), a.raw(), a.size(), lo, range});
    return a;
  }
  /// np.random.randint(lo, hi, shape).
  template <class T = std::int64_t, class Policy>
  array<T, space_of_t<Policy>> randint(const Policy& policy, T lo, T hi, const shape_t& shape) {
    return integers<T>(policy, lo, hi, shape);
  }

  /// A random permutation of 0 … n-1 (int64): the argsort of random 64-bit keys.
  template <class Policy>
  array<std::int64_t, space_of_t<Policy>> permutation(const Policy& policy, index_t n) {
    NDTHRUST_EXPECTS(n >= 0, value_error, "negative dimensions are not allowed");
    auto keys = empty<std::uint64_t>(policy, {n});
    auto idx  = empty<std::int64_t>(policy, {n});
    detail::launch(policy, n, detail::keys_fn{next(), keys.raw()});
    // The stable argsort of the keys, by the sorts' backend (on the host, ndthrust's merge sort: its scratch is taken
    // before any thread starts, so running out of memory raises nd::out_of_memory, where Thrust's OpenMP sort would
    // end the process).
    if (n > 0) backend::sort_segments(policy, keys.raw(), idx.raw(), 1, n);
    return idx;
  }

  /// Shuffles `a` in place along axis 0 (NumPy's Generator.shuffle): rows move, each row's contents stay.
  template <class Policy, class T, class S>
  void shuffle(const Policy& policy, const array<T, S>& a) {
    NDTHRUST_CHECK_POLICY(Policy, S);
    NDTHRUST_EXPECTS(a.ndim() >= 1, value_error, "shuffle of a 0-d array");
    NDTHRUST_EXPECTS(a.writeable(), value_error, "array is read-only");
    auto perm = permutation(policy, a.shape(0));
    auto src  = copy(policy, a); // C-contiguous
    auto out  = empty<T>(policy, a.shape());
    index_t row = a.shape(0) > 0 ? a.size() / a.shape(0) : 0;
    if (row > 0) detail::launch(policy, a.size(), detail::gather_rows_fn<T>{src.raw(), perm.raw(), out.raw(), row});
    copyto(policy, a, out);
  }

  /// `size` elements of the 1-d array `a`, with or without replacement (NumPy's Generator.choice).
  template <class Policy, class T, class S>
  array<T, S> choice(const Policy& policy, const array<T, S>& a, index_t size, bool replace = true) {
    NDTHRUST_CHECK_POLICY(Policy, S);
    NDTHRUST_EXPECTS(a.ndim() == 1, value_error, "a must be 1-dimensional");
    index_t n = a.shape(0);
    NDTHRUST_EXPECTS(n > 0 || size == 0, value_error, "a cannot be empty unless no samples are taken");
    NDTHRUST_EXPECTS(replace || size <= n, value_error, "Cannot take a larger sample than population when replace=False");
    NDTHRUST_EXPECTS(size >= 0, value_error, "negative dimensions are not allowed");
    auto idx = replace ? (n > 0 ? integers<std::int64_t>(policy, 0, n, {size}) : empty<std::int64_t>(policy, {0}))
                       : permutation(policy, n);
    auto src = copy(policy, a);
    auto out = empty<T>(policy, {size});
    detail::launch(policy, size, detail::gather_rows_fn<T>{src.raw(), idx.raw(), out.raw(), 1});
    return out;
  }

private:
  detail::stream next() { return detail::stream{seed_, calls_++}; }

  std::uint64_t seed_;
  std::uint64_t calls_ = 0;
};

} // namespace nd::random
