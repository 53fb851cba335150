// ndthrust/core/layout.h — mapping a flat (C-order) position to a storage offset, in kernels and iterators.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/shape.h>

namespace nd::detail {

/// Shape, strides and offset of a view, trivially copyable so that kernels take it by value.
/// The loops run over max_ndim with a guard so that the arrays stay in registers (no run-time indexing).
template <class Index>
struct flat_layout {
  Index shape[max_ndim];
  Index strides[max_ndim];
  Index offset;
  int ndim;
  bool contiguous; // C-contiguous: position i lives at offset + i

  NDTHRUST_HD Index operator()(Index i) const {
    if (contiguous) return offset + i;
    Index off = offset;
#if defined(__CUDA_ARCH__)
    // Device: a fixed trip count with a guard, unrolled, keeps the arrays in registers.
#  pragma unroll
    for (int d = max_ndim - 1; d >= 1; --d) {
      if (d < ndim) {
#else
    // Host: only the view's own axes (the guarded max_ndim loop cost more than the element it addressed).
    for (int d = ndim - 1; d >= 1; --d) {
      {
#endif
        Index q = i / shape[d];
        off += (i - q * shape[d]) * strides[d];
        i = q;
      }
    }
    // What is left is the position along the first axis: no division (a 64-bit one costs about a hundred
    // instructions on a GPU, more than the load it addresses when rows are short).
    return ndim > 0 ? off + i * strides[0] : off;
  }
};

template <class Index>
flat_layout<Index> make_flat_layout(const shape_t& shape, const strides_t& strides, index_t offset, bool contiguous) {
  flat_layout<Index> l{};
  l.ndim       = shape.size();
  l.offset     = static_cast<Index>(offset);
  l.contiguous = contiguous;
  for (int d = 0; d < shape.size(); ++d) {
    l.shape[d]   = static_cast<Index>(shape[d]);
    l.strides[d] = static_cast<Index>(strides[d]);
  }
  for (int d = shape.size(); d < max_ndim; ++d) {
    l.shape[d]   = 1;
    l.strides[d] = 0;
  }
  return l;
}

/// Whether the size and every offset a view can reach from `offset` fit in signed 32-bit arithmetic.
inline bool fits_int32(const shape_t& shape, const strides_t& strides, index_t offset) {
  constexpr index_t lim = INT32_MAX;
  index_t n = shape_size(shape), lo = offset, hi = offset;
  if (n == 0) return true;
  for (int d = 0; d < shape.size(); ++d) {
    index_t span = (shape[d] - 1) * strides[d];
    (span < 0 ? lo : hi) += span;
  }
  return n <= lim && lo >= -lim && hi <= lim;
}

} // namespace nd::detail
