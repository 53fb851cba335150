// ndthrust/detail/overlap.h — whether two views may touch the same bytes, decided from addresses (not from storage
// objects: two nd::wrap views of one user buffer, or a view of an adopted vector and the vector's own array, are
// separate storages over the same memory).
#pragma once

#include <ndthrust/core/array.h>

#include <tuple>
#include <type_traits>
#include <utility>

namespace nd::detail {

/// The lowest and one-past-highest byte a view touches; equal pointers (nothing) for an empty view.
template <class T, class S>
std::pair<const char*, const char*> byte_extent(const array<T, S>& a) {
  if (a.size() == 0) return {nullptr, nullptr};
  index_t lo = 0, hi = 0;
  for (int d = 0; d < a.ndim(); ++d) {
    index_t span = (a.shape()[d] - 1) * a.strides()[d];
    (span < 0 ? lo : hi) += span;
  }
  auto base = reinterpret_cast<const char*>(a.raw());
  return {base + lo * static_cast<index_t>(sizeof(T)), base + (hi + 1) * static_cast<index_t>(sizeof(T))};
}

/// Whether the byte ranges of two views intersect (then a write through one may change what the other reads).
template <class T, class U, class S>
bool may_overlap(const array<T, S>& a, const array<U, S>& b) {
  auto ea = byte_extent(a), eb = byte_extent(b);
  return ea.first != ea.second && eb.first != eb.second && ea.first < eb.second && eb.first < ea.second;
}

template <class X, class = void>
inline constexpr bool has_operands_v = false;
template <class X>
inline constexpr bool has_operands_v<X, std::void_t<decltype(std::declval<const X&>().operands())>> = true;

/// Whether writing `target` may change what operand `x` reads: an array, a lazy expression (nd::map: any of its
/// array leaves) or a scalar (never).
template <class T, class S, class X>
bool operand_may_overlap(const array<T, S>& target, const X& x) {
  if constexpr (is_array_v<X>) {
    if constexpr (std::is_same_v<typename X::space, S>) return may_overlap(target, x);
    else return false;
  } else if constexpr (has_operands_v<X>) {
    return std::apply([&](const auto&... c) { return (false || ... || operand_may_overlap(target, c)); },
                      x.operands());
  } else {
    return false;
  }
}

/// Whether input `x`, broadcast to out's shape, reads exactly the element each position writes (safe in place).
template <class T, class U, class S>
bool same_elements(const array<T, S>& out, const array<U, S>& x) {
  if (sizeof(T) != sizeof(U) || static_cast<const void*>(out.raw()) != static_cast<const void*>(x.raw())) return false;
  auto m = broadcast_meta({x.shape(), x.strides(), x.offset()}, out.shape());
  for (int d = 0; d < out.ndim(); ++d)
    if (out.shape()[d] > 1 && out.strides()[d] != m.strides[d]) return false;
  return true;
}

} // namespace nd::detail
