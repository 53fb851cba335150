// ndthrust/backend/cuda/scratch.cuh — temporary device memory of the CUDA paths.
#pragma once

#include <ndthrust/core/memory.h>

#include <algorithm>
#include <cstddef>

namespace nd::backend::cuda {

/// Device buffer from the pool, freed on the stream when it goes out of scope (stream-ordered: after the work
/// queued on that stream before it).
struct scratch {
  void* p = nullptr;
  std::size_t bytes;
  stream_t stream;
  scratch(std::size_t b, stream_t s) : bytes(std::max<std::size_t>(b, 16)), stream(s) {
    p = nd::detail::device_allocate(bytes, stream);
  }
  ~scratch() { nd::detail::device_deallocate(p, bytes, stream); }
  scratch(const scratch&)            = delete;
  scratch& operator=(const scratch&) = delete;
  template <class T>
  T* as() const {
    return static_cast<T*>(p);
  }
};

} // namespace nd::backend::cuda
