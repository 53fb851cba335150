// ndthrust/detail/transform/binding.h — binding a row or a tile of nd::transform's strided path: the row and tile
// kernels fix every coordinate but one or two once per block, so each array leaf becomes a pointer plus a stride or
// two and an element costs a multiply-add per leaf instead of a division per axis. Tiles may stage inputs through
// shared memory (the CUDA backend's transposing reads).
#pragma once

#include <ndthrust/detail/transform/readers.h>

namespace nd::detail {

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

} // namespace nd::detail
