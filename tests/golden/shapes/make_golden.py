#!/usr/bin/env python3
"""NumPy golden data for the every-shape tests (issue 18's sweep, small): tests/test_reduce_shapes.cpp,
tests/test_scan_shapes.cpp and tests/test_sort_shapes.cpp.

Run from anywhere: `python3 tests/golden/shapes/make_golden.py` rewrites the *.txt files beside this script, in the
core families' format (tests/golden/core/make_golden.py) without view information:
    name | shape | - | - | - | 00 | values
The inputs are not stored: element i (C order) of a base array of shape S is ((37 i) mod 29 - 14) / 4, and in the
"nan" inputs NaN where i mod 97 = 13 (exact in float32 and float64; the tests build the same arrays). Results are
named <op>_<dtype>_<shape>_<view>_a<axis>, the view applied to the base first:
    c  as is        f  a[::-1] (negative stride)        s  a[:, ::2] (strided columns; only where k >= 2)
Shapes are the sweep's (n, k) and (k, n) at about 1024 elements (512 for scans and sorts, whose results are the whole
array), with empty and length-one axes, and 3-D arrays along their middle axis.
"""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import golden_txt  # noqa: E402  (tests/golden/golden_txt.py: the shared format)

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")

KS = [1, 2, 3, 4, 8, 16, 32, 64, 256, 1024]


def sweep(total):
    out = []
    for k in KS:
        n = max(1, total // k)
        out.append((n, k))
        if n != k:
            out.append((k, n))
    return out + [(0, 5), (5, 0), (1, 1)]


SHAPES = sweep(1024)       # reductions: outputs are small
SHAPES_SMALL = sweep(512)  # scans and sorts: outputs are the whole array
SHAPES_3D = [(8, 16, 8), (4, 64, 3)]


def base(shape, dtype, nan=False):
    n = int(np.prod(shape))
    i = np.arange(n, dtype=np.int64)
    v = (((37 * i) % 29) - 14) / 4.0
    if nan:
        v[i % 97 == 13] = np.nan
    return v.reshape(shape).astype(dtype)


def views(a):
    out = {"c": a, "f": a[::-1]}
    if a.ndim == 2 and a.shape[1] >= 2:
        out["s"] = a[:, ::2]
    return out


def Writer(name):
    return golden_txt.Writer(HERE, name)


def sname(shape):
    return "x".join(str(e) for e in shape)


def all_nan_line(a, axis):
    return a.shape[axis] > 0 and np.isnan(a).all(axis=axis).any()


# Reductions: float64 sum / mean / var / max / argmax, float32 sum / max / argmax, nan-aware forms on the NaN inputs.
red = Writer("reduce.txt")
for shape in SHAPES + SHAPES_3D:
    axes = [1] if len(shape) == 3 else [0, 1]
    for dt, name in ((np.float64, "f64"), (np.float32, "f32"), (np.float64, "nan")):
        for vk, a in views(base(shape, dt, nan=name == "nan")).items():
            for ax in axes:
                key = f"{name}_{sname(shape)}_{vk}_a{ax}"
                empty_line = a.shape[ax] == 0
                ops = {"f64": ["sum", "mean", "var", "max", "argmax"], "f32": ["sum", "max", "argmax"],
                       "nan": ["sum", "max", "argmax", "nansum", "nanmax", "nanargmax", "nanmean"]}[name]
                for op in ops:
                    if empty_line and op in ("max", "argmax", "nanmax", "nanargmax"):
                        continue  # NumPy raises: the tests check the error
                    if op == "nanargmax" and all_nan_line(a, ax):
                        continue  # NumPy raises
                    red.case(f"{op}_{key}", getattr(np, op)(a, axis=ax))
red.save()

# Scans: cumsum along each axis (float64 and NaN inputs), nancumsum on the NaN inputs, diff along each axis.
scan = Writer("scan.txt")
for shape in SHAPES_SMALL + SHAPES_3D:
    axes = [1] if len(shape) == 3 else [0, 1]
    for dt, name in ((np.float64, "f64"), (np.float64, "nan")):
        for vk, a in views(base(shape, dt, nan=name == "nan")).items():
            for ax in axes:
                key = f"{name}_{sname(shape)}_{vk}_a{ax}"
                scan.case(f"cumsum_{key}", np.cumsum(a, axis=ax))
                if name == "nan":
                    scan.case(f"nancumsum_{key}", np.nancumsum(a, axis=ax))
                if name == "f64" and a.shape[ax] > 0:
                    scan.case(f"diff_{key}", np.diff(a, axis=ax))
scan.save()

# Sorts along each axis: sort and stable argsort (ties are many: the values take 29 levels), NaNs sorted last.
srt = Writer("sort.txt")
for shape in SHAPES_SMALL + SHAPES_3D:
    axes = [1] if len(shape) == 3 else [0, 1]
    for dt, name in ((np.float32, "f32"), (np.float64, "nan")):
        for vk, a in views(base(shape, dt, nan=name == "nan")).items():
            for ax in axes:
                key = f"{name}_{sname(shape)}_{vk}_a{ax}"
                srt.case(f"sort_{key}", np.sort(a, axis=ax))
                srt.case(f"argsort_{key}", np.argsort(a, axis=ax, kind="stable"))
srt.save()
