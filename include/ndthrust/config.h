// ndthrust/config.h — the one place that decides which backend is active.
//
// The CUDA backend is active when Thrust's device system is CUDA and the translation unit is compiled by nvcc;
// otherwise Thrust's device system must be OpenMP and "device" arrays live in host memory.
// Everything backend-specific is reached through the macros below, so no other header tests THRUST_DEVICE_SYSTEM.
#pragma once

#include <thrust/detail/config.h>

#include <cstddef>
#include <cstdint>

#if THRUST_DEVICE_SYSTEM == THRUST_DEVICE_SYSTEM_CUDA
#  if !defined(__CUDACC__)
#    error "ndthrust: the CUDA backend must be compiled by nvcc (or build with THRUST_DEVICE_SYSTEM=OMP for the host-only backend)"
#  endif
#  define NDTHRUST_BACKEND_CUDA 1
#  define NDTHRUST_BACKEND_NAME "cuda"
#  include <cuda_runtime_api.h>
#elif THRUST_DEVICE_SYSTEM == THRUST_DEVICE_SYSTEM_OMP
#  define NDTHRUST_BACKEND_OMP 1
#  define NDTHRUST_BACKEND_NAME "omp"
#else
#  error "ndthrust supports THRUST_DEVICE_SYSTEM CUDA or OMP"
#endif

#if defined(__CUDACC__)
#  define NDTHRUST_HD __host__ __device__
#  define NDTHRUST_DEVICE __device__
#else
#  define NDTHRUST_HD
#  define NDTHRUST_DEVICE
#endif

namespace nd {

/// Signed index type of shapes, strides and offsets (NumPy's intp). Kernels narrow to 32 bits when sizes allow.
using index_t = std::int64_t;

/// The largest number of dimensions an array may have.
inline constexpr int max_ndim = 8;

#if defined(NDTHRUST_BACKEND_CUDA)
/// A CUDA stream; the host-only backend has no streams and ignores it.
using stream_t = cudaStream_t;
#else
using stream_t = void*;
#endif

} // namespace nd
