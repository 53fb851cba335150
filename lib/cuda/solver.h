// lib/cuda/solver.h — cuSOLVER access for nd::linalg: the per-device dense handle. Private to lib/cuda.
#pragma once

#include "blas.h"

#include <cusolverDn.h>

namespace nd::detail::cuda {

/// The cuSOLVER dense handle of the current device (created once; bind a stream before use, under library_lock()).
cusolverDnHandle_t cusolver_handle();

} // namespace nd::detail::cuda
