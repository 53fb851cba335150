// OMP backend: device arrays live in host memory, so nd::fft's device path is the host path (recorded inside an
// nd::graph capture, as a cuFFT call would be).
#include <ndthrust/core/host_policy.h>
#include <ndthrust/detail/fft/ops.h>

namespace nd::detail::fft {
void execute(bool device, kind k, dtype type, index_t n, index_t batch, void* in, void* out, stream_t) {
  auto op = [=] { host_execute(k, type, n, batch, in, out); };
  if (device) host_tape::run_or_record(op);
  else op(); // host arrays' work runs now, even inside a capture
}
} // namespace nd::detail::fft
