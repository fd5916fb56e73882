#!/usr/bin/env python3
"""Times the notebooks' own code against `infosweep report` on the same folders, in one run.

    cargo build --release --bin infosweep
    python3 scripts/make_big_folder.py /tmp/big200 --gib 0.2      # ~200 MB, not committed
    python3 scripts/bench_vs_notebook.py tests/fixtures/n3p2 /tmp/big200 [--runs 7]

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
    ap.add_argument("--infosweep-args", default="", help="extra arguments for infosweep report, e.g. '--format svg'")
    args = ap.parse_args()
    if not BIN.exists():
        raise SystemExit(f"{BIN}: build it first: cargo build --release --bin infosweep")
    extra = args.infosweep_args.split()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for folder in args.folders:
            nb_times, is_times = [], []
            for k in range(args.runs + 1):
                out_nb, out_is = tmp / f"nb{k}", tmp / f"is{k}"
                # Output of the notebooks' prints is captured by notebooks.run (not printed).
                t_nb = timed(lambda: run_notebooks(folder, out_nb))
                t_is = timed(lambda: run_infosweep(folder, out_is, extra))
                if k > 0:  # the first round warms caches for both
                    nb_times.append(t_nb)
                    is_times.append(t_is)
                shutil.rmtree(out_nb, ignore_errors=True)
                shutil.rmtree(out_is, ignore_errors=True)
            nb, isw = statistics.median(nb_times), statistics.median(is_times)
            rows.append((folder, folder_size(folder), nb, isw, min(nb_times), max(nb_times), min(is_times), max(is_times)))
    print(f"{'folder':<28} {'size':>9} {'notebooks':>11} {'infosweep':>11} {'ratio':>7}   (medians of {args.runs} runs; min-max)")
    for folder, size, nb, isw, nb_lo, nb_hi, is_lo, is_hi in rows:
        print(
            f"{str(folder):<28} {size / 1e6:>7.1f}MB {nb * 1e3:>9.0f}ms {isw * 1e3:>9.1f}ms {nb / isw:>6.0f}x"
            f"   (notebooks {nb_lo * 1e3:.0f}-{nb_hi * 1e3:.0f} ms, infosweep {is_lo * 1e3:.1f}-{is_hi * 1e3:.1f} ms)"
        )


if __name__ == "__main__":
    main()
