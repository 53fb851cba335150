// ndthrust/core/memory.h — raw storage: device memory from a stream-ordered pool, host memory aligned for vectors.
//
// Array storage is uninitialised: `nd::empty` launches no kernel (a thrust::device_vector would run a fill).
// On CUDA, device memory comes from one cudaMemPool per device that keeps freed memory cached, so a small
// allocation costs about a microsecond instead of a cudaMalloc; memory is freed on the stream it was taken on.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/shape.h>
#include <ndthrust/core/space.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

namespace nd {
namespace detail {
void* device_allocate(std::size_t bytes, stream_t stream);
void device_deallocate(void* p, std::size_t bytes, stream_t stream) noexcept;
void* host_allocate(std::size_t bytes);
void host_deallocate(void* p) noexcept;

/// Direction of a raw byte copy.
enum class copy_kind { host_to_host, host_to_device, device_to_host, device_to_device };

/// Copies bytes between spaces. Host↔device copies of large buffers go through pinned staging buffers in chunks,
/// the host side of each chunk copied by several threads while the previous chunk is in flight; they return once
/// the host memory may be reused or read (like cudaMemcpy). Device→device copies are queued on `stream`.
void copy_bytes(void* dst, const void* src, std::size_t bytes, copy_kind kind, stream_t stream);

/// The capture in progress on this thread (CUDA's thread-local capture mode), or null. While it is set, every array
/// whose memory a call reaches is kept alive by the graph being recorded, except memory allocated inside the
/// recording (that belongs to the graph's own allocation nodes). Only the CUDA backend's nd::graph sets it.
struct capture_record;
inline thread_local capture_record* active_capture = nullptr;
void capture_keep(capture_record& r, std::shared_ptr<const void> owner);
void capture_created(capture_record& r, const void* p);

template <class Space>
void* space_allocate(std::size_t bytes, stream_t stream) {
  if constexpr (std::is_same_v<Space, device_space>) return device_allocate(bytes, stream);
  else return host_allocate(bytes);
}

/// Frees storage of a space when the last array sharing it goes away.
template <class Space>
struct storage_deleter {
  std::size_t bytes;
  stream_t stream;
  void operator()(void* p) const noexcept {
    if constexpr (std::is_same_v<Space, device_space>) device_deallocate(p, bytes, stream);
    else host_deallocate(p);
  }
};

/// Uninitialised storage for n elements of T; the shared owner keeps it alive.
template <class T, class Space>
std::shared_ptr<T> allocate_storage(index_t n, stream_t stream) {
  static_assert(std::is_trivially_copyable_v<T>, "ndthrust arrays hold trivially copyable element types");
  // A count that is negative or whose byte size does not fit index_t is refused before anything is allocated:
  // a wrapped product would hand back a buffer smaller than the array.
  NDTHRUST_EXPECTS(n >= 0, value_error, "negative dimensions are not allowed");
  if (static_cast<std::uint64_t>(n) > static_cast<std::uint64_t>(INT64_MAX) / sizeof(T)) throw_too_big();
  std::size_t bytes = static_cast<std::size_t>(n) * sizeof(T);
  if (bytes == 0) return std::shared_ptr<T>();
  void* p = space_allocate<Space>(bytes, stream);
  if (!p) throw out_of_memory("out of memory allocating " + std::to_string(bytes) + " bytes");
  try {
    if (active_capture) capture_created(*active_capture, p);
    return std::shared_ptr<T>(static_cast<T*>(p), storage_deleter<Space>{bytes, stream});
  } catch (...) {
    storage_deleter<Space>{bytes, stream}(p);
    throw;
  }
}

/// Allocator for Thrust's temporaries (CUB scratch, sort buffers) drawing from the same pool, bound to a stream.
struct temporary_allocator {
  using value_type = char;
  stream_t stream  = nullptr;
  char* allocate(std::ptrdiff_t n) { return static_cast<char*>(device_allocate(static_cast<std::size_t>(n), stream)); }
  void deallocate(char* p, std::size_t n) noexcept { device_deallocate(p, n, stream); }
};
} // namespace detail

/// Bytes the device pool holds now (in use or cached); 0 on the host-only backend.
std::size_t pool_reserved_bytes();
/// Returns cached, unused pool memory to the driver (e.g. before handing the GPU to another library). Synchronises
/// the device, since freed blocks become free only once the work queued before their release has run.
void pool_trim();

} // namespace nd
