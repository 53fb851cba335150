// ndthrust/detail/copy_args.h — what a strided copy is handed once copy.h has checked and collapsed its operands.
#pragma once

#include <ndthrust/core/shape.h>

namespace nd::detail {

/// Destination and source of a copy: base pointers (offset applied) and strides over a common shape.
template <class T, class U>
struct copy_args {
  T* dst;
  const U* src;
  shape_t shape; // collapsed
  strides_t dst_strides, src_strides;
};

} // namespace nd::detail
