// ndthrust/detail/transform/engine.h — the pieces of nd::transform that do not depend on the backend.
//
// Two paths. The contiguous path (out and every array input contiguous, same shape, no map) hands Thrust raw
// pointers, exactly as a user would call thrust::transform; scalars ride inside the functor. The strided path
// collapses axes over out and every array leaf of the operand tree together, computes the coordinates of a flat
// position once (readers.h) and lets every leaf dot them with its own strides; its kernels bind rows or tiles
// (binding.h). The loops that run it are the backends' (backend/generic/transform.h, backend/cuda/transform.cuh).
#pragma once

#include <ndthrust/detail/collapse.h>
#include <ndthrust/detail/transform/binding.h>

#include <thrust/iterator/zip_iterator.h>
#include <thrust/transform.h>
#include <thrust/zip_function.h>

#include <cuda/std/tuple>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <tuple>

namespace nd::detail {

/// One element of the strided path: coordinates of flat position i, the function on the readers, out's offset.
template <class T, class Index, class F, class Pack>
struct nd_fn {
  T* out; // first element of out
  Index out_strides[max_ndim];
  bool out_linear;
  int ndim;
  divider<Index> div[max_ndim];
  F f;
  Pack r;

  NDTHRUST_HD nd_pos<Index> position(Index i) const {
    nd_pos<Index> p{};
    p.i    = i;
    p.ndim = ndim;
    NDTHRUST_UNROLL
    for (int d = max_ndim - 1; d > 0; --d) {
      if (d < ndim) {
        Index q = div[d].div(i);
        p.c[d]  = i - q * div[d].d;
        i       = q;
      }
    }
    p.c[0] = i;
    return p;
  }
  /// The value of flat position i, and where it goes in out.
  NDTHRUST_HD T eval(Index i, Index& out_off) const {
    nd_pos<Index> p = position(i);
    out_off         = out_linear ? i : dot_coords(p, out_strides);
    return convert<T>(r.apply(f, p));
  }
  NDTHRUST_HD void operator()(Index i) const {
    Index o;
    T v    = eval(i, o);
    out[o] = v;
  }

  /// The row that starts at flat position `first` (a multiple of the last extent).
  NDTHRUST_HD auto row_at(Index first) const {
    nd_pos<Index> p = position(first);
    int last        = ndim - 1;
    auto bound      = bind_row_pack<Index>(r, p, last);
    return row_fn<T, Index, F, decltype(bound)>{out + (out_linear ? first : dot_coords(p, out_strides)),
                                                out_linear ? Index(1) : out_strides[last], f, bound};
  }

  /// The tile plane with batch index `batch` over the axes other than the two tiled ones (C order).
  NDTHRUST_HD auto tile_at(Index batch, const tile_binding<Index>& tb) const {
    nd_pos<Index> p{};
    p.ndim = ndim;
    NDTHRUST_UNROLL
    for (int d = max_ndim - 1; d >= 0; --d) {
      if (d < ndim && d != tb.axis_a && d != tb.axis_b) {
        Index q = batch / div[d].d;
        p.c[d]  = batch - q * div[d].d;
        batch   = q;
      }
    }
    int leaf   = 0;
    auto bound = bind_tile_pack<Index>(r, p, tb, leaf);
    return tile_fn<T, Index, F, decltype(bound)>{out + dot_coords(p, out_strides), out_strides[tb.axis_a],
                                                 out_strides[tb.axis_b], f, bound};
  }
};

/// Builds the strided-path functor; `st[0]` are out's collapsed strides, `st[1…]` the leaves'.
template <class Index, class T, class S, class F, class... In, std::size_t... K>
auto make_nd_fn(const array<T, S>& out, const shape_t& shape, const strides_t* st, const F& f,
                std::index_sequence<K...>, const In&... in) {
  strides_t c_order = c_strides(shape);
  auto pack = make_reader_pack(make_nd_reader<Index>(in, st + 1 + leaf_offset<K, In...>(), c_order)...);
  nd_fn<T, Index, F, decltype(pack)> fn{out.raw(), {}, st[0] == c_order, shape.size(), {}, f, pack};
  for (int d = 0; d < shape.size(); ++d) {
    fn.out_strides[d] = static_cast<Index>(st[0][d]);
    fn.div[d]         = make_divider<Index>(shape[d]);
  }
  return fn;
}

// --- choosing the strided kernel -------------------------------------------------------------------------------------

/// How the strided path walks the collapsed iteration space.
struct strided_plan {
  enum kind_t { flat, rows, tiled } kind = flat;
  index_t inner = 1; // extent of the last axis
  int axis_a = -1;   // tiled: the staged inputs' unit-stride axis (axis_b is the last one)
  int slot[max_tiled_leaves];
};

/// Rows when the last axis is long enough to give every thread several elements of one row; tiles (where the
/// backend has them) when an input's unit-stride axis is not out's, so that both sides stay coalesced.
inline strided_plan plan_strided(const shape_t& shape, const strides_t* st, int count, bool allow_tiled) {
  strided_plan pl;
  int nd   = shape.size();
  int last = nd - 1;
  pl.inner = shape[last];
  for (int& s : pl.slot) s = -1;
  if (allow_tiled && nd >= 2 && count - 1 <= max_tiled_leaves && st[0][last] == 1 && shape[last] >= 16) {
    int staged = 0;
    for (int k = 1; k < count && staged < max_staged; ++k) {
      index_t sb = st[k][last];
      if (sb == 0 || sb == 1 || sb == -1) continue;
      for (int d = 0; d < last; ++d) {
        if (st[k][d] == 1 && shape[d] >= 16 && (pl.axis_a < 0 || pl.axis_a == d)) {
          pl.axis_a       = d;
          pl.slot[k - 1]  = staged++;
          break;
        }
      }
    }
    if (staged > 0) {
      pl.kind = strided_plan::tiled;
      return pl;
    }
  }
  pl.kind = pl.inner >= 256 ? strided_plan::rows : strided_plan::flat;
  return pl;
}

// --- the contiguous path -------------------------------------------------------------------------------------------

/// Takes the J-th argument Thrust passes (the J-th array input).
template <std::size_t J>
struct arg_slot {
  template <class Tuple>
  NDTHRUST_HD auto operator()(const Tuple& t) const {
    return cuda::std::get<J>(t);
  }
};

/// The functor handed to thrust::transform: array inputs arrive as arguments, scalars are stored.
template <class T, class F, class Pack>
struct contiguous_fn {
  F f;
  Pack r;
  template <class... A>
  NDTHRUST_HD T operator()(const A&... a) const {
    return convert<T>(r.apply(f, cuda::std::tuple<const A&...>(a...)));
  }
};

template <std::size_t K, class... X>
constexpr std::size_t array_arg_index() {
  constexpr bool arrays[] = {is_array_v<X>..., false};
  std::size_t j = 0;
  for (std::size_t i = 0; i != K; ++i) j += arrays[i] ? 1 : 0;
  return j;
}
template <std::size_t K, class... In, class X>
auto make_slot(const X& x) {
  if constexpr (is_array_v<X>) return arg_slot<array_arg_index<K, In...>()>{};
  else return scalar_reader<X>{x};
}
template <class X>
auto array_pointer(const X& x) {
  if constexpr (is_array_v<X>) return std::make_tuple(x.data());
  else return std::tuple<>();
}

/// Exactly thrust::transform over raw pointers: unary, binary, or a zip of more inputs (which Thrust unpacks into
/// the same CUB kernel).
template <class Policy, class T, class S, class F, class... In, std::size_t... K>
void contiguous_transform(const Policy& policy, const array<T, S>& out, const F& f, std::index_sequence<K...>,
                          const In&... in) {
  auto pack = make_reader_pack(make_slot<K, In...>(in)...);
  contiguous_fn<T, F, decltype(pack)> fn{f, pack};
  auto ptrs = std::tuple_cat(array_pointer(in)...);
  index_t n = out.size();
  std::apply(
    [&](auto... p) {
      if constexpr (sizeof...(p) == 1) {
        thrust::transform(policy, p..., (p + n)..., out.data(), fn);
      } else if constexpr (sizeof...(p) == 2) {
        auto p0 = std::get<0>(std::make_tuple(p...));
        auto p1 = std::get<1>(std::make_tuple(p...));
        thrust::transform(policy, p0, p0 + n, p1, out.data(), fn);
      } else {
        auto z = thrust::make_zip_iterator(p...);
        thrust::transform(policy, z, z + n, out.data(), thrust::make_zip_function(fn));
      }
    },
    ptrs);
}

/// True when an input can be read at out's flat index: a scalar, or a C-contiguous array of out's shape.
template <class X>
bool reads_linearly(const X& x, const shape_t& shape) {
  if constexpr (is_array_v<X>) return x.shape() == shape && x.is_contiguous();
  else return true;
}

} // namespace nd::detail
