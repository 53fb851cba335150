// CUDA backend of nd::linalg's products: cuBLAS's GEMV for matrix–vector products, cuBLASLt for real unbatched GEMMs (a plan per shape, found once: the
// heuristic's first choice, or with the opt-in autotune the fastest candidate), cuBLAS for the rest; queued on the
// caller's stream with handles bound under library_lock(); workspaces from ndthrust's pool. Nothing synchronises
// except the autotune's one timing per shape. Host memory goes to linalg_host.cpp.
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/detail/linalg/ops.h>

#include "blas.h"
#include "workspace.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace nd::detail::linalg {

using cuda::workspace;

namespace {
/// A cuBLASLt plan for one real, unbatched GEMM shape: descriptors and the algorithm cuBLASLt's heuristic ranks
/// first (or, with the opt-in autotune, the fastest of its candidates), with the workspace that algorithm asks for.
/// Found once per shape and kept for the process: the heuristic query costs more host time than a 1000² product
/// takes on the GPU, and it picks faster kernels than cublasGemmEx's default for sizes that leave SMs idle at the
/// default tile (e.g. 1000²).
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

/// alpha and beta of `d` as host values in the GEMM's scale type: single or double precision, two elements each so
/// that complex scale types read (re, im). Host pointers, read when the call is queued.
struct scales {
  float f[4];
  double d[4];
  bool dbl;
  scales(const gemm_desc& g, bool dbl_) : dbl(dbl_) {
    for (int i = 0; i < 2; ++i) {
      d[i] = g.alpha[i], d[2 + i] = g.beta[i];
      f[i] = float(g.alpha[i]), f[2 + i] = float(g.beta[i]);
    }
  }
  const void* alpha() const { return dbl ? static_cast<const void*>(d) : static_cast<const void*>(f); }
  const void* beta() const { return dbl ? static_cast<const void*>(d + 2) : static_cast<const void*>(f + 2); }
};

/// y = alpha · op(M) · x + beta · y through cuBLAS's GEMV (strided-batched for stacks) on the bound handle.
cublasStatus_t gemv_call(cublasHandle_t h, dtype t, const gemv_form& g, const scales& sc, index_t batch) {
  const cublasOperation_t tr = g.trans == op::n ? CUBLAS_OP_N : g.trans == op::t ? CUBLAS_OP_T : CUBLAS_OP_C;
  const int r = int(g.rows), c = int(g.cols), ld = int(g.ld), ix = int(g.incx), iy = int(g.incy), nb = int(batch);
  switch (t) {
  case dtype::float32: {
    auto *al = static_cast<const float*>(sc.alpha()), *be = static_cast<const float*>(sc.beta());
    auto *m = static_cast<const float*>(g.mat), *x = static_cast<const float*>(g.x);
    auto* y = static_cast<float*>(g.y);
    if (batch == 1) return cublasSgemv(h, tr, r, c, al, m, ld, x, ix, be, y, iy);
    return cublasSgemvStridedBatched(h, tr, r, c, al, m, ld, g.stride_mat, x, ix, g.stride_x, be, y, iy, g.stride_y,
                                     nb);
  }
  case dtype::float64: {
    auto *al = static_cast<const double*>(sc.alpha()), *be = static_cast<const double*>(sc.beta());
    auto *m = static_cast<const double*>(g.mat), *x = static_cast<const double*>(g.x);
    auto* y = static_cast<double*>(g.y);
    if (batch == 1) return cublasDgemv(h, tr, r, c, al, m, ld, x, ix, be, y, iy);
    return cublasDgemvStridedBatched(h, tr, r, c, al, m, ld, g.stride_mat, x, ix, g.stride_x, be, y, iy, g.stride_y,
                                     nb);
  }
  case dtype::complex64: {
    auto *al = static_cast<const cuComplex*>(sc.alpha()), *be = static_cast<const cuComplex*>(sc.beta());
    auto *m = static_cast<const cuComplex*>(g.mat), *x = static_cast<const cuComplex*>(g.x);
    auto* y = static_cast<cuComplex*>(g.y);
    if (batch == 1) return cublasCgemv(h, tr, r, c, al, m, ld, x, ix, be, y, iy);
    return cublasCgemvStridedBatched(h, tr, r, c, al, m, ld, g.stride_mat, x, ix, g.stride_x, be, y, iy, g.stride_y,
                                     nb);
  }
  default: {
    auto *al = static_cast<const cuDoubleComplex*>(sc.alpha()), *be = static_cast<const cuDoubleComplex*>(sc.beta());
    auto *m = static_cast<const cuDoubleComplex*>(g.mat), *x = static_cast<const cuDoubleComplex*>(g.x);
    auto* y = static_cast<cuDoubleComplex*>(g.y);
    if (batch == 1) return cublasZgemv(h, tr, r, c, al, m, ld, x, ix, be, y, iy);
    return cublasZgemvStridedBatched(h, tr, r, c, al, m, ld, g.stride_mat, x, ix, g.stride_x, be, y, iy, g.stride_y,
                                     nb);
  }
  }
}

/// Times each candidate on the caller's operands (`d.c` is overwritten, so only with beta = 0; the real product
/// follows) and returns the
/// index of the fastest: the median of three runs after a warm-up, each between two events on `s`. Synchronises.
int fastest_candidate(const gemm_desc& d, const lt_plan& p, const cublasLtMatmulHeuristicResult_t* cand, int count,
                      stream_t s) {
  std::size_t ws_bytes = 0;
  for (int i = 0; i < count; ++i) ws_bytes = std::max(ws_bytes, cand[i].workspaceSize);
  workspace ws(ws_bytes, s);
  const scales sc(d, d.type == dtype::float64);
  const void *alpha = sc.alpha(), *beta = sc.beta();
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

void device_gemm(const gemm_desc& d, stream_t s) {
  const bool dbl = d.type == dtype::float64 || d.type == dtype::complex128;
  if (d.type != dtype::float32 && d.type != dtype::float64 && d.type != dtype::complex64 &&
      d.type != dtype::complex128)
    throw_dtype_error(std::string("matmul: no BLAS routine for ") + dtype_str(d.type));
  const scales sc(d, dbl);
  // Matrix–vector products: GEMV (bandwidth-bound), not a GEMM with a unit dimension.
  if (const gemv_form g = as_gemv(d); g.ok) {
    auto lock        = cuda::library_lock();
    cublasHandle_t h = cuda::cublas_handle();
    NDTHRUST_CUBLAS_TRY(cublasSetStream(h, s));
    NDTHRUST_CUBLAS_TRY(gemv_call(h, d.type, g, sc, d.batch));
    return;
  }
  if (d.batch == 1 && (d.type == dtype::float32 || d.type == dtype::float64)) {
    auto lock = cuda::library_lock();
    // Timing candidates would end a graph capture: while capturing, the heuristic's first choice is used. Timing
    // overwrites C, so a product that reads C (beta ≠ 0) is not tuned either.
    bool tune = gemm_autotune() && d.beta[0] == 0 && d.beta[1] == 0;
    if (tune) {
      cudaStreamCaptureStatus cs = cudaStreamCaptureStatusNone;
      NDTHRUST_CUDA_TRY(cudaStreamIsCapturing(s, &cs));
      tune = cs == cudaStreamCaptureStatusNone;
    }
    const lt_plan& p = lt_plan_for(d, allow_tf32(), tune, s);
    if (p.found) {
      workspace ws(p.workspace, s);
      NDTHRUST_CUBLAS_TRY(cublasLtMatmul(cuda::cublaslt_handle(), p.op, sc.alpha(), d.a, p.a, d.b, p.b, sc.beta(),
                                         d.c, p.c, d.c, p.c, &p.algo, ws.p, ws.bytes, s));
      return;
    }
  }
  cudaDataType t;
  cublasComputeType_t ct;
  switch (d.type) {
  case dtype::float32: t = CUDA_R_32F; break;
  case dtype::float64: t = CUDA_R_64F; break;
  case dtype::complex64: t = CUDA_C_32F; break;
  case dtype::complex128: t = CUDA_C_64F; break;
  default: t = CUDA_C_64F; break;
  }
  ct = dbl ? CUBLAS_COMPUTE_64F : (allow_tf32() ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F);
  const void *alpha = sc.alpha(), *beta = sc.beta();
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

} // namespace nd::detail::linalg
