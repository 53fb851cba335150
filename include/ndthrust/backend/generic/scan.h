// ndthrust/backend/generic/scan.h — scans of host memory (host policies, and every policy of the host-only build).
// The plan's reduced axis is the scanned one (or all axes, in C order, for a flattened scan); every line is scanned
// in order. One line: Thrust's inclusive_scan over the loaded elements; many lines: one parallel loop over blocks of
// lines, each scanned sequentially (side-by-side lines row by row).
#pragma once

#include <ndthrust/core/convert.h>
#include <ndthrust/detail/reduce/ops.h>
#include <ndthrust/detail/reduce/plan.h>
#include <ndthrust/detail/reduce/sink.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/transform_output_iterator.h>
#include <thrust/scan.h>

#include <algorithm>
#include <type_traits>

namespace nd::backend::generic {

template <class Index, class Src, class Op, class R>
struct line_scan_fn {
  Src src;
  detail::flat_layout<Index> kept, reduced, out;
  Index M;
  Op op;
  detail::scan_dest<Index, R> dst;
  NDTHRUST_HD void operator()(Index o) const {
    Index b = kept(o), ob = out(o);
    auto acc = op.identity();
    if constexpr (detail::is_ptr_source_v<Src>) {
      if (reduced.ndim <= 1) { // one stride along the line: a pointer, no layout per element
        const Index s = reduced.ndim == 1 ? reduced.strides[0] : Index(1);
        const auto* p = src.p + b;
        for (Index r = 0; r < M; ++r) {
          acc = op.combine(acc, op.load(p[r * s], o, r));
          dst.base[ob + r * dst.line_stride] = detail::convert<R>(acc);
        }
        return;
      }
    }
    for (Index r = 0; r < M; ++r) {
      acc = op.combine(acc, op.load(src(b + reduced(r)), o, r));
      dst.base[ob + r * dst.line_stride] = detail::convert<R>(acc);
    }
  }
};

/// Lines o0 … o0 + n - 1 of a scan whose lines lie side by side (cumsum(axis=0) of a C-contiguous array): rows are
/// walked in order and each row's elements added into the block's running totals, as NumPy's accumulate does —
/// consecutive addresses (vectorised) instead of one strided line at a time.
template <class Index, class T, class Op, class R>
struct side_by_side_scan_fn {
  const T* in;      // element (r, o) at in[r * rs + o]
  R* out;           // element (r, o) at out[r * os + o]
  Index rs, os, K, M, block;
  Op op;
  void operator()(Index t) const {
    using A        = typename Op::acc_type;
    const Index o0 = t * block, n = K - o0 < block ? K - o0 : block;
    A acc[256];
    for (Index j = 0; j < n; ++j) acc[j] = op.identity();
    for (Index r = 0; r < M; ++r) {
      const T* row = in + r * rs + o0;
      R* orow      = out + r * os + o0;
#pragma omp simd
      for (Index j = 0; j < n; ++j) {
        acc[j]  = op.combine(acc[j], op.load(row[j], o0 + j, r));
        orow[j] = detail::convert<R>(acc[j]);
      }
    }
  }
};

/// Lines [t * per_task, …) of a scan: a task per block of lines, not per line.
template <class Index, class Src, class Op, class R>
struct line_block_scan_fn {
  line_scan_fn<Index, Src, Op, R> line;
  Index K, per_task;
  void operator()(Index t) const {
    const Index o0 = t * per_task, o1 = K - o0 < per_task ? K : o0 + per_task;
    for (Index o = o0; o < o1; ++o) line(o);
  }
};

template <class R>
struct cast_to_fn {
  template <class A>
  NDTHRUST_HD R operator()(const A& a) const {
    return detail::convert<R>(a);
  }
};

/// Scans every line of the plan into `dst` (host memory).
template <class Policy, class Index, class Src, class Op, class R>
void scan(const Policy& policy, const detail::reduce_plan<Index, Src>& p, const Op& op,
          const detail::scan_dest<Index, R>& dst) {
  if (p.K == 0 || p.M == 0) return;
  if (p.K == 1) {
    // One line: the output is contiguous (a flattened scan, or the only line of an axis scan).
    detail::element_fn<Index, Src, Op> f{p.src, p.kept(0), p.reduced, op, 0};
    auto first = thrust::make_transform_iterator(thrust::counting_iterator<Index>(0), f);
    auto out   = thrust::make_transform_output_iterator(dst.base + p.out(0), cast_to_fn<R>{});
    thrust::inclusive_scan(policy, first, first + static_cast<Index>(p.M), out, detail::combine_fn<Op>{op});
    return;
  }
  if constexpr (detail::is_ptr_source_v<Src>) {
    // Lines side by side: kept axis of unit stride in input and output, the line one stride apart.
    if (p.kept.ndim == 1 && p.kept.strides[0] == 1 && p.out.ndim == 1 && p.out.strides[0] == 1 &&
        p.reduced.ndim == 1) {
      constexpr index_t block = 256;
      thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>((p.K + block - 1) / block),
                         side_by_side_scan_fn<Index, std::remove_cv_t<std::remove_pointer_t<decltype(p.src.p)>>, Op, R>{
                           p.src.p + p.kept.offset, dst.base + p.out.offset, p.reduced.strides[0], dst.line_stride,
                           static_cast<Index>(p.K), static_cast<Index>(p.M), static_cast<Index>(block), op});
      return;
    }
  }
  // About 16K elements per task, at most 4096 lines.
  const index_t per_task = std::max<index_t>(1, std::min<index_t>(4096, (index_t{1} << 14) / p.M));
  line_scan_fn<Index, Src, Op, R> line{p.src, p.kept, p.reduced, p.out, static_cast<Index>(p.M), op, dst};
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>((p.K + per_task - 1) / per_task),
                     line_block_scan_fn<Index, Src, Op, R>{line, static_cast<Index>(p.K), static_cast<Index>(per_task)});
}

} // namespace nd::backend::generic
