// CUDA backend of nd::fft: batched 1-d cuFFT plans, created once per (device, length, type, batch, stream) and
// reused (plan creation costs far more than a transform). Plans do not allocate: each execution takes its work
// area from the pool on the caller's stream. Nothing synchronises.
#include <ndthrust/core/memory.h>
#include <ndthrust/detail/fft/ops.h>

#include "blas.h" // library_lock() and the status checks

#include <map>
#include <mutex>
#include <tuple>

namespace nd::detail::fft {

namespace {
struct plan {
  cufftHandle handle;
  std::size_t work;
};
using key_t = std::tuple<int, index_t, int, index_t, stream_t>;

cufftType type_of(kind k, bool dbl) {
  switch (k) {
  case kind::forward:
  case kind::inverse: return dbl ? CUFFT_Z2Z : CUFFT_C2C;
  case kind::r2c: return dbl ? CUFFT_D2Z : CUFFT_R2C;
  case kind::c2r: return dbl ? CUFFT_Z2D : CUFFT_C2R;
  }
  return CUFFT_C2C;
}

/// The cached plan; called under the library lock.
const plan& get_plan(index_t n, cufftType t, index_t batch, stream_t s) {
  static std::map<key_t, plan> cache;
  int dev = 0;
  NDTHRUST_CUDA_TRY(cudaGetDevice(&dev));
  key_t key{dev, n, static_cast<int>(t), batch, s};
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  if (cache.size() >= 64) { // bound the cache; plans hold device memory for twiddles
    for (auto& kv : cache) cufftDestroy(kv.second.handle);
    cache.clear();
  }
  plan p{};
  NDTHRUST_CUFFT_TRY(cufftCreate(&p.handle));
  try {
    NDTHRUST_CUFFT_TRY(cufftSetAutoAllocation(p.handle, 0));
    long long nn = n;
    NDTHRUST_CUFFT_TRY(cufftMakePlanMany64(p.handle, 1, &nn, nullptr, 1, 0, nullptr, 1, 0, t, batch, &p.work));
  } catch (...) {
    cufftDestroy(p.handle);
    throw;
  }
  return cache.emplace(key, p).first->second;
}
} // namespace

void device_execute(kind k, dtype type, index_t n, index_t batch, void* in, void* out, stream_t s) {
  if (batch == 0 || n == 0) return;
  const bool dbl = type == dtype::complex128;
  cufftType t    = type_of(k, dbl);
  auto lock      = cuda::library_lock();
  const plan& p  = get_plan(n, t, batch, s);
  void* work     = p.work ? device_allocate(p.work, s) : nullptr;
  struct release {
    void* w;
    std::size_t bytes;
    stream_t s;
    ~release() {
      if (w) device_deallocate(w, bytes, s);
    }
  } guard{work, p.work, s};
  NDTHRUST_CUFFT_TRY(cufftSetStream(p.handle, s));
  NDTHRUST_CUFFT_TRY(cufftSetWorkArea(p.handle, work));
  int dir = k == kind::inverse ? CUFFT_INVERSE : CUFFT_FORWARD;
  switch (t) {
  case CUFFT_C2C:
    NDTHRUST_CUFFT_TRY(cufftExecC2C(p.handle, static_cast<cufftComplex*>(in), static_cast<cufftComplex*>(out), dir));
    break;
  case CUFFT_Z2Z:
    NDTHRUST_CUFFT_TRY(cufftExecZ2Z(p.handle, static_cast<cufftDoubleComplex*>(in),
                                    static_cast<cufftDoubleComplex*>(out), dir));
    break;
  case CUFFT_R2C:
    NDTHRUST_CUFFT_TRY(cufftExecR2C(p.handle, static_cast<cufftReal*>(in), static_cast<cufftComplex*>(out)));
    break;
  case CUFFT_D2Z:
    NDTHRUST_CUFFT_TRY(cufftExecD2Z(p.handle, static_cast<cufftDoubleReal*>(in),
                                    static_cast<cufftDoubleComplex*>(out)));
    break;
  case CUFFT_C2R:
    NDTHRUST_CUFFT_TRY(cufftExecC2R(p.handle, static_cast<cufftComplex*>(in), static_cast<cufftReal*>(out)));
    break;
  case CUFFT_Z2D:
    NDTHRUST_CUFFT_TRY(cufftExecZ2D(p.handle, static_cast<cufftDoubleComplex*>(in),
                                    static_cast<cufftDoubleReal*>(out)));
    break;
  default: break;
  }
}

} // namespace nd::detail::fft
