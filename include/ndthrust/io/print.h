// ndthrust/io/print.h — printing arrays as NumPy's str() does: `[[1 2 3]\n [4 5 6]]`, floats with up to 8
// fractional digits and one width per array, lines wrapped at 75 columns, arrays of more than 1000 elements
// summarised with `...` (3 items at each edge of every axis), 0-d arrays as their scalar.
//
// Device arrays are copied to the host first (a synchronous transfer); of a summarised one only the edge items.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/transfer.h>

#include <ostream>
#include <string>
#include <vector>

namespace nd {

namespace detail {
/// NumPy's str() of C-contiguous host data of `shape`.
std::string format_array(dtype type, const shape_t& shape, const void* data);
/// The same for an array of more than print_threshold elements, given only its edge items: C-contiguous data in
/// which every axis longer than 2 * print_edge_items holds just its first and last print_edge_items entries.
std::string format_array_edges(dtype type, const shape_t& shape, const void* edges);

inline constexpr index_t print_threshold  = 1000;
inline constexpr index_t print_edge_items = 3;

/// Appends the edge items of `a` to `out` in C order. An axis of length n > 6 with stride s becomes two axes,
/// shape (2, 3) and strides ((n - 3) s, s): positions 0 1 2 n-3 n-2 n-1, so one small copy fetches them.
template <class T, class S>
void gather_edges(const array<T, S>& a, std::vector<unsigned char>& out) {
  const index_t e = print_edge_items;
  int split       = 0;
  for (int d = 0; d < a.ndim(); ++d) split += a.shape()[d] > 2 * e;
  if (a.ndim() + split <= max_ndim) {
    shape_t sh;
    strides_t st;
    for (int d = 0; d < a.ndim(); ++d) {
      index_t n = a.shape()[d], s = a.strides()[d];
      if (n > 2 * e) {
        sh.push_back(2);
        st.push_back((n - e) * s);
        sh.push_back(e);
        st.push_back(s);
      } else {
        sh.push_back(n);
        st.push_back(s);
      }
    }
    array<T, S> v(a.storage(), a.storage_size(), sh, st, a.offset(), false);
    auto h = to_host(ascontiguousarray(v));
    const auto* b = reinterpret_cast<const unsigned char*>(h.raw()); // bytes: std::vector<bool> has no data()
    out.insert(out.end(), b, b + h.size() * sizeof(T));
    return;
  }
  // Too many axes to split at once: one sub-array per shown position of the first axis.
  index_t n = a.shape()[0];
  shape_t sh;
  strides_t st;
  for (int d = 1; d < a.ndim(); ++d) {
    sh.push_back(a.shape()[d]);
    st.push_back(a.strides()[d]);
  }
  for (index_t i = 0; i < n; ++i) {
    if (n > 2 * e && i == e) i = n - e;
    gather_edges(array<T, S>(a.storage(), a.storage_size(), sh, st, a.offset() + i * a.strides()[0], false), out);
  }
}
} // namespace detail

/// The text NumPy's str(a) gives. A summarised array (more than 1000 elements) is never copied whole: only its
/// edge items are fetched, so that even a huge broadcast view prints at once.
template <class T, class S>
std::string array_str(const array<T, S>& a) {
  if (a.ndim() > 0 && a.size() > detail::print_threshold) {
    std::vector<unsigned char> edges;
    detail::gather_edges(a, edges);
    return detail::format_array_edges(dtype_of<T>, a.shape(), edges.data());
  }
  auto h = to_host(ascontiguousarray(a));
  return detail::format_array(dtype_of<T>, h.shape(), h.raw());
}

template <class T, class S>
std::ostream& operator<<(std::ostream& os, const array<T, S>& a) {
  return os << array_str(a);
}

} // namespace nd
