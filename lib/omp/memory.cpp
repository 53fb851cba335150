// Host-only backend: "device" memory is host memory; there are no streams.
#include <ndthrust/core/memory.h>
#include <ndthrust/core/error.h>

#include "../common/host_copy.h"

#include <cstdlib>
#include <string>

namespace nd {
namespace detail {
void* host_allocate(std::size_t bytes) {
  std::size_t rounded = (bytes + 63) & ~std::size_t(63);
  void* p             = std::aligned_alloc(64, rounded);
  if (!p) throw out_of_memory("out of memory allocating " + std::to_string(bytes) + " bytes of host memory");
  return p;
}
void host_deallocate(void* p) noexcept { std::free(p); }
void* device_allocate(std::size_t bytes, stream_t) { return host_allocate(bytes); }
void device_deallocate(void* p, std::size_t, stream_t) noexcept { host_deallocate(p); }
void copy_bytes(void* dst, const void* src, std::size_t bytes, copy_kind, stream_t) {
  if (bytes) parallel_memcpy(dst, src, bytes);
}
void stream_synchronize(stream_t) {}
} // namespace detail
std::size_t pool_reserved_bytes() { return 0; }
void pool_trim() {}
} // namespace nd
