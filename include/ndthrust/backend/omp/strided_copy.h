// ndthrust/backend/omp/strided_copy.h — the OpenMP backend copies through the portable Thrust path.
#pragma once

#include <ndthrust/detail/strided_copy.h>

namespace nd::backend {
template <class Policy, class T, class U>
void strided_copy(const Policy& policy, const nd::detail::copy_args<T, U>& a, index_t n) {
  nd::detail::generic_strided_copy(policy, a, n);
}
} // namespace nd::backend
