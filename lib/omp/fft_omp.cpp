// OMP backend: device arrays live in host memory, so nd::fft's device path is the host path.
#include <ndthrust/detail/fft/ops.h>

namespace nd::detail::fft {
void execute(bool, kind k, dtype type, index_t n, index_t batch, void* in, void* out, stream_t) {
  host_execute(k, type, n, batch, in, out);
}
} // namespace nd::detail::fft
