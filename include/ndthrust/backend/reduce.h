// ndthrust/backend/reduce.h — picks the active backend's reduction kernels (see config.h).
#pragma once

#include <ndthrust/config.h>

#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/reduce.cuh>
#else
#  include <ndthrust/backend/omp/reduce.h>
#endif
