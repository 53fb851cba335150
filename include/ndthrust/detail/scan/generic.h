// ndthrust/detail/scan/generic.h — the portable scan: a plan whose reduced axis is the scanned one (or all axes, in
// C order, for a flattened scan); every line is scanned in order. One line: Thrust's inclusive_scan over the loaded
// elements; many lines: one parallel loop over the lines, each scanned sequentially.
#pragma once

#include <ndthrust/detail/reduce/generic.h>

#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/transform_output_iterator.h>
#include <thrust/scan.h>

namespace nd::detail {

/// Where a scan writes: output offset of line o is out(o); element r of it is at out(o) + r * line_stride.
template <class Index, class R>
struct scan_dest {
  R* base;
  Index line_stride;
};

template <class Index, class Src, class Op, class R>
struct line_scan_fn {
  Src src;
  flat_layout<Index> kept, reduced, out;
  Index M;
  Op op;
  scan_dest<Index, R> dst;
  NDTHRUST_HD void operator()(Index o) const {
    Index b = kept(o), ob = out(o);
    auto acc = op.identity();
    for (Index r = 0; r < M; ++r) {
      acc = op.combine(acc, op.load(src(b + reduced(r)), o, r));
      dst.base[ob + r * dst.line_stride] = convert<R>(acc);
    }
  }
};

template <class R>
struct cast_to_fn {
  template <class A>
  NDTHRUST_HD R operator()(const A& a) const {
    return convert<R>(a);
  }
};

template <class Policy, class Index, class Src, class Op, class R>
void generic_scan(const Policy& policy, const reduce_plan<Index, Src>& p, const Op& op,
                  const scan_dest<Index, R>& dst) {
  if (p.K == 0 || p.M == 0) return;
  if (p.K == 1) {
    // One line: the output is contiguous (a flattened scan, or the only line of an axis scan).
    element_fn<Index, Src, Op> f{p.src, p.kept(0), p.reduced, op, 0};
    auto first = thrust::make_transform_iterator(thrust::counting_iterator<Index>(0), f);
    auto out   = thrust::make_transform_output_iterator(dst.base + p.out(0), cast_to_fn<R>{});
    thrust::inclusive_scan(policy, first, first + static_cast<Index>(p.M), out, combine_fn<Op>{op});
    return;
  }
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(p.K),
                     line_scan_fn<Index, Src, Op, R>{p.src, p.kept, p.reduced, p.out, static_cast<Index>(p.M), op, dst});
}

} // namespace nd::detail
