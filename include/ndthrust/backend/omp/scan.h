// ndthrust/backend/omp/scan.h — the OpenMP backend scans through the portable Thrust path.
#pragma once

#include <ndthrust/core/policy.h>
#include <ndthrust/detail/scan/generic.h>

namespace nd::backend {
template <class Policy, class Index, class Src, class Op, class R>
void scan(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op,
          const nd::detail::scan_dest<Index, R>& dst) {
  // One recorded step inside an nd::graph recording, like the reduction.
  if constexpr (is_device_policy_v<Policy>)
    if (nd::detail::active_capture)
      return nd::detail::host_tape::run_or_record([=] { nd::detail::generic_scan(policy, p, op, dst); });
  nd::detail::generic_scan(policy, p, op, dst);
}
} // namespace nd::backend
