// ndthrust/core/space.h — where an array's memory lives, and which execution policies may touch it.
#pragma once

#include <ndthrust/config.h>

#include <thrust/device_ptr.h>
#include <thrust/execution_policy.h>
#include <thrust/memory.h>

#include <type_traits>

namespace nd {

/// Memory of Thrust's device system: GPU memory on the CUDA backend, host memory on the OpenMP backend.
struct device_space {
  using system_tag = thrust::device_system_tag;
  template <class T>
  using pointer = thrust::device_ptr<T>;
  static constexpr const char* name = "device";
};

/// Ordinary host memory.
struct host_space {
  using system_tag = thrust::host_system_tag;
  template <class T>
  using pointer = T*;
  static constexpr const char* name = "host";
};

template <class S>
inline constexpr bool is_space_v = std::is_same_v<S, device_space> || std::is_same_v<S, host_space>;

/// Whether an execution policy runs in a space. Thrust policies convert to their system's tag.
template <class Policy>
inline constexpr bool is_device_policy_v =
  std::is_convertible_v<const std::decay_t<Policy>&, thrust::device_system_tag>;
template <class Policy>
inline constexpr bool is_host_policy_v =
  !is_device_policy_v<Policy> && std::is_convertible_v<const std::decay_t<Policy>&, thrust::host_system_tag>;
template <class Policy>
inline constexpr bool is_policy_v = is_device_policy_v<Policy> || is_host_policy_v<Policy>;

/// The space a policy's algorithms run in.
template <class Policy>
using space_of_t = std::conditional_t<is_device_policy_v<Policy>, device_space, host_space>;

/// Compile-time check that `Policy` runs where arrays of `Space` live.
#define NDTHRUST_CHECK_POLICY(Policy, Space)                                                                           \
  static_assert(::nd::is_policy_v<Policy>, "ndthrust: the first argument must be an execution policy "                 \
                                           "(nd::device, nd::par.on(stream), nd::host, thrust::device, thrust::host)"); \
  static_assert(std::is_same_v<::nd::space_of_t<Policy>, Space>,                                                       \
                "ndthrust: execution policy of the wrong space: use a device policy (nd::device, "                     \
                "nd::par.on(stream), thrust::device) for device arrays and a host policy (nd::host, thrust::host) for " \
                "host arrays; move data between spaces with nd::asarray / nd::to_host")

} // namespace nd
