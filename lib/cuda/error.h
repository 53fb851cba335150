// lib/cuda/error.h — cuBLAS, cuSOLVER and cuFFT status codes → nd::cuda_error (defined in error.cpp, beside the
// CUDA runtime's own). Private to lib/cuda.
#pragma once

#include <ndthrust/core/cuda_check.h>

#include <cublas_v2.h>
#include <cufft.h>
#include <cusolverDn.h>

namespace nd::detail::cuda {

/// Throws nd::cuda_error "<library> error <STATUS_NAME> in <expr> at <file>:<line>".
[[noreturn]] void throw_library_error(const char* library, int status, const char* status_name, const char* expr,
                                      const char* file, int line);
/// "CUSOLVER_STATUS_…" for a status code.
const char* cusolver_status_name(cusolverStatus_t s);
/// "CUFFT_…" for a result code.
const char* cufft_status_name(cufftResult r);

} // namespace nd::detail::cuda

#define NDTHRUST_CUBLAS_TRY(call)                                                                                      \
  do {                                                                                                                 \
    cublasStatus_t nd_st_ = (call);                                                                                    \
    if (nd_st_ != CUBLAS_STATUS_SUCCESS)                                                                               \
      ::nd::detail::cuda::throw_library_error("cuBLAS", static_cast<int>(nd_st_), cublasGetStatusName(nd_st_), #call, \
                                              __FILE__, __LINE__);                                                     \
  } while (0)

#define NDTHRUST_CUSOLVER_TRY(call)                                                                                    \
  do {                                                                                                                 \
    cusolverStatus_t nd_st_ = (call);                                                                                  \
    if (nd_st_ != CUSOLVER_STATUS_SUCCESS)                                                                             \
      ::nd::detail::cuda::throw_library_error("cuSOLVER", static_cast<int>(nd_st_),                                   \
                                              ::nd::detail::cuda::cusolver_status_name(nd_st_), #call, __FILE__,       \
                                              __LINE__);                                                               \
  } while (0)

#define NDTHRUST_CUFFT_TRY(call)                                                                                       \
  do {                                                                                                                 \
    cufftResult nd_st_ = (call);                                                                                       \
    if (nd_st_ != CUFFT_SUCCESS)                                                                                       \
      ::nd::detail::cuda::throw_library_error("cuFFT", static_cast<int>(nd_st_),                                      \
                                              ::nd::detail::cuda::cufft_status_name(nd_st_), #call, __FILE__,          \
                                              __LINE__);                                                               \
  } while (0)
