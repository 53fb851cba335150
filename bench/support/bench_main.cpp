// The main of every benchmark binary and the helpers of support/bench_util.h.
//
// Before the cases run, main records the backend and the GPU in the benchmark context and measures the device copy
// bandwidth once, so each case can report its bytes/s as a share of what a plain copy achieves on this machine.
#include "support/bench_util.h"

#include <ndthrust/core/memory.h>

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace ndbench {

namespace {
double g_copy_bandwidth = 0;

#if defined(NDTHRUST_BACKEND_CUDA)
bool cuda_ok(cudaError_t err, const char* what) {
  if (err == cudaSuccess) return true;
  std::fprintf(stderr, "bench: %s failed: %s\n", what, cudaGetErrorString(err));
  cudaGetLastError();
  return false;
}

/// Median over a few cudaMemcpyAsync device→device copies of up to 2 GiB (large enough to saturate HBM).
double measure_copy_bandwidth() {
  std::size_t free_b = 0, total_b = 0;
  if (!cuda_ok(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo")) return 0;
  std::size_t bytes = std::min<std::size_t>(std::size_t(2) << 30, free_b / 4);
  void *a = nullptr, *b = nullptr;
  if (!cuda_ok(cudaMalloc(&a, bytes), "cudaMalloc") || !cuda_ok(cudaMalloc(&b, bytes), "cudaMalloc")) {
    cudaFree(a);
    return 0;
  }
  cudaMemset(a, 1, bytes);
  std::vector<double> t;
  device_timer timer;
  for (int i = 0; i < 8; ++i) {
    timer.start();
    cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice, 0);
    double s = timer.stop();
    if (i > 0) t.push_back(s); // the first copy is the warm-up
  }
  cudaFree(a);
  cudaFree(b);
  std::sort(t.begin(), t.end());
  return 2.0 * static_cast<double>(bytes) / t[t.size() / 2];
}

void add_device_context() {
  int dev = 0, driver = 0, runtime = 0;
  cudaDeviceProp prop{};
  if (!cuda_ok(cudaGetDevice(&dev), "cudaGetDevice") || !cuda_ok(cudaGetDeviceProperties(&prop, dev), "cudaGetDeviceProperties"))
    return;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  benchmark::AddCustomContext("gpu", prop.name);
  benchmark::AddCustomContext("gpu_memory_GiB", std::to_string(prop.totalGlobalMem >> 30));
  benchmark::AddCustomContext("cuda_driver", std::to_string(driver));
  benchmark::AddCustomContext("cuda_runtime", std::to_string(runtime));
}
#else
/// Median over a few parallel copies of 8e7 bytes through Thrust's OpenMP system, read + write counted.
double measure_copy_bandwidth() {
  const std::size_t n = 10'000'000;
  thrust::device_vector<double> a(n, 1.0), b(n);
  std::vector<double> t;
  wall_timer timer;
  for (int i = 0; i < 6; ++i) {
    timer.start();
    thrust::copy(thrust::device, a.begin(), a.end(), b.begin());
    double s = timer.stop();
    if (i > 0) t.push_back(s);
  }
  std::sort(t.begin(), t.end());
  return 2.0 * static_cast<double>(n * sizeof(double)) / t[t.size() / 2];
}
void add_device_context() {}
#endif
} // namespace

double copy_bandwidth() { return g_copy_bandwidth; }

void device_sync() {
#if defined(NDTHRUST_BACKEND_CUDA)
  cudaError_t err = cudaDeviceSynchronize();
  if (err != cudaSuccess) throw std::runtime_error(std::string("cudaDeviceSynchronize: ") + cudaGetErrorString(err));
#endif
}

bool reserve_device_memory(benchmark::State& state, std::size_t bytes) {
#if defined(NDTHRUST_BACKEND_CUDA)
  // Earlier cases leave memory cached in ndthrust's pool; hand it back so plain cudaMalloc sees it as free.
  device_sync();
  nd::pool_trim();
  std::size_t free_b = 0, total_b = 0;
  cudaMemGetInfo(&free_b, &total_b);
  const std::size_t margin = std::size_t(512) << 20; // Thrust temporaries, staging buffers
  if (free_b < bytes + margin) {
    std::string msg = "needs " + std::to_string(bytes >> 20) + " MiB of device memory, " +
                      std::to_string(free_b >> 20) + " MiB free";
    state.SkipWithError(msg.c_str());
    return false;
  }
#else
  (void) state;
  (void) bytes;
#endif
  return true;
}

device_timer::device_timer() {
#if defined(NDTHRUST_BACKEND_CUDA)
  for (auto& e : ev_) {
    cudaEvent_t ev;
    if (cudaEventCreate(&ev) != cudaSuccess) throw std::runtime_error("cudaEventCreate failed");
    e = ev;
  }
#endif
}

device_timer::~device_timer() {
#if defined(NDTHRUST_BACKEND_CUDA)
  for (auto e : ev_)
    if (e) cudaEventDestroy(static_cast<cudaEvent_t>(e));
#endif
}

void device_timer::start() {
#if defined(NDTHRUST_BACKEND_CUDA)
  cudaEventRecord(static_cast<cudaEvent_t>(ev_[0]), 0);
#else
  t0_ = std::chrono::steady_clock::now();
#endif
}

double device_timer::stop() {
#if defined(NDTHRUST_BACKEND_CUDA)
  auto e0 = static_cast<cudaEvent_t>(ev_[0]), e1 = static_cast<cudaEvent_t>(ev_[1]);
  cudaEventRecord(e1, 0);
  cudaError_t err = cudaEventSynchronize(e1);
  if (err != cudaSuccess) throw std::runtime_error(std::string("cudaEventSynchronize: ") + cudaGetErrorString(err));
  float ms = 0;
  cudaEventElapsedTime(&ms, e0, e1);
  return ms * 1e-3;
#else
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
#endif
}

void report(benchmark::State& state, const std::string& size, const std::string& what, double bytes_per_iter,
            bool vs_copy) {
  state.SetLabel("size=" + size + "; " + what);
  if (bytes_per_iter <= 0 || state.error_occurred()) return;
  double total = bytes_per_iter * static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(total));
  // A rate counter is divided by the (manual) time: bytes/s as a percentage of the copy bandwidth.
  if (vs_copy && copy_bandwidth() > 0)
    state.counters["copy_bw_pct"] = benchmark::Counter(100.0 * total / copy_bandwidth(), benchmark::Counter::kIsRate);
}

} // namespace ndbench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("ndthrust_backend", NDTHRUST_BACKEND_NAME);
  ndbench::add_device_context();
  ndbench::g_copy_bandwidth = ndbench::measure_copy_bandwidth();
  benchmark::AddCustomContext("copy_bandwidth_GBps", std::to_string(ndbench::g_copy_bandwidth / 1e9));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
