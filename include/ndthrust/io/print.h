// ndthrust/io/print.h — printing arrays as NumPy's str() does: `[[1 2 3]\n [4 5 6]]`, floats with up to 8
// fractional digits and one width per array, lines wrapped at 75 columns, arrays of more than 1000 elements
// summarised with `...` (3 items at each edge of every axis), 0-d arrays as their scalar.
//
// Device arrays are copied to the host first (a synchronous transfer).
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/transfer.h>

#include <ostream>
#include <string>

namespace nd {

namespace detail {
/// NumPy's str() of C-contiguous host data of `shape`.
std::string format_array(dtype type, const shape_t& shape, const void* data);
} // namespace detail

/// The text NumPy's str(a) gives.
template <class T, class S>
std::string array_str(const array<T, S>& a) {
  auto h = to_host(ascontiguousarray(a));
  return detail::format_array(dtype_of<T>, h.shape(), h.raw());
}

template <class T, class S>
std::ostream& operator<<(std::ostream& os, const array<T, S>& a) {
  return os << array_str(a);
}

} // namespace nd
