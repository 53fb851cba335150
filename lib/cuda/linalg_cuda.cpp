// CUDA backend of nd::linalg: GEMMs (cuBLASLt for real unbatched products, cuBLAS for the rest) and cuSOLVER
// factorizations on device memory, queued on the caller's stream with handles bound under library_lock();
// workspaces come from ndthrust's pool. Host memory goes to the
// host libraries (linalg_host.cpp). Nothing here synchronises: LAPACK infos stay on the device for the caller.
#include <ndthrust/backend/cuda/solver.cuh>
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/detail/linalg/dispatch.h>
#include <ndthrust/detail/linalg/ops.h>

#include <cuComplex.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace nd::detail::linalg {

namespace {
using H = cusolverDnHandle_t;

/// Pool memory freed (stream-ordered) when the scope ends.
struct workspace {
  void* p = nullptr;
  std::size_t bytes;
  stream_t s;
  workspace(std::size_t b, stream_t st) : bytes(b), s(st) { p = bytes ? device_allocate(bytes, s) : nullptr; }
  ~workspace() {
    if (p) device_deallocate(p, bytes, s);
  }
  template <class T>
  T* as() const {
    return static_cast<T*>(p);
  }
};

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

namespace {
/// A cuBLASLt plan for one real, unbatched GEMM shape: descriptors and the algorithm cuBLASLt's heuristic ranks
/// first (or, with the opt-in autotune, the fastest of its candidates), with the workspace that algorithm asks for. Found once per shape and kept for the process: the heuristic
/// query costs more host time than a 1000² product takes on the GPU, and it picks faster kernels than
/// cublasGemmEx's default for sizes that leave SMs idle at the default tile (e.g. 1000²).
struct lt_plan {
  cublasLtMatmulDesc_t op = nullptr;
  cublasLtMatrixLayout_t a = nullptr, b = nullptr, c = nullptr;
  cublasLtMatmulAlgo_t algo{};
  std::size_t workspace = 0;
  bool found            = false;
};
using lt_key = std::tuple<int, int, int, index_t, index_t, index_t, index_t, index_t, index_t, bool, bool, int,
                          std::uint32_t, std::uint32_t, std::uint32_t>;

/// cuBLAS's recommended workspace on Hopper: the cap of every GEMM's workspace, taken from ndthrust's pool.
constexpr std::size_t gemm_workspace_bytes = std::size_t(32) << 20;

/// alpha = 1 and beta = 0 (host pointers) in single or double precision; two elements each, so that the complex
/// scale types read (1, 0) and (0, 0).
std::pair<const void*, const void*> unit_scales(bool dbl) {
  static const float onef[2] = {1.f, 0.f}, zerof[2] = {0.f, 0.f};
  static const double oned[2] = {1.0, 0.0}, zerod[2] = {0.0, 0.0};
  if (dbl) return {oned, zerod};
  return {onef, zerof};
}

/// Times each candidate on the caller's operands (`d.c` is overwritten; the real product follows) and returns the
/// index of the fastest: the median of three runs after a warm-up, each between two events on `s`. Synchronises.
int fastest_candidate(const gemm_desc& d, const lt_plan& p, const cublasLtMatmulHeuristicResult_t* cand, int count,
                      stream_t s) {
  std::size_t ws_bytes = 0;
  for (int i = 0; i < count; ++i) ws_bytes = std::max(ws_bytes, cand[i].workspaceSize);
  workspace ws(ws_bytes, s);
  auto [alpha, beta] = unit_scales(d.type == dtype::float64);
  cudaEvent_t ev[2];
  NDTHRUST_CUDA_TRY(cudaEventCreate(&ev[0]));
  if (cudaError_t err = cudaEventCreate(&ev[1]); err != cudaSuccess) {
    cudaEventDestroy(ev[0]);
    NDTHRUST_CUDA_TRY(err);
  }
  int best      = 0;
  float best_ms = std::numeric_limits<float>::infinity();
  for (int i = 0; i < count; ++i) {
    auto run = [&] {
      return cublasLtMatmul(cuda::cublaslt_handle(), p.op, alpha, d.a, p.a, d.b, p.b, beta, d.c, p.c, d.c, p.c,
                            &cand[i].algo, ws.p, cand[i].workspaceSize, s) == CUBLAS_STATUS_SUCCESS;
    };
    if (!run()) continue; // a candidate that cannot run here is skipped
    float t[3];
    bool ok = true;
    for (float& ms : t) {
      ok = ok && cudaEventRecord(ev[0], s) == cudaSuccess && run() && cudaEventRecord(ev[1], s) == cudaSuccess &&
           cudaEventSynchronize(ev[1]) == cudaSuccess && cudaEventElapsedTime(&ms, ev[0], ev[1]) == cudaSuccess;
    }
    if (!ok) {
      cudaGetLastError();
      continue;
    }
    std::sort(t, t + 3);
    if (t[1] < best_ms) {
      best    = i;
      best_ms = t[1];
    }
  }
  cudaEventDestroy(ev[0]);
  cudaEventDestroy(ev[1]);
  return best;
}

/// The alignment cuBLASLt may assume for a pointer: the largest power of two up to 256 dividing its address. (The
/// heuristic assumes 256 unless told, and views at an offset are less aligned.)
std::uint32_t alignment_of(const void* p) {
  auto v = reinterpret_cast<std::uintptr_t>(p);
  std::uint32_t a = 256;
  while (a > 1 && v % a) a /= 2;
  return a;
}

/// The plan for `d` (real types, batch 1); `found` is false when cuBLASLt offers no algorithm. With `tune`, the
/// heuristic's candidates are timed on `s` and the fastest kept. Under library_lock().
const lt_plan& lt_plan_for(const gemm_desc& d, bool tf32, bool tune, stream_t s) {
  static std::map<lt_key, lt_plan> plans; // handles and descriptors live for the process, like the library handles
  int dev = 0;
  NDTHRUST_CUDA_TRY(cudaGetDevice(&dev));
  const std::uint32_t al[3] = {alignment_of(d.a), alignment_of(d.b), alignment_of(d.c)};
  lt_key key{static_cast<int>(d.type), static_cast<int>(d.op_a), static_cast<int>(d.op_b), d.m, d.n, d.k, d.lda,
             d.ldb, d.ldc, tf32, tune, dev, al[0], al[1], al[2]};
  auto it = plans.find(key);
  if (it != plans.end()) return it->second;
  const bool dbl          = d.type == dtype::float64;
  const cudaDataType t    = dbl ? CUDA_R_64F : CUDA_R_32F;
  cublasComputeType_t ct  = dbl ? CUBLAS_COMPUTE_64F : (tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F);
  cublasOperation_t ta    = d.op_a == op::n ? CUBLAS_OP_N : CUBLAS_OP_T;
  cublasOperation_t tb    = d.op_b == op::n ? CUBLAS_OP_N : CUBLAS_OP_T;
  lt_plan p;
  NDTHRUST_CUBLAS_TRY(cublasLtMatmulDescCreate(&p.op, ct, t));
  NDTHRUST_CUBLAS_TRY(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta)));
  NDTHRUST_CUBLAS_TRY(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb)));
  auto rows = [](op o, index_t r, index_t c) { return o == op::n ? r : c; };
  NDTHRUST_CUBLAS_TRY(cublasLtMatrixLayoutCreate(&p.a, t, rows(d.op_a, d.m, d.k), rows(d.op_a, d.k, d.m), d.lda));
  NDTHRUST_CUBLAS_TRY(cublasLtMatrixLayoutCreate(&p.b, t, rows(d.op_b, d.k, d.n), rows(d.op_b, d.n, d.k), d.ldb));
  NDTHRUST_CUBLAS_TRY(cublasLtMatrixLayoutCreate(&p.c, t, d.m, d.n, d.ldc));
  cublasLtMatmulPreference_t pref = nullptr;
  NDTHRUST_CUBLAS_TRY(cublasLtMatmulPreferenceCreate(&pref));
  std::size_t max_ws = gemm_workspace_bytes;
  constexpr int max_candidates = 8;
  cublasLtMatmulHeuristicResult_t cand[max_candidates]{};
  int count = 0;
  cublasStatus_t st = cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &max_ws,
                                                           sizeof(max_ws));
  const cublasLtMatmulPreferenceAttributes_t align_attr[4] = {
    CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES,
    CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES};
  for (int i = 0; i < 4 && st == CUBLAS_STATUS_SUCCESS; ++i)
    st = cublasLtMatmulPreferenceSetAttribute(pref, align_attr[i], &al[i < 3 ? i : 2], sizeof(al[0]));
  if (st == CUBLAS_STATUS_SUCCESS)
    st = cublasLtMatmulAlgoGetHeuristic(cuda::cublaslt_handle(), p.op, p.a, p.b, p.c, p.c, pref,
                                        tune ? max_candidates : 1, cand, &count);
  cublasLtMatmulPreferenceDestroy(pref);
  if (st == CUBLAS_STATUS_SUCCESS && count > 0) {
    const int pick = tune && count > 1 ? fastest_candidate(d, p, cand, count, s) : 0;
    p.algo         = cand[pick].algo;
    p.workspace    = cand[pick].workspaceSize;
    p.found        = true;
  }
  return plans.emplace(key, p).first->second;
}
} // namespace

void gemm(bool device, const gemm_desc& d, stream_t s) {
  if (!device) return host_gemm(d);
  if (d.batch == 1 && (d.type == dtype::float32 || d.type == dtype::float64)) {
    auto lock = cuda::library_lock();
    // Timing candidates would end a graph capture: while capturing, the heuristic's first choice is used.
    bool tune = gemm_autotune();
    if (tune) {
      cudaStreamCaptureStatus cs = cudaStreamCaptureStatusNone;
      NDTHRUST_CUDA_TRY(cudaStreamIsCapturing(s, &cs));
      tune = cs == cudaStreamCaptureStatusNone;
    }
    const lt_plan& p = lt_plan_for(d, allow_tf32(), tune, s);
    if (p.found) {
      auto [alpha, beta] = unit_scales(d.type == dtype::float64);
      workspace ws(p.workspace, s);
      NDTHRUST_CUBLAS_TRY(cublasLtMatmul(cuda::cublaslt_handle(), p.op, alpha, d.a, p.a, d.b, p.b, beta, d.c, p.c,
                                         d.c, p.c, &p.algo, ws.p, ws.bytes, s));
      return;
    }
  }
  const bool dbl = d.type == dtype::float64 || d.type == dtype::complex128;
  cudaDataType t;
  cublasComputeType_t ct;
  switch (d.type) {
  case dtype::float32: t = CUDA_R_32F; break;
  case dtype::float64: t = CUDA_R_64F; break;
  case dtype::complex64: t = CUDA_C_32F; break;
  case dtype::complex128: t = CUDA_C_64F; break;
  default: throw_dtype_error(std::string("matmul: no BLAS routine for ") + dtype_str(d.type));
  }
  ct = dbl ? CUBLAS_COMPUTE_64F : (allow_tf32() ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F);
  auto [alpha, beta] = unit_scales(dbl);
  auto cop = [](op o) { return o == op::n ? CUBLAS_OP_N : o == op::t ? CUBLAS_OP_T : CUBLAS_OP_C; };
  // From the pool instead of cuBLAS's own per-stream cudaMalloc.
  workspace ws(gemm_workspace_bytes, s);
  auto lock          = cuda::library_lock();
  cublasHandle_t h   = cuda::cublas_handle();
  NDTHRUST_CUBLAS_TRY(cublasSetStream(h, s));
  NDTHRUST_CUBLAS_TRY(cublasSetWorkspace(h, ws.p, ws.bytes));
  if (d.batch == 1)
    NDTHRUST_CUBLAS_TRY(cublasGemmEx(h, cop(d.op_a), cop(d.op_b), int(d.m), int(d.n), int(d.k), alpha, d.a, t,
                                     int(d.lda), d.b, t, int(d.ldb), beta, d.c, t, int(d.ldc), ct,
                                     CUBLAS_GEMM_DEFAULT));
  else
    NDTHRUST_CUBLAS_TRY(cublasGemmStridedBatchedEx(h, cop(d.op_a), cop(d.op_b), int(d.m), int(d.n), int(d.k), alpha,
                                                   d.a, t, int(d.lda), d.stride_a, d.b, t, int(d.ldb), d.stride_b,
                                                   beta, d.c, t, int(d.ldc), d.stride_c, int(d.batch), ct,
                                                   CUBLAS_GEMM_DEFAULT));
  // The workspace goes back to the pool with this scope: other calls on the handle must not see it.
  NDTHRUST_CUBLAS_TRY(cublasSetWorkspace(h, nullptr, 0));
}

void getrf(bool device, dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t s) {
  if (!device) return host_getrf(t, n, batch, a, ipiv, info);
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::getrf(h, int(n), cp<T>(a), ipiv, info, int(batch), s); });
  });
}
void getrs(bool device, dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b,
           stream_t s) {
  if (!device) return host_getrs(t, n, nrhs, batch, lu, ipiv, b);
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::getrs(h, int(n), int(nrhs), cp<T>(lu), ipiv, cp<T>(b), int(batch), s); });
  });
}
void potrf(bool device, dtype t, index_t n, index_t batch, void* a, int* info, stream_t s) {
  if (!device) return host_potrf(t, n, batch, a, info);
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::potrf(h, int(n), cp<T>(a), info, int(batch), s); });
  });
}
void geqrf(bool device, dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t s) {
  if (!device) return host_geqrf(t, m, n, batch, a, tau);
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::geqrf(h, int(m), int(n), cp<T>(a), cp<T>(tau), int(batch), s); });
  });
}
void orgqr(bool device, dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau,
           stream_t s) {
  if (!device) return host_orgqr(t, m, n, cols, batch, a, tau);
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    with_solver(s, [&](H h) { sv<T>::orgqr(h, int(m), int(n), int(cols), cp<T>(a), cp<T>(tau), int(batch), s); });
  });
}
void gesvd(bool device, dtype t, index_t m, index_t n, index_t batch, void* a, void* sv_, void* u, void* vh,
           bool full, int* info, stream_t s) {
  if (!device) return host_gesvd(t, m, n, batch, a, sv_, u, vh, full, info);
  dispatch_blas(t, [&](auto tag) {
    using T = decltype(tag);
    using R = typename sv<T>::r;
    with_solver(s, [&](H h) {
      sv<T>::gesvd(h, int(m), int(n), cp<T>(a), static_cast<R*>(sv_), u ? cp<T>(u) : nullptr,
                   vh ? cp<T>(vh) : nullptr, full, info, int(batch), s);
    });
  });
}
void syevd(bool device, dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info, stream_t s) {
  if (!device) return host_syevd(t, n, batch, a, w, vectors, info);
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

void geev(bool device, dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t s) {
  if (!device) return host_geev(t, n, batch, a, w, v, info);
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
