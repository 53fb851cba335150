// ndthrust/backend/reduce.h — where a reduction picks its backend: once, at compile time. A device policy of the
// CUDA build runs the CUDA kernels (backend/cuda/reduce.cuh); every other policy reduces host memory with the
// generic loops (backend/generic/reduce.h).
#pragma once

#include <ndthrust/backend/generic/reduce.h>
#include <ndthrust/config.h>
#include <ndthrust/core/policy.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/reduce.cuh>
#endif

namespace nd::backend {

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) cuda::reduce(policy, p, op, sink);
  else generic::reduce(policy, p, op, sink);
#else
  // nd::device inside an nd::graph recording: the whole reduction is one recorded step, since its host-side
  // combining of chunk results (and their scratch) belongs to the replay, not to the capture.
  if constexpr (is_device_policy_v<Policy>)
    nd::detail::host_tape::run_or_record([=] { generic::reduce(policy, p, op, sink); });
  else generic::reduce(policy, p, op, sink);
#endif
}

/// A whole contiguous array of at most a few thousand elements reduced in one launch, where the backend has one
/// (CUDA); false when the caller must take the general path.
template <class Policy, class T, class Op, class R, class Fin>
bool reduce_small_contiguous(const Policy& policy, const T* x, index_t n, const Op& op, R* out, const Fin& fin) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) return cuda::reduce_small_contiguous(policy, x, n, op, out, fin);
  else return false;
#else
  (void) policy, (void) x, (void) n, (void) op, (void) out, (void) fin;
  return false;
#endif
}

} // namespace nd::backend
