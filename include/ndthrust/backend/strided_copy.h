// ndthrust/backend/strided_copy.h — picks the active backend's strided copy (see config.h).
#pragma once

#include <ndthrust/config.h>

#if defined(NDTHRUST_BACKEND_CUDA)
#  include <ndthrust/backend/cuda/strided_copy.cuh>
#else
#  include <ndthrust/backend/omp/strided_copy.h>
#endif
