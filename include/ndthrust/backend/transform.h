// ndthrust/backend/transform.h — where nd::transform (and the generators that write their own outputs) pick their
// backend: once, at compile time. A device policy of the CUDA build launches the CUDA kernels
// (backend/cuda/transform.cuh); every other policy runs the portable Thrust loops (backend/generic/transform.h).
#pragma once

#include <ndthrust/backend/generic/transform.h>
#include <ndthrust/config.h>
#include <ndthrust/core/space.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/transform.cuh>
#endif

namespace nd::backend {

/// Whether a contiguous transform of n elements goes to thrust::transform (else the strided path's kernel).
template <class Policy>
bool contiguous_via_thrust(const Policy& policy, index_t n) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) return cuda::contiguous_via_thrust(policy, n);
  else return generic::contiguous_via_thrust(policy, n);
#else
  return generic::contiguous_via_thrust(policy, n);
#endif
}

/// Whether the strided path may stage tiles through shared memory.
template <class Policy>
constexpr bool has_tiled_transform(const Policy& policy) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) return cuda::has_tiled_transform(policy);
  else return generic::has_tiled_transform(policy);
#else
  return generic::has_tiled_transform(policy);
#endif
}

/// f(i) for every i < n: for functors that write their own outputs.
template <class Policy, class F>
void for_each_index(const Policy& policy, index_t n, const F& f) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) cuda::for_each_index(policy, n, f);
  else generic::for_each_index(policy, n, f);
#else
  generic::for_each_index(policy, n, f);
#endif
}

/// The strided path over n positions, walked as `plan` says.
template <class Index, class Policy, class Fn>
void transform_strided(const Policy& policy, const Fn& fn, index_t n, const nd::detail::strided_plan& plan) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) cuda::transform_strided<Index>(policy, fn, n, plan);
  else generic::transform_strided<Index>(policy, fn, n, plan);
#else
  generic::transform_strided<Index>(policy, fn, n, plan);
#endif
}

} // namespace nd::backend
