// ndthrust/backend/omp/reduce.h — the OpenMP backend reduces pairwise, as NumPy does: a run of at most 128
// elements in order, then halves combined recursively, so that a float sum of n terms errs by O(log n) ulps rather
// than O(n) (a million float32 0.1 sum to 100000.008, not 100354). Large reductions to few outputs split into
// fixed chunks reduced in parallel, the chunk results then combined pairwise as well.
#pragma once

#include <ndthrust/core/policy.h>
#include <ndthrust/detail/reduce/generic.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <memory>

namespace nd::backend {
namespace omp_detail {

/// Pairwise reduction of get(lo) … get(lo + n - 1), in order (so argmin-style ops stay correct).
template <class Op, class Get, class Index>
typename Op::acc_type pairwise(const Op& op, const Get& get, Index lo, Index n) {
  if (n <= 128) {
    auto acc = op.identity();
    for (Index r = lo; r < lo + n; ++r) acc = op.combine(acc, get(r));
    return acc;
  }
  Index h = n / 2;
  h -= h % 8;
  return op.combine(pairwise(op, get, lo, h), pairwise(op, get, static_cast<Index>(lo + h), static_cast<Index>(n - h)));
}

template <class Acc>
struct part_get {
  const Acc* p;
  template <class Index>
  Acc operator()(Index i) const {
    return p[i];
  }
};

/// One output's elements, pairwise (the many-outputs path).
template <class Index, class Src, class Op, class Sink>
struct pairwise_line_fn {
  Src src;
  nd::detail::flat_layout<Index> kept, reduced;
  Index M;
  Op op;
  Sink sink;
  void operator()(Index o) const {
    nd::detail::element_fn<Index, Src, Op> f{src, kept(o), reduced, op, o};
    sink(o, pairwise(op, f, Index(0), M));
  }
};

/// One chunk of one output's elements, pairwise, into parts[c].
template <class Index, class Op, class F>
struct pairwise_chunk_fn {
  F f;
  Op op;
  Index M, chunk;
  typename Op::acc_type* parts;
  void operator()(Index c) const {
    Index lo = c * chunk, n = M - lo < chunk ? M - lo : chunk;
    parts[c] = pairwise(op, f, lo, n);
  }
};

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce_now(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  using Acc = typename Op::acc_type;
  if (p.K == 0) return;
  constexpr index_t few_outputs = 64, chunk = index_t{1} << 14;
  if (p.K < few_outputs && p.M > 4 * chunk) {
    Index M = static_cast<Index>(p.M), nc = static_cast<Index>((p.M + chunk - 1) / chunk);
    std::unique_ptr<Acc[]> parts(new Acc[static_cast<std::size_t>(nc)]); // not std::vector: Acc may be bool
    for (index_t o = 0; o < p.K; ++o) {
      Index oi = static_cast<Index>(o);
      nd::detail::element_fn<Index, Src, Op> f{p.src, p.kept(oi), p.reduced, op, oi};
      thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), nc,
                         pairwise_chunk_fn<Index, Op, decltype(f)>{f, op, M, static_cast<Index>(chunk), parts.get()});
      sink(oi, pairwise(op, part_get<Acc>{parts.get()}, Index(0), nc)); // host memory on this backend
    }
    return;
  }
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(p.K),
                     pairwise_line_fn<Index, Src, Op, Sink>{p.src, p.kept, p.reduced, static_cast<Index>(p.M), op, sink});
}
} // namespace omp_detail

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  // Inside an nd::graph recording the whole reduction is one recorded step: its host-side combining of the chunk
  // results (and their scratch) must happen at replay, not at capture.
  if constexpr (is_device_policy_v<Policy>)
    if (nd::detail::active_capture)
      return nd::detail::host_tape::run_or_record([=] { omp_detail::reduce_now(policy, p, op, sink); });
  omp_detail::reduce_now(policy, p, op, sink);
}
/// Only the CUDA backend has a launch to save on small whole-array reductions.
template <class Policy, class T, class Op, class R, class Fin>
bool reduce_small_contiguous(const Policy&, const T*, index_t, const Op&, R*, const Fin&) {
  return false;
}
} // namespace nd::backend
