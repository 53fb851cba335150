#!/usr/bin/env python3
"""Times bench_core's cases with CuPy, PyTorch and NumPy, for tools/bench_report.py to put beside ndthrust.

Writes JSON {"<case>/<peer>": seconds, ..., "meta": {...}} where <case> is bench_core's case name (ones_f64, ...)
and meta records the size of each case ("1000x1000x1000 f64", the same text as the benchmarks' labels, so the
report only compares equal sizes), library versions, and why anything was skipped.

Timing follows the anchors (ANCHORS.md): device work is timed with CUDA events after warm-up, median of the
repetitions; transfers by wall clock including the sync (they involve the host); small calls by wall clock per call
with one sync at the end. The peers are imported lazily: whatever is not installed is skipped.

  peers.py OUT.json                     # GPU sizes (1e9 elements), under about two minutes on an H100
  peers.py OUT.json --sizes omp         # the host-only backend's sizes (a smoke test without a GPU: NumPy only)
  peers.py OUT.json --peers numpy,cupy  # a subset
"""
import argparse
import gc
import importlib
import json
import statistics
import sys
import time

# The sizes of bench/bench_core.cpp per backend; keep the two in step (the report checks the labels).
SIZES = {
    "gpu": {"ones": (1000, 1000, 1000), "transpose3d": (1000, 1000, 1000), "transpose2d": (32768, 32768),
            "transfer": (100_000_000,), "alloc": (1000,)},
    "omp": {"ones": (100, 100, 1000), "transpose3d": (200, 200, 200), "transpose2d": (3072, 3072),
            "transfer": (10_000_000,), "alloc": (1000,)},
}
# NumPy is a one-thread CPU peer: beyond this many elements a strided copy takes tens of seconds, so it is skipped.
NUMPY_STRIDED_LIMIT = 10**8


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

    def device_time(self, fn, reps, warm=2):
        """Seconds of device time per call: events around the call on the current stream, median."""
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


class Torch(Peer):
    name = "torch"

    def __init__(self):
        self.torch = importlib.import_module("torch")
        if not self.torch.cuda.is_available():
            raise RuntimeError("torch.cuda is not available")
        self.version = self.torch.__version__
        self.dtypes = {"float64": self.torch.float64, "float32": self.torch.float32}

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


class NumPy(Peer):
    name = "numpy"
    on_gpu = False

    def __init__(self):
        self.np = importlib.import_module("numpy")
        self.version = self.np.__version__

    def sync(self):
        pass

    def release(self):
        gc.collect()

    def device_time(self, fn, reps, warm=1):
        return wall(fn, self.sync, reps, warm)

    def ones(self, shape, dtype):
        return self.np.ones(shape, dtype=dtype)

    def empty(self, shape, dtype):
        return self.np.empty(shape, dtype=dtype)

    def contiguous_transpose(self, x):
        return self.np.ascontiguousarray(x.transpose())


DTYPES = {"f64": "float64", "f32": "float32"}


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def nbytes(shape, dt):
    return count(shape) * (8 if dt == "f64" else 4)


def cases():
    """(case, size key, dtype, arrays of that size held on the device, runner(peer, shape, dtype, reps) -> s)."""

    def ones(p, shape, dtype, reps):
        return p.device_time(lambda: p.ones(shape, dtype), reps)

    def transpose(p, shape, dtype, reps):
        if not p.on_gpu and count(shape) > NUMPY_STRIDED_LIMIT:
            raise SkipCase(f"over {NUMPY_STRIDED_LIMIT:.0e} elements: too slow for the time budget")
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
        return per_call(lambda: p.empty(shape, dtype), p.sync, reps * 1000)

    return [
        ("ones_f64", "ones", "f64", 1, ones),
        ("transpose3d_f64", "transpose3d", "f64", 2, transpose),
        ("transpose2d_f32", "transpose2d", "f32", 2, transpose),
        ("h2d_f64", "transfer", "f64", 1, h2d),
        ("d2h_f64", "transfer", "f64", 1, d2h),
        ("alloc_f32", "alloc", "f32", 0, alloc),
    ]


class SkipCase(Exception):
    pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="JSON file to write")
    ap.add_argument("--sizes", choices=sorted(SIZES), default="gpu", help="case sizes: bench_core's on CUDA or OMP")
    ap.add_argument("--peers", default="cupy,torch,numpy", help="comma-separated subset of cupy,torch,numpy")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions per case (NumPy at 1e9: one)")
    args = ap.parse_args(argv)

    sizes = SIZES[args.sizes]
    classes = {"cupy": CuPy, "torch": Torch, "numpy": NumPy}
    res = {}
    meta = {"sizes": {}, "versions": {"python": sys.version.split()[0]}, "skipped": {}, "size_set": args.sizes}
    for case, key, dt, _, _ in cases():
        meta["sizes"][case] = size_str(sizes[key], dt)

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
        for case, key, dt, factor, run in cases():
            shape, dtype = sizes[key], DTYPES[dt]
            label = f"{case}/{name}"
            t0 = time.perf_counter()
            try:
                need = factor * nbytes(shape, dt)
                if peer.on_gpu and need and peer.free_bytes() < need + (512 << 20):
                    raise SkipCase(f"needs {need >> 20} MiB of device memory")
                big = nbytes(shape, dt) >= 8 * 10**8
                reps = 1 if (not peer.on_gpu and big) else args.reps
                res[label] = run(peer, shape, dtype, reps)
                print(f"peers: {label:28s} {res[label] * 1e3:10.4f} ms  ({time.perf_counter() - t0:.1f} s)",
                      file=sys.stderr)
            except SkipCase as e:
                meta["skipped"][label] = str(e)
            except Exception as e:  # out of memory, API differences: record and go on
                meta["skipped"][label] = f"{type(e).__name__}: {e}"
                print(f"peers: {label} failed: {e}", file=sys.stderr)
            finally:
                peer.release()
                write()
    write()
    print(f"peers: wrote {len(res)} timings to {args.out} in {meta['elapsed_s']} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
