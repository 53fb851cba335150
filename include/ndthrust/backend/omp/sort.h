// ndthrust/backend/omp/sort.h — the OpenMP backend sorts with the portable merge sort (detail/sort/generic.h), whose
// scratch is allocated before its parallel regions: out of memory raises nd::out_of_memory.
#pragma once

#include <ndthrust/core/policy.h>
#include <ndthrust/detail/sort/generic.h>

#include <type_traits>

namespace nd::backend {
/// Sorts `nseg` contiguous segments of `len` keys in place; with `idx`, writes the stable argsort of each segment.
/// With nd::device inside nd::graph::capture the sort is recorded (its scratch is taken when it runs), as the Thrust
/// calls on nd::device are.
template <class Policy, class T>
void sort_segments(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  if constexpr (std::is_same_v<std::decay_t<Policy>, nd::detail::host_tape::policy>) {
    nd::detail::host_tape::run_or_record([=] { nd::detail::generic_sort(policy, keys, idx, nseg, len); });
  } else {
    nd::detail::generic_sort(policy, keys, idx, nseg, len);
  }
}
} // namespace nd::backend
