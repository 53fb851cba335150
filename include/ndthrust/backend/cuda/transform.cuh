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

template <class Index, class Policy, class Fn>
void transform_positions(const Policy& policy, const Fn& fn, index_t n) {
  index_t blocks = (n + transform_block * transform_items - 1) / (transform_block * transform_items);
  transform_kernel<Index><<<static_cast<unsigned>(blocks), transform_block, 0, stream_of(policy)>>>(
    fn, static_cast<Index>(n));
  NDTHRUST_CHECK_LAUNCH();
}

/// f(i) for every i < n, one thread each: for functors that write their own outputs (a random generator's
/// blocks, each a 16-byte store). 32-bit index math when n fits.
template <class Index, class F>
__global__ void __launch_bounds__(transform_block) index_kernel(F f, Index n) {
  Index i = static_cast<Index>(blockIdx.x) * transform_block + static_cast<Index>(threadIdx.x);
  if (i < n) f(i);
}

template <class Policy, class F>
void for_each_index(const Policy& policy, index_t n, const F& f) {
  if (n <= 0) return;
  auto blocks = static_cast<unsigned>((n + transform_block - 1) / transform_block);
  if (n <= INT32_MAX) index_kernel<int><<<blocks, transform_block, 0, stream_of(policy)>>>(f, static_cast<int>(n));
  else index_kernel<index_t><<<blocks, transform_block, 0, stream_of(policy)>>>(f, n);
  NDTHRUST_CHECK_LAUNCH();
}

constexpr int row_items = 8;

/// One block per chunk of a row: the row's offsets are computed once, then each thread handles row_items elements.
template <class Index, class Fn>
__global__ void __launch_bounds__(transform_block)
  transform_rows_kernel(Fn fn, Index inner, Index chunks, Index tiles) {
  using T = std::remove_pointer_t<decltype(fn.out)>;
  for (Index t = blockIdx.x; t < tiles; t += gridDim.x) {
    Index row = t / chunks, chunk = t - row * chunks;
    auto rf   = fn.row_at(row * inner);
    Index j0  = chunk * (transform_block * row_items) + static_cast<Index>(threadIdx.x);
    T v[row_items];
#pragma unroll
    for (int k = 0; k < row_items; ++k) {
      Index j = j0 + k * transform_block;
      if (j < inner) v[k] = rf.eval(j);
    }
#pragma unroll
    for (int k = 0; k < row_items; ++k) {
      Index j = j0 + k * transform_block;
      if (j < inner) rf.out[j * rf.out_stride] = v[k];
    }
  }
}

/// Tiles of tile_dim × tile_dim on (axis_a, last): staged inputs are read along axis_a into shared memory, then
/// every element is computed and written along the last axis.
template <class Index, class Fn>
__global__ void __launch_bounds__(nd::detail::tile_dim * nd::detail::tile_rows)
  transform_tiled_kernel(Fn fn, nd::detail::tile_binding<Index> tb, Index na, Index nb, Index tiles_a, Index tiles_b,
                         Index total, int slot_bytes) {
  using namespace nd::detail;
  using T = std::remove_pointer_t<decltype(fn.out)>;
  extern __shared__ __align__(16) unsigned char smem[]; // one slot per staged input
  const int tx = threadIdx.x, ty = threadIdx.y;
  for (Index t = blockIdx.x; t < total; t += gridDim.x) {
    Index tbi = t % tiles_b, rest = t / tiles_b;
    Index ta = rest % tiles_a, batch = rest / tiles_a;
    auto tf  = fn.tile_at(batch, tb);
    Index a0 = ta * tile_dim, b0 = tbi * tile_dim;
    load_tiles<Index>(tf.r, smem, slot_bytes, a0, b0, na, nb, tx, ty);
    __syncthreads();
    // All loads of a thread before its first store: out may alias an input as far as the compiler knows, so a
    // store would otherwise keep the next load from issuing early.
    constexpr int per = tile_dim / tile_rows;
    T v[per];
#pragma unroll
    for (int k = 0; k < per; ++k) {
      int m   = ty + k * tile_rows;
      Index a = a0 + m, b = b0 + tx;
      if (a < na && b < nb) v[k] = convert<T>(tf.r.apply(tf.f, tile_pos<Index>{a, b, m, tx, smem, slot_bytes}));
    }
#pragma unroll
    for (int k = 0; k < per; ++k) {
      Index a = a0 + ty + k * tile_rows, b = b0 + tx;
      if (a < na && b < nb) tf.out[a * tf.out_sa + b * tf.out_sb] = v[k];
    }
    __syncthreads();
  }
}

template <class Policy>
constexpr bool has_tiled_transform(const Policy&) {
  return true;
}

/// Enough blocks to fill the GPU many times over; the kernels' grid-stride loops cover the rest.
inline unsigned grid_for(index_t tiles) { return static_cast<unsigned>(tiles < (index_t(1) << 20) ? tiles : index_t(1) << 20); }

template <class Index, class Policy, class Fn>
void transform_strided(const Policy& policy, const Fn& fn, index_t n, const nd::detail::strided_plan& plan) {
  using nd::detail::strided_plan;
  if (plan.kind == strided_plan::rows) {
    index_t rows = n / plan.inner, chunks = (plan.inner + transform_block * row_items - 1) / (transform_block * row_items);
    transform_rows_kernel<Index><<<grid_for(rows * chunks), transform_block, 0, stream_of(policy)>>>(
      fn, static_cast<Index>(plan.inner), static_cast<Index>(chunks), static_cast<Index>(rows * chunks));
    NDTHRUST_CHECK_LAUNCH();
    return;
  }
  if (plan.kind == strided_plan::tiled) {
    nd::detail::tile_binding<Index> tb{};
    tb.axis_a = plan.axis_a;
    tb.axis_b = fn.ndim - 1;
    for (int k = 0; k < nd::detail::max_tiled_leaves; ++k) tb.slot[k] = plan.slot[k];
    index_t na = fn.div[tb.axis_a].d, nb = fn.div[tb.axis_b].d;
    index_t tiles_a = (na + nd::detail::tile_dim - 1) / nd::detail::tile_dim;
    index_t tiles_b = (nb + nd::detail::tile_dim - 1) / nd::detail::tile_dim;
    index_t total   = tiles_a * tiles_b * (n / (na * nb));
    int staged = 0;
    for (int k = 0; k < nd::detail::max_tiled_leaves; ++k) staged += plan.slot[k] >= 0 ? 1 : 0;
    constexpr int leaf_bytes = nd::detail::max_leaf_bytes<decltype(fn.r)>::value;
    int slot_bytes = (nd::detail::tile_dim * (nd::detail::tile_dim + 1) * leaf_bytes + 15) / 16 * 16;
    transform_tiled_kernel<Index><<<grid_for(total), dim3(nd::detail::tile_dim, nd::detail::tile_rows),
                                    static_cast<std::size_t>(staged * slot_bytes), stream_of(policy)>>>(
      fn, tb, static_cast<Index>(na), static_cast<Index>(nb), static_cast<Index>(tiles_a),
      static_cast<Index>(tiles_b), static_cast<Index>(total), slot_bytes);
    NDTHRUST_CHECK_LAUNCH();
    return;
  }
  transform_positions<Index>(policy, fn, n);
}

template <class Policy>
bool contiguous_via_thrust(const Policy&, index_t n) {
  return n >= small_transform;
}

} // namespace nd::backend::cuda
