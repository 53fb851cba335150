#!/usr/bin/env python3
"""Merges Google Benchmark JSON files (one per bench binary) and bench/peers/peers.py's JSON into a markdown report.

  tools/bench_report.py --name h100-2026-11-21 bench_core.json [bench_reduce.json ...] --peers peers.json
  tools/bench_report.py --out OUTDIR/report.md --nvidia-smi OUTDIR/nvidia-smi.txt OUTDIR/bench_*.json

Benchmarks are named "<family>/<case>/<variant>" (bench/support/bench_util.h): variants "nd*" are ndthrust, "raw"
is the baseline of the ratio, "raw_*" are further references. Each family gets a table with one row per ndthrust
variant: its time, the raw baseline's, the ratio, the share of the measured copy bandwidth, and CuPy / PyTorch /
NumPy where peers.py measured the same size. PNG plots (all families together, and one per family) are written beside
the report when matplotlib is importable.

Optional sections:
  --sweep FILE (repeatable)   examples/seed_experiment's --json output (its CUDA and its OMP run) and
                              bench/peers/sweep.py's JSON: "The seed chain by size", a table of the chain
                              x *= 5; x *= x; x += x by size (three calls, the three calls replayed as an
                              nd::graph, fused) with the speed-up over NumPy, where each GPU line overtakes NumPy,
                              the 1000³ experiment, and a log-log plot.
  --ports FILE (repeatable)   example programs' output; lines "RESULT example=E variant=V ms=M n=N check=ok|FAIL"
  --ports-peers FILE (rep.)   JSON {"E/V/peer": seconds, "meta": {...}} (bench/peers/ports.py, sweep.py --examples-out)
                              "Example programs": ndthrust's variants next to CuPy / NumPy / PyTorch.
"""
import argparse
import json
import math
import os
import re
import statistics
import sys

PEERS = [("cupy", "CuPy"), ("torch", "PyTorch"), ("numpy", "NumPy")]
UNIT_S = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
# Name components Google Benchmark appends to a case's name.
SUFFIX = re.compile(r"^(manual_time|real_time|process_time|(min_time|min_warmup_time|repeats|iterations|threads):.*)$")


class Run:
    """One benchmark (family/case/variant): median time in seconds, bytes/s, % of copy bandwidth, label or error."""

    def __init__(self, family, case, variant):
        self.family, self.case, self.variant = family, case, variant
        self.times, self.bps, self.pct = [], [], []
        self.median = None
        self.label, self.error = "", ""

    @property
    def size(self):
        m = re.match(r"size=([^;]*)", self.label)
        return m.group(1).strip() if m else ""

    @property
    def what(self):
        return self.label.split(";", 1)[1].strip() if ";" in self.label else self.label

    def seconds(self):
        if self.median is not None:
            return self.median["time"]
        return statistics.median(self.times) if self.times else None

    def bytes_per_second(self):
        if self.median is not None:
            return self.median.get("bps")
        return statistics.median(self.bps) if self.bps else None

    def copy_pct(self):
        if self.median is not None:
            return self.median.get("pct")
        return statistics.median(self.pct) if self.pct else None


def split_name(name):
    parts = [p for p in name.split("/") if not SUFFIX.match(p)]
    if len(parts) < 3:  # not ndthrust's convention: keep it visible anyway
        parts = ["other"] * (3 - len(parts)) + parts
    return parts[0], parts[1], "/".join(parts[2:])


def load_benchmarks(paths):
    """Runs in first-seen order, and the context of each file."""
    runs, contexts = {}, []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        contexts.append((os.path.basename(path), data.get("context", {})))
        for b in data.get("benchmarks", []):
            key = split_name(b.get("run_name") or b["name"])
            r = runs.setdefault(key, Run(*key))
            if b.get("label"):
                r.label = b["label"]
            if b.get("error_occurred") or b.get("skipped"):
                r.error = b.get("error_message") or b.get("skip_message") or "skipped"
                continue
            t = b["real_time"] * UNIT_S.get(b.get("time_unit", "ns"), 1e-9)
            vals = {"time": t, "bps": b.get("bytes_per_second"), "pct": b.get("copy_bw_pct")}
            if b.get("run_type") == "aggregate":
                if b.get("aggregate_name") == "median":
                    r.median = vals
                continue
            r.times.append(t)
            if vals["bps"] is not None:
                r.bps.append(vals["bps"])
            if vals["pct"] is not None:
                r.pct.append(vals["pct"])
    return list(runs.values()), contexts


def fmt_time(s):
    if s is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale or unit == "ns":
            v = s / scale
            return f"{v:.3g} {unit}" if v < 100 else f"{v:.0f} {unit}"


def fmt_rate(bps):
    if not bps:
        return ""
    return f"{bps / 1e12:.2f} TB/s" if bps >= 1e12 else f"{bps / 1e9:.3g} GB/s"


def fmt_ratio(a, b):
    if not (a and b):
        return "—"
    r = a / b
    return f"{r:.2f}" if 0.1 <= r < 100 else f"{r:.2g}"


def peer_cell(peers, case, size, nd_time):
    """Peer time and how many times slower than ndthrust, when measured at the same size."""
    cells = []
    psizes = peers.get("meta", {}).get("sizes", {})
    for key, _ in PEERS:
        t = peers.get(f"{case}/{key}")
        if not isinstance(t, (int, float)):
            cells.append("")
        elif size and psizes.get(case) and psizes[case] != size:
            cells.append(f"(size {psizes[case]})")
        else:
            k = t / nd_time if nd_time else None
            cells.append(fmt_time(t) + ("" if k is None else f" (×{k:.0f})" if k >= 100 else f" (×{k:.2g})"))
    return cells


def family_table(runs, peers):
    cases = []
    for r in runs:
        if r.case not in cases:
            cases.append(r.case)
    by = {(r.case, r.variant): r for r in runs}
    peer_names = [title for key, title in PEERS if any(f"{c}/{key}" in peers for c in cases)]
    head = ["case", "size", "ndthrust", "time", "raw baseline", "ratio", "% copy bw", "GB/s"] + peer_names
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    refs = []
    for case in cases:
        variants = [r for r in runs if r.case == case]
        raw = by.get((case, "raw"))
        nds = [r for r in variants if r.variant.startswith("nd")]
        for i, r in enumerate(nds):
            t = r.seconds()
            pct = r.copy_pct()
            cells = [case if i == 0 else "", r.size, f"`{r.variant}`", fmt_time(t) if not r.error else "skipped",
                     fmt_time(raw.seconds()) if raw and not raw.error else "—",
                     fmt_ratio(t, raw.seconds() if raw else None) if not r.error else "—",
                     f"{pct:.0f}%" if pct is not None and not r.error else "", fmt_rate(r.bytes_per_second())]
            if peer_names:
                pc = dict(zip([k for k, _ in PEERS], peer_cell(peers, case, r.size, t))) if i == 0 else {}
                cells += [pc.get(k, "") for k, title in PEERS if title in peer_names]
            lines.append("| " + " | ".join(cells) + " |")
        for r in variants:
            status = f"skipped: {r.error}" if r.error else \
                " · ".join(x for x in (fmt_time(r.seconds()), fmt_rate(r.bytes_per_second()),
                                       f"{r.copy_pct():.0f}% of copy bw" if r.copy_pct() is not None else "") if x)
            refs.append(f"- `{case}/{r.variant}`: {r.what} — {status}")
    legend = ("ratio: ndthrust time / raw baseline time (below 1: ndthrust faster). Peer cells: time (×k = peer "
              "time / ndthrust time; above 1: ndthrust faster); a peer measured at another size is not compared.")
    return "\n".join(lines) + "\n\n" + legend + "\n\nWhat each row runs:\n\n" + "\n".join(refs) + "\n"


def context_section(contexts, peers, smi):
    out = []
    if contexts:
        name, ctx = contexts[0]
        keys = ["date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "library_build_type",
                "ndthrust_backend", "gpu", "gpu_memory_GiB", "cuda_driver", "cuda_runtime", "copy_bandwidth_GBps"]
        out.append("| context | value |\n|---|---|")
        names = {"library_build_type": "google_benchmark_build"}  # the benchmark library's, not ndthrust's
        for k in keys:
            if k in ctx:
                out.append(f"| {names.get(k, k)} | {ctx[k]} |")
        if len(contexts) > 1:
            out.append(f"| files | {', '.join(n for n, _ in contexts)} |")
    meta = peers.get("meta", {})
    if meta:
        vers = ", ".join(f"{k} {v}" for k, v in sorted(meta.get("versions", {}).items()))
        shrunk = f", cut to 1/{meta['shrink']} of the elements" if meta.get("shrink") else ""
        out.append(f"\nPeers (bench/peers/peers.py, size set `{meta.get('size_set', '?')}`{shrunk}): {vers}.")
        how = {}
        for case, t in sorted(meta.get("numpy_timing", {}).items()):
            how.setdefault(t, []).append(f"`{case}`")
        for t, cs in sorted(how.items()):
            out.append(f"- NumPy timed as {t}: {', '.join(cs)}")
        for k, v in sorted(meta.get("skipped", {}).items()):
            out.append(f"- peer skipped `{k}`: {v}")
    if smi:
        out.append("\nnvidia-smi:\n\n```\n" + smi.strip() + "\n```")
    return "\n".join(out) + "\n"


def plot(runs, peers, path, heading=None):
    """Time of each ndthrust variant, the baseline and the peers, relative to the raw baseline (log scale)."""
    if not have_matplotlib():
        return False
    import matplotlib.pyplot as plt
    labels, values = [], []
    by = {(r.case, r.variant): r for r in runs}
    for r in runs:
        raw = by.get((r.case, "raw"))
        base = raw.seconds() if raw and not raw.error else None
        if not base or r.error or r.seconds() is None or r.variant.startswith("raw_"):
            continue
        labels.append(f"{r.family}/{r.case}/{r.variant}")
        values.append(r.seconds() / base)
        if r.variant == "raw":
            for key, title in PEERS:
                t = peers.get(f"{r.case}/{key}")
                if isinstance(t, (int, float)) and peers.get("meta", {}).get("sizes", {}).get(r.case) == r.size:
                    labels.append(f"{r.family}/{r.case}/{title}")
                    values.append(t / base)
    if not values:
        return False
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(values) + 1.5))
    ax.barh(range(len(values)), values, color=["C0" if "/nd" in l else "C7" if l.endswith("/raw") else "C1"
                                               for l in labels])
    ax.set_yticks(range(len(values)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.axvline(1.0, color="k", lw=0.8)
    ax.set_xlabel("time / raw baseline time (lower is faster)")
    if heading:
        ax.set_title(heading)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def have_matplotlib():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    except ImportError:
        return False
    return True


# --- the seed chain by size (--sweep) --------------------------------------------------------------------------------

def load_json_files(paths, what):
    out = []
    for path in paths or []:
        try:
            with open(path) as f:
                out.append((path, json.load(f)))
        except (OSError, ValueError) as e:
            print(f"bench_report: cannot read {what} {path}: {e}", file=sys.stderr)
    return out


# seed_experiment's graph_s column: the three calls captured once (nd::graph) and replayed; on the host backend the
# replay re-runs the calls. Older JSON without it simply has no such line.
GRAPH = "three calls replayed as a graph"


def sweep_series(files):
    """(label, {n: seconds}) per line of the table: NumPy first (the reference), then ndthrust and the GPU peers."""
    nd = {}
    peers = {}
    for _, data in files:
        if "backend" in data:  # examples/seed_experiment --json
            nd[data["backend"]] = data
        else:  # bench/peers/sweep.py
            for k, v in data.items():
                if isinstance(v, list):
                    peers[k] = v
                elif k == "meta":
                    peers.setdefault("meta", {}).update(v)

    def col(rows, key):
        return {int(r["n"]): r[key] for r in rows if isinstance(r.get(key), (int, float))}

    series = []
    if peers.get("numpy"):
        series.append(("NumPy (CPU, 1 thread)", col(peers["numpy"], "chain3_s")))
    if "omp" in nd:
        who = f"ndthrust host backend (omp, {nd['omp'].get('threads', '?')} threads)"
        series.append((who + ", three calls", col(nd["omp"].get("sweep", []), "chain3_s")))
        series.append((who + ", " + GRAPH, col(nd["omp"].get("sweep", []), "graph_s")))
        series.append((who + ", fused", col(nd["omp"].get("sweep", []), "fused_s")))
    if "cuda" in nd:
        gpu = nd["cuda"].get("gpu") or "GPU"
        series.append((f"ndthrust GPU ({gpu}), three calls", col(nd["cuda"].get("sweep", []), "chain3_s")))
        series.append((f"ndthrust GPU ({gpu}), " + GRAPH, col(nd["cuda"].get("sweep", []), "graph_s")))
        series.append((f"ndthrust GPU ({gpu}), fused", col(nd["cuda"].get("sweep", []), "fused_s")))
    if peers.get("cupy"):
        series.append(("CuPy, three calls", col(peers["cupy"], "chain3_s")))
        series.append(("CuPy, fused (cupy.fuse)", col(peers["cupy"], "fused_s")))
    if peers.get("torch"):
        series.append(("PyTorch, three calls", col(peers["torch"], "chain3_s")))
    return [(label, ts) for label, ts in series if ts], nd, peers.get("meta", {})


def fmt_n(n):
    e = int(round(math.log10(n))) if n > 0 else 0
    return f"1e{e}" if 10 ** e == n else f"{n:.3g}"


def fmt_speedup(k):
    return f"{k:.0f}×" if k >= 10 else f"{k:.2g}×"


def crossover(ts, ref):
    """Where ts first beats ref: (first table size, log-log interpolated size or None, text)."""
    common = sorted(n for n in ts if n in ref and ts[n] > 0 and ref[n] > 0)
    if not common:
        return None, None, "not measured at a common size"
    for i, n in enumerate(common):
        if ts[n] < ref[n]:
            if i == 0:
                return n, None, f"already at {fmt_n(n)}, the smallest size measured"
            n0 = common[i - 1]
            x0, x1 = math.log10(n0), math.log10(n)
            y0, y1 = math.log10(ts[n0] / ref[n0]), math.log10(ts[n] / ref[n])
            at = 10 ** (x0 - y0 * (x1 - x0) / (y1 - y0))
            return n, at, f"at {fmt_n(n)} in the table (log-log interpolation: about {at:.2g} elements)"
    return None, None, f"not up to {fmt_n(common[-1])}, the largest size measured against NumPy"


def sweep_plot(series, path):
    if not have_matplotlib():
        return False
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 5))
    for i, (label, ts) in enumerate(series):
        ns = sorted(ts)
        style = ":" if GRAPH in label else "-" if "three calls" in label or label.startswith("NumPy") else "--"
        ax.loglog(ns, [ts[n] for n in ns], style, marker="o", ms=4, label=label, color=f"C{i}")
    ax.set_xlabel("elements (float64)")
    ax.set_ylabel("seconds per chain (host wall time, one sync per batch)")
    ax.set_title("x *= 5; x *= x; x += x")
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def sweep_section(files, png):
    """Markdown of "The seed chain by size"; writes the plot to png when it can. Returns (markdown, summary lines)."""
    series, nd, meta = sweep_series(files)
    if not series:
        return "## The seed chain by size\n\nNo sweep results could be read.\n", None
    sizes = sorted({n for _, ts in series for n in ts})
    numpy = series[0][1] if series[0][0].startswith("NumPy") else {}
    head = ["chain `x*=5; x*=x; x+=x`, f64"] + [fmt_n(n) for n in sizes]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, ts in series:
        cells = [label]
        for n in sizes:
            t = ts.get(n)
            if t is None:
                cells.append("—")
            elif numpy.get(n) and ts is not numpy:
                cells.append(f"{fmt_time(t)} ({fmt_speedup(numpy[n] / t)})")
            else:
                cells.append(fmt_time(t))
        lines.append("| " + " | ".join(cells) + " |")
    out = ["## The seed chain by size\n", "\n".join(lines) + "\n",
           "Host wall time per chain with one synchronisation after a batch of chains (median of three batches); "
           "(k×) = NumPy's time / this time at the same size. At small sizes the time is launch and call overhead, "
           "not memory traffic."]
    summary = []
    if numpy:
        found = []
        for label, ts in series[1:]:
            _, _, text = crossover(ts, numpy)
            found.append(f"- {label}: faster than NumPy {text}")
            if "GPU" in label:
                summary.append(f"sweep: {label} overtakes NumPy {text}")
        out.append("\nWhere each overtakes NumPy (first size with a shorter time):\n\n" + "\n".join(found))
    vers = ", ".join(f"{k} {v}" for k, v in sorted(meta.get("versions", {}).items()))
    if vers:
        top = f"; NumPy measured up to {fmt_n(max(numpy))}" if numpy else ""
        out.append(f"\nPeers (bench/peers/sweep.py): {vers}{top}.")
    for k, v in sorted(meta.get("skipped", {}).items()):
        out.append(f"- peer skipped `{k}`: {v}")

    exps = [(b, d) for b, d in sorted(nd.items()) if d.get("experiment")]
    if exps:
        rows = [("ones_ms", "`x = ones(shape)`"), ("scale_ms", "`x *= 5`"), ("chain3_ms", "chain, three calls"),
                ("fused_ms", "chain, one fused call")]
        who = [f"ndthrust GPU ({d.get('gpu') or '?'})" if b == "cuda" else f"ndthrust omp ({d.get('threads', '?')} threads)"
               for b, d in exps]
        out.append("\nThe seed experiment (float64, " + ", ".join(f"{d['experiment'].get('shape', '?')} on {b}"
                                                                   for b, d in exps) +
                   "; median of device-timed runs after a warm-up):\n")
        out.append("| operation | " + " | ".join(who) + " |\n|" + "---|" * (len(who) + 1))
        for key, title in rows:
            out.append(f"| {title} | " + " | ".join(fmt_time(d["experiment"][key] * 1e-3)
                                                    if isinstance(d["experiment"].get(key), (int, float)) else "—"
                                                    for _, d in exps) + " |")
        for b, d in exps:
            if d.get("check") and d["check"] != "ok":
                out.append(f"\n**seed_experiment on {b}: check {d['check']}**")
                summary.append(f"sweep: seed_experiment on {b}: check {d['check']}")
    if png and sweep_plot(series, png):
        out.append(f"\n![the chain by size, log-log]({os.path.basename(png)})")
    return "\n".join(out) + "\n", summary


# --- example programs (--ports, --ports-peers) ----------------------------------------------------------------------

RESULT = re.compile(r"^RESULT example=(\S+) variant=(\S+) ms=(\S+) n=(.*?) check=(\S+)\s*$")


def load_results(paths):
    """[(file, example, variant, seconds, n, check)] from example output files."""
    out = []
    for path in paths or []:
        try:
            with open(path, errors="replace") as f:
                for line in f:
                    m = RESULT.match(line.strip())
                    if m:
                        try:
                            s = float(m.group(3)) * 1e-3
                        except ValueError:
                            s = None
                        out.append((os.path.basename(path), m.group(1), m.group(2), s, m.group(4).strip(),
                                    m.group(5)))
        except OSError as e:
            print(f"bench_report: cannot read {path}: {e}", file=sys.stderr)
    return out


def ports_section(results, peer_files):
    peers, sizes = {}, {}
    for _, data in peer_files:
        for k, v in data.items():
            if k == "meta":
                sizes.update(v.get("sizes", {}) if isinstance(v, dict) else {})
            elif isinstance(v, (int, float)) and k.count("/") == 2:
                peers[tuple(k.split("/"))] = v
    titles = dict(PEERS)
    peer_keys = [k for k, _ in PEERS if any(p == k for _, _, p in peers)]
    peer_keys += sorted({p for _, _, p in peers} - set(peer_keys))
    examples = []
    for _, ex, _, _, _, _ in results:
        if ex not in examples:
            examples.append(ex)
    for ex, _, _ in peers:
        if ex not in examples:
            examples.append(ex)
    several = len({r[0] for r in results}) > 1
    head = ["example", "variant", "size", "ndthrust", "check"] + (["from"] if several else []) + \
        [titles.get(k, k) for k in peer_keys]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    summary = []

    def peer_cells(ex, var, ref):
        cells = []
        for k in peer_keys:
            t = peers.get((ex, var, k))
            if t is None:
                cells.append("")
            else:
                cells.append(fmt_time(t) + (f" (×{fmt_ratio(t, ref)})" if ref else ""))
        return cells

    for ex in examples:
        mine = [r for r in results if r[1] == ex]
        times = [r[3] for r in mine if r[3]]
        best = min(times) if times else None
        first = True
        for f, _, var, t, n, check in mine:
            cells = [ex if first else "", f"`{var}`", n, fmt_time(t), check if check == "ok" else f"**{check}**"]
            cells += [f] if several else []
            lines.append("| " + " | ".join(cells + peer_cells(ex, var, t)) + " |")
            summary.append(f"example {ex}/{var}: {fmt_time(t)} n={n} check={check}")
            first = False
        mine_vars = {r[2] for r in mine}
        for var in sorted({v for e, v, _ in peers if e == ex} - mine_vars):
            cells = [ex if first else "", f"{var} (peers only)", str(sizes.get(ex, "")), "—", ""]
            cells += [""] if several else []
            lines.append("| " + " | ".join(cells + peer_cells(ex, var, best)) + " |")
            first = False
    if not examples:
        return "## Example programs\n\nNo RESULT lines or example peers could be read.\n", summary
    legend = ("Peer cells: time (×k = peer time / ndthrust's time of the same variant, or of the example's fastest "
              "ndthrust variant on peers-only rows; above 1: ndthrust faster). Times are medians after a warm-up.")
    if sizes:
        legend += " Peer sizes: " + ", ".join(f"{k} {v}" for k, v in sorted(sizes.items())) + "."
    return "## Example programs\n\n" + "\n".join(lines) + "\n\n" + legend + "\n", summary


def summary_lines(runs):
    by = {(r.case, r.variant): r for r in runs}
    out = []
    for r in runs:
        if r.error:
            out.append(f"{r.family}/{r.case}/{r.variant}: skipped ({r.error})")
            continue
        raw = by.get((r.case, "raw"))
        extra = []
        if r.variant != "raw" and raw and not raw.error:
            extra.append(f"x{fmt_ratio(r.seconds(), raw.seconds())} of raw")
        if r.copy_pct() is not None:
            extra.append(f"{r.copy_pct():.0f}% copy bw")
        out.append(f"{r.family}/{r.case}/{r.variant}: {fmt_time(r.seconds())}" + (f" ({', '.join(extra)})" if extra else ""))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench_json", nargs="*", help="Google Benchmark JSON files (--benchmark_out_format=json)")
    ap.add_argument("--peers", help="JSON written by bench/peers/peers.py")
    ap.add_argument("--name", help="write bench/results/NAME.md (and NAME.png)")
    ap.add_argument("--out", help="the markdown file to write (instead of --name)")
    ap.add_argument("--nvidia-smi", dest="smi", help="a file with nvidia-smi's output, quoted in the report")
    ap.add_argument("--title", default="ndthrust benchmarks")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--summary", action="store_true", help="also print one line per benchmark")
    ap.add_argument("--sweep", action="append", default=[],
                    help="examples/seed_experiment --json output or bench/peers/sweep.py JSON (repeatable)")
    ap.add_argument("--ports", action="append", default=[],
                    help="an example program's output with RESULT lines (repeatable)")
    ap.add_argument("--ports-peers", dest="ports_peers", action="append", default=[],
                    help='JSON {"example/variant/peer": seconds} (repeatable)')
    args = ap.parse_args(argv)
    if not args.out and not args.name:
        ap.error("give --name or --out")
    if not (args.bench_json or args.sweep or args.ports or args.ports_peers):
        ap.error("give benchmark JSON files, --sweep, --ports or --ports-peers")
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "results",
                                   args.name + ".md")

    runs, contexts = [], []
    for path in args.bench_json:  # one unreadable file (a crashed binary) must not lose the others
        try:
            r, c = load_benchmarks([path])
            runs += r
            contexts += c
        except (OSError, ValueError, KeyError) as e:
            print(f"bench_report: cannot read {path}: {e}", file=sys.stderr)
    peers = {}
    if args.peers:
        try:
            with open(args.peers) as f:
                peers = json.load(f)
        except (OSError, ValueError) as e:
            print(f"bench_report: cannot read {args.peers}: {e}", file=sys.stderr)
    smi = ""
    if args.smi and os.path.exists(args.smi):
        with open(args.smi) as f:
            smi = f.read()

    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)  # before the plots are written beside it
    parts = [f"# {args.title}\n", context_section(contexts, peers, smi)]
    families = []
    for r in runs:
        if r.family not in families:
            families.append(r.family)
    stem = os.path.splitext(out)[0]
    for fam in families:
        fruns = [r for r in runs if r.family == fam]
        parts.append(f"## {fam}\n\n" + family_table(fruns, peers))
        fpng = f"{stem}-{re.sub(r'[^A-Za-z0-9_.-]', '_', fam)}.png"
        if not args.no_plot and plot(fruns, peers, fpng, heading=fam):
            parts.append(f"![{fam}: time relative to the raw baseline]({os.path.basename(fpng)})\n")
    if args.bench_json and not runs:
        parts.append("No benchmark results could be read.\n")
    png = stem + ".png"
    if not args.no_plot and plot(runs, peers, png):
        parts.append(f"![time relative to the raw baseline]({os.path.basename(png)})\n")
    extra, ok = [], bool(runs) or not args.bench_json  # extra: summary lines; ok: every requested part has data
    if args.sweep:
        md, lines = sweep_section(load_json_files(args.sweep, "sweep"), None if args.no_plot else stem + "-sweep.png")
        parts.append(md)
        ok = ok and lines is not None
        extra += lines or []
    if args.ports or args.ports_peers:
        results = load_results(args.ports)
        md, lines = ports_section(results, load_json_files(args.ports_peers, "ports peers"))
        parts.append(md)
        ok = ok and bool(results)
        extra += lines
    with open(out, "w") as f:
        f.write("\n".join(parts).rstrip("\n") + "\n")
    print(f"bench_report: wrote {out}", file=sys.stderr)
    if args.summary:
        print("\n".join(summary_lines(runs) + extra))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
