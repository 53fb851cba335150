// Host BLAS/LAPACK (OpenBLAS's CBLAS and LAPACKE) behind nd::linalg: host arrays on every backend, and device
// arrays on the OMP backend. Matrices are column-major, packed per batch (see detail/linalg/ops.h).
#include <ndthrust/detail/linalg/dispatch.h>
#include <ndthrust/detail/linalg/ops.h>

#include <atomic>
#include <string>
#include <vector>

#if defined(NDTHRUST_HAVE_HOST_LAPACK)
#  include <complex>
#  define lapack_complex_float std::complex<float>
#  define lapack_complex_double std::complex<double>
#  include <lapacke.h> // before cblas.h, whose openblas_config.h would pick C99 complex types
#  include <cblas.h>
#endif

#if defined(NDTHRUST_HAVE_HOST_LAPACK)
// LAPACKE's complex types have the same real types as ndthrust's.
namespace nd::detail {
template <>
struct real_of<std::complex<float>> {
  using type = float;
};
template <>
struct real_of<std::complex<double>> {
  using type = double;
};

} // namespace nd::detail
#endif

namespace nd::detail::linalg {

namespace {
std::atomic<bool> tf32_flag{false};
std::atomic<bool> autotune_flag{false};
}
bool allow_tf32() { return tf32_flag.load(std::memory_order_relaxed); }
void set_allow_tf32(bool on) { tf32_flag.store(on, std::memory_order_relaxed); }
bool gemm_autotune() { return autotune_flag.load(std::memory_order_relaxed); }
void set_gemm_autotune(bool on) { autotune_flag.store(on, std::memory_order_relaxed); }

#if defined(NDTHRUST_HAVE_HOST_LAPACK)
namespace {
using c64  = std::complex<float>;
using c128 = std::complex<double>;
template <class T>
using lapack_t = std::conditional_t<std::is_same_v<T, complex64>, c64,
                                    std::conditional_t<std::is_same_v<T, complex128>, c128, T>>;

CBLAS_TRANSPOSE cblas_op(op o) { return o == op::n ? CblasNoTrans : o == op::t ? CblasTrans : CblasConjTrans; }

/// alpha / beta of a gemm_desc in T (real types take the real part).
template <class T>
T scale_of(const double (&v)[2]) {
  if constexpr (std::is_same_v<T, c64>) return c64(float(v[0]), float(v[1]));
  else if constexpr (std::is_same_v<T, c128>) return c128(v[0], v[1]);
  else return T(v[0]);
}

// One overload set per LAPACK routine, so the batched loops below are written once. Real scales by value, complex
// ones by pointer, as CBLAS takes them.
void gemm1(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, float al, const float* a, int lda,
           const float* b, int ldb, float be, float* c, int ldc) {
  cblas_sgemm(CblasColMajor, ta, tb, m, n, k, al, a, lda, b, ldb, be, c, ldc);
}
void gemm1(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, double al, const double* a, int lda,
           const double* b, int ldb, double be, double* c, int ldc) {
  cblas_dgemm(CblasColMajor, ta, tb, m, n, k, al, a, lda, b, ldb, be, c, ldc);
}
void gemm1(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, c64 al, const c64* a, int lda, const c64* b,
           int ldb, c64 be, c64* c, int ldc) {
  cblas_cgemm(CblasColMajor, ta, tb, m, n, k, &al, a, lda, b, ldb, &be, c, ldc);
}
void gemm1(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, c128 al, const c128* a, int lda,
           const c128* b, int ldb, c128 be, c128* c, int ldc) {
  cblas_zgemm(CblasColMajor, ta, tb, m, n, k, &al, a, lda, b, ldb, &be, c, ldc);
}
void gemv1(CBLAS_TRANSPOSE t, int m, int n, float al, const float* a, int lda, const float* x, int incx, float be,
           float* y, int incy) {
  cblas_sgemv(CblasColMajor, t, m, n, al, a, lda, x, incx, be, y, incy);
}
void gemv1(CBLAS_TRANSPOSE t, int m, int n, double al, const double* a, int lda, const double* x, int incx,
           double be, double* y, int incy) {
  cblas_dgemv(CblasColMajor, t, m, n, al, a, lda, x, incx, be, y, incy);
}
void gemv1(CBLAS_TRANSPOSE t, int m, int n, c64 al, const c64* a, int lda, const c64* x, int incx, c64 be, c64* y,
           int incy) {
  cblas_cgemv(CblasColMajor, t, m, n, &al, a, lda, x, incx, &be, y, incy);
}
void gemv1(CBLAS_TRANSPOSE t, int m, int n, c128 al, const c128* a, int lda, const c128* x, int incx, c128 be,
           c128* y, int incy) {
  cblas_zgemv(CblasColMajor, t, m, n, &al, a, lda, x, incx, &be, y, incy);
}

#  define ND_LAPACK4(name, S, D, C, Z, PARAMS, ARGS)                                                                  \
    int name(float* a, PARAMS(float)) { return LAPACKE_##S ARGS; }                                                     \
    int name(double* a, PARAMS(double)) { return LAPACKE_##D ARGS; }                                                   \
    int name(c64* a, PARAMS(c64)) { return LAPACKE_##C ARGS; }                                                         \
    int name(c128* a, PARAMS(c128)) { return LAPACKE_##Z ARGS; }

#  define P_GETRF(T) int n, int* ipiv
ND_LAPACK4(getrf1, sgetrf, dgetrf, cgetrf, zgetrf, P_GETRF, (LAPACK_COL_MAJOR, n, n, a, n, ipiv))
#  define P_GETRS(T) int n, int nrhs, const int* ipiv, T* b
ND_LAPACK4(getrs1, sgetrs, dgetrs, cgetrs, zgetrs, P_GETRS, (LAPACK_COL_MAJOR, 'N', n, nrhs, a, n, ipiv, b, n))
#  define P_POTRF(T) int n
ND_LAPACK4(potrf1, spotrf, dpotrf, cpotrf, zpotrf, P_POTRF, (LAPACK_COL_MAJOR, 'L', n, a, n))
#  define P_GEQRF(T) int m, int n, T* tau
ND_LAPACK4(geqrf1, sgeqrf, dgeqrf, cgeqrf, zgeqrf, P_GEQRF, (LAPACK_COL_MAJOR, m, n, a, m, tau))
#  define P_ORGQR(T) int m, int cols, int k, const T* tau
ND_LAPACK4(orgqr1, sorgqr, dorgqr, cungqr, zungqr, P_ORGQR, (LAPACK_COL_MAJOR, m, cols, k, a, m, tau))
#  define P_GESDD(T) char job, int m, int n, real_of_t<T>* s, T* u, T* vt, int ldvt
ND_LAPACK4(gesdd1, sgesdd, dgesdd, cgesdd, zgesdd, P_GESDD, (LAPACK_COL_MAJOR, job, m, n, a, m, s, u, m, vt, ldvt))
#  define P_SYEVD(T) char job, int n, real_of_t<T>* w
ND_LAPACK4(syevd1, ssyevd, dsyevd, cheevd, zheevd, P_SYEVD, (LAPACK_COL_MAJOR, job, 'L', n, a, n, w))
#  undef ND_LAPACK4

template <class T>
lapack_t<T>* lp(void* p) {
  return static_cast<lapack_t<T>*>(p);
}
template <class T>
const lapack_t<T>* lp(const void* p) {
  return static_cast<const lapack_t<T>*>(p);
}
} // namespace

void host_gemm(const gemm_desc& d) {
  const gemv_form g = as_gemv(d);
  dispatch_blas(d.type, [&](auto tag) {
    using T  = decltype(tag);
    const auto al = scale_of<lapack_t<T>>(d.alpha), be = scale_of<lapack_t<T>>(d.beta);
    for (index_t b = 0; b < d.batch; ++b) {
      if (g.ok) // matrix–vector: GEMV, not a GEMM with a unit dimension (2.4× slower in OpenBLAS at 2000²)
        gemv1(cblas_op(g.trans), int(g.rows), int(g.cols), al, lp<T>(g.mat) + b * g.stride_mat, int(g.ld),
              lp<T>(g.x) + b * g.stride_x, int(g.incx), be, lp<T>(g.y) + b * g.stride_y, int(g.incy));
      else
        gemm1(cblas_op(d.op_a), cblas_op(d.op_b), int(d.m), int(d.n), int(d.k), al, lp<T>(d.a) + b * d.stride_a,
              int(d.lda), lp<T>(d.b) + b * d.stride_b, int(d.ldb), be, lp<T>(d.c) + b * d.stride_c, int(d.ldc));
    }
  });
}
void host_getrf(dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    for (index_t b = 0; b < batch; ++b) info[b] = getrf1(lp<T>(a) + b * n * n, int(n), ipiv + b * n);
  });
}
void host_getrs(dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* bm) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    for (index_t b = 0; b < batch; ++b)
      getrs1(const_cast<lapack_t<T>*>(lp<T>(lu)) + b * n * n, int(n), int(nrhs), ipiv + b * n,
             lp<T>(bm) + b * n * nrhs);
  });
}
void host_potrf(dtype t, index_t n, index_t batch, void* a, int* info) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    for (index_t b = 0; b < batch; ++b) info[b] = potrf1(lp<T>(a) + b * n * n, int(n));
  });
}
void host_geqrf(dtype t, index_t m, index_t n, index_t batch, void* a, void* tau) {
  index_t k = m < n ? m : n;
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    for (index_t b = 0; b < batch; ++b) geqrf1(lp<T>(a) + b * m * n, int(m), int(n), lp<T>(tau) + b * k);
  });
}
void host_orgqr(dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau) {
  index_t k = m < n ? m : n;
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    for (index_t b = 0; b < batch; ++b) orgqr1(lp<T>(a) + b * m * n, int(m), int(cols), int(k), lp<T>(tau) + b * k);
  });
}
void host_gesvd(dtype t, index_t m, index_t n, index_t batch, void* a, void* s, void* u, void* vh, bool full,
                int* info) {
  index_t k = m < n ? m : n, ucols = full ? m : k, vrows = full ? n : k;
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    using R = real_of_t<T>;
    for (index_t b = 0; b < batch; ++b)
      info[b] = gesdd1(lp<T>(a) + b * m * n, u ? (full ? 'A' : 'S') : 'N', int(m), int(n),
                       static_cast<R*>(s) + b * k, u ? lp<T>(u) + b * m * ucols : nullptr,
                       vh ? lp<T>(vh) + b * vrows * n : nullptr, int(vrows));
  });
}
namespace {
// Real geev returns a conjugate pair (j, j+1) as columns re, im of vr: expand to complex columns, as NumPy does.
template <class R>
int geev_real(char jv, int n, R* a, std::complex<R>* w, std::complex<R>* v, R* vr) {
  std::vector<R> wr(n), wi(n);
  int info;
  if constexpr (std::is_same_v<R, float>)
    info = LAPACKE_sgeev(LAPACK_COL_MAJOR, 'N', jv, n, a, n, wr.data(), wi.data(), nullptr, 1, vr, n);
  else info = LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', jv, n, a, n, wr.data(), wi.data(), nullptr, 1, vr, n);
  for (int j = 0; j < n; ++j) w[j] = std::complex<R>(wr[j], wi[j]);
  if (!v || info != 0) return info;
  for (int j = 0; j < n; ++j) {
    if (wi[j] != 0 && j + 1 < n) {
      for (int i = 0; i < n; ++i) {
        R re = vr[j * n + i], im = vr[(j + 1) * n + i];
        v[j * n + i]       = std::complex<R>(re, im);
        v[(j + 1) * n + i] = std::complex<R>(re, -im);
      }
      ++j;
    } else {
      for (int i = 0; i < n; ++i) v[j * n + i] = vr[j * n + i];
    }
  }
  return info;
}
int geev1(char jv, int n, float* a, c64* w, c64* v, float* vr) { return geev_real(jv, n, a, w, v, vr); }
int geev1(char jv, int n, double* a, c128* w, c128* v, double* vr) { return geev_real(jv, n, a, w, v, vr); }
int geev1(char jv, int n, c64* a, c64* w, c64* v, c64* vr) {
  return LAPACKE_cgeev(LAPACK_COL_MAJOR, 'N', jv, n, a, n, w, nullptr, 1, v ? v : vr, n);
}
int geev1(char jv, int n, c128* a, c128* w, c128* v, c128* vr) {
  return LAPACKE_zgeev(LAPACK_COL_MAJOR, 'N', jv, n, a, n, w, nullptr, 1, v ? v : vr, n);
}
} // namespace
void host_geev(dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    using C = std::complex<real_of_t<T>>;
    std::vector<lapack_t<T>> vr(n * n > 0 ? n * n : 1); // scratch: the real routines' packed vectors
    for (index_t b = 0; b < batch; ++b)
      info[b] = geev1(v ? 'V' : 'N', int(n), lp<T>(a) + b * n * n, static_cast<C*>(w) + b * n,
                      v ? static_cast<C*>(v) + b * n * n : nullptr, vr.data());
  });
}
void host_syevd(dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    using R = real_of_t<T>;
    for (index_t b = 0; b < batch; ++b)
      info[b] = syevd1(lp<T>(a) + b * n * n, vectors ? 'V' : 'N', int(n), static_cast<R*>(w) + b * n);
  });
}
#else
namespace {
[[noreturn]] void no_host_lapack() {
  throw error("linalg on host arrays needs host BLAS/LAPACKE, which this ndthrust build lacks (install "
              "libopenblas-dev and liblapacke-dev and reconfigure), or use device arrays");
}
} // namespace
void host_gemm(const gemm_desc&) { no_host_lapack(); }
void host_getrf(dtype, index_t, index_t, void*, int*, int*) { no_host_lapack(); }
void host_getrs(dtype, index_t, index_t, index_t, const void*, const int*, void*) { no_host_lapack(); }
void host_potrf(dtype, index_t, index_t, void*, int*) { no_host_lapack(); }
void host_geqrf(dtype, index_t, index_t, index_t, void*, void*) { no_host_lapack(); }
void host_orgqr(dtype, index_t, index_t, index_t, index_t, void*, const void*) { no_host_lapack(); }
void host_gesvd(dtype, index_t, index_t, index_t, void*, void*, void*, void*, bool, int*) { no_host_lapack(); }
void host_syevd(dtype, index_t, index_t, void*, void*, bool, int*) { no_host_lapack(); }
void host_geev(dtype, index_t, index_t, void*, void*, void*, int*) { no_host_lapack(); }
#endif

} // namespace nd::detail::linalg
