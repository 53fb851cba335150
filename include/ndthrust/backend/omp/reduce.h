// ndthrust/backend/omp/reduce.h — the OpenMP backend reduces through the portable Thrust path.
#pragma once

#include <ndthrust/detail/reduce/generic.h>

namespace nd::backend {
template <class Policy, class Index, class Src, class Op, class Sink>
void reduce(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  nd::detail::generic_reduce(policy, p, op, sink);
}
/// Only the CUDA backend has a launch to save on small whole-array reductions.
template <class Policy, class T, class Op, class R, class Fin>
bool reduce_small_contiguous(const Policy&, const T*, index_t, const Op&, R*, const Fin&) {
  return false;
}
} // namespace nd::backend
