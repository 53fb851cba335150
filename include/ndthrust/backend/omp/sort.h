// ndthrust/backend/omp/sort.h — the OpenMP backend sorts through the portable Thrust path.
#pragma once

#include <ndthrust/detail/sort/generic.h>

namespace nd::backend {
/// Sorts `nseg` contiguous segments of `len` keys in place; with `idx`, writes the stable argsort of each segment.
template <class Policy, class T>
void sort_segments(const Policy& policy, T* keys, std::int64_t* idx, index_t nseg, index_t len) {
  nd::detail::generic_sort(policy, keys, idx, nseg, len);
}
} // namespace nd::backend
