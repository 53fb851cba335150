// ndthrust/backend/cuda/solver.cuh — cuSOLVER access for nd::linalg: the per-device dense handle and status checks.
#pragma once

#include <ndthrust/backend/cuda/blas.cuh>

#include <cusolverDn.h>

namespace nd::detail::cuda {

/// The cuSOLVER dense handle of the current device (created once; bind a stream before use, under library_lock()).
cusolverDnHandle_t cusolver_handle();
/// "CUSOLVER_STATUS_…" for a status code.
const char* cusolver_status_name(cusolverStatus_t s);

} // namespace nd::detail::cuda

#define NDTHRUST_CUSOLVER_TRY(call)                                                                                    \
  do {                                                                                                                 \
    cusolverStatus_t nd_st_ = (call);                                                                                  \
    if (nd_st_ != CUSOLVER_STATUS_SUCCESS)                                                                             \
      ::nd::detail::cuda::throw_library_error("cuSOLVER", static_cast<int>(nd_st_),                                   \
                                              ::nd::detail::cuda::cusolver_status_name(nd_st_), #call, __FILE__,       \
                                              __LINE__);                                                               \
  } while (0)
