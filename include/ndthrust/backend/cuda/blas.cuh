// ndthrust/backend/cuda/blas.cuh — cuBLAS access for linalg: the per-device handle and status checks.
//
// One handle per device, created on first use and kept for the process (handle creation costs milliseconds).
// Callers bind it to their stream with cublasSetStream before each call, under library_lock(), since a handle's
// stream is shared state.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/error.h>

#include <cublasLt.h>
#include <cublas_v2.h>

#include <mutex>

namespace nd::detail::cuda {

/// Throws nd::cuda_error "<library> error <STATUS_NAME> in <expr> at <file>:<line>" (the one choke point for
/// cuBLAS / cuSOLVER / cuFFT status codes).
[[noreturn]] void throw_library_error(const char* library, int status, const char* status_name, const char* expr,
                                      const char* file, int line);

/// The cuBLAS handle of the current device.
cublasHandle_t cublas_handle();
/// The cuBLASLt handle of the current device (stream-free: cublasLtMatmul takes the stream per call).
cublasLtHandle_t cublaslt_handle();
/// Serialises use of the shared handles (stream binding + the calls queued with it).
std::unique_lock<std::mutex> library_lock();

} // namespace nd::detail::cuda

#define NDTHRUST_CUBLAS_TRY(call)                                                                                      \
  do {                                                                                                                 \
    cublasStatus_t nd_st_ = (call);                                                                                    \
    if (nd_st_ != CUBLAS_STATUS_SUCCESS)                                                                               \
      ::nd::detail::cuda::throw_library_error("cuBLAS", static_cast<int>(nd_st_), cublasGetStatusName(nd_st_), #call, \
                                              __FILE__, __LINE__);                                                     \
  } while (0)
