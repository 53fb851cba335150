// ndthrust/backend/omp/reduce.h — the OpenMP backend reduces pairwise, as NumPy does: a run of at most 128
// elements in order, then halves combined recursively, so that a float sum of n terms errs by O(log n) ulps rather
// than O(n) (a million float32 0.1 sum to 100000.008, not 100354). Large reductions to few outputs split into
// fixed chunks reduced in parallel, the chunk results then combined pairwise as well. Where the kept axes are the
// nearer to unit stride (sum(axis=0)), rows are added into blocks of outputs instead, as NumPy does.
#pragma once

#include <ndthrust/core/policy.h>
#include <ndthrust/detail/reduce/generic.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <memory>

namespace nd::backend {
namespace omp_detail {

/// Pairwise reduction of get(lo) … get(lo + n - 1), NumPy's scheme: under 8 elements in order; up to 128 in eight
/// interleaved accumulators (independent chains the CPU overlaps), combined as ((0+1)+(2+3))+((4+5)+(6+7)), then
/// the remainder; longer runs split in halves (a multiple of 8 first). Arg ops stay correct: their combine breaks
/// ties by position, not by order.
template <class Op, class Get, class Index>
typename Op::acc_type pairwise(const Op& op, const Get& get, Index lo, Index n) {
  if (n < 8) {
    auto acc = op.identity();
    for (Index r = lo; r < lo + n; ++r) acc = op.combine(acc, get(r));
    return acc;
  }
  if (n <= 128) {
    typename Op::acc_type a[8];
    for (int j = 0; j < 8; ++j) a[j] = get(static_cast<Index>(lo + j));
    Index i = 8;
    for (; i + 8 <= n; i += 8)
      for (int j = 0; j < 8; ++j) a[j] = op.combine(a[j], get(static_cast<Index>(lo + i + j)));
    auto acc = op.combine(op.combine(op.combine(a[0], a[1]), op.combine(a[2], a[3])),
                          op.combine(op.combine(a[4], a[5]), op.combine(a[6], a[7])));
    for (; i < n; ++i) acc = op.combine(acc, get(static_cast<Index>(lo + i)));
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

/// Kept axes nearer to unit stride than the reduced ones (sum(axis=0) of a (n, k) array): rows are added into a
/// block of up to 256 outputs, one row after another, as NumPy's reduction loop does — consecutive elements, no
/// walking of columns. Task t is (row chunk t / nblocks, output block t % nblocks); each writes its chunk's
/// accumulators into partial[chunk][o], or with a single chunk straight into the sink.
template <class Index, class Src, class Op, class Sink>
struct outer_task_fn {
  Src src;
  nd::detail::flat_layout<Index> kept, reduced;
  const Index* koff; // storage offset of each output's first element, where the kept axes do not collapse to one
  Index K, M, rows, block;
  Index nblocks;
  Op op;
  typename Op::acc_type* partial;
  Sink sink;
  bool to_sink;
  void operator()(Index t) const {
    run(t);
    if (!to_sink) return;
    const Index o0 = (t % nblocks) * block, n = K - o0 < block ? K - o0 : block;
    for (Index j = 0; j < n; ++j) sink(o0 + j, partial[o0 + j]);
  }
  void run(Index t) const {
    const Index c = t / nblocks, o0 = (t % nblocks) * block;
    const Index n = K - o0 < block ? K - o0 : block;
    const Index r0 = c * rows, r1 = M - r0 < rows ? M : r0 + rows;
    auto* acc      = partial + static_cast<index_t>(c) * K + o0;
    for (Index j = 0; j < n; ++j) acc[j] = op.identity();
    if (koff) {
      for (Index r = r0; r < r1; ++r) {
        const Index ro = reduced(r);
        for (Index j = 0; j < n; ++j) acc[j] = op.combine(acc[j], op.load(src(koff[o0 + j] + ro), o0 + j, r));
      }
      return;
    }
    const Index k0 = kept(o0), ks = kept.contiguous || kept.ndim == 0 ? Index(1) : kept.strides[0];
    for (Index r = r0; r < r1; ++r) {
      const Index ro = reduced(r) + k0;
      if (ks == 1) {
        for (Index j = 0; j < n; ++j) acc[j] = op.combine(acc[j], op.load(src(ro + j), o0 + j, r));
      } else {
        for (Index j = 0; j < n; ++j) acc[j] = op.combine(acc[j], op.load(src(ro + j * ks), o0 + j, r));
      }
    }
  }
};

/// Output o's chunk accumulators partial[0..nc)[o], combined pairwise, into the sink.
template <class Index, class Op, class Sink>
struct outer_finish_fn {
  const typename Op::acc_type* partial;
  Index K, nc;
  Op op;
  Sink sink;
  void operator()(Index o) const {
    struct get {
      const typename Op::acc_type* p;
      Index K, o;
      typename Op::acc_type operator()(Index c) const { return p[static_cast<index_t>(c) * K + o]; }
    };
    sink(o, pairwise(op, get{partial, K, o}, Index(0), nc));
  }
};

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce_outer(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op,
                  const Sink& sink) {
  using Acc             = typename Op::acc_type;
  const index_t block   = std::min<index_t>(p.K, 256);
  const index_t nblocks = (p.K + block - 1) / block;
  // About 16K elements per task, at most ~4M partial accumulators in all.
  index_t rows = std::max<index_t>(1, (index_t{1} << 14) / block);
  rows         = std::max(rows, (p.M * p.K + (index_t{1} << 22) - 1) / (index_t{1} << 22));
  const index_t nc = std::max<index_t>(1, (p.M + rows - 1) / rows);
  // Scratch before the parallel region: out of memory raises here instead of terminating inside it.
  std::unique_ptr<Acc[]> partial(new Acc[static_cast<std::size_t>(nc * p.K)]); // not std::vector: Acc may be bool
  std::unique_ptr<Index[]> koff;
  if (p.kept.ndim > 1 && !p.kept.contiguous) {
    koff.reset(new Index[static_cast<std::size_t>(p.K)]);
    for (index_t o = 0; o < p.K; ++o) koff[o] = p.kept(static_cast<Index>(o));
  }
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(nc * nblocks),
                     outer_task_fn<Index, Src, Op, Sink>{p.src, p.kept, p.reduced, koff.get(),
                                                         static_cast<Index>(p.K), static_cast<Index>(p.M),
                                                         static_cast<Index>(rows), static_cast<Index>(block),
                                                         static_cast<Index>(nblocks), op, partial.get(), sink,
                                                         nc == 1});
  if (nc == 1) return;
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(p.K),
                     outer_finish_fn<Index, Op, Sink>{partial.get(), static_cast<Index>(p.K), static_cast<Index>(nc),
                                                      op, sink});
}

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce_now(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  using Acc = typename Op::acc_type;
  if (p.K == 0) return;
  // A reduced length of one is a map: the row-wise loop does it without a per-output call.
  if (p.K > 1 && (p.M == 1 || nd::detail::last_stride(p.kept) < nd::detail::last_stride(p.reduced))) return reduce_outer(policy, p, op, sink);
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
