// ndthrust/backend/omp/scan.h — the OpenMP backend scans through the portable Thrust path.
#pragma once

#include <ndthrust/detail/scan/generic.h>

namespace nd::backend {
template <class Policy, class Index, class Src, class Op, class R>
void scan(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op,
          const nd::detail::scan_dest<Index, R>& dst) {
  nd::detail::generic_scan(policy, p, op, dst);
}
} // namespace nd::backend
