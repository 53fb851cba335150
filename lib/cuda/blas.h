// lib/cuda/blas.h — cuBLAS access for linalg: the per-device handles. Private to lib/cuda.
//
// One handle per device, created on first use and kept for the process (handle creation costs milliseconds).
// Callers bind it to their stream with cublasSetStream before each call, under library_lock(), since a handle's
// stream is shared state.
#pragma once

#include "error.h"

#include <cublasLt.h>
#include <cublas_v2.h>

#include <mutex>

namespace nd::detail::cuda {

/// The cuBLAS handle of the current device.
cublasHandle_t cublas_handle();
/// The cuBLASLt handle of the current device (stream-free: cublasLtMatmul takes the stream per call).
cublasLtHandle_t cublaslt_handle();
/// Serialises use of the shared handles (stream binding + the calls queued with it).
std::unique_lock<std::mutex> library_lock();

} // namespace nd::detail::cuda
