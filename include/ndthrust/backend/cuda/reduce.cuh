// ndthrust/backend/cuda/reduce.cuh — CUDA paths of the reductions.
//
// - Whole contiguous arrays: cub::DeviceReduce on the raw pointer, the result written to device memory (no sync).
// - Reduced axes nearer to unit stride than the kept ones ("inner", e.g. sum(axis=-1)): a thread, a quarter-warp
//   or a warp per output (a block when the rows are long and few), lanes reading consecutive elements.
// - Kept axes nearer to unit stride ("outer", e.g. sum(axis=0)): a thread per output walking its column, or for
//   fewer than 128 columns a tile of rows × columns per block — no transposing copy.
// The kernels loop over their outputs (four per thread group and step, for loads in flight) with the grid capped
// at two waves, so a million short rows are not a million tiny blocks. When the outputs are too few to fill the
// GPU, the reduced range is split across gridDim.y and passes over the partial accumulators combine them.
#pragma once

#include <ndthrust/backend/cuda/scratch.cuh>
#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/detail/reduce/ops.h>
#include <ndthrust/detail/reduce/plan.h>
#include <ndthrust/detail/reduce/sink.h>

#include <cub/block/block_reduce.cuh>
#include <cub/util_type.cuh>
#include <cub/device/device_reduce.cuh>
#include <cub/warp/warp_reduce.cuh>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/transform_output_iterator.h>

#include <algorithm>
#include <type_traits>

namespace nd::backend::cuda {

using nd::detail::flat_layout;

/// Threads the device keeps resident (SMs × 2048), queried once per process.
inline index_t resident_threads() {
  static const index_t n = [] {
    int dev = 0, sms = 0;
    NDTHRUST_CUDA_TRY(cudaGetDevice(&dev));
    NDTHRUST_CUDA_TRY(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
    return static_cast<index_t>(sms) * 2048;
  }();
  return n;
}

using nd::detail::fold_in;

/// Combines elements r0, r0 + step, … < r1 of the output at `base`. One collapsed reduced axis (the common case)
/// walks by a stride; eight loads are issued before they are combined, to keep enough in flight for the memory
/// system's latency (four left a tile of a tall array at ~60% of the read bandwidth on an H200).
template <class Index, class Src, class Op>
__device__ __forceinline__ typename Op::acc_type accumulate(const Src& src, Index base, const flat_layout<Index>& rl,
                                                            Index r0, Index r1, Index step, const Op& op, Index o,
                                                            typename Op::acc_type acc) {
  if (rl.ndim <= 1) {
    const Index s  = rl.ndim == 1 ? rl.strides[0] : Index(0);
    const Index ss = s * step;
    Index r = r0, off = base + r0 * s;
    for (; r + 7 * step < r1; r += 8 * step, off += 8 * ss) {
      std::decay_t<decltype(src(off))> v[8];
#pragma unroll
      for (int i = 0; i < 8; ++i) v[i] = src(off + i * ss);
      if constexpr (nd::detail::has_fold_v<Op>) {
        // Positions rise along the walk: arg ops fold in order, no position compares (half the registers).
#pragma unroll
        for (int i = 0; i < 8; ++i) op.fold(acc, v[i], r + i * step);
      } else {
        typename Op::acc_type a[8];
#pragma unroll
        for (int i = 0; i < 8; ++i) a[i] = op.load(v[i], o, r + i * step);
        acc = op.combine(acc, op.combine(op.combine(op.combine(a[0], a[1]), op.combine(a[2], a[3])),
                                         op.combine(op.combine(a[4], a[5]), op.combine(a[6], a[7]))));
      }
    }
    for (; r < r1; r += step, off += ss) fold_in(op, acc, src(off), o, r);
  } else {
    for (Index r = r0; r < r1; r += step) fold_in(op, acc, src(base + rl(r)), o, r);
  }
  return acc;
}

/// Combines elements r0, r0 + step, … < r1 of U outputs at once (storage offsets base[u]): one element of every
/// output per step, so that U independent loads are in flight even where a lane has a single element per row (the
/// short rows of a tall-skinny array). Lanes without a U-th output pass a repeated valid base and drop its result.
template <int U, class Index, class Src, class Op>
__device__ __forceinline__ void accumulate_n(const Src& src, const Index (&base)[U], const Index (&o)[U],
                                             const flat_layout<Index>& rl, Index r0, Index r1, Index step,
                                             const Op& op, typename Op::acc_type (&acc)[U]) {
  if (rl.ndim <= 1) {
    const Index s = rl.ndim == 1 ? rl.strides[0] : Index(0);
#pragma unroll 2
    for (Index r = r0; r < r1; r += step) {
      std::decay_t<decltype(src(base[0]))> v[U];
#pragma unroll
      for (int u = 0; u < U; ++u) v[u] = src(base[u] + r * s);
#pragma unroll
      for (int u = 0; u < U; ++u) fold_in(op, acc[u], v[u], o[u], r);
    }
  } else {
    for (Index r = r0; r < r1; r += step) {
      const Index off = rl(r);
#pragma unroll
      for (int u = 0; u < U; ++u) fold_in(op, acc[u], src(base[u] + off), o[u], r);
    }
  }
}

/// The outputs a thread group handles in one step of a grid-stride loop: nu ≤ U of them, `groups` apart (groups =
/// thread groups in the grid), so that within one u consecutive groups read consecutive rows. A missing output
/// reads output 0's elements (always there) and its result is dropped.
template <int U, class Index>
struct output_step {
  Index o[U], base[U];
  bool valid[U];
  __device__ __forceinline__ output_step(index_t first, index_t groups, int nu, index_t K,
                                         const flat_layout<Index>& kl) {
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const index_t og = first + u * groups;
      valid[u]         = u < nu && og < K;
      o[u]             = valid[u] ? static_cast<Index>(og) : Index(0);
      base[u]          = valid[u] || u == 0 ? kl(o[u]) : base[0];
    }
  }
};

/// accumulate for one output (eight loads in flight along the row), accumulate_n for nu > 1 outputs (one load of
/// each per step).
template <int U, class Index, class Src, class Op>
__device__ __forceinline__ void accumulate_step(const Src& src, const output_step<U, Index>& at, int nu,
                                                const flat_layout<Index>& rl, Index r0, Index r1, Index step,
                                                const Op& op, typename Op::acc_type (&acc)[U]) {
  if (U == 1 || nu == 1) acc[0] = accumulate(src, at.base[0], rl, r0, r1, step, op, at.o[0], acc[0]);
  else accumulate_n<U>(src, at.base, at.o, rl, r0, r1, step, op, acc);
}

/// Kept axes nearer to unit stride: a thread per output walking its column (U outputs per thread and step, then
/// grid-stride), consecutive threads reading consecutive addresses. blockIdx.y splits the reduced range.
template <int U, class Index, class Src, class Op, class Sink>
__global__ void __launch_bounds__(256, 4) // at least half the threads resident: loads in flight
  column_reduce_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index K, Index M, Index chunk, int nu,
                       Op op, Sink sink, typename Op::acc_type* partial) {
  using A              = typename Op::acc_type;
  const Index r0       = static_cast<Index>(blockIdx.y) * chunk;
  const Index r1       = M - r0 < chunk ? M : r0 + chunk;
  const index_t groups = static_cast<index_t>(gridDim.x) * blockDim.x;
  for (index_t first = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x; first < K; first += nu * groups) {
    output_step<U, Index> at(first, groups, nu, K, kl);
    A acc[U];
#pragma unroll
    for (int u = 0; u < U; ++u) acc[u] = op.identity();
    accumulate_step<U>(src, at, nu, rl, r0, r1, Index(1), op, acc);
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if (!at.valid[u]) continue;
      if (partial) partial[static_cast<Index>(blockIdx.y) * K + at.o[u]] = acc[u];
      else sink(at.o[u], acc[u]);
    }
  }
}

/// G threads per output: one (rows of a few elements: a thread walks its row), a quarter-warp, a warp or the whole
/// block (G = 256, long rows and few outputs). Lanes of a group read consecutive elements and consecutive groups
/// consecutive rows, so short rows are read as one contiguous stream; each group takes U outputs per step of a
/// grid-stride loop, which keeps U loads in flight per lane and the grid at the size that fills the GPU.
template <int G, int U, class Index, class Src, class Op, class Sink>
__global__ void __launch_bounds__(256, 4) // at least half the threads resident: loads in flight
  inner_reduce_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index K, Index M, Index chunk, int nu,
                      Op op, Sink sink, typename Op::acc_type* partial) {
  using A                 = typename Op::acc_type;
  constexpr int per_block = 256 / G;
  const int group = threadIdx.x / G, lane = threadIdx.x % G;
  const Index r0       = static_cast<Index>(blockIdx.y) * chunk;
  const Index r1       = M - r0 < chunk ? M : r0 + chunk;
  const index_t groups = static_cast<index_t>(gridDim.x) * per_block;
  using block_reducer  = cub::BlockReduce<A, 256>;
  using warp_reducer   = cub::WarpReduce<A, G == 256 ? 32 : G>;
  __shared__ std::conditional_t<G == 256, typename block_reducer::TempStorage,
                                typename warp_reducer::TempStorage[per_block]> tmp;
  // The loop bound is the block's first output, so every thread of a block runs the same steps (the block and
  // warp reductions need all their threads).
  for (index_t block_first = static_cast<index_t>(blockIdx.x) * per_block; block_first < K;
       block_first += nu * groups) {
    output_step<U, Index> at(block_first + group, groups, nu, K, kl);
    A acc[U];
#pragma unroll
    for (int u = 0; u < U; ++u) acc[u] = op.identity();
    accumulate_step<U>(src, at, nu, rl, r0 + lane, r1, Index(G), op, acc);
#pragma unroll
    for (int u = 0; u < U; ++u) {
      if (u >= nu) break; // uniform: nu is a kernel argument
      if constexpr (G == 256) {
        acc[u] = block_reducer(tmp).Reduce(acc[u], nd::detail::combine_fn<Op>{op});
        __syncthreads(); // tmp is reused by the next reduction
      } else if constexpr (G > 1) {
        acc[u] = warp_reducer(tmp[group]).Reduce(acc[u], nd::detail::combine_fn<Op>{op});
        __syncwarp();
      }
      if (lane != 0 || !at.valid[u]) continue;
      if (partial) partial[static_cast<Index>(blockIdx.y) * K + at.o[u]] = acc[u];
      else sink(at.o[u], acc[u]);
    }
  }
}

/// Few outputs along the unit-stride axis (sum(axis=0) of a (n, k) array with small k): a block is a tile of
/// `rows` × `cols` threads, cols = k rounded to what divides the block, so that the block reads whole rows as one
/// contiguous stream; each thread walks its column every `rows` rows, then the block combines each column's
/// partial results in shared memory.
template <class Index, class Src, class Op, class Sink>
__global__ void __launch_bounds__(256, 4) // at least half the threads resident: loads in flight
  tile_reduce_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index K, Index M, Index chunk, int cols,
                     Op op, Sink sink, typename Op::acc_type* partial) {
  using A        = typename Op::acc_type;
  const int rows = 256 / cols;
  const int c = threadIdx.x % cols, lane = threadIdx.x / cols;
  const index_t og  = static_cast<index_t>(blockIdx.x) * cols + c;
  const bool active = og < K && lane < rows;
  const Index o     = active ? static_cast<Index>(og) : Index(0);
  const Index r0    = static_cast<Index>(blockIdx.y) * chunk;
  const Index r1    = M - r0 < chunk ? M : r0 + chunk;
  A acc             = op.identity();
  if (active) acc = accumulate(src, kl(o), rl, r0 + lane, r1, Index(rows), op, o, acc);
  __shared__ cub::Uninitialized<A[256]> storage; // A may have constructors, which __shared__ does not run
  A* tmp           = storage.Alias();
  tmp[threadIdx.x] = acc;
  __syncthreads();
  // Halve the rows each step (any row count): row i takes row i + half.
  for (int n = rows; n > 1;) {
    const int half = (n + 1) / 2;
    if (lane + half < n && lane < rows) tmp[threadIdx.x] = op.combine(tmp[threadIdx.x], tmp[threadIdx.x + half * cols]);
    n = half;
    __syncthreads();
  }
  if (lane != 0 || og >= K) return;
  acc = tmp[c];
  if (partial) partial[static_cast<Index>(blockIdx.y) * K + o] = acc;
  else sink(o, acc);
}

/// Rows of 2–16 elements stored back to back (sum(axis=-1) of a C-contiguous (n, k) array, small k): a block
/// stages 256 rows in shared memory with coalesced loads (up to 16 per thread in flight), then a thread reduces
/// each row from there. A thread group per row read its row directly, but spent its time in shuffles and
/// partly used lanes (a (2.5e6, 4) float32 sum ran at a third of CuPy's speed on an H200).
template <class V, class Op, class Sink>
__global__ void __launch_bounds__(256)
  short_rows_kernel(const V* x, index_t K, int M, Op op, Sink sink) {
  constexpr int max_m = 16;
  // Rows at an odd pitch: a warp reading one column of 32 rows then hits 32 banks (at a pitch of 16, 2).
  __shared__ cub::Uninitialized<V[256 * (max_m + 1)]> storage;
  V* tile      = storage.Alias();
  const int ps = M | 1;
  // Element threadIdx.x + k * 256 of a block's rows is (row, col): divided once, then stepped.
  const int q = 256 / M, rm = 256 % M, row0 = static_cast<int>(threadIdx.x) / M,
            col0 = static_cast<int>(threadIdx.x) - row0 * M;
  for (index_t o0 = static_cast<index_t>(blockIdx.x) * 256; o0 < K; o0 += static_cast<index_t>(gridDim.x) * 256) {
    const int rows = K - o0 < 256 ? static_cast<int>(K - o0) : 256;
    const int n    = rows * M;
    const V* base  = x + o0 * M;
    V v[max_m];
#pragma unroll
    for (int k = 0; k < max_m; ++k)
      if (threadIdx.x + k * 256 < n) v[k] = base[threadIdx.x + k * 256];
    int row = row0, col = col0;
#pragma unroll
    for (int k = 0; k < max_m; ++k) {
      if (threadIdx.x + k * 256 < n) tile[row * ps + col] = v[k];
      row += q;
      col += rm;
      if (col >= M) col -= M, ++row;
    }
    __syncthreads();
    if (static_cast<int>(threadIdx.x) < rows) {
      const index_t o = o0 + threadIdx.x;
      auto acc        = op.identity();
      for (int k = 0; k < M; ++k) fold_in(op, acc, tile[threadIdx.x * ps + k], o, index_t(k));
      sink(o, acc);
    }
    __syncthreads(); // the tile is refilled by the next step
  }
}

/// Loads element 0's value as the accumulator (whole-array library calls, where positions are not needed).
template <class Op, class V>
struct load_fn {
  Op op;
  NDTHRUST_HD typename Op::acc_type operator()(const V& v) const { return op.load(v, 0, 0); }
};

/// Whole contiguous array: cub::DeviceReduce, temporaries from the pool on the policy's stream, result written
/// through the finaliser into device memory.
template <class N, class T, class Op, class Sink>
void cub_reduce(stream_t stream, const T* in, N n, const Op& op, const Sink& sink) {
  using A  = typename Op::acc_type;
  auto out = thrust::make_transform_output_iterator(sink.base + sink.out.offset, sink.fin);
  auto run = [&](auto first) {
    std::size_t bytes = 0;
    NDTHRUST_CUDA_TRY(cub::DeviceReduce::Reduce(nullptr, bytes, first, out, n, nd::detail::library_op(op),
                                                op.identity(), stream));
    bytes     = std::max<std::size_t>(bytes, 16); // a null buffer would turn the call into a size query
    void* tmp = nd::detail::device_allocate(bytes, stream);
    cudaError_t err = cub::DeviceReduce::Reduce(tmp, bytes, first, out, n, nd::detail::library_op(op),
                                                op.identity(), stream);
    nd::detail::device_deallocate(tmp, bytes, stream);
    NDTHRUST_CUDA_TRY(err);
  };
  if constexpr (std::is_same_v<T, A> && nd::detail::plain_load_v<Op>) run(in);
  else run(thrust::make_transform_iterator(in, load_fn<Op, T>{op}));
}

/// The kernel a pass runs: a thread per output down its column, a tile of rows × columns, or `group` threads per
/// output along its row.
struct reduce_shape {
  enum kind_t { column, tile, inner } kind = column;
  int group = 32; // inner: threads per output
  int cols  = 0;  // tile: columns per block
};

/// Blocks of a first pass beyond which the kernels loop over their outputs instead (two waves of full SMs).
inline index_t grid_cap() { return std::max<index_t>(1, 2 * resident_threads() / 256); }

/// Thread groups per block and threads per output of a pass.
inline index_t groups_per_block(const reduce_shape& how) {
  return how.kind == reduce_shape::inner ? 256 / how.group : how.kind == reduce_shape::tile ? 1 : 256;
}

/// Outputs a thread group takes per step: one while the outputs are fewer than the threads of a capped grid, up
/// to four beyond (then each lane has four loads in flight even with one element per row).
inline int outputs_per_group(const reduce_shape& how, index_t K) {
  if (how.kind == reduce_shape::tile || (how.kind == reduce_shape::inner && how.group == 256)) return 1;
  const index_t fit = groups_per_block(how) * grid_cap();
  return static_cast<int>(std::min<index_t>(4, std::max<index_t>(1, (K + fit - 1) / fit)));
}

/// Runs one pass. `Partials` passes (over [splits][K] partial accumulators) only ever use the column, tile and
/// block-per-output kernels, so only those are instantiated for them.
template <bool Partials = false, class Index, class Src, class Op, class Sink>
void launch_reduce(stream_t stream, const reduce_shape& how, const Src& src, const flat_layout<Index>& kl,
                   const flat_layout<Index>& rl, index_t K, index_t M, index_t splits, const Op& op, const Sink& sink,
                   typename Op::acc_type* partial) {
  index_t chunk = splits > 1 ? (M + splits - 1) / splits : std::max<index_t>(M, 1);
  const index_t cap = std::max<index_t>(1, grid_cap() / splits);
  auto blocks = [&](index_t outputs_per_block) {
    return static_cast<unsigned>(std::min(cap, (K + outputs_per_block - 1) / outputs_per_block));
  };
  dim3 grid;
  grid.y = static_cast<unsigned>(splits);
  const Index k = Index(K), m = Index(M), c = Index(chunk);
  constexpr int U = 4;
  const int nu    = outputs_per_group(how, K);
  if (how.kind == reduce_shape::tile) {
    grid.x = static_cast<unsigned>((K + how.cols - 1) / how.cols);
    tile_reduce_kernel<<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, how.cols, op, sink, partial);
  } else if (how.kind == reduce_shape::column) {
    grid.x = blocks(256 * nu);
    column_reduce_kernel<U><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, nu, op, sink, partial);
  } else if (how.group == 256) {
    grid.x = blocks(1);
    inner_reduce_kernel<256, 1><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, 1, op, sink, partial);
  } else if constexpr (!Partials) {
    switch (how.group) {
    case 1:
      grid.x = blocks(256 * nu);
      inner_reduce_kernel<1, U><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, nu, op, sink, partial);
      break;
    case 4:
      grid.x = blocks(64 * nu);
      inner_reduce_kernel<4, U><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, nu, op, sink, partial);
      break;
    default:
      grid.x = blocks(8 * nu);
      inner_reduce_kernel<32, U><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, nu, op, sink, partial);
    }
  }
  NDTHRUST_CHECK_LAUNCH();
}

/// How many ways to split the reduced range of a pass: enough threads to fill the GPU twice, but each thread still
/// walking `per_thread` elements (loads in flight, fewer partial results); at most 65535 (gridDim.y).
inline index_t reduce_splits(const reduce_shape& how, index_t K, index_t M) {
  const index_t want       = 2 * resident_threads();
  const index_t per_output = how.kind == reduce_shape::inner ? how.group
                           : how.kind == reduce_shape::tile  ? 256 / how.cols
                                                             : 1;
  const index_t per_thread = how.kind == reduce_shape::inner ? 4 : how.kind == reduce_shape::tile ? 16 : 32;
  const index_t U          = outputs_per_group(how, K);
  const index_t threads    = (K + U - 1) / U * per_output;
  index_t splits = std::min((want + threads - 1) / threads, (M + per_output * per_thread - 1) / (per_output * per_thread));
  return std::max<index_t>(1, std::min<index_t>(splits, 65535));
}

/// The kernel for a pass over [S][K] partial accumulators (kept stride 1, reduced stride K).
inline reduce_shape partials_shape(index_t K) {
  return K == 1 ? reduce_shape{reduce_shape::inner, 256}
       : K < 128 ? reduce_shape{reduce_shape::tile, 0, static_cast<int>(K)}
                 : reduce_shape{};
}

/// Combines partial accumulators [S][K] into the sink: passes of the same split rule over the partials until one
/// pass suffices, so that no thread walks thousands of partials one after another (a few hundred columns of a
/// tall array split 2000 ways). Every pass runs partial_op<Op>, one instantiation whatever the depth (each level
/// divides S by at least 32, so the recursion is a few levels deep).
template <class Index, class Op, class Sink>
void reduce_partials(stream_t stream, const typename Op::acc_type* partial, index_t S, index_t K, const Op& op,
                     const Sink& sink) {
  using A = typename Op::acc_type;
  const reduce_shape how = partials_shape(K);
  shape_t ks{K}, rs{S};
  strides_t kst{1}, rst{K};
  const auto kl      = nd::detail::make_flat_layout<Index>(ks, kst, 0, true);
  const auto rl      = nd::detail::make_flat_layout<Index>(rs, rst, 0, K == 1);
  const index_t next = reduce_splits(how, K, S);
  const nd::detail::ptr_source<A> src{partial};
  const nd::detail::partial_op<Op> pop{op};
  if (next == 1) {
    launch_reduce<true>(stream, how, src, kl, rl, K, S, 1, pop, sink, static_cast<A*>(nullptr));
    return;
  }
  scratch to(static_cast<std::size_t>(next * K) * sizeof(A), stream);
  launch_reduce<true>(stream, how, src, kl, rl, K, S, next, pop, sink, to.as<A>());
  reduce_partials<Index>(stream, to.as<const A>(), next, K, op, sink);
}

/// Whole reductions up to this many elements run as a single block.
constexpr index_t small_reduce = index_t(1) << 14;

/// A whole contiguous array into one result: one block, with a pointer and a count as the only layout parameters.
/// This is the per-call floor of `nd::sum(x)` on small arrays, where the launch is most of the cost.
template <class T, class Op, class R, class Fin>
__global__ void __launch_bounds__(256) small_contiguous_reduce_kernel(const T* x, int n, Op op, R* out, Fin fin) {
  using A = typename Op::acc_type;
  A acc   = op.identity();
#  pragma unroll 4
  for (int r = threadIdx.x; r < n; r += 256) acc = op.combine(acc, op.load(x[r], 0, r));
  using reducer = cub::BlockReduce<A, 256>;
  __shared__ typename reducer::TempStorage tmp;
  acc = reducer(tmp).Reduce(acc, nd::detail::combine_fn<Op>{op});
  if (threadIdx.x == 0) *out = fin(acc);
}

/// Reduces the `n` contiguous elements at `x` into `*out` when that is a small one-block job on a device policy and
/// returns true; false leaves the work to the general plan.
template <class Policy, class T, class Op, class R, class Fin>
bool reduce_small_contiguous(const Policy& policy, const T* x, index_t n, const Op& op, R* out, const Fin& fin) {
  if (n <= 0 || n > small_reduce) return false;
  small_contiguous_reduce_kernel<<<1, 256, 0, stream_of(policy)>>>(x, static_cast<int>(n), op, out, fin);
  NDTHRUST_CHECK_LAUNCH();
  return true;
}

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  if (p.K == 0) return;
  stream_t stream = stream_of(policy);
  if (p.K == 1 && p.M <= small_reduce) {
    // One block, one launch, no temporaries: CUB's size query and scratch allocation cost more than the work.
    launch_reduce(stream, reduce_shape{reduce_shape::inner, 256}, p.src, p.kept, p.reduced, p.K, p.M, 1, op, sink,
                  static_cast<typename Op::acc_type*>(nullptr));
    return;
  }
  if constexpr (nd::detail::is_ptr_source_v<Src> && !Op::uses_position) {
    if (p.K == 1 && p.M > 0 && p.reduced.contiguous) {
      // 32-bit counts where they fit: CUB's 64-bit offset path is slower.
      if (p.M <= INT32_MAX) cub_reduce(stream, p.src.p + p.kept.offset, static_cast<int>(p.M), op, sink);
      else cub_reduce(stream, p.src.p + p.kept.offset, static_cast<index_t>(p.M), op, sink);
      return;
    }
  }
  const bool inner = nd::detail::last_stride(p.reduced) <= nd::detail::last_stride(p.kept);
  // Nested: the size test names p.src.p, which only a pointer source has.
  if constexpr (nd::detail::is_ptr_source_v<Src>) {
    if constexpr (sizeof(*p.src.p) <= 8) {
      const bool unit_rows = p.reduced.contiguous || (p.reduced.ndim == 1 && p.reduced.strides[0] == 1);
      if (inner && p.M >= 2 && p.M <= 16 && unit_rows && p.kept.ndim == 1 &&
          p.kept.strides[0] == p.M) {
        const auto blocks = static_cast<unsigned>(std::min<index_t>(grid_cap(), (p.K + 255) / 256));
        short_rows_kernel<<<blocks, 256, 0, stream>>>(p.src.p + p.kept.offset, p.K, static_cast<int>(p.M), op, sink);
        NDTHRUST_CHECK_LAUNCH();
        return;
      }
    }
  }
  reduce_shape how;
  if (inner) {
    // Rows of a few elements get a thread or a quarter-warp each, so that no lane idles; long rows of few
    // outputs a block each.
    how.kind  = reduce_shape::inner;
    how.group = p.M <= 3 ? 1 : p.M <= 32 ? 4 : (p.M >= 2048 && p.K * 32 < 2 * resident_threads()) ? 256 : 32;
  } else if (p.K < 128) {
    // Few columns: a block reads whole rows (rows × cols threads) instead of one thread per column.
    how.kind = reduce_shape::tile;
    how.cols = static_cast<int>(p.K);
  }
  using A              = typename Op::acc_type;
  const index_t splits = reduce_splits(how, p.K, p.M);
  if (splits == 1) {
    launch_reduce(stream, how, p.src, p.kept, p.reduced, p.K, p.M, 1, op, sink, static_cast<A*>(nullptr));
    return;
  }
  // Split: partial accumulators [splits][K], then passes over them.
  scratch partial(static_cast<std::size_t>(splits * p.K) * sizeof(A), stream);
  launch_reduce(stream, how, p.src, p.kept, p.reduced, p.K, p.M, splits, op, sink, partial.as<A>());
  reduce_partials<Index>(stream, partial.as<const A>(), splits, p.K, op, sink);
}

} // namespace nd::backend::cuda
