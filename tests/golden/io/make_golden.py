#!/usr/bin/env python3
"""Generates the golden files of tests/test_io.cpp with NumPy.

Run from this directory: python3 make_golden.py
Writes:
  *.npy           files written by NumPy (np.save / np.lib.format.write_array), plus a few it cannot load
  manifest.txt    one line per loadable file: name, dtype, fortran_order, version, shape, values in C order
  print_cases.txt arrays and the text NumPy's str() gives for them
Floats are written as float.hex() so that the C++ side reads them exactly (strtod parses hex floats).
"""
import numpy as np

rng = np.random.default_rng(1234)
DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64", "complex64", "complex128"]


def value_str(x):
    if isinstance(x, (bool, np.bool_)):
        return "1" if x else "0"
    if isinstance(x, (np.integer, int)):
        return str(int(x))
    if isinstance(x, (np.complexfloating, complex)):
        return float(x.real).hex() + "," + float(x.imag).hex()
    return float(x).hex()


def values_str(a):
    return " ".join(value_str(x) for x in np.ravel(a, order="C"))


def sample(dtype, shape):
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind == "b":
        v = (np.arange(n) % 3) == 1
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        v = np.array([info.min, info.max] + list(range(n)), dtype=object)[:n]
        v = np.array(v.tolist(), dtype=dt)
    elif dt.kind == "f":
        v = rng.standard_normal(n).astype(dt)
        if n > 2:
            v[1] = np.inf
            v[2] = -0.0
    else:
        v = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
    return np.asarray(v).reshape(shape)


manifest = []


def save(name, a, version=None, raw=None):
    """Saves `a` as name.npy (np.save, or write_array with an explicit version) and records it."""
    path = name + ".npy"
    if version is None:
        np.save(path, a)
        ver = 1
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)
        ver = version[0]
    back = np.load(path)
    assert back.dtype == a.dtype and back.shape == a.shape
    fortran = bool(a.flags.f_contiguous and not a.flags.c_contiguous)
    shape = " ".join(str(s) for s in a.shape)
    manifest.append(f"{name} {a.dtype.name} {int(fortran)} {ver} {a.ndim} {shape} | {values_str(a)}".replace("  ", " "))


# Every dtype, written by np.save (version 1.0, C order, little-endian): the C++ side must write the same bytes.
for dt in DTYPES:
    save("all_" + dt, sample(dt, (2, 3)))
# Explicit format versions (2.0 and 3.0 headers have 4-byte lengths; 3.0 is utf8).
save("v2_float64", sample("float64", (3, 2)), version=(2, 0))
save("v3_int16", sample("int16", (4,)), version=(3, 0))
# Fortran order.
save("fortran_int32", np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4)))
save("fortran_complex64", np.asfortranarray(sample("complex64", (3, 2))))
# Big-endian.
save("big_int32", np.arange(-3, 3, dtype=">i4").reshape(2, 3))
save("big_float64", sample("float64", (5,)).astype(">f8"))
save("big_complex128", sample("complex128", (2, 2)).astype(">c16"))
save("big_uint16_fortran", np.asfortranarray((np.arange(6).reshape(3, 2) * 1000).astype(">u2")))
# 0-d, empty, bool, complex.
save("zero_d_float64", np.array(3.25))
save("empty_float32", np.zeros((0, 3), dtype=np.float32))
save("bool_vector", np.array([True, False, True, True]))
save("complex128_vector", np.array([1 + 2j, -0.5j, np.nan + 1j]))
# A transposed view saved C-contiguous: what nd::save_npy writes for a transposed view.
save("transposed_int64", np.ascontiguousarray(np.arange(12, dtype=np.int64).reshape(3, 4).T))

with open("manifest.txt", "w") as f:
    f.write("# name dtype fortran_order version ndim shape... | values in C order (floats as float.hex)\n")
    f.write("\n".join(manifest) + "\n")

# Files NumPy writes but ndthrust cannot hold: each must raise nd::dtype_error naming its descr.
np.save("unsupported_f2.npy", np.zeros(2, np.float16))
np.save("unsupported_object.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
np.save("unsupported_struct.npy", np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]))
np.save("unsupported_datetime.npy", np.zeros(2, dtype="M8[ns]"))
np.save("unsupported_unicode.npy", np.array(["ab", "c"]))

# --- printing --------------------------------------------------------------------------------------------------
cases = []


def case(name, a, divisor=None):
    """An array and NumPy's str() of it. With `divisor` no values are stored: the C++ side makes
    (np.arange(size) / divisor) cast to the dtype (to keep big summarised arrays out of the file)."""
    a = np.asarray(a)
    shape = " ".join(str(s) for s in a.shape)
    if divisor is not None:
        assert np.array_equal(a, (np.arange(a.size) / divisor).astype(a.dtype).reshape(a.shape))
        vals = f"arange {divisor}"
    else:
        vals = "values " + values_str(a)
    text = str(a)
    assert "\nend\n" not in "\n" + text + "\n"
    cases.append(f"case {name}\ndtype {a.dtype.name}\nndim {a.ndim}\nshape {shape}\n{vals}\nexpect\n{text}\nend")


case("int_2x3", np.arange(6).reshape(2, 3))
case("int_2x3_transposed", np.arange(6).reshape(2, 3).T)
case("int_negative", np.array([-100, 5, 42, -7], dtype=np.int16))
case("int8_limits", np.array([-128, 0, 127], dtype=np.int8))
case("uint64_big", np.array([0, 18446744073709551615, 12], dtype=np.uint64))
case("int_3d", np.arange(8, dtype=np.int32).reshape(2, 2, 2))
case("int_4d", np.arange(24, dtype=np.int64).reshape(2, 1, 3, 4) - 10)
case("float_halves", np.array([0.0, 0.5, 1.0]))
case("float_thirds", np.array([1 / 3, 2 / 3, 10.0]))
case("float_mixed_sign", np.array([[1.5, -2.25], [100.0, -0.001]]))
case("float_exp_small", np.array([1.5, -2.25, 3e-5]))
case("float_exp_large", np.array([1e8, 1.0]))
case("float_exp_ratio", np.array([1e7, 1.5]))
case("float_exp_big_exponent", np.array([1e-100, 1e100, -3.5]))
case("float_nonfinite", np.array([np.nan, 1.5, np.inf, -np.inf]))
case("float_all_nan", np.array([np.nan, np.nan]))
case("float_inf_only", np.array([np.inf, -np.inf]))
case("float_negative_zero", np.array([-0.0, 0.0, 2.0]))
case("float_rounding", np.array([0.123456789, 1.99999999999, 12345678.9, -5e-9 + 1]))
case("float_exp_with_nan", np.array([np.nan, -1.25e-7, 3.0]))
case("float32_rounding", np.array([0.123456789, 3.14159265], dtype=np.float32))
case("complex_exp_imag", np.array([1 + 1e-7j, 2 - 3e5j]))
case("uint8_vector", np.array([0, 7, 255], dtype=np.uint8))
case("float_integral", np.array([1.0, 2.0, 300.0]))
case("float_random", rng.standard_normal((3, 4)))
case("float32_tenths", np.array([0.1, 0.2, 0.3, 1 / 3], dtype=np.float32))
case("float32_exp_cutoff", np.array([1e6, 2.0], dtype=np.float32))
case("float32_below_cutoff", np.array([999999.0, 2.0], dtype=np.float32))
case("float32_random", rng.standard_normal((2, 3)).astype(np.float32))
case("bool_mixed", np.array([[True, False], [False, True]]))
case("bool_all_true", np.array([True, True]))
case("complex64_basic", np.array([1 + 2j, 3.5 - 1j], dtype=np.complex64))
case("complex128_mixed", np.array([[0.5 + 0j, -1e-5 + 2j], [np.nan + 1j, 1 - np.inf * 1j]]))
case("complex128_random", (rng.standard_normal(3) + 1j * rng.standard_normal(3)))
case("zero_d_float", np.array(0.5))
case("zero_d_float_integral", np.array(1.0))
case("zero_d_float_big", np.array(1e16))
case("zero_d_float_pos", np.array(123456789012.5))
case("zero_d_float_small", np.array(1e-5))
case("zero_d_float32", np.array(0.1, dtype=np.float32))
case("zero_d_float32_cutoff", np.array(1e6, dtype=np.float32))
case("zero_d_float32_below", np.array(999999.0, dtype=np.float32))
case("zero_d_nan", np.array(np.nan))
case("zero_d_int", np.array(-42, dtype=np.int64))
case("zero_d_bool", np.array(True))
case("zero_d_complex", np.array(1.5 - 2j))
case("zero_d_complex_imag", np.array(-2j, dtype=np.complex64))
case("zero_d_complex_negzero", np.array(complex(-0.0, -1.0)))
case("empty_0x3", np.zeros((0, 3)))
case("empty_1x0", np.zeros((1, 0), dtype=np.int32))
case("wrap_int", np.arange(30), divisor=1)
case("wrap_float", np.linspace(0, 1, 20))
case("wrap_float_2d", np.linspace(-1, 1, 24).reshape(2, 12))
case("wrap_complex", (np.arange(10) + 1j * np.arange(10)[::-1]).astype(np.complex128))
case("summary_1d", np.arange(2000), divisor=1)
case("summary_2d", np.arange(2000).reshape(20, 100), divisor=1)
case("summary_3d", np.arange(1200, dtype=np.int16).reshape(10, 10, 12), divisor=1)
case("summary_float", np.arange(1001, dtype=np.float64) / 4, divisor=4)
case("summary_short_axis", np.arange(1004, dtype=np.uint16).reshape(2, 502), divisor=1)
case("summary_1001", np.arange(1001, dtype=np.int32), divisor=1)

with open("print_cases.txt", "w") as f:
    f.write("# Arrays and NumPy " + np.__version__ + "'s str() of them; see make_golden.py.\n")
    f.write("\n".join(cases) + "\n")
