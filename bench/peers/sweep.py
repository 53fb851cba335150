#!/usr/bin/env python3
"""The seed chain x *= 5; x *= x; x += x (float64) by size in NumPy, CuPy and PyTorch, timed as
examples/seed_experiment.cpp's sweep: host wall time per call with one sync after a batch of calls (the batch lasts
about --target seconds; median of three batches). CuPy also runs the chain fused with cupy.fuse; PyTorch only on a
GPU (in place: mul_, mul_, add_). Peers that cannot be imported, or find no GPU, are skipped and noted in meta.

  bench/peers/sweep.py OUT.json [--max 1e9] [--numpy-max 1e8] [--peers numpy,cupy,torch] [--target 0.1]
                       [--examples-out EX.json [--edge 1000] [--matmul-n 1000]]

Writes {"numpy": [{"n": 1000, "chain3_s": ...}, ...], "cupy": [{"n", "chain3_s", "fused_s"}, ...],
"torch": [...], "meta": {"versions", "threads", "gpu", "skipped", ...}}. NumPy at 1e9 takes about 2 s per call and
8 GB: it stops at --numpy-max by default; the whole run stays well under 90 s on a GPU machine.

--examples-out also times the peers of the example programs examples/seed_experiment.cpp (part (a): ones, x *= 5,
the chain in three calls and fused on an E x E x E float64 array; NumPy only if it fits under --numpy-max) and
examples/matmul.cpp (N x N float32 and float64 products, TF32 off), as medians of 5 after a warm-up (CUDA events on
the GPU), and writes them in the form tools/bench_report.py --ports-peers reads: {"matmul/f32/cupy": seconds, ...}.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

from peers import disable_tf32


def wall_per_call(f, sync, target):
    """Seconds per call of f: a warm-up call (CuPy compiles its kernels on the first call), one timed call sizes the
    batch, then the median of three batches, one sync each. A call over a second (NumPy at 1e9) is its own batch: the
    sync costs nothing beside it, and three more would overrun the run's time budget."""
    f()
    sync()
    t = time.perf_counter()
    f()
    sync()
    one = time.perf_counter() - t
    if one > 1.0:
        return one
    reps = int(min(100000, max(3, target / max(one, 1e-7))))
    per = []
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            f()
        sync()
        per.append((time.perf_counter() - t) / reps)
    return statistics.median(per)


def sizes(max_n):
    n, out = 1000, []
    while n <= max_n * 1.0001:
        out.append(int(n))
        n *= 10
    return out


def each_size(peer, max_n, skipped, measure):
    """Rows of measure(n) for the sizes up to max_n. A failure (out of memory) is noted in skipped and ends this peer's
    sweep, keeping the sizes measured before it; measure returns None where the device has no room for n."""
    rows = []
    for n in sizes(max_n):
        try:
            row = measure(n)
        except Exception as e:
            skipped[f"{peer} n={n:.0e}"] = f"{type(e).__name__}: {e}"
            print(f"sweep: {peer} n={n:.0e} failed: {e}", file=sys.stderr)
            break
        if row is None:
            break
        rows.append(row)
    return rows


def run_numpy(max_n, target, skipped):
    import numpy as np

    def measure(n):
        x = np.ones(n)

        def chain3():  # x *= 5; x *= x; x += x (a closure cannot rebind x, so the ufuncs with out=)
            np.multiply(x, 5, out=x)
            np.multiply(x, x, out=x)
            np.add(x, x, out=x)

        with np.errstate(all="ignore"):  # the values overflow to inf after a few calls; the cost does not change
            return {"n": n, "chain3_s": wall_per_call(chain3, lambda: None, target)}

    return each_size("numpy", max_n, skipped, measure), {"numpy": np.__version__}


def free_gpu_bytes(cp):
    cp.get_default_memory_pool().free_all_blocks()
    return cp.cuda.runtime.memGetInfo()[0]


def run_cupy(max_n, target, skipped):
    import cupy as cp

    @cp.fuse()
    def chain(x):
        x = x * 5
        x = x * x
        return x + x

    sync = cp.cuda.Device().synchronize

    def measure(n):
        if 8 * n * 2 + (1 << 30) > free_gpu_bytes(cp):  # x and the fused call's output
            return None
        x = cp.ones(n)

        def chain3():
            cp.multiply(x, 5, out=x)
            cp.multiply(x, x, out=x)
            cp.add(x, x, out=x)

        row = {"n": n, "chain3_s": wall_per_call(chain3, sync, target)}
        if "cupy fused" not in skipped:
            try:  # the three calls stay measured if cupy.fuse fails
                row["fused_s"] = wall_per_call(lambda: chain(x), sync, target)
            except Exception as e:
                skipped["cupy fused"] = f"n={n:.0e}: {type(e).__name__}: {e}"
        return row

    rows = each_size("cupy", max_n, skipped, measure)
    free_gpu_bytes(cp)
    name = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)["name"]
    return rows, {"cupy": cp.__version__}, name.decode() if isinstance(name, bytes) else str(name)


def run_torch(max_n, target, skipped):
    import torch

    if not torch.cuda.is_available():
        raise RuntimeError("torch finds no GPU")

    def measure(n):
        torch.cuda.empty_cache()
        if 8 * n + (1 << 30) > torch.cuda.mem_get_info()[0]:
            return None
        x = torch.ones(n, dtype=torch.float64, device="cuda")

        def chain3():
            x.mul_(5)
            x.mul_(x)
            x.add_(x)

        return {"n": n, "chain3_s": wall_per_call(chain3, torch.cuda.synchronize, target)}

    rows = each_size("torch", max_n, skipped, measure)
    torch.cuda.empty_cache()
    return rows, {"torch": torch.__version__}


def event_median(f, new_event, elapsed_ms, reps=5):
    """Median seconds of f between two GPU events, after a warm-up."""
    f()
    a, b = new_event(), new_event()
    ms = []
    for _ in range(reps):
        a.record()
        f()
        b.record()
        b.synchronize()
        ms.append(elapsed_ms(a, b))
    return statistics.median(ms) * 1e-3


def host_median(f, reps=5):
    t = time.perf_counter()
    f()
    if time.perf_counter() - t > 1.0:  # NumPy at 1e9 elements: one more call fits the time budget
        reps = 1
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def chain_ops(xp, x):
    """x *= 5; x *= x; x += x for NumPy and CuPy arrays."""
    xp.multiply(x, 5, out=x)
    xp.multiply(x, x, out=x)
    xp.add(x, x, out=x)


def examples_numpy(edge, n, numpy_max, out):
    import numpy as np

    rng = np.random.default_rng(42)
    for name, dt in (("f32", np.float32), ("f64", np.float64)):
        a, b = (rng.uniform(-1, 1, (n, n)).astype(dt) for _ in range(2))
        out[f"matmul/{name}/numpy"] = host_median(lambda: a @ b)
    if edge ** 3 <= numpy_max:
        shape = (edge,) * 3
        x = np.ones(shape)
        out["seed_experiment/ones/numpy"] = host_median(lambda: np.ones(shape))
        with np.errstate(all="ignore"):
            out["seed_experiment/scale/numpy"] = host_median(lambda: np.multiply(x, 5, out=x))
            out["seed_experiment/chain3/numpy"] = host_median(lambda: chain_ops(np, x))


def examples_cupy(edge, n, out):
    import cupy as cp

    timed = lambda f: event_median(f, cp.cuda.Event, cp.cuda.get_elapsed_time)  # noqa: E731
    for name, dt in (("f32", cp.float32), ("f64", cp.float64)):
        a, b = (cp.random.uniform(-1, 1, (n, n)).astype(dt) for _ in range(2))
        out[f"matmul/{name}/cupy"] = timed(lambda: a @ b)
    del a, b
    shape = (edge,) * 3
    if 8 * edge ** 3 * 2 + (1 << 30) <= free_gpu_bytes(cp):  # x and one more array (ones, the fused output)

        @cp.fuse()
        def chain(x):
            x = x * 5
            x = x * x
            return x + x

        out["seed_experiment/ones/cupy"] = timed(lambda: cp.ones(shape))
        x = cp.ones(shape)
        out["seed_experiment/scale/cupy"] = timed(lambda: cp.multiply(x, 5, out=x))
        out["seed_experiment/chain3/cupy"] = timed(lambda: chain_ops(cp, x))
        out["seed_experiment/fused/cupy"] = timed(lambda: chain(x))
        del x
    free_gpu_bytes(cp)


def examples_torch(edge, n, out):
    import torch

    if not torch.cuda.is_available():
        raise RuntimeError("torch finds no GPU")
    disable_tf32(torch)  # as ndthrust and CuPy: full float32 products
    new_event = lambda: torch.cuda.Event(enable_timing=True)  # noqa: E731
    timed = lambda f: event_median(f, new_event, lambda a, b: a.elapsed_time(b))  # noqa: E731
    for name, dt in (("f32", torch.float32), ("f64", torch.float64)):
        a, b = (torch.rand(n, n, dtype=dt, device="cuda") * 2 - 1 for _ in range(2))
        out[f"matmul/{name}/torch"] = timed(lambda: a @ b)
    del a, b
    torch.cuda.empty_cache()
    shape = (edge,) * 3
    if 8 * edge ** 3 * 2 + (1 << 30) <= torch.cuda.mem_get_info()[0]:
        out["seed_experiment/ones/torch"] = timed(lambda: torch.ones(shape, dtype=torch.float64, device="cuda"))
        x = torch.ones(shape, dtype=torch.float64, device="cuda")
        out["seed_experiment/scale/torch"] = timed(lambda: x.mul_(5))
        out["seed_experiment/chain3/torch"] = timed(lambda: (x.mul_(5), x.mul_(x), x.add_(x)))
        del x
    torch.cuda.empty_cache()


def run_examples(args, wanted, skipped):
    out = {"meta": {"sizes": {"matmul": f"{args.matmul_n}x{args.matmul_n}",
                              "seed_experiment": "x".join([str(args.edge)] * 3)}}}
    for peer in wanted:
        try:  # each fills out as it goes: a failure keeps the timings taken before it
            if peer == "numpy":
                examples_numpy(args.edge, args.matmul_n, args.numpy_max, out)
            elif peer == "cupy":
                examples_cupy(args.edge, args.matmul_n, out)
            elif peer == "torch":
                examples_torch(args.edge, args.matmul_n, out)
        except Exception as e:  # noted once in the sweep's meta as well
            skipped.setdefault(f"examples/{peer}", f"{type(e).__name__}: {e}")
        with open(args.examples_out, "w") as f:  # after every peer: a timeout keeps what was measured
            json.dump(out, f, indent=1)
    print(f"sweep: example peers: {len(out) - 1} timings in {args.examples_out}", file=sys.stderr)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="JSON file to write")
    ap.add_argument("--max", type=float, default=1e9, help="largest size for the GPU peers (default 1e9)")
    ap.add_argument("--numpy-max", type=float, default=1e8, help="largest size for NumPy (default 1e8)")
    ap.add_argument("--peers", default="numpy,cupy,torch", help="comma-separated subset of numpy,cupy,torch")
    ap.add_argument("--target", type=float, default=0.1, help="seconds per timed batch (default 0.1)")
    ap.add_argument("--examples-out", help="also time the example programs' peers into this JSON")
    ap.add_argument("--edge", type=int, default=1000, help="seed experiment array edge (default 1000)")
    ap.add_argument("--matmul-n", type=int, default=1000, help="matmul size (default 1000)")
    args = ap.parse_args(argv)

    out = {"meta": {"versions": {"python": platform.python_version()}, "skipped": {}, "gpu": "",
                    "threads": os.cpu_count(), "numpy_max": args.numpy_max, "max": args.max,
                    "timing": "host wall time per call, one sync after a batch of calls, median of 3 batches "
                              "(a call over a second: one call after a warm-up)",
                    "dtype": "float64"}}
    meta = out["meta"]

    def write():  # after every peer, so that a run cut short by a timeout keeps what it measured
        with open(args.out, "w") as f:
            json.dump(out, f, indent=1)

    wanted = [p.strip() for p in args.peers.split(",") if p.strip()]
    for peer in wanted:
        t0 = time.perf_counter()
        try:
            if peer == "numpy":
                rows, vers = run_numpy(min(args.max, args.numpy_max), args.target, meta["skipped"])
            elif peer == "cupy":
                rows, vers, meta["gpu"] = run_cupy(args.max, args.target, meta["skipped"])
            elif peer == "torch":
                rows, vers = run_torch(args.max, args.target, meta["skipped"])
            else:
                raise ValueError("unknown peer (numpy, cupy, torch)")
        except Exception as e:  # a missing or broken peer must not lose the others
            meta["skipped"][peer] = f"{type(e).__name__}: {e}"
            print(f"sweep: {peer} skipped: {e}", file=sys.stderr)
            write()
            continue
        out[peer] = rows
        meta["versions"].update(vers)
        print(f"sweep: {peer} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        for r in rows:
            cells = "  ".join(f"{k}={v:.3g}" for k, v in r.items() if k != "n")
            print(f"  {peer} n={r['n']:.0e}  {cells}", file=sys.stderr)
        write()
    if args.examples_out:
        run_examples(args, [p for p in wanted if p not in meta["skipped"]], meta["skipped"])
    write()
    return 0 if any(p in out for p in wanted) else 1


if __name__ == "__main__":
    sys.exit(main())
