// ndthrust/detail/collapse.h — merging axes that several views traverse alike, so kernels see fewer dimensions.
#pragma once

#include <ndthrust/core/shape.h>

namespace nd::detail {

/// Drops extent-1 axes and merges neighbours i, i+1 wherever, in every one of the `count` stride sets,
/// stride[i] == stride[i+1] * shape[i+1]. The element order (C order over `shape`) is unchanged.
/// Works in place (the kept axes only move left), so any number of stride sets can be collapsed together.
inline void collapse_axes(shape_t& shape, strides_t* strides, int count) {
  int m = 0; // axes kept so far
  for (int d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool merge = m > 0;
    for (int k = 0; merge && k < count; ++k) merge = strides[k][m - 1] == strides[k][d] * shape[d];
    if (merge) {
      shape[m - 1] *= shape[d];
      for (int k = 0; k < count; ++k) strides[k][m - 1] = strides[k][d];
    } else {
      shape[m] = shape[d];
      for (int k = 0; k < count; ++k) strides[k][m] = strides[k][d];
      ++m;
    }
  }
  shape.n = m;
  for (int k = 0; k < count; ++k) strides[k].n = m;
}

} // namespace nd::detail
