#!/usr/bin/env python3
"""Golden data for tests/test_indexing.cpp (nd::take … nd::pad), computed by NumPy.

Run from anywhere: `python3 tests/golden/indexing/make_golden.py` rewrites indexing.txt, join.txt and pad.txt beside
this script, in the
format of tests/golden/core/make_golden.py (one case per line: name | shape | - | - | - | flags | values).
Inputs are cases too ("in_*", "idx_*", "mask_*", …): the test loads them, runs the same operation with ndthrust and
compares with the case of the same name.

Layouts of a 3-d input (as tests/golden/reduce): c (as is), t (a.transpose(2, 0, 1)), s (a[:, ::2, ::-1]).
"""
import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "core"))
from make_golden import Writer  # noqa: E402

LAYOUTS = {"c": lambda a: a, "t": lambda a: a.transpose(2, 0, 1), "s": lambda a: a[:, ::2, ::-1]}
DTYPES = {"i32": np.int32, "f64": np.float64, "b": np.bool_, "c64": np.complex64}
AXES = {"n": None, "a0": 0, "a1": 1, "am1": -1}


def base(dt, seed=0):
    v = ((np.arange(24) * 7 + seed) % 11 - 5).reshape(2, 3, 4)
    if dt == "b":
        return (v % 3 == 0)
    if dt == "c64":
        return (v + 1j * (v % 3)).astype(np.complex64)
    if dt == "f64":
        return v * 0.5
    return v.astype(DTYPES[dt])


def sub(dt, layouts):
    """Every layout for int32 and float64; the others on the transposed layout only (keeps the files small)."""
    return [(k, f) for k, f in layouts.items() if dt in ("i32", "f64") or k == "t"]


def main():
    w = Writer("../indexing/indexing.txt")
    c = w.case
    for dt in DTYPES:
        c(f"in_{dt}", "base", base(dt))
        c(f"in2_{dt}", "second base", base(dt, seed=3))
        c(f"in5_{dt}", "third base", base(dt, seed=5))

    # Empty and single-element cases.
    a = base("i32")
    c("e_take_empty", "np.take(a, np.zeros(0, int), axis=1)", np.take(a, np.zeros(0, int), axis=1))
    c("e_take_single", "np.take(np.array([7]), [0, -1, 0])", np.take(np.array([7]), [0, -1, 0]))
    c("e_nz_zero", "np.stack(np.nonzero(np.zeros((2, 3))))", np.stack(np.nonzero(np.zeros((2, 3)))))
    c("e_msel_none", "a[np.zeros_like(a, bool)]", a[np.zeros_like(a, bool)])
    c("e_aw_0d", "np.argwhere(np.array(5))", np.argwhere(np.array(5)))
    c("e_aw_0d_zero", "np.argwhere(np.array(0))", np.argwhere(np.array(0)))

    # take / fancy indexing: a 2-d index array valid on every axis of every layout (extents >= 2), and flat indices.
    idx = np.array([[1, 0], [-1, 1], [0, -2]])
    flat = np.array([5, -1, 0, 7, 15])
    c("idx", "indices", idx)
    c("idx_flat", "flat indices", flat)
    for dt in DTYPES:
        for lay, f in sub(dt, LAYOUTS):
            a = f(base(dt))
            for ax, axis in AXES.items():
                c(f"take_{dt}_{lay}_{ax}", f"np.take(a, {'flat' if axis is None else 'idx'}, axis={axis})",
                  np.take(a, flat if axis is None else idx, axis=axis))
    big = np.array([7, -9, 3, 100, -1])
    c("idx_big", "indices out of range", big)
    for mode in ("wrap", "clip"):
        for ax, axis in AXES.items():
            c(f"take_{mode}_{ax}", f"np.take(a_i32, idx_big, axis={axis}, mode='{mode}')",
              np.take(base("i32"), big, axis=axis, mode=mode))

    # take_along_axis: argsort indices (same shape) and a broadcast index array (extent 1 on another axis).
    for lay, f in LAYOUTS.items():
        a = f(base("f64"))
        for ax, axis in (("a0", 0), ("a1", 1), ("am1", -1)):
            ind = np.argsort(a, axis=axis, kind="stable")
            c(f"tai_{lay}_{ax}", "argsort indices", ind)
            for dt in ("i32", "f64", "c64"):
                c(f"tal_{dt}_{lay}_{ax}", f"np.take_along_axis(a, tai, axis={axis})",
                  np.take_along_axis(f(base(dt)), ind, axis=axis))
            shp = list(a.shape)
            shp[axis] = 2
            shp[(axis + 1) % 3] = 1
            bind = (np.arange(np.prod(shp)).reshape(shp) % 3) - 1
            c(f"taib_{lay}_{ax}", "broadcast indices", bind)
            c(f"talb_{lay}_{ax}", f"np.take_along_axis(a_i32, taib, axis={axis})",
              np.take_along_axis(f(base("i32")), bind, axis=axis))

    # put (on the flattened view; cyclic values) — the base after the operation.
    pidx = np.array([0, 3, -1, 9, 13])
    pval = np.array([100, 200])
    c("put_idx", "indices", pidx)
    c("put_val", "values", pval)
    for dt in ("i32", "f64", "c64"):
        for lay, f in LAYOUTS.items():
            b = base(dt).copy()
            np.put(f(b), pidx, pval.astype(b.dtype))
            c(f"put_{dt}_{lay}", f"np.put({lay}(a), put_idx, put_val); a", b)
    # Distinct targets only: with duplicates NumPy keeps the last write, ndthrust an unspecified one. Clipping
    # idx_big[:4] hits 7, 0, 3, 23.
    for mode in ("wrap", "clip"):
        b = base("i32").copy()
        pick = big if mode == "wrap" else big[:4]
        np.put(b, pick, np.array([1, 2, 3, 4, 5][:len(pick)], np.int32), mode=mode)
        c(f"put_{mode}", f"np.put(a, idx_big[:{len(pick)}], [1..{len(pick)}], mode='{mode}'); a", b)

    # fancy assignment a[:, [2, 0]] = v (v broadcast), a[..., idx] = 7 with a 2-d index.
    fidx = np.array([2, 0])
    fval = (np.arange(8).reshape(2, 4) * 10 - 30)
    c("fa_idx", "indices", fidx)
    c("fa_val", "values", fval)
    for dt in ("i32", "f64"):
        b = base(dt).copy()
        b[:, fidx] = fval
        c(f"fa_{dt}", "a[:, [2, 0]] = fa_val", b)
        b = base(dt).copy()
        b.transpose(2, 0, 1)[idx] = fval[0, :3]
        c(f"fat_{dt}", "a.transpose(2, 0, 1)[idx] = fa_val[0, :3]", b)

    # boolean masks: full masks on every layout (the mask takes the same layout), leading-axes masks on c.
    mfull = base("i32") > 0
    c("mask_full", "a_i32 > 0", mfull)
    m2 = base("i32")[:, :, 0] > -2
    m1 = np.array([False, True])
    c("mask_2", "a_i32[:, :, 0] > -2", m2)
    c("mask_1", "[False, True]", m1)
    for dt in DTYPES:
        for lay, f in LAYOUTS.items():
            c(f"msel_{dt}_{lay}", "a[mask]", f(base(dt))[f(mfull)])
        c(f"msel2_{dt}", "a[mask_2]", base(dt)[m2])
        c(f"msel1_{dt}", "a[mask_1]", base(dt)[m1])
    for dt in ("i32", "f64", "c64"):
        for lay, f in LAYOUTS.items():
            b = base(dt).copy()
            f(b)[f(mfull)] = 9
            c(f"mset_{dt}_{lay}", "a[mask] = 9", b)
            b = base(dt).copy()
            n = int(f(mfull).sum())
            f(b)[f(mfull)] = np.arange(n) * 3
            c(f"msetv_{dt}_{lay}", "a[mask] = arange(count) * 3", b)
        b = base(dt).copy()
        b[m2] = np.arange(4) - 10
        c(f"mset2_{dt}", "a[mask_2] = arange(4) - 10", b)

    # nonzero (rows stacked: (ndim, count)), argwhere, flatnonzero.
    for dt in DTYPES:
        for lay, f in LAYOUTS.items():
            a = f(base(dt))
            c(f"nz_{dt}_{lay}", "np.stack(np.nonzero(a))", np.stack(np.nonzero(a)))
            c(f"aw_{dt}_{lay}", "np.argwhere(a)", np.argwhere(a))
            c(f"fnz_{dt}_{lay}", "np.flatnonzero(a)", np.flatnonzero(a))

    # compress
    conds = {"a1": ([1, 0, 1], 1), "a0": ([0, 1], 0), "am1": ([1, 0, 1], -1), "n": ([1, 0, 0, 1, 1], None),
             "long": ([1, 0, 1, 0, 0], 1)}
    for name, (cond, axis) in conds.items():
        c(f"ccond_{name}", "condition", np.array(cond, bool))
        for dt in ("i32", "c64"):
            for lay in ("c", "s"):
                a = LAYOUTS[lay](base(dt))
                if axis is not None and sum(cond[a.shape[axis]:]) > 0:
                    continue  # true beyond the axis: an error case, tested on its own
                c(f"comp_{dt}_{lay}_{name}", f"np.compress(cond, a, axis={axis})", np.compress(cond, a, axis=axis))

    # Joining lives in join.txt (inputs stay in indexing.txt).
    w.save()
    w = Writer("../indexing/join.txt")
    c = w.case

    # concatenate (the second operand has extent 1 on the axis), stack, vstack, hstack.
    for dt in DTYPES:
        for lay, f in sub(dt, LAYOUTS):
            a = f(base(dt))
            for ax, axis in (("a0", 0), ("a1", 1), ("am1", -1)):
                b = f(base(dt, seed=5))
                sl = [slice(None)] * 3
                sl[axis] = slice(0, 1)
                b = b[tuple(sl)]
                c(f"cat_{dt}_{lay}_{ax}", f"np.concatenate((a, b), axis={axis})", np.concatenate((a, b), axis=axis))
            c(f"catn_{dt}_{lay}", "np.concatenate((a, b2), axis=None)",
              np.concatenate((a, f(base(dt, seed=3))), axis=None))
            for ax in (0, 1, 3, -1, -4) if dt == "i32" else (1,):
                c(f"stack_{dt}_{lay}_{ax}", f"np.stack((a, a2, a), axis={ax})",
                  np.stack((a, f(base(dt, seed=3)), a), axis=ax))
    c("e_cat_empty", "np.concatenate((a, np.zeros((2, 0, 4))), axis=1)",
      np.concatenate((base("i32"), np.zeros((2, 0, 4), np.int32)), axis=1))
    c("e_pad_single", "np.pad(np.array([3]), (2, 1), mode='edge')", np.pad(np.array([3]), (2, 1), mode="edge"))
    c("e_tile_empty", "np.tile(np.zeros((0, 2)), [2, 3])", np.tile(np.zeros((0, 2), np.int32), [2, 3]))
    c("e_rep_zero", "np.repeat(a, 0, axis=1)", np.repeat(base("i32"), 0, axis=1))
    c("e_roll_empty", "np.roll(np.zeros((0, 3)), 1, axis=0)", np.roll(np.zeros((0, 3), np.int32), 1, axis=0))
    for k, p in enumerate(np.array_split(np.zeros((0, 3), np.int32), 2)):
        c(f"e_split_empty_{k}", "np.array_split(np.zeros((0, 3)), 2)", p)
    v1, v2 = np.array([1, 2, 3], np.int32), np.array([4, 5, 6], np.int32)
    m23, m13, m22 = (np.arange(6, dtype=np.int32).reshape(2, 3), np.arange(3, dtype=np.int32).reshape(1, 3) + 10,
                     np.arange(4, dtype=np.int32).reshape(2, 2) + 20)
    for k, v in dict(v1=v1, v2=v2, m23=m23, m13=m13, m22=m22).items():
        c(f"js_{k}", k, v)
    c("vstack_1d", "np.vstack((v1, v2))", np.vstack((v1, v2)))
    c("vstack_2d", "np.vstack((m23, m13, v1))", np.vstack((m23, m13, v1)))
    c("hstack_1d", "np.hstack((v1, v2))", np.hstack((v1, v2)))
    c("hstack_2d", "np.hstack((m23, m22))", np.hstack((m23, m22)))

    # split / array_split (parts numbered _0, _1, …).
    def parts(name, ps):
        for k, p in enumerate(ps):
            c(f"{name}_{k}", f"part {k}", p)
    for lay, f in LAYOUTS.items():
        a = f(base("i32"))
        parts(f"split_{lay}_a0", np.split(a, 2, axis=0))
        parts(f"asplit_{lay}_a1", np.array_split(a, 3, axis=1))
        parts(f"asplit_{lay}_a0", np.array_split(a, 3, axis=0))
        parts(f"isplit_{lay}", np.split(a, [1, 3, -1], axis=-1))
        parts(f"isplit2_{lay}", np.split(a, [3, 1], axis=0))

    # tile, repeat, roll, pad
    reps = {"r2": [2], "r213": [2, 1, 3], "r1212": [1, 2, 1, 2], "r02": [0, 2]}
    for dt in ("i32", "b", "c64"):
        for lay, f in sub(dt, LAYOUTS):
            a = f(base(dt))
            for rn, r in reps.items():
                c(f"tile_{dt}_{lay}_{rn}", f"np.tile(a, {r})", np.tile(a, r))
            for ax, axis in AXES.items():
                c(f"rep_{dt}_{lay}_{ax}", f"np.repeat(a, 2, axis={axis})", np.repeat(a, 2, axis=axis))
            rv = np.arange(a.shape[-1]) % 3
            if dt == "i32":
                c(f"repv_{lay}", "per-element repeats", rv)
            c(f"repvr_{dt}_{lay}", "np.repeat(a, repv, axis=-1)", np.repeat(a, rv, axis=-1))
            for sn, s in (("p1", 1), ("m2", -2), ("p5", 5)):
                for ax, axis in AXES.items() if sn != "p5" else (("n", None),):
                    c(f"roll_{dt}_{lay}_{sn}_{ax}", f"np.roll(a, {s}, axis={axis})", np.roll(a, s, axis=axis))
            c(f"rollm_{dt}_{lay}", "np.roll(a, (1, -1), axis=(0, 2))", np.roll(a, (1, -1), axis=(0, 2)))
    widths = ((1, 2), (0, 1), (2, 0))
    for dt in DTYPES:
        for lay, f in sub(dt, LAYOUTS):
            a = f(base(dt))
            c(f"padc_{dt}_{lay}", f"np.pad(a, {widths}, constant_values=1)", np.pad(a, widths, constant_values=1))
            c(f"pade_{dt}_{lay}", f"np.pad(a, {widths}, mode='edge')", np.pad(a, widths, mode="edge"))
            c(f"pad1_{dt}_{lay}", "np.pad(a, 1, mode='edge')", np.pad(a, 1, mode="edge"))
    w.save()
    pad_cases()


PAD_DTYPES = {"i32": np.int32, "f64": np.float64, "f32": np.float32, "u8": np.uint8, "b": np.bool_,
              "c64": np.complex64}
# Short mode names (the test splits case names on "_").
PAD_MODES = {"constant": "constant", "edge": "edge", "reflect": "reflect", "symmetric": "symmetric", "wrap": "wrap",
             "ramp": "linear_ramp", "maximum": "maximum", "minimum": "minimum", "mean": "mean"}
# Which modes run on which dtype (every mode on int32 and float64; the others where their conversions differ).
PAD_PLAN = {"i32": list(PAD_MODES), "f64": list(PAD_MODES), "f32": ["reflect", "ramp", "mean"],
            "u8": ["wrap", "ramp", "mean"], "b": ["symmetric", "wrap", "maximum"], "c64": ["reflect", "ramp", "mean"]}


def pad_input(shape, dt, seed):
    v = ((np.arange(int(np.prod(shape))) * 7 + seed) % 11 - 5).reshape(shape)
    if dt == "b":
        return v % 3 == 0
    if dt == "c64":
        return (v + 1j * (v % 3)).astype(np.complex64)
    if dt == "u8":
        return ((v + 5) * 20).astype(np.uint8)
    if dt in ("f64", "f32"):
        return (v * 0.75 + 0.125).astype(PAD_DTYPES[dt])
    return v.astype(np.int32)


def pad_cases():
    """nd::pad's modes, in pad.txt. A case pad_<dt>_<input>_<mode>_<k> comes with its arguments as cases of their
    own: <case>__w (widths, (1 or ndim, 2)), <case>__ev (end_values), <case>__sl (stat_length), <case>__cv (the
    constant); the test reads them back, so every case here is run."""
    w = Writer("../indexing/pad.txt")
    c = w.case
    shapes = {"p1": (5,), "p2": (3, 4), "p3": (2, 3, 4), "pone": (1, 3), "pz": (2, 0)}
    inputs = {}
    for dt in PAD_DTYPES:
        for k, shp in shapes.items():
            a = pad_input(shp, dt, seed=len(shp))
            if k == "p1" and dt == "i32":
                a = np.array([1, 2, 4, 7, -3], np.int32)  # means 1.5, 2.5, 3.5: rounding half to even
            inputs[(dt, k)] = a
            c(f"in_{k}_{dt}", "input", a)
    # Widths per input: none, asymmetric, one pair for every axis, wider than the axis (NumPy's repeated
    # reflections / wraps).
    widths = {
        "p1": [[(0, 0)], [(2, 1)], [(0, 3)], [(7, 12)], [(4, 4)]],
        "p2": [[(0, 0)], [(1, 2), (0, 3)], [(5, 7), (9, 4)]],
        "p3": [[(1, 2), (0, 1), (2, 0)], [(1, 1)], [(3, 2), (4, 0), (0, 5)]],
        "pone": [[(2, 3), (4, 1)], [(3, 3)]],
        "pz": [[(1, 2), (0, 0)], [(0, 0)]],
    }

    def per_axis(nd, pairs):
        return [pairs[d % len(pairs)] for d in range(nd)]

    for dt, modes in PAD_PLAN.items():
        for key, shp in shapes.items():
            for lay, f in LAYOUTS.items() if key == "p3" else (("", lambda a: a),):
                a = f(inputs[(dt, key)])
                inp = key + lay
                for m in modes:
                    mode = PAD_MODES[m]
                    if dt not in ("i32", "f64") and inp not in ("p2", "p3t"):
                        continue
                    if key == "pz" and mode not in ("constant", "edge", "mean"):
                        continue
                    extras = [{}]
                    # 3-d inputs: fewer argument sets, and the largest widths on layout c only.
                    ramp_ends = [None, [(10, -3)], "axes"] if key != "p3" else [None, "axes"]
                    stat_lengths = [None, [(1, 2)], [(2, 1)], "axes", [(10, 3)]] if key != "p3" else [None, "axes"]
                    if mode == "linear_ramp":
                        ends = ramp_ends if dt != "u8" else [None, [(0, 200)]]
                        extras = [{"end_values": per_axis(a.ndim, [(1.5, -2.5), (4, 0), (-7, 3)])
                                   if e == "axes" else e} for e in ends]
                    elif mode in ("maximum", "minimum", "mean"):
                        extras = [{"stat_length": per_axis(a.ndim, [(1, 3), (2, 2), (3, 1)])
                                   if s == "axes" else s} for s in stat_lengths]
                        if mode == "mean" and dt == "f64":
                            extras.append({"stat_length": [(0, 2)]})  # the mean of nothing: NaN
                    elif mode == "constant":
                        extras = [{"constant_values": 3}]
                    k = 0
                    for wd in widths[key] if lay in ("", "c") else widths[key][:1]:
                        wide = max(max(p) for p in wd) > min(shp)
                        for ex in extras:
                            # Widths beyond the axis: every argument set for the modes that repeat the input,
                            # one for the others, none for the other dtypes.
                            if wide and (dt not in ("i32", "f64") or (ex is not extras[0] and
                                                                      mode not in ("reflect", "symmetric", "wrap"))):
                                continue
                            if key == "pz" and ex.get("stat_length") not in (None,):
                                continue
                            kw = {kk: v for kk, v in ex.items() if v is not None}
                            name = f"pad_{dt}_{inp}_{m}_{k}"
                            k += 1
                            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                                warnings.simplefilter("ignore", RuntimeWarning)  # the mean of nothing
                                r = np.pad(a, wd, mode=mode, **kw)
                            c(name, f"np.pad(in_{key}_{dt}{lay and ' (' + lay + ')'}, {wd}, mode='{mode}', "
                                    f"**{kw})", r)
                            c(name + "__w", "widths", np.array(wd, np.int64))
                            if "end_values" in kw:
                                c(name + "__ev", "end_values", np.array(kw["end_values"], np.float64))
                            if "stat_length" in kw:
                                c(name + "__sl", "stat_length", np.array(kw["stat_length"], np.int64))
                            if "constant_values" in kw:
                                c(name + "__cv", "constant", np.array(kw["constant_values"], PAD_DTYPES[dt]))
    w.save()


if __name__ == "__main__":
    main()
