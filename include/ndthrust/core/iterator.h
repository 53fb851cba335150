// ndthrust/core/iterator.h — the iterator of every array: Thrust accepts it in any algorithm.
//
// A permutation iterator over the storage, indexed by the C-order position mapped through the view's layout.
// For a C-contiguous array the mapping is `offset + i`; ndthrust's own algorithms go further and hand Thrust raw
// pointers for contiguous arrays.
#pragma once

#include <ndthrust/core/layout.h>
#include <ndthrust/core/space.h>

#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/permutation_iterator.h>
#include <thrust/iterator/transform_iterator.h>

namespace nd {

template <class T, class Space>
using strided_iterator = thrust::permutation_iterator<
  typename Space::template pointer<T>,
  thrust::transform_iterator<detail::flat_layout<index_t>, thrust::counting_iterator<index_t>, index_t>>;

namespace detail {
template <class T, class Space>
strided_iterator<T, Space> make_strided_iterator(T* base, const flat_layout<index_t>& l, index_t pos) {
  return thrust::make_permutation_iterator(
    typename Space::template pointer<T>(base),
    thrust::make_transform_iterator(thrust::counting_iterator<index_t>(pos), l));
}
} // namespace detail

} // namespace nd
