#!/usr/bin/env python3
"""Writes tests/fixtures/numpy_sums.json: numpy 1.26.3's own sum, mean and std of the first n values of a
sequence both Python and Rust compute bit for bit (see tests/numpy_sums.rs), for n around numpy's
pairwise-summation switches (8, 128) and its 8192-element buffer, in float64 and float32.

    x_i = ((i * 7919) % 1009 - 504) / 7.0 * SCALES[i % 5]     (float64; float32 is that value rounded)
"""
import json
import pathlib

import numpy as np

SCALES = [1e-4, 1e-2, 1.0, 1e2, 1e4]
SIZES = [1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 136, 255, 256, 257, 1000, 8191, 8192, 8193, 8200, 20000]
OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "numpy_sums.json"


def xs(n):
    return [((i * 7919) % 1009 - 504) / 7.0 * SCALES[i % 5] for i in range(n)]


def sequential(a, t):
    s = t(0)
    for v in a:
        s = t(s + v)
    return s


def main():
    cases = []
    differs = 0
    for dtype, t in [("f8", np.float64), ("f4", np.float32)]:
        for n in SIZES:
            a = np.array(xs(n), dtype=np.float64).astype(t)
            seq = sequential(a, t)
            s = a.sum()
            differs += s != seq
            cases.append(
                {
                    "dtype": dtype,
                    "n": n,
                    "sum": repr(float(s)),
                    "mean": repr(float(a.mean())),
                    "std": repr(float(a.std())),
                    "sequential_sum": repr(float(seq)),
                }
            )
    OUT.write_text(json.dumps({"scales": SCALES, "cases": cases}, indent=1) + "\n")
    print(f"{OUT}: {len(cases)} cases, {differs} where numpy's sum differs from adding one by one")


if __name__ == "__main__":
    main()
