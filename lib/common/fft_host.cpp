// Host FFTs through kissfft's C++ template (kissfft.hh, BSD-3-Clause): host arrays on every backend and device
// arrays on the OMP backend. Rows are transformed in parallel, one plan per thread (a plan has scratch state).
#include <ndthrust/core/error.h>
#include <ndthrust/detail/fft/ops.h>

#include <complex>
#include <string>
#include <vector>

#if defined(NDTHRUST_HAVE_HOST_FFT)
#  include <kissfft/kissfft.hh>
#endif

namespace nd::detail::fft {

#if defined(NDTHRUST_HAVE_HOST_FFT)
namespace {
template <class R>
void run(kind k, index_t n, index_t batch, void* in, void* out) {
  using C = std::complex<R>;
#  pragma omp parallel
  {
    kissfft<R> plan(static_cast<std::size_t>(n), k == kind::inverse || k == kind::c2r);
    std::vector<C> buf(k == kind::forward || k == kind::inverse ? 0 : 2 * static_cast<std::size_t>(n));
    index_t h = n / 2 + 1;
#  pragma omp for schedule(static)
    for (index_t b = 0; b < batch; ++b) {
      if (k == kind::forward || k == kind::inverse) {
        plan.transform(static_cast<C*>(in) + b * n, static_cast<C*>(out) + b * n);
      } else if (k == kind::r2c) {
        const R* x = static_cast<R*>(in) + b * n;
        for (index_t i = 0; i < n; ++i) buf[i] = C(x[i], 0);
        plan.transform(buf.data(), buf.data() + n);
        std::copy(buf.data() + n, buf.data() + n + h, static_cast<C*>(out) + b * h);
      } else {
        // Hermitian extension of the half spectrum; like pocketfft, the imaginary parts of the DC and (even n)
        // Nyquist terms are ignored.
        const C* x = static_cast<C*>(in) + b * h;
        for (index_t i = 0; i < h; ++i) buf[i] = x[i];
        buf[0] = C(x[0].real(), 0);
        if (n % 2 == 0) buf[n / 2] = C(x[n / 2].real(), 0);
        for (index_t i = h; i < n; ++i) buf[i] = std::conj(buf[n - i]);
        plan.transform(buf.data(), buf.data() + n);
        R* y = static_cast<R*>(out) + b * n;
        for (index_t i = 0; i < n; ++i) y[i] = buf[n + i].real();
      }
    }
  }
}
} // namespace

void host_execute(kind k, dtype type, index_t n, index_t batch, void* in, void* out) {
  if (type == dtype::complex64) run<float>(k, n, batch, in, out);
  else run<double>(k, n, batch, in, out);
}
#else
void host_execute(kind, dtype, index_t, index_t, void*, void*) {
  throw error("fft on host arrays needs kissfft, which this ndthrust build lacks (install libkissfft-dev and "
              "reconfigure), or use device arrays");
}
#endif

} // namespace nd::detail::fft
