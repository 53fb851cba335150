// OMP backend: "device" arrays live in host memory, so linalg's device path is the host libraries' path. Inside an
// nd::graph capture the call is recorded (arguments copied) and runs at launch(), as a CUDA library call would.
#include <ndthrust/core/host_policy.h>
#include <ndthrust/detail/linalg/ops.h>

namespace nd::detail::linalg {
void device_gemm(const gemm_desc& d, stream_t) {
  host_tape::run_or_record([d] { host_gemm(d); });
}
void device_getrf(dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t) {
  host_tape::run_or_record([=] { host_getrf(t, n, batch, a, ipiv, info); });
}
void device_getrs(dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b, stream_t) {
  host_tape::run_or_record([=] { host_getrs(t, n, nrhs, batch, lu, ipiv, b); });
}
void device_potrf(dtype t, index_t n, index_t batch, void* a, int* info, stream_t) {
  host_tape::run_or_record([=] { host_potrf(t, n, batch, a, info); });
}
void device_geqrf(dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t) {
  host_tape::run_or_record([=] { host_geqrf(t, m, n, batch, a, tau); });
}
void device_orgqr(dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau, stream_t) {
  host_tape::run_or_record([=] { host_orgqr(t, m, n, cols, batch, a, tau); });
}
void device_gesvd(dtype t, index_t m, index_t n, index_t batch, void* a, void* s, void* u, void* vh, bool full,
           int* info, stream_t) {
  host_tape::run_or_record([=] { host_gesvd(t, m, n, batch, a, s, u, vh, full, info); });
}
void device_syevd(dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info, stream_t) {
  host_tape::run_or_record([=] { host_syevd(t, n, batch, a, w, vectors, info); });
}
void device_geev(dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t) {
  host_tape::run_or_record([=] { host_geev(t, n, batch, a, w, v, info); });
}

} // namespace nd::detail::linalg
