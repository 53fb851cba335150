// ndthrust/backend/transform.h — picks the active backend's elementwise kernels (see config.h).
#pragma once

#include <ndthrust/config.h>

#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/transform.cuh>
#else
#  include <ndthrust/backend/omp/transform.h>
#endif
