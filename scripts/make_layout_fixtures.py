#!/usr/bin/env python3
"""Writes tests/fixtures/layouts/: information sweeps whose `post` is stored in every way numpy pickles it
(C and Fortran order, little and big endian, float64 and float32, one column, more than 8 and more than
8192 trials, NaN), each `NAME.pkl` = {1: {'post': array}} with `NAME.json` holding what numpy 1.26.3
computes from it as the S9A/B notebook does (threshold 0.5): the counts' mean and SEM, the max's mean and
std, mean_info[:10].mean(), and the ranked mean and std curves, each as Python's repr of the float64 value.
See tests/layouts.rs.

    python3 scripts/make_layout_fixtures.py
"""
import json
import pathlib
import pickle

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "layouts"
THRESHOLD = 0.5


def stats(post):
    counts = np.sum(post >= THRESHOLD, axis=1)
    maxes = post.max(axis=1)
    mean, std = post.mean(axis=0), post.std(axis=0)
    r = lambda v: repr(float(v))  # noqa: E731
    return {
        "threshold": THRESHOLD,
        "count_mean": r(counts.mean()),
        "count_sem": r(counts.std() / np.sqrt(len(counts))),
        "max_info_mean": r(maxes.mean()),
        "max_info_std": r(maxes.std()),
        "mean_info_top10": r(mean[:10].mean()),
        "ranked_mean": [r(v) for v in mean],
        "ranked_std": [r(v) for v in std],
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    rng = np.random.default_rng(11)
    wide = lambda n, c: rng.standard_normal((n, c)) * np.exp(rng.uniform(-3, 3, (n, c))) * 0.3 + 0.5  # noqa: E731
    cases = {
        "c_f8_20x12": wide(20, 12),
        "fortran_f8_20x12": np.asfortranarray(wide(20, 12)),
        "fortran_f8_200x3": np.asfortranarray(wide(200, 3)),
        "big_endian_c_f8_20x12": wide(20, 12).astype(">f8"),
        "big_endian_fortran_f4_20x12": np.asfortranarray(wide(20, 12)).astype(">f4", order="F"),
        "c_f4_150x9": wide(150, 9).astype("<f4"),
        "one_column_c_f8_300x1": wide(300, 1),
        "one_row_fortran_f8_1x12": np.asfortranarray(wide(1, 12)),
        "fortran_f8_8300x2": np.asfortranarray(wide(8300, 2)),
        "c_f8_8300x2": wide(8300, 2),
    }
    nan = wide(20, 12)
    nan[3, 5] = np.nan
    nan[7, :] = np.nan
    cases["nan_fortran_f8_20x12"] = np.asfortranarray(nan)
    cases["nan_c_f4_20x12"] = nan.astype(np.float32)
    for i, (name, post) in enumerate(cases.items()):
        assert post.flags["F_CONTIGUOUS" if "fortran" in name else "C_CONTIGUOUS"], name
        with open(OUT / f"{name}.pkl", "wb") as f:
            # Protocol 2 (arrays from latin-1 text) and 4/5 (arrays borrowed from the input).
            pickle.dump({1: {"post": post}}, f, protocol=5 if "8300" in name else (2, 4)[i % 2])
        (OUT / f"{name}.json").write_text(json.dumps(stats(post)) + "\n")
    print(f"{OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
