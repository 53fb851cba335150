// CUDA backend: the stream-ordered device pool and host↔device staging.
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/memory.h>

#include "../common/host_copy.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace nd {
namespace detail {

namespace {
constexpr int max_devices = 64;
std::atomic<cudaMemPool_t> pools[max_devices];
std::mutex pool_mutex;

int current_device() {
  int dev = 0;
  NDTHRUST_CUDA_TRY(cudaGetDevice(&dev));
  NDTHRUST_EXPECTS(dev >= 0 && dev < max_devices, value_error, "device ordinal out of range");
  return dev;
}

/// One pool per device that keeps freed memory cached (release threshold: unlimited), created on first use and
/// kept for the life of the process.
cudaMemPool_t pool_of(int dev) {
  cudaMemPool_t p = pools[dev].load(std::memory_order_acquire);
  if (p) return p;
  std::lock_guard<std::mutex> lock(pool_mutex);
  p = pools[dev].load(std::memory_order_relaxed);
  if (p) return p;
  cudaMemPoolProps props{};
  props.allocType     = cudaMemAllocationTypePinned;
  props.location.type = cudaMemLocationTypeDevice;
  props.location.id   = dev;
  NDTHRUST_CUDA_TRY(cudaMemPoolCreate(&p, &props));
  std::uint64_t threshold = UINT64_MAX;
  NDTHRUST_CUDA_TRY(cudaMemPoolSetAttribute(p, cudaMemPoolAttrReleaseThreshold, &threshold));
  pools[dev].store(p, std::memory_order_release);
  return p;
}
/// Blocks up to 32 MiB freed on a default stream wait in bins for the next allocation of their size class on the
/// same stream: stream order makes the reuse safe without a synchronisation, and the array then costs no driver
/// call (allocating and freeing through the pool costs about 1 µs each: half of a small elementwise op, and a
/// visible share of a 1000² matmul with its output and cuBLAS workspace). Classes are powers of two up to 1 MiB and
/// quarter octaves above, so a cached block wastes at most a fifth of itself there. Only with one visible device,
/// so that a block can never come back on another device. Out of memory flushes the bins first.
struct small_cache {
  static constexpr std::size_t min_bytes = 256;
  static constexpr std::size_t max_bytes = std::size_t(32) << 20;
  static constexpr std::size_t max_held  = std::size_t(256) << 20;
  static constexpr int classes           = 13 + 5 * 4; // 256 B … 1 MiB, then 4 per octave up to 32 MiB
  std::mutex mutex;
  std::vector<void*> bins[3][classes]; // [stream slot][size class]
  std::size_t held = 0;

  static bool enabled() {
    static const bool one = [] {
      int n = 0;
      if (cudaGetDeviceCount(&n) != cudaSuccess) cudaGetLastError();
      return n == 1;
    }();
    return one;
  }
  /// The default streams only: their handles are never destroyed, so a cached block cannot meet a recycled handle.
  static int slot(stream_t s) {
    if (s == nullptr) return 0;
    if (s == cudaStreamLegacy) return 1;
    if (s == cudaStreamPerThread) return 2;
    return -1;
  }
  static std::size_t class_bytes(int c) {
    if (c < 13) return min_bytes << c;
    int octave = (c - 13) / 4, quarter = (c - 13) % 4 + 1; // (1 + quarter/4) MiB << octave
    return ((std::size_t(4) + quarter) << 18) << octave;
  }
  static int size_class(std::size_t bytes) {
    if (bytes > max_bytes) return -1;
    int c = 0;
    while (class_bytes(c) < bytes) ++c;
    return c;
  }

  void* take(int sl, int c) {
    std::lock_guard<std::mutex> lock(mutex);
    auto& bin = bins[sl][c];
    if (bin.empty()) return nullptr;
    void* p = bin.back();
    bin.pop_back();
    held -= class_bytes(c);
    return p;
  }
  /// Keeps `p` for reuse. When the cache is full, blocks of larger classes are handed back to the pool
  /// first, largest first: a run of mid-size temporaries must not leave the small classes (0-d results, scratch)
  /// uncached for the rest of the process. Refuses (the caller frees `p`) only if that does not make room.
  bool give(void* p, int sl, int c) {
    std::lock_guard<std::mutex> lock(mutex);
    const std::size_t need = class_bytes(c);
    for (int k = classes - 1; k > c && held + need > max_held; --k)
      for (int s = 0; s < 3 && held + need > max_held; ++s) {
        auto& bin = bins[s][k];
        while (!bin.empty() && held + need > max_held) {
          if (cudaFreeAsync(bin.back(), handles()[s]) != cudaSuccess) cudaGetLastError();
          bin.pop_back();
          held -= class_bytes(k);
        }
      }
    if (held + need > max_held) return false;
    bins[sl][c].push_back(p);
    held += need;
    return true;
  }
  static const stream_t* handles() {
    static const stream_t h[3] = {nullptr, cudaStreamLegacy, cudaStreamPerThread};
    return h;
  }
  /// Hands every cached block back to the pool.
  void flush() {
    std::lock_guard<std::mutex> lock(mutex);
    for (int sl = 0; sl < 3; ++sl)
      for (auto& bin : bins[sl]) {
        for (void* p : bin)
          if (cudaFreeAsync(p, handles()[sl]) != cudaSuccess) cudaGetLastError();
        bin.clear();
      }
    held = 0;
  }
};

small_cache& the_small_cache() {
  static small_cache* c = new small_cache(); // never destroyed: arrays may be freed during static destruction
  return *c;
}
} // namespace

void* device_allocate(std::size_t bytes, stream_t stream) {
  if (bytes == 0) return nullptr;
  // No device holds this much, and the pool's own size rounding must not wrap: refuse before asking the driver.
  if (bytes > static_cast<std::size_t>(INT64_MAX))
    throw out_of_memory("out of device memory: cannot allocate " + std::to_string(bytes) + " bytes");
  int sl = small_cache::enabled() ? small_cache::slot(stream) : -1;
  int sc = sl >= 0 ? small_cache::size_class(bytes) : -1;
  if (sc >= 0) {
    if (void* p = the_small_cache().take(sl, sc)) return p;
    bytes = small_cache::class_bytes(sc); // allocate the whole class so the block can serve any request of it
  }
  cudaMemPool_t pool = pool_of(current_device());
  void* p            = nullptr;
  cudaError_t err    = cudaMallocFromPoolAsync(&p, bytes, pool, stream);
  if (err == cudaErrorMemoryAllocation) {
    // Cached blocks may be too fragmented: wait for pending frees, hand the caches back, and try once more.
    cudaGetLastError();
    the_small_cache().flush();
    cudaStreamSynchronize(stream);
    cudaMemPoolTrimTo(pool, 0);
    err = cudaMallocFromPoolAsync(&p, bytes, pool, stream);
  }
  if (err == cudaErrorMemoryAllocation || err == cudaErrorInvalidValue) {
    cudaGetLastError();
    std::size_t free_b = 0, total_b = 0;
    if (cudaMemGetInfo(&free_b, &total_b) != cudaSuccess) cudaGetLastError();
    // The driver may call a size far beyond the device's memory invalid rather than out of memory.
    if (err == cudaErrorMemoryAllocation || bytes > total_b)
      throw out_of_memory("out of device memory: cannot allocate " + std::to_string(bytes) + " bytes (" +
                          std::to_string(free_b) + " of " + std::to_string(total_b) + " bytes free)");
  }
  NDTHRUST_CUDA_TRY(err);
  if (!p) throw out_of_memory("out of device memory: the pool returned no memory for " + std::to_string(bytes) +
                              " bytes");
  return p;
}

void device_deallocate(void* p, std::size_t bytes, stream_t stream) noexcept {
  if (!p) return;
  int sl = small_cache::enabled() ? small_cache::slot(stream) : -1;
  int sc = sl >= 0 ? small_cache::size_class(bytes) : -1;
  try {
    if (sc >= 0 && the_small_cache().give(p, sl, sc)) return;
  } catch (...) { // a full bin that cannot grow: free the block instead
  }
  // Errors cannot be reported from a destructor; at process exit the runtime may already be gone.
  if (cudaFreeAsync(p, stream) != cudaSuccess) cudaGetLastError();
}

void stream_synchronize(stream_t s) { NDTHRUST_CUDA_TRY(cudaStreamSynchronize(s)); }

namespace {
/// Pinned staging buffers for large transfers: a few chunks in flight so that the threads copying between
/// pageable memory and a pinned chunk overlap the DMA of the previous chunk.
struct stager {
  static constexpr int nbuf         = 3;
  static constexpr std::size_t chunk = std::size_t(16) << 20;
  std::mutex mutex;
  char* buf[nbuf]     = {};
  cudaEvent_t ev[nbuf] = {};

  void ensure() {
    if (buf[0]) return;
    for (int i = 0; i < nbuf; ++i) {
      NDTHRUST_CUDA_TRY(cudaMallocHost(reinterpret_cast<void**>(&buf[i]), chunk));
      NDTHRUST_CUDA_TRY(cudaEventCreateWithFlags(&ev[i], cudaEventDisableTiming));
    }
  }

  void h2d(char* dst, const char* src, std::size_t bytes, cudaStream_t s) {
    std::lock_guard<std::mutex> lock(mutex);
    ensure();
    std::size_t nchunks = (bytes + chunk - 1) / chunk;
    for (std::size_t k = 0; k < nchunks; ++k) {
      int b           = static_cast<int>(k % nbuf);
      std::size_t off = k * chunk, len = bytes - off < chunk ? bytes - off : chunk;
      if (k >= nbuf) NDTHRUST_CUDA_TRY(cudaEventSynchronize(ev[b])); // the DMA that last read buf[b] is done
      parallel_memcpy(buf[b], src + off, len);
      NDTHRUST_CUDA_TRY(cudaMemcpyAsync(dst + off, buf[b], len, cudaMemcpyHostToDevice, s));
      NDTHRUST_CUDA_TRY(cudaEventRecord(ev[b], s));
    }
    // The staging buffers are reused by the next transfer: wait until the last DMAs have read them.
    for (std::size_t k = nchunks > nbuf ? nchunks - nbuf : 0; k < nchunks; ++k)
      NDTHRUST_CUDA_TRY(cudaEventSynchronize(ev[k % nbuf]));
  }

  void d2h(char* dst, const char* src, std::size_t bytes, cudaStream_t s) {
    std::lock_guard<std::mutex> lock(mutex);
    ensure();
    std::size_t nchunks = (bytes + chunk - 1) / chunk;
    auto issue          = [&](std::size_t k) {
      int b           = static_cast<int>(k % nbuf);
      std::size_t off = k * chunk, len = bytes - off < chunk ? bytes - off : chunk;
      NDTHRUST_CUDA_TRY(cudaMemcpyAsync(buf[b], src + off, len, cudaMemcpyDeviceToHost, s));
      NDTHRUST_CUDA_TRY(cudaEventRecord(ev[b], s));
    };
    for (std::size_t k = 0; k < nchunks && k < nbuf; ++k) issue(k);
    for (std::size_t k = 0; k < nchunks; ++k) {
      int b           = static_cast<int>(k % nbuf);
      std::size_t off = k * chunk, len = bytes - off < chunk ? bytes - off : chunk;
      NDTHRUST_CUDA_TRY(cudaEventSynchronize(ev[b]));
      parallel_memcpy(dst + off, buf[b], len);
      if (k + nbuf < nchunks) issue(k + nbuf);
    }
  }
};

stager& the_stager() {
  static stager* s = new stager(); // never destroyed: pinned memory outlives static destructors safely
  return *s;
}

constexpr std::size_t stage_above = std::size_t(4) << 20;
constexpr std::size_t small_read  = 256;
} // namespace

namespace {
/// Copies a few bytes into mapped pinned host memory, then publishes `seq` in the flag word after them. A kernel
/// that writes over the bus lands a scalar several microseconds sooner than a copy-engine transfer does.
__global__ void scalar_read_kernel(const unsigned char* src, unsigned bytes, unsigned char* dst, unsigned* flag,
                                   unsigned seq) {
  for (unsigned i = threadIdx.x; i < bytes; i += blockDim.x) dst[i] = src[i];
  __syncthreads();
  if (threadIdx.x == 0) {
    __threadfence_system(); // the bytes become visible to the host before the flag does
    *reinterpret_cast<volatile unsigned*>(flag) = seq;
  }
}

/// item(), counts, shapes: reads up to small_read bytes of device memory after the work queued on `stream`. The
/// host spins on the flag for a short while (the result of a small kernel arrives within microseconds) and then
/// falls back to cudaStreamSynchronize, which also surfaces any error of the stream.
void scalar_read(void* dst, const void* src, std::size_t bytes, stream_t stream) {
  struct mapped_buffer {
    unsigned char* host = nullptr;
    unsigned char* dev  = nullptr;
    unsigned seq        = 0;
    int device          = -1;
    ~mapped_buffer() {
      if (host) cudaFreeHost(host);
    }
  };
  thread_local mapped_buffer buf; // one per host thread, kept for the thread's life
  int dev = current_device();
  if (!buf.host || buf.device != dev) {
    if (!buf.host) NDTHRUST_CUDA_TRY(cudaHostAlloc(reinterpret_cast<void**>(&buf.host), small_read + 64,
                                                   cudaHostAllocMapped | cudaHostAllocPortable));
    void* d = nullptr;
    NDTHRUST_CUDA_TRY(cudaHostGetDevicePointer(&d, buf.host, 0));
    buf.dev    = static_cast<unsigned char*>(d);
    buf.device = dev;
  }
  auto* flag_host = reinterpret_cast<volatile unsigned*>(buf.host + small_read);
  unsigned seq    = ++buf.seq;
  if (seq == 0) seq = buf.seq = 1; // 0 is the flag's initial value
  scalar_read_kernel<<<1, 32, 0, stream>>>(static_cast<const unsigned char*>(src), static_cast<unsigned>(bytes),
                                           buf.dev, reinterpret_cast<unsigned*>(buf.dev + small_read), seq);
  NDTHRUST_CUDA_TRY(cudaGetLastError());
  auto arrived = [&] { return *flag_host == seq; };
  bool done    = false;
  for (int spin = 0; spin < (1 << 14) && !(done = arrived()); ++spin) {
  }
  if (!done) {
    NDTHRUST_CUDA_TRY(cudaStreamSynchronize(stream));
    if (!arrived()) throw cuda_error(0, "scalar read: the stream finished but the value did not arrive");
  }
  std::atomic_thread_fence(std::memory_order_acquire);
  std::memcpy(dst, buf.host, bytes);
}
} // namespace

void copy_bytes(void* dst, const void* src, std::size_t bytes, copy_kind kind, stream_t stream) {
  if (bytes == 0) return;
  auto d = static_cast<char*>(dst);
  auto s = static_cast<const char*>(src);
  switch (kind) {
  case copy_kind::host_to_host: parallel_memcpy(dst, src, bytes); return;
  case copy_kind::device_to_device:
    NDTHRUST_CUDA_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, stream));
    return;
  case copy_kind::host_to_device:
    if (bytes < stage_above) {
      // From pageable memory the runtime stages the bytes before returning, so `src` may be reused at once.
      NDTHRUST_CUDA_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, stream));
      return;
    }
    the_stager().h2d(d, s, bytes, stream);
    return;
  case copy_kind::device_to_host:
    if (bytes <= small_read) {
      scalar_read(dst, src, bytes, stream);
      return;
    }
    if (bytes < stage_above) {
      NDTHRUST_CUDA_TRY(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, stream));
      NDTHRUST_CUDA_TRY(cudaStreamSynchronize(stream));
      return;
    }
    the_stager().d2h(d, s, bytes, stream);
    return;
  }
}

} // namespace detail

std::size_t pool_reserved_bytes() {
  std::uint64_t v = 0;
  NDTHRUST_CUDA_TRY(cudaMemPoolGetAttribute(detail::pool_of(detail::current_device()),
                                            cudaMemPoolAttrReservedMemCurrent, &v));
  return static_cast<std::size_t>(v);
}

void pool_trim() {
  detail::the_small_cache().flush();
  NDTHRUST_CUDA_TRY(cudaDeviceSynchronize()); // the flushed frees are stream-ordered: let them land before trimming
  NDTHRUST_CUDA_TRY(cudaMemPoolTrimTo(detail::pool_of(detail::current_device()), 0));
}

} // namespace nd
