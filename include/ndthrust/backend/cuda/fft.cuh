// ndthrust/backend/cuda/fft.cuh — cuFFT status checks for nd::fft (plans are cached in lib/cuda/fft_cuda.cpp).
#pragma once

#include <ndthrust/backend/cuda/blas.cuh>

#include <cufft.h>

namespace nd::detail::cuda {
/// "CUFFT_…" for a result code.
const char* cufft_status_name(cufftResult r);
} // namespace nd::detail::cuda

#define NDTHRUST_CUFFT_TRY(call)                                                                                       \
  do {                                                                                                                 \
    cufftResult nd_st_ = (call);                                                                                       \
    if (nd_st_ != CUFFT_SUCCESS)                                                                                       \
      ::nd::detail::cuda::throw_library_error("cuFFT", static_cast<int>(nd_st_),                                      \
                                              ::nd::detail::cuda::cufft_status_name(nd_st_), #call, __FILE__,          \
                                              __LINE__);                                                               \
  } while (0)
