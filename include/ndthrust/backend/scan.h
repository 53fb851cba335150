// ndthrust/backend/scan.h — where a scan picks its backend: once, at compile time. A device policy of the CUDA build
// runs the CUDA kernels (backend/cuda/scan.cuh); every other policy scans host memory with the generic loops
// (backend/generic/scan.h).
#pragma once

#include <ndthrust/backend/generic/scan.h>
#include <ndthrust/config.h>
#include <ndthrust/core/policy.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/scan.cuh>
#endif

namespace nd::backend {

template <class Policy, class Index, class Src, class Op, class R>
void scan(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op,
          const nd::detail::scan_dest<Index, R>& dst) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) cuda::scan(policy, p, op, dst);
  else generic::scan(policy, p, op, dst);
#else
  // nd::device inside an nd::graph recording: one recorded step, as a reduction is.
  if constexpr (is_device_policy_v<Policy>)
    nd::detail::host_tape::run_or_record([=] { generic::scan(policy, p, op, dst); });
  else generic::scan(policy, p, op, dst);
#endif
}

} // namespace nd::backend
