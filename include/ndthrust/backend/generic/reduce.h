// ndthrust/backend/generic/reduce.h — reductions of host memory (host policies, and every policy of the host-only
// build), pairwise as NumPy's: a run of at most 128 elements in order, then halves combined recursively, so that a
// float sum of n terms errs by O(log n) ulps rather than O(n) (a million float32 0.1 sum to 100000.008, not
// 100354). Large reductions to few outputs split into fixed chunks reduced in parallel, the chunk results then
// combined pairwise as well. Where the kept axes are the nearer to unit stride (sum(axis=0)), rows are added into
// blocks of outputs instead, as NumPy does.
#pragma once

#include <ndthrust/detail/reduce/ops.h>
#include <ndthrust/detail/reduce/plan.h>
#include <ndthrust/detail/reduce/sink.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <memory>
#include <type_traits>

namespace nd::backend::generic {

/// Pairwise reduction of get(lo) … get(lo + n - 1), NumPy's scheme: under 8 elements in order; up to 128 in eight
/// interleaved accumulators (independent chains the CPU overlaps), combined as ((0+1)+(2+3))+((4+5)+(6+7)), then
/// the remainder; longer runs split in halves (a multiple of 8 first). Arg ops stay correct: their combine breaks
/// ties by position, not by order.
template <class Op, class Get, class Index>
typename Op::acc_type pairwise(const Op& op, const Get& get, Index lo, Index n) {
  // Integer sums are exact in any order: one loop. (GCC 12 at -O3 also vectorises the eight-accumulator loop below
  // wrongly for int8 -> int64 sums starting past element 0: 136 elements of 100 summed to 9700.)
  if (std::is_integral_v<typename Op::acc_type> || n < 8) {
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

/// Output o's element r where the input is an array whose reduced axes collapse to one stride: a pointer and a
/// stride, no layout evaluated per element (that evaluation cost several times the element itself). With a unit
/// stride (Unit) the loops over it vectorise.
template <bool Unit, class V, class Index, class Op>
struct row_get {
  static constexpr bool unit = Unit;
  const V* p;
  Index s;
  Op op;
  Index o;
  typename Op::acc_type operator()(Index r) const { return op.load(at(r), o, r); }
  const V& at(Index r) const { return p[Unit ? r : r * s]; }
};
template <class G>
inline constexpr bool is_row_get_v = false;
template <bool Unit, class V, class Index, class Op>
inline constexpr bool is_row_get_v<row_get<Unit, V, Index, Op>> = true;

/// Sinks that store through a layout into an array (every reduction's): contiguous ones take a pointer.
template <class S>
inline constexpr bool is_reduce_sink_v = false;
template <class Index, class R, class Fin>
inline constexpr bool is_reduce_sink_v<nd::detail::reduce_sink<Index, R, Fin>> = true;

/// Calls f with a getter of output o's elements (its first element at storage offset `base`): a row_get for
/// arrays whose reduced axes collapse to one, element_fn (the general layout) otherwise.
template <class Index, class Src, class Op, class F>
decltype(auto) with_row(const Src& src, Index base, const nd::detail::flat_layout<Index>& rl, const Op& op, Index o,
                        F&& f) {
  if constexpr (nd::detail::is_ptr_source_v<Src>) {
    using V = std::remove_cv_t<std::remove_pointer_t<decltype(src.p)>>;
    if (rl.contiguous || rl.ndim == 0 || (rl.ndim == 1 && rl.strides[0] == 1))
      return f(row_get<true, V, Index, Op>{src.p + base, Index(1), op, o});
    if (rl.ndim == 1) return f(row_get<false, V, Index, Op>{src.p + base, rl.strides[0], op, o});
  }
  return f(nd::detail::element_fn<Index, Src, Op>{src, base, rl, op, o});
}

template <class Op>
struct extremum_traits : std::false_type {};
template <class T, bool Max, bool SkipNan>
struct extremum_traits<nd::detail::extremum_op<T, Max, SkipNan>> : std::bool_constant<std::is_arithmetic_v<T> &&
                                                                                        !std::is_same_v<T, bool>> {
  static constexpr bool max = Max, skip_nan = SkipNan;
  using type = T;
};
template <class Op>
struct arg_traits : std::false_type {};
template <class T, bool Max, bool SkipNan>
struct arg_traits<nd::detail::arg_op<T, Max, SkipNan>>
  : std::bool_constant<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>> {
  static constexpr bool max = Max, skip_nan = SkipNan;
  using type = T;
};

/// The extremum of elements lo … lo + n - 1 of a row, with whether any was NaN and whether any was not: 32 bytes of
/// lanes, each a NaN-blind select and a NaN flag, updated by a loop GCC vectorises (the NaN-aware select of the
/// op's combine, a reduction over one accumulator or a third flag keep it scalar: 4–6x slower).
template <bool Max, class T, class G, class Index>
T row_extremum(const G& g, Index lo, Index n, bool& any_nan, bool& any_number) {
  constexpr int L = sizeof(T) >= 8 ? 4 : 32 / static_cast<int>(sizeof(T));
  const T start   = Max ? nd::detail::lowest<T>() : nd::detail::highest<T>();
  T m[L], nan[L]; // the flag as T, so that it shares the values' vector width
  for (int j = 0; j < L; ++j) {
    m[j]   = start;
    nan[j] = T(0);
  }
  const Index hi = lo + n;
  const auto* p  = g.p; // local copies: loads through g would be reloaded after each store to the lanes
  const Index s  = G::unit ? Index(1) : g.s;
  Index r        = lo;
  for (; r + L <= hi; r += L) {
#pragma omp simd
    for (int j = 0; j < L; ++j) {
      const T b = nd::detail::convert<T>(p[(r + j) * s]);
      m[j]      = (Max ? b > m[j] : b < m[j]) ? b : m[j];
      nan[j]    = b != b ? T(1) : nan[j];
    }
  }
  T mm    = start;
  bool an = false;
  for (int j = 0; j < L; ++j) {
    mm = (Max ? m[j] > mm : m[j] < mm) ? m[j] : mm;
    an |= nan[j] != T(0);
  }
  for (; r < hi; ++r) {
    const T b = nd::detail::convert<T>(p[r * s]);
    mm        = (Max ? b > mm : b < mm) ? b : mm;
    an |= b != b;
  }
  any_nan = an;
  // Whether any element is a number: certain unless the extremum stayed at its start (then look).
  bool au = n > 0 && !(mm == start);
  for (r = lo; !au && r < hi; ++r) au = !nd::detail::is_nan(nd::detail::convert<T>(p[r * s]));
  any_number = au;
  return mm;
}

/// max / min of a row (the order of comparisons does not change the result, so no pairwise split is needed).
template <class Op, class G, class Index>
typename Op::acc_type extremum_of_row(const Op& op, const G& g, Index lo, Index n) {
  using tr = extremum_traits<Op>;
  using T  = typename tr::type;
  bool nan = false, num = false;
  const T m = row_extremum<tr::max, T>(g, lo, n, nan, num);
  if (tr::skip_nan ? !num && n > 0 : nan) return nd::detail::quiet_nan<T>();
  return n > 0 ? m : op.identity();
}

/// argmax / argmin of a row: the extremum of each block of 512 elements (vectorised), and only where a block holds
/// a new extremum (or, without SkipNan, the first NaN) the search for its first position.
template <class Op, class G, class Index>
typename Op::acc_type arg_of_row(const Op& op, const G& g, Index lo, Index n) {
  using tr = arg_traits<Op>;
  using T  = typename tr::type;
  auto acc = op.identity();
  constexpr Index B = 512;
  for (Index b0 = lo; b0 < lo + n; b0 += B) {
    const Index bn = lo + n - b0 < B ? lo + n - b0 : B;
    bool nan = false, num = false;
    const T m = row_extremum<tr::max, T>(g, b0, bn, nan, num);
    if (!tr::skip_nan && nan) { // the first NaN is the answer: no earlier block had one
      for (Index r = b0;; ++r)
        if (nd::detail::is_nan(nd::detail::convert<T>(g.at(r)))) return {nd::detail::convert<T>(g.at(r)), static_cast<std::int64_t>(r)};
    }
    if (!num) continue; // all NaN (SkipNan): nothing to take
    if (acc.index != Op::no_index && !(tr::max ? acc.value < m : m < acc.value)) continue;
    for (Index r = b0;; ++r)
      if (nd::detail::convert<T>(g.at(r)) == m) {
        acc = {m, static_cast<std::int64_t>(r)};
        break;
      }
  }
  return acc;
}

/// Elements lo … lo + n - 1 of one output: a vectorised pass for max / min and argmax / argmin of real numbers read
/// through a row_get, NumPy's pairwise scheme otherwise.
template <class Op, class G, class Index>
typename Op::acc_type reduce_run(const Op& op, const G& g, Index lo, Index n) {
  if constexpr (is_row_get_v<G> && (extremum_traits<Op>::value || arg_traits<Op>::value)) {
    if (n < 32) { // rows of a few elements: the block machinery costs more than the row
      auto acc = op.identity();
      for (Index r = lo; r < lo + n; ++r) nd::detail::fold_in(op, acc, g.at(r), g.o, r);
      return acc;
    }
  }
  if constexpr (is_row_get_v<G> && extremum_traits<Op>::value) return extremum_of_row(op, g, lo, n);
  else if constexpr (is_row_get_v<G> && arg_traits<Op>::value) return arg_of_row(op, g, lo, n);
  else return pairwise(op, g, lo, n);
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
  Index M, K, per_task;
  Op op;
  Sink sink;
  /// Outputs [t * per_task, …): a task per block of outputs, not per output (through a parallel loop over the
  /// outputs themselves, rows of two elements took 3 ns per element).
  void operator()(Index t) const {
    const Index o0 = t * per_task, o1 = K - o0 < per_task ? K : o0 + per_task;
    for (Index o = o0; o < o1; ++o)
      with_row(src, kept(o), reduced, op, o, [&](const auto& g) { sink(o, reduce_run(op, g, Index(0), M)); });
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
    parts[c] = reduce_run(op, f, lo, n);
  }
};

/// Outputs per task of the row-block loop: their accumulators stay in L1 (16 KiB at most), and a task over a few
/// rows is still enough work to pay for itself (at 256, (2, 500000) along axis 0 spent its time starting tasks).
constexpr int outer_block = 1024;

/// Kept axes nearer to unit stride than the reduced ones (sum(axis=0) of a (n, k) array): rows are added into a
/// block of up to outer_block outputs, one row after another, as NumPy's reduction loop does — consecutive elements, no
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
    using Acc      = typename Op::acc_type;
    const Index c  = t / nblocks, o0 = (t % nblocks) * block;
    const Index n  = K - o0 < block ? K - o0 : block;
    const Index r0 = c * rows, r1 = M - r0 < rows ? M : r0 + rows;
    Acc acc[outer_block]; // on the stack, so that a single chunk needs no scratch array
    const Index k0 = kept(o0), ks = kept.contiguous || kept.ndim == 0 ? Index(1) : kept.strides[0];
    if constexpr (arg_traits<Op>::value && nd::detail::is_ptr_source_v<Src>) {
      if (!koff && ks == 1 && M < INT32_MAX) {
        arg_rows(acc, k0, n, r0, r1);
        return finish(acc, c, o0, n);
      }
    }
    for (Index j = 0; j < n; ++j) acc[j] = op.identity();
    if (koff) {
      for (Index r = r0; r < r1; ++r) {
        const Index ro = reduced(r);
        for (Index j = 0; j < n; ++j) nd::detail::fold_in(op, acc[j], src(koff[o0 + j] + ro), o0 + j, r);
      }
    } else {
      Index r = r0;
      if constexpr (extremum_traits<Op>::value) {
        // max / min are exact in any order: two rows per pass over the accumulators (half their loads and stores).
        if (ks == 1)
          for (; r + 1 < r1; r += 2) {
            const Index ra = reduced(r) + k0, rb = reduced(r + 1) + k0;
#pragma omp simd
            for (Index j = 0; j < n; ++j)
              acc[j] = op.combine(acc[j], op.combine(op.load(src(ra + j), o0 + j, r), op.load(src(rb + j), o0 + j, r)));
          }
      }
      for (; r < r1; ++r) {
        const Index ro = reduced(r) + k0;
        if (ks == 1) {
#pragma omp simd
          for (Index j = 0; j < n; ++j) nd::detail::fold_in(op, acc[j], src(ro + j), o0 + j, r);
        } else {
          for (Index j = 0; j < n; ++j) nd::detail::fold_in(op, acc[j], src(ro + j * ks), o0 + j, r);
        }
      }
    }
    finish(acc, c, o0, n);
  }
  void finish(const typename Op::acc_type* acc, Index c, Index o0, Index n) const {
    if (to_sink) {
      if constexpr (is_reduce_sink_v<Sink>) {
        if (sink.out.contiguous) { // a pointer, not the layout per output
          auto* dst = sink.base + sink.out.offset + o0;
          for (Index j = 0; j < n; ++j) dst[j] = sink.fin(acc[j]);
          return;
        }
      }
      for (Index j = 0; j < n; ++j) sink(o0 + j, acc[j]);
    } else {
      auto* part = partial + static_cast<index_t>(c) * K + o0;
      for (Index j = 0; j < n; ++j) part[j] = acc[j];
    }
  }
  /// argmax / argmin of real numbers down unit-stride rows: values and positions in separate lanes and a select
  /// without branches, which vectorises (the fold of a value-position pair does not).
  template <class Acc>
  void arg_rows(Acc* acc, Index k0, Index n, Index r0, Index r1) const {
    using tr = arg_traits<Op>;
    using T  = typename tr::type;
    // Positions as wide as the values (int32 for 4-byte values: the caller checks M fits), so that both share one
    // vector width.
    using I = std::conditional_t<sizeof(T) <= 4, std::int32_t, std::int64_t>;
    T val[outer_block];
    I idx[outer_block];
    for (Index j = 0; j < n; ++j) {
      val[j] = tr::max ? nd::detail::lowest<T>() : nd::detail::highest<T>();
      idx[j] = -1;
    }
    for (Index r = r0; r < r1; ++r) {
      const auto* row = src.p + reduced(r) + k0;
#pragma omp simd
      for (Index j = 0; j < n; ++j) {
        const T x    = nd::detail::convert<T>(row[j]);
        const bool b = tr::max ? x > val[j] : x < val[j];
        // A first element is taken whatever it is; then a further-out one, and without SkipNan the first NaN
        // (after which nothing compares further out).
        // (bitwise: short-circuit operators are branches, which stop the vectoriser).
        const bool first = idx[j] < 0;
        const bool take  = tr::skip_nan ? b | (first & (x == x)) : b | first | ((x != x) & (val[j] == val[j]));
        val[j] = take ? x : val[j];
        idx[j] = take ? static_cast<I>(r) : idx[j];
      }
    }
    for (Index j = 0; j < n; ++j)
      acc[j] = idx[j] < 0 ? op.identity() : Acc{val[j], static_cast<std::int64_t>(idx[j])};
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
  const index_t block   = std::min<index_t>(p.K, outer_block);
  const index_t nblocks = (p.K + block - 1) / block;
  // About 16K elements per task, at most ~4M partial accumulators in all.
  index_t rows = std::max<index_t>(1, (index_t{1} << 14) / block);
  rows         = std::max(rows, (p.M * p.K + (index_t{1} << 22) - 1) / (index_t{1} << 22));
  const index_t nc = std::max<index_t>(1, (p.M + rows - 1) / rows);
  // Scratch before the parallel region: out of memory raises here instead of terminating inside it.
  std::unique_ptr<Acc[]> partial(nc > 1 ? new Acc[static_cast<std::size_t>(nc * p.K)] : nullptr); // Acc may be bool
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

/// A reduced length of one: output o is its one element, loaded and finalised (a map).
template <class Index, class Src, class Op, class Sink>
struct length_one_fn {
  Src src;
  nd::detail::flat_layout<Index> kept;
  Op op;
  Sink sink;
  void operator()(Index o) const { sink(o, op.combine(op.identity(), op.load(src(kept(o)), o, Index(0)))); }
};

/// The same over a block of outputs when input and output are both contiguous: raw pointers in a local loop (the
/// element-wise functor ran at a sixth of a plain loop's speed).
template <class Index, class V, class R, class Op, class Fin>
struct length_one_block_fn {
  const V* in;
  R* out;
  Index K;
  Op op;
  Fin fin;
  void operator()(Index b) const {
    const Index o0 = b * 4096, o1 = K - o0 < 4096 ? K : o0 + 4096;
    for (Index o = o0; o < o1; ++o) out[o] = fin(op.combine(op.identity(), op.load(in[o], o, Index(0))));
  }
};

/// Reduces by the plan; the results go to `sink` (host memory).
template <class Policy, class Index, class Src, class Op, class Sink>
void reduce(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  using Acc = typename Op::acc_type;
  if (p.K == 0) return;
  if constexpr (nd::detail::is_ptr_source_v<Src> && is_reduce_sink_v<Sink>) {
    if (p.M == 1 && p.K > 1 && p.kept.contiguous && sink.out.contiguous) {
      using V = std::remove_cv_t<std::remove_pointer_t<decltype(p.src.p)>>;
      using R = std::remove_pointer_t<decltype(sink.base)>;
      thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>((p.K + 4095) / 4096),
                         length_one_block_fn<Index, V, R, Op, decltype(sink.fin)>{
                           p.src.p + p.kept.offset, sink.base + sink.out.offset, static_cast<Index>(p.K), op, sink.fin});
      return;
    }
  }
  if (p.M == 1 && p.K > 1) {
    // A map, element by element: through the row blocks' accumulators it took five times a copy.
    thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(p.K),
                       length_one_fn<Index, Src, Op, Sink>{p.src, p.kept, op, sink});
    return;
  }
  // Arg ops down two to four columns walk each column instead (a strided row each, searched in blocks): the
  // value/position lanes of the row-block loop fill no vector at two outputs a row.
  const bool few_arg_columns = arg_traits<Op>::value && p.K <= 4;
  if (p.K > 1 && !few_arg_columns && nd::detail::last_stride(p.kept) < nd::detail::last_stride(p.reduced))
    return reduce_outer(policy, p, op, sink);
  constexpr index_t few_outputs = 64, chunk = index_t{1} << 14;
  if (p.K < few_outputs && p.M > 4 * chunk) {
    Index M = static_cast<Index>(p.M), nc = static_cast<Index>((p.M + chunk - 1) / chunk);
    std::unique_ptr<Acc[]> parts(new Acc[static_cast<std::size_t>(nc)]); // not std::vector: Acc may be bool
    for (index_t o = 0; o < p.K; ++o) {
      Index oi = static_cast<Index>(o);
      with_row(p.src, p.kept(oi), p.reduced, op, oi, [&](const auto& f) {
        thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), nc,
                           pairwise_chunk_fn<Index, Op, std::decay_t<decltype(f)>>{f, op, M, static_cast<Index>(chunk),
                                                                                   parts.get()});
      });
      sink(oi, pairwise(op, part_get<Acc>{parts.get()}, Index(0), nc)); // host memory on this backend
    }
    return;
  }
  // About 16K elements per task, at most 4096 outputs.
  const index_t per_task = std::max<index_t>(1, std::min<index_t>(4096, (index_t{1} << 14) / std::max<index_t>(p.M, 1)));
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>((p.K + per_task - 1) / per_task),
                     pairwise_line_fn<Index, Src, Op, Sink>{p.src, p.kept, p.reduced, static_cast<Index>(p.M),
                                                            static_cast<Index>(p.K), static_cast<Index>(per_task), op,
                                                            sink});
}
} // namespace nd::backend::generic
