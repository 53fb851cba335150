#!/usr/bin/env python3
"""The shape sweep of issue 18 (bench/bench_sweep.cpp) in PyTorch and CuPy on the GPU and single-threaded NumPy on
the host, and the report that joins it with the C++ binary's Google Benchmark JSON.

Cases have the binary's names without the variant: "sweep/<op>_<dtype>/<shape>/axis<a>" (e.g.
"sweep/sum_f64/500000x2/axis0") and "sweep/copy_<dtype>/<shape>/all" (the device-to-device copy of the array into
a preallocated one: the bandwidth reference). Keep KS, OPS_2D and shapes() in step with bench_sweep.cpp.

GPU peers: CUDA events around each call after two warm-up calls, median of --reps calls. NumPy (one thread, the
host backend's shapes: 1e6 and 1e7 elements): wall time per call after one warm-up, median of --numpy-reps (one
call where a call takes over a second). Inputs are built once per (shape, dtype) and shared by the ops. Peers that cannot be imported (or find no GPU) are skipped
and noted in meta["skipped"]; --budget (seconds) bounds the whole run, the cases left are noted in meta["skipped"].

  reduce_sweep.py OUT.json [--peers torch,cupy,numpy] [--filter REGEX] [--reps 5] [--numpy-reps 3] [--budget 300]
  reduce_sweep.py --report BENCH.json [PEERS.json] --out TABLE.md [--png HEAT.png] [--vs numpy|gpu]

Writes {"cases": {"sweep/sum_f64/500000x2/axis0": {"torch": s, "cupy": s, "numpy": s}, ...}, "meta": {...}}.
--report reads bench_sweep's --benchmark_out JSON (medians where it holds repetitions) and writes a markdown table
(case, ndthrust, raw, copy, peers, ndthrust / best peer, % of copy bandwidth) and, where matplotlib imports, heat
maps of ndthrust / best peer (HEAT.png) and of % of copy bandwidth (HEAT_bw.png) per (shape, op/axis). The best peer
is the faster of PyTorch and CuPy for a CUDA run and NumPy for a host-backend run (--vs overrides).
"""
import argparse
import json
import math
import os
import re
import statistics
import sys
import time

KS = (1, 2, 3, 4, 8, 16, 32, 64, 256, 1024)
OPS_2D = ("sum_f32", "sum_f64", "max_f32", "argmax_f32", "mean_f64", "var_f64", "cumsum_f32", "cumsum_f64")
F32_ONLY = ("sum_f32", "max_f32", "argmax_f32", "cumsum_f32")


def shapes(gpu):
    """[(shape, axes, f32_only)] in bench_sweep.cpp's order."""
    out = []
    sizes = [1_000_000, 10_000_000] + ([100_000_000] if gpu else [])
    for total in sizes:
        f32_only = total > 10_000_000
        for k in KS:
            n = total // k
            out.append(((n, k), (0, 1), f32_only))
            out.append(((k, n), (0, 1), f32_only))
    out.append(((1000, 1000, 2), (1,), False))
    out.append(((100, 10000, 16) if gpu else (100, 10000, 10), (1,), False))
    return out


def shape_name(s):
    return "x".join(str(d) for d in s)


def cases(gpu):
    """[(name, op, dtype, shape, axis)]; op "copy" has axis None."""
    out = []
    for shape, axes, f32_only in shapes(gpu):
        ops = F32_ONLY if f32_only else OPS_2D
        for ax in axes:
            for od in ops:
                op, dt = od.split("_")
                out.append((f"sweep/{od}/{shape_name(shape)}/axis{ax}", op, dt, shape, ax))
        for dt in (("f32",) if f32_only else ("f32", "f64")):
            out.append((f"sweep/copy_{dt}/{shape_name(shape)}/all", "copy", dt, shape, None))
    return out


# --- the peers ------------------------------------------------------------------------------------------------------

def np_call(np, op, x, ax, y):
    if op == "sum":
        return lambda: x.sum(axis=ax)
    if op == "max":
        return lambda: x.max(axis=ax)
    if op == "argmax":
        return lambda: x.argmax(axis=ax)
    if op == "mean":
        return lambda: x.mean(axis=ax)
    if op == "var":
        return lambda: x.var(axis=ax)
    if op == "cumsum":
        return lambda: np.cumsum(x, axis=ax)
    if op == "copy":
        return lambda: np.copyto(y, x)
    raise ValueError(op)


def torch_call(torch, op, x, ax, y):
    if op == "sum":
        return lambda: torch.sum(x, dim=ax)
    if op == "max":
        return lambda: torch.amax(x, dim=ax)
    if op == "argmax":
        return lambda: torch.argmax(x, dim=ax)
    if op == "mean":
        return lambda: torch.mean(x, dim=ax)
    if op == "var":
        return lambda: torch.var(x, dim=ax, correction=0)
    if op == "cumsum":
        return lambda: torch.cumsum(x, dim=ax)
    if op == "copy":
        return lambda: y.copy_(x)
    raise ValueError(op)


def small_ints(np, shape, dt):
    """bench_sweep's input (raw_helpers.h small_ints: 0..15 by a multiplicative hash of the index) on the host."""
    n = math.prod(shape)
    return ((np.arange(n, dtype=np.uint64) * 0x9E3779B1) % (1 << 32) >> 28).astype(
        np.float32 if dt == "f32" else np.float64).reshape(shape)


class NumpyPeer:
    name = "numpy"

    def __init__(self, reps):
        import numpy as np
        self.np, self.reps = np, reps
        self.version = np.__version__

    def make(self, shape, dt):
        x = small_ints(self.np, shape, dt)
        return x, self.np.empty_like(x)

    def call(self, op, x, ax, y):
        return np_call(self.np, op, x, ax, y)

    def time(self, f, reps):
        from sweep import host_median  # one warm-up call, then the median of reps (one call where it takes > 1 s)
        return host_median(f, reps)

    def free(self):
        pass


class GpuPeer:
    """PyTorch or CuPy through peers.py's classes (CUDA events, median after two warm-up calls)."""

    def __init__(self, name):
        import numpy as np
        import peers
        self.np = np
        self.p = peers.CuPy() if name == "cupy" else peers.Torch()
        self.name, self.version = name, self.p.version
        if name == "cupy":
            self.p.cp.cuda.runtime.getDeviceCount()  # raises without a GPU
            self.gpu = self.p.cp.cuda.runtime.getDeviceProperties(0)["name"].decode()
        else:
            self.gpu = self.p.torch.cuda.get_device_name(0)

    def make(self, shape, dt):
        x = self.p.to_device(small_ints(self.np, shape, dt))
        return x, self.p.empty(shape, "float32" if dt == "f32" else "float64")

    def call(self, op, x, ax, y):
        if self.name == "torch":
            return torch_call(self.p.torch, op, x, ax, y)
        if op == "copy":
            return lambda: self.p.cp.copyto(y, x)
        return np_call(self.p.cp, op, x, ax, y)

    def time(self, f, reps):
        return self.p.device_time(f, reps)

    def free(self):
        self.p.release()


def run_peer(p, todo, reps, results, meta, deadline, out_path):
    """Times `todo` (cases) with peer p, inputs built once per (shape, dtype)."""
    by_input = {}
    for c in todo:
        by_input.setdefault((c[3], c[2]), []).append(c)
    for (shape, dt), cs in by_input.items():
        if time.monotonic() > deadline:
            for c in cs:
                meta["skipped"][f"{c[0]}/{p.name}"] = "time budget spent"
            continue
        try:
            x, y = p.make(shape, dt)
        except Exception as e:  # out of memory: this input's cases are skipped
            for c in cs:
                meta["skipped"][f"{c[0]}/{p.name}"] = f"{type(e).__name__}: {e}"
            continue
        for name, op, _, _, ax in cs:
            if time.monotonic() > deadline:
                meta["skipped"][f"{name}/{p.name}"] = "time budget spent"
                continue
            try:
                results.setdefault(name, {})[p.name] = p.time(p.call(op, x, ax, y), reps)
            except Exception as e:
                meta["skipped"][f"{name}/{p.name}"] = f"{type(e).__name__}: {e}"
        del x, y
        p.free()
    with open(out_path, "w") as f:  # after every peer: a later failure keeps what is done
        json.dump({"cases": results, "meta": meta}, f, indent=1, sort_keys=True)


def sweep(args):
    for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(v, "1")
    t_start = time.monotonic()
    deadline = t_start + args.budget
    flt = re.compile(args.filter) if args.filter else None
    meta = {"skipped": {}, "versions": {"python": sys.version.split()[0]}, "reps": args.reps,
            "numpy_reps": args.numpy_reps, "timing": "GPU: CUDA events per call after 2 warm-up calls, median of "
            "reps; NumPy: wall time per call (one thread) after 1 warm-up, median of numpy_reps (one call where a "
            "call takes over 1 s)"}
    results = {}
    for name in args.peers.split(","):
        try:
            p = NumpyPeer(args.numpy_reps) if name == "numpy" else GpuPeer(name)
        except Exception as e:
            meta["skipped"][name] = f"unavailable: {type(e).__name__}: {e}"
            print(f"{name}: skipped ({meta['skipped'][name]})", file=sys.stderr)
            continue
        meta["versions"][name] = p.version
        if hasattr(p, "gpu"):
            meta["gpu"] = p.gpu
        todo = [c for c in cases(gpu=name != "numpy") if not flt or flt.search(c[0])]
        t0 = time.monotonic()
        run_peer(p, todo, args.reps if name != "numpy" else args.numpy_reps, results, meta, deadline, args.out)
        print(f"{name}: {len(todo)} cases in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    meta["wall_s"] = round(time.monotonic() - t_start, 1)
    with open(args.out, "w") as f:
        json.dump({"cases": results, "meta": meta}, f, indent=1, sort_keys=True)


# --- the report -----------------------------------------------------------------------------------------------------

def load_bench(path):
    """{case name without /manual_time: (seconds, copy_bw_pct or None)}; medians of repetitions where present."""
    with open(path) as f:
        data = json.load(f)
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    runs, medians = {}, {}
    for b in data.get("benchmarks", []):
        if b.get("error_occurred") or b.get("skipped"):
            continue
        name = re.sub(r"/manual_time$", "", b.get("run_name", b["name"]))
        val = (b["real_time"] * scale[b.get("time_unit", "ns")], b.get("copy_bw_pct"))
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = val
        else:
            runs.setdefault(name, []).append(val)
    out = {k: (statistics.median(t for t, _ in v), statistics.median(p for _, p in v) if v[0][1] is not None else None)
           for k, v in runs.items()}
    out.update(medians)
    return out, data.get("context", {})


def shape_order(s):
    dims = [int(d) for d in s.split("x")]
    return (math.prod(dims), len(dims), dims)


def case_order(c):
    """By size, shape, op, axis (the sweep's order)."""
    _, opdt, shape, axis = c.split("/")
    return (shape_order(shape), opdt, axis)


def fmt_t(s):
    if s is None:
        return ""
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms"


def report(args):
    nd, ctx = load_bench(args.report[0])
    peers = {}
    if len(args.report) > 1:
        with open(args.report[1]) as f:
            peers = json.load(f).get("cases", {})
    host = "cuda" not in str(ctx.get("ndthrust_backend", "")).lower()
    vs = args.vs or ("numpy" if host else "gpu")
    versus = ("numpy",) if vs == "numpy" else ("torch", "cupy")
    rows, heat = [], {}
    cases_seen = sorted({k.rsplit("/", 1)[0] for k in nd if k.startswith("sweep/")}, key=case_order)
    for c in cases_seen:
        _, opdt, shape, axis = c.split("/")
        if opdt.startswith("copy_"):
            continue
        t_nd, bw = nd.get(c + "/nd", (None, None))
        if t_nd is None:
            continue
        t_raw = nd.get(c + "/raw", (None, None))[0]
        t_copy = nd.get(f"sweep/copy_{opdt.split('_')[1]}/{shape}/all/raw_copy", (None, None))[0]
        pc = peers.get(c, {})
        best = min((pc[p] for p in versus if pc.get(p)), default=None)
        ratio = t_nd / best if best else None
        rows.append((c, t_nd, t_raw, t_copy, pc.get("torch"), pc.get("cupy"), pc.get("numpy"), ratio, bw))
        heat[(shape, f"{opdt} {axis}")] = (ratio, bw)
    lines = [f"# Shape sweep (issue 18): {ctx.get('gpu', ctx.get('ndthrust_backend', ''))}", "",
             f"ndthrust / best peer: the faster of {' and '.join(versus)}; % copy bw: bytes read + written per second "
             "against the measured device copy bandwidth.", "",
             "| case | ndthrust | raw | copy | torch | cupy | numpy | nd / best peer | % copy bw |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c, t_nd, t_raw, t_copy, tt, tc, tn, ratio, bw in rows:
        r = f"{ratio:.2f}" + (" **slow**" if ratio > 1.05 else "") if ratio else ""
        lines.append(f"| {c} | {fmt_t(t_nd)} | {fmt_t(t_raw)} | {fmt_t(t_copy)} | {fmt_t(tt)} | {fmt_t(tc)} | "
                     f"{fmt_t(tn)} | {r} | {'' if bw is None else f'{bw:.0f}'} |")
    ratios = [r[7] for r in rows if r[7]]
    if ratios:
        lines += ["", f"{len(ratios)} cases with a peer: geometric mean nd / best peer "
                  f"{math.exp(statistics.mean(math.log(r) for r in ratios)):.2f}, worst {max(ratios):.2f}, "
                  f"{sum(r > 1.05 for r in ratios)} more than 5% slower."]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out} ({len(rows)} cases)", file=sys.stderr)
    if args.png:
        heatmaps(heat, args.png)


def heatmaps(heat, png):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
    except ImportError as e:
        print(f"no heat maps: {e}", file=sys.stderr)
        return
    ys = sorted({s for s, _ in heat}, key=shape_order)
    xs = sorted({o for _, o in heat})
    for idx, (path, title, cmap, log) in enumerate(
            ((png, "ndthrust time / best peer (log2; > 0 is slower)", "RdYlGn_r", True),
             (re.sub(r"(\.png)?$", "_bw.png", png, count=1), "% of copy bandwidth", "RdYlGn", False))):
        m = np.full((len(ys), len(xs)), np.nan)
        for (s, o), v in heat.items():
            if v[idx] is not None:
                m[ys.index(s), xs.index(o)] = math.log2(v[idx]) if log else v[idx]
        fig, axes = plt.subplots(figsize=(1.0 + 0.75 * len(xs), 1.5 + 0.28 * len(ys)))
        lim = max(1.0, np.nanmax(np.abs(m))) if log and not np.all(np.isnan(m)) else None
        im = axes.imshow(m, aspect="auto", cmap=cmap, vmin=-lim if log else 0, vmax=lim if log else 100)
        axes.set_xticks(range(len(xs)), xs, rotation=60, ha="right", fontsize=7)
        axes.set_yticks(range(len(ys)), ys, fontsize=7)
        for i in range(len(ys)):
            for j in range(len(xs)):
                if not np.isnan(m[i, j]):
                    v = 2 ** m[i, j] if log else m[i, j]
                    axes.text(j, i, f"{v:.2g}" if log else f"{v:.0f}", ha="center", va="center", fontsize=5)
        axes.set_title(title, fontsize=9)
        fig.colorbar(im, ax=axes)
        fig.tight_layout()
        fig.savefig(path, dpi=130)
        plt.close(fig)
        print(f"wrote {path}", file=sys.stderr)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", help="the peers' JSON (sweep mode)")
    ap.add_argument("--peers", default="torch,cupy,numpy")
    ap.add_argument("--filter", help="regex on the case names (as --benchmark_filter)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--numpy-reps", type=int, default=3)
    ap.add_argument("--budget", type=float, default=300.0, help="seconds for the whole run")
    ap.add_argument("--report", nargs="+", metavar="JSON", help="BENCH.json [PEERS.json]: write the report")
    ap.add_argument("--out", dest="report_out", help="the report's markdown (with --report)")
    ap.add_argument("--png", help="the heat map (with --report; needs matplotlib)")
    ap.add_argument("--vs", choices=("numpy", "gpu"), help="best peer: NumPy or the faster of PyTorch / CuPy")
    args = ap.parse_args(argv)
    if args.report:
        if not args.report_out:
            ap.error("--report needs --out")
        args.out = args.report_out
        report(args)
    else:
        if not args.out:
            ap.error("OUT.json is needed")
        sweep(args)


if __name__ == "__main__":
    main()
