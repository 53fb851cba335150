#!/usr/bin/env python3
"""Golden data for tests/test_elementwise/round_decimals.cpp and isclose.cpp, computed by NumPy.

Run from anywhere: `python3 tests/golden/elementwise/make_golden.py` rewrites round.txt and isclose.txt beside this
script. The format is the core families' one (tests/golden/core/make_golden.py), without view information:
    name | shape | - | - | - | 00 | values
with exact values (floats by repr; complex as real,imag; bool as 0/1), since round and isclose are compared exactly.
round.txt:   in_<dtype>, then round_<dtype>_d<decimals> (dm<k> for decimals -k).
isclose.txt: in_<case>_a and in_<case>_b, then isclose_<case>_<variant> and allclose_<case>_<variant> (0-d bool);
             variants: def (defaults), nan (equal_nan=True), r3 (rtol=1e-3, atol=0), a1 (atol=0.1).
"""
import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import golden_txt  # noqa: E402  (tests/golden/golden_txt.py: the shared format)


def Writer(name):
    return golden_txt.Writer(HERE, name, exact=True)


def dname(d):
    return f"d{d}" if d >= 0 else f"dm{-d}"


# --- round(a, decimals) ---------------------------------------------------------------------------------------------
w = Writer("round.txt")
reals = [2.675, 0.5, 1.5, 2.5, -0.5, -2.5, 0.285, 1.005, 12345.6789, -9876.54321, 1e300, np.inf, -np.inf, np.nan,
         -0.0, 0.125, 1234.5, 1250.0, 1.23456789e-5, 5e-324]
ROUND = {
    "f64": (np.array(reals, np.float64), [-400, -308, -3, -2, -1, 1, 2, 3, 4, 10, 22, 23, 30, 400]),
    "f32": (np.array(reals, np.float32), [-39, -2, -1, 1, 2, 3, 10, 39]),
    "c128": (np.array([2.675 + 1.005j, -0.5 + 2.5j, 1234.5 - 0.125j, complex(np.inf, np.nan)]), [-1, 1, 2]),
    "c64": (np.array([2.675 + 1.005j, -0.5 + 2.5j, 1234.5 - 0.125j], np.complex64), [-1, 1, 2]),
    "i32": (np.array([1234, 1250, 1350, -1250, -1350, 15, 25, -15, 2147483647, -2147483648, 0], np.int32),
            [-400, -10, -3, -2, -1, 1, 2]),
    "i8": (np.array([127, -128, 125, 115, -125, 5, -5, 64], np.int8), [-3, -2, -1, 2]),
    "u8": (np.array([255, 250, 245, 5, 15, 0], np.uint8), [-3, -2, -1]),
    "i16": (np.array([32767, -32768, 12345, -25], np.int16), [-5, -4, -1]),
    "i64": (np.array([2**62 + 1, -2**63, 2**63 - 1, 123456789012345678, -5], np.int64), [-19, -5, -1, 2]),
    "u64": (np.array([2**63, 12345, 2**63 + 2**12, 7], np.uint64), [-3, -1]),
}
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)  # overflow to inf, inf * 0, NaN casts
    for dt, (a, ds) in ROUND.items():
        w.case("in_" + dt, a)
        for d in ds:
            r = np.round(a, d)
            assert r.dtype == a.dtype
            w.case(f"round_{dt}_{dname(d)}", r)
w.save()

# --- isclose / allclose ---------------------------------------------------------------------------------------------
w = Writer("isclose.txt")
inf, nan = np.inf, np.nan
a64 = np.array([1e10, 1e-7, 1e-8, 1.0, nan, inf, -inf, inf, 1.0, nan, 0.0, 1e-100, 1.00001, 1.0000101, -3.0, 5.0])
b64 = np.array([1.00001e10, 1e-8, 0.0, 1.0 + 1e-5, nan, inf, inf, 1.0, inf, 1.0, 0.0, 0.0, 1.0, 1.0, -3.0000301, 5.5])
CASES = {
    "f64": (a64, b64),
    "f32": (a64.astype(np.float32), b64.astype(np.float32)),
    "f32f64": (a64.astype(np.float32), b64),               # a - b in float64, tolerance in float64
    "f64f32": (a64, b64.astype(np.float32)),               # tolerance in float32, compared in float64
    "i32f32": (np.array([1, 2, 3, 100000, -7, 16777217], np.int32),
               np.array([1.0, 2.00002, 3.1, 100001.0, -7.0, 16777216.0], np.float32)),
    "i64": (np.array([2**62, 2**62, -5, 0, 2**63 - 1], np.int64), np.array([2**62 + 1, 2**62 + 2**40, -5, 1, -2**63], np.int64)),
    "u8i8": (np.array([0, 255, 10, 128], np.uint8), np.array([0, -1, 10, -128], np.int8)),
    "bool": (np.array([True, False, True, False]), np.array([True, True, False, False])),
    "c128": (np.array([1 + 1j, 1 + 1j, complex(inf, 0), complex(nan, 0), 1e-9j]),
             np.array([1 + 1.000001j, 1 + 1.1j, complex(inf, 0), complex(nan, 0), 0j])),
    "c128f64": (np.array([1 + 0j, 1 + 1e-9j, 2 + 1j]), np.array([1.0, 1.0, 2.0])),
    "bcast": (np.array([[1.0], [2.0], [nan]]), np.array([1.0, 2.0000001, nan, 1.5])),
    "empty": (np.zeros((0, 3)), np.zeros(3)),
}
VARIANTS = {"def": {}, "nan": {"equal_nan": True}, "r3": {"rtol": 1e-3, "atol": 0.0}, "a1": {"atol": 0.1}}
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    for name, (a, b) in CASES.items():
        w.case(f"in_{name}_a", a)
        w.case(f"in_{name}_b", b)
        for vn, kw in VARIANTS.items():
            w.case(f"isclose_{name}_{vn}", np.isclose(a, b, **kw))
            w.case(f"allclose_{name}_{vn}", np.allclose(a, b, **kw))
    # A weak (Python) scalar on either side: b's tolerance is then computed in float64.
    for name in ("f32", "f64"):
        a = CASES[name][0]
        w.case(f"isclose_{name}_scalarb", np.isclose(a, 1.0))
        w.case(f"isclose_{name}_scalara", np.isclose(1.0, a))
        w.case(f"isclose_{name}_scalarb_r3", np.isclose(a, 1.00001, rtol=1e-3, atol=0.0))
    w.case("isclose_i32_scalarb", np.isclose(CASES["i32f32"][0], 3))
w.save()
