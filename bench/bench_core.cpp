// Benchmarks of the core: creation, strided copies, host<->device transfers and small allocations, each ndthrust
// case next to the raw Thrust / CUDA call doing the same job ("<family>/<case>/<variant>", see support/bench_util.h).
// Sizes follow the backend: the seed article's 1e9 elements on CUDA, about 1e7 on the host-only backend.
#include <ndthrust/config.h>

#include <ndthrust/ndthrust.h>

#include "support/bench_util.h"

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/execution_policy.h>
#include <thrust/fill.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

using namespace ndbench;
using nd::index_t;

template <class T>
const char* dtype_name();
template <>
const char* dtype_name<double>() { return "f64"; }
template <>
const char* dtype_name<float>() { return "f32"; }

/// "1000x1000x1000 f64": the size part of the label, matched against peers/peers.py.
template <class T>
std::string size_str(const nd::shape_t& shape) {
  std::string s;
  for (index_t d : shape) s += (s.empty() ? "" : "x") + std::to_string(d);
  return s + " " + dtype_name<T>();
}

template <class T>
std::size_t nbytes(const nd::shape_t& shape) {
  return static_cast<std::size_t>(nd::shape_size(shape)) * sizeof(T);
}

template <class T>
T* raw(thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

/// A device→device copy of a into b: cudaMemcpyAsync on CUDA, Thrust's parallel copy on OMP.
template <class T>
void raw_device_copy(thrust::device_vector<T>& b, thrust::device_vector<T>& a) {
#if defined(NDTHRUST_BACKEND_CUDA)
  cudaMemcpyAsync(raw(b), raw(a), a.size() * sizeof(T), cudaMemcpyDeviceToDevice, 0);
#else
  thrust::copy(thrust::device, a.begin(), a.end(), b.begin());
#endif
}

// --- ones((1000,1000,1000)) ---------------------------------------------------------------------------------------

nd::shape_t ones_shape() { return by_backend<nd::shape_t>({1000, 1000, 1000}, {100, 100, 1000}); }

void ones_nd(benchmark::State& state) {
  const auto shape = ones_shape();
  if (!reserve_device_memory(state, nbytes<double>(shape))) return;
  time_device(state, [&] {
    auto a = nd::ones<double>(shape);
    benchmark::DoNotOptimize(a.raw());
  });
  report(state, size_str<double>(shape), "nd::ones<double> into a new array (pool allocation + fill)",
         nbytes<double>(shape));
}

void ones_raw(benchmark::State& state) {
  const auto shape = ones_shape();
  if (!reserve_device_memory(state, nbytes<double>(shape))) return;
  thrust::device_vector<double> v(static_cast<std::size_t>(nd::shape_size(shape)));
  time_device(state, [&] { thrust::fill(v.begin(), v.end(), 1.0); });
  report(state, size_str<double>(shape), "thrust::fill into a preallocated device_vector", nbytes<double>(shape));
}

// --- transpose -> contiguous, against a plain copy of the same bytes -----------------------------------------------

nd::shape_t transpose3d_shape() { return by_backend<nd::shape_t>({1000, 1000, 1000}, {200, 200, 200}); }
nd::shape_t transpose2d_shape() { return by_backend<nd::shape_t>({32768, 32768}, {3072, 3072}); }

template <class T>
void transpose_nd(benchmark::State& state, const nd::shape_t& shape) {
  const std::size_t bytes = nbytes<T>(shape);
  if (!reserve_device_memory(state, 2 * bytes)) return;
  auto x  = nd::ones<T>(shape);
  auto xt = nd::transpose(x); // axes reversed: (2,1,0) or (1,0)
  time_device(state, [&] {
    auto c = nd::ascontiguousarray(xt);
    benchmark::DoNotOptimize(c.raw());
  });
  report(state, size_str<T>(shape), "nd::ascontiguousarray(nd::transpose(x)) into a new array", 2.0 * bytes);
}

template <class T>
void copy_raw(benchmark::State& state, const nd::shape_t& shape) {
  const std::size_t bytes = nbytes<T>(shape);
  if (!reserve_device_memory(state, 2 * bytes)) return;
  const auto n = static_cast<std::size_t>(nd::shape_size(shape));
  thrust::device_vector<T> a(n), b(n);
  time_device(state, [&] { raw_device_copy(b, a); });
  report(state, size_str<T>(shape),
         on_gpu ? "cudaMemcpyAsync device to device of the same bytes" : "thrust::copy of the same bytes", 2.0 * bytes);
}

// --- host <-> device transfers of 8e8 bytes -------------------------------------------------------------------------

nd::shape_t transfer_shape() { return by_backend<nd::shape_t>({100'000'000}, {10'000'000}); }

/// Transfers cross the bus: bytes/s only, no share of the device copy bandwidth (raw_pinned is their limit).
void report_transfer(benchmark::State& state, const std::string& what) {
  report(state, size_str<double>(transfer_shape()), what, nbytes<double>(transfer_shape()), false);
}

void h2d_nd_to_device(benchmark::State& state) {
  const auto shape = transfer_shape();
  if (!reserve_device_memory(state, nbytes<double>(shape))) return;
  auto h = nd::full<double>(nd::host, shape, 1.0);
  time_wall(state, [&] {
    auto d = nd::to_device(h);
    benchmark::DoNotOptimize(d.raw());
  });
  report_transfer(state, "nd::to_device(host array) into a new device array");
}

void h2d_nd_copyto(benchmark::State& state) {
  const auto shape = transfer_shape();
  if (!reserve_device_memory(state, nbytes<double>(shape))) return;
  auto h = nd::full<double>(nd::host, shape, 1.0);
  auto d = nd::empty<double>(shape);
  time_wall(state, [&] { nd::copyto(nd::device, d, h); });
  report_transfer(state, "nd::copyto into a preallocated device array");
}

void d2h_nd_to_host(benchmark::State& state) {
  const auto shape = transfer_shape();
  if (!reserve_device_memory(state, nbytes<double>(shape))) return;
  auto d = nd::ones<double>(shape);
  time_wall(state, [&] {
    auto h = nd::to_host(d);
    benchmark::DoNotOptimize(h.raw());
  });
  report_transfer(state, "nd::to_host(device array) into new host memory (CuPy's asnumpy)");
}

void d2h_nd_copyto(benchmark::State& state) {
  const auto shape = transfer_shape();
  if (!reserve_device_memory(state, nbytes<double>(shape))) return;
  auto d = nd::ones<double>(shape);
  auto h = nd::empty<double>(nd::host, shape);
  time_wall(state, [&] { nd::copyto(nd::device, h, d); });
  report_transfer(state, "nd::copyto into a preallocated host array");
}

/// Plain copies between a preallocated device buffer and pageable (std::vector) host memory.
void transfer_raw(benchmark::State& state, bool to_device) {
  const auto shape = transfer_shape();
  const std::size_t bytes = nbytes<double>(shape);
  if (!reserve_device_memory(state, bytes)) return;
  std::vector<double> h(static_cast<std::size_t>(nd::shape_size(shape)), 1.0);
  thrust::device_vector<double> d(h.size());
  time_wall(state, [&] {
#if defined(NDTHRUST_BACKEND_CUDA)
    if (to_device) cudaMemcpy(raw(d), h.data(), bytes, cudaMemcpyHostToDevice);
    else cudaMemcpy(h.data(), raw(d), bytes, cudaMemcpyDeviceToHost);
#else
    if (to_device) std::memcpy(raw(d), h.data(), bytes);
    else std::memcpy(h.data(), raw(d), bytes);
#endif
  });
  report_transfer(state, on_gpu ? "cudaMemcpy from/to pageable memory, preallocated" : "std::memcpy, preallocated");
}

#if defined(NDTHRUST_BACKEND_CUDA)
/// The physical limit: cudaMemcpy from/to pinned host memory.
void transfer_raw_pinned(benchmark::State& state, bool to_device) {
  const auto shape = transfer_shape();
  const std::size_t bytes = nbytes<double>(shape);
  if (!reserve_device_memory(state, bytes)) return;
  void* h = nullptr;
  if (cudaMallocHost(&h, bytes) != cudaSuccess) {
    cudaGetLastError();
    state.SkipWithError("cudaMallocHost failed");
    return;
  }
  std::memset(h, 0, bytes);
  try {
    thrust::device_vector<double> d(static_cast<std::size_t>(nd::shape_size(shape)));
    time_wall(state, [&] {
      if (to_device) cudaMemcpy(raw(d), h, bytes, cudaMemcpyHostToDevice);
      else cudaMemcpy(h, raw(d), bytes, cudaMemcpyDeviceToHost);
    });
  } catch (...) {
    cudaFreeHost(h);
    throw;
  }
  cudaFreeHost(h);
  report_transfer(state, "cudaMemcpy from/to pinned memory (the bus limit)");
}
#endif

// --- creating and dropping a small array ----------------------------------------------------------------------------

const nd::shape_t small_shape{1000};

void alloc_nd(benchmark::State& state) {
  time_calls(state, [] {
    auto a = nd::empty<float>(small_shape);
    benchmark::DoNotOptimize(a.raw());
  });
  report(state, size_str<float>(small_shape), "nd::empty<float> created and dropped, no sync per call");
}

void alloc_nd_zeros(benchmark::State& state) {
  time_calls(state, [] {
    auto a = nd::zeros<float>(small_shape);
    benchmark::DoNotOptimize(a.raw());
  });
  report(state, size_str<float>(small_shape), "nd::zeros<float> created and dropped (allocation + fill kernel)");
}

void alloc_raw(benchmark::State& state) {
  time_calls(state, [] {
    thrust::device_vector<float> v(static_cast<std::size_t>(small_shape[0]));
    benchmark::DoNotOptimize(raw(v));
  });
  report(state, size_str<float>(small_shape), "thrust::device_vector<float>(1000) created and dropped");
}

// --- registration -----------------------------------------------------------------------------------------------------

const bool registered = [] {
  using benchmark::kMicrosecond;
  using benchmark::kMillisecond;
  add("core/ones_f64/nd", ones_nd, kMillisecond);
  add("core/ones_f64/raw", ones_raw, kMillisecond);
  add("core/transpose3d_f64/nd", [](benchmark::State& s) { transpose_nd<double>(s, transpose3d_shape()); }, kMillisecond);
  add("core/transpose3d_f64/raw", [](benchmark::State& s) { copy_raw<double>(s, transpose3d_shape()); }, kMillisecond);
  add("core/transpose2d_f32/nd", [](benchmark::State& s) { transpose_nd<float>(s, transpose2d_shape()); }, kMillisecond);
  add("core/transpose2d_f32/raw", [](benchmark::State& s) { copy_raw<float>(s, transpose2d_shape()); }, kMillisecond);
  add("core/h2d_f64/nd_to_device", h2d_nd_to_device, kMillisecond);
  add("core/h2d_f64/nd_copyto", h2d_nd_copyto, kMillisecond);
  add("core/h2d_f64/raw", [](benchmark::State& s) { transfer_raw(s, true); }, kMillisecond);
  add("core/d2h_f64/nd_to_host", d2h_nd_to_host, kMillisecond);
  add("core/d2h_f64/nd_copyto", d2h_nd_copyto, kMillisecond);
  add("core/d2h_f64/raw", [](benchmark::State& s) { transfer_raw(s, false); }, kMillisecond);
#if defined(NDTHRUST_BACKEND_CUDA)
  add("core/h2d_f64/raw_pinned", [](benchmark::State& s) { transfer_raw_pinned(s, true); }, kMillisecond);
  add("core/d2h_f64/raw_pinned", [](benchmark::State& s) { transfer_raw_pinned(s, false); }, kMillisecond);
#endif
  add("core/alloc_f32/nd", alloc_nd, kMicrosecond);
  add("core/alloc_f32/nd_zeros", alloc_nd_zeros, kMicrosecond);
  add("core/alloc_f32/raw", alloc_raw, kMicrosecond);
  return true;
}();

} // namespace
