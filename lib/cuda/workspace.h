// lib/cuda/workspace.h — scratch for CUDA library calls from ndthrust's pool. Private to lib/cuda.
#pragma once

#include <ndthrust/core/memory.h>

#include <cstddef>

namespace nd::detail::cuda {

/// Pool memory freed (stream-ordered) when the scope ends.
struct workspace {
  void* p = nullptr;
  std::size_t bytes;
  stream_t s;
  workspace(std::size_t b, stream_t st) : bytes(b), s(st) { p = bytes ? device_allocate(bytes, s) : nullptr; }
  ~workspace() {
    if (p) device_deallocate(p, bytes, s);
  }
  template <class T>
  T* as() const {
    return static_cast<T*>(p);
  }
};

} // namespace nd::detail::cuda
