// OMP backend: device arrays live in host memory, so nd::fft's device path is the host path (recorded inside an
// nd::graph capture, as a cuFFT call would be).
#include <ndthrust/core/host_policy.h>
#include <ndthrust/detail/fft/ops.h>

namespace nd::detail::fft {
void device_execute(kind k, dtype type, index_t n, index_t batch, void* in, void* out, stream_t) {
  host_tape::run_or_record([=] { host_execute(k, type, n, batch, in, out); });
}
} // namespace nd::detail::fft
