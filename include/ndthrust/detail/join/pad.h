// ndthrust/detail/join/pad.h — nd::pad's modes and kernels (the public forms are in join.h).
//
// constant, edge, reflect, symmetric and wrap copy one input element (or the constant) into each output element:
// one gather kernel maps every output position, axis by axis, to its source position. NumPy fills wide pads by
// repeated reflections / wraps of what it padded before; since it only ever takes whole periods of the original
// values, that is the periodic extension computed here directly (period 2(n-1) for reflect, 2n for symmetric, n
// for wrap; a length-1 axis is extended with its edge value for every mode, as NumPy does).
//
// linear_ramp, maximum, minimum and mean depend on values padded on earlier axes (NumPy pads axis 0, then axis 1
// over the full padded extent of axis 0, …), so they run NumPy's passes: the input is copied into the centre, then
// per axis and side one reduction over the edge slab and one fill kernel. linear_ramp's reduction asks whether any
// ramp of that side has a zero step: np.linspace then evaluates every ramp of the side as (k / width) * delta
// instead of k * (delta / width), which changes the floor of integer ramps; the answer stays on the device.
#pragma once

#include <ndthrust/backend/transform.h>
#include <ndthrust/copy.h>
#include <ndthrust/creation.h>
#include <ndthrust/elementwise.h>
#include <ndthrust/reduce.h>
#include <ndthrust/views.h>

#include <cuda/std/cmath>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nd {

/// How nd::pad fills the border; NumPy's mode names ('empty' and 'median' are not provided).
enum class pad_mode { constant, edge, reflect, symmetric, wrap, linear_ramp, maximum, minimum, mean };

/// The per-mode arguments of nd::pad. Each holds one (before, after) pair per axis, or one pair for every axis.
struct pad_options {
  /// linear_ramp: the values the ramps start from at the outer ends (NumPy's end_values); empty: 0.
  std::vector<std::pair<double, double>> end_values;
  /// maximum / minimum / mean: how many values next to each edge the statistic reads, clipped to the axis
  /// (NumPy's stat_length); empty: the whole axis.
  std::vector<std::pair<index_t, index_t>> stat_length;
};

namespace detail {

inline const char* pad_mode_name(pad_mode m) {
  switch (m) {
    case pad_mode::constant: return "constant";
    case pad_mode::edge: return "edge";
    case pad_mode::reflect: return "reflect";
    case pad_mode::symmetric: return "symmetric";
    case pad_mode::wrap: return "wrap";
    case pad_mode::linear_ramp: return "linear_ramp";
    case pad_mode::maximum: return "maximum";
    case pad_mode::minimum: return "minimum";
    case pad_mode::mean: return "mean";
  }
  throw_value_error("mode '" + std::to_string(static_cast<int>(m)) + "' is not supported");
}

inline bool pad_is_stat(pad_mode m) { return m == pad_mode::maximum || m == pad_mode::minimum || m == pad_mode::mean; }

/// One pair per axis from one pair or ndim pairs (NumPy's _as_pairs and its message).
template <class V>
std::vector<std::pair<V, V>> pad_pairs(std::vector<std::pair<V, V>> p, int ndim) {
  if (p.size() == 1 && ndim != 1) p.assign(ndim, p[0]);
  NDTHRUST_EXPECTS(static_cast<int>(p.size()) == ndim, value_error,
                   "operands could not be broadcast together with remapped shapes [original->remapped]: (" +
                     std::to_string(p.size()) + ",2)  and requested shape (" + std::to_string(ndim) + ",2)");
  return p;
}

/// Position p along an axis of n input elements (p < 0 or p >= n lies in the padding) → the input position it
/// copies, or -1 for the constant. The ramp and stat modes clamp (the edge their pass starts from).
template <class Index>
NDTHRUST_HD Index pad_source(Index p, Index n, pad_mode mode) {
  if (p >= 0 && p < n) return p;
  if (mode == pad_mode::constant) return -1;
  if (n == 1) return 0;
  if (mode == pad_mode::wrap) {
    Index q = p % n;
    return q < 0 ? q + n : q;
  }
  if (mode == pad_mode::reflect || mode == pad_mode::symmetric) {
    bool sym  = mode == pad_mode::symmetric;
    Index per = sym ? 2 * n : 2 * (n - 1);
    Index q   = p % per;
    if (q < 0) q += per;
    return q < n ? q : per - q - (sym ? 1 : 0);
  }
  return p < 0 ? 0 : n - 1;
}

/// The gather: out[i] = src[source position of i along every axis], or `value` where some axis is out of range.
template <class T, class Index>
struct pad_gather_fn {
  T* out;
  const T* src;
  Index shape[max_ndim];   // output extents
  Index len[max_ndim];     // input extents
  Index before[max_ndim];
  Index strides[max_ndim]; // input strides
  Index offset;
  int ndim;
  pad_mode mode;
  T value;

  template <class I>
  NDTHRUST_HD void operator()(I i) const {
    Index rest = static_cast<Index>(i), off = offset;
    bool inside = true;
#if defined(__CUDA_ARCH__)
#  pragma unroll
    for (int d = max_ndim - 1; d >= 0; --d) {
      if (d < ndim) {
#else
    for (int d = ndim - 1; d >= 0; --d) {
      {
#endif
        Index q = rest / shape[d], j = rest - q * shape[d];
        rest    = q;
        Index s = pad_source<Index>(j - before[d], len[d], mode);
        inside  = inside && s >= 0;
        off += s * strides[d];
      }
    }
    out[i] = inside ? src[off] : value;
  }
};

/// The type a ramp is computed in: float64 (complex128 for complex input), as np.linspace does.
template <class T>
using ramp_type_t = std::conditional_t<is_complex_v<T>, thrust::complex<double>, double>;

/// A ramp's step from `end` to edge value e over `width` positions is zero (np.linspace's any_step_zero).
template <class T>
struct ramp_zero_step_fn {
  double end;
  double width;
  NDTHRUST_HD bool operator()(const T& e) const {
    using W = ramp_type_t<T>;
    return (convert<W>(e) - W(end)) / width == W(0);
  }
};

/// A ramp or statistic value converted to T the way NumPy stores it: integer ramps floored (np.linspace with an
/// integer dtype), integer means rounded half to even (np.pad's _round_if_needed), through int64 so that values
/// outside T wrap as NumPy's cast does.
template <class T, class V>
NDTHRUST_HD T pad_store(const V& v, bool ramp) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool> && std::is_floating_point_v<V>) {
    V r = ramp ? ::cuda::std::floor(v) : ::cuda::std::rint(v);
    return static_cast<T>(static_cast<std::int64_t>(r));
  } else {
    return convert<T>(v);
  }
}

/// One side of one axis of the ramp pass: region[i] = the ramp from `end` (outermost) to the edge value over
/// `width` positions, the edge slab broadcast along the axis.
template <class T, class Index>
struct pad_ramp_fn {
  T* out;
  flat_layout<Index> out_l; // the pad region
  const T* edge;
  flat_layout<Index> edge_l; // the edge slab over the region's shape (stride 0 along the axis)
  Index inner, width;        // the region's extent after the axis; the side's width
  bool after;                // the side after the data: the ramp runs outwards from the edge
  double end;
  const bool* zero_step; // np.linspace's any_step_zero for this side

  template <class I>
  NDTHRUST_HD void operator()(I i) const {
    using W  = ramp_type_t<T>;
    Index ix = static_cast<Index>(i);
    Index j  = (ix / inner) % width;
    Index k  = after ? width - 1 - j : j; // distance from the outer end
    W start(end), delta = convert<W>(edge[edge_l(ix)]) - start;
    double w = static_cast<double>(width), kd = static_cast<double>(k);
    W y      = *zero_step ? (kd / w) * delta : kd * (delta / w);
    out[out_l(ix)] = pad_store<T>(y + start, true);
  }
};

/// One side of one axis of a stat pass: region[i] = the statistic of its line, broadcast along the axis.
template <class T, class V, class Index>
struct pad_stat_fn {
  T* out;
  flat_layout<Index> out_l;
  const V* stat;
  flat_layout<Index> stat_l;
  template <class I>
  NDTHRUST_HD void operator()(I i) const {
    Index ix       = static_cast<Index>(i);
    out[out_l(ix)] = pad_store<T>(stat[stat_l(ix)], false);
  }
};

/// The view of `a` with axis `axis` restricted to [start, start + len), as join.h's axis_slice.
template <class T, class S>
array<T, S> pad_slice(const array<T, S>& a, int axis, index_t start, index_t len) {
  shape_t sh  = a.shape();
  sh[axis]    = len;
  index_t off = a.offset() + (len > 0 ? start * a.strides()[axis] : 0);
  return remake(a, sh, a.strides(), off, a.writeable());
}

/// Whether the output size, twice any extent and every input offset fit 32-bit index math.
inline bool pad_fits_int(index_t out_size, const shape_t& shape, const strides_t& strides, index_t offset) {
  index_t reach = offset < 0 ? -offset : offset;
  for (int d = 0; d < shape.size(); ++d) reach += (shape[d] > 0 ? shape[d] - 1 : 0) * std::llabs(strides[d]);
  return out_size <= INT32_MAX / 2 && reach <= INT32_MAX;
}

template <class Index, class Policy, class T, class S>
void pad_gather(const Policy& policy, array<T, S>& out, const array<T, S>& a,
                const std::vector<std::pair<index_t, index_t>>& widths, pad_mode mode, const T& value) {
  pad_gather_fn<T, Index> f{};
  f.out    = out.raw();
  f.src    = a.storage_begin();
  f.offset = static_cast<Index>(a.offset());
  f.ndim   = a.ndim();
  f.mode   = mode;
  f.value  = value;
  for (int d = 0; d < a.ndim(); ++d) {
    f.shape[d]   = static_cast<Index>(out.shape()[d]);
    f.len[d]     = static_cast<Index>(a.shape()[d]);
    f.before[d]  = static_cast<Index>(widths[d].first);
    f.strides[d] = static_cast<Index>(a.strides()[d]);
  }
  backend::for_each_index(policy, out.size(), f);
}

/// `slab` (extent 1 along `axis`) seen over `region`'s shape: stride 0 along the axis.
template <class Index, class U, class S2>
flat_layout<Index> pad_slab_layout(const array<U, S2>& slab, const shape_t& region, int axis) {
  strides_t st = slab.strides();
  st[axis]     = 0;
  return make_flat_layout<Index>(region, st, slab.offset(), false);
}

template <class Index>
Index pad_inner(const shape_t& region, int axis) {
  index_t inner = 1;
  for (int e = axis + 1; e < region.size(); ++e) inner *= region[e];
  return static_cast<Index>(inner);
}

template <class Index, class Policy, class T, class S>
void pad_ramp_side(const Policy& policy, const array<T, S>& region, const array<T, S>& edge, int axis, bool after,
                   double end) {
  index_t width = region.shape()[axis];
  auto zero     = nd::any(policy, nd::map(ramp_zero_step_fn<T>{end, static_cast<double>(width)}, edge));
  pad_ramp_fn<T, Index> f{region.storage_begin(),
                          make_flat_layout<Index>(region.shape(), region.strides(), region.offset(), false),
                          edge.storage_begin(),
                          pad_slab_layout<Index>(edge, region.shape(), axis),
                          pad_inner<Index>(region.shape(), axis),
                          static_cast<Index>(width),
                          after,
                          end,
                          zero.raw()};
  backend::for_each_index(policy, region.size(), f);
}

template <class Index, class Policy, class T, class S>
void pad_stat_side(const Policy& policy, const array<T, S>& region, const array<T, S>& window, int axis,
                   pad_mode mode) {
  auto fill = [&](const auto& stat) {
    using V = typename std::decay_t<decltype(stat)>::value_type;
    pad_stat_fn<T, V, Index> f{region.storage_begin(),
                               make_flat_layout<Index>(region.shape(), region.strides(), region.offset(), false),
                               stat.storage_begin(), pad_slab_layout<Index>(stat, region.shape(), axis)};
    backend::for_each_index(policy, region.size(), f);
  };
  if (mode == pad_mode::maximum) fill(nd::max(policy, window, index_t(axis), true));
  else if (mode == pad_mode::minimum) fill(nd::min(policy, window, index_t(axis), true));
  else fill(nd::mean(policy, window, index_t(axis), true));
}

/// NumPy's passes for the ramp and stat modes over `out`, whose centre already holds the input (of shape `len`).
template <class Index, class Policy, class T, class S>
void pad_passes(const Policy& policy, array<T, S>& out, const shape_t& len,
                const std::vector<std::pair<index_t, index_t>>& widths, pad_mode mode,
                const std::vector<std::pair<double, double>>& ends,
                const std::vector<std::pair<index_t, index_t>>& stat_len) {
  const int nd = out.ndim();
  for (int d = 0; d < nd; ++d) {
    // The region of interest: axes up to d over their padded extent, the later ones over the input only.
    array<T, S> roi = out;
    for (int e = d + 1; e < nd; ++e) roi = pad_slice(roi, e, widths[e].first, len[e]);
    const index_t b = widths[d].first, f = widths[d].second, n = len[d];
    for (int side = 0; side < 2; ++side) {
      index_t w = side ? f : b;
      if (w == 0) continue;
      auto region = pad_slice(roi, d, side ? b + n : 0, w);
      if (mode == pad_mode::linear_ramp) {
        pad_ramp_side<Index>(policy, region, pad_slice(roi, d, side ? b + n - 1 : b, 1), d, side == 1,
                             side ? ends[d].second : ends[d].first);
      } else {
        index_t l = std::min(n, side ? stat_len[d].second : stat_len[d].first);
        pad_stat_side<Index>(policy, region, pad_slice(roi, d, side ? b + n - l : b, l), d, mode);
      }
    }
  }
}

template <class Policy, class T, class S>
array<T, S> pad_impl(const Policy& policy, const array<T, S>& a, std::vector<std::pair<index_t, index_t>> widths,
                     pad_mode mode, const T& value, const pad_options& opt) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  const int nd = a.ndim();
  widths       = pad_pairs(std::move(widths), nd);
  for (const auto& w : widths)
    NDTHRUST_EXPECTS(w.first >= 0 && w.second >= 0, value_error, "index can't contain negative values");
  const char* name = pad_mode_name(mode);
  if (!opt.end_values.empty() && mode != pad_mode::linear_ramp)
    throw_value_error(std::string("unsupported keyword arguments for mode '") + name + "': {'end_values'}");
  if (!opt.stat_length.empty() && !pad_is_stat(mode))
    throw_value_error(std::string("unsupported keyword arguments for mode '") + name + "': {'stat_length'}");
  auto ends = opt.end_values.empty() ? std::vector<std::pair<double, double>>(nd, {0.0, 0.0})
                                     : pad_pairs(opt.end_values, nd);

  shape_t sh = a.shape();
  for (int d = 0; d < nd; ++d) {
    if (add_overflows(sh[d], widths[d].first, sh[d]) || add_overflows(sh[d], widths[d].second, sh[d]))
      throw_too_big();
  }
  if (mode != pad_mode::constant && a.size() == 0) {
    for (int d = 0; d < nd; ++d)
      if (a.shape()[d] == 0 && (widths[d].first > 0 || widths[d].second > 0))
        throw_value_error("can't extend empty axis " + std::to_string(d) +
                          " using modes other than 'constant' or 'empty'");
  }
  std::vector<std::pair<index_t, index_t>> stat_len;
  if (pad_is_stat(mode) && a.size() > 0) {
    stat_len = opt.stat_length.empty() ? std::vector<std::pair<index_t, index_t>>(nd, {a.size(), a.size()})
                                       : pad_pairs(opt.stat_length, nd);
    for (int d = 0; d < nd; ++d) {
      auto& l = stat_len[d];
      NDTHRUST_EXPECTS(l.first >= 0 && l.second >= 0, value_error, "index can't contain negative values");
      bool empty_side = (l.first == 0 && widths[d].first > 0) || (l.second == 0 && widths[d].second > 0);
      if (mode != pad_mode::mean && (l.first == 0 || l.second == 0))
        throw_value_error("stat_length of 0 yields no value for padding");
      // NumPy stores the NaN mean of nothing into integers, an undefined cast; only floating types get NaN here.
      if constexpr (!std::is_floating_point_v<T> && !is_complex_v<T>)
        if (empty_side) throw_value_error("stat_length of 0 yields no value for padding");
    }
  }

  auto out = empty<T>(policy, sh);
  if (out.size() == 0) return out;
  bool small = pad_fits_int(out.size(), a.shape(), a.strides(), a.offset()) &&
               pad_fits_int(out.size(), out.shape(), out.strides(), out.offset());
  if (mode == pad_mode::linear_ramp || pad_is_stat(mode)) {
    array<T, S> centre = out;
    for (int d = 0; d < nd; ++d) centre = pad_slice(centre, d, widths[d].first, a.shape()[d]);
    copyto(policy, centre, a);
    if (small) pad_passes<int>(policy, out, a.shape(), widths, mode, ends, stat_len);
    else pad_passes<index_t>(policy, out, a.shape(), widths, mode, ends, stat_len);
    return out;
  }
  if (small) pad_gather<int>(policy, out, a, widths, mode, value);
  else pad_gather<index_t>(policy, out, a, widths, mode, value);
  return out;
}

} // namespace detail
} // namespace nd
