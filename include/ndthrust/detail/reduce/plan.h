// ndthrust/detail/reduce/plan.h — how a reduction (or a scan) walks its input, whatever the input is.
//
// The input is a *source* (storage offset → value: a raw pointer for arrays, an operand reader for expressions)
// seen through strides. Its axes split into kept axes (one output each position) and reduced axes; element (o, r)
// lives at kept(o) + reduced(r), two flat layouts over axes collapsed separately. Backends pick their kernel from
// the collapsed strides alone (is the reduced axis or the kept axis the unit-stride one?).
#pragma once

#include <ndthrust/core/array.h>
#include <ndthrust/core/layout.h>
#include <ndthrust/detail/collapse.h>
#include <ndthrust/detail/operand.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace nd::detail {

/// Which axes a reduction runs over: all of them (the default), one, or several (negative allowed).
struct axis_spec {
  bool all = true;
  small_vec<index_t> axes;
  axis_spec() = default;
  axis_spec(int axis) : all(false), axes{static_cast<index_t>(axis)} {}
  axis_spec(index_t axis) : all(false), axes{axis} {}
  axis_spec(const small_vec<index_t>& list) : all(false), axes(list) {}
  axis_spec(std::initializer_list<index_t> list) : all(false), axes(list) {}
};

/// The reduced-axis mask; NumPy's AxisError for an axis out of range and ValueError for a repeated one.
inline small_vec<int> reduced_mask(const axis_spec& spec, int ndim) {
  small_vec<int> mask = small_vec<int>::filled(ndim, spec.all ? 1 : 0);
  if (spec.all) return mask;
  for (index_t ax : spec.axes) {
    int a = normalize_axis(ax, ndim);
    if (mask[a]) throw_value_error("duplicate value in 'axis'");
    mask[a] = 1;
  }
  return mask;
}

/// How many elements each output combines: the product of the reduced extents (checks the axes as reduced_mask).
inline index_t reduced_count(const shape_t& in, const axis_spec& spec) {
  const auto mask = reduced_mask(spec, in.size());
  index_t m       = 1;
  for (int d = 0; d < in.size(); ++d)
    if (mask[d]) m *= in[d];
  return m;
}

/// The result shape: the kept axes, with extent-1 axes in place of the reduced ones under keepdims.
inline shape_t reduced_shape(const shape_t& in, const small_vec<int>& mask, bool keepdims) {
  shape_t r;
  for (int d = 0; d < in.size(); ++d) {
    if (!mask[d]) r.push_back(in[d]);
    else if (keepdims) r.push_back(1);
  }
  return r;
}

/// Reads a raw pointer: the source of arrays.
template <class T>
struct ptr_source {
  const T* p;
  template <class Index>
  NDTHRUST_HD T operator()(Index i) const {
    return p[i];
  }
};

template <class Src>
inline constexpr bool is_ptr_source_v = false;
template <class T>
inline constexpr bool is_ptr_source_v<ptr_source<T>> = true;

template <class Index, class Src>
struct reduce_plan {
  Src src;
  flat_layout<Index> kept;     // output position o → storage offset of its first element (offset included)
  flat_layout<Index> reduced;  // position r along the reduced axes → offset from kept(o)
  flat_layout<Index> out;      // o → offset in the output storage (offset included)
  index_t K = 0, M = 0;        // number of outputs, elements per output
};

/// |stride| of a layout's last (fastest) axis; none for no axes. The backends compare the kept and the reduced
/// layouts by it to tell reductions along rows from reductions down columns.
template <class Index>
index_t last_stride(const flat_layout<Index>& l) {
  return l.ndim == 0 ? INT64_MAX : std::llabs(static_cast<index_t>(l.strides[l.ndim - 1]));
}

/// How an input is viewed: shape, strides and offset (C strides and 0 for operands read by C-order position).
struct input_view {
  shape_t shape;
  strides_t strides;
  index_t offset;
};

/// Builds the plan. `out_strides`/`out_offset` describe the output over the kept axes (in order). With
/// `reorder` (ops that do not need positions along the reduced axes), the reduced axes are walked in storage order
/// (largest stride first), so that e.g. the sum of a transposed contiguous array is a contiguous sum.
template <class Index, class Src>
reduce_plan<Index, Src> make_plan(const Src& src, const input_view& in, const small_vec<int>& mask,
                                  const strides_t& out_strides, index_t out_offset, bool reorder) {
  reduce_plan<Index, Src> p{src, {}, {}, {}};
  shape_t ks, rs;
  strides_t kst[2], rst[1];
  for (int d = 0; d < in.shape.size(); ++d) {
    if (mask[d]) {
      rs.push_back(in.shape[d]);
      rst[0].push_back(in.strides[d]);
    } else {
      ks.push_back(in.shape[d]);
      kst[0].push_back(in.strides[d]);
      kst[1].push_back(out_strides[ks.size() - 1]);
    }
  }
  p.K = shape_size(ks);
  p.M = shape_size(rs);
  if (reorder && rs.size() > 1) {
    int order[max_ndim];
    for (int i = 0; i < rs.size(); ++i) order[i] = i;
    std::stable_sort(order, order + rs.size(),
                     [&](int a, int b) { return std::llabs(rst[0][a]) > std::llabs(rst[0][b]); });
    shape_t s2;
    strides_t t2;
    for (int i = 0; i < rs.size(); ++i) {
      s2.push_back(rs[order[i]]);
      t2.push_back(rst[0][order[i]]);
    }
    rs     = s2;
    rst[0] = t2;
  }
  collapse_axes(ks, kst, 2);
  collapse_axes(rs, rst, 1);
  auto unit = [](const shape_t& s, const strides_t& st) { return s.empty() || (s.size() == 1 && st[0] == 1); };
  p.kept    = make_flat_layout<Index>(ks, kst[0], in.offset, unit(ks, kst[0]));
  p.out     = make_flat_layout<Index>(ks, kst[1], out_offset, unit(ks, kst[1]));
  p.reduced = make_flat_layout<Index>(rs, rst[0], 0, unit(rs, rst[0]));
  return p;
}

/// Calls `f(src, view)` with the source and view of an operand: arrays read their storage directly through their
/// strides; other operands are read by C-order position through their reader.
template <class Index, class X, class F>
decltype(auto) with_source(const X& x, F&& f) {
  using traits = operand_traits<std::decay_t<X>>;
  if constexpr (traits::is_array) {
    using T = typename traits::value_type;
    return f(ptr_source<T>{x.storage_begin()}, input_view{x.shape(), x.strides(), x.offset()});
  } else {
    shape_t s = traits::shape(x);
    return f(traits::template reader<Index>(x, s), input_view{s, c_strides(s), 0});
  }
}

} // namespace nd::detail
