// OMP backend: "device" arrays live in host memory, so linalg's device path is the host libraries' path.
#include <ndthrust/detail/linalg/ops.h>

namespace nd::detail::linalg {

void gemm(bool, const gemm_desc& d, stream_t) { host_gemm(d); }
void getrf(bool, dtype t, index_t n, index_t batch, void* a, int* ipiv, int* info, stream_t) {
  host_getrf(t, n, batch, a, ipiv, info);
}
void getrs(bool, dtype t, index_t n, index_t nrhs, index_t batch, const void* lu, const int* ipiv, void* b, stream_t) {
  host_getrs(t, n, nrhs, batch, lu, ipiv, b);
}
void potrf(bool, dtype t, index_t n, index_t batch, void* a, int* info, stream_t) { host_potrf(t, n, batch, a, info); }
void geqrf(bool, dtype t, index_t m, index_t n, index_t batch, void* a, void* tau, stream_t) {
  host_geqrf(t, m, n, batch, a, tau);
}
void orgqr(bool, dtype t, index_t m, index_t n, index_t cols, index_t batch, void* a, const void* tau, stream_t) {
  host_orgqr(t, m, n, cols, batch, a, tau);
}
void gesvd(bool, dtype t, index_t m, index_t n, index_t batch, void* a, void* s, void* u, void* vh, bool full,
           int* info, stream_t) {
  host_gesvd(t, m, n, batch, a, s, u, vh, full, info);
}
void syevd(bool, dtype t, index_t n, index_t batch, void* a, void* w, bool vectors, int* info, stream_t) {
  host_syevd(t, n, batch, a, w, vectors, info);
}
void geev(bool, dtype t, index_t n, index_t batch, void* a, void* w, void* v, int* info, stream_t) {
  host_geev(t, n, batch, a, w, v, info);
}

} // namespace nd::detail::linalg
