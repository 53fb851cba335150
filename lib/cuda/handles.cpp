// Library handles (cuBLAS, cuSOLVER) created once per device, and the status → nd::cuda_error choke point.
#include <ndthrust/backend/cuda/fft.cuh>
#include <ndthrust/backend/cuda/solver.cuh>
#include <ndthrust/core/cuda_check.h>

#include <string>
#include <vector>

namespace nd::detail::cuda {

void throw_library_error(const char* library, int status, const char* status_name, const char* expr,
                         const char* file, int line) {
  throw cuda_error(status, std::string(library) + " error " + status_name + " in " + expr + " at " + file + ":" +
                             std::to_string(line));
}

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

const char* cusolver_status_name(cusolverStatus_t s) {
  switch (s) {
  case CUSOLVER_STATUS_SUCCESS: return "CUSOLVER_STATUS_SUCCESS";
  case CUSOLVER_STATUS_NOT_INITIALIZED: return "CUSOLVER_STATUS_NOT_INITIALIZED";
  case CUSOLVER_STATUS_ALLOC_FAILED: return "CUSOLVER_STATUS_ALLOC_FAILED";
  case CUSOLVER_STATUS_INVALID_VALUE: return "CUSOLVER_STATUS_INVALID_VALUE";
  case CUSOLVER_STATUS_ARCH_MISMATCH: return "CUSOLVER_STATUS_ARCH_MISMATCH";
  case CUSOLVER_STATUS_EXECUTION_FAILED: return "CUSOLVER_STATUS_EXECUTION_FAILED";
  case CUSOLVER_STATUS_INTERNAL_ERROR: return "CUSOLVER_STATUS_INTERNAL_ERROR";
  case CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED: return "CUSOLVER_STATUS_MATRIX_TYPE_NOT_SUPPORTED";
  case CUSOLVER_STATUS_NOT_SUPPORTED: return "CUSOLVER_STATUS_NOT_SUPPORTED";
  default: return "CUSOLVER_STATUS_(unknown)";
  }
}

const char* cufft_status_name(cufftResult r) {
  switch (r) {
  case CUFFT_SUCCESS: return "CUFFT_SUCCESS";
  case CUFFT_INVALID_PLAN: return "CUFFT_INVALID_PLAN";
  case CUFFT_ALLOC_FAILED: return "CUFFT_ALLOC_FAILED";
  case CUFFT_INVALID_TYPE: return "CUFFT_INVALID_TYPE";
  case CUFFT_INVALID_VALUE: return "CUFFT_INVALID_VALUE";
  case CUFFT_INTERNAL_ERROR: return "CUFFT_INTERNAL_ERROR";
  case CUFFT_EXEC_FAILED: return "CUFFT_EXEC_FAILED";
  case CUFFT_SETUP_FAILED: return "CUFFT_SETUP_FAILED";
  case CUFFT_INVALID_SIZE: return "CUFFT_INVALID_SIZE";
  case CUFFT_NO_WORKSPACE: return "CUFFT_NO_WORKSPACE";
  case CUFFT_NOT_IMPLEMENTED: return "CUFFT_NOT_IMPLEMENTED";
  case CUFFT_NOT_SUPPORTED: return "CUFFT_NOT_SUPPORTED";
  default: return "CUFFT_(unknown)";
  }
}

} // namespace nd::detail::cuda
