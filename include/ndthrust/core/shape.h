// ndthrust/core/shape.h — shapes and strides: a fixed-capacity vector usable in kernels, and NumPy's shape rules.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/error.h>

#include <cstddef>
#include <cstdint>
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

namespace detail {
/// r = a * b; true when the product does not fit index_t (r is then unspecified). No signed-overflow UB.
inline bool mul_overflows(index_t a, index_t b, index_t& r) {
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__) // nvcc: the portable form
  return __builtin_mul_overflow(a, b, &r);
#else
  if (a == 0 || b == 0) {
    r = 0;
    return false;
  }
  bool neg     = (a < 0) != (b < 0);
  auto ua      = a < 0 ? std::uint64_t(0) - static_cast<std::uint64_t>(a) : static_cast<std::uint64_t>(a);
  auto ub      = b < 0 ? std::uint64_t(0) - static_cast<std::uint64_t>(b) : static_cast<std::uint64_t>(b);
  auto limit   = neg ? std::uint64_t(INT64_MAX) + 1 : std::uint64_t(INT64_MAX);
  if (ua > limit / ub) return true;
  std::uint64_t m = ua * ub;
  r = neg ? static_cast<index_t>(std::uint64_t(0) - m) : static_cast<index_t>(m);
  return false;
#endif
}
/// r = a + b; true when the sum does not fit index_t.
inline bool add_overflows(index_t a, index_t b, index_t& r) {
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__) // nvcc: the portable form
  return __builtin_add_overflow(a, b, &r);
#else
  if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) return true;
  r = a + b;
  return false;
#endif
}
[[noreturn]] inline void throw_too_big() {
  throw_value_error("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.");
}
} // namespace detail

/// Product of the extents (1 for a 0-d shape). A product that does not fit index_t raises "array is too big"
/// (shapes of arrays never do: their constructor checks them).
inline index_t shape_size(const shape_t& s) {
  index_t r     = 1;
  bool overflow = false;
  for (index_t e : s) {
    if (e == 0) return 0;
    overflow = overflow || detail::mul_overflows(r, e, r);
  }
  if (overflow) detail::throw_too_big();
  return r;
}

/// C-order (row-major) strides in elements (axes of extent 0 count as 1, as NumPy's). Cannot overflow for a shape
/// that passed check_shape; raises "array is too big" otherwise.
inline strides_t c_strides(const shape_t& s) {
  strides_t st = strides_t::filled(s.size(), 1);
  index_t acc  = 1;
  for (int i = s.size() - 1; i >= 0; --i) {
    st[i] = acc;
    if (i > 0 && detail::mul_overflows(acc, s[i] > 0 ? s[i] : 1, acc)) detail::throw_too_big();
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

/// NumPy's checks of a new array's shape: every extent is non-negative ("negative dimensions are not allowed"), and
/// the product of the non-zero extents times `itemsize` fits index_t ("array is too big"), so that a zero extent
/// does not excuse the others (NumPy refuses np.empty((0, 2**62, 2**62))). Afterwards the element count, the byte
/// count (for that itemsize) and c_strides cannot overflow.
inline void check_shape(const shape_t& s, std::size_t itemsize = 1) {
  NDTHRUST_EXPECTS(itemsize <= static_cast<std::size_t>(INT64_MAX), value_error, "itemsize is too large");
  index_t bytes = static_cast<index_t>(itemsize);
  for (index_t e : s) {
    NDTHRUST_EXPECTS(e >= 0, value_error, "negative dimensions are not allowed");
    if (e != 0 && detail::mul_overflows(bytes, e, bytes)) detail::throw_too_big();
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
