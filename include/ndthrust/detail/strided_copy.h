// ndthrust/detail/strided_copy.h — the portable strided copy: one Thrust for_each over C-order positions.
// Every backend can run it; the CUDA backend adds a tiled path for transposing layouts (backend/cuda/).
#pragma once

#include <ndthrust/core/convert.h>
#include <ndthrust/core/layout.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

namespace nd::detail {

/// Destination and source of a copy: base pointers (offset applied) and strides over a common shape.
template <class T, class U>
struct copy_args {
  T* dst;
  const U* src;
  shape_t shape; // collapsed
  strides_t dst_strides, src_strides;
};

template <class T, class U, class Index>
struct strided_copy_fn {
  T* dst;
  const U* src;
  flat_layout<Index> dl, sl;
  NDTHRUST_HD void operator()(Index i) const { dst[dl(i)] = convert<T>(src[sl(i)]); }
};

inline bool is_unit_1d(const shape_t& shape, const strides_t& st) { return shape.size() <= 1 && (shape.empty() || st[0] == 1); }

template <class Index, class Policy, class T, class U>
void generic_strided_copy_as(const Policy& policy, const copy_args<T, U>& a, index_t n) {
  auto dl = make_flat_layout<Index>(a.shape, a.dst_strides, 0, is_unit_1d(a.shape, a.dst_strides));
  auto sl = make_flat_layout<Index>(a.shape, a.src_strides, 0, is_unit_1d(a.shape, a.src_strides));
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(n),
                     strided_copy_fn<T, U, Index>{a.dst, a.src, dl, sl});
}

/// Signed 32-bit math when every offset fits, 64-bit otherwise. Pointers here are base pointers, so offsets may be
/// negative (flipped views): both signs are checked.
template <class Policy, class T, class U>
void generic_strided_copy(const Policy& policy, const copy_args<T, U>& a, index_t n) {
  if (fits_int32(a.shape, a.dst_strides, 0) && fits_int32(a.shape, a.src_strides, 0))
    generic_strided_copy_as<int>(policy, a, n);
  else generic_strided_copy_as<index_t>(policy, a, n);
}

} // namespace nd::detail
