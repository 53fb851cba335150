"""Generates casting.txt: NumPy's np.can_cast(from, to, casting) for every pair of ndthrust's dtypes and every
casting rule. Run with NumPy 2: python3 gen_casting.py > casting.txt

Each line: from to no equiv safe same_kind unsafe (1 = castable, 0 = not)."""
import numpy as np

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64", "complex64", "complex128"]
RULES = ["no", "equiv", "safe", "same_kind", "unsafe"]

print(f"# np.can_cast table, NumPy {np.__version__}; columns: from to " + " ".join(RULES))
for f in DTYPES:
    for t in DTYPES:
        bits = [str(int(np.can_cast(np.dtype(f), np.dtype(t), casting=r))) for r in RULES]
        print(f, t, *bits)
