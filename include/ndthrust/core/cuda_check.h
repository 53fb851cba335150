// ndthrust/core/cuda_check.h — the one place that turns cudaError_t into exceptions.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/error.h>

#if defined(NDTHRUST_BACKEND_CUDA)
namespace nd::detail {
/// Clears the (non-sticky) error state and throws cuda_error, or out_of_memory for cudaErrorMemoryAllocation.
[[noreturn]] void throw_cuda_error(cudaError_t err, const char* expr, const char* file, int line);
} // namespace nd::detail

/// Wraps a CUDA runtime call; active in release builds.
#  define NDTHRUST_CUDA_TRY(call)                                                                                      \
    do {                                                                                                               \
      cudaError_t nd_err_ = (call);                                                                                    \
      if (nd_err_ != cudaSuccess) ::nd::detail::throw_cuda_error(nd_err_, #call, __FILE__, __LINE__);                  \
    } while (0)

/// Checks the launch that just happened (configuration errors; asynchronous faults surface at the next sync).
#  define NDTHRUST_CHECK_LAUNCH() NDTHRUST_CUDA_TRY(cudaPeekAtLastError())
#endif
