// ndthrust/detail/fft/ops.h — the compiled 1-d FFT entry point behind nd::fft.
//
// Every transform nd::fft performs is reduced to `batch` contiguous rows transformed along their length: the
// templates in fft.h move the axis last and pack / pad it first. The space is chosen at compile time (execute<S>).
// Device memory goes to cuFFT on the CUDA backend
// (plans cached by device, length, type, batch and stream; work areas from the pool; nothing synchronises) and
// to kissfft on the OMP backend; host memory always goes to kissfft.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/dtype.h>
#include <ndthrust/core/space.h>

#include <type_traits>

namespace nd::detail::fft {

enum class kind {
  forward,  // complex n → complex n
  inverse,  // complex n → complex n, unscaled
  r2c,      // real n → complex n/2+1
  c2r,      // complex n/2+1 → real n, unscaled; the input is overwritten
};

/// `type` is the complex dtype (complex64 or complex128) of the transform.
void device_execute(kind k, dtype type, index_t n, index_t batch, void* in, void* out, stream_t stream);
void host_execute(kind k, dtype type, index_t n, index_t batch, void* in, void* out);

/// The transform for memory of space S, chosen at compile time.
template <class S>
void execute(kind k, dtype type, index_t n, index_t batch, void* in, void* out, stream_t stream) {
  if constexpr (std::is_same_v<S, device_space>) device_execute(k, type, n, batch, in, out, stream);
  else host_execute(k, type, n, batch, in, out);
}

} // namespace nd::detail::fft
