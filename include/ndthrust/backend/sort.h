// ndthrust/backend/sort.h — picks the active backend's sorts (see config.h).
#pragma once

#include <ndthrust/config.h>

#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/sort.cuh>
#else
#  include <ndthrust/backend/omp/sort.h>
#endif
