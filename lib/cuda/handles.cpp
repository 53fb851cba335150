// Library handles (cuBLAS, cuBLASLt, cuSOLVER) created once per device.
#include "solver.h"

#include <string>
#include <vector>

namespace nd::detail::cuda {

namespace {
std::mutex& mtx() {
  static std::mutex m;
  return m;
}
int current_device() {
  int d = 0;
  NDTHRUST_CUDA_TRY(cudaGetDevice(&d));
  return d;
}
// Handles live until process exit: destroying them from static destructors races the CUDA runtime's teardown.
template <class H, class Create>
H per_device(std::vector<H>& slots, Create create) {
  int d = current_device();
  std::lock_guard<std::mutex> g(mtx());
  if (static_cast<int>(slots.size()) <= d) slots.resize(d + 1, nullptr);
  if (!slots[d]) slots[d] = create();
  return slots[d];
}
} // namespace

std::unique_lock<std::mutex> library_lock() {
  static std::mutex call_mutex;
  return std::unique_lock<std::mutex>(call_mutex);
}

cublasHandle_t cublas_handle() {
  static std::vector<cublasHandle_t> slots;
  return per_device(slots, [] {
    cublasHandle_t h;
    NDTHRUST_CUBLAS_TRY(cublasCreate(&h));
    return h;
  });
}

cublasLtHandle_t cublaslt_handle() {
  static std::vector<cublasLtHandle_t> slots;
  return per_device(slots, [] {
    cublasLtHandle_t h;
    NDTHRUST_CUBLAS_TRY(cublasLtCreate(&h));
    return h;
  });
}

cusolverDnHandle_t cusolver_handle() {
  static std::vector<cusolverDnHandle_t> slots;
  return per_device(slots, [] {
    cusolverDnHandle_t h;
    NDTHRUST_CUSOLVER_TRY(cusolverDnCreate(&h));
    return h;
  });
}

} // namespace nd::detail::cuda
