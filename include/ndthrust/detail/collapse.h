// ndthrust/detail/collapse.h — merging axes that several views traverse alike, so kernels see fewer dimensions.
#pragma once

#include <ndthrust/core/shape.h>

namespace nd::detail {

/// Drops extent-1 axes and merges neighbours i, i+1 wherever, in every one of the `count` stride sets,
/// stride[i] == stride[i+1] * shape[i+1]. The element order (C order over `shape`) is unchanged.
inline void collapse_axes(shape_t& shape, strides_t* strides, int count) {
  shape_t s;
  strides_t st[4];
  for (int d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool merge = !s.empty();
    for (int k = 0; merge && k < count; ++k) merge = st[k].back() == strides[k][d] * shape[d];
    if (merge) {
      s.back() *= shape[d];
      for (int k = 0; k < count; ++k) st[k].back() = strides[k][d];
    } else {
      s.push_back(shape[d]);
      for (int k = 0; k < count; ++k) st[k].push_back(strides[k][d]);
    }
  }
  shape = s;
  for (int k = 0; k < count; ++k) strides[k] = st[k];
}

} // namespace nd::detail
