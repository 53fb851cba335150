// ndthrust/backend/scan.h — picks the active backend's scan kernels (see config.h).
#pragma once

#include <ndthrust/config.h>

#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/scan.cuh>
#else
#  include <ndthrust/backend/omp/scan.h>
#endif
