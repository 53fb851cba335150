// ndthrust/detail/reduce/sink.h — where reductions and scans put their results, and the element getter both
// backends' general paths read a plan's input through.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/layout.h>

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

/// Where a scan writes: output offset of line o is out(o); element r of it is at out(o) + r * line_stride.
template <class Index, class R>
struct scan_dest {
  R* base;
  Index line_stride;
};

/// Element r of output o (its first element at storage offset `base`), loaded into the accumulator.
template <class Index, class Src, class Op>
struct element_fn {
  Src src;
  Index base;
  flat_layout<Index> reduced;
  Op op;
  Index o;
  NDTHRUST_HD typename Op::acc_type operator()(Index r) const { return op.load(src(base + reduced(r)), o, r); }
};

} // namespace nd::detail
