// ndthrust/backend/strided_copy.h — where a strided copy picks its backend: once, at compile time. A device policy of
// the CUDA build may take the tiled transpose kernel (backend/cuda/strided_copy.cuh); every other copy is the
// portable Thrust loop (backend/generic/strided_copy.h).
#pragma once

#include <ndthrust/backend/generic/strided_copy.h>
#include <ndthrust/config.h>
#include <ndthrust/core/space.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/strided_copy.cuh>
#endif

namespace nd::backend {

/// Copies `n` elements; the caller has collapsed the axes.
template <class Policy, class T, class U>
void strided_copy(const Policy& policy, const nd::detail::copy_args<T, U>& a, index_t n) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) cuda::strided_copy(policy, a, n);
  else generic::strided_copy(policy, a, n);
#else
  generic::strided_copy(policy, a, n);
#endif
}

} // namespace nd::backend
