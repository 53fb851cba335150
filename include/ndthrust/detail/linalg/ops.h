// ndthrust/detail/linalg/ops.h — the compiled BLAS/LAPACK entry points behind nd::linalg.
//
// The templates in linalg.h reduce every operation to a few calls on packed batches of column-major matrices and
// dispatch here by dtype (float, double, complex64, complex128). Where the memory lives is chosen at compile time:
// gemm<S>, getrf<S>, … call device_* for device_space and host_* for host_space. device_* goes to cuBLAS/cuSOLVER on
// the CUDA build (queued on `stream`, never synchronised here) and to the host libraries on the host-only build
// (recorded inside an nd::graph capture); host_* always goes to CBLAS/LAPACKE (an nd::error when the build has none).
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/dtype.h>
#include <ndthrust/core/space.h>

#include <type_traits>

namespace nd::detail::linalg {

/// BLAS's op(X): as stored, transposed, conjugate-transposed.
enum class op { n, t, c };

/// C[b] = alpha · op(A[b]) · op(B[b]) + beta · C[b] for b < batch; column-major, C is m×n, the sum runs over k.
/// alpha and beta are (re, im); the imaginary parts are ignored for real types. beta = 0 never reads C (BLAS).
struct gemm_desc {
  dtype type;
  op op_a, op_b;
  index_t m, n, k;
  const void* a;
  index_t lda, stride_a;
  const void* b;
  index_t ldb, stride_b;
  void* c;
  index_t ldc, stride_c;
  index_t batch;
  double alpha[2] = {1, 0};
  double beta[2]  = {0, 0};
};

/// A GEMM with a unit m or n as the matrix–vector product BLAS's GEMV does faster (y[b] = alpha · op(M[b]) · x[b]
/// + beta · y[b], M rows×cols with ld). `ok` is false where GEMV cannot express it (a conjugated vector operand, or
/// neither m nor n is 1): the caller keeps the GEMM.
struct gemv_form {
  bool ok = false;
  op trans      = op::n;
  index_t rows = 0, cols = 0;
  const void* mat = nullptr;
  index_t ld = 1, stride_mat = 0;
  const void* x = nullptr;
  index_t incx = 1, stride_x = 0;
  void* y = nullptr;
  index_t incy = 1, stride_y = 0;
};
inline gemv_form as_gemv(const gemm_desc& d) {
  gemv_form g;
  if (d.k == 0) return g;
  if (d.n == 1 && d.op_b != op::c) {
    // C (m×1) = op(A) (m×k) · x, x = B's one column (k×1 stored: unit steps; 1×k stored: steps of ldb).
    g.trans = d.op_a;
    g.rows  = d.op_a == op::n ? d.m : d.k;
    g.cols  = d.op_a == op::n ? d.k : d.m;
    g.mat = d.a, g.ld = d.lda, g.stride_mat = d.stride_a;
    g.x = d.b, g.incx = d.op_b == op::n ? 1 : d.ldb, g.stride_x = d.stride_b;
    g.y = d.c, g.incy = 1, g.stride_y = d.stride_c;
    g.ok = true;
  } else if (d.m == 1 && d.op_a != op::c && d.op_b != op::c) {
    // C (1×n) = a (1×k) · op(B) (k×n), i.e. Cᵀ = op(B)ᵀ · aᵀ: GEMV on B with the opposite transposition.
    g.trans = d.op_b == op::n ? op::t : op::n;
    g.rows  = d.op_b == op::n ? d.k : d.n;
    g.cols  = d.op_b == op::n ? d.n : d.k;
    g.mat = d.b, g.ld = d.ldb, g.stride_mat = d.stride_b;
    g.x = d.a, g.incx = d.op_a == op::n ? d.lda : 1, g.stride_x = d.stride_a;
    g.y = d.c, g.incy = d.ldc, g.stride_y = d.stride_c;
    g.ok = true;
  }
  if (g.ok && (g.incx < 1 || g.incy < 1 || g.ld < (g.rows > 1 ? g.rows : 1))) g.ok = false;
  return g;
}

/// Whether float GEMMs may use TF32 tensor cores (off unless the user opts in).
bool allow_tf32();
void set_allow_tf32(bool on);
/// Whether device GEMMs time cuBLASLt's candidate algorithms once per shape and keep the fastest (off unless the
/// user opts in: the timing waits for the device on the first product of each shape).
bool gemm_autotune();
void set_gemm_autotune(bool on);

void device_gemm(const gemm_desc& d, stream_t stream);

// The LAPACK-like calls below work on `batch` packed column-major matrices (batch stride = rows × cols) and write
// one LAPACK info per matrix to `info` (memory of the same space), unless noted.

/// LU with partial pivoting, in place; ipiv is n ints per matrix (1-based, as LAPACK).
void device_getrf(dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t stream);
/// Solves A X = B from getrf's factors; B is n×nrhs per matrix, overwritten by X.
void device_getrs(dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b,
           stream_t stream);
/// Cholesky, lower triangle, in place.
void device_potrf(dtype t, index_t n, index_t batch, void* a, int* info, stream_t stream);
/// Householder QR in place (m×n); tau holds min(m, n) scalars per matrix.
void device_geqrf(dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t stream);
/// Forms the first `cols` columns of Q from geqrf's reflectors (k = min(m, n) of them) in place; the batch stride of
/// `a` stays m × n.
void device_orgqr(dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau,
           stream_t stream);
/// SVD: A (m×n, destroyed) = U diag(s) Vh, k = min(m, n); s is real. U is m×k and Vh k×n, or m×m and n×n when
/// `full`. u and vh may be null when only the singular values are wanted.
void device_gesvd(dtype t, index_t m, index_t n, index_t batch, void* a, void* s, void* u, void* vh, bool full,
           int* info, stream_t stream);
/// Hermitian eigen-decomposition from the lower triangle: w (real, ascending) and, if `vectors`, the eigenvectors
/// in place of A (column j for w[j]).
void device_syevd(dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info,
           stream_t stream);
/// General (non-Hermitian) eigen-decomposition (geev): w gets n complex eigenvalues per matrix and, when v is not
/// null, v the right eigenvectors (n×n complex column-major, unit 2-norm, complex of the input's precision). `a`
/// is destroyed. On the device: cuSOLVER's Xgeev, one matrix per call, infos left on the device.
void device_geev(dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t stream);

// Host memory (CBLAS/LAPACKE), both builds; the host-only build's device_* call them too.
void host_gemm(const gemm_desc& d);
void host_getrf(dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info);
void host_getrs(dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b);
void host_potrf(dtype t, index_t n, index_t batch, void* a, int* info);
void host_geqrf(dtype t, index_t m, index_t n, index_t batch, void* a, void* tau);
void host_orgqr(dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau);
void host_gesvd(dtype t, index_t m, index_t n, index_t batch, void* a, void* s, void* u, void* vh, bool full,
                int* info);
void host_syevd(dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info);
/// General (non-Hermitian) eigen-decomposition (LAPACK geev), host memory only: w gets n complex eigenvalues per
/// matrix and, when v is not null, v the right eigenvectors (n×n complex column-major, unit 2-norm; complex of the
/// input's precision). `a` is destroyed.
void host_geev(dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info);

// The entry point for memory of space S, chosen at compile time.
#define NDTHRUST_LINALG_SPACE(name, params, args, host_args)                                                          \
  template <class S>                                                                                                   \
  void name params {                                                                                                   \
    if constexpr (std::is_same_v<S, device_space>) device_##name args;                                                 \
    else host_##name host_args;                                                                                        \
  }
NDTHRUST_LINALG_SPACE(gemm, (const gemm_desc& d, stream_t s), (d, s), (d))
NDTHRUST_LINALG_SPACE(getrf, (dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t s),
                      (t, n, batch, a, ipiv, info, s), (t, n, batch, a, ipiv, info))
NDTHRUST_LINALG_SPACE(getrs,
                      (dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b,
                       stream_t s),
                      (t, n, nrhs, batch, lu, ipiv, b, s), (t, n, nrhs, batch, lu, ipiv, b))
NDTHRUST_LINALG_SPACE(potrf, (dtype t, index_t n, index_t batch, void* a, int* info, stream_t s),
                      (t, n, batch, a, info, s), (t, n, batch, a, info))
NDTHRUST_LINALG_SPACE(geqrf, (dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t s),
                      (t, m, n, batch, a, tau, s), (t, m, n, batch, a, tau))
NDTHRUST_LINALG_SPACE(orgqr,
                      (dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau,
                       stream_t s),
                      (t, m, n, cols, batch, a, tau, s), (t, m, n, cols, batch, a, tau))
NDTHRUST_LINALG_SPACE(gesvd,
                      (dtype t, index_t m, index_t n, index_t batch, void* a, void* sv, void* u, void* vh, bool full,
                       int* info, stream_t s),
                      (t, m, n, batch, a, sv, u, vh, full, info, s), (t, m, n, batch, a, sv, u, vh, full, info))
NDTHRUST_LINALG_SPACE(syevd,
                      (dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info, stream_t s),
                      (t, n, batch, a, w, vectors, info, s), (t, n, batch, a, w, vectors, info))
NDTHRUST_LINALG_SPACE(geev, (dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t s),
                      (t, n, batch, a, w, v, info, s), (t, n, batch, a, w, v, info))
#undef NDTHRUST_LINALG_SPACE

} // namespace nd::detail::linalg
