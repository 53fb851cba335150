// ndthrust/backend/generic/transform.h — the portable loops of nd::transform: Thrust for_each over positions, rows
// or indices. They run on any Thrust system; the host (host policies, and every policy of the host-only build) takes
// them for every layout, since caches make a transposed read cheap enough there.
#pragma once

#include <ndthrust/detail/transform/engine.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <cstdint>

namespace nd::backend::generic {

/// The portable row walk: one task per chunk of a row; the row's offsets are computed once per chunk.
template <class Fn, class Index>
struct row_chunk_fn {
  Fn fn;
  Index inner, chunks, chunk;
  NDTHRUST_HD void operator()(Index t) const {
    Index row = t / chunks, c = t - row * chunks;
    auto rf   = fn.row_at(row * inner);
    Index j1  = (c + 1) * chunk < inner ? (c + 1) * chunk : inner;
    for (Index j = c * chunk; j < j1; ++j) rf.out[j * rf.out_stride] = rf.eval(j);
  }
};

template <class Index, class Policy, class Fn>
void for_each_row_chunk(const Policy& policy, const Fn& fn, index_t n, index_t inner, index_t chunk) {
  index_t rows = n / inner, chunks = (inner + chunk - 1) / chunk;
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(rows * chunks),
                     row_chunk_fn<Fn, Index>{fn, static_cast<Index>(inner), static_cast<Index>(chunks),
                                             static_cast<Index>(chunk)});
}

/// The portable strided loop: Thrust for_each over flat positions.
template <class Index, class Policy, class Fn>
void for_each_position(const Policy& policy, const Fn& fn, index_t n) {
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(n), fn);
}

/// Contiguous transforms always go to thrust::transform here.
template <class Policy>
bool contiguous_via_thrust(const Policy&, index_t) {
  return true;
}

/// No shared-memory tiles on the host.
template <class Policy>
constexpr bool has_tiled_transform(const Policy&) {
  return false;
}

/// f(i) for every i < n, with a 32-bit index where n fits.
template <class Policy, class F>
void for_each_index(const Policy& policy, index_t n, const F& f) {
  if (n <= 0) return;
  if (n <= INT32_MAX) for_each_position<int>(policy, f, n);
  else for_each_position<index_t>(policy, f, n);
}

/// The strided path: long rows are walked a chunk per task, short ones position by position.
template <class Index, class Policy, class Fn>
void transform_strided(const Policy& policy, const Fn& fn, index_t n, const detail::strided_plan& plan) {
  if (plan.kind == detail::strided_plan::rows) for_each_row_chunk<Index>(policy, fn, n, plan.inner, 4096);
  else for_each_position<Index>(policy, fn, n);
}

} // namespace nd::backend::generic
