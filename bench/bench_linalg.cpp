// Linear algebra and FFT: matmul (contiguous and with a transposed view), matrix–vector products, fft, rfft and
// solve, each beside the raw cuBLAS / cuFFT / cuSOLVER call doing the same job in this binary (the matrix–vector
// product on the host backend beside CBLAS's gemv). Counters: TFLOP/s for matmul (2 n^3 flops),
// GFLOP/s for solve (2/3 n^3 + 2 n^2 nrhs), and the FFTs' usual 5 n log2 n (2.5 n log2 n for rfft).
#include <ndthrust/fft.h>
#include <ndthrust/linalg.h>
#include <ndthrust/ndthrust.h>

#include "support/bench_util.h"

#if defined(NDTHRUST_BACKEND_CUDA)
#  include <cublasLt.h>
#  include <cublas_v2.h>
#  include <cufft.h>
#  include <cusolverDn.h>
#endif

#if defined(NDTHRUST_BENCH_CBLAS) && !defined(NDTHRUST_BACKEND_CUDA)
#  include <cblas.h>
#endif

#include <cmath>
#include <cstdint>
#include <string>

namespace {
using namespace ndbench;
using nd::index_t;

template <class T>
const char* tname() {
  return std::is_same_v<T, float> ? "f32" : "f64";
}
void flops(benchmark::State& state, double per_iter, double unit, const char* name) {
  state.counters[name] = benchmark::Counter(per_iter / unit, benchmark::Counter::kIsIterationInvariantRate);
}

template <class T>
void matmul_case(index_t n, bool transposed) {
  std::string base = std::string("linalg/matmul") + (transposed ? "_T" : "") + "_" + std::to_string(n) + "_" + tname<T>();
  std::string size = std::to_string(n) + "x" + std::to_string(n) + " " + tname<T>();
  auto setup = [n] {
    auto a = nd::ones<T>(nd::device, {n, n});
    auto b = nd::full<T>(nd::device, {n, n}, T(0.5));
    return std::make_pair(a, b);
  };
  add(base + "/nd", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 3 * n * n * sizeof(T))) return;
    auto [a, b] = setup();
    auto lhs    = transposed ? nd::transpose(a) : a; // a view: reaches cuBLAS as op T
    time_device(state, [&] { auto c = nd::matmul(lhs, b); benchmark::DoNotOptimize(c.raw()); });
    flops(state, 2.0 * n * n * n, 1e12, "TFLOPs");
    report(state, size, transposed ? "nd::matmul(transpose(a), b)" : "nd::matmul(a, b)");
  }, benchmark::kMillisecond);
  if (!transposed && n <= 1000) {
    add(base + "/nd_tuned", [=](benchmark::State& state) {
      if (!reserve_device_memory(state, 3 * n * n * sizeof(T))) return;
      auto [a, b] = setup();
      nd::linalg::set_gemm_autotune(true); // opt-in: the first product of the shape times cuBLASLt's candidates
      time_device(state, [&] { auto c = nd::matmul(a, b); benchmark::DoNotOptimize(c.raw()); });
      nd::linalg::set_gemm_autotune(false);
      flops(state, 2.0 * n * n * n, 1e12, "TFLOPs");
      report(state, size, "nd::matmul(a, b) after nd::linalg::set_gemm_autotune(true)");
    }, benchmark::kMillisecond);
  }
#if defined(NDTHRUST_BACKEND_CUDA)
  add(base + "/raw", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 3 * n * n * sizeof(T))) return;
    auto [a, b] = setup();
    auto c      = nd::empty<T>(nd::device, {n, n});
    cublasHandle_t h;
    cublasCreate(&h);
    T one = 1, zero = 0;
    auto op = transposed ? CUBLAS_OP_T : CUBLAS_OP_N;
    time_device(state, [&] {
      if constexpr (std::is_same_v<T, float>)
        cublasSgemm(h, CUBLAS_OP_N, op, int(n), int(n), int(n), &one, b.raw(), int(n), a.raw(), int(n), &zero,
                    c.raw(), int(n));
      else
        cublasDgemm(h, CUBLAS_OP_N, op, int(n), int(n), int(n), &one, b.raw(), int(n), a.raw(), int(n), &zero,
                    c.raw(), int(n));
    });
    cublasDestroy(h);
    flops(state, 2.0 * n * n * n, 1e12, "TFLOPs");
    report(state, size, std::string("cublas") + (std::is_same_v<T, float> ? "S" : "D") + "gemm");
  }, benchmark::kMillisecond);
  add(base + "/raw_gemmex", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 3 * n * n * sizeof(T))) return;
    auto [a, b] = setup();
    auto c      = nd::empty<T>(nd::device, {n, n});
    cublasHandle_t h;
    cublasCreate(&h);
    T one = 1, zero = 0;
    auto dt = std::is_same_v<T, float> ? CUDA_R_32F : CUDA_R_64F;
    auto ct = std::is_same_v<T, float> ? CUBLAS_COMPUTE_32F : CUBLAS_COMPUTE_64F;
    time_device(state, [&] {
      cublasGemmEx(h, CUBLAS_OP_N, transposed ? CUBLAS_OP_T : CUBLAS_OP_N, int(n), int(n), int(n), &one, b.raw(), dt,
                   int(n), a.raw(), dt, int(n), &zero, c.raw(), dt, int(n), ct, CUBLAS_GEMM_DEFAULT);
    });
    cublasDestroy(h);
    flops(state, 2.0 * n * n * n, 1e12, "TFLOPs");
    report(state, size, "cublasGemmEx");
  }, benchmark::kMillisecond);
  add(base + "/raw_lt", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 3 * n * n * sizeof(T) + (32u << 20))) return;
    auto [a, b] = setup();
    auto c      = nd::empty<T>(nd::device, {n, n});
    auto ws     = nd::empty<std::uint8_t>(nd::device, {index_t(32) << 20});
    std::size_t ws_bytes = std::size_t(32) << 20;
    const bool f32 = std::is_same_v<T, float>;
    auto dt = f32 ? CUDA_R_32F : CUDA_R_64F;
    cublasLtHandle_t h;
    cublasLtCreate(&h);
    cublasLtMatmulDesc_t op;
    cublasLtMatmulDescCreate(&op, f32 ? CUBLAS_COMPUTE_32F : CUBLAS_COMPUTE_64F, dt);
    cublasOperation_t tb = transposed ? CUBLAS_OP_T : CUBLAS_OP_N;
    cublasLtMatmulDescSetAttribute(op, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb));
    cublasLtMatrixLayout_t la, lb, lc;
    cublasLtMatrixLayoutCreate(&la, dt, n, n, n);
    cublasLtMatrixLayoutCreate(&lb, dt, n, n, n);
    cublasLtMatrixLayoutCreate(&lc, dt, n, n, n);
    cublasLtMatmulPreference_t pref;
    cublasLtMatmulPreferenceCreate(&pref);
    cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &ws_bytes, sizeof(ws_bytes));
    cublasLtMatmulHeuristicResult_t best{};
    int count = 0;
    cublasLtMatmulAlgoGetHeuristic(h, op, la, lb, lc, lc, pref, 1, &best, &count);
    T one = 1, zero = 0;
    if (count > 0) {
      time_device(state, [&] {
        cublasLtMatmul(h, op, &one, b.raw(), la, a.raw(), lb, &zero, c.raw(), lc, c.raw(), lc, &best.algo, ws.raw(),
                       ws_bytes, nullptr);
      });
    } else {
      state.SkipWithError("cublasLtMatmulAlgoGetHeuristic found no algorithm");
    }
    cublasLtMatmulPreferenceDestroy(pref);
    cublasLtMatrixLayoutDestroy(la);
    cublasLtMatrixLayoutDestroy(lb);
    cublasLtMatrixLayoutDestroy(lc);
    cublasLtMatmulDescDestroy(op);
    cublasLtDestroy(h);
    flops(state, 2.0 * n * n * n, 1e12, "TFLOPs");
    report(state, size, "cublasLtMatmul, first heuristic algorithm, 32 MiB workspace");
  }, benchmark::kMillisecond);
#endif
}

void fft_cases() {
  const index_t n = by_backend<index_t>(index_t(1) << 24, index_t(1) << 18);
  const index_t nr = by_backend<index_t>(index_t(1) << 26, index_t(1) << 18);
  std::string size = std::to_string(n) + " c64";
  std::string rsize = std::to_string(nr) + " f32";
  add("linalg/fft_c64/nd", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 2 * n * 8)) return;
    auto a = nd::full<nd::complex64>(nd::device, {n}, nd::complex64(1, 2));
    time_device(state, [&] { auto f = nd::fft::fft(nd::device, a); benchmark::DoNotOptimize(f.raw()); });
    flops(state, 5.0 * n * std::log2(double(n)), 1e9, "GFLOPs");
    report(state, size, "nd::fft::fft", 2.0 * n * 8);
  }, benchmark::kMillisecond);
  add("linalg/rfft_f32/nd", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, nr * 4 + (nr / 2 + 1) * 8)) return;
    auto a = nd::full<float>(nd::device, {nr}, 1.5f);
    time_device(state, [&] { auto f = nd::fft::rfft(nd::device, a); benchmark::DoNotOptimize(f.raw()); });
    flops(state, 2.5 * nr * std::log2(double(nr)), 1e9, "GFLOPs");
    report(state, rsize, "nd::fft::rfft", nr * 4.0 + (nr / 2 + 1) * 8.0);
  }, benchmark::kMillisecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add("linalg/fft_c64/raw", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 2 * n * 8)) return;
    auto a = nd::full<nd::complex64>(nd::device, {n}, nd::complex64(1, 2));
    auto o = nd::empty<nd::complex64>(nd::device, {n});
    cufftHandle p;
    cufftPlan1d(&p, int(n), CUFFT_C2C, 1);
    time_device(state, [&] {
      cufftExecC2C(p, reinterpret_cast<cufftComplex*>(a.raw()), reinterpret_cast<cufftComplex*>(o.raw()),
                   CUFFT_FORWARD);
    });
    cufftDestroy(p);
    flops(state, 5.0 * n * std::log2(double(n)), 1e9, "GFLOPs");
    report(state, size, "cufftExecC2C", 2.0 * n * 8);
  }, benchmark::kMillisecond);
  add("linalg/rfft_f32/raw", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, nr * 4 + (nr / 2 + 1) * 8)) return;
    auto a = nd::full<float>(nd::device, {nr}, 1.5f);
    auto o = nd::empty<nd::complex64>(nd::device, {nr / 2 + 1});
    cufftHandle p;
    cufftPlan1d(&p, int(nr), CUFFT_R2C, 1);
    time_device(state, [&] {
      cufftExecR2C(p, a.raw(), reinterpret_cast<cufftComplex*>(o.raw()));
    });
    cufftDestroy(p);
    flops(state, 2.5 * nr * std::log2(double(nr)), 1e9, "GFLOPs");
    report(state, rsize, "cufftExecR2C", nr * 4.0 + (nr / 2 + 1) * 8.0);
  }, benchmark::kMillisecond);
#endif
}

void solve_cases() {
  const index_t n = by_backend<index_t>(4096, 512);
  std::string size = std::to_string(n) + "x" + std::to_string(n) + " f64";
  // A diagonally dominant system: eye * n + ones.
  auto make = [n] {
    auto a = nd::eye<double>(nd::device, n);
    auto h = nd::to_host(a);
    for (index_t i = 0; i < n * n; ++i) h.raw()[i] = h.raw()[i] * double(n) + 1.0 / double(1 + i % 7);
    return nd::asarray(nd::device, h);
  };
  add("linalg/solve_f64/nd", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 4 * n * n * 8)) return;
    auto a = make();
    auto b = nd::ones<double>(nd::device, {n});
    time_device(state, [&] { auto x = nd::linalg::solve(a, b); benchmark::DoNotOptimize(x.raw()); });
    flops(state, 2.0 / 3.0 * n * n * n + 2.0 * n * n, 1e9, "GFLOPs");
    report(state, size, "nd::linalg::solve(a, b), b 1-d (includes the info check)");
  }, benchmark::kMillisecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add("linalg/solve_f64/raw", [=](benchmark::State& state) {
    if (!reserve_device_memory(state, 4 * n * n * 8)) return;
    auto a  = make();
    auto lu = nd::empty<double>(nd::device, {n, n});
    auto x  = nd::empty<double>(nd::device, {n});
    auto b  = nd::ones<double>(nd::device, {n});
    auto ip = nd::empty<int>(nd::device, {n});
    auto info = nd::empty<int>(nd::device, {1});
    cusolverDnHandle_t h;
    cusolverDnCreate(&h);
    int lw = 0;
    cusolverDnDgetrf_bufferSize(h, int(n), int(n), lu.raw(), int(n), &lw);
    auto work = nd::empty<double>(nd::device, {lw});
    time_device(state, [&] {
      // The same job as nd: copy A (cuSOLVER factors in place) and b, factor, solve.
      cudaMemcpyAsync(lu.raw(), a.raw(), n * n * 8, cudaMemcpyDeviceToDevice, 0);
      cudaMemcpyAsync(x.raw(), b.raw(), n * 8, cudaMemcpyDeviceToDevice, 0);
      cusolverDnDgetrf(h, int(n), int(n), lu.raw(), int(n), work.raw(), ip.raw(), info.raw());
      cusolverDnDgetrs(h, CUBLAS_OP_T, int(n), 1, lu.raw(), int(n), ip.raw(), x.raw(), int(n), info.raw());
    });
    cusolverDnDestroy(h);
    flops(state, 2.0 / 3.0 * n * n * n + 2.0 * n * n, 1e9, "GFLOPs");
    report(state, size, "cusolverDnDgetrf + getrs");
  }, benchmark::kMillisecond);
#endif
}

/// y = A x for an n×n row-major A: nd::matmul (GEMV inside) into a new and into a preallocated y, beside the raw
/// GEMV (cuBLAS on the GPU, CBLAS on the host backend). Bandwidth: the bytes of A read once.
template <class T>
void matvec_case(index_t n) {
  const std::string base = "linalg/matvec_" + std::to_string(n) + "_" + tname<T>();
  const std::string size = std::to_string(n) + "x" + std::to_string(n) + " " + tname<T>();
  const double bytes     = double(n) * n * sizeof(T);
  auto setup = [n] {
    return std::make_pair(nd::full<T>(nd::device, {n, n}, T(0.5)), nd::full<T>(nd::device, {n}, T(0.25)));
  };
  add(base + "/nd", [=](benchmark::State& state) {
    auto [a, x] = setup();
    time_device(state, [&] { auto y = nd::matmul(a, x); benchmark::DoNotOptimize(y.raw()); });
    report(state, size, "nd::matmul(a, x) into a new vector (GEMV)", bytes);
  }, benchmark::kMicrosecond);
  add(base + "/nd_out", [=](benchmark::State& state) {
    auto [a, x] = setup();
    auto y      = nd::empty<T>(nd::device, {n});
    time_device(state, [&] { nd::matmul(nd::device, a, x, y); });
    report(state, size, "nd::matmul(policy, a, x, y) into a preallocated y", bytes);
  }, benchmark::kMicrosecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add(base + "/raw", [=](benchmark::State& state) {
    auto [a, x] = setup();
    auto y      = nd::empty<T>(nd::device, {n});
    cublasHandle_t h;
    cublasCreate(&h);
    T one = 1, zero = 0;
    time_device(state, [&] { // row-major A is column-major Aᵀ
      if constexpr (std::is_same_v<T, float>)
        cublasSgemv(h, CUBLAS_OP_T, int(n), int(n), &one, a.raw(), int(n), x.raw(), 1, &zero, y.raw(), 1);
      else
        cublasDgemv(h, CUBLAS_OP_T, int(n), int(n), &one, a.raw(), int(n), x.raw(), 1, &zero, y.raw(), 1);
    });
    cublasDestroy(h);
    report(state, size, std::string("cublas") + (std::is_same_v<T, float> ? "S" : "D") + "gemv", bytes);
  }, benchmark::kMicrosecond);
#elif defined(NDTHRUST_BENCH_CBLAS)
  add(base + "/raw", [=](benchmark::State& state) {
    auto [a, x] = setup();
    auto y      = nd::empty<T>(nd::device, {n});
    time_device(state, [&] {
      if constexpr (std::is_same_v<T, float>)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, int(n), int(n), 1.f, a.raw(), int(n), x.raw(), 1, 0.f, y.raw(), 1);
      else
        cblas_dgemv(CblasRowMajor, CblasNoTrans, int(n), int(n), 1.0, a.raw(), int(n), x.raw(), 1, 0.0, y.raw(), 1);
    });
    report(state, size, std::string("cblas_") + (std::is_same_v<T, float> ? "s" : "d") + "gemv", bytes);
  }, benchmark::kMicrosecond);
#endif
}

const bool registered = [] {
  for (index_t n : {index_t(1000), by_backend<index_t>(4096, 512)}) {
    matmul_case<float>(n, false);
    matmul_case<double>(n, false);
  }
  if (on_gpu) matmul_case<float>(8192, false);
  matmul_case<float>(by_backend<index_t>(4096, 512), true);
  matvec_case<float>(by_backend<index_t>(8192, 2000));
  matvec_case<double>(by_backend<index_t>(8192, 2000));
  fft_cases();
  solve_cases();
  return true;
}();

} // namespace
