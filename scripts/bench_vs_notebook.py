#!/usr/bin/env python3
"""Times the notebooks' own code against `infosweep report` on the same folders, in one run.

    cargo build --release --bin infosweep
    python3 scripts/make_big_folder.py /tmp/big200 --gib 0.2      # ~200 MB, not committed
    python3 scripts/bench_vs_notebook.py tests/fixtures/n3p2 /tmp/big200 [--runs 7] \
        [--variant 'default=' --variant 'nofig=--format pdf']

Notebook side: the code cells of both notebooks (docs/notebook-plot_S9A_B.txt, docs/notebook-plot_S9C.txt,
run by scripts/notebooks.py: load, statistics, both CSVs, the printed summaries, all three figures saved as
PDF at dpi=300 as the notebooks do), in this process after numpy/pandas/matplotlib are imported and one
warm-up run, so the notebook pays neither interpreter start nor imports nor font-cache building. `hsnn`'s
`io.load_pickle` and `viz.save_figure` are replaced by `pickle.load` and `fig.savefig` (see notebooks.py).

infosweep side: the release binary as a new process each run (process start, reading, decoding,
statistics, both CSVs, both summaries, the figures its default `--format` writes), stdout to /dev/null.

Runs alternate between the two (notebook, infosweep, notebook, ...) so machine load hits both alike;
the table gives medians and the ratio of the medians. The page cache is warm for both (one warm-up each).
"""

import argparse
import io
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import notebooks  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "infosweep"


def folder_size(p):
    return sum(f.stat().st_size for f in pathlib.Path(p).rglob("*.pkl"))


def run_notebooks(results, out):
    notebooks.run("S9A_B", results, out / "s9ab")
    notebooks.run("S9C", results, out / "s9c")


def run_infosweep(results, out, extra):
    with open(os.devnull, "wb") as null:
        r = subprocess.run([str(BIN), "report", str(results), "--out", str(out), *extra], stdout=null, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise SystemExit(f"infosweep failed ({r.returncode}): {r.stderr.decode(errors='replace')}")


def timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=pathlib.Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--variant",
        action="append",
        metavar="NAME=ARGS",
        help="an infosweep variant to time, e.g. 'svg=--format svg' (repeatable; default: 'default=' with no "
        "extra arguments)",
    )
    args = ap.parse_args()
    if not BIN.exists():
        raise SystemExit(f"{BIN}: build it first: cargo build --release --bin infosweep")
    variants = [(v.split("=", 1)[0], v.split("=", 1)[1].split()) for v in (args.variant or ["default="])]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for folder in args.folders:
            nb_times, is_times = [], {name: [] for name, _ in variants}
            for k in range(args.runs + 1):
                out_nb = tmp / f"nb{k}"
                # Output of the notebooks' prints is captured by notebooks.run (not printed).
                t_nb = timed(lambda: run_notebooks(folder, out_nb))
                shutil.rmtree(out_nb, ignore_errors=True)
                if k > 0:  # the first round warms caches for both
                    nb_times.append(t_nb)
                for name, extra in variants:
                    out_is = tmp / f"is{k}{name}"
                    t_is = timed(lambda: run_infosweep(folder, out_is, extra))
                    shutil.rmtree(out_is, ignore_errors=True)
                    if k > 0:
                        is_times[name].append(t_is)
            rows.append((folder, folder_size(folder), nb_times, is_times))
    print(f"medians of {args.runs} runs (min-max); ratio = notebooks' median / infosweep's median")
    for folder, size, nb_times, is_times in rows:
        nb = statistics.median(nb_times)
        print(f"{folder} ({size / 1e6:.1f} MB): notebooks {nb * 1e3:.0f} ms ({min(nb_times) * 1e3:.0f}-{max(nb_times) * 1e3:.0f})")
        for name, extra in variants:
            t = is_times[name]
            isw = statistics.median(t)
            print(
                f"    infosweep {name:<10} {' '.join(extra) or '(no extra arguments)':<24} {isw * 1e3:8.1f} ms "
                f"({min(t) * 1e3:.1f}-{max(t) * 1e3:.1f})  ratio {nb / isw:6.0f}x"
            )


if __name__ == "__main__":
    main()
