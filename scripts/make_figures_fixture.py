#!/usr/bin/env python3
"""Writes tests/fixtures/figures/n3p2_stats.txt: the notebook's statistics of the n3p2 example sweeps
(informative-count mean/SEM with threshold 2/3, ranked mean curve), computed with numpy exactly like the
notebook, in a line format the figure tests read without the pickle/stats modules:

    sweep <hparam>
    point <int|float> <value> <count_mean> <count_sem>
    ranked <v1> <v2> ...            (mean over trials per rank, %.9g)
"""
import pickle
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tests" / "fixtures" / "n3p2"
OUT = ROOT / "tests" / "fixtures" / "figures" / "n3p2_stats.txt"

lines = []
for d in sorted(SRC.glob("*")):
    res = pickle.load(open(d / "information_sweep_max_convex.pkl", "rb"))
    lines.append(f"sweep {d.name}")
    for v in sorted(res):
        m = res[v]["post"]
        counts = np.sum(m >= 2 / 3, axis=1)
        kind = "int" if isinstance(v, (int, np.integer)) else "float"
        lines.append(f"point {kind} {v!r} {counts.mean()!r} {(counts.std() / np.sqrt(len(counts)))!r}")
        lines.append("ranked " + " ".join(f"{x:.9g}" for x in m.mean(axis=0)))
OUT.write_text("\n".join(lines) + "\n")
print("wrote", OUT, OUT.stat().st_size, "bytes")
