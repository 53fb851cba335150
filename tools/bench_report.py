#!/usr/bin/env python3
"""Merges Google Benchmark JSON files (one per bench binary) and bench/peers/peers.py's JSON into a markdown report.

  tools/bench_report.py --name h100-2026-11-21 bench_core.json [bench_reduce.json ...] --peers peers.json
  tools/bench_report.py --out OUTDIR/report.md --nvidia-smi OUTDIR/nvidia-smi.txt OUTDIR/bench_*.json

Benchmarks are named "<family>/<case>/<variant>" (bench/support/bench_util.h): variants "nd*" are ndthrust, "raw"
is the baseline of the ratio, "raw_*" are further references. Each family gets a table with one row per ndthrust
variant: its time, the raw baseline's, the ratio, the share of the measured copy bandwidth, and CuPy / PyTorch /
NumPy where peers.py measured the same size. A PNG plot is written beside the report when matplotlib is importable.
"""
import argparse
import json
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
        out.append(f"\nPeers (bench/peers/peers.py, size set `{meta.get('size_set', '?')}`): {vers}.")
        for k, v in sorted(meta.get("skipped", {}).items()):
            out.append(f"- peer skipped `{k}`: {v}")
    if smi:
        out.append("\nnvidia-smi:\n\n```\n" + smi.strip() + "\n```")
    return "\n".join(out) + "\n"


def plot(runs, peers, path):
    """Time of each ndthrust variant, the baseline and the peers, relative to the raw baseline (log scale)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
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
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


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
    ap.add_argument("bench_json", nargs="+", help="Google Benchmark JSON files (--benchmark_out_format=json)")
    ap.add_argument("--peers", help="JSON written by bench/peers/peers.py")
    ap.add_argument("--name", help="write bench/results/NAME.md (and NAME.png)")
    ap.add_argument("--out", help="the markdown file to write (instead of --name)")
    ap.add_argument("--nvidia-smi", dest="smi", help="a file with nvidia-smi's output, quoted in the report")
    ap.add_argument("--title", default="ndthrust benchmarks")
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--summary", action="store_true", help="also print one line per benchmark")
    args = ap.parse_args(argv)
    if not args.out and not args.name:
        ap.error("give --name or --out")
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

    parts = [f"# {args.title}\n", context_section(contexts, peers, smi)]
    families = []
    for r in runs:
        if r.family not in families:
            families.append(r.family)
    for fam in families:
        parts.append(f"## {fam}\n\n" + family_table([r for r in runs if r.family == fam], peers))
    if not runs:
        parts.append("No benchmark results could be read.\n")
    png = os.path.splitext(out)[0] + ".png"
    if not args.no_plot and plot(runs, peers, png):
        parts.append(f"![time relative to the raw baseline]({os.path.basename(png)})\n")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(parts).rstrip("\n") + "\n")
    print(f"bench_report: wrote {out}", file=sys.stderr)
    if args.summary:
        print("\n".join(summary_lines(runs)))
    return 0 if runs else 1


if __name__ == "__main__":
    sys.exit(main())
