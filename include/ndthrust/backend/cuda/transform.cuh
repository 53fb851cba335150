// ndthrust/backend/cuda/transform.cuh — CUDA kernels of nd::transform.
//
// Small contiguous transforms and the strided path launch the engine's own kernel with <<<>>>: no device-property
// queries and no temporary storage, so a 1e3-element op costs little more than the launch. Each thread evaluates
// several positions before storing any of them, so its loads are in flight together.
#pragma once

#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/detail/transform/engine.h>

namespace nd::backend::cuda {

constexpr int transform_block = 256;
constexpr int transform_items = 4;
/// Below this many elements a contiguous transform runs the engine's kernel instead of thrust::transform.
constexpr index_t small_transform = index_t(1) << 18;

template <class Index, class Fn>
__global__ void __launch_bounds__(transform_block) transform_kernel(Fn fn, Index n) {
  using T     = std::remove_pointer_t<decltype(fn.out)>;
  Index first = static_cast<Index>(blockIdx.x) * (transform_block * transform_items) + static_cast<Index>(threadIdx.x);
  T v[transform_items];
  Index off[transform_items];
  if (first + (transform_items - 1) * transform_block < n) {
#pragma unroll
    for (int k = 0; k < transform_items; ++k) v[k] = fn.eval(first + k * transform_block, off[k]);
#pragma unroll
    for (int k = 0; k < transform_items; ++k) fn.out[off[k]] = v[k];
  } else {
#pragma unroll
    for (int k = 0; k < transform_items; ++k)
      if (first + k * transform_block < n) fn(first + k * transform_block);
  }
}

template <class Policy>
bool contiguous_via_thrust(const Policy&, index_t n) {
  return !is_device_policy_v<Policy> || n >= small_transform;
}

template <class Index, class Policy, class Fn>
void transform_positions(const Policy& policy, const Fn& fn, index_t n) {
  if constexpr (is_device_policy_v<Policy>) {
    index_t blocks = (n + transform_block * transform_items - 1) / (transform_block * transform_items);
    transform_kernel<Index><<<static_cast<unsigned>(blocks), transform_block, 0, stream_of(policy)>>>(
      fn, static_cast<Index>(n));
    NDTHRUST_CHECK_LAUNCH();
  } else {
    nd::detail::for_each_position<Index>(policy, fn, n);
  }
}

} // namespace nd::backend::cuda

namespace nd::backend {
using cuda::contiguous_via_thrust;
using cuda::transform_positions;
} // namespace nd::backend
