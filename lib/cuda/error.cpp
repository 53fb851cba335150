// Every CUDA runtime and CUDA library status → exception, in one place: cudaError_t (NDTHRUST_CUDA_TRY,
// core/cuda_check.h) and cuBLAS / cuSOLVER / cuFFT statuses (the macros of error.h).
#include "error.h"

#include <string>

namespace nd::detail {

void throw_cuda_error(cudaError_t err, const char* expr, const char* file, int line) {
  cudaGetLastError(); // clear the error state so that later calls do not report it again
  std::string msg = std::string(cudaGetErrorName(err)) + ": " + cudaGetErrorString(err) + " (" + expr + " at " +
                    file + ":" + std::to_string(line) + ")";
  if (err == cudaErrorMemoryAllocation) throw out_of_memory("out of device memory: " + msg);
  throw cuda_error(static_cast<int>(err), msg);
}

namespace cuda {

void throw_library_error(const char* library, int status, const char* status_name, const char* expr,
                         const char* file, int line) {
  throw cuda_error(status, std::string(library) + " error " + status_name + " in " + expr + " at " + file + ":" +
                             std::to_string(line));
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

} // namespace cuda
} // namespace nd::detail
