// ndthrust/detail/sort/lines.h — segmented sorts of every dtype, complex included, on top of backend::sort_segments.
//
// The backends sort real keys only (the CUDA path is a radix sort of the keys' bits). A complex line is sorted in
// NumPy's order (nan_less: NaN class, then real, then imaginary part) by three stable argsorts of real keys, least
// significant first — imaginary parts, real parts, NaN classes — each on the keys gathered in the previous order.
// Being stable, each pass keeps the order of the previous ones among its ties, so the composed permutation is the
// stable lexicographic argsort. The same passes run on both backends.
#pragma once

#include <ndthrust/backend/sort.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/sort/compare.h>

#include <thrust/copy.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <cstdint>

namespace nd::detail {

/// What each pass of the complex sort orders by.
enum class complex_key { imag, real, nan_class };

/// key[i] = the part of keys[line start + perm[i]] (perm null: of keys[i]).
template <class C, class K, complex_key Part>
struct complex_key_fn {
  const C* keys;
  const std::int64_t* perm;
  K* key;
  index_t len;
  NDTHRUST_HD void operator()(index_t i) const {
    const C z = perm ? keys[(i / len) * len + perm[i]] : keys[i];
    if constexpr (Part == complex_key::imag) key[i] = z.imag();
    else if constexpr (Part == complex_key::real) key[i] = z.real();
    else key[i] = static_cast<K>(nan_class(z));
  }
};

/// out[i] = outer[line start + inner[i]]: the permutation `inner` (positions in its line) applied after `outer`.
struct compose_perm_fn {
  const std::int64_t* outer;
  const std::int64_t* inner;
  std::int64_t* out;
  index_t len;
  NDTHRUST_HD void operator()(index_t i) const { out[i] = outer[(i / len) * len + inner[i]]; }
};

/// out[i] = keys[line start + perm[i]].
template <class T>
struct gather_line_fn {
  const T* keys;
  const std::int64_t* perm;
  T* out;
  index_t len;
  NDTHRUST_HD void operator()(index_t i) const { out[i] = keys[(i / len) * len + perm[i]]; }
};

/// One stable pass: the permutation `perm` (null: the identity) refined by the key Part, into `next`.
template <complex_key Part, class K, class Policy, class C>
void complex_pass(const Policy& policy, const C* keys, const std::int64_t* perm, std::int64_t* step,
                  std::int64_t* next, K* key, index_t nseg, index_t len) {
  const index_t n = nseg * len;
  thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                     complex_key_fn<C, K, Part>{keys, perm, key, len});
  backend::sort_segments(policy, key, perm ? step : next, nseg, len);
  if (perm)
    thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n, compose_perm_fn{perm, step, next, len});
}

/// backend::sort_segments' contract for every dtype: sorts `nseg` contiguous lines of `len` keys in place; with
/// `idx`, writes the stable argsort of each line instead (the keys are then left as they were, or as scratch).
template <class Policy, class T>
void sort_lines(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  const index_t n = nseg * len;
  if (n == 0) return;
  if constexpr (!is_complex_v<T>) {
    backend::sort_segments(policy, keys, idx, nseg, len);
  } else {
    using R   = typename T::value_type;
    auto part = empty<R>(policy, {n});
    auto cls  = empty<std::uint8_t>(policy, {n});
    auto a = empty<std::int64_t>(policy, {n}), b = empty<std::int64_t>(policy, {n});
    auto step = empty<std::int64_t>(policy, {n});
    complex_pass<complex_key::imag>(policy, keys, nullptr, step.raw(), a.raw(), part.raw(), nseg, len);
    complex_pass<complex_key::real>(policy, keys, a.raw(), step.raw(), b.raw(), part.raw(), nseg, len);
    std::int64_t* result = idx ? idx : a.raw();
    complex_pass<complex_key::nan_class>(policy, keys, b.raw(), step.raw(), result, cls.raw(), nseg, len);
    if (!idx) {
      auto sorted = empty<T>(policy, {n});
      thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), n,
                         gather_line_fn<T>{keys, result, sorted.raw(), len});
      thrust::copy(policy, sorted.raw(), sorted.raw() + n, keys);
    }
  }
}

} // namespace nd::detail
