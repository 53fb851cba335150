// ndthrust/detail/operand.h — what algorithms accept as inputs: arrays, scalars and lazy expressions (nd::map).
//
// Every input kind is turned into a *reader*: a trivially copyable functor that returns the element at a C-order
// position of the (broadcast) iteration shape. Kernels take readers by value, so one algorithm body serves arrays,
// broadcast views, scalars and fused expressions alike. New input kinds specialise operand_traits.
#pragma once

#include <ndthrust/core/array.h>
#include <ndthrust/core/index.h>
#include <ndthrust/core/layout.h>

#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>

#include <string>
#include <type_traits>

namespace nd::detail {

/// Reads element i (C order over the iteration shape) of a strided view.
template <class T, class Index>
struct array_reader {
  const T* base; // storage start; the layout's offset applies
  flat_layout<Index> layout;
  NDTHRUST_HD T operator()(Index i) const { return base[layout(i)]; }
};

/// A scalar: the same value everywhere.
template <class T>
struct scalar_reader {
  T value;
  template <class Index>
  NDTHRUST_HD T operator()(Index) const {
    return value;
  }
};

template <class X, class = void>
struct operand_traits; // specialised per input kind

template <class T, class S>
struct operand_traits<array<T, S>> {
  using value_type               = T;
  using space                    = S;
  static constexpr bool is_array = true;
  static shape_t shape(const array<T, S>& a) { return a.shape(); }
  /// Whether every offset fits 32-bit math once broadcast to `out_shape`.
  static bool fits_int32(const array<T, S>& a, const shape_t& out_shape) {
    auto m = broadcast_meta({a.shape(), a.strides(), a.offset()}, out_shape);
    return detail::fits_int32(m.shape, m.strides, m.offset);
  }
  template <class Index>
  static array_reader<T, Index> reader(const array<T, S>& a, const shape_t& out_shape) {
    auto m = broadcast_meta({a.shape(), a.strides(), a.offset()}, out_shape);
    bool contiguous = m.shape == a.shape() && a.is_contiguous();
    return {a.storage_begin(), make_flat_layout<Index>(m.shape, m.strides, m.offset, contiguous)};
  }
};

template <class T>
struct operand_traits<T, std::enable_if_t<std::is_arithmetic_v<T> || is_complex_v<T>>> {
  using value_type               = T;
  using space                    = void; // usable in any space
  static constexpr bool is_array = false;
  static shape_t shape(const T&) { return {}; }
  static bool fits_int32(const T&, const shape_t&) { return true; }
  template <class Index>
  static scalar_reader<T> reader(const T& v, const shape_t&) {
    return {v};
  }
};

template <class X>
using operand_value_t = typename operand_traits<std::decay_t<X>>::value_type;

/// An array's or expression's elements in C order as a Thrust iterator, for algorithms that read each element once
/// (bincount, searchsorted's needles, nonzero): an array's own iterator, or the expression's reader over positions,
/// so that its values are computed as they are read and never stored.
template <class X>
auto c_order_begin(const X& x) {
  using traits = operand_traits<X>;
  if constexpr (traits::is_array) {
    return x.begin();
  } else {
    return thrust::make_transform_iterator(thrust::counting_iterator<index_t>(0),
                                           traits::template reader<index_t>(x, traits::shape(x)));
  }
}

/// A shape as NumPy prints it in broadcasting errors: "(3,4)", "(5,)", "()".
inline std::string numpy_shape_str(const shape_t& s) {
  std::string r = "(";
  for (int i = 0; i < s.size(); ++i) r += (i ? "," : "") + std::to_string(s[i]);
  return r + (s.size() == 1 ? ",)" : ")");
}

/// NumPy's broadcast of `count` shapes; the error lists every shape, as NumPy's does.
inline shape_t broadcast_shape_list(const shape_t* shapes, int count) {
  int n = 0;
  for (int k = 0; k < count; ++k) n = shapes[k].size() > n ? shapes[k].size() : n;
  shape_t r = shape_t::filled(n, 1);
  bool ok   = true;
  for (int k = 0; k < count; ++k) {
    const shape_t& s = shapes[k];
    for (int i = 0; i < s.size(); ++i) {
      index_t& e = r[n - s.size() + i];
      if (s[i] == e || s[i] == 1) continue;
      ok = ok && e == 1;
      e  = s[i];
    }
  }
  if (!ok) {
    std::string msg = "operands could not be broadcast together with shapes";
    for (int k = 0; k < count; ++k) msg += " " + numpy_shape_str(shapes[k]);
    throw_shape_error(msg);
  }
  return r;
}

/// The broadcast shape of several operands (NumPy's rules and message).
template <class... X>
shape_t broadcast_operands(const X&... xs) {
  shape_t shapes[] = {shape_t(), operand_traits<std::decay_t<X>>::shape(xs)...};
  return broadcast_shape_list(shapes + 1, static_cast<int>(sizeof...(X)));
}

} // namespace nd::detail
