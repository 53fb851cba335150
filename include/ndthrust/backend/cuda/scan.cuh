// ndthrust/backend/cuda/scan.cuh — CUDA paths of the scans.
//
// - One line with a contiguous input (cumsum of a whole array): cub::DeviceScan on the raw pointer.
// - Lines along a unit-stride axis (cumsum(axis=-1)): a warp per line, 32 elements per step through cub::WarpScan
//   with the running total carried from lane 31.
// - Lines along any other axis (cumsum(axis=0)): a thread per line; consecutive threads take consecutive lines,
//   so every step reads and writes consecutive addresses — no transposing copy.
// - Few long lines (cumsum(axis=0) of a (1e7, 2) array, or axis=1 of (2, 1e7)), where a thread or a warp per line
//   would leave the GPU idle: each line is cut into chunks; one pass reduces every chunk, a second scans the chunk
//   totals of each line into carries, a third scans every chunk from its carry (a block per chunk; for 32 or more
//   strided lines a thread per chunk, consecutive threads on consecutive lines).
#pragma once

#include <ndthrust/backend/cuda/reduce.cuh>
#include <ndthrust/detail/reduce/sink.h>

#include <cub/block/block_reduce.cuh>
#include <cub/block/block_scan.cuh>
#include <cub/device/device_scan.cuh>
#include <cub/warp/warp_scan.cuh>

namespace nd::backend::cuda {

/// column_scan_kernel's work for (line, chunk) t.
template <class Index, class Src, class Op, class R>
__device__ __forceinline__ void column_scan_one(const Src& src, const flat_layout<Index>& kl,
                                                const flat_layout<Index>& rl, const flat_layout<Index>& ol, Index K,
                                                Index M, Index L, index_t C, const Op& op,
                                                const nd::detail::scan_dest<Index, R>& dst,
                                                const typename Op::acc_type* carries, index_t t) {
  // No 64-bit division without chunks: it costs more than an element.
  const Index o  = static_cast<Index>(C == 1 ? t : t % K);
  const Index c  = static_cast<Index>(C == 1 ? 0 : t / K);
  const Index s  = rl.ndim == 1 ? rl.strides[0] : Index(0);
  const Index r1 = M - c * L < L ? M : c * L + L;
  Index r = c * L, in = kl(o) + r * s;
  const Index out = ol(o);
  auto acc = carries ? carries[static_cast<index_t>(o) * C + c] : op.identity();
  // Four loads in flight before the dependent adds and stores.
  for (; r + 3 < r1; r += 4, in += 4 * s) {
    auto v0 = src(in), v1 = src(in + s), v2 = src(in + 2 * s), v3 = src(in + 3 * s);
    acc = op.combine(acc, op.load(v0, o, r));
    dst.base[out + r * dst.line_stride] = nd::detail::convert<R>(acc);
    acc = op.combine(acc, op.load(v1, o, r + 1));
    dst.base[out + (r + 1) * dst.line_stride] = nd::detail::convert<R>(acc);
    acc = op.combine(acc, op.load(v2, o, r + 2));
    dst.base[out + (r + 2) * dst.line_stride] = nd::detail::convert<R>(acc);
    acc = op.combine(acc, op.load(v3, o, r + 3));
    dst.base[out + (r + 3) * dst.line_stride] = nd::detail::convert<R>(acc);
  }
  for (; r < r1; ++r, in += s) {
    acc = op.combine(acc, op.load(src(in), o, r));
    dst.base[out + r * dst.line_stride] = nd::detail::convert<R>(acc);
  }
}

/// Lines along a strided axis: a thread per (line, chunk), consecutive threads on consecutive lines, so that every
/// step reads and writes consecutive addresses. Chunk c of line o is rows [c * L, min(M, (c + 1) * L)) and starts
/// from carries[o * C + c] (from the identity when there are no carries: one chunk per line).
template <class Index, class Src, class Op, class R>
__global__ void __launch_bounds__(256)
  column_scan_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, flat_layout<Index> ol, Index K, Index M,
                     Index L, index_t C, Op op, nd::detail::scan_dest<Index, R> dst,
                     const typename Op::acc_type* carries) {
  // Grid-stride over (line, chunk), the grid capped at two waves as the reductions' (lines of one or two elements
  // are little work for a thread each).
  for (index_t t = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x; t < K * C;
       t += static_cast<index_t>(gridDim.x) * blockDim.x)
    column_scan_one(src, kl, rl, ol, K, M, L, C, op, dst, carries, t);
}

/// The total of each (line, chunk) of column_scan_kernel's split, stored line-major (totals[o * C + c]) for
/// chunk_carry_kernel.
template <class Index, class Src, class Op>
__global__ void __launch_bounds__(256)
  column_chunk_total_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index K, Index M, Index L,
                            index_t C, Op op, typename Op::acc_type* totals) {
  const index_t t = static_cast<index_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (t >= K * C) return;
  const Index o  = static_cast<Index>(t % K);
  const Index c  = static_cast<Index>(t / K);
  const Index r1 = M - c * L < L ? M : c * L + L;
  totals[static_cast<index_t>(o) * C + c] = accumulate(src, kl(o), rl, c * L, r1, Index(1), op, o, op.identity());
}

template <class Index, class Src, class Op, class R>
__global__ void __launch_bounds__(256)
  warp_scan_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, flat_layout<Index> ol, Index K, Index M,
                   Op op, nd::detail::scan_dest<Index, R> dst) {
  using A    = typename Op::acc_type;
  using scan = cub::WarpScan<A>;
  __shared__ typename scan::TempStorage tmp[8];
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  const index_t og = static_cast<index_t>(blockIdx.x) * 8 + warp;
  if (og >= K) return; // whole warps leave together
  const Index o = static_cast<Index>(og);
  const Index s = rl.ndim == 1 ? rl.strides[0] : Index(0);
  const Index in = kl(o), out = ol(o);
  A carry = op.identity();
  nd::detail::combine_fn<Op> f{op};
  for (Index r0 = 0; r0 < M; r0 += 32) {
    Index r = r0 + lane;
    A v     = r < M ? op.load(src(in + r * s), o, r) : op.identity();
    A incl;
    scan(tmp[warp]).InclusiveScan(v, incl, f);
    incl = op.combine(carry, incl);
    if (r < M) dst.base[out + r * dst.line_stride] = nd::detail::convert<R>(incl);
    carry = cub::ShuffleIndex<32>(incl, 31, 0xffffffffu);
  }
}


/// Chunk c of line o: elements [c * L, min(M, (c + 1) * L)); blockIdx.x is the chunk, blockIdx.y the line.
template <class Index, class Src, class Op>
__global__ void __launch_bounds__(256)
  chunk_total_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, Index M, Index L, Op op,
                     typename Op::acc_type* totals) {
  using A        = typename Op::acc_type;
  const Index o  = static_cast<Index>(blockIdx.y);
  const Index r0 = static_cast<Index>(blockIdx.x) * L;
  const Index r1 = M - r0 < L ? M : r0 + L;
  A acc          = accumulate(src, kl(o), rl, static_cast<Index>(r0 + threadIdx.x), r1, Index(256), op, o, op.identity());
  using reducer  = cub::BlockReduce<A, 256>;
  __shared__ typename reducer::TempStorage tmp;
  acc = reducer(tmp).Reduce(acc, nd::detail::combine_fn<Op>{op});
  if (threadIdx.x == 0) totals[static_cast<index_t>(blockIdx.y) * gridDim.x + blockIdx.x] = acc;
}

/// Line o's chunk totals (C of them, in place) become the carry into each chunk: an exclusive scan, a block per line.
template <class Op>
__global__ void __launch_bounds__(256) chunk_carry_kernel(typename Op::acc_type* totals, index_t C, Op op) {
  using A    = typename Op::acc_type;
  using scan = cub::BlockScan<A, 256>;
  __shared__ typename scan::TempStorage tmp;
  A* line = totals + static_cast<index_t>(blockIdx.x) * C;
  A carry = op.identity();
  nd::detail::combine_fn<Op> f{op};
  for (index_t c0 = 0; c0 < C; c0 += 256) {
    const index_t c = c0 + threadIdx.x;
    A v             = c < C ? line[c] : op.identity();
    A excl, agg;
    scan(tmp).ExclusiveScan(v, excl, op.identity(), f, agg);
    if (c < C) line[c] = op.combine(carry, excl);
    carry = op.combine(carry, agg);
    __syncthreads(); // tmp is reused by the next tile
  }
}

/// Scans chunk c of line o from its carry and writes it, 1024 elements per step: four loads per thread are issued
/// before the four block scans that consume them.
template <class Index, class Src, class Op, class R>
__global__ void __launch_bounds__(256)
  chunk_scan_kernel(Src src, flat_layout<Index> kl, flat_layout<Index> rl, flat_layout<Index> ol, Index M, Index L,
                    Op op, nd::detail::scan_dest<Index, R> dst, const typename Op::acc_type* carries) {
  using A        = typename Op::acc_type;
  using scan     = cub::BlockScan<A, 256>;
  __shared__ typename scan::TempStorage tmp;
  const Index o  = static_cast<Index>(blockIdx.y);
  const Index r0 = static_cast<Index>(blockIdx.x) * L;
  const Index r1 = M - r0 < L ? M : r0 + L;
  const Index s  = rl.ndim == 1 ? rl.strides[0] : Index(0);
  const Index in = kl(o), out = ol(o);
  A carry        = carries[static_cast<index_t>(blockIdx.y) * gridDim.x + blockIdx.x];
  nd::detail::combine_fn<Op> f{op};
  for (Index t = r0; t < r1; t += 1024) {
    A v[4];
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const Index r = t + i * 256 + static_cast<Index>(threadIdx.x);
      v[i]          = r < r1 ? op.load(src(in + r * s), o, r) : op.identity();
    }
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const Index r = t + i * 256 + static_cast<Index>(threadIdx.x);
      A incl, agg;
      scan(tmp).InclusiveScan(v[i], incl, f, agg);
      if (r < r1) dst.base[out + r * dst.line_stride] = nd::detail::convert<R>(op.combine(carry, incl));
      carry = op.combine(carry, agg);
      __syncthreads();
    }
  }
}

/// The three passes for few long lines; false when the plan is not that shape (then a kernel per line is used).
/// Chunks are walked by a block each (lines along the unit-stride axis, or fewer than 32 strided lines), or by a
/// thread each with consecutive threads on consecutive lines (32 or more strided lines: cumsum(axis=0) of a
/// (4000, 256) array, whose 256 lines alone would leave all but 256 threads idle).
template <class Index, class Src, class Op, class R>
bool chunked_scan(stream_t stream, const nd::detail::reduce_plan<Index, Src>& p, const Op& op,
                  const nd::detail::scan_dest<Index, R>& dst) {
  if (p.reduced.ndim != 1) return false;
  const bool unit_axis = std::llabs(static_cast<index_t>(p.reduced.strides[0])) == 1;
  const bool by_block  = unit_axis || p.K < 32;
  // A thread per line (or a warp) leaves most of the GPU idle when the lines are fewer than the resident threads.
  if (p.K * (unit_axis ? 32 : 1) >= resident_threads()) return false;
  if (by_block && (p.M < 2048 || p.K > 65535)) return false;
  // A thread per line already fills a quarter of the GPU: chunking would cost a second read and a block per line.
  if (!by_block && p.K * 4 > resident_threads()) return false;
  // Lines of up to 64: a thread walks one in the time of the three launches of a split (a (32, 31250) cumsum along
  // axis 0 took 46 µs split, against 21 for PyTorch on an H200).
  if (!by_block && p.M <= 64) return false;
  using A = typename Op::acc_type;
  index_t L = 0, C = 0;
  if (by_block) {
    // Unit-stride lines: about sixteen blocks per SM in all (a block walks its chunk one 1024-element step after
    // another, so the blocks in flight hide the latency). Strided lines share sectors with their neighbours, which
    // are read from L2 only while their blocks run at the same time: one wave (four blocks per SM); with four
    // waves a (2.5e7, 4) cumsum along axis 0 took 1.4 ms instead of 0.86 on an H200.
    const index_t blocks = std::max<index_t>(1, resident_threads() / (unit_axis ? 128 : 512));
    L = std::max<index_t>(1024, (p.M * p.K + blocks - 1) / blocks);
    L = (L + 1023) / 1024 * 1024;
  } else {
    // Enough (line, chunk) threads to fill the GPU, chunks of at least 16 rows.
    const index_t chunks = (resident_threads() + p.K - 1) / p.K;
    L = std::max<index_t>(16, (p.M + chunks - 1) / chunks);
  }
  C = (p.M + L - 1) / L;
  if (C < 2 || (by_block && C > 65535)) return false;
  scratch buf(static_cast<std::size_t>(C * p.K) * sizeof(A), stream); // freed on the stream after the passes
  A* totals          = buf.as<A>();
  const dim3 grid(static_cast<unsigned>(C), static_cast<unsigned>(p.K));
  const auto threads = static_cast<unsigned>((p.K * C + 255) / 256);
  if (by_block) chunk_total_kernel<<<grid, 256, 0, stream>>>(p.src, p.kept, p.reduced, Index(p.M), Index(L), op, totals);
  else column_chunk_total_kernel<<<threads, 256, 0, stream>>>(p.src, p.kept, p.reduced, Index(p.K), Index(p.M),
                                                               Index(L), C, op, totals);
  NDTHRUST_CHECK_LAUNCH();
  chunk_carry_kernel<<<static_cast<unsigned>(p.K), 256, 0, stream>>>(totals, C, op);
  NDTHRUST_CHECK_LAUNCH();
  if (by_block) chunk_scan_kernel<<<grid, 256, 0, stream>>>(p.src, p.kept, p.reduced, p.out, Index(p.M), Index(L), op,
                                                            dst, totals);
  else column_scan_kernel<<<std::min<unsigned>(threads, grid_cap()), 256, 0, stream>>>(
    p.src, p.kept, p.reduced, p.out, Index(p.K), Index(p.M), Index(L), C, op, dst, totals);
  NDTHRUST_CHECK_LAUNCH();
  return true;
}

template <class Policy, class Index, class Src, class Op, class R>
void scan(const Policy& policy, const nd::detail::reduce_plan<Index, Src>& p, const Op& op,
          const nd::detail::scan_dest<Index, R>& dst) {
  if (p.K == 0 || p.M == 0) return;
  stream_t stream = stream_of(policy);
  if (p.K == 1) {
    auto cub_scan_n = [&](auto first, auto n) {
      R* out            = dst.base + p.out(0);
      std::size_t bytes = 0;
      NDTHRUST_CUDA_TRY(cub::DeviceScan::InclusiveScan(nullptr, bytes, first, out, nd::detail::library_op(op),
                                                       n, stream));
      bytes     = std::max<std::size_t>(bytes, 16);
      void* tmp = nd::detail::device_allocate(bytes, stream);
      cudaError_t err = cub::DeviceScan::InclusiveScan(tmp, bytes, first, out, nd::detail::library_op(op), n,
                                                       stream);
      nd::detail::device_deallocate(tmp, bytes, stream);
      NDTHRUST_CUDA_TRY(err);
    };
    // 32-bit counts where they fit: CUB's 64-bit offset path is slower.
    auto cub_scan = [&](auto first) {
      if (p.M <= INT32_MAX) cub_scan_n(first, static_cast<int>(p.M));
      else cub_scan_n(first, p.M);
    };
    if constexpr (nd::detail::is_ptr_source_v<Src>) {
      using V = std::decay_t<decltype(*p.src.p)>;
      if (p.reduced.contiguous) {
        const V* in = p.src.p + p.kept(0);
        if constexpr (std::is_same_v<V, R> && std::is_same_v<typename Op::acc_type, R> &&
                      nd::detail::plain_load_v<Op>)
          cub_scan(in);
        else cub_scan(thrust::make_transform_iterator(in, load_fn<Op, V>{op}));
        return;
      }
    }
    nd::detail::element_fn<Index, Src, Op> f{p.src, p.kept(0), p.reduced, op, 0};
    cub_scan(thrust::make_transform_iterator(thrust::counting_iterator<Index>(0), f));
    return;
  }
  if (chunked_scan(stream, p, op, dst)) return;
  const bool unit_axis = p.reduced.ndim == 1 && std::llabs(static_cast<index_t>(p.reduced.strides[0])) == 1;
  // Short unit-stride lines (a (1e7, 4) array along axis 1) would leave most lanes of a warp idle: a thread each
  // (up to 16 elements; at 32 the warp per line is twice as fast on an H200).
  if (unit_axis && p.M > 16) {
    warp_scan_kernel<<<static_cast<unsigned>((p.K + 7) / 8), 256, 0, stream>>>(
      p.src, p.kept, p.reduced, p.out, Index(p.K), Index(p.M), op, dst);
  } else {
    column_scan_kernel<<<static_cast<unsigned>(std::min<index_t>((p.K + 255) / 256, grid_cap())), 256, 0, stream>>>(
      p.src, p.kept, p.reduced, p.out, Index(p.K), Index(p.M), Index(p.M), 1, op, dst,
      static_cast<const typename Op::acc_type*>(nullptr));
  }
  NDTHRUST_CHECK_LAUNCH();
}

} // namespace nd::backend::cuda
