// ndthrust/backend/cuda/reduce.cuh — CUDA paths of the reductions.
//
// - Whole contiguous arrays: cub::DeviceReduce on the raw pointer, the result written to device memory (no sync).
// - Reduced axes nearer to unit stride than the kept ones ("inner", e.g. sum(axis=-1)): a warp per output (a block
//   when the rows are long and few), lanes reading consecutive elements.
// - Kept axes nearer to unit stride ("outer", e.g. sum(axis=0)): a thread per output, consecutive threads reading
//   consecutive addresses, each walking its column — no transposing copy.
// When the outputs are too few to fill the GPU, the reduced range is split across gridDim.y and a second launch
// combines the partial accumulators.
#pragma once

#include <ndthrust/core/cuda_check.h>
#include <ndthrust/core/policy.h>
#include <ndthrust/detail/reduce/generic.h>

#include <cub/block/block_reduce.cuh>
#include <cub/util_type.cuh>
#include <cub/device/device_reduce.cuh>
#include <cub/warp/warp_reduce.cuh>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/iterator/transform_output_iterator.h>

#include <algorithm>

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

/// Combines elements r0, r0 + step, … < r1 of the output at `base`. One collapsed reduced axis (the common case)
/// walks by a stride; four loads are issued before they are combined, to keep several in flight.
template <class Index, class Src, class Op>
__device__ __forceinline__ typename Op::acc_type accumulate(const Src& src, Index base, const flat_layout<Index>& rl,
                                                            Index r0, Index r1, Index step, const Op& op, Index o,
                                                            typename Op::acc_type acc) {
  if (rl.ndim <= 1) {
    const Index s  = rl.ndim == 1 ? rl.strides[0] : Index(0);
    const Index ss = s * step;
    Index r = r0, off = base + r0 * s;
    for (; r + 3 * step < r1; r += 4 * step, off += 4 * ss) {
      auto v0 = src(off), v1 = src(off + ss), v2 = src(off + 2 * ss), v3 = src(off + 3 * ss);
      acc = op.combine(acc, op.combine(op.combine(op.load(v0, o, r), op.load(v1, o, r + step)),
                                       op.combine(op.load(v2, o, r + 2 * step), op.load(v3, o, r + 3 * step))));
    }
    for (; r < r1; r += step, off += ss) acc = op.combine(acc, op.load(src(off), o, r));
  } else {
    for (Index r = r0; r < r1; r += step) acc = op.combine(acc, op.load(src(base + rl(r)), o, r));
  }
  return acc;
}

template <class Index, class Src, class Op, class Sink>
__global__ void __launch_bounds__(256)
  column_reduce_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index K, Index M, Index chunk, Op op,
                       Sink sink, typename Op::acc_type* partial) {
  const index_t og = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (og >= K) return;
  const Index o  = static_cast<Index>(og);
  const Index r0 = static_cast<Index>(blockIdx.y) * chunk;
  const Index r1 = M - r0 < chunk ? M : r0 + chunk;
  auto acc       = accumulate(src, kl(o), rl, r0, r1, Index(1), op, o, op.identity());
  if (partial) partial[static_cast<Index>(blockIdx.y) * K + o] = acc;
  else sink(o, acc);
}

/// G threads per output: one (short rows: a thread walks its row), a quarter-warp, a warp (G = 32, eight outputs
/// per block) or the whole block (G = 256, long rows and few outputs). Lanes of a group read consecutive elements,
/// and consecutive groups consecutive rows, so short rows are read as one contiguous stream.
template <int G, class Index, class Src, class Op, class Sink>
__global__ void __launch_bounds__(256)
  inner_reduce_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index K, Index M, Index chunk, Op op,
                      Sink sink, typename Op::acc_type* partial) {
  using A                = typename Op::acc_type;
  constexpr int per_block = 256 / G;
  const int group = threadIdx.x / G, lane = threadIdx.x % G;
  const index_t og = static_cast<index_t>(blockIdx.x) * per_block + group;
  const bool active = og < K;
  const Index o     = active ? static_cast<Index>(og) : Index(0);
  const Index r0    = static_cast<Index>(blockIdx.y) * chunk;
  const Index r1    = M - r0 < chunk ? M : r0 + chunk;
  A acc             = op.identity();
  if (active) acc = accumulate(src, kl(o), rl, r0 + lane, r1, Index(G), op, o, acc);
  if constexpr (G == 256) {
    using reducer = cub::BlockReduce<A, 256>;
    __shared__ typename reducer::TempStorage tmp;
    acc = reducer(tmp).Reduce(acc, nd::detail::combine_fn<Op>{op});
  } else if constexpr (G > 1) {
    using reducer = cub::WarpReduce<A, G>;
    __shared__ typename reducer::TempStorage tmp[per_block];
    acc = reducer(tmp[group]).Reduce(acc, nd::detail::combine_fn<Op>{op});
  }
  if (!active || lane != 0) return;
  if (partial) partial[static_cast<Index>(blockIdx.y) * K + o] = acc;
  else sink(o, acc);
}

/// Few outputs along the unit-stride axis (sum(axis=0) of a (n, k) array with small k): a block is a tile of
/// `rows` × `cols` threads, cols = k rounded to what divides the block, so that the block reads whole rows as one
/// contiguous stream; each thread walks its column every `rows` rows, then the block combines each column's
/// partial results in shared memory.
template <class Index, class Src, class Op, class Sink>
__global__ void __launch_bounds__(256)
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

template <class Index, class Src, class Op, class Sink>
void launch_reduce(stream_t stream, const reduce_shape& how, const Src& src, const flat_layout<Index>& kl,
                   const flat_layout<Index>& rl, index_t K, index_t M, index_t splits, const Op& op, const Sink& sink,
                   typename Op::acc_type* partial) {
  index_t chunk = splits > 1 ? (M + splits - 1) / splits : std::max<index_t>(M, 1);
  dim3 grid;
  grid.y = static_cast<unsigned>(splits);
  const Index k = Index(K), m = Index(M), c = Index(chunk);
  switch (how.kind) {
  case reduce_shape::column:
    grid.x = static_cast<unsigned>((K + 255) / 256);
    column_reduce_kernel<<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, op, sink, partial);
    break;
  case reduce_shape::tile:
    grid.x = static_cast<unsigned>((K + how.cols - 1) / how.cols);
    tile_reduce_kernel<<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, how.cols, op, sink, partial);
    break;
  case reduce_shape::inner:
    switch (how.group) {
    case 1:
      grid.x = static_cast<unsigned>((K + 255) / 256);
      inner_reduce_kernel<1><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, op, sink, partial);
      break;
    case 4:
      grid.x = static_cast<unsigned>((K + 63) / 64);
      inner_reduce_kernel<4><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, op, sink, partial);
      break;
    case 32:
      grid.x = static_cast<unsigned>((K + 7) / 8);
      inner_reduce_kernel<32><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, op, sink, partial);
      break;
    default:
      grid.x = static_cast<unsigned>(K);
      inner_reduce_kernel<256><<<grid, 256, 0, stream>>>(src, kl, rl, k, m, c, op, sink, partial);
    }
  }
  NDTHRUST_CHECK_LAUNCH();
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
  if constexpr (!is_device_policy_v<Policy>) {
    return false;
  } else {
    if (n <= 0 || n > small_reduce) return false;
    small_contiguous_reduce_kernel<<<1, 256, 0, stream_of(policy)>>>(x, static_cast<int>(n), op, out, fin);
    NDTHRUST_CHECK_LAUNCH();
    return true;
  }
}

template <class Policy, class Index, class Src, class Op, class Sink>
void reduce(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op, const Sink& sink) {
  if constexpr (!is_device_policy_v<Policy>) {
    nd::detail::generic_reduce(policy, p, op, sink);
  } else {
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
    auto inner_stride = [](const flat_layout<Index>& l) {
      return l.ndim == 0 ? INT64_MAX : std::llabs(static_cast<index_t>(l.strides[l.ndim - 1]));
    };
    const bool inner   = inner_stride(p.reduced) <= inner_stride(p.kept);
    const index_t want = 2 * resident_threads();
    reduce_shape how;
    index_t per_output = 1; // threads working on one output in one split
    if (inner) {
      // Rows of a few elements get a thread or a quarter-warp each, so that no lane idles.
      how.kind  = reduce_shape::inner;
      how.group = p.M <= 3 ? 1 : p.M <= 16 ? 4 : (p.M >= 2048 && p.K * 32 < want) ? 256 : 32;
      per_output = how.group;
    } else if (p.K < 128) {
      // Few columns: a block reads whole rows (rows × cols threads) instead of one thread per column.
      how.kind   = reduce_shape::tile;
      how.cols   = static_cast<int>(p.K);
      per_output = 256 / how.cols;
    }
    // Each thread of a split still walks several elements (loads in flight, fewer partial results).
    const index_t per_thread = how.kind == reduce_shape::inner ? 4 : how.kind == reduce_shape::tile ? 8 : 32;
    index_t splits = std::min((want + p.K * per_output - 1) / (p.K * per_output),
                              (p.M + per_output * per_thread - 1) / (per_output * per_thread));
    splits = std::max<index_t>(1, std::min<index_t>(splits, 65535));
    if (splits == 1) {
      launch_reduce(stream, how, p.src, p.kept, p.reduced, p.K, p.M, 1, op, sink,
                    static_cast<typename Op::acc_type*>(nullptr));
      return;
    }
    // Split: partial accumulators [splits][K], then one unsplit pass over them (a column pass, or one block for a
    // single output).
    using A        = typename Op::acc_type;
    std::size_t bytes = static_cast<std::size_t>(splits * p.K) * sizeof(A);
    A* partial     = static_cast<A*>(nd::detail::device_allocate(bytes, stream));
    try {
      launch_reduce(stream, how, p.src, p.kept, p.reduced, p.K, p.M, splits, op, sink, partial);
      shape_t ks{p.K}, rs{splits};
      strides_t kst{1}, rst{p.K};
      auto kl = nd::detail::make_flat_layout<Index>(ks, kst, 0, true);
      auto rl = nd::detail::make_flat_layout<Index>(rs, rst, 0, p.K == 1);
      // The partial results are [splits][K]: few outputs read them as a tile, many as columns.
      reduce_shape second = p.K == 1 ? reduce_shape{reduce_shape::inner, 256}
                          : p.K < 128 ? reduce_shape{reduce_shape::tile, 0, static_cast<int>(p.K)}
                                      : reduce_shape{};
      launch_reduce(stream, second, nd::detail::ptr_source<A>{partial}, kl, rl, p.K, splits, 1,
                    nd::detail::partial_op<Op>{op}, sink, static_cast<A*>(nullptr));
    } catch (...) {
      nd::detail::device_deallocate(partial, bytes, stream);
      throw;
    }
    nd::detail::device_deallocate(partial, bytes, stream);
  }
}

} // namespace nd::backend::cuda

namespace nd::backend {
using cuda::reduce;
using cuda::reduce_small_contiguous;
}
