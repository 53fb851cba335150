// ndthrust/backend/generic/strided_copy.h — the portable strided copy: one Thrust for_each over C-order positions.
// It runs on any Thrust system: the host, and the CUDA device for the layouts backend/cuda/ has no kernel of its own
// for.
#pragma once

#include <ndthrust/core/convert.h>
#include <ndthrust/core/layout.h>
#include <ndthrust/detail/copy_args.h>

#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

namespace nd::backend::generic {

template <class T, class U, class Index>
struct strided_copy_fn {
  T* dst;
  const U* src;
  detail::flat_layout<Index> dl, sl;
  NDTHRUST_HD void operator()(Index i) const { dst[dl(i)] = detail::convert<T>(src[sl(i)]); }
};

inline bool is_unit_1d(const shape_t& shape, const strides_t& st) { return shape.size() <= 1 && (shape.empty() || st[0] == 1); }

template <class Index, class Policy, class T, class U>
void strided_copy_as(const Policy& policy, const detail::copy_args<T, U>& a, index_t n) {
  auto dl = detail::make_flat_layout<Index>(a.shape, a.dst_strides, 0, is_unit_1d(a.shape, a.dst_strides));
  auto sl = detail::make_flat_layout<Index>(a.shape, a.src_strides, 0, is_unit_1d(a.shape, a.src_strides));
  thrust::for_each_n(policy, thrust::counting_iterator<Index>(0), static_cast<Index>(n),
                     strided_copy_fn<T, U, Index>{a.dst, a.src, dl, sl});
}

/// Copies `n` elements; the caller has collapsed the axes. Signed 32-bit math when every offset fits, 64-bit
/// otherwise. Pointers here are base pointers, so offsets may be negative (flipped views): both signs are checked.
template <class Policy, class T, class U>
void strided_copy(const Policy& policy, const detail::copy_args<T, U>& a, index_t n) {
  if (detail::fits_int32(a.shape, a.dst_strides, 0) && detail::fits_int32(a.shape, a.src_strides, 0))
    strided_copy_as<int>(policy, a, n);
  else strided_copy_as<index_t>(policy, a, n);
}

} // namespace nd::backend::generic
