// ndthrust/backend/omp/transform.h — the OpenMP backend runs both elementwise paths through Thrust's omp system.
#pragma once

#include <ndthrust/detail/transform/engine.h>

namespace nd::backend {

/// Contiguous transforms always go to thrust::transform here.
template <class Policy>
bool contiguous_via_thrust(const Policy&, index_t) {
  return true;
}

/// Runs fn(i) for every flat position i < n of the strided path.
template <class Index, class Policy, class Fn>
void transform_positions(const Policy& policy, const Fn& fn, index_t n) {
  nd::detail::for_each_position<Index>(policy, fn, n);
}

} // namespace nd::backend
