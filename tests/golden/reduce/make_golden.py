#!/usr/bin/env python3
"""Golden data for tests/test_reduce.cpp and tests/test_scan.cpp, computed by NumPy.

Run from anywhere: `python3 tests/golden/reduce/make_golden.py` rewrites the *.txt files beside this script.
The format is the core families' one (tests/golden/core/make_golden.py), without view information:
    name | shape | - | - | - | 00 | values
Inputs are cases named in_<dtype>; results are named <function>_<dtype>_<layout>_<axes>[_k] (keepdims), where the
layout is applied to the input first:
    c  the input as is (C-contiguous)
    t  a.transpose(2, 0, 1)
    s  a[:, ::2, ::-1]   (sliced, negative stride)
Floating results are written with 12 significant digits; the tests compare with a relative tolerance.
"""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import golden_txt  # noqa: E402  (tests/golden/golden_txt.py: the shared format)

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")  # NumPy's RuntimeWarnings for all-NaN slices and ddof >= N are expected

AXES = {"all": None, "a0": 0, "a1": 1, "a2": 2, "am1": -1, "a02": (0, 2), "a12": (1, 2), "am3m1": (-3, -1)}
ARG_AXES = {k: AXES[k] for k in ("all", "a0", "a1", "am1")}
LAYOUTS = {"c": lambda a: a, "t": lambda a: a.transpose(2, 0, 1), "s": lambda a: a[:, ::2, ::-1]}


def Writer(name):
    return golden_txt.Writer(HERE, name)


rng = np.random.default_rng(7)
SHAPE = (2, 3, 4)
INPUTS = {
    "f64": (rng.integers(-40, 40, SHAPE) / 8.0).astype(np.float64),
    "f32": (rng.integers(-40, 40, SHAPE) / 4.0).astype(np.float32),
    "i32": rng.integers(-50, 50, SHAPE).astype(np.int32),
    "i8": rng.integers(-128, 128, SHAPE).astype(np.int8),
    "u8": rng.integers(0, 256, SHAPE).astype(np.uint8),
    "b": rng.integers(0, 3, SHAPE).astype(bool),
    "c128": (rng.integers(-8, 8, SHAPE) + 1j * rng.integers(-8, 8, SHAPE)) / 2.0,
}
nan = INPUTS["f64"].copy()
nan[0, 1, 2] = nan[1, 0, 0] = nan[1, 2, 3] = np.nan
nan[:, 1, 3] = np.nan  # an all-NaN line along axis 0
INPUTS["nan"] = nan
INPUTS["i32"][0, 1, 1] = INPUTS["i32"].max()  # ties: argmax must return the first

REDUCTIONS = {
    "sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "mean": np.mean, "ptp": np.ptp,
    "var": np.var, "std": lambda a, axis, keepdims: np.std(a, axis=axis, ddof=1, keepdims=keepdims),
    "any": np.any, "all": np.all, "count_nonzero": np.count_nonzero,
    "nansum": np.nansum, "nanprod": np.nanprod, "nanmax": np.nanmax, "nanmin": np.nanmin, "nanmean": np.nanmean,
    "nanvar": np.nanvar, "nanstd": lambda a, axis, keepdims: np.nanstd(a, axis=axis, ddof=1, keepdims=keepdims),
}
ARGS = {"argmax": np.argmax, "argmin": np.argmin, "nanargmax": np.nanargmax, "nanargmin": np.nanargmin}
# Which functions run on which dtype (lean under nvcc: every pair is a template instantiation in the test).
PLAN = {
    "f64": ["sum", "prod", "max", "min", "mean", "var", "std", "ptp", "any", "all", "count_nonzero", "argmax",
            "argmin"],
    "f32": ["sum", "mean", "var", "max"],
    "i32": ["sum", "prod", "max", "min", "mean", "var", "ptp", "argmax", "argmin", "count_nonzero"],
    "i8": ["sum", "max"],
    "u8": ["sum", "mean", "min"],
    "b": ["sum", "any", "all", "count_nonzero", "mean", "max"],
    "c128": ["sum", "prod", "mean", "var", "std", "max"],
    "nan": ["sum", "max", "min", "argmax", "argmin", "nansum", "nanprod", "nanmax", "nanmin", "nanmean", "nanvar",
            "nanstd", "nanargmax", "nanargmin"],
}
# Layout x axes: every axis set on the transposed view, a few on the others.
GRID = [("t", k) for k in AXES] + [("c", k) for k in ("all", "a0", "a2", "a12")] + [("s", k) for k in ("all", "a1", "a02")]

files = {}
for dt, fns in PLAN.items():
    w = Writer(f"reduce_{dt}.txt")
    files[dt] = w
    w.case(f"in_{dt}", INPUTS[dt])
    for fn in fns:
        for lay, ak in GRID:
            if fn in ARGS and ak not in ARG_AXES:
                continue
            a = LAYOUTS[lay](INPUTS[dt])
            if fn in ARGS:
                if fn.startswith("nan") and np.isnan(a).all(axis=ARG_AXES[ak]).any():
                    continue  # NumPy raises; covered by the tests' error cases
                w.case(f"{fn}_{dt}_{lay}_{ak}", ARGS[fn](a, axis=ARG_AXES[ak]))
            else:
                w.case(f"{fn}_{dt}_{lay}_{ak}", REDUCTIONS[fn](a, axis=AXES[ak], keepdims=False))
        # keepdims: only the shape differs; one case per function
        if fn in ARGS:
            w.case(f"{fn}_{dt}_t_a0_k", ARGS[fn](LAYOUTS["t"](INPUTS[dt]), axis=0, keepdims=True))
        else:
            w.case(f"{fn}_{dt}_t_a02_k", REDUCTIONS[fn](LAYOUTS["t"](INPUTS[dt]), axis=(0, 2), keepdims=True))
    w.save()

# Scans and differences.
w = Writer("scan.txt")
SCAN_AXES = {"all": None, "a0": 0, "a1": 1, "am1": -1}
SCANS = {"cumsum": np.cumsum, "cumprod": np.cumprod, "nancumsum": np.nancumsum, "nancumprod": np.nancumprod}
SCAN_PLAN = {"f64": ["cumsum", "cumprod"], "i32": ["cumsum"], "i8": ["cumsum", "cumprod"], "b": ["cumsum"],
             "c128": ["cumsum"], "f32": ["cumsum"], "nan": ["cumsum", "nancumsum", "nancumprod"]}
for dt, fns in SCAN_PLAN.items():
    w.case(f"in_{dt}", INPUTS[dt])
    for fn in fns:
        for lay in ("c", "t", "s") if dt == "f64" else ("t",):
            for ak, ax in SCAN_AXES.items():
                w.case(f"{fn}_{dt}_{lay}_{ak}", SCANS[fn](LAYOUTS[lay](INPUTS[dt]), axis=ax))
for dt in ("f64", "i32", "b"):
    for lay in ("c", "t"):
        for n in (1, 2):
            for ax in (0, 1, -1):
                w.case(f"diff_{dt}_{lay}_n{n}_a{ax}".replace("-", "m"), np.diff(LAYOUTS[lay](INPUTS[dt]), n=n, axis=ax))
w.save()

# diff with prepend / append (in diff.txt). A case diff_<dt>_<input>_a<axis>_<variant>_n<n> comes with the arrays it
# joins as <case>__pre / <case>__app; the variants (the values and dtypes of what is joined) are spelled out in
# tests/test_scan/diff.cpp:
#   ps  prepend=3 (a Python int: np.asanyarray makes it int64)     as  append=2.5 (float64)
#   pa  prepend=an array of a's dtype                              aa  append=an array of a's dtype, extent 1
#   pf  prepend=a float64 array, append=-1                         p0  prepend=a 0-d array of a's dtype (broadcast)
w = Writer("diff.txt")
DIFF_INPUTS = {"d1": lambda a: a[1, 2], "d2": lambda a: a[0, :, :], "d3c": lambda a: a, "d3t": LAYOUTS["t"]}
DIFF_AXES = {"d1": (0, -1), "d2": (0, 1, -1), "d3c": (0, 1, 2, -1), "d3t": (1, -1)}
for dt in ("i32", "f64"):
    src = INPUTS[dt]
    w.case(f"in_{dt}", src)
    for key, f in DIFF_INPUTS.items():
        a = f(src)
        for ax in DIFF_AXES[key]:
            shp = list(a.shape)
            shp[ax] = 2
            pre = (np.arange(np.prod(shp)).reshape(shp) * 3 - 5).astype(a.dtype)
            shp[ax] = 1
            app = (np.arange(np.prod(shp)).reshape(shp) * 2 + 1).astype(a.dtype)
            fpre = pre * 0.5 + 0.25
            variants = {"ps": ({"prepend": 3}, None, None), "as": ({"append": 2.5}, None, None),
                        "pa": ({"prepend": pre}, pre, None), "aa": ({"append": app}, None, app),
                        "pf": ({"prepend": fpre, "append": -1}, fpre, None),
                        "p0": ({"prepend": np.array(7, a.dtype)}, None, None)}
            for v, (kw, p, q) in variants.items():
                for n in (1, 2, 3) if v in ("pa", "pf") else (1, 2):
                    name = f"diff_{dt}_{key}_a{ax}_{v}_n{n}".replace("-", "m")
                    w.case(name, np.diff(a, n=n, axis=ax, **kw))
                    if p is not None:
                        w.case(name + "__pre", p)
                    if q is not None:
                        w.case(name + "__app", q)
w.save()
