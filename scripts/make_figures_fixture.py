#!/usr/bin/env python3
"""Writes the figure tests' fixtures (numpy 1.26 / matplotlib 3.8.2), in line formats the tests read
without the pickle/stats modules:

tests/fixtures/figures/n3p2_stats.txt: the notebooks' statistics of the n3p2 example sweeps --
    sweep <hparam>                  (plot_S9A_B: informative counts with threshold 2/3, ranked mean curve)
    point <int|float> <value> <count_mean> <count_sem>
    ranked <v1> <v2> ...            (mean over trials per rank, %.9g)
    pngsweep <hparam>               (plot_S9C: compute_count_stats(post, layer_idx=0))
    pngpoint <int|float> <value> <mean> <sem> <n_trials>     (or `pngpoint <kind> <value> nan nan 0`)

tests/fixtures/figures/simplify_cases.txt: paths and what matplotlib's PathSimplifier makes of them --
    case <name>
    in <x0> <y0> <x1> <y1> ...      (repr floats; nan for gaps)
    out <M|L> <x> <y> ...           (Path.cleaned(simplify=True, remove_nans=True), STOP dropped)
"""
import pickle
from pathlib import Path as FsPath

import numpy as np
from matplotlib.path import Path

ROOT = FsPath(__file__).resolve().parent.parent
SRC = ROOT / "tests" / "fixtures" / "n3p2"
OUT = ROOT / "tests" / "fixtures" / "figures"


def kind(v):
    return "int" if isinstance(v, (int, np.integer)) else "float"


def stats():
    lines = []
    for d in sorted(SRC.glob("*")):
        res = pickle.load(open(d / "information_sweep_max_convex.pkl", "rb"))
        lines.append(f"sweep {d.name}")
        for v in sorted(res):
            m = res[v]["post"]
            counts = np.sum(m >= 2 / 3, axis=1)
            lines.append(f"point {kind(v)} {v!r} {counts.mean()!r} {(counts.std() / np.sqrt(len(counts)))!r}")
            lines.append("ranked " + " ".join(f"{x:.9g}" for x in m.mean(axis=0)))
    for d in sorted(SRC.glob("*")):
        f = d / "png_counts_sweep_layers_4.pkl"
        if not f.exists():
            continue
        res = pickle.load(open(f, "rb"))
        lines.append(f"pngsweep {d.name}")
        for v in sorted(res):
            if "post" in res[v]:
                c = res[v]["post"][:, 0]
                mean, sem = c.mean(), c.std() / np.sqrt(len(c))
                lines.append(f"pngpoint {kind(v)} {v!r} {float(mean)!r} {float(sem)!r} {res[v]['post'].shape[0]}")
            else:
                lines.append(f"pngpoint {kind(v)} {v!r} nan nan 0")
    (OUT / "n3p2_stats.txt").write_text("\n".join(lines) + "\n")


def simplify_cases():
    rng = np.random.default_rng(7)
    cases = {}
    # The n3p2 ranked curves as the reference figure places them (axes 48.15..183.74 pt, y 14.4..106.83).
    res = pickle.load(open(SRC / "lrate" / "information_sweep_max_convex.pkl", "rb"))
    x0, x1, y0, y1 = 48.15375, 183.744643, 14.4, 106.8302
    ranks = np.log10(np.arange(1, 4097)) / np.log10(4096)
    for v in sorted(res)[:2]:
        m = res[v]["post"].mean(axis=0)
        cases[f"ranked_lrate_{v}"] = np.column_stack([x0 + ranks * (x1 - x0), y1 - m / 1.05 * (y1 - y0)])
    walk = np.cumsum(rng.normal(0, 0.05, (1500, 2)), axis=0) + 50
    cases["random_walk"] = walk
    t = np.linspace(0, 40, 1000)
    cases["zigzag"] = np.column_stack([t, 10 + 0.08 * np.sign(np.sin(37 * t))])
    cases["back_and_forth"] = np.column_stack([np.concatenate([t, t[::-1], t]), np.full(3000, 3.0)])
    spike = np.column_stack([np.linspace(0, 100, 500), np.zeros(500)])
    spike[250, 1] = 30.0
    cases["spike"] = spike
    gaps = np.column_stack([np.linspace(0, 50, 400), np.sin(np.linspace(0, 9, 400)) * 20])
    gaps[[0, 100, 101, 250, 399], 1] = np.nan
    cases["nan_gaps"] = gaps
    lines = []
    for name, v in cases.items():
        c = Path(v).cleaned(simplify=True, remove_nans=True)
        lines.append(f"case {name}")
        lines.append("in " + " ".join(repr(float(a)) for a in v.ravel()))
        out = []
        for (x, y), code in zip(c.vertices, c.codes):
            if code == Path.STOP:
                break
            out.append(f"{'M' if code == Path.MOVETO else 'L'} {float(x)!r} {float(y)!r}")
        lines.append("out " + " ".join(out))
    (OUT / "simplify_cases.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    stats()
    simplify_cases()
    for f in sorted(OUT.glob("*.txt")):
        print("wrote", f, f.stat().st_size, "bytes")
