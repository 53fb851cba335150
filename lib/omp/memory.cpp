// Host-only backend: "device" memory is host memory; there are no streams.
#include <ndthrust/core/memory.h>
#include <ndthrust/core/error.h>

#include "../common/host_copy.h"

#include <cstdlib>
#include <string>

namespace nd {
namespace detail {
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
