// ndthrust/core/shape.h — shapes and strides: a fixed-capacity vector usable in kernels, and NumPy's shape rules.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/error.h>

#include <initializer_list>
#include <string>
#include <utility>

namespace nd {

/// A vector of at most max_ndim values, trivially copyable so that kernels take it by value.
template <class T>
struct small_vec {
  T v[max_ndim] = {};
  int n         = 0;

  constexpr small_vec() = default;
  small_vec(std::initializer_list<T> il) {
    NDTHRUST_EXPECTS(il.size() <= static_cast<std::size_t>(max_ndim), value_error,
                     "maximum supported dimension for an ndarray is " + std::to_string(max_ndim) + ", found " +
                       std::to_string(il.size()));
    for (T x : il) v[n++] = x;
  }
  template <class It, class = decltype(*std::declval<It&>()), class = decltype(++std::declval<It&>())>
  small_vec(It first, It last) {
    for (; first != last; ++first) push_back(static_cast<T>(*first));
  }
  /// n copies of x.
  static small_vec filled(int count, T x) {
    small_vec r;
    for (int i = 0; i < count; ++i) r.push_back(x);
    return r;
  }

  NDTHRUST_HD constexpr int size() const { return n; }
  NDTHRUST_HD constexpr bool empty() const { return n == 0; }
  NDTHRUST_HD constexpr T& operator[](int i) { return v[i]; }
  NDTHRUST_HD constexpr const T& operator[](int i) const { return v[i]; }
  NDTHRUST_HD constexpr T* begin() { return v; }
  NDTHRUST_HD constexpr T* end() { return v + n; }
  NDTHRUST_HD constexpr const T* begin() const { return v; }
  NDTHRUST_HD constexpr const T* end() const { return v + n; }
  T& back() { return v[n - 1]; }
  void push_back(T x) {
    NDTHRUST_EXPECTS(n < max_ndim, value_error,
                     "maximum supported dimension for an ndarray is " + std::to_string(max_ndim));
    v[n++] = x;
  }
  void insert(int pos, T x) {
    push_back(x);
    for (int i = n - 1; i > pos; --i) v[i] = v[i - 1];
    v[pos] = x;
  }
  void erase(int pos) {
    for (int i = pos; i + 1 < n; ++i) v[i] = v[i + 1];
    --n;
  }
  friend bool operator==(const small_vec& a, const small_vec& b) {
    if (a.n != b.n) return false;
    for (int i = 0; i < a.n; ++i)
      if (a.v[i] != b.v[i]) return false;
    return true;
  }
  friend bool operator!=(const small_vec& a, const small_vec& b) { return !(a == b); }
};

using shape_t   = small_vec<index_t>;
using strides_t = small_vec<index_t>;

/// Product of the extents (1 for a 0-d shape).
inline index_t shape_size(const shape_t& s) {
  index_t r = 1;
  for (index_t e : s) r *= e;
  return r;
}

/// C-order (row-major) strides in elements.
inline strides_t c_strides(const shape_t& s) {
  strides_t st = strides_t::filled(s.size(), 1);
  index_t acc  = 1;
  for (int i = s.size() - 1; i >= 0; --i) {
    st[i] = acc;
    acc *= (s[i] > 0 ? s[i] : 1);
  }
  return st;
}

/// "(3, 4)", "(5,)", "()" as NumPy prints shapes.
inline std::string shape_str(const shape_t& s) {
  std::string r = "(";
  for (int i = 0; i < s.size(); ++i) {
    if (i) r += ", ";
    r += std::to_string(s[i]);
  }
  if (s.size() == 1) r += ",";
  return r + ")";
}

/// Checks that every extent is non-negative and the size fits index_t.
inline void check_shape(const shape_t& s) {
  index_t total = 1;
  for (index_t e : s) {
    NDTHRUST_EXPECTS(e >= 0, value_error, "negative dimensions are not allowed");
    if (e != 0 && total > INT64_MAX / e) detail::throw_value_error("array is too big; the shape " + shape_str(s) +
                                                                   " has more elements than fit a 64-bit index");
    total *= e;
  }
}

/// Normalises a possibly negative axis for an array of `ndim` dimensions; throws NumPy's AxisError.
inline int normalize_axis(index_t axis, int ndim) {
  if (axis < -ndim || axis >= ndim)
    detail::throw_axis_error("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                             std::to_string(ndim));
  return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

/// NumPy's broadcasting of two shapes; throws with NumPy's message when they do not broadcast.
inline shape_t broadcast_shapes(const shape_t& a, const shape_t& b) {
  int n     = a.size() > b.size() ? a.size() : b.size();
  shape_t r = shape_t::filled(n, 1);
  for (int i = 0; i < n; ++i) {
    int ia     = a.size() - n + i;
    int ib     = b.size() - n + i;
    index_t ea = ia >= 0 ? a[ia] : 1;
    index_t eb = ib >= 0 ? b[ib] : 1;
    if (ea != eb && ea != 1 && eb != 1)
      detail::throw_shape_error("operands could not be broadcast together with shapes " + shape_str(a) + " " +
                                shape_str(b));
    r[i] = ea == 1 ? eb : ea;
  }
  return r;
}

} // namespace nd
