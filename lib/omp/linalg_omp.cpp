// OMP backend: "device" arrays live in host memory, so linalg's device path is the host libraries' path. Inside an
// nd::graph capture the call is recorded (arguments copied) and runs at launch(), as a CUDA library call would.
#include <ndthrust/core/host_policy.h>
#include <ndthrust/detail/linalg/ops.h>

namespace nd::detail::linalg {
namespace {
/// Host arrays' work runs now, even inside a capture (as on CUDA, where host work is not recorded).
template <class Op>
void run_or_record(bool device, Op op) {
  if (device) host_tape::run_or_record(std::move(op));
  else op();
}
} // namespace

void gemm(bool device, const gemm_desc& d, stream_t) {
  run_or_record(device, [d] { host_gemm(d); });
}
void getrf(bool device, dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t) {
  run_or_record(device, [=] { host_getrf(t, n, batch, a, ipiv, info); });
}
void getrs(bool device, dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b, stream_t) {
  run_or_record(device, [=] { host_getrs(t, n, nrhs, batch, lu, ipiv, b); });
}
void potrf(bool device, dtype t, index_t n, index_t batch, void* a, int* info, stream_t) {
  run_or_record(device, [=] { host_potrf(t, n, batch, a, info); });
}
void geqrf(bool device, dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t) {
  run_or_record(device, [=] { host_geqrf(t, m, n, batch, a, tau); });
}
void orgqr(bool device, dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau, stream_t) {
  run_or_record(device, [=] { host_orgqr(t, m, n, cols, batch, a, tau); });
}
void gesvd(bool device, dtype t, index_t m, index_t n, index_t batch, void* a, void* s, void* u, void* vh, bool full,
           int* info, stream_t) {
  run_or_record(device, [=] { host_gesvd(t, m, n, batch, a, s, u, vh, full, info); });
}
void syevd(bool device, dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info, stream_t) {
  run_or_record(device, [=] { host_syevd(t, n, batch, a, w, vectors, info); });
}
void geev(bool device, dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t) {
  run_or_record(device, [=] { host_geev(t, n, batch, a, w, v, info); });
}

} // namespace nd::detail::linalg
