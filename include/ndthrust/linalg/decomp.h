// ndthrust/linalg/decomp.h — nd::linalg: solve, inv, det, slogdet, cholesky, qr, svd, eigh, eig, lstsq, pinv,
// norms and matrix_rank (nd::linalg_error when LAPACK reports a failure). Each function packs its (batched) input column-major into a
// private buffer, calls LAPACK / cuSOLVER on it in place, and unpacks C-ordered results.
#pragma once

#include <ndthrust/copy.h>
#include <ndthrust/detail/linalg/kernels.h>
#include <ndthrust/detail/linalg/ops.h>
#include <ndthrust/linalg/products.h>
#include <ndthrust/promotion.h>
#include <ndthrust/ufuncs.h>

#include <thrust/for_each.h>

#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

namespace nd::linalg {

namespace L = ::nd::detail::linalg;

/// Lets float32 / complex64 GEMMs use TF32 tensor cores (faster, ~10-bit mantissa inputs). Off by default.
inline void set_allow_tf32(bool on) { L::set_allow_tf32(on); }
inline bool allow_tf32() { return L::allow_tf32(); }
/// Lets device GEMMs of float32 / float64 time cuBLASLt's candidate algorithms the first time each shape is seen
/// and keep the fastest, instead of the heuristic's first choice. Off by default: that first product waits for the
/// device while it times the candidates (no effect inside nd::graph::capture, on host arrays, or on OMP).
inline void set_gemm_autotune(bool on) { L::set_gemm_autotune(on); }
inline bool gemm_autotune() { return L::gemm_autotune(); }

template <class T>
using real_t = L::real_of_t<T>;
/// A norm's dtype: real_t, but float64 for integer and bool input (NumPy computes those norms in float64).
template <class T>
using norm_t = std::conditional_t<std::is_integral_v<T>, double, real_t<T>>;

/// Solves a x = b for x (NumPy 2's solve: b is a stack of vectors only when it is 1-d, else a stack of matrices);
/// batch axes broadcast. Raises linalg_error("Singular matrix") after one synchronisation unless `check` is false.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
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
    auto ipiv = empty<int>(policy, {batch, n});
    auto info = empty<int>(policy, {batch});
    L::getrf<S>(dtype_of<T>, n, batch, af.raw(), ipiv.raw(), info.raw(), stream_of(policy));
    L::getrs<S>(dtype_of<T>, n, nrhs, batch, af.raw(), ipiv.raw(), bf.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Singular matrix");
  }
  auto x = ascontiguousarray(policy, swapaxes(bf, -1, -2));
  return vec ? reshape(policy, x, L::with_tail(bshape, {n})) : x;
}

/// The inverse of each matrix; raises linalg_error("Singular matrix") as solve does.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
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
    L::getrf<S>(dtype_of<T>, n, batch, af.raw(), ipiv.raw(), info.raw(),
             stream_of(policy));
  return std::make_tuple(af, ipiv, bsh, n);
}
} // namespace detail

/// Determinants (0 for a singular matrix, never an error; no synchronisation).
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
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
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
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
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
array<T, S> cholesky(const Policy& policy, const array<T, S>& a, bool check = true) {
  L::check_matrices(a, "cholesky", true);
  index_t n     = a.shape(-1);
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  if (batch > 0 && n > 0) {
    auto info = empty<int>(policy, {batch});
    L::potrf<S>(dtype_of<T>, n, batch, af.raw(), info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Matrix is not positive definite");
  }
  return L::unpack(policy, af, bsh, n, n, n, n * n, 1);
}

enum class qr_mode { reduced, complete, r };
template <class T, class S>
struct qr_result {
  array<T, S> Q; // (…, m, k), (…, m, m) for qr_mode::complete; empty for qr_mode::r
  array<T, S> R; // (…, k, n), (…, m, n) for qr_mode::complete
};
/// QR decomposition (NumPy's mode="reduced", "complete", or "r" for R only); k = min(m, n).
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
qr_result<T, S> qr(const Policy& policy, const array<T, S>& a, qr_mode mode = qr_mode::reduced) {
  L::check_matrices(a, "qr", false);
  index_t m = a.shape(-2), n = a.shape(-1);
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  // Complete Q for m > n: factor [a | 0] (m×m). Its extra reflectors are identities (tau = 0), so its Q is the
  // one LAPACK's orgqr builds from a's k reflectors with m columns, as NumPy does.
  index_t nb = mode == qr_mode::complete && m > n ? m : n, k = m < nb ? m : nb;
  if (nb != n) {
    auto p = zeros<T>(policy, {batch, nb, m});
    if (batch > 0 && n > 0)
      copyto(policy, p(slice(), slice(0, n), slice()), reshape(policy, af, {batch, n, m}));
    af = reshape(policy, p, L::with_tail(bsh, {nb, m}));
  }
  auto tau  = empty<T>(policy, {batch, k});
  bool work = batch > 0 && k > 0;
  if (work) L::geqrf<S>(dtype_of<T>, m, nb, batch, af.raw(), tau.raw(), stream_of(policy));
  qr_result<T, S> r;
  r.R = L::unpack(policy, af, bsh, k, n, m, m * nb, 2);
  if (mode == qr_mode::r) return r;
  if (work) L::orgqr<S>(dtype_of<T>, m, nb, k, batch, af.raw(), tau.raw(), stream_of(policy));
  r.Q = L::unpack(policy, af, bsh, m, k, m, m * nb, 0);
  return r;
}

template <class T, class Space>
struct svd_result {
  array<T, Space> U;          // (…, m, m), or (…, m, k) without full_matrices
  array<real_t<T>, Space> S;  // (…, k), descending
  array<T, Space> Vh;         // (…, n, n), or (…, k, n) without full_matrices
};
/// SVD a = U diag(S) Vh, k = min(m, n), with NumPy's signature and defaults (full_matrices = true). Raises
/// linalg_error("SVD did not converge") after one synchronisation unless `check` is false.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
svd_result<T, S> svd(const Policy& policy, const array<T, S>& a, bool full_matrices = true, bool compute_uv = true,
                     bool check = true) {
  L::check_matrices(a, "svd", false);
  index_t m = a.shape(-2), n = a.shape(-1), k = m < n ? m : n;
  bool full     = full_matrices && compute_uv;
  index_t uc = full ? m : k, vr = full ? n : k;
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  svd_result<T, S> r;
  r.S   = empty<real_t<T>>(policy, L::with_tail(bsh, {k}));
  auto u = empty<T>(policy, {compute_uv ? batch * m * uc : 0});
  auto v = empty<T>(policy, {compute_uv ? batch * vr * n : 0});
  if (batch > 0 && k > 0) {
    auto info = empty<int>(policy, {batch});
    L::gesvd<S>(dtype_of<T>, m, n, batch, af.raw(), r.S.raw(),
             compute_uv ? u.raw() : nullptr, compute_uv ? v.raw() : nullptr, full, info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "SVD did not converge");
  }
  if (!compute_uv) return r;
  if (k == 0) { // nothing to factor: full factors are identities (NumPy's), thin ones empty
    r.U  = uc == m ? ascontiguousarray(policy, broadcast_to(eye<T>(policy, m), L::with_tail(bsh, {m, m})))
                   : zeros<T>(policy, L::with_tail(bsh, {m, uc}));
    r.Vh = vr == n ? ascontiguousarray(policy, broadcast_to(eye<T>(policy, n), L::with_tail(bsh, {n, n})))
                   : zeros<T>(policy, L::with_tail(bsh, {vr, n}));
    return r;
  }
  r.U  = L::unpack(policy, u, bsh, m, uc, m, m * uc, 0);
  r.Vh = L::unpack(policy, v, bsh, vr, n, vr, vr * n, 0);
  return r;
}
/// Singular values only, descending.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
array<real_t<T>, S> svdvals(const Policy& policy, const array<T, S>& a, bool check = true) {
  return svd(policy, a, false, false, check).S;
}

template <class T, class S>
struct eigh_result {
  array<real_t<T>, S> eigenvalues; // (…, n), ascending
  array<T, S> eigenvectors;        // (…, n, n), column j for eigenvalue j
};
/// Eigen-decomposition of Hermitian (symmetric) matrices from their lower triangle (NumPy's eigh, UPLO='L').
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
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
    L::syevd<S>(dtype_of<T>, n, batch, af.raw(), r.eigenvalues.raw(), compute_v,
             info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Eigenvalues did not converge");
  }
  if (compute_v) r.eigenvectors = L::unpack(policy, af, bsh, n, n, n, n * n, 0);
  return r;
}
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
array<real_t<T>, S> eigvalsh(const Policy& policy, const array<T, S>& a, bool check = true) {
  return eigh(policy, a, false, check).eigenvalues;
}

/// The vector norm over `axes` (all axes when empty): ord 2 (default), 1, inf, -inf, 0 (non-zero count) or any p
/// (Array API's vector_norm). The result is real.
template <class Policy, class T, class S>
array<norm_t<T>, S> vector_norm(const Policy& policy, const array<T, S>& a, double ord = 2, const axes_t& axes = {},
                                bool keepdims = false) {
  if constexpr (std::is_integral_v<T>) {
    return vector_norm(policy, ::nd::astype<double>(policy, a), ord, axes, keepdims);
  } else {
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
}

/// The matrix norm of the last two axes: "fro" (default), "nuc", "1", "-1", "2", "-2", "inf", "-inf".
template <class Policy, class T, class S>
array<norm_t<T>, S> matrix_norm(const Policy& policy, const array<T, S>& a, const std::string& ord = "fro") {
  if constexpr (std::is_integral_v<T>) return matrix_norm(policy, ::nd::astype<double>(policy, a), ord);
  else {
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
}

/// The 2-norm of the flattened array (NumPy's norm(a)), as a 0-d array.
template <class Policy, class T, class S>
array<norm_t<T>, S> norm(const Policy& policy, const array<T, S>& a) {
  return vector_norm(policy, a, 2);
}

/// Number of singular values above tol = S.max() · max(m, n) · eps (NumPy's matrix_rank default), per matrix.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
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

template <class T>
using complex_t = std::conditional_t<std::is_same_v<real_t<T>, float>, complex64, complex128>;
template <class T, class S>
struct eig_result {
  array<complex_t<T>, S> eigenvalues;  // (…, n), in LAPACK's order (NumPy's)
  array<complex_t<T>, S> eigenvectors; // (…, n, n), column j for eigenvalue j, unit 2-norm
};
/// Eigen-decomposition of general square matrices (NumPy's eig, LAPACK geev). Results are always complex (NumPy
/// returns real arrays when every eigenvalue of a real input is real; here their imaginary parts are 0).
/// Device arrays use cuSOLVER's Xgeev; it is not batched, so a stack of matrices is one call each.
/// Raises linalg_error("Eigenvalues did not converge") unless `check` is false.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
eig_result<T, S> eig(const Policy& policy, const array<T, S>& a, bool compute_v = true, bool check = true) {
  using C = complex_t<T>;
  L::check_matrices(a, "eig", true);
  index_t n     = a.shape(-1);
  shape_t bsh   = L::batch_shape(a.shape());
  index_t batch = shape_size(bsh);
  auto af       = L::pack_fortran(policy, a);
  eig_result<T, S> r;
  r.eigenvalues = empty<C>(policy, L::with_tail(bsh, {n}));
  auto v        = empty<C>(policy, {compute_v ? batch * n * n : 0});
  if (batch > 0 && n > 0) {
    auto info = empty<int>(policy, {batch});
    L::geev<S>(dtype_of<T>, n, batch, af.raw(), r.eigenvalues.raw(),
            compute_v ? v.raw() : nullptr, info.raw(), stream_of(policy));
    if (check) L::check_info(policy, info, "Eigenvalues did not converge");
  }
  if (compute_v) r.eigenvectors = L::unpack(policy, v, bsh, n, n, n, n * n, 0);
  return r;
}
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
array<complex_t<T>, S> eigvals(const Policy& policy, const array<T, S>& a, bool check = true) {
  return eig(policy, a, false, check).eigenvalues;
}

namespace detail {
/// 1 / s where s > rcond · (the largest singular value of its matrix), else 0: the pseudo-inverse's diagonal.
template <class R>
struct cutoff_inv_fn {
  const R* s;
  index_t k;
  R rcond;
  NDTHRUST_HD R operator()(index_t i) const {
    R v = s[i];
    return v > rcond * s[i - i % k] ? R(1) / v : R(0);
  }
};
template <class Policy, class R, class S>
array<R, S> cutoff_inv(const Policy& policy, const array<R, S>& s, R rcond) {
  auto out = empty<R>(policy, s.shape());
  if (out.size() > 0)
    thrust::tabulate(policy, out.data(), out.data() + out.size(), cutoff_inv_fn<R>{s.raw(), s.shape(-1), rcond});
  return out;
}
/// The conjugate transpose of the last two axes (a view for real types).
template <class Policy, class T, class S>
array<T, S> conj_t(const Policy& policy, const array<T, S>& x) {
  if constexpr (is_complex_v<T>) return ::nd::conj(policy, swapaxes(x, -1, -2));
  else return swapaxes(x, -1, -2);
}
/// V diag(sinv) Uᴴ y from a thin SVD: the pseudo-inverse applied to y (y = Uᴴ's identity for pinv itself).
template <class Policy, class T, class S>
array<T, S> apply_pinv(const Policy& policy, const svd_result<T, S>& f, const array<real_t<T>, S>& sinv,
                       const array<T, S>& uh_y) {
  array<T, S> scaled = ::nd::multiply(policy, uh_y, expand_dims(sinv, -1));
  return matmul(policy, conj_t(policy, f.Vh), scaled);
}
} // namespace detail

/// Moore-Penrose pseudo-inverse through the SVD (NumPy's pinv): singular values at or below rcond · max(S) count as
/// zero, per matrix. Batched; synchronises once (the SVD's convergence check).
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
array<T, S> pinv(const Policy& policy, const array<T, S>& a, double rcond = 1e-15) {
  L::check_matrices(a, "pinv", false);
  auto f = svd(policy, a, false);
  return detail::apply_pinv(policy, f, detail::cutoff_inv(policy, f.S, real_t<T>(rcond)), detail::conj_t(policy, f.U));
}

template <class T, class S>
struct lstsq_result {
  array<T, S> x;                   // (n,) or (n, k)
  array<real_t<T>, S> residuals;   // (k,) ((1,) for 1-d b) squared 2-norms of b - a x; (0,) unless rank == n < m
  index_t rank;                    // effective rank of a
  array<real_t<T>, S> s;           // singular values of a, descending
};
/// Least-squares solution of a x = b (NumPy's lstsq): the minimum-norm x for rank-deficient a; singular values
/// at or below rcond · max(S) count as zero, rcond < 0 meaning NumPy's default eps · max(m, n).
/// Both backends use the SVD, the method of NumPy's LAPACK gelsd, so rank-deficient and under-determined systems
/// get NumPy's answers; a QR solve (cuSOLVER geqrf/ormqr/trsm) would be faster for full-rank tall systems but is
/// not used. Synchronises once to read the rank.
template <class Policy, class T, class S, L::if_lapack_t<T> = 0>
lstsq_result<T, S> lstsq(const Policy& policy, const array<T, S>& a, const array<T, S>& b, double rcond = -1) {
  using R = real_t<T>;
  // NumPy raises LinAlgError for these.
  if (a.ndim() != 2)
    throw linalg_error(std::to_string(a.ndim()) + "-dimensional array given. Array must be two-dimensional");
  if (b.ndim() != 1 && b.ndim() != 2)
    throw linalg_error(std::to_string(b.ndim()) +
                       "-dimensional array given. Array must be one or two-dimensional");
  index_t m = a.shape(0), n = a.shape(1);
  if (b.shape(0) != m) throw linalg_error("Incompatible dimensions");
  array<T, S> b2 = b.ndim() == 1 ? expand_dims(b, 1) : b;
  if (rcond < 0) rcond = double(std::numeric_limits<R>::epsilon()) * double(m > n ? m : n);
  auto f    = svd(policy, a, false);
  auto sinv = detail::cutoff_inv(policy, f.S, R(rcond));
  lstsq_result<T, S> r;
  r.x    = detail::apply_pinv(policy, f, sinv, matmul(policy, detail::conj_t(policy, f.U), b2));
  r.s    = f.S;
  r.rank = 0;
  for (R v : to_vector(sinv)) r.rank += v != R(0);
  if (r.rank == n && m > n) {
    auto res    = vector_norm(policy, ::nd::subtract(policy, b2, matmul(policy, a, r.x)), 2, axes_t{0});
    r.residuals = ::nd::multiply(policy, res, res);
  } else {
    r.residuals = empty<R>(policy, {0});
  }
  if (b.ndim() == 1) r.x = reshape(policy, r.x, {n});
  return r;
}

// Integer and bool input computes in float64, and operands of different dtypes in their NumPy result type, as
// NumPy does (np.linalg.det(np.eye(2, dtype=int)) is float64; solve(float32, float64) is float64). An operand that
// already has the type is not copied.
#define NDTHRUST_LINALG_CAST1(fn)                                                                                      \
  template <class Policy, class T, class S, class... Args, L::if_not_lapack_t<T> = 0>                                  \
  auto fn(const Policy& policy, const array<T, S>& a, Args&&... args) {                                                \
    return fn(policy, L::as_type<L::lapack_t<T>>(policy, a), std::forward<Args>(args)...);                          \
  }
#define NDTHRUST_LINALG_CAST2(fn)                                                                                      \
  template <class Policy, class A, class B, class S, class... Args,                                                    \
            std::enable_if_t<!std::is_same_v<A, B> || !L::is_blas_type_v<A>, int> = 0>                                 \
  auto fn(const Policy& policy, const array<A, S>& a, const array<B, S>& b, Args&&... args) {                          \
    using R = L::lapack_t<::nd::result_type_t<A, B>>;                                                                  \
    return fn(policy, L::as_type<R>(policy, a), L::as_type<R>(policy, b), std::forward<Args>(args)...);            \
  }
NDTHRUST_LINALG_CAST1(inv)
NDTHRUST_LINALG_CAST1(det)
NDTHRUST_LINALG_CAST1(slogdet)
NDTHRUST_LINALG_CAST1(cholesky)
NDTHRUST_LINALG_CAST1(qr)
NDTHRUST_LINALG_CAST1(svd)
NDTHRUST_LINALG_CAST1(svdvals)
NDTHRUST_LINALG_CAST1(eigh)
NDTHRUST_LINALG_CAST1(eigvalsh)
NDTHRUST_LINALG_CAST1(matrix_rank)
NDTHRUST_LINALG_CAST1(eig)
NDTHRUST_LINALG_CAST1(eigvals)
NDTHRUST_LINALG_CAST1(pinv)
NDTHRUST_LINALG_CAST2(solve)
NDTHRUST_LINALG_CAST2(lstsq)
#undef NDTHRUST_LINALG_CAST1
#undef NDTHRUST_LINALG_CAST2

// Forms without a policy.
template <class A, class B, class S>
auto solve(const array<A, S>& a, const array<B, S>& b, bool check = true) {
  return solve(::nd::detail::default_policy<S>(), a, b, check);
}
template <class T, class S>
auto inv(const array<T, S>& a, bool check = true) {
  return inv(::nd::detail::default_policy<S>(), a, check);
}
template <class T, class S>
auto det(const array<T, S>& a) {
  return det(::nd::detail::default_policy<S>(), a);
}
template <class T, class S>
auto cholesky(const array<T, S>& a, bool check = true) {
  return cholesky(::nd::detail::default_policy<S>(), a, check);
}
template <class T, class S>
array<norm_t<T>, S> norm(const array<T, S>& a) {
  return norm(::nd::detail::default_policy<S>(), a);
}
template <class T, class S>
auto pinv(const array<T, S>& a, double rcond = 1e-15) {
  return pinv(::nd::detail::default_policy<S>(), a, rcond);
}
template <class A, class B, class S>
auto lstsq(const array<A, S>& a, const array<B, S>& b, double rcond = -1) {
  return lstsq(::nd::detail::default_policy<S>(), a, b, rcond);
}

} // namespace nd::linalg
