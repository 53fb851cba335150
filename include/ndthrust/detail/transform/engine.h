// ndthrust/detail/transform/engine.h — the pieces of nd::transform that do not depend on the backend.
//
// Two paths. The contiguous path (out and every array input contiguous, same shape, no map) hands Thrust raw
// pointers, exactly as a user would call thrust::transform; scalars ride inside the functor. The strided path
// collapses axes over out and every array leaf of the operand tree together, computes the coordinates of a flat
// position once (fast 32-bit division when offsets fit) and lets every leaf dot them with its own strides.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/detail/collapse.h>
#include <ndthrust/detail/transform/map.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/transform.h>
#include <thrust/zip_function.h>

#include <cuda/std/tuple>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <tuple>

#if defined(__CUDACC__)
#  define NDTHRUST_UNROLL _Pragma("unroll")
#else
#  define NDTHRUST_UNROLL _Pragma("GCC unroll 8")
#endif

namespace nd::detail {

// --- division by a run-time divisor --------------------------------------------------------------------------------

/// n / d; the 32-bit form multiplies by a precomputed magic number (a few instructions instead of ~20), valid for
/// 0 <= n < 2^31, which the 32-bit path guarantees.
template <class Index>
struct divider {
  Index d;
  NDTHRUST_HD Index div(Index n) const { return n / d; }
};
template <>
struct divider<int> {
  int d;
  unsigned magic, shift;
  NDTHRUST_HD int div(int n) const {
    unsigned un = static_cast<unsigned>(n);
#if defined(__CUDA_ARCH__)
    unsigned t = __umulhi(un, magic);
#else
    unsigned t = static_cast<unsigned>((static_cast<std::uint64_t>(un) * magic) >> 32);
#endif
    return static_cast<int>((t + un) >> shift);
  }
};
template <class Index>
divider<Index> make_divider(index_t d) {
  if constexpr (std::is_same_v<Index, int>) {
    unsigned s = 0;
    while ((std::uint64_t(1) << s) < static_cast<std::uint64_t>(d)) ++s;
    std::uint64_t m = ((std::uint64_t(1) << 32) * ((std::uint64_t(1) << s) - static_cast<std::uint64_t>(d))) /
                        static_cast<std::uint64_t>(d) + 1;
    return {static_cast<int>(d), static_cast<unsigned>(m), s};
  } else {
    return {static_cast<Index>(d)};
  }
}

// --- readers of the strided path -----------------------------------------------------------------------------------

/// A position of the collapsed iteration space: the flat index and its coordinates (computed once per element).
template <class Index>
struct nd_pos {
  Index i;
  int ndim;
  Index c[max_ndim];
};

template <class Index>
NDTHRUST_HD Index dot_coords(const nd_pos<Index>& p, const Index* strides) {
  Index off = 0;
  NDTHRUST_UNROLL
  for (int d = 0; d < max_ndim; ++d)
    if (d < p.ndim) off += p.c[d] * strides[d];
  return off;
}

/// An array leaf: `linear` when its collapsed strides are C-contiguous (it is then read at the flat index).
template <class T, class Index>
struct nd_array_reader {
  const T* base; // first element of the view
  Index strides[max_ndim];
  bool linear;
  NDTHRUST_HD T operator()(const nd_pos<Index>& p) const { return linear ? base[p.i] : base[dot_coords(p, strides)]; }
};

template <class X>
struct leaf_count : std::integral_constant<int, 0> {};
template <class T, class S>
struct leaf_count<array<T, S>> : std::integral_constant<int, 1> {};
template <class F, class... In>
struct leaf_count<map_expr<F, In...>> : std::integral_constant<int, (0 + ... + leaf_count<In>::value)> {};
template <class... X>
inline constexpr int leaf_total = (0 + ... + leaf_count<X>::value);

/// Index of the first leaf of operand K among the operands X....
template <std::size_t K, class... X>
constexpr int leaf_offset() {
  constexpr int counts[] = {leaf_count<X>::value..., 0};
  int s = 0;
  for (std::size_t i = 0; i != K; ++i) s += counts[i];
  return s;
}

/// Writes the strides of every array leaf, broadcast to `shape`, in tree order.
template <class X>
void gather_strides(const X&, const shape_t&, strides_t*) {}
template <class T, class S>
void gather_strides(const array<T, S>& a, const shape_t& shape, strides_t* st) {
  *st = broadcast_meta({a.shape(), a.strides(), a.offset()}, shape).strides;
}
template <class F, class... In>
void gather_strides(const map_expr<F, In...>& m, const shape_t& shape, strides_t* st);
template <class F, class... In, std::size_t... K>
void gather_children(const map_expr<F, In...>& m, const shape_t& shape, strides_t* st, std::index_sequence<K...>) {
  (gather_strides(std::get<K>(m.operands()), shape, st + leaf_offset<K, In...>()), ...);
}
template <class F, class... In>
void gather_strides(const map_expr<F, In...>& m, const shape_t& shape, strides_t* st) {
  gather_children(m, shape, st, std::index_sequence_for<In...>{});
}

/// The strided-path reader of an operand whose leaves' collapsed strides start at `st`.
template <class Index, class X>
scalar_reader<X> make_nd_reader(const X& x, const strides_t*, const strides_t&) {
  return {x};
}
template <class Index, class T, class S>
nd_array_reader<T, Index> make_nd_reader(const array<T, S>& a, const strides_t* st, const strides_t& c_order) {
  nd_array_reader<T, Index> r{a.raw(), {}, *st == c_order};
  for (int d = 0; d < st->size(); ++d) r.strides[d] = static_cast<Index>((*st)[d]);
  return r;
}
template <class Index, class F, class... In>
auto make_nd_reader(const map_expr<F, In...>& m, const strides_t* st, const strides_t& c_order);
template <class Index, class F, class... In, std::size_t... K>
auto make_nd_children(const map_expr<F, In...>& m, const strides_t* st, const strides_t& c_order,
                      std::index_sequence<K...>) {
  return make_reader_pack(make_nd_reader<Index>(std::get<K>(m.operands()), st + leaf_offset<K, In...>(), c_order)...);
}
template <class Index, class F, class... In>
auto make_nd_reader(const map_expr<F, In...>& m, const strides_t* st, const strides_t& c_order) {
  auto pack = make_nd_children<Index>(m, st, c_order, std::index_sequence_for<In...>{});
  return map_reader<F, decltype(pack)>{m.function(), pack};
}

// --- binding a row or a tile -----------------------------------------------------------------------------------------
//
// The row and tile kernels fix every coordinate but one or two once per block, so each array leaf becomes a pointer
// plus a stride or two and an element costs a multiply-add per leaf instead of a division per axis.

/// An array leaf with every coordinate but the last fixed: element j of the row.
template <class T, class Index>
struct row_reader {
  const T* p;
  Index stride;
  NDTHRUST_HD T operator()(Index j) const { return p[j * stride]; }
};

template <class Index, class T>
NDTHRUST_HD row_reader<T, Index> bind_row(const nd_array_reader<T, Index>& r, const nd_pos<Index>& p, int last) {
  return {r.base + dot_coords(p, r.strides), r.strides[last]};
}
template <class Index, class X>
NDTHRUST_HD scalar_reader<X> bind_row(const scalar_reader<X>& r, const nd_pos<Index>&, int) {
  return r;
}
template <class Index, class F, class Pack>
NDTHRUST_HD auto bind_row(const map_reader<F, Pack>& m, const nd_pos<Index>& p, int last);

template <class Index, std::size_t... I, class... R>
NDTHRUST_HD auto bind_row_pack(const reader_pack_impl<std::index_sequence<I...>, R...>& pk, const nd_pos<Index>& p,
                               int last) {
  using bound = reader_pack<decltype(bind_row<Index>(std::declval<const R&>(), p, last))...>;
  return bound{pack_leaf<I, decltype(bind_row<Index>(std::declval<const R&>(), p, last))>{
    bind_row<Index>(static_cast<const pack_leaf<I, R>&>(pk).r, p, last)}...};
}
template <class Index, class F, class Pack>
NDTHRUST_HD auto bind_row(const map_reader<F, Pack>& m, const nd_pos<Index>& p, int last) {
  auto bound = bind_row_pack<Index>(m.r, p, last);
  return map_reader<F, decltype(bound)>{m.f, bound};
}

/// A position inside a tile: global coordinates on the two tiled axes, local ones, and the staged tiles.
template <class Index>
struct tile_pos {
  Index a, b;
  int la, lb;
  const unsigned char* smem;
  int slot_bytes;
};

// Measured on an H200 (a + b.T): 32×32 tiles with 4 thread rows (8 elements per thread) reach 89% of copy bandwidth
// for 1e4² f64 and 70% for 32768² f32; 8 rows gave 78% / 65%, 64-wide tiles were slower.
constexpr int tile_dim         = 32;
constexpr int tile_rows        = 4; // threads along a tile's second axis; each covers tile_dim / tile_rows rows
constexpr int max_staged       = 2; // inputs staged through shared memory at once
constexpr int max_tiled_leaves = 16;

/// An array leaf of a tile: read directly at (a, b), or — when it is staged — from its shared-memory tile.
template <class T, class Index>
struct tile_reader {
  const T* p;
  Index sa, sb;
  int slot; // -1: read from global memory
  NDTHRUST_HD T operator()(const tile_pos<Index>& q) const {
    if (slot < 0) return p[q.a * sa + q.b * sb];
    return reinterpret_cast<const T*>(q.smem + slot * q.slot_bytes)[q.lb * (tile_dim + 1) + q.la];
  }
  /// Loads the staged tile: consecutive threads walk axis a, along which this input is contiguous.
  NDTHRUST_DEVICE void load(unsigned char* smem, int slot_bytes, Index a0, Index b0, Index na, Index nb, int tx,
                            int ty) const {
    if (slot < 0) return;
    T* buf           = reinterpret_cast<T*>(smem + slot * slot_bytes);
    constexpr int per = tile_dim / tile_rows;
    T v[per];
    NDTHRUST_UNROLL
    for (int k = 0; k < per; ++k) {
      Index a = a0 + tx, b = b0 + ty + k * tile_rows;
      if (a < na && b < nb) v[k] = p[a * sa + b * sb];
    }
    NDTHRUST_UNROLL
    for (int k = 0; k < per; ++k) {
      Index a = a0 + tx, b = b0 + ty + k * tile_rows;
      if (a < na && b < nb) buf[(ty + k * tile_rows) * (tile_dim + 1) + tx] = v[k];
    }
  }
};

/// What a tile binds with: the two tiled axes and which leaves are staged (slot per leaf in tree order).
template <class Index>
struct tile_binding {
  int axis_a, axis_b;
  int slot[max_tiled_leaves];
};

template <class Index, class T>
NDTHRUST_HD tile_reader<T, Index> bind_tile(const nd_array_reader<T, Index>& r, const nd_pos<Index>& p,
                                            const tile_binding<Index>& tb, int& leaf) {
  int s = tb.slot[leaf++];
  return {r.base + dot_coords(p, r.strides), r.strides[tb.axis_a], r.strides[tb.axis_b], s};
}
template <class Index, class X>
NDTHRUST_HD scalar_reader<X> bind_tile(const scalar_reader<X>& r, const nd_pos<Index>&, const tile_binding<Index>&,
                                       int&) {
  return r;
}
template <class Index, class F, class Pack>
NDTHRUST_HD auto bind_tile(const map_reader<F, Pack>& m, const nd_pos<Index>& p, const tile_binding<Index>& tb,
                           int& leaf);

template <class Index, std::size_t... I, class... R>
NDTHRUST_HD auto bind_tile_pack(const reader_pack_impl<std::index_sequence<I...>, R...>& pk, const nd_pos<Index>& p,
                                const tile_binding<Index>& tb, int& leaf) {
  using bound = reader_pack<decltype(bind_tile<Index>(std::declval<const R&>(), p, tb, leaf))...>;
  // Braced initialisation evaluates left to right, so leaves are numbered in tree order.
  return bound{pack_leaf<I, decltype(bind_tile<Index>(std::declval<const R&>(), p, tb, leaf))>{
    bind_tile<Index>(static_cast<const pack_leaf<I, R>&>(pk).r, p, tb, leaf)}...};
}
template <class Index, class F, class Pack>
NDTHRUST_HD auto bind_tile(const map_reader<F, Pack>& m, const nd_pos<Index>& p, const tile_binding<Index>& tb,
                           int& leaf) {
  auto bound = bind_tile_pack<Index>(m.r, p, tb, leaf);
  return map_reader<F, decltype(bound)>{m.f, bound};
}

/// Loads every staged leaf's tile.
template <class Index, class X>
NDTHRUST_DEVICE void load_tiles(const scalar_reader<X>&, unsigned char*, int, Index, Index, Index, Index, int, int) {}
template <class Index, class T>
NDTHRUST_DEVICE void load_tiles(const tile_reader<T, Index>& r, unsigned char* smem, int slot_bytes, Index a0,
                                Index b0, Index na, Index nb, int tx, int ty) {
  r.load(smem, slot_bytes, a0, b0, na, nb, tx, ty);
}
template <class Index, class F, class Pack>
NDTHRUST_DEVICE void load_tiles(const map_reader<F, Pack>& m, unsigned char* smem, int slot_bytes, Index a0,
                                Index b0, Index na, Index nb, int tx, int ty);
template <class Index, std::size_t... I, class... R>
NDTHRUST_DEVICE void load_tiles(const reader_pack_impl<std::index_sequence<I...>, R...>& pk, unsigned char* smem,
                                int slot_bytes, Index a0, Index b0, Index na, Index nb, int tx, int ty) {
  (load_tiles<Index>(static_cast<const pack_leaf<I, R>&>(pk).r, smem, slot_bytes, a0, b0, na, nb, tx, ty), ...);
}
template <class Index, class F, class Pack>
NDTHRUST_DEVICE void load_tiles(const map_reader<F, Pack>& m, unsigned char* smem, int slot_bytes, Index a0,
                                Index b0, Index na, Index nb, int tx, int ty) {
  load_tiles<Index>(m.r, smem, slot_bytes, a0, b0, na, nb, tx, ty);
}

/// The widest element among a reader tree's array leaves: shared-memory slots are sized by it, so tiles of narrow
/// types take less shared memory and more blocks fit on a multiprocessor.
template <class R>
struct max_leaf_bytes : std::integral_constant<int, 0> {};
template <class T, class Index>
struct max_leaf_bytes<nd_array_reader<T, Index>> : std::integral_constant<int, static_cast<int>(sizeof(T))> {};
template <class F, class Pack>
struct max_leaf_bytes<map_reader<F, Pack>> : max_leaf_bytes<Pack> {};
template <std::size_t... I, class... R>
struct max_leaf_bytes<reader_pack_impl<std::index_sequence<I...>, R...>>
    : std::integral_constant<int, std::max({0, max_leaf_bytes<R>::value...})> {};

/// A row of out bound for the row kernel.
template <class T, class Index, class F, class RP>
struct row_fn {
  T* out;
  Index out_stride;
  F f;
  RP r;
  NDTHRUST_HD T eval(Index j) const { return convert<T>(r.apply(f, j)); }
};

/// A tile of out bound for the tile kernel.
template <class T, class Index, class F, class TP>
struct tile_fn {
  T* out;
  Index out_sa, out_sb;
  F f;
  TP r;
};

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

/// The portable row walk: one task per chunk of a row; the row's offsets are computed once per chunk.
template <class Fn, class Index>
struct row_chunk_fn {
  Fn fn;
  Index inner, chunks, chunk;
  NDTHRUST_HD void operator()(Index t) const {
    Index row = t / chunks, c = t - row * chunks;
    auto rf   = fn.row_at(row * inner);
    Index j1  = (c + 1) * chunk < inner ? (c + 1) * chunk : inner;
    for (Index j = c * chunk; j < j1; ++j) rf.out[j * rf.out_stride] = rf.eval(j);
  }
};

template <class Index, class Policy, class Fn>
void for_each_row_chunk(const Policy& policy, const Fn& fn, index_t n, index_t inner, index_t chunk) {
  index_t rows = n / inner, chunks = (inner + chunk - 1) / chunk;
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(rows * chunks),
                     row_chunk_fn<Fn, Index>{fn, static_cast<Index>(inner), static_cast<Index>(chunks),
                                             static_cast<Index>(chunk)});
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

// --- overlap ---------------------------------------------------------------------------------------------------------

/// Whether input `x`, broadcast to out's shape, reads exactly the element each position writes (safe in place).
template <class T, class U, class S>
bool same_elements(const array<T, S>& out, const array<U, S>& x) {
  if (sizeof(T) != sizeof(U) || static_cast<const void*>(out.raw()) != static_cast<const void*>(x.raw())) return false;
  auto m = broadcast_meta({x.shape(), x.strides(), x.offset()}, out.shape());
  for (int d = 0; d < out.ndim(); ++d)
    if (out.shape()[d] > 1 && out.strides()[d] != m.strides[d]) return false;
  return true;
}

/// The operand with every array leaf that partially overlaps `out` replaced by a copy (NumPy buffers such inputs).
template <class Policy, class T, class S, class X>
X unalias(const Policy& policy, const array<T, S>& out, const X& x) {
  if constexpr (is_array_v<X>) {
    if (memory_overlaps(out, x) && !same_elements(out, x)) return copy(policy, x);
    return x;
  } else if constexpr (is_map_v<X>) {
    auto ops = std::apply([&](const auto&... c) { return std::make_tuple(unalias(policy, out, c)...); }, x.operands());
    return X(x.function(), std::move(ops), x.shape());
  } else {
    return x;
  }
}

// --- shapes ----------------------------------------------------------------------------------------------------------

/// Checks that the inputs broadcast to out's shape, with NumPy's messages.
template <class T, class S, class... In>
void check_out_shape(const array<T, S>& out, const In&... in) {
  shape_t shapes[] = {operand_traits<In>::shape(in)..., out.shape()};
  constexpr int count = static_cast<int>(sizeof...(In)) + 1;
  shape_t b = broadcast_shape_list(shapes, count);
  if (b != out.shape())
    throw_shape_error("non-broadcastable output operand with shape " + numpy_shape_str(out.shape()) +
                      " doesn't match the broadcast shape " + numpy_shape_str(b));
}

/// The portable strided loop: Thrust for_each over flat positions.
template <class Index, class Policy, class Fn>
void for_each_position(const Policy& policy, const Fn& fn, index_t n) {
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(n), fn);
}

/// f(i) for i in [0, n) through Thrust, with a 32-bit index where n fits.
template <class Policy, class F>
void for_each_index_generic(const Policy& policy, index_t n, const F& f) {
  if (n <= 0) return;
  if (n <= INT32_MAX) for_each_position<int>(policy, f, n);
  else for_each_position<index_t>(policy, f, n);
}

} // namespace nd::detail

