// ndthrust/backend/sort.h — where a sort picks its backend: once, at compile time. A device policy of the CUDA build
// sorts with CUB (backend/cuda/sort.cuh); every other policy sorts host memory with the generic merge sort
// (backend/generic/sort.h).
#pragma once

#include <ndthrust/backend/generic/sort.h>
#include <ndthrust/config.h>
#include <ndthrust/core/policy.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/sort.cuh>
#endif

#include <cstdint>

namespace nd::backend {

/// Sorts `nseg` contiguous segments of `len` keys in place; with `idx`, writes the stable argsort of each segment.
template <class Policy, class T>
void sort_segments(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) cuda::sort_segments(policy, keys, idx, nseg, len);
  else generic::sort_segments(policy, keys, idx, nseg, len);
#else
  // nd::device inside an nd::graph recording: the sort is recorded (its scratch is taken when it runs), as the
  // Thrust calls on nd::device are.
  if constexpr (is_device_policy_v<Policy>)
    nd::detail::host_tape::run_or_record([=] { generic::sort_segments(policy, keys, idx, nseg, len); });
  else generic::sort_segments(policy, keys, idx, nseg, len);
#endif
}

} // namespace nd::backend
