// ndthrust/detail/linalg/decomp.h — nd::linalg: solve, inv, det, slogdet, cholesky, qr, svd, eigh and norms.
// Included by ndthrust/linalg.h (users include that). Each function packs its (batched) input column-major into a
// private buffer, calls LAPACK / cuSOLVER on it in place, and unpacks C-ordered results.
#pragma once

#include <ndthrust/detail/linalg/kernels.h>
#include <ndthrust/detail/linalg/ops.h>

#include <thrust/for_each.h>

#include <cmath>
#include <string>

namespace nd::linalg {

namespace L = ::nd::detail::linalg;

/// Lets float32 / complex64 GEMMs use TF32 tensor cores (faster, ~10-bit mantissa inputs). Off by default.
inline void set_allow_tf32(bool on) { L::set_allow_tf32(on); }
inline bool allow_tf32() { return L::allow_tf32(); }

template <class T>
using real_t = L::real_of_t<T>;

/// Solves a x = b for x (NumPy 2's solve: b is a stack of vectors only when it is 1-d, else a stack of matrices);
/// batch axes broadcast. Raises linalg_error("Singular matrix") after one synchronisation unless `check` is false.
template <class Policy, class T, class S>
array<T, S> solve(const Policy& policy, const array<T, S>& a, const array<T, S>& b, bool check = true) {
  NDTHRUST_CHECK_POLICY(Policy, S);
  L::check_matrices(a, "solve", true);
  index_t n      = a.shape(-1);
  bool vec       = b.ndim() == 1;
  array<T, S> b2 = vec ? expand_dims(b, 1) : b;
  NDTHRUST_EXPECTS(b2.ndim() >= 2 && b2.shape(-2) == n, value_error,
                   "solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                   "(m,m),(m,n)->(m,n) (size " + std::to_string(b2.shape(-2)) + " is different from " +
                     std::to_string(n) + ")");
  index_t nrhs   = b2.shape(-1);
  shape_t bshape = broadcast_shapes(L::batch_shape(a.shape()), L::batch_shape(b2.shape()));
  index_t batch  = shape_size(bshape);
  auto af = L::pack_fortran(policy, broadcast_to(a, L::with_tail(bshape, {n, n})));
  auto bf = L::pack_fortran(policy, broadcast_to(b2, L::with_tail(bshape, {n, nrhs})));
  if (batch > 0 && n > 0 && nrhs > 0) {
    constexpr bool dev = std::is_same_v<S, device_space>;
    auto ipiv          = empty<int>(policy, {batch, n});
    auto info          = empty<int>(policy, {batch});
    L::getrf(dev, dtype_of<T>, n, batch, af.raw(), ipiv.raw(), info.raw(), stream_of(policy));
    L::getrs(dev, dtype_of<T>, n, nrhs, batch, af.raw(), ipiv.raw(), bf.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Singular matrix");
  }
  auto x = ascontiguousarray(policy, swapaxes(bf, -1, -2));
  return vec ? reshape(policy, x, L::with_tail(bshape, {n})) : x;
}

/// The inverse of each matrix; raises linalg_error("Singular matrix") as solve does.
template <class Policy, class T, class S>
array<T, S> inv(const Policy& policy, const array<T, S>& a, bool check = true) {
  L::check_matrices(a, "inv", true);
  auto id = eye<T>(policy, a.shape(-1));
  return solve(policy, a, broadcast_to(id, a.shape()), check);
}

namespace detail {
template <class Policy, class T, class S>
auto lu_factor(const Policy& policy, const array<T, S>& a, const char* fn) {
  L::check_matrices(a, fn, true);
  index_t n    = a.shape(-1);
  shape_t bsh  = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af      = L::pack_fortran(policy, a);
  auto ipiv    = empty<int>(policy, {batch, n});
  auto info    = empty<int>(policy, {batch});
  if (batch > 0 && n > 0)
    L::getrf(std::is_same_v<S, device_space>, dtype_of<T>, n, batch, af.raw(), ipiv.raw(), info.raw(),
             stream_of(policy));
  return std::make_tuple(af, ipiv, bsh, n);
}
} // namespace detail

/// Determinants (0 for a singular matrix, never an error; no synchronisation).
template <class Policy, class T, class S>
array<T, S> det(const Policy& policy, const array<T, S>& a) {
  auto [lu, ipiv, bsh, n] = detail::lu_factor(policy, a, "det");
  auto out                = empty<T>(policy, bsh);
  if (out.size() > 0)
    thrust::tabulate(policy, out.data(), out.data() + out.size(), L::det_fn<T>{lu.raw(), ipiv.raw(), n});
  return out;
}

template <class T, class S>
struct slogdet_result {
  array<T, S> sign;
  array<real_t<T>, S> logabsdet;
};
/// Sign (a unit-modulus number for complex) and natural log of |det|, without overflow (NumPy's slogdet).
template <class Policy, class T, class S>
slogdet_result<T, S> slogdet(const Policy& policy, const array<T, S>& a) {
  auto [lu, ipiv, bsh, n] = detail::lu_factor(policy, a, "slogdet");
  slogdet_result<T, S> r{empty<T>(policy, bsh), empty<real_t<T>>(policy, bsh)};
  if (r.sign.size() > 0)
    thrust::for_each_n(policy, thrust::counting_iterator<index_t>(0), r.sign.size(),
                       L::slogdet_fn<T>{lu.raw(), ipiv.raw(), n, r.sign.raw(), r.logabsdet.raw()});
  return r;
}

/// The lower-triangular Cholesky factor L (a = L Lᴴ), from a's lower triangle. Raises
/// linalg_error("Matrix is not positive definite") after one synchronisation unless `check` is false.
template <class Policy, class T, class S>
array<T, S> cholesky(const Policy& policy, const array<T, S>& a, bool check = true) {
  L::check_matrices(a, "cholesky", true);
  index_t n     = a.shape(-1);
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  if (batch > 0 && n > 0) {
    auto info = empty<int>(policy, {batch});
    L::potrf(std::is_same_v<S, device_space>, dtype_of<T>, n, batch, af.raw(), info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Matrix is not positive definite");
  }
  return L::unpack(policy, af, bsh, n, n, n, n * n, 1);
}

enum class qr_mode { reduced, r };
template <class T, class S>
struct qr_result {
  array<T, S> Q; // (…, m, k); empty for qr_mode::r
  array<T, S> R; // (…, k, n)
};
/// QR decomposition (NumPy's mode="reduced", or "r" for R only); k = min(m, n).
template <class Policy, class T, class S>
qr_result<T, S> qr(const Policy& policy, const array<T, S>& a, qr_mode mode = qr_mode::reduced) {
  L::check_matrices(a, "qr", false);
  constexpr bool dev = std::is_same_v<S, device_space>;
  index_t m = a.shape(-2), n = a.shape(-1), k = m < n ? m : n;
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  auto tau      = empty<T>(policy, {batch, k});
  bool work     = batch > 0 && k > 0;
  if (work) L::geqrf(dev, dtype_of<T>, m, n, batch, af.raw(), tau.raw(), stream_of(policy));
  qr_result<T, S> r;
  r.R = L::unpack(policy, af, bsh, k, n, m, m * n, 2);
  if (mode == qr_mode::r) return r;
  if (work) L::orgqr(dev, dtype_of<T>, m, n, k, batch, af.raw(), tau.raw(), stream_of(policy));
  r.Q = L::unpack(policy, af, bsh, m, k, m, m * n, 0);
  return r;
}

template <class T, class Space>
struct svd_result {
  array<T, Space> U;          // (…, m, k)
  array<real_t<T>, Space> S;  // (…, k), descending
  array<T, Space> Vh;         // (…, k, n)
};
/// Thin SVD a = U diag(S) Vh with k = min(m, n) (NumPy's svd(a, full_matrices=False)). Raises
/// linalg_error("SVD did not converge") after one synchronisation unless `check` is false.
template <class Policy, class T, class S>
svd_result<T, S> svd(const Policy& policy, const array<T, S>& a, bool compute_uv = true, bool check = true) {
  L::check_matrices(a, "svd", false);
  index_t m = a.shape(-2), n = a.shape(-1), k = m < n ? m : n;
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  svd_result<T, S> r;
  r.S   = empty<real_t<T>>(policy, L::with_tail(bsh, {k}));
  auto u = empty<T>(policy, {compute_uv ? batch * m * k : 0});
  auto v = empty<T>(policy, {compute_uv ? batch * k * n : 0});
  if (batch > 0 && k > 0) {
    auto info = empty<int>(policy, {batch});
    L::gesvd(std::is_same_v<S, device_space>, dtype_of<T>, m, n, batch, af.raw(), r.S.raw(),
             compute_uv ? u.raw() : nullptr, compute_uv ? v.raw() : nullptr, info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "SVD did not converge");
  }
  if (compute_uv) {
    r.U  = L::unpack(policy, u, bsh, m, k, m, m * k, 0);
    r.Vh = L::unpack(policy, v, bsh, k, n, k, k * n, 0);
  }
  return r;
}
/// Singular values only, descending.
template <class Policy, class T, class S>
array<real_t<T>, S> svdvals(const Policy& policy, const array<T, S>& a, bool check = true) {
  return svd(policy, a, false, check).S;
}

template <class T, class S>
struct eigh_result {
  array<real_t<T>, S> eigenvalues; // (…, n), ascending
  array<T, S> eigenvectors;        // (…, n, n), column j for eigenvalue j
};
/// Eigen-decomposition of Hermitian (symmetric) matrices from their lower triangle (NumPy's eigh, UPLO='L').
template <class Policy, class T, class S>
eigh_result<T, S> eigh(const Policy& policy, const array<T, S>& a, bool compute_v = true, bool check = true) {
  L::check_matrices(a, "eigh", true);
  index_t n     = a.shape(-1);
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  eigh_result<T, S> r;
  r.eigenvalues = empty<real_t<T>>(policy, L::with_tail(bsh, {n}));
  if (batch > 0 && n > 0) {
    auto info = empty<int>(policy, {batch});
    L::syevd(std::is_same_v<S, device_space>, dtype_of<T>, n, batch, af.raw(), r.eigenvalues.raw(), compute_v,
             info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Eigenvalues did not converge");
  }
  if (compute_v) r.eigenvectors = L::unpack(policy, af, bsh, n, n, n, n * n, 0);
  return r;
}
template <class Policy, class T, class S>
array<real_t<T>, S> eigvalsh(const Policy& policy, const array<T, S>& a, bool check = true) {
  return eigh(policy, a, false, check).eigenvalues;
}

/// The vector norm over `axes` (all axes when empty): ord 2 (default), 1, inf, -inf, 0 (non-zero count) or any p
/// (Array API's vector_norm). The result is real.
template <class Policy, class T, class S>
array<real_t<T>, S> vector_norm(const Policy& policy, const array<T, S>& a, double ord = 2, const axes_t& axes = {},
                                bool keepdims = false) {
  using R = real_t<T>;
  small_vec<int> ax;
  if (axes.empty())
    for (int d = 0; d < a.ndim(); ++d) ax.push_back(d);
  else ax = ::nd::detail::normalize_axes(axes, a.ndim());
  shape_t rest;
  auto c = L::gather_axes_last(policy, a, ax, rest);
  array<R, S> r;
  L::norm_term_fn<R> term{ord};
  if (ord == INFINITY || ord == -INFINITY) {
    NDTHRUST_EXPECTS(c.shape(-1) > 0 || c.size() == 0 && shape_size(rest) == 0, value_error,
                     std::string("zero-size array to reduction operation ") + (ord > 0 ? "maximum" : "minimum") +
                       " which has no identity");
    r = ord > 0 ? L::reduce_rows<R>(policy, c, rest, term, L::max_fn<R>{}, R(0))
                : L::reduce_rows<R>(policy, c, rest, term, L::min_fn<R>{}, R(0));
  } else {
    r = L::reduce_rows<R>(policy, c, rest, term, L::plus_fn<R>{}, R(0));
    if (r.size() > 0) thrust::transform(policy, r.data(), r.data() + r.size(), r.data(), L::norm_root_fn<R>{ord});
  }
  if (!keepdims) return r;
  shape_t ks = a.shape();
  for (int d : ax) ks[d] = 1;
  return reshape(policy, r, ks);
}

/// The matrix norm of the last two axes: "fro" (default), "nuc", "1", "-1", "2", "-2", "inf", "-inf".
template <class Policy, class T, class S>
array<real_t<T>, S> matrix_norm(const Policy& policy, const array<T, S>& a, const std::string& ord = "fro") {
  using R = real_t<T>;
  NDTHRUST_EXPECTS(a.ndim() >= 2, value_error, "Improper number of dimensions to norm.");
  if (ord == "fro") return vector_norm(policy, a, 2, axes_t{-2, -1});
  if (ord == "nuc" || ord == "2" || ord == "-2") {
    auto s = svdvals(policy, a);
    double p = ord == "nuc" ? 1 : ord == "2" ? INFINITY : -INFINITY;
    return vector_norm(policy, s, p, axes_t{-1});
  }
  double p = ord == "1" || ord == "inf" ? INFINITY : -INFINITY;
  if (ord == "1" || ord == "-1") return vector_norm(policy, vector_norm(policy, a, 1, axes_t{-2}), p, axes_t{-1});
  if (ord == "inf" || ord == "-inf")
    return vector_norm(policy, vector_norm(policy, a, 1, axes_t{-1}), p, axes_t{-1});
  (void) sizeof(R);
  ::nd::detail::throw_value_error("Invalid norm order '" + ord + "' for matrices");
}

/// The 2-norm of the flattened array (NumPy's norm(a)), as a 0-d array.
template <class Policy, class T, class S>
array<real_t<T>, S> norm(const Policy& policy, const array<T, S>& a) {
  return vector_norm(policy, a, 2);
}

/// Number of singular values above tol = S.max() · max(m, n) · eps (NumPy's matrix_rank default), per matrix.
template <class Policy, class T, class S>
array<std::int64_t, S> matrix_rank(const Policy& policy, const array<T, S>& a) {
  using R = real_t<T>;
  L::check_matrices(a, "matrix_rank", false);
  auto s       = svdvals(policy, a);
  index_t k    = s.shape(-1);
  shape_t rest = L::batch_shape(a.shape());
  auto out     = empty<std::int64_t>(policy, rest);
  if (out.size() > 0) {
    R scale = static_cast<R>(a.shape(-1) > a.shape(-2) ? a.shape(-1) : a.shape(-2)) * std::numeric_limits<R>::epsilon();
    thrust::tabulate(policy, out.data(), out.data() + out.size(), L::rank_fn<R>{s.raw(), k, scale});
  }
  return out;
}

// Forms without a policy.
template <class T, class S>
array<T, S> solve(const array<T, S>& a, const array<T, S>& b, bool check = true) {
  return solve(::nd::detail::default_policy<S>(), a, b, check);
}
template <class T, class S>
array<T, S> inv(const array<T, S>& a, bool check = true) {
  return inv(::nd::detail::default_policy<S>(), a, check);
}
template <class T, class S>
array<T, S> det(const array<T, S>& a) {
  return det(::nd::detail::default_policy<S>(), a);
}
template <class T, class S>
array<T, S> cholesky(const array<T, S>& a, bool check = true) {
  return cholesky(::nd::detail::default_policy<S>(), a, check);
}
template <class T, class S>
array<real_t<T>, S> norm(const array<T, S>& a) {
  return norm(::nd::detail::default_policy<S>(), a);
}

} // namespace nd::linalg
