// ndthrust/detail/linalg/kernels.h — the small kernels around BLAS/LAPACK calls: packing matrices column-major,
// unpacking (triangles) back to C order, determinants from LU factors, reductions along the last axis.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/core/array.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/creation.h>
#include <ndthrust/detail/linalg/dispatch.h>
#include <ndthrust/transfer.h>
#include <ndthrust/views.h>

#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/discard_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/reduce.h>
#include <thrust/tabulate.h>
#include <thrust/transform.h>

#include <cmath>
#include <limits>
#include <string>

namespace nd {

namespace detail::linalg {

/// Batch shape of a stack of matrices (all axes but the last two).
inline shape_t batch_shape(const shape_t& s) {
  shape_t r;
  for (int d = 0; d + 2 < s.size(); ++d) r.push_back(s[d]);
  return r;
}
inline shape_t with_tail(shape_t s, std::initializer_list<index_t> tail) {
  for (index_t e : tail) s.push_back(e);
  return s;
}

/// The type LAPACK computes T in: T itself for float, double and the complex types; float64 for integers and bool
/// (NumPy's linalg).
template <class T>
using lapack_t = std::conditional_t<is_blas_type_v<T>, T, double>;
template <class T>
using if_lapack_t = std::enable_if_t<is_blas_type_v<T>, int>;
template <class T>
using if_not_lapack_t = std::enable_if_t<!is_blas_type_v<T>, int>;
using ::nd::detail::as_type;

/// Checks that `a` is a stack of matrices (at least 2-d) and, if `square`, that its matrices are square.
template <class T, class S>
void check_matrices(const array<T, S>& a, const char* fn, bool square) {
  NDTHRUST_EXPECTS(a.ndim() >= 2, value_error,
                   std::string(fn) + ": " + std::to_string(a.ndim()) +
                     "-dimensional array given. Array must be at least two-dimensional");
  NDTHRUST_EXPECTS(!square || a.shape(-1) == a.shape(-2), value_error,
                   std::string(fn) + ": Last 2 dimensions of the array must be square");
  static_assert(is_blas_type_v<T>, "nd::linalg: decompositions take float, double, complex64 or complex128 arrays");
}

/// Packs `a` (…, r, c) into fresh memory holding each matrix column-major: a C-contiguous array of shape (…, c, r).
template <class Policy, class T, class S>
array<T, S> pack_fortran(const Policy& policy, const array<T, S>& a) {
  shape_t sh = a.shape();
  std::swap(sh[sh.size() - 1], sh[sh.size() - 2]);
  auto buf = empty<T>(policy, sh);
  copyto(policy, swapaxes(buf, -1, -2), a);
  return buf;
}

/// Unpacks rows×cols matrices stored column-major (leading dimension ld, batch stride bs) into C order, keeping
/// the lower (part = 1) or upper (part = 2) triangle, or everything (part = 0); conjugates when `conj`.
template <class T>
struct unpack_fn {
  const T* src;
  index_t rows, cols, ld, bs;
  int part;
  bool conj;
  NDTHRUST_HD T operator()(index_t o) const {
    index_t j = o % cols, i = (o / cols) % rows, b = o / (cols * rows);
    if ((part == 1 && j > i) || (part == 2 && j < i)) return T(0);
    T v = src[b * bs + j * ld + i];
    if constexpr (is_complex_v<T>) {
      if (conj) v = thrust::conj(v);
    }
    return v;
  }
};
template <class Policy, class T, class S>
array<T, S> unpack(const Policy& policy, const array<T, S>& src, const shape_t& batch, index_t rows, index_t cols, index_t ld,
                   index_t bs, int part, bool conj = false) {
  auto out = empty<T>(policy, with_tail(batch, {rows, cols}));
  if (out.size() > 0)
    thrust::tabulate(policy, out.data(), out.data() + out.size(), unpack_fn<T>{src.raw(), rows, cols, ld, bs, part, conj});
  return out;
}

/// Determinant from LU factors: the product of U's diagonal, negated once per row interchange.
template <class T>
struct det_fn {
  const T* lu;
  const int* ipiv;
  index_t n;
  NDTHRUST_HD T operator()(index_t b) const {
    T d(1);
    for (index_t i = 0; i < n; ++i) {
      d = d * lu[b * n * n + i * n + i];
      if (ipiv[b * n + i] != i + 1) d = -d;
    }
    return d;
  }
};
/// sign and log|det| from LU factors (NumPy's slogdet); a zero pivot gives sign 0 and -inf.
template <class T>
struct slogdet_fn {
  const T* lu;
  const int* ipiv;
  index_t n;
  T* sign;
  real_of_t<T>* logabs;
  NDTHRUST_HD void operator()(index_t b) const {
    using R = real_of_t<T>;
    T s(1);
    R l(0);
    for (index_t i = 0; i < n; ++i) {
      T u = lu[b * n * n + i * n + i];
      R a;
      if constexpr (is_complex_v<T>) a = thrust::abs(u);
      else a = u < T(0) ? -u : u;
      if (a == R(0)) {
        sign[b]   = T(0);
        logabs[b] = -INFINITY;
        return;
      }
      s = s * (u / a);
      l += std::log(a);
      if (ipiv[b * n + i] != i + 1) s = -s;
    }
    sign[b]   = s;
    logabs[b] = l;
  }
};

/// Rank from descending singular values: the count above s[0] * scale.
template <class R>
struct rank_fn {
  const R* s;
  index_t k;
  R scale;
  NDTHRUST_HD std::int64_t operator()(index_t b) const {
    if (k == 0) return 0;
    R tol = s[b * k] * scale;
    std::int64_t r = 0;
    for (index_t i = 0; i < k; ++i) r += s[b * k + i] > tol ? 1 : 0;
    return r;
  }
};

/// Reads the LAPACK infos (the one synchronisation of a checking call) and raises `msg` for a positive one.
template <class Policy, class S>
void check_info(const Policy&, const array<int, S>& info, const char* msg) {
  if (info.size() == 0) return;
  auto v = to_vector(info);
  for (int x : v) {
    if (x > 0) throw linalg_error(msg);
    if (x < 0) throw error("linalg: the LAPACK call rejected argument " + std::to_string(-x));
  }
}

// --- reductions along the last axis ------------------------------------------------------------------------------

template <class R>
struct norm_term_fn {
  double p; // 0: count non-zeros, 1: |x|, 2: |x|^2, inf/-inf: |x|, else |x|^p
  template <class T>
  NDTHRUST_HD R operator()(const T& x) const {
    R a;
    if constexpr (is_complex_v<T>) a = static_cast<R>(thrust::abs(x));
    else a = static_cast<R>(x < T(0) ? -x : x);
    if (p == 0) return a != R(0) ? R(1) : R(0);
    if (p == 2) return a * a;
    if (p == 1 || p == INFINITY || p == -INFINITY) return a;
    return static_cast<R>(std::pow(static_cast<double>(a), p));
  }
};
template <class R>
struct norm_root_fn {
  double p;
  NDTHRUST_HD R operator()(R s) const {
    if (p == 2) return std::sqrt(s);
    if (p == 0 || p == 1 || p == INFINITY || p == -INFINITY) return s;
    return static_cast<R>(std::pow(static_cast<double>(s), 1.0 / p));
  }
};
struct identity_fn {
  template <class T>
  NDTHRUST_HD T operator()(const T& x) const {
    return x;
  }
};
struct row_of_fn {
  index_t len;
  NDTHRUST_HD index_t operator()(index_t i) const { return i / len; }
};
template <class R>
struct max_fn {
  NDTHRUST_HD R operator()(R a, R b) const { return a < b ? b : a; }
};
template <class R>
struct min_fn {
  NDTHRUST_HD R operator()(R a, R b) const { return b < a ? b : a; }
};
template <class R>
struct plus_fn {
  NDTHRUST_HD R operator()(R a, R b) const { return a + b; }
};

/// out[r] = reduce(op, term(c[r, :])) for a C-contiguous (rows, len) array; rows × 0 gives `empty_value`.
template <class R, class Policy, class T, class S, class Term, class Op>
array<R, S> reduce_rows(const Policy& policy, const array<T, S>& c, const shape_t& out_shape, Term term, Op op,
                        R empty_value) {
  index_t len = c.shape(-1), rows = c.size() / (len > 0 ? len : 1);
  auto out    = empty<R>(policy, out_shape);
  if (out.size() == 0) return out;
  if (len == 0) {
    thrust::fill_n(policy, out.data(), out.size(), empty_value);
    return out;
  }
  (void) rows;
  auto keys = thrust::make_transform_iterator(thrust::counting_iterator<index_t>(0), row_of_fn{len});
  auto vals = thrust::make_transform_iterator(c.data(), term);
  thrust::reduce_by_key(policy, keys, keys + c.size(), vals, thrust::make_discard_iterator(), out.data(),
                        thrust::equal_to<index_t>(), op);
  return out;
}

/// Moves `axes` of `a` to the end and packs it as (rest, prod(axes)); returns the packed array and the rest shape.
template <class Policy, class T, class S>
array<T, S> gather_axes_last(const Policy& policy, const array<T, S>& a, const small_vec<int>& axes,
                             shape_t& rest) {
  bool red[max_ndim] = {};
  for (int d : axes) red[d] = true;
  axes_t perm;
  rest = shape_t{};
  index_t len = 1;
  for (int d = 0; d < a.ndim(); ++d)
    if (!red[d]) {
      perm.push_back(d);
      rest.push_back(a.shape()[d]);
    }
  for (int d : axes) {
    perm.push_back(d);
    len *= a.shape()[d];
  }
  auto t = transpose(a, perm);
  return reshape(policy, ascontiguousarray(policy, t), with_tail(rest, {len}));
}

} // namespace detail::linalg
} // namespace nd
