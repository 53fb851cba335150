// ndthrust/backend/omp/transform.h — the OpenMP backend runs both elementwise paths through Thrust's omp system.
#pragma once

#include <ndthrust/detail/transform/engine.h>

namespace nd::backend {

/// Contiguous transforms always go to thrust::transform here.
template <class Policy>
bool contiguous_via_thrust(const Policy&, index_t) {
  return true;
}

/// f(i) for every i < n.
template <class Policy, class F>
void for_each_index(const Policy& policy, index_t n, const F& f) {
  nd::detail::for_each_index_generic(policy, n, f);
}

/// No shared-memory tiles on the host: caches make a transposed read cheap enough.
template <class Policy>
constexpr bool has_tiled_transform(const Policy&) {
  return false;
}

/// The strided path: long rows are walked a chunk per task, short ones position by position.
template <class Index, class Policy, class Fn>
void transform_strided(const Policy& policy, const Fn& fn, index_t n, const nd::detail::strided_plan& plan) {
  if (plan.kind == nd::detail::strided_plan::rows) nd::detail::for_each_row_chunk<Index>(policy, fn, n, plan.inner, 4096);
  else nd::detail::for_each_position<Index>(policy, fn, n);
}

} // namespace nd::backend
