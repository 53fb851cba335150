// ndthrust/detail/reduce/generic.h — the portable reduction: Thrust algorithms over a plan, for host-memory
// backends (OpenMP device system, host policies). Many outputs: one parallel loop over the outputs, each reducing
// its elements in order. Few outputs: one parallel transform_reduce per output.
#pragma once

#include <ndthrust/detail/reduce/ops.h>
#include <ndthrust/detail/reduce/plan.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform_reduce.h>

namespace nd::detail {

/// Where results go: output o is stored at base[out(o)] after the finaliser.
template <class Index, class R, class Fin>
struct reduce_sink {
  R* base;
  flat_layout<Index> out;
  Fin fin;
  template <class A>
  NDTHRUST_HD void operator()(Index o, const A& acc) const {
    base[out(o)] = fin(acc);
  }
};

/// Element r of output o, loaded into the accumulator.
template <class Index, class Src, class Op>
struct element_fn {
  Src src;
  Index base;
  flat_layout<Index> reduced;
  Op op;
  Index o;
  NDTHRUST_HD typename Op::acc_type operator()(Index r) const { return op.load(src(base + reduced(r)), o, r); }
};

/// Reduces all elements of output o in order.
template <class Index, class Src, class Op, class Sink>
struct line_reduce_fn {
  Src src;
  flat_layout<Index> kept, reduced;
  Index M;
  Op op;
  Sink sink;
  NDTHRUST_HD void operator()(Index o) const {
    Index b = kept(o);
    auto acc = op.identity();
    for (Index r = 0; r < M; ++r) acc = op.combine(acc, op.load(src(b + reduced(r)), o, r));
    sink(o, acc);
  }
};

template <class Policy, class Index, class Src, class Op, class Sink>
void generic_reduce(const Policy& policy, const reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  if (p.K == 0) return;
  constexpr index_t few_outputs = 64;
  if (p.K < few_outputs && p.M > 4096) {
    for (index_t o = 0; o < p.K; ++o) {
      Index oi = static_cast<Index>(o);
      element_fn<Index, Src, Op> f{p.src, p.kept(oi), p.reduced, op, oi};
      auto acc = thrust::transform_reduce(policy, thrust::counting_iterator<Index>(0),
                                          thrust::counting_iterator<Index>(static_cast<Index>(p.M)), f,
                                          op.identity(), combine_fn<Op>{op});
      sink(oi, acc); // host memory on the backends that take this path
    }
    return;
  }
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(p.K),
                     line_reduce_fn<Index, Src, Op, Sink>{p.src, p.kept, p.reduced, static_cast<Index>(p.M), op, sink});
}

} // namespace nd::detail
