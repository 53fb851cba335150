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

/// C[b] = op(A[b]) · op(B[b]) for b < batch; column-major, C is m×n, the sum runs over k.
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
};

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
