// ndthrust/detail/transform/readers.h — how the strided path of nd::transform reads its operands: the coordinates
// of a flat position (fast 32-bit division when offsets fit), and a reader per array leaf of the operand tree that
// dots them with its own collapsed strides.
#pragma once

#include <ndthrust/core/array.h>
#include <ndthrust/core/convert.h>
#include <ndthrust/detail/transform/map.h>

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

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

} // namespace nd::detail
