// ndthrust/core/policy.h — ndthrust's execution policies.
//
// nd::device and nd::par.on(stream) are Thrust policies that never synchronise on their own and take Thrust's
// temporaries from ndthrust's pool. Plain thrust::device, thrust::host and thrust::cuda::par.on(s) work as well.
#pragma once

#include <ndthrust/config.h>
#include <ndthrust/core/memory.h>
#include <ndthrust/core/space.h>

#include <thrust/execution_policy.h>
#if defined(NDTHRUST_BACKEND_CUDA)
#  include <thrust/system/cuda/execution_policy.h>
#else
#  include <ndthrust/core/host_policy.h>
#endif

namespace nd {

#if defined(NDTHRUST_BACKEND_CUDA)
/// The type of nd::device and nd::par.on(s): non-synchronising, pooled temporaries, on a stream.
using device_policy = decltype(thrust::cuda::par_nosync(detail::temporary_allocator{}).on(stream_t{}));

struct par_t {
  /// A policy that runs on `s`; its temporaries are allocated and freed on `s`.
  device_policy on(stream_t s) const { return thrust::cuda::par_nosync(detail::temporary_allocator{s}).on(s); }
};
#else
/// Thrust's OpenMP system under a type of ndthrust's own, so that nd::graph can record its calls (core/host_policy.h).
using device_policy = detail::host_tape::policy;

struct par_t {
  /// The host-only backend has no streams: the stream is accepted and ignored.
  device_policy on(stream_t) const { return device_policy{}; }
};
#endif

/// nd::par.on(stream): device policy on a stream.
inline constexpr par_t par{};
/// The default device policy (the default stream, no synchronisation).
inline const device_policy device = par.on(stream_t{});
/// The host policy.
inline constexpr auto host = thrust::host;

/// The stream a policy runs on (the default stream for host policies and policies without one).
template <class Policy>
stream_t stream_of(const Policy& policy) {
#if defined(NDTHRUST_BACKEND_CUDA)
  if constexpr (is_device_policy_v<Policy>) {
    return thrust::cuda_cub::stream(const_cast<Policy&>(policy));
  }
#endif
  (void) policy;
  return stream_t{};
}

/// Waits for the work queued by `policy` (a no-op on the host). The one explicit synchronisation.
template <class Policy>
void synchronize(const Policy& policy);

namespace detail {
void stream_synchronize(stream_t s);

/// The policy ndthrust uses for a space when the caller gives none: nd::device or nd::host.
template <class Space>
auto default_policy() {
  if constexpr (std::is_same_v<Space, device_space>) return device;
  else return host;
}
} // namespace detail

template <class Policy>
void synchronize(const Policy& policy) {
  if constexpr (is_device_policy_v<Policy>) detail::stream_synchronize(stream_of(policy));
}

} // namespace nd
