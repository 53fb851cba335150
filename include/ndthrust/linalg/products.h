// ndthrust/linalg/products.h — products: matmul, dot, vdot, inner, outer, tensordot, kron, trace, and BLAS's
// C = alpha A B + beta C (nd::linalg::gemm).
//
//   nd::matmul(policy, a, b[, out])        NumPy's matmul (out=: same_kind casting, may overlap a or b)
//   nd::dot(policy, a, b[, out])           NumPy's dot
//   nd::linalg::gemm(policy, alpha, a, b, beta, c)   c = alpha · (a @ b) + beta · c in place, c of exactly the
//                                          product's shape and dtype (float, double, complex); returns c
//
// Device arrays go to cuBLAS / cuBLASLt on the CUDA backend, host arrays (and every array on the OMP backend) to
// OpenBLAS's CBLAS. Float GEMMs use TF32 tensor cores only after nd::linalg::set_allow_tf32(true). Real device GEMMs
// use the algorithm cuBLASLt's heuristic ranks first; nd::linalg::set_gemm_autotune(true) times the candidates once
// per shape instead (that first product synchronises). Nothing else synchronises.
// Forms without a policy use nd::device for device arrays and nd::host for host arrays. Operands of different
// dtypes compute in NumPy's result type (float32 @ int32 → float64).
#pragma once

#include <ndthrust/detail/linalg/gemm.h>
#include <ndthrust/detail/linalg/kernels.h>
#include <ndthrust/detail/linalg/ops.h>
#include <ndthrust/detail/casting.h>
#include <ndthrust/detail/overlap.h>
#include <ndthrust/promotion.h>
#include <ndthrust/reduce.h>
#include <ndthrust/ufuncs.h>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

namespace nd {

namespace detail::linalg {
inline const char* matmul_sig = "(n?,k),(k,m?)->(n?,m?)";
/// dot / inner with a 0-d operand: NumPy multiplies.
template <class Policy, class T, class S>
array<T, S> scalar_product(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  return multiply(policy, a, b, empty<T>(policy, broadcast_shapes(a.shape(), b.shape())));
}
} // namespace detail::linalg

namespace detail::linalg {
/// matmul's operands as stacks of matrices (a 1-d operand gains a unit axis) and its result's shapes: `full`
/// (batch…, n, m), which the GEMMs write, and `result`, without the unit axes of 1-d operands.
template <class T, class S>
struct matmul_plan {
  array<T, S> a2, b2;
  shape_t full, result;
};
template <class T, class S>
matmul_plan<T, S> plan_matmul(const array<T, S>& a, const array<T, S>& b) {
  for (int i = 0; i < 2; ++i) {
    int nd_ = i == 0 ? a.ndim() : b.ndim();
    if (nd_ == 0)
      throw_value_error("matmul: Input operand " + std::to_string(i) +
                        " does not have enough dimensions (has 0, gufunc core with signature " + matmul_sig +
                        " requires 1)");
  }
  matmul_plan<T, S> p{a.ndim() == 1 ? expand_dims(a, 0) : a, b.ndim() == 1 ? expand_dims(b, 1) : b, {}, {}};
  if (p.a2.shape(-1) != p.b2.shape(-2))
    throw_value_error("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature " +
                      std::string(matmul_sig) + " (size " + std::to_string(p.b2.shape(-2)) + " is different from " +
                      std::to_string(p.a2.shape(-1)) + ")");
  shape_t bshape = broadcast_shapes(batch_shape(p.a2.shape()), batch_shape(p.b2.shape()));
  p.full         = with_tail(bshape, {p.a2.shape(-2), p.b2.shape(-1)});
  p.result       = bshape;
  if (a.ndim() != 1) p.result.push_back(p.a2.shape(-2));
  if (b.ndim() != 1) p.result.push_back(p.b2.shape(-1));
  return p;
}

/// `out` as the GEMMs' destination (the full shape, rows of unit stride, no overlap with the operands), or an empty
/// optional when the product must go through a temporary.
template <class Policy, class T, class S>
std::optional<array<T, S>> direct_out(const Policy& policy, const matmul_plan<T, S>& p, const array<T, S>& out) {
  if (!out.is_contiguous() || ::nd::detail::may_overlap(out, p.a2) || ::nd::detail::may_overlap(out, p.b2))
    return std::nullopt;
  return reshape(policy, out, p.full);
}

/// T in a non-deduced context: gemm's alpha and beta convert to the arrays' type (2.0 for float arrays).
template <class T>
struct scalar_of {
  using type = T;
};
template <class T>
using scalar_t = typename scalar_of<T>::type;

inline void check_out_shape(const char* fn, const shape_t& out, const shape_t& result) {
  if (out != result)
    throw_value_error(std::string(fn) + ": out has shape " + shape_str(out) + ", but the result has shape " +
                      shape_str(result));
}
} // namespace detail::linalg

/// NumPy's matmul: stacks of matrices with broadcast batch axes; a 1-d operand is promoted to a matrix and its
/// axis removed from the result. Strided and transposed views reach BLAS without a copy where the layout allows;
/// a product with a vector goes to GEMV.
template <class Policy, class T, class S>
array<T, S> matmul(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  namespace L = detail::linalg;
  auto p   = L::plan_matmul(a, b);
  auto out = empty<T>(policy, p.full);
  L::matmul_core(policy, p.a2, p.b2, out);
  return reshape(policy, out, p.result);
}
/// matmul into `out` (NumPy's out=): `out` has the result's shape; its dtype is the result's or one the result
/// casts to under same_kind (float32 products into a float64 out); it may overlap the operands (the product then
/// goes through a temporary, as in NumPy). Returns `out`.
template <class Policy, class T, class S, class U>
array<U, S> matmul(const Policy& policy, const array<T, S>& a, const array<T, S>& b, const array<U, S>& out) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  namespace L = detail::linalg;
  detail::check_out_cast<T, U>(casting::same_kind, "matmul");
  auto p = L::plan_matmul(a, b);
  L::check_out_shape("matmul", out.shape(), p.result);
  if constexpr (std::is_same_v<T, U>) {
    if (auto direct = L::direct_out(policy, p, out)) {
      L::matmul_core(policy, p.a2, p.b2, *direct);
      return out;
    }
  }
  auto tmp = empty<T>(policy, p.full);
  L::matmul_core(policy, p.a2, p.b2, tmp);
  copyto(policy, out, reshape(policy, tmp, p.result));
  return out;
}
template <class T, class S>
array<T, S> matmul(const array<T, S>& a, const array<T, S>& b) {
  return matmul(detail::default_policy<S>(), a, b);
}

/// NumPy's tensordot: sums over a's `axes_a` paired with b's `axes_b`; the result has a's free axes then b's.
template <class Policy, class T, class S>
array<T, S> tensordot(const Policy& policy, const array<T, S>& a, const array<T, S>& b, const axes_t& axes_a,
                      const axes_t& axes_b) {
  NDTHRUST_EXPECTS(axes_a.size() == axes_b.size(), shape_error, "shape-mismatch for sum");
  auto ca = detail::normalize_axes(axes_a, a.ndim()), cb = detail::normalize_axes(axes_b, b.ndim());
  bool con_a[max_ndim] = {}, con_b[max_ndim] = {};
  index_t K = 1;
  for (int i = 0; i < ca.size(); ++i) {
    NDTHRUST_EXPECTS(a.shape()[ca[i]] == b.shape()[cb[i]], shape_error, "shape-mismatch for sum");
    con_a[ca[i]] = con_b[cb[i]] = true;
    K *= a.shape()[ca[i]];
  }
  axes_t pa, pb;
  shape_t out_shape;
  index_t M = 1, N = 1;
  for (int d = 0; d < a.ndim(); ++d)
    if (!con_a[d]) pa.push_back(d), out_shape.push_back(a.shape()[d]), M *= a.shape()[d];
  for (int d : ca) pa.push_back(d);
  for (int d : cb) pb.push_back(d);
  for (int d = 0; d < b.ndim(); ++d)
    if (!con_b[d]) pb.push_back(d), out_shape.push_back(b.shape()[d]), N *= b.shape()[d];
  auto a2 = reshape(policy, transpose(a, pa), {M, K});
  auto b2 = reshape(policy, transpose(b, pb), {K, N});
  return reshape(policy, matmul(policy, a2, b2), out_shape);
}
/// tensordot over the last `n` axes of a and the first `n` of b.
template <class Policy, class T, class S>
array<T, S> tensordot(const Policy& policy, const array<T, S>& a, const array<T, S>& b, int n = 2) {
  NDTHRUST_EXPECTS(n >= 0 && n <= a.ndim() && n <= b.ndim(), shape_error, "shape-mismatch for sum");
  axes_t aa, bb;
  for (int i = 0; i < n; ++i) aa.push_back(a.ndim() - n + i), bb.push_back(i);
  return tensordot(policy, a, b, aa, bb);
}

/// NumPy's dot: inner product of vectors, matrix product of matrices, and for N-d arrays a sum over a's last axis
/// and b's second-to-last.
template <class Policy, class T, class S>
array<T, S> dot(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  if (a.ndim() == 0 || b.ndim() == 0) return detail::linalg::scalar_product(policy, a, b);
  if (b.ndim() <= 2 || a.ndim() == 1) {
    if (b.ndim() == 1 || a.ndim() <= 2) {
      if (a.shape(-1) != b.shape(b.ndim() == 1 ? -1 : -2))
        detail::throw_shape_error("shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                                  " not aligned: " + std::to_string(a.shape(-1)) + " (dim " +
                                  std::to_string(a.ndim() - 1) + ") != " +
                                  std::to_string(b.shape(b.ndim() == 1 ? -1 : -2)) + " (dim " +
                                  std::to_string(b.ndim() == 1 ? 0 : b.ndim() - 2) + ")");
      if (a.ndim() <= 2 || b.ndim() == 1) return matmul(policy, a, b);
    }
  }
  NDTHRUST_EXPECTS(a.shape(-1) == b.shape(b.ndim() == 1 ? -1 : -2), shape_error,
                   "shapes " + shape_str(a.shape()) + " and " + shape_str(b.shape()) + " not aligned");
  return tensordot(policy, a, b, axes_t{-1}, axes_t{b.ndim() == 1 ? -1 : -2});
}
/// dot into `out` (NumPy's out=: NumPy requires out to have exactly the result's dtype and to be C-contiguous;
/// here any dtype the result casts to under same_kind, and any layout). Returns `out`.
template <class Policy, class T, class S, class U>
array<U, S> dot(const Policy& policy, const array<T, S>& a, const array<T, S>& b, const array<U, S>& out) {
  detail::check_out_cast<T, U>(casting::same_kind, "dot");
  if ((a.ndim() <= 2 && b.ndim() <= 2 && a.ndim() > 0 && b.ndim() > 0) || (b.ndim() == 1 && a.ndim() > 0)) {
    if (a.shape(-1) != b.shape(b.ndim() == 1 ? -1 : -2)) return dot(policy, a, b); // dot's own shape error
    return matmul(policy, a, b, out);
  }
  auto r = dot(policy, a, b);
  detail::linalg::check_out_shape("dot", out.shape(), r.shape());
  copyto(policy, out, r);
  return out;
}
/// NumPy's inner: sums over the last axes of both.
template <class Policy, class T, class S>
array<T, S> inner(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  if (a.ndim() == 0 || b.ndim() == 0) return detail::linalg::scalar_product(policy, a, b);
  NDTHRUST_EXPECTS(a.shape(-1) == b.shape(-1), shape_error, "shapes " + shape_str(a.shape()) + " and " +
                                                              shape_str(b.shape()) + " not aligned");
  return tensordot(policy, a, b, axes_t{-1}, axes_t{-1});
}
/// NumPy's outer: out[i, j] = a.ravel()[i] * b.ravel()[j].
template <class Policy, class T, class S>
array<T, S> outer(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  auto a2 = reshape(policy, a, {a.size(), 1});
  auto b2 = reshape(policy, b, {1, b.size()});
  return matmul(policy, a2, b2);
}
/// NumPy's vdot: sum(conj(a.ravel()) * b.ravel()) as a 0-d array (no synchronisation; .item() reads it).
template <class Policy, class T, class S>
array<T, S> vdot(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  NDTHRUST_EXPECTS(a.size() == b.size(), value_error, "vector dot: cannot dot arrays of sizes " +
                                                        std::to_string(a.size()) + " and " + std::to_string(b.size()));
  if constexpr (!is_complex_v<T> || !detail::linalg::is_blas_type_v<T>) {
    return matmul(policy, ravel(policy, a), ravel(policy, b));
  } else {
    auto out = empty<T>(policy, shape_t{});
    index_t n = a.size();
    if (n == 0) {
      thrust::fill_n(policy, out.data(), 1, T(0));
      return out;
    }
    auto ra = ascontiguousarray(policy, ravel(policy, a)), rb = ascontiguousarray(policy, ravel(policy, b));
    // 1×1 = aᴴ (op C of the n×1 column a) · b (n×1).
    detail::linalg::gemm_desc d{dtype_of<T>, detail::linalg::op::c, detail::linalg::op::n, 1, 1, n,
                                ra.raw(), n, 0, rb.raw(), n, 0, out.raw(), 1, 0, 1};
    detail::linalg::gemm<S>(d, stream_of(policy));
    return out;
  }
}
/// NumPy's kron: the Kronecker product (blocks a[i, j] * b).
template <class Policy, class T, class S>
array<T, S> kron(const Policy& policy, const array<T, S>& a, const array<T, S>& b) {
  int nd_     = a.ndim() > b.ndim() ? a.ndim() : b.ndim();
  shape_t sa  = a.shape(), sb = b.shape();
  while (sa.size() < nd_) sa.insert(0, 1);
  while (sb.size() < nd_) sb.insert(0, 1);
  auto o = outer(policy, a, b); // (a.size, b.size) = shape sa + sb in C order
  shape_t inter, fin;
  for (int d = 0; d < nd_; ++d) inter.push_back(sa[d]);
  for (int d = 0; d < nd_; ++d) inter.push_back(sb[d]);
  axes_t perm;
  for (int d = 0; d < nd_; ++d) perm.push_back(d), perm.push_back(nd_ + d), fin.push_back(sa[d] * sb[d]);
  return reshape(policy, transpose(reshape(policy, o, inter), perm), fin);
}
/// Sum along the diagonal `offset` of the planes (axis1, axis2) (NumPy's trace: bool and integers smaller than 64
/// bits sum in int64, unsigned ones in uint64, other dtypes in themselves).
template <class Policy, class T, class S>
array<detail::sum_type_t<T>, S> trace(const Policy& policy, const array<T, S>& a, index_t offset = 0,
                                      index_t axis1 = 0, index_t axis2 = 1) {
  return sum(policy, diagonal(a, offset, axis1, axis2), index_t(-1));
}

template <class T, class S>
array<T, S> dot(const array<T, S>& a, const array<T, S>& b) {
  return dot(detail::default_policy<S>(), a, b);
}
template <class T, class S>
array<T, S> vdot(const array<T, S>& a, const array<T, S>& b) {
  return vdot(detail::default_policy<S>(), a, b);
}
template <class T, class S>
array<T, S> inner(const array<T, S>& a, const array<T, S>& b) {
  return inner(detail::default_policy<S>(), a, b);
}
template <class T, class S>
array<T, S> outer(const array<T, S>& a, const array<T, S>& b) {
  return outer(detail::default_policy<S>(), a, b);
}
template <class T, class S>
array<detail::sum_type_t<T>, S> trace(const array<T, S>& a, index_t offset = 0, index_t axis1 = 0, index_t axis2 = 1) {
  return trace(detail::default_policy<S>(), a, offset, axis1, axis2);
}

namespace linalg {
/// BLAS's GEMM: c = alpha · matmul(a, b) + beta · c, in place, with NumPy's matmul shapes (stacks, broadcast batch
/// axes, 1-d operands); c has exactly the product's shape. beta = 0 does not read c (its NaNs do not propagate), as
/// BLAS. One GEMM (or GEMV) call writes c directly where c's rows have unit stride and c overlaps neither operand;
/// otherwise the product goes through a temporary and one fused pass. Returns c.
template <class Policy, class T, class S>
array<T, S> gemm(const Policy& policy, ::nd::detail::linalg::scalar_t<T> alpha, const array<T, S>& a, const array<T, S>& b,
                 ::nd::detail::linalg::scalar_t<T> beta, const array<T, S>& c) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  static_assert(::nd::detail::linalg::is_blas_type_v<T>,
                "nd::linalg::gemm takes float, double, complex64 or complex128 arrays (nd::matmul takes the others)");
  namespace L = ::nd::detail::linalg;
  auto p = L::plan_matmul(a, b);
  L::check_out_shape("gemm", c.shape(), p.result);
  if (auto direct = L::direct_out(policy, p, c)) {
    L::matmul_core(policy, p.a2, p.b2, *direct, T(alpha), T(beta));
    return c;
  }
  auto tmp = empty<T>(policy, p.full);
  L::matmul_core(policy, p.a2, p.b2, tmp);
  auto t = reshape(policy, tmp, p.result);
  if (c.size() > 0)
    thrust::transform(policy, t.data(), t.data() + t.size(), c.begin(), c.begin(), L::axpby_fn<T>{T(alpha), T(beta)});
  return c;
}
} // namespace linalg

// Operands of different dtypes: NumPy's result type (NEP 50, as the ufuncs), each operand converted only when its
// dtype differs from it. Same-dtype calls take the forms above, with no extra pass.
#define NDTHRUST_PRODUCT_PROMOTE(fn)                                                                                   \
  template <class Policy, class A, class B, class S, class... Args, std::enable_if_t<!std::is_same_v<A, B>, int> = 0> \
  auto fn(const Policy& policy, const array<A, S>& a, const array<B, S>& b, Args&&... args) {                          \
    using R = result_type_t<A, B>;                                                                                     \
    return fn(policy, detail::linalg::as_type<R>(policy, a), detail::linalg::as_type<R>(policy, b),                    \
              std::forward<Args>(args)...);                                                                            \
  }                                                                                                                    \
  template <class A, class B, class S, std::enable_if_t<!std::is_same_v<A, B>, int> = 0>                              \
  auto fn(const array<A, S>& a, const array<B, S>& b) {                                                                \
    return fn(detail::default_policy<S>(), a, b);                                                                      \
  }
NDTHRUST_PRODUCT_PROMOTE(matmul)
NDTHRUST_PRODUCT_PROMOTE(dot)
NDTHRUST_PRODUCT_PROMOTE(vdot)
NDTHRUST_PRODUCT_PROMOTE(inner)
NDTHRUST_PRODUCT_PROMOTE(outer)
NDTHRUST_PRODUCT_PROMOTE(tensordot)
NDTHRUST_PRODUCT_PROMOTE(kron)
#undef NDTHRUST_PRODUCT_PROMOTE

} // namespace nd
