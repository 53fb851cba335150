# Backend math libraries for linalg and fft.
#
# CUDA: device arrays use cuBLAS, cuSOLVER and cuFFT (from the toolkit). Host arrays use the host libraries below
#       when they are found; without them, host-array linalg / fft raise nd::error at run time.
# OMP:  every array lives in host memory, so the host libraries are required:
#       CBLAS + LAPACK from OpenBLAS (Debian: libopenblas-dev), LAPACKE (liblapacke-dev) and the header-only C++
#       kissfft template (libkissfft-dev, BSD-3-Clause; its kissfft.hh serves float and double alike).
if(NOT DEFINED NDTHRUST_PACKAGE_DEPENDENCIES)
  set(NDTHRUST_PACKAGE_DEPENDENCIES "")
endif()

if(NDTHRUST_BACKEND STREQUAL "CUDA")
  target_link_libraries(ndthrust PUBLIC CUDA::cublas CUDA::cublasLt CUDA::cusolver CUDA::cufft)
endif()

find_path(NDTHRUST_CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES openblas)
find_library(NDTHRUST_OPENBLAS_LIBRARY NAMES openblas)
find_path(NDTHRUST_LAPACKE_INCLUDE_DIR lapacke.h PATH_SUFFIXES openblas)
find_library(NDTHRUST_LAPACKE_LIBRARY NAMES lapacke)
find_path(NDTHRUST_KISSFFT_INCLUDE_DIR kissfft/kissfft.hh)

set(_nd_missing "")
if(NOT NDTHRUST_CBLAS_INCLUDE_DIR OR NOT NDTHRUST_OPENBLAS_LIBRARY)
  list(APPEND _nd_missing "OpenBLAS with CBLAS (Debian package libopenblas-dev)")
endif()
if(NOT NDTHRUST_LAPACKE_INCLUDE_DIR OR NOT NDTHRUST_LAPACKE_LIBRARY)
  list(APPEND _nd_missing "LAPACKE (Debian package liblapacke-dev)")
endif()
if(NOT NDTHRUST_KISSFFT_INCLUDE_DIR)
  list(APPEND _nd_missing "kissfft's C++ header kissfft/kissfft.hh (Debian package libkissfft-dev)")
endif()

if(NDTHRUST_BACKEND STREQUAL "OMP" AND _nd_missing)
  list(JOIN _nd_missing "; " _nd_missing_str)
  message(FATAL_ERROR "ndthrust (OMP backend) needs host math libraries for linalg and fft; missing: "
                      "${_nd_missing_str}. Install them, e.g. apt-get install libopenblas-dev liblapacke-dev "
                      "libkissfft-dev")
endif()

# Host BLAS/LAPACK: only the compiled library needs the headers; users link through ndthrust.
if(NDTHRUST_CBLAS_INCLUDE_DIR AND NDTHRUST_OPENBLAS_LIBRARY AND NDTHRUST_LAPACKE_INCLUDE_DIR
   AND NDTHRUST_LAPACKE_LIBRARY)
  target_include_directories(ndthrust PRIVATE ${NDTHRUST_CBLAS_INCLUDE_DIR} ${NDTHRUST_LAPACKE_INCLUDE_DIR})
  target_link_libraries(ndthrust PRIVATE ${NDTHRUST_LAPACKE_LIBRARY} ${NDTHRUST_OPENBLAS_LIBRARY})
  target_compile_definitions(ndthrust PRIVATE NDTHRUST_HAVE_HOST_LAPACK=1)
else()
  message(STATUS "ndthrust: host BLAS/LAPACKE not found; linalg on host arrays will raise nd::error "
                 "(install libopenblas-dev liblapacke-dev)")
endif()
if(NDTHRUST_KISSFFT_INCLUDE_DIR)
  target_include_directories(ndthrust PRIVATE ${NDTHRUST_KISSFFT_INCLUDE_DIR})
  target_compile_definitions(ndthrust PRIVATE NDTHRUST_HAVE_HOST_FFT=1)
else()
  message(STATUS "ndthrust: kissfft not found; fft on host arrays will raise nd::error (install libkissfft-dev)")
endif()
unset(_nd_missing)
