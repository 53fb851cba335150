// Host-only backend: "device" memory is host memory; there are no streams.
#include <ndthrust/core/host_policy.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/core/error.h>

#include "../common/host_copy.h"

#include <cstdlib>
#include <string>

namespace nd {
namespace detail {
void* device_allocate(std::size_t bytes, stream_t) { return host_allocate(bytes); }
// Memory allocated inside an nd::graph recording is freed once the graph is gone too (lib/omp/graph.cpp).
void device_deallocate(void* p, std::size_t, stream_t) noexcept {
  if (!graph_defers_free(p)) host_deallocate(p);
}
void copy_bytes(void* dst, const void* src, std::size_t bytes, copy_kind kind, stream_t) {
  if (!bytes) return;
  if (active_capture) { // inside nd::graph::capture, as on CUDA: device copies are recorded, transfers end it
    if (kind == copy_kind::device_to_device)
      return capture_enqueue(*active_capture, [=] { parallel_memcpy(dst, src, bytes); });
    if (kind != copy_kind::host_to_host) capture_synchronising_call("a copy between host and device");
  }
  parallel_memcpy(dst, src, bytes);
}
void stream_synchronize(stream_t) {}
} // namespace detail
std::size_t pool_reserved_bytes() { return 0; }
void pool_trim() {}
} // namespace nd
