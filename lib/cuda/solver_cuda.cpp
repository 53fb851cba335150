// CUDA backend of nd::linalg's factorizations: cuSOLVER on device memory (the per-type traits below map each call
// to its S/D/C/Z entry point), queued on the caller's stream with the handle bound under library_lock(); workspaces
// from ndthrust's pool. Nothing here synchronises: LAPACK infos stay on the device for the caller. Products are in
// gemm_cuda.cpp; host memory goes to linalg_host.cpp.
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/detail/linalg/dispatch.h>
#include <ndthrust/detail/linalg/ops.h>

#include "solver.h"
#include "workspace.h"

#include <cuComplex.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace nd::detail::linalg {

namespace {
using H = cusolverDnHandle_t;
using cuda::workspace;

template <class T>
struct sv;
#define ND_SOLVER_TRAITS(T, CT, RT, P, ORG, EV, ONE, ZERO)                                                            \
  template <>                                                                                                          \
  struct sv<T> {                                                                                                       \
    using c = CT;                                                                                                      \
    using r = RT;                                                                                                      \
    static constexpr cublasFillMode_t lo = CUBLAS_FILL_MODE_LOWER;                                                     \
    static void getrf(H h, int n, c* a, int* ipiv, int* info, int batch, stream_t s) {                                 \
      int lw = 0;                                                                                                      \
      NDTHRUST_CUSOLVER_TRY(cusolverDn##P##getrf_bufferSize(h, n, n, a, n, &lw));                                     \
      workspace w(sizeof(c) * lw, s);                                                                                  \
      for (int b = 0; b < batch; ++b)                                                                                  \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##getrf(h, n, n, a + index_t(b) * n * n, n, w.as<c>(),                    \
                                                   ipiv + index_t(b) * n, info + b));                                  \
    }                                                                                                                  \
    static void getrs(H h, int n, int nrhs, const c* a, const int* ipiv, c* bm, int batch, stream_t s) {              \
      workspace info(sizeof(int), s);                                                                                  \
      for (int b = 0; b < batch; ++b)                                                                                  \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##getrs(h, CUBLAS_OP_N, n, nrhs, a + index_t(b) * n * n, n,               \
                                                   ipiv + index_t(b) * n, bm + index_t(b) * n * nrhs, n,               \
                                                   info.as<int>()));                                                   \
    }                                                                                                                  \
    static void potrf(H h, int n, c* a, int* info, int batch, stream_t s) {                                            \
      int lw = 0;                                                                                                      \
      NDTHRUST_CUSOLVER_TRY(cusolverDn##P##potrf_bufferSize(h, lo, n, a, n, &lw));                                    \
      workspace w(sizeof(c) * lw, s);                                                                                  \
      for (int b = 0; b < batch; ++b)                                                                                  \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##potrf(h, lo, n, a + index_t(b) * n * n, n, w.as<c>(), lw, info + b));   \
    }                                                                                                                  \
    static void geqrf(H h, int m, int n, c* a, c* tau, int batch, stream_t s) {                                        \
      int lw = 0, k = m < n ? m : n;                                                                                   \
      NDTHRUST_CUSOLVER_TRY(cusolverDn##P##geqrf_bufferSize(h, m, n, a, m, &lw));                                     \
      workspace w(sizeof(c) * lw, s), info(sizeof(int), s);                                                           \
      for (int b = 0; b < batch; ++b)                                                                                  \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##geqrf(h, m, n, a + index_t(b) * m * n, m, tau + index_t(b) * k,         \
                                                   w.as<c>(), lw, info.as<int>()));                                    \
    }                                                                                                                  \
    static void orgqr(H h, int m, int n, int cols, c* a, const c* tau, int batch, stream_t s) {                        \
      int lw = 0, k = m < n ? m : n;                                                                                   \
      NDTHRUST_CUSOLVER_TRY(cusolverDn##P##ORG##_bufferSize(h, m, cols, k, a, m, tau, &lw));                          \
      workspace w(sizeof(c) * lw, s), info(sizeof(int), s);                                                           \
      for (int b = 0; b < batch; ++b)                                                                                  \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##ORG(h, m, cols, k, a + index_t(b) * m * n, m, tau + index_t(b) * k,     \
                                                 w.as<c>(), lw, info.as<int>()));                                      \
    }                                                                                                                  \
    static void syevd(H h, bool vec, int n, c* a, r* wv, int* info, int batch, stream_t s) {                           \
      auto job = vec ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;                                          \
      int lw   = 0;                                                                                                    \
      NDTHRUST_CUSOLVER_TRY(cusolverDn##P##EV##_bufferSize(h, job, lo, n, a, n, wv, &lw));                            \
      workspace w(sizeof(c) * lw, s);                                                                                  \
      for (int b = 0; b < batch; ++b)                                                                                  \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##EV(h, job, lo, n, a + index_t(b) * n * n, n, wv + index_t(b) * n,      \
                                                w.as<c>(), lw, info + b));                                             \
    }                                                                                                                  \
    /* SVD by Jacobi (any m, n; econ unless `full`); V comes back n×vr and is conjugate-transposed into vh (vr×n) \
       by geam. */                                                                                                     \
    static void gesvd(H h, int m, int n, c* a, r* sv_, c* u, c* vh, bool full, int* info, int batch, stream_t s) {     \
      int k = m < n ? m : n, lw = 0, uc = full ? m : k, vr = full ? n : k;                                             \
      auto job = u ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;                                            \
      gesvdjInfo_t params;                                                                                             \
      NDTHRUST_CUSOLVER_TRY(cusolverDnCreateGesvdjInfo(&params));                                                      \
      struct destroy {                                                                                                 \
        gesvdjInfo_t p;                                                                                                \
        ~destroy() { cusolverDnDestroyGesvdjInfo(p); }                                                                 \
      } guard{params};                                                                                                 \
      /* gesvdj touches U and V even without vectors: give it scratch for them. */                                  \
      workspace v(sizeof(c) * n * vr, s), uscratch(u ? 0 : sizeof(c) * m * uc, s);                                    \
      c* us = u ? u : uscratch.as<c>();                                                                                \
      NDTHRUST_CUSOLVER_TRY(cusolverDn##P##gesvdj_bufferSize(h, job, full ? 0 : 1, m, n, a, m, sv_, us, m,            \
                                                             v.as<c>(), n, &lw, params));                              \
      workspace w(sizeof(c) * lw, s);                                                                                  \
      cublasHandle_t bh = cuda::cublas_handle();                                                                       \
      NDTHRUST_CUBLAS_TRY(cublasSetStream(bh, s));                                                                     \
      const c one = ONE, zero = ZERO;                                                                                  \
      for (int b = 0; b < batch; ++b) {                                                                                \
        NDTHRUST_CUSOLVER_TRY(cusolverDn##P##gesvdj(h, job, full ? 0 : 1, m, n, a + index_t(b) * m * n, m,            \
                                                    sv_ + index_t(b) * k, u ? u + index_t(b) * m * uc : us, m,         \
                                                    v.as<c>(), n, w.as<c>(), lw, info + b, params));                   \
        if (u)                                                                                                         \
          NDTHRUST_CUBLAS_TRY(cublas##P##geam(bh, CUBLAS_OP_C, CUBLAS_OP_N, vr, n, &one, v.as<c>(), n, &zero,         \
                                              vh + index_t(b) * vr * n, vr, vh + index_t(b) * vr * n, vr));            \
      }                                                                                                                \
    }                                                                                                                  \
  };
ND_SOLVER_TRAITS(float, float, float, S, orgqr, syevd, 1.f, 0.f)
ND_SOLVER_TRAITS(double, double, double, D, orgqr, syevd, 1.0, 0.0)
ND_SOLVER_TRAITS(complex64, cuComplex, float, C, ungqr, heevd, make_cuComplex(1, 0), make_cuComplex(0, 0))
ND_SOLVER_TRAITS(complex128, cuDoubleComplex, double, Z, ungqr, heevd, make_cuDoubleComplex(1, 0),
                 make_cuDoubleComplex(0, 0))
#undef ND_SOLVER_TRAITS

template <class T>
typename sv<T>::c* cp(void* p) {
  return static_cast<typename sv<T>::c*>(p);
}
template <class T>
const typename sv<T>::c* cp(const void* p) {
  return static_cast<const typename sv<T>::c*>(p);
}

/// Binds the cuSOLVER handle to `s` and runs f(handle) under the library lock.
template <class F>
void with_solver(stream_t s, F&& f) {
  auto lock = cuda::library_lock();
  H h       = cuda::cusolver_handle();
  NDTHRUST_CUSOLVER_TRY(cusolverDnSetStream(h, s));
  f(h);
}
} // namespace

void device_getrf(dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::getrf(h, int(n), cp<T>(a), ipiv, info, int(batch), s); });
  });
}
void device_getrs(dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b,
           stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::getrs(h, int(n), int(nrhs), cp<T>(lu), ipiv, cp<T>(b), int(batch), s); });
  });
}
void device_potrf(dtype t, index_t n, index_t batch, void* a, int* info, stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::potrf(h, int(n), cp<T>(a), info, int(batch), s); });
  });
}
void device_geqrf(dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::geqrf(h, int(m), int(n), cp<T>(a), cp<T>(tau), int(batch), s); });
  });
}
void device_orgqr(dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau,
           stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::orgqr(h, int(m), int(n), int(cols), cp<T>(a), cp<T>(tau), int(batch), s); });
  });
}
void device_gesvd(dtype t, index_t m, index_t n, index_t batch, void* a, void* sv_, void* u, void* vh,
           bool full, int* info, stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    using R = typename sv<T>::r;
    with_solver(s, [&](H h) {
      sv<T>::gesvd(h, int(m), int(n), cp<T>(a), static_cast<R*>(sv_), u ? cp<T>(u) : nullptr,
                   vh ? cp<T>(vh) : nullptr, full, info, int(batch), s);
    });
  });
}
void device_syevd(dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info, stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    using R = typename sv<T>::r;
    with_solver(s, [&](H h) { sv<T>::syevd(h, vectors, int(n), cp<T>(a), static_cast<R*>(w), info, int(batch), s); });
  });
}

namespace {
/// Real Xgeev packs a conjugate pair (positive imaginary part first) as columns re, im of VR; column j of the
/// complex result takes (re, im) from there, as LAPACK's callers (and NumPy) do.
template <class R, class C>
__global__ void unpack_real_eigenvectors(const R* vr, const C* w, C* v, index_t n) {
  index_t k = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (k >= n * n) return;
  index_t j = k / n;
  auto im   = w[j].y;
  C out;
  if (im > 0) out = C{vr[k], vr[k + n]};
  else if (im < 0) out = C{vr[k - n], -vr[k]};
  else out = C{vr[k], 0};
  v[k] = out;
}
template <class T> struct geev_types;
template <> struct geev_types<float> { using C = cuComplex; static constexpr cudaDataType a = CUDA_R_32F, w = CUDA_C_32F; };
template <> struct geev_types<double> { using C = cuDoubleComplex; static constexpr cudaDataType a = CUDA_R_64F, w = CUDA_C_64F; };
template <> struct geev_types<complex64> { using C = cuComplex; static constexpr cudaDataType a = CUDA_C_32F, w = CUDA_C_32F; };
template <> struct geev_types<complex128> { using C = cuDoubleComplex; static constexpr cudaDataType a = CUDA_C_64F, w = CUDA_C_64F; };
} // namespace

void device_geev(dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t s) {
  dispatch_blas(t, [&](auto tag) {
    using T             = decltype(tag);
    using G             = geev_types<T>;
    using C             = typename G::C;
    constexpr bool real = G::a != G::w;
    // Real inputs give their vectors packed in a real n×n scratch; complex ones write v directly.
    workspace vr(v && real ? sizeof(T) * n * n : 0, s);
    void* vr_ptr   = v ? (real ? vr.p : v) : nullptr;
    auto jobvr     = v ? CUSOLVER_EIG_MODE_VECTOR : CUSOLVER_EIG_MODE_NOVECTOR;
    with_solver(s, [&](H h) {
      cusolverDnParams_t params;
      NDTHRUST_CUSOLVER_TRY(cusolverDnCreateParams(&params));
      struct destroy {
        cusolverDnParams_t p;
        ~destroy() { cusolverDnDestroyParams(p); }
      } guard{params};
      std::size_t dev_bytes = 0, host_bytes = 0;
      NDTHRUST_CUSOLVER_TRY(cusolverDnXgeev_bufferSize(h, params, CUSOLVER_EIG_MODE_NOVECTOR, jobvr, n, G::a, a, n, G::w,
                                                       w, G::a, nullptr, 1, G::a, vr_ptr, n, G::a, &dev_bytes,
                                                       &host_bytes));
      workspace dw(dev_bytes, s);
      std::vector<unsigned char> hw(host_bytes);
      for (index_t b = 0; b < batch; ++b) {
        auto* ab = static_cast<T*>(a) + b * n * n;
        auto* wb = static_cast<C*>(w) + b * n;
        void* vb = !v ? nullptr : real ? vr_ptr : static_cast<void*>(static_cast<C*>(v) + b * n * n);
        NDTHRUST_CUSOLVER_TRY(cusolverDnXgeev(h, params, CUSOLVER_EIG_MODE_NOVECTOR, jobvr, n, G::a, ab, n, G::w, wb,
                                              G::a, nullptr, 1, G::a, vb, n, G::a, dw.p, dev_bytes,
                                              host_bytes ? hw.data() : nullptr, host_bytes, info + b));
        if constexpr (real) {
          if (v) {
            auto blocks = static_cast<unsigned>((n * n + 255) / 256);
            unpack_real_eigenvectors<<<blocks, 256, 0, s>>>(static_cast<const T*>(vr_ptr), wb,
                                                            static_cast<C*>(v) + b * n * n, n);
            NDTHRUST_CUDA_TRY(cudaGetLastError());
          }
        }
      }
    });
  });
}

} // namespace nd::detail::linalg
