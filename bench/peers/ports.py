#!/usr/bin/env python3
"""CuPy's and NumPy's versions of the three CuPy examples that examples/black_scholes.cpp, monte_carlo.cpp and
kmeans.cpp port (specifications: PORTS.md), timed like the ports for tools/bench_report.py to put beside them.

Writes JSON {"<example>/<variant>/<peer>": seconds, ..., "meta": {...}}. <variant> is the C++ example's variant
that does the same job: "ufuncs" (one kernel per NumPy operation; NumPy and CuPy), "fused" (CuPy's
ElementwiseKernel / ReductionKernel versions). meta records each example's size in the text the examples print
after n= in their RESULT lines (so the report compares equal sizes), the library versions and what was skipped.

Timing: a warm-up run, then the median of the repetitions; CuPy's device-only work (Black-Scholes, Monte-Carlo) by
CUDA events, k-means (which reads a flag on the host every iteration) and NumPy by wall clock after a sync.
CuPy is optional: without it only NumPy runs (Monte-Carlo needs scipy.special.erfcinv for NumPy and then runs only
at small sizes).

  ports.py OUT.json                           # PORTS.md sizes (the GPU machine)
  ports.py OUT.json --small                   # the examples' --small sizes (a smoke test; NumPy only without a GPU)
  ports.py OUT.json --peers numpy,cupy --bs-n N --mc-options O --mc-threads T --mc-samples S --km-n N --km-k K

k-means on the same input as NumPy, checked against NumPy's labels and centers (the two commands):
  python3 bench/peers/ports.py ports.json --kmeans-dir kmeans-npy
  <build>/examples/kmeans --input kmeans-npy/X.npy --init kmeans-npy/init.npy \
      --expect kmeans-npy/labels.npy kmeans-npy/centers.npy
Monte-Carlo on CuPy's inputs, checked against CuPy's prices to rounding (same threads and samples on both sides):
  python3 bench/peers/ports.py ports.json --mc-dir mc-npy
  <build>/examples/monte_carlo --input mc-npy/S.npy mc-npy/X.npy mc-npy/T.npy --expect mc-npy/call_cupy.npy
  (call_numpy.npy instead where NumPy ran: the --small sizes)
"""
import argparse
import contextlib
import gc
import importlib
import json
import math
import os
import statistics
import sys

import numpy as np

from peers import wall  # median wall-clock seconds after a warm-up, a sync after each call

R, V = 0.02, 0.3  # the examples' riskless rate and volatility


@contextlib.contextmanager
def guard(notes, label):
    """Runs one peer's part of an example: a failure (a kernel that does not compile, out of memory) is noted and the
    other parts go on."""
    try:
        yield
    except Exception as e:
        notes.append(f"{label} failed: {type(e).__name__}: {e}")
        print(f"ports: {label} failed: {type(e).__name__}: {e}", file=sys.stderr)


# --- timing --------------------------------------------------------------------------------------------------------
def events(cp, fn, reps):
    """Median seconds of device time by CUDA events on the current stream, after one warm-up."""
    fn()
    cp.cuda.Device().synchronize()
    ts = []
    for _ in range(reps):
        start, stop = cp.cuda.Event(), cp.cuda.Event()
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        ts.append(cp.cuda.get_elapsed_time(start, stop) / 1e3)
    return statistics.median(ts)


# --- Black-Scholes (CuPy's finance/black_scholes.py) ----------------------------------------------------------------
def black_scholes(xp, s, x, t, r, v):
    """One operation at a time, for NumPy and CuPy alike."""
    sqrt_t = xp.sqrt(t)
    d1 = (xp.log(s / x) + (r + v * v / 2) * t) / (v * sqrt_t)
    d2 = d1 - v * sqrt_t

    def cnd(d):
        A1, A2, A3, A4, A5 = 0.31938153, -0.356563782, 1.781477937, -1.821255978, 1.330274429
        RSQRT2PI = 0.39894228040143267793994605993438
        k = 1.0 / (1.0 + 0.2316419 * xp.abs(d))
        c = RSQRT2PI * xp.exp(-0.5 * d * d) * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))))
        return xp.where(d > 0, 1 - c, c)

    n1, n2 = cnd(d1), cnd(d2)
    exp_rt = xp.exp(-r * t)
    call = s * n1 - x * exp_rt * n2
    put = x * exp_rt * (1 - n2) - s * (1 - n1)
    return call, put


BLACK_SCHOLES_KERNEL = dict(
    in_params="T s, T x, T t, T r, T v", out_params="T call, T put",
    operation="""
    const T sqrt_t = sqrt(t);
    const T d1 = (log(s / x) + (r + v * v / 2) * t) / (v * sqrt_t);
    const T d2 = d1 - v * sqrt_t;
    const T cnd_d1 = get_cumulative_normal_distribution(d1);
    const T cnd_d2 = get_cumulative_normal_distribution(d2);
    const T exp_rt = exp(- r * t);
    call = s * cnd_d1 - x * exp_rt * cnd_d2;
    put = x * exp_rt * (1 - cnd_d2) - s * (1 - cnd_d1);
    """,
    name="black_scholes_kernel",
    preamble="""
    template <typename T>
    __device__ inline T get_cumulative_normal_distribution(T x) {
        const T A1 = 0.31938153, A2 = -0.356563782, A3 = 1.781477937, A4 = -1.821255978, A5 = 1.330274429;
        const T RSQRT2PI = 0.39894228040143267793994605993438;
        const T k = 1 / (1 + 0.2316419 * fabs(x));
        T cnd = RSQRT2PI * exp(- x * x / 2) * (k * (A1 + k * (A2 + k * (A3 + k * (A4 + k * A5)))));
        if (x > 0) cnd = 1 - cnd;
        return cnd;
    }
    """)


def option_inputs(xp, rng, n):
    return (xp.asarray(rng.uniform(5, 30, n)), xp.asarray(rng.uniform(1, 100, n)),
            xp.asarray(rng.uniform(0.25, 10, n)))


def run_black_scholes(peers, n, reps, out, notes):
    rng = np.random.default_rng(0)
    hs, hx, ht = option_inputs(np, rng, n)
    ref_call, ref_put = black_scholes(np, hs, hx, ht, R, V)
    if "numpy" in peers:
        with guard(notes, "black_scholes/ufuncs/numpy"):
            out["black_scholes/ufuncs/numpy"] = wall(lambda: black_scholes(np, hs, hx, ht, R, V), lambda: None,
                                                     reps["numpy"])
    cp = peers.get("cupy")
    if cp is None:
        return
    s, x, t = cp.asarray(hs), cp.asarray(hx), cp.asarray(ht)

    def check(name, c, p):  # the check of CuPy's example: the versions agree within rtol 1e-7 (atol for prices near 0)
        ok = np.allclose(cp.asnumpy(c), ref_call, rtol=1e-7, atol=1e-12) and \
            np.allclose(cp.asnumpy(p), ref_put, rtol=1e-7, atol=1e-12)
        if not ok:
            notes.append(f"black_scholes/{name}/cupy differs from NumPy beyond rtol 1e-7")

    with guard(notes, "black_scholes/ufuncs/cupy"):
        check("ufuncs", *black_scholes(cp, s, x, t, R, V))
        out["black_scholes/ufuncs/cupy"] = events(cp, lambda: black_scholes(cp, s, x, t, R, V), reps["cupy"])
    with guard(notes, "black_scholes/fused/cupy"):
        kernel = cp.ElementwiseKernel(**BLACK_SCHOLES_KERNEL)
        check("fused", *kernel(s, x, t, R, V))
        out["black_scholes/fused/cupy"] = events(cp, lambda: kernel(s, x, t, R, V), reps["cupy"])


# --- Monte-Carlo option pricing (CuPy's finance/monte_carlo.py) ----------------------------------------------------
MONTE_CARLO_KERNEL = dict(
    in_params="T s, T x, T t, T r, T v, int32 n_samples, uint64 seed", out_params="T call",
    operation="""
    unsigned long long rand_state[2];
    init_state(rand_state, i, seed);  // i: the flat index of this element of the (options, threads) grid
    T call_sum = 0;
    const T v_by_sqrt_t = v * sqrt(t);
    const T mu_by_t = (r - v * v / 2) * t;
    for (int k = 0; k < n_samples; ++k) {
        const T p = sample_normal<T>(rand_state);
        call_sum += get_call_value(s, x, p, mu_by_t, v_by_sqrt_t);
    }
    const T discount_factor = exp(- r * t);
    call = discount_factor * call_sum / n_samples;
    """,
    name="monte_carlo_kernel",
    preamble="""
    __device__ inline unsigned long long xorshift128plus(unsigned long long* a) {
        unsigned long long s1 = a[0];
        const unsigned long long s0 = a[1];
        a[0] = s0;
        s1 ^= s1 << 23;
        s1 ^= s1 >> 17;
        s1 ^= s0;
        s1 ^= s0 >> 26;
        a[1] = s1;
        return s0 + s1;
    }
    __device__ inline void init_state(unsigned long long* a, unsigned long long i, unsigned long long seed) {
        a[0] = i + 1;
        a[1] = 0x5c721fd808f616b6ull + seed;
    }
    template <typename T>
    __device__ inline T sample_normal(unsigned long long* state) {
        T u = static_cast<T>(xorshift128plus(state)) / T(18446744073709551615.0);
        T s = T(-1.4142135623730950488);
        if (u > 0.5) {
            u = 1 - u;
            s = -s;
        }
        return s * erfcinv(2 * (u + T(0.5)));
    }
    template <typename T>
    __device__ inline T get_call_value(T s, T x, T p, T mu_by_t, T v_by_sqrt_t) {
        const T call_value = s * exp(mu_by_t + v_by_sqrt_t * p) - x;
        return (call_value > 0) ? call_value : 0;
    }
    """)


def erfcinv_python(y):
    """erfcinv(y) = -Φ⁻¹(y/2)/√2 by Python's NormalDist (Wichura's AS241, double precision)."""
    if y <= 0:
        return math.inf
    if y >= 2:
        return -math.inf
    if y > 1:
        return -erfcinv_python(2 - y)
    return -statistics.NormalDist().inv_cdf(y / 2) / math.sqrt(2)


def monte_carlo_numpy(erfcinv, s, x, t, threads, samples, seed=0):
    """The kernel vectorised over the grid, a loop over the samples (small sizes only)."""
    n = len(s) * threads
    with np.errstate(over="ignore"):
        a0 = np.arange(n, dtype=np.uint64) + np.uint64(1)
        a1 = np.full(n, np.uint64(0x5c721fd808f616b6) + np.uint64(seed), dtype=np.uint64)
        S, X, T = (np.repeat(a, threads) for a in (s, x, t))
        v_by_sqrt_t, mu_by_t = V * np.sqrt(T), (R - V * V / 2) * T
        total = np.zeros(n)
        for _ in range(samples):
            s1, s0 = a0, a1
            a0 = s0
            s1 = s1 ^ (s1 << np.uint64(23))
            s1 = s1 ^ (s1 >> np.uint64(17))
            s1 = s1 ^ s0 ^ (s0 >> np.uint64(26))
            a1 = s1
            u = (s0 + s1).astype(np.float64) / 18446744073709551615.0
            sign = np.where(u > 0.5, np.sqrt(2.0), -np.sqrt(2.0))
            u = np.where(u > 0.5, 1 - u, u)
            z = sign * erfcinv(2 * (u + 0.5)).astype(np.float64)
            total += np.maximum(S * np.exp(mu_by_t + v_by_sqrt_t * z) - X, 0)
    call = np.exp(-R * T) * total / samples
    return call.reshape(len(s), threads).mean(axis=1)


def run_monte_carlo(peers, options, threads, samples, reps, out, notes, folder):
    rng = np.random.default_rng(0)
    hs, hx, ht = option_inputs(np, rng, options)
    call_bs = black_scholes(np, hs, hx, ht, R, V)[0]
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name, a in (("S", hs), ("X", hx), ("T", ht)):
            np.save(os.path.join(folder, name + ".npy"), a)
    if "numpy" in peers:
        with guard(notes, "monte_carlo/fused/numpy"):
            monte_carlo_numpy_run(hs, hx, ht, threads, samples, call_bs, reps, out, notes, folder)
    cp = peers.get("cupy")
    if cp is not None:
        with guard(notes, "monte_carlo/fused/cupy"):
            monte_carlo_cupy_run(cp, hs, hx, ht, threads, samples, call_bs, reps, out, notes, folder)


def monte_carlo_numpy_run(hs, hx, ht, threads, samples, call_bs, reps, out, notes, folder):
    try:
        erfcinv, limit = importlib.import_module("scipy.special").erfcinv, 10**8
    except ImportError:  # NumPy has no erfcinv: Python's inverse normal CDF, one call per draw
        erfcinv, limit = np.frompyfunc(erfcinv_python, 1, 1), 10**7
    if len(hs) * threads * samples > limit:
        notes.append(f"monte_carlo/numpy skipped: over {limit:.0e} draws")
        return
    call = monte_carlo_numpy(erfcinv, hs, hx, ht, threads, samples)
    notes.append(f"monte_carlo/numpy: Error std(call_mc - call_bs) = {np.std(call - call_bs):.6g}")
    if folder:
        np.save(os.path.join(folder, "call_numpy.npy"), call)
    out["monte_carlo/fused/numpy"] = wall(
        lambda: monte_carlo_numpy(erfcinv, hs, hx, ht, threads, samples), lambda: None, reps["numpy"])


def monte_carlo_cupy_run(cp, hs, hx, ht, threads, samples, call_bs, reps, out, notes, folder):
    s, x, t = cp.asarray(hs)[:, None], cp.asarray(hx)[:, None], cp.asarray(ht)[:, None]
    kernel = cp.ElementwiseKernel(**MONTE_CARLO_KERNEL)

    def price():
        grid = cp.empty((len(hs), threads), dtype=np.float64)
        # NumPy scalars of exactly the int32 / uint64 parameter types; the Python floats R and V are cast to T.
        kernel(s, x, t, R, V, np.int32(samples), np.uint64(0), grid)
        return grid.mean(axis=1)

    call = cp.asnumpy(price())
    if folder:
        np.save(os.path.join(folder, "call_cupy.npy"), call)
    err = float(np.std(call - call_bs))
    notes.append(f"monte_carlo/cupy: Error std(call_mc - call_bs) = {err:.6g}")
    out["monte_carlo/fused/cupy"] = events(cp, price, reps["cupy"])


# --- k-means (CuPy's kmeans/kmeans.py) ------------------------------------------------------------------------------
def fit(xp, X, init, max_iter, custom=None):
    """CuPy's fit with the initial indices given; `custom` = (var_kernel, sum_kernel, count_kernel) for its
    use_custom_kernel path."""
    n_clusters = len(init)
    pred = xp.zeros(len(X), dtype=np.int64)
    centers = X[init]
    for it in range(max_iter):
        if custom is None:
            distances = xp.linalg.norm(X[:, None, :] - centers[None, :, :], axis=2)
        else:
            distances = custom[0](X[:, None, 0], X[:, None, 1], centers[None, :, 0], centers[None, :, 1])
        new_pred = xp.argmin(distances, axis=1)
        if xp.all(new_pred == pred):
            break
        pred = new_pred
        i = xp.arange(n_clusters)
        mask = pred == i[:, None]
        if custom is None:
            sums = xp.where(mask[:, :, None], X, 0).sum(axis=1)
            counts = xp.count_nonzero(mask, axis=1).reshape((n_clusters, 1))
        else:
            sums = custom[1](X, mask[:, :, None], axis=1)
            counts = custom[2](mask, axis=1).reshape((n_clusters, 1))
        centers = sums / counts
    return centers, pred


def kmeans_kernels(cp):
    var = cp.ElementwiseKernel("T x0, T x1, T c0, T c1", "T out",
                               "out = (x0 - c0) * (x0 - c0) + (x1 - c1) * (x1 - c1)", "var_kernel")
    total = cp.ReductionKernel("T x, S mask", "T out", "mask ? x : 0", "a + b", "out = a", "0", "sum_kernel")
    count = cp.ReductionKernel("T mask", "float32 out", "mask ? 1.0 : 0.0", "a + b", "out = a", "0.0",
                               "count_kernel")
    return var, total, count


def run_kmeans(peers, n, k, max_iter, reps, out, notes, folder):
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((n // 2, 2))
    X = np.concatenate([Z + 1, Z - 1])
    init = rng.choice(len(X), k, replace=False).astype(np.int64)
    with guard(notes, "kmeans/ufuncs/numpy"):
        if "numpy" in peers or folder:  # this fit is also NumPy's warm-up (at 1e7 points a fit takes seconds)
            centers, labels = fit(np, X, init, max_iter)
            if folder:
                os.makedirs(folder, exist_ok=True)
                for name, a in (("X", X), ("init", init), ("labels", labels.astype(np.int64)), ("centers", centers)):
                    np.save(os.path.join(folder, name + ".npy"), a)
        if "numpy" in peers:
            out["kmeans/ufuncs/numpy"] = wall(lambda: fit(np, X, init, max_iter), lambda: None, reps["numpy"], warm=0)
    cp = peers.get("cupy")
    if cp is None:
        return
    dX, dinit = cp.asarray(X), cp.asarray(init)
    sync = cp.cuda.Device().synchronize
    if X.shape[1] == 2:
        with guard(notes, "kmeans/fused/cupy"):
            custom = kmeans_kernels(cp)
            out["kmeans/fused/cupy"] = wall(lambda: fit(cp, dX, dinit, max_iter, custom), sync, reps["cupy"])
    with guard(notes, "kmeans/ufuncs/cupy"):
        out["kmeans/ufuncs/cupy"] = wall(lambda: fit(cp, dX, dinit, max_iter), sync, reps["cupy"])


def write(path, out, meta):
    with open(path, "w") as f:
        json.dump(dict(out, meta=meta), f, indent=1)


# --- main ------------------------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="the JSON file to write")
    ap.add_argument("--small", action="store_true", help="the examples' --small sizes")
    ap.add_argument("--peers", default="numpy,cupy")
    ap.add_argument("--examples", default="black_scholes,monte_carlo,kmeans")
    ap.add_argument("--bs-n", type=int)
    ap.add_argument("--mc-options", type=int)
    ap.add_argument("--mc-threads", type=int)
    ap.add_argument("--mc-samples", type=int)
    ap.add_argument("--km-n", type=int)
    ap.add_argument("--km-k", type=int, default=2)
    ap.add_argument("--km-iters", type=int, default=10)
    ap.add_argument("--reps", type=int, help="repetitions after the warm-up (default 5; 3 with --small)")
    ap.add_argument("--numpy-reps", type=int, help="NumPy's repetitions (default 3: its k-means takes seconds)")
    ap.add_argument("--kmeans-dir", help="write X.npy, init.npy and NumPy's labels.npy, centers.npy here")
    ap.add_argument("--mc-dir", help="write S.npy, X.npy, T.npy and the prices call_cupy.npy / call_numpy.npy here")
    a = ap.parse_args()
    small = a.small
    bs_n = a.bs_n or (100_000 if small else 10_000_000)
    mc = (a.mc_options or (32 if small else 1000), a.mc_threads or (128 if small else 100_000),
          a.mc_samples or (512 if small else 1000))
    km_n = (a.km_n or (20_000 if small else 10_000_000)) // 2 * 2
    reps = a.reps or (3 if small else 5)
    numpy_reps = a.numpy_reps or min(reps, 3)

    peers, notes = {}, []
    wanted = a.peers.split(",")
    if "numpy" in wanted:
        peers["numpy"] = np
    if "cupy" in wanted:
        try:
            peers["cupy"] = importlib.import_module("cupy")
            peers["cupy"].cuda.runtime.getDeviceCount()
        except Exception as e:  # not installed, or no usable GPU
            peers.pop("cupy", None)
            notes.append(f"cupy skipped: {type(e).__name__}: {e}")
    out = {}
    examples = a.examples.split(",")
    reps = {"numpy": numpy_reps, "cupy": reps}
    meta = {
        "black_scholes": f"{bs_n}_f64",
        "monte_carlo": f"{mc[0]}x{mc[1]}x{mc[2]}_f64",
        "kmeans": f"{km_n}x2_k{a.km_k}_f64",
        "numpy": np.__version__,
        "cupy": peers["cupy"].__version__ if "cupy" in peers else None,
        "reps": reps,  # per peer
        "notes": notes,
    }
    runs = {"black_scholes": lambda: run_black_scholes(peers, bs_n, reps, out, notes),
            "monte_carlo": lambda: run_monte_carlo(peers, *mc, reps, out, notes, a.mc_dir),
            "kmeans": lambda: run_kmeans(peers, km_n, a.km_k, a.km_iters, reps, out, notes, a.kmeans_dir)}
    for name in [e for e in examples if e in runs]:
        with guard(notes, name):
            runs[name]()
        if "cupy" in peers:  # the example's device arrays are gone: give their memory back before the next one
            gc.collect()
            peers["cupy"].get_default_memory_pool().free_all_blocks()
        write(a.out, out, meta)  # after every example, so that a run cut short by a timeout keeps the others
    write(a.out, out, meta)
    for key, value in out.items():
        print(f"{key:32s} {value * 1e3:10.3f} ms")
    for note in notes:
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
