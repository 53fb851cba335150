#!/usr/bin/env python3
"""Times the cases of bench_core, bench_elementwise, bench_reduce, bench_linalg, bench_sort and bench_indexing with
CuPy, PyTorch and NumPy, for tools/bench_report.py to put beside ndthrust.

Writes JSON {"<case>/<peer>": seconds, ..., "meta": {...}} where <case> is the benchmarks' case name (ones_f64,
scale_f64, sum_axis0_f64, matmul_1000_f32, ...) and meta records the size of each case ("1000x1000x1000 f64", the
same text as the benchmarks' labels, so the report only compares equal sizes), library versions, TFLOP/s of the
matmul cases (meta["tflops"]), and why anything was skipped.

Timing follows the anchors (ANCHORS.md): device work is timed with CUDA events after warm-up, median of the
repetitions; transfers by wall clock including the sync (they involve the host); small calls by wall clock per call
with one sync at the end. The peers are imported lazily: whatever is not installed is skipped.

NumPy runs every case it can compute at every size set. At the GPU sizes a NumPy call takes seconds: each case is
timed as ONE call after its inputs exist (their pages already touched), or as the median of --reps calls after one
untimed call where a call is shorter than 0.2 s; meta["numpy_timing"] says which, per case. --numpy-budget bounds
NumPy's wall time (array creation included): the cases left when it is spent are skipped, and stderr gets a line per
NumPy case with its seconds and the running total.

  peers.py OUT.json                     # GPU sizes (1e9 elements): GPU peers about a minute, NumPy ~130 s
  peers.py OUT.json --sizes omp         # the host-only backend's sizes (a smoke test without a GPU: NumPy only)
  peers.py OUT.json --peers numpy,cupy  # a subset
  peers.py OUT.json --peers numpy --shrink 100  # the GPU cases at 1/100 of the elements (testing a small machine)
"""
import argparse
import gc
import importlib
import json
import statistics
import sys
import time

# The sizes of bench/bench_{core,elementwise,reduce,linalg,sort,indexing}.cpp per backend; keep them in step (the
# report checks the labels).
SIZES = {
    "gpu": {"ones": (1000, 1000, 1000), "transpose3d": (1000, 1000, 1000), "transpose2d": (32768, 32768),
            "transfer": (100_000_000,), "alloc": (1000,),
            "scale": (1_000_000_000,), "chain": (1_000_000_000,), "side_f32": (32768, 32768),
            "side_f64": (10000, 10000), "small": (1000,), "big": (1_000_000_000,), "cube": (1000, 1000, 1000),
            "mm1000": (1000, 1000), "mm4096": (4096, 4096), "mm8192": (8192, 8192), "fft": (1 << 24,),
            "rfft": (1 << 26,), "solve": (4096, 4096), "uniform": (1_000_000_000,), "sort": (100_000_000,),
            "sort2d": (10000, 10000), "take": (100_000_000,)},
    "omp": {"ones": (100, 100, 1000), "transpose3d": (200, 200, 200), "transpose2d": (3072, 3072),
            "transfer": (10_000_000,), "alloc": (1000,),
            "scale": (10_000_000,), "chain": (100_000_000,), "side_f32": (4096, 4096), "side_f64": (3000, 3000),
            "small": (1000,), "big": (10_000_000,), "cube": (200, 200, 200),
            "mm1000": (1000, 1000), "mm4096": (512, 512), "mm8192": None, "fft": (1 << 18,), "rfft": (1 << 18,),
            "solve": (512, 512), "uniform": (10_000_000,), "sort": (2_000_000,), "sort2d": (1000, 1000),
            "take": (10_000_000,)},
}
# NumPy is a one-thread CPU peer (OpenBLAS threads its products and solves). Its wall time at the GPU sizes on the
# GPU machine (16 cores, NumPy 2.5), estimated from the last run there (ones 1e9 f64 1.73 s, transposed_add 1e4^2 f64
# 0.36 s, take/mask_select 1e8 1.1/0.9 s, fft 0.94 s, rfft 2.8 s) and from runs at 1/10 of the elements on a 2-core
# machine scaled by 10 (that machine's calls took 0.5x to 1.9x the GPU machine's); new memory (inputs, and outputs
# that NumPy allocates) at ~0.22 s per GB. Seconds per case, creation + call (~130 s in all; --numpy-budget, 150 s
# by default, guards the rest):
#   ones 1.7 | transpose3d 3.5 + 13 (plain; blocked is only 1.4x faster) | transpose2d 1.9 + 2 (blocked; plain ~25)
#   scale 1.7 + 0.6 | chain3 1.7 + 2 | row/col_broadcast 2 x (1.9 + 0.6) | transposed_add f64 0.5 + 0.4,
#   f32 2.8 + 7 (blocked; plain ~20) | uniform 0.9 + 4 | sum 1.7 + 0.5 | sum_axis0/1/2 3 x (1.7 + 0.7)
#   cumsum 3.5 + 5 | cumsum_axis0 3.5 + 2 (plane by plane; plain ~17) | matmul 1000..8192 3 | fft 1 | rfft 3
#   solve 1.5 | sort 2 | argsort (stable: timsort) 40 | sort_axis1/0 1.5 + 2 | take 2.5 | mask_select 2
#   small and alloc cases < 1 in all
# The longest (seconds as above, scaled by the elements at other sizes) run last, shortest first, each only when it
# fits in what is left of the budget: a slow machine loses them, not the rest of the column.
NUMPY_LONG = {"transpose3d_f64": 17, "transposed_add_f32": 10, "argsort_f32": 40}
# A strided copy of a 2-D array over this many elements (32768^2: rows 128 KB apart) takes tens of seconds when
# written plainly: NumPy copies it NUMPY_BLOCK_ROWS source rows at a time, the same reads and writes, cache-friendly
# (cumsum along axis 0 goes plane by plane for the same reason). meta["numpy_timing"] names each such case.
NUMPY_BLOCKED_FROM = 10**8
NUMPY_BLOCK_ROWS = 16
# A NumPy call at least this long is timed once; shorter ones take the median of --reps calls.
NUMPY_ONE_CALL_S = 0.2


def size_str(shape, dtype):
    return "x".join(str(d) for d in shape) + " " + dtype


def median(ts):
    return statistics.median(ts)


def wall(fn, sync, reps, warm=1):
    """Seconds per call, wall clock including a sync after each call; median."""
    for _ in range(warm):
        fn()
    sync()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        sync()
        ts.append(time.perf_counter() - t)
    return median(ts)


def per_call(fn, sync, reps, warm=100):
    """Seconds per call, wall clock, with one sync at the end (launch and allocation overhead)."""
    for _ in range(warm):
        fn()
    sync()
    t = time.perf_counter()
    for _ in range(reps):
        fn()
    sync()
    return (time.perf_counter() - t) / reps


class Peer:
    """One library: how to make arrays, copy them, synchronise and time device work."""

    name = ""
    on_gpu = True
    timing = ""  # how the last case was timed, and how it was computed where that differs from the plain call
    note = ""

    def per_call(self, fn, reps):
        self.timing = f"mean of {reps} calls"
        return per_call(fn, self.sync, reps)

    def out(self, shape, dtype):
        """An output array for out=: the GPU peers' first (warm-up) call touches it."""
        return self.empty(shape, dtype)

    def device_time(self, fn, reps, warm=2):
        """Seconds of device time per call: events around the call on the current stream, median."""
        self.timing = f"median of {reps}"
        for _ in range(warm):
            fn()
        self.sync()
        ts = []
        start, stop = self.event(), self.event()
        for _ in range(reps):
            start.record()
            fn()
            stop.record()
            stop.synchronize()
            ts.append(self.elapsed(start, stop))
        return median(ts)


class CuPy(Peer):
    name = "cupy"

    def __init__(self):
        self.cp = importlib.import_module("cupy")
        self.np = importlib.import_module("numpy")
        self.version = self.cp.__version__
        self.xp = self.cp

    def sync(self):
        self.cp.cuda.Device().synchronize()

    def event(self):
        return self.cp.cuda.Event()

    def elapsed(self, a, b):
        return self.cp.cuda.get_elapsed_time(a, b) / 1e3

    def release(self):
        gc.collect()
        self.cp.get_default_memory_pool().free_all_blocks()

    def free_bytes(self):
        self.release()
        return self.cp.cuda.runtime.memGetInfo()[0]

    def ones(self, shape, dtype):
        return self.cp.ones(shape, dtype=dtype)

    def empty(self, shape, dtype):
        return self.cp.empty(shape, dtype=dtype)

    def contiguous_transpose(self, x):
        return self.cp.ascontiguousarray(x.transpose())

    def to_device(self, h):
        return self.cp.asarray(h)

    def to_host(self, d):
        return self.cp.asnumpy(d)

    def rand(self, shape, dtype):
        return self.cp.random.random_sample(shape, dtype=dtype)


class Torch(Peer):
    name = "torch"

    def __init__(self):
        self.torch = importlib.import_module("torch")
        if not self.torch.cuda.is_available():
            raise RuntimeError("torch.cuda is not available")
        self.version = self.torch.__version__
        disable_tf32(self.torch)
        self.dtypes = {"float64": self.torch.float64, "float32": self.torch.float32,
                       "complex64": self.torch.complex64}
        self.xp = None

    def sync(self):
        self.torch.cuda.synchronize()

    def event(self):
        return self.torch.cuda.Event(enable_timing=True)

    def elapsed(self, a, b):
        return a.elapsed_time(b) / 1e3

    def release(self):
        gc.collect()
        self.torch.cuda.empty_cache()

    def free_bytes(self):
        self.release()
        return self.torch.cuda.mem_get_info()[0]

    def ones(self, shape, dtype):
        return self.torch.ones(shape, dtype=self.dtypes[dtype], device="cuda")

    def empty(self, shape, dtype):
        return self.torch.empty(shape, dtype=self.dtypes[dtype], device="cuda")

    def contiguous_transpose(self, x):
        return x.permute(*reversed(range(x.dim()))).contiguous()

    def to_device(self, h):
        return self.torch.from_numpy(h).to("cuda")

    def to_host(self, d):
        return d.cpu()

    def rand(self, shape, dtype):
        return self.torch.rand(shape, dtype=self.dtypes[dtype], device="cuda")


def disable_tf32(torch):
    """Full float32 products, as ndthrust and CuPy: the fp32_precision setting where it exists (PyTorch >= 2.9 warns
    about the older allow_tf32), else allow_tf32."""
    matmul = torch.backends.cuda.matmul
    try:
        if hasattr(matmul, "fp32_precision"):
            matmul.fp32_precision = "ieee"
        else:
            matmul.allow_tf32 = False
    except Exception as e:  # PyTorch's default is no TF32 as well: a changed setting must not lose the peer
        print(f"peers: could not turn TF32 off explicitly: {e}", file=sys.stderr)


class NumPy(Peer):
    name = "numpy"
    on_gpu = False

    def __init__(self):
        self.np = importlib.import_module("numpy")
        self.version = self.np.__version__
        self.xp = self.np
        self.rng = self.np.random.default_rng(42)

    def sync(self):
        pass

    def rand(self, shape, dtype):
        return self.rng.random(shape, dtype=dtype)

    def release(self):
        gc.collect()

    def device_time(self, fn, reps, warm=1):
        # No warm-up: the inputs exist and their pages are touched. The first call sizes the run: at the GPU sizes
        # it is the measurement; a short call is the warm-up of the median.
        t = time.perf_counter()
        fn()
        t = time.perf_counter() - t
        if t >= NUMPY_ONE_CALL_S:
            self.timing = "one call"
            return t
        self.timing = f"median of {reps}"
        return wall(fn, self.sync, reps, warm=0)

    def ones(self, shape, dtype):
        return self.np.ones(shape, dtype=dtype)

    def empty(self, shape, dtype):
        return self.np.empty(shape, dtype=dtype)

    def out(self, shape, dtype):
        # Touched now, so that one timed call does not pay its page faults (~0.2 s per GB).
        o = self.np.empty(shape, dtype=dtype)
        o.fill(0)
        return o

    def contiguous_transpose(self, x):
        if x.ndim == 2 and x.size > NUMPY_BLOCKED_FROM:
            self.note = f"blocked: {NUMPY_BLOCK_ROWS} source rows per step"
            out = self.np.empty(x.shape[::-1], dtype=x.dtype)
            for i in range(0, x.shape[0], NUMPY_BLOCK_ROWS):
                out[:, i:i + NUMPY_BLOCK_ROWS] = x[i:i + NUMPY_BLOCK_ROWS].T
            return out
        return self.np.ascontiguousarray(x.transpose())

    def cumsum(self, x, axis):
        """np.cumsum; along axis 0 of a big array plane by plane: the same additions in the same order, read and
        written contiguously (np.cumsum walks each column 8 MB apart at 1000^3: ~17 s instead of ~2 s on 2 cores)."""
        if axis == 0 and x.ndim > 1 and x.size > NUMPY_BLOCKED_FROM:
            self.note = "plane by plane: out[i] = out[i - 1] + x[i]"
            out = self.np.empty_like(x)
            out[0] = x[0]
            for i in range(1, x.shape[0]):
                self.np.add(out[i - 1], x[i], out=out[i])
            return out
        return self.np.cumsum(x, axis=axis)

    def add_transposed(self, a, b, out):
        """out = a + b.T; blocked as contiguous_transpose is."""
        if b.ndim == 2 and b.size > NUMPY_BLOCKED_FROM:
            self.note = f"blocked: {NUMPY_BLOCK_ROWS} rows of b per step"
            for j in range(0, b.shape[0], NUMPY_BLOCK_ROWS):
                cols = slice(j, j + NUMPY_BLOCK_ROWS)
                self.np.add(a[:, cols], b[cols].T, out=out[:, cols])
            return out
        return self.np.add(a, b.T, out=out)


DTYPES = {"f64": "float64", "f32": "float32", "c64": "complex64"}
ITEMSIZE = {"f64": 8, "f32": 4, "c64": 8}


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def nbytes(shape, dt):
    return count(shape) * ITEMSIZE[dt]


def cases():
    """(case, size key, dtype, arrays of that size held on the device, runner(peer, shape, dtype, reps) -> s)."""

    def ones(p, shape, dtype, reps):
        return p.device_time(lambda: p.ones(shape, dtype), reps)

    def transpose(p, shape, dtype, reps):
        x = p.ones(shape, dtype)
        t = p.device_time(lambda: p.contiguous_transpose(x), reps)
        del x
        return t

    def h2d(p, shape, dtype, reps):
        if not p.on_gpu:
            raise SkipCase("no device")
        h = importlib.import_module("numpy").ones(shape, dtype=dtype)
        return wall(lambda: p.to_device(h), p.sync, reps)

    def d2h(p, shape, dtype, reps):
        if not p.on_gpu:
            raise SkipCase("no device")
        d = p.ones(shape, dtype)
        t = wall(lambda: p.to_host(d), p.sync, reps)
        del d
        return t

    def alloc(p, shape, dtype, reps):
        return p.per_call(lambda: p.empty(shape, dtype), reps * 1000)

    return [
        ("ones_f64", "ones", "f64", 1, ones),
        ("transpose3d_f64", "transpose3d", "f64", 2, transpose),
        ("transpose2d_f32", "transpose2d", "f32", 2, transpose),
        ("h2d_f64", "transfer", "f64", 1, h2d),
        ("d2h_f64", "transfer", "f64", 1, d2h),
        ("alloc_f32", "alloc", "f32", 0, alloc),
    ] + elementwise_cases() + reduce_cases() + linalg_cases() + sort_cases() + indexing_cases() + graph_cases()


def is_torch(p):
    return p.name == "torch"


def elementwise_cases():
    """bench/bench_elementwise.cpp's cases (the ndthrust variant's operation, as each library writes it)."""

    def scale(p, shape, dtype, reps):
        x = p.ones(shape, dtype)
        op = (lambda: x.mul_(5)) if is_torch(p) else (lambda: p.xp.multiply(x, 5, out=x))
        return p.device_time(op, reps, warm=1)

    def chain3(p, shape, dtype, reps):
        x = p.ones(shape, dtype)
        return p.device_time(lambda: ufunc_chain3(p, x), reps, warm=1)

    def chain_fused(p, shape, dtype, reps):
        if p.name != "cupy":
            raise SkipCase("no fusion without compiling (cupy.fuse only)")
        x = p.ones(shape, dtype)

        @p.cp.fuse()
        def chain(v):
            v = v * 5
            v = v * v
            return v + v

        return p.device_time(lambda: chain(x), reps, warm=1)

    def broadcast(column):
        def run(p, shape, dtype, reps):
            m, out, v = p.ones(shape, dtype), p.out(shape, dtype), p.ones(shape[:1], dtype)
            vb = v.reshape(shape[0], 1) if column else v
            op = (lambda: p.torch.add(m, vb, out=out)) if is_torch(p) else (lambda: p.xp.add(m, vb, out=out))
            return p.device_time(op, reps)

        return run

    def transposed_add(p, shape, dtype, reps):
        a, b, out = p.ones(shape, dtype), p.ones(shape, dtype), p.out(shape, dtype)

        def op():
            if is_torch(p):
                return p.torch.add(a, b.t(), out=out)
            if p.name == "numpy":
                return p.add_transposed(a, b, out)
            return p.xp.add(a, b.T, out=out)

        return p.device_time(op, reps)

    def uniform(p, shape, dtype, reps):
        return p.device_time(lambda: p.rand(shape, dtype), reps)

    def small_add(p, shape, dtype, reps):
        a, b = p.ones(shape, dtype), p.ones(shape, dtype)
        return p.per_call(lambda: a + b, reps * 2000)

    return [
        ("scale_f64", "scale", "f64", 1, scale),
        ("chain3_f64", "chain", "f64", 1, chain3),
        ("chain_fused_f64", "chain", "f64", 2, chain_fused),
        ("row_broadcast_f32", "side_f32", "f32", 2, broadcast(False)),
        ("col_broadcast_f32", "side_f32", "f32", 2, broadcast(True)),
        ("transposed_add_f64", "side_f64", "f64", 3, transposed_add),
        ("transposed_add_f32", "side_f32", "f32", 3, transposed_add),
        ("uniform_f32", "uniform", "f32", 1, uniform),
        ("small_add_f32", "small", "f32", 0, small_add),
    ]


# --- nd::graph's case (bench_elementwise's small_chain3_f64; kept apart from the cases above) -----------------------
# The seed chain at 1e4 f64, where launch overhead dominates: ndthrust's three calls, the same replayed as an
# nd::graph, and raw Thrust sit beside this peer in the report.
for _sizes in SIZES.values():
    _sizes["small_chain"] = (10_000,)


def ufunc_chain3(p, x):
    """x *= 5; x *= x; x += x as three in-place calls, as each library writes them (chain3_f64, small_chain3_f64)."""
    if is_torch(p):
        x.mul_(5), x.mul_(x), x.add_(x)
    else:
        xp = p.xp
        xp.multiply(x, 5, out=x), xp.multiply(x, x, out=x), xp.add(x, x, out=x)


def graph_cases():
    def small_chain3(p, shape, dtype, reps):
        x = p.ones(shape, dtype)
        x[...] = 0  # the values stay finite call after call (ndthrust's grow to inf; the cost is the same)
        return p.per_call(lambda: ufunc_chain3(p, x), reps * 2000)  # wall time per chain, one sync per batch

    return [("small_chain3_f64", "small_chain", "f64", 0, small_chain3)]


def reduce_cases():
    """bench/bench_reduce.cpp's cases; small_sum_f32 is the device result (host scalar: small_sum_f32_host)."""

    def total(p, shape, dtype, reps):
        x = p.ones(shape, dtype)
        return p.device_time(lambda: x.sum(), reps, warm=1)

    def along(axis):
        def run(p, shape, dtype, reps):
            x = p.ones(shape, dtype)
            return p.device_time(lambda: x.sum(axis), reps, warm=1)

        return run

    def cumsum(axis):
        def run(p, shape, dtype, reps):
            x = p.ones(shape, dtype)
            if is_torch(p):
                return p.device_time(lambda: p.torch.cumsum(x, 0), reps, warm=1)
            if p.name == "numpy":
                return p.device_time(lambda: p.cumsum(x, axis), reps, warm=1)
            return p.device_time(lambda: p.xp.cumsum(x, axis=axis), reps, warm=1)

        return run

    def small_sum(host):
        def run(p, shape, dtype, reps):
            x = p.ones(shape, dtype)
            return p.per_call((lambda: float(x.sum())) if host else (lambda: x.sum()), reps * 2000)

        return run

    return [
        ("sum_f64", "big", "f64", 1, total),
        ("sum_axis0_f64", "cube", "f64", 1, along(0)),
        ("sum_axis1_f64", "cube", "f64", 1, along(1)),
        ("sum_axis2_f64", "cube", "f64", 1, along(2)),
        ("cumsum_f64", "big", "f64", 2, cumsum(None)),
        ("cumsum_axis0_f64", "cube", "f64", 2, cumsum(0)),
        ("small_sum_f32", "small", "f32", 0, small_sum(False)),
        ("small_sum_f32_host", "small", "f32", 0, small_sum(True)),
    ]


def linalg_cases():
    """bench/bench_linalg.cpp's cases: matmul (TFLOP/s in meta), a transposed operand, fft, rfft and solve."""

    def matmul(transposed):
        def run(p, shape, dtype, reps):
            a = p.ones(shape, dtype)  # the values of bench_linalg: ones and 0.5
            b = p.ones(shape, dtype) * 0.5
            lhs = (a.t() if is_torch(p) else a.T) if transposed else a
            return p.device_time(lambda: lhs @ b, reps)

        return run

    def fft(real):
        def run(p, shape, dtype, reps):
            x = p.ones(shape, dtype)
            if is_torch(p):
                f = p.torch.fft.rfft if real else p.torch.fft.fft
            else:
                f = p.xp.fft.rfft if real else p.xp.fft.fft
            return p.device_time(lambda: f(x), reps)

        return run

    def solve(p, shape, dtype, reps):
        n = shape[0]
        # bench_linalg's diagonally dominant system: n on the diagonal plus 1 / (1 + i % 7), b = ones.
        np = importlib.import_module("numpy")
        h = np.eye(n) * n + 1.0 / (1 + np.arange(n * n) % 7).reshape(n, n)
        if is_torch(p):
            a, b = p.to_device(h), p.ones((n,), dtype)
            return p.device_time(lambda: p.torch.linalg.solve(a, b), reps)
        a, b = p.xp.asarray(h), p.ones((n,), dtype)
        return p.device_time(lambda: p.xp.linalg.solve(a, b), reps)

    return [
        ("matmul_1000_f32", "mm1000", "f32", 3, matmul(False)),
        ("matmul_1000_f64", "mm1000", "f64", 3, matmul(False)),
        ("matmul_4096_f32", "mm4096", "f32", 3, matmul(False)),
        ("matmul_4096_f64", "mm4096", "f64", 3, matmul(False)),
        ("matmul_8192_f32", "mm8192", "f32", 3, matmul(False)),
        ("matmul_T_4096_f32", "mm4096", "f32", 3, matmul(True)),
        ("fft_c64", "fft", "c64", 3, fft(False)),
        ("rfft_f32", "rfft", "f32", 3, fft(True)),
        ("solve_f64", "solve", "f64", 3, solve),
    ]


def sort_cases():
    """bench/bench_sort.cpp's cases: values uniform in [0, 1) (ndthrust's are hashed into [-1, 1)), into new arrays."""

    def sort(axis):
        def run(p, shape, dtype, reps):
            x = p.rand(shape, dtype)
            if is_torch(p):  # torch.sort also returns the indices: it has no values-only sort
                return p.device_time(lambda: p.torch.sort(x, dim=-1 if axis is None else axis), reps, warm=1)
            return p.device_time(lambda: p.xp.sort(x, axis=-1 if axis is None else axis), reps, warm=1)

        return run

    def argsort(p, shape, dtype, reps):
        x = p.rand(shape, dtype)
        if is_torch(p):
            return p.device_time(lambda: p.torch.argsort(x, stable=True), reps, warm=1)
        return p.device_time(lambda: p.xp.argsort(x, kind="stable"), reps, warm=1)  # CuPy: only "stable" exists

    return [
        ("sort_f32", "sort", "f32", 4, sort(None)),
        ("argsort_f32", "sort", "f32", 8, argsort),
        ("sort_axis1_f32", "sort2d", "f32", 6, sort(1)),
        ("sort_axis0_f32", "sort2d", "f32", 6, sort(0)),
    ]


def indexing_cases():
    """bench/bench_indexing.cpp's cases: take at random int64 indices, and a[a > 0] over values in [-1, 1)."""

    def take(p, shape, dtype, reps):
        n = shape[0]
        a = p.rand(shape, dtype)
        if is_torch(p):
            idx = p.torch.randint(0, n, shape, dtype=p.torch.int64, device="cuda")
            return p.device_time(lambda: p.torch.take(a, idx), reps)
        idx = p.rng.integers(0, n, shape) if p.name == "numpy" else p.cp.random.randint(0, n, shape, dtype="int64")
        return p.device_time(lambda: p.xp.take(a, idx), reps)

    def mask_select(p, shape, dtype, reps):
        a = p.rand(shape, dtype) * 2 - 1
        mask = a > 0
        return p.device_time(lambda: a[mask], reps)

    return [
        ("take_f32", "take", "f32", 4, take),
        ("mask_select_f32", "take", "f32", 4, mask_select),
    ]


def case_name(case, shape):
    """bench_linalg names its matmul cases by the size of the backend (matmul_512_f32 on OMP)."""
    if case.startswith("matmul_") and shape:
        parts = case.split("_")
        parts[-2] = str(shape[0])
        return "_".join(parts)
    return case


def flops(case, shape):
    """Flops of the products and solves (0 for other cases)."""
    if case.startswith("matmul"):
        return 2 * shape[0] ** 3
    if case.startswith("solve"):
        return 2 * shape[0] ** 3 // 3
    return 0


def shrink(shape, k):
    """shape with about 1/k of its elements, each axis cut alike (square stays square); small shapes as they are."""
    if shape is None or k == 1 or count(shape) <= 10**6:
        return shape
    return tuple(max(1, round(d / k ** (1 / len(shape)))) for d in shape)


class SkipCase(Exception):
    pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="JSON file to write")
    ap.add_argument("--sizes", choices=sorted(SIZES), default="gpu", help="case sizes: bench_core's on CUDA or OMP")
    ap.add_argument("--peers", default="cupy,torch,numpy", help="comma-separated subset of cupy,torch,numpy")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions per case (NumPy calls over 0.2 s: one)")
    ap.add_argument("--numpy-budget", type=float, default=150, metavar="SECONDS",
                    help="NumPy's wall time in all, array creation included: the cases left after it are skipped")
    ap.add_argument("--shrink", type=int, default=1, metavar="K",
                    help="cut the sizes to about 1/K of their elements (testing; the report compares no other size)")
    args = ap.parse_args(argv)

    sizes = {k: shrink(v, args.shrink) for k, v in SIZES[args.sizes].items()}
    classes = {"cupy": CuPy, "torch": Torch, "numpy": NumPy}
    res = {}
    meta = {"sizes": {}, "versions": {"python": sys.version.split()[0]}, "skipped": {}, "size_set": args.sizes}
    meta["tflops"] = {}
    meta["numpy_timing"] = {}
    if args.shrink != 1:
        meta["shrink"] = args.shrink
    for case, key, dt, _, _ in cases():
        if sizes[key] is not None:
            meta["sizes"][case_name(case, sizes[key])] = size_str(sizes[key], dt)

    t_all = time.perf_counter()

    def write():  # after every case, so that a run cut short by a timeout keeps what it measured
        meta["elapsed_s"] = round(time.perf_counter() - t_all, 2)
        with open(args.out, "w") as f:
            json.dump(dict(res, meta=meta), f, indent=1, sort_keys=True)

    for name in [s.strip() for s in args.peers.split(",") if s.strip()]:
        if name not in classes:
            ap.error(f"unknown peer {name!r}")
        try:
            peer = classes[name]()
        except Exception as e:  # not installed, or no GPU
            meta["skipped"][name] = f"unavailable: {type(e).__name__}: {e}"
            print(f"peers: skipping {name}: {e}", file=sys.stderr)
            continue
        meta["versions"][name] = peer.version
        spent = 0.0  # NumPy's wall time so far
        todo = cases() if peer.on_gpu else sorted(cases(), key=lambda c: NUMPY_LONG.get(c[0], 0))
        for case, key, dt, factor, run in todo:
            shape, dtype = sizes[key], DTYPES[dt]
            if shape is None:  # not a case of this backend (matmul 8192 is GPU-only)
                continue
            case = case_name(case, shape)
            label = f"{case}/{name}"
            t0 = time.perf_counter()
            try:
                if not peer.on_gpu:
                    gpu_shape = SIZES["gpu"][key]
                    est = NUMPY_LONG.get(case, 0) * count(shape) / count(gpu_shape) if gpu_shape else 0
                    if spent + est > args.numpy_budget:
                        raise SkipCase(f"NumPy time budget ({args.numpy_budget:g} s) spent: {spent:.1f} s used"
                                       + (f", the case takes about {est:.1f} s" if est else ""))
                need = factor * nbytes(shape, dt)
                if peer.on_gpu and need and peer.free_bytes() < need + (512 << 20):
                    raise SkipCase(f"needs {need >> 20} MiB of device memory")
                peer.timing, peer.note = "", ""
                res[label] = run(peer, shape, dtype, args.reps)
                if not peer.on_gpu:
                    meta["numpy_timing"][case] = peer.timing + (f", {peer.note}" if peer.note else "")
                extra = ""
                if case.startswith("matmul"):
                    meta["tflops"][label] = round(flops(case, shape) / res[label] / 1e12, 3)
                    extra = f" {meta['tflops'][label]:8.2f} TFLOP/s"
                if peer.on_gpu:  # NumPy's line follows below, with its running total
                    print(f"peers: {label:28s} {res[label] * 1e3:10.4f} ms{extra}  ({time.perf_counter() - t0:.1f} s)",
                          file=sys.stderr)
            except SkipCase as e:
                meta["skipped"][label] = str(e)
            except Exception as e:  # out of memory, API differences: record and go on
                meta["skipped"][label] = f"{type(e).__name__}: {e}"
                print(f"peers: {label} failed: {e}", file=sys.stderr)
            finally:
                peer.release()  # frees the case's arrays before the next one (NumPy: 8 GB each at 1e9 f64)
                if not peer.on_gpu:
                    took = time.perf_counter() - t0
                    spent += took
                    meta["numpy_s"] = {"spent": round(spent, 1), "budget": args.numpy_budget}
                    how = f"{res[label] * 1e3:10.4f} ms ({meta['numpy_timing'][case]})" if label in res else \
                        f"skipped ({meta['skipped'].get(label, 'failed')})"
                    print(f"peers: {label:28s} {how}; {took:.1f} s in all, NumPy so far {spent:.1f} s of "
                          f"{args.numpy_budget:g} s", file=sys.stderr)
                write()
    write()
    print(f"peers: wrote {len(res)} timings to {args.out} in {meta['elapsed_s']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
