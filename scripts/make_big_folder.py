#!/usr/bin/env python3
"""Writes a large results folder for the benchmarks (not committed; ~1 GB by default).

Layout as the real pipeline: <out>/<hparam>/information_sweep_max_convex.pkl, each
{value: {'post': float64 (n_trials, 4096), rows sorted descending}}, and beside it
png_counts_sweep_layers_4.pkl, {value: {'pre': int64 (n_trials, 4), 'post': int64 (n_trials, 4)}} made as
np.array of Python ints; plain pickle.dump, protocol 4.
Usage: python3 scripts/make_big_folder.py OUT [--gib 1.0]   (needs numpy)
"""
import argparse
import pathlib
import pickle

import numpy as np

HPARAMS = {
    "I2E": [12, 16, 20, 24, 28],
    "delay_max": [6, 8, 10, 12, 14],
    "lrate": [0.02, 0.03, 0.04, 0.05, 0.06],
    "tau_m": [5.0, 10.0, 20.0, 40.0, 80.0],
}
N_NEURONS = 4096
N_LAYERS = 4


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--gib", type=float, default=1.0)
    args = ap.parse_args()
    n_points = sum(len(v) for v in HPARAMS.values())
    n_trials = max(1, int(args.gib * 2**30 / (n_points * N_NEURONS * 8)))
    rng = np.random.default_rng(7)
    for hparam, values in HPARAMS.items():
        d = {}
        for v in values:
            x = rng.beta(0.6, 2.0, size=(n_trials, N_NEURONS))
            d[v] = {"post": -np.sort(-x, axis=1)}
        folder = args.out / hparam
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "information_sweep_max_convex.pkl", "wb") as f:
            pickle.dump(d, f, protocol=4)
        counts = {}
        for v in values:
            pre = [[int(c) for c in rng.integers(100, 1000, N_LAYERS)] for _ in range(n_trials)]
            post = [[int(c) for c in rng.integers(1500, 4500, N_LAYERS)] for _ in range(n_trials)]
            counts[v] = {"pre": np.array(pre), "post": np.array(post)}
        with open(folder / "png_counts_sweep_layers_4.pkl", "wb") as f:
            pickle.dump(counts, f, protocol=4)
    print(f"{args.out}: {len(HPARAMS)} sweeps x 5 values x {n_trials} trials x {N_NEURONS} neurons")


if __name__ == "__main__":
    main()
