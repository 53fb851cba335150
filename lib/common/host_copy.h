// Parallel host memcpy shared by both backends' transfer code (lib-internal).
#pragma once

#include <cstddef>
#include <cstring>
#if defined(_OPENMP)
#  include <omp.h>
#endif

namespace nd::detail {
/// memcpy split over OpenMP threads for large buffers: one thread cannot saturate memory bandwidth, and for a
/// fresh destination the page faults are taken in parallel.
inline void parallel_memcpy(void* dst, const void* src, std::size_t bytes) {
  constexpr std::size_t serial_below = std::size_t(1) << 20;
#if defined(_OPENMP)
  if (bytes >= serial_below) {
    int threads = omp_get_max_threads();
    if (threads > 16) threads = 16;
    std::size_t piece = (bytes / threads + 4095) & ~std::size_t(4095);
#  pragma omp parallel for num_threads(threads) schedule(static)
    for (int t = 0; t < threads; ++t) {
      std::size_t begin = static_cast<std::size_t>(t) * piece;
      if (begin < bytes) {
        std::size_t len = bytes - begin < piece ? bytes - begin : piece;
        std::memcpy(static_cast<char*>(dst) + begin, static_cast<const char*>(src) + begin, len);
      }
    }
    return;
  }
#endif
  std::memcpy(dst, src, bytes);
}
} // namespace nd::detail
