// Host storage for both backends: 64-byte aligned so that vector loads never split a cache line.
#include <ndthrust/core/error.h>
#include <ndthrust/core/memory.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace nd::detail {
void* host_allocate(std::size_t bytes) {
  // aligned_alloc needs a multiple of the alignment; the rounding must not wrap to a tiny size near SIZE_MAX.
  // No object may be larger than PTRDIFF_MAX either (pointer differences across it would overflow).
  if (bytes > static_cast<std::size_t>(PTRDIFF_MAX) - 63)
    throw out_of_memory("out of memory allocating " + std::to_string(bytes) + " bytes of host memory");
  std::size_t rounded = bytes == 0 ? 64 : (bytes + 63) & ~std::size_t(63);
  void* p             = std::aligned_alloc(64, rounded);
  if (!p) throw out_of_memory("out of memory allocating " + std::to_string(bytes) + " bytes of host memory");
  return p;
}
void host_deallocate(void* p) noexcept { std::free(p); }
} // namespace nd::detail
