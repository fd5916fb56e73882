#!/usr/bin/env python3
"""Writes the report fixtures into tests/fixtures/report/ (see tests/report_cases.rs and tests/cli.rs).

Each case is a results folder `<case>/data/<hparam>/{information_sweep_max_convex,png_counts_sweep_layers_4}.pkl`
plus what the notebooks' own code (scripts/notebooks.py: the code cells of docs/notebook-plot_S9A_B.txt and
docs/notebook-plot_S9C.txt, run with numpy 1.26.3 / pandas 2.1.4) makes of it in `<case>/expected/`:
robustness_summary_statistics.csv, summary.txt (the S9A/B tables), png_counts_summary_statistics.csv (only
when the notebook writes it) and summary_s9c.txt (the S9C printout without its path lines).

    python3 scripts/make_report_fixtures.py
"""

import pathlib
import pickle
import shutil
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import notebooks  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report"
INFO = "information_sweep_max_convex.pkl"
PNG = "png_counts_sweep_layers_4.pkl"


def info_post(rng, n_trials, n_neurons=16, dtype=np.float64):
    x = rng.beta(0.6, 2.0, size=(n_trials, n_neurons))
    return (-np.sort(-x, axis=1)).astype(dtype)


def png_ints(rng, n_trials, n_layers, lo=1000, hi=5000):
    # As the real pipeline writes them: np.array of Python ints (int64).
    return np.array([[int(v) for v in rng.integers(lo, hi, n_layers)] for _ in range(n_trials)])


def write(path, obj, protocol):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=protocol)


def pairwise(a):
    """numpy's pairwise_sum over the whole array (no 8192 blocks), to check a case tells them apart."""
    n = len(a)
    if n < 8:
        r = 0.0
        for x in a:
            r += x
        return r
    if n <= 128:
        r = [float(x) for x in a[:8]]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                r[j] += float(a[i + j])
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for x in a[i:]:
            res += float(x)
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise(a[:n2]) + pairwise(a[n2:])


def case_mixed(d, rng):
    """Realistic: int64 counts with 4 and 3 layers, protocols 2-5, a value with only 'pre', a value without
    'post' in the information file, a hparam without png_counts, an unknown hparam, numpy-scalar keys,
    NaN in a float64 post, a float32 information sweep."""
    write(d / "I2E" / INFO, {v: {"post": info_post(rng, 3)} for v in [12, 16, 20]}, 5)
    write(d / "I2E" / PNG, {v: {"pre": png_ints(rng, 3, 4, 10, 100), "post": png_ints(rng, 3, 4)} for v in [12, 16, 20]}, 5)
    write(d / "delay_max" / INFO, {v: {"post": info_post(rng, 2)} for v in [6, 8]}, 4)
    info = {v: {"post": info_post(rng, 3)} for v in [0.02, 0.04]}
    info[0.03] = {"pre": info_post(rng, 3)}
    write(d / "lrate" / INFO, info, 4)
    png = {v: {"post": np.array([[float(x)] for x in rng.integers(2000, 4500, 3)])} for v in [0.02, 0.03]}
    png[0.04] = {"pre": np.array([[1.0], [2.0], [3.0]])}
    write(d / "lrate" / PNG, png, 4)
    write(d / "tau_m" / INFO, {np.float64(v): {"post": info_post(rng, 4, dtype=np.float32)} for v in [5.0, 10.0]}, 3)
    write(d / "tau_m" / PNG, {np.int64(v): {"post": png_ints(rng, 5, 3)} for v in [5, 10, 20]}, 2)
    nan = np.array([[3000.0], [np.nan], [3100.0]])
    write(d / "zeta" / PNG, {0.5: {"post": nan}, 1.5: {"post": np.array([[1.0], [2.0]])}}, 3)
    # NaN inside an information post: never >= the threshold, the trial's max is NaN, so is its rank's
    # mean; a whole-NaN trial; an inf (its own rng, so the other cases keep their data).
    r2 = np.random.default_rng(99)
    a, b = info_post(r2, 3), info_post(r2, 2)
    a[0, 3] = np.nan
    b[1, :] = np.nan
    c = info_post(r2, 2)
    c[0, 0] = np.inf
    write(d / "zeta" / INFO, {0.5: {"post": a}, 1.5: {"post": b}, 2.5: {"post": c}}, 4)


def case_blocks(d, rng):
    """More than 8192 trials: numpy sums in blocks of 8192, each pairwise (int64 cast to float64, float64,
    strided columns), and the information counts' mean likewise."""
    n = 8300
    for _ in range(100):
        ints = rng.integers(10**15, 9 * 10**15, size=(n, 2))
        floats = rng.standard_normal((n, 3)) * np.exp(rng.uniform(-20, 20, (n, 3)))
        ok = [
            float(np.add.reduce(ints[:, 0], dtype="f8")) != pairwise(ints[:, 0].astype("f8")),
            float(floats[:, 0].sum()) != pairwise(floats[:, 0]),
            float((floats[:, 0] - floats[:, 0].mean()).__pow__(2).sum()) != pairwise((floats[:, 0] - floats[:, 0].mean()) ** 2),
        ]
        if all(ok):
            break
    else:
        raise SystemExit("no seed tells blocked from whole pairwise summation apart")
    write(d / "big" / PNG, {1: {"post": ints}, 2: {"post": floats}}, 5)
    post = rng.uniform(0.0, 1.0, size=(8200, 2))
    write(d / "big" / INFO, {1: {"post": post}}, 5)


def case_edges(d, rng):
    """pandas' formatting edges: float keys at repr's switches (1e-05, 0.0001, 1e16, -0.0), an int above
    int64 in a float column, counts above 1e9 (to_string's switch to scientific), identical counts (0.0)."""
    keys = [-0.0, 1e-05, 0.0001, 0.125, 12345678.5, 1e16]
    write(d / "floats" / PNG, {k: {"post": png_ints(rng, 3, 1)} for k in keys}, 4)
    write(d / "floats" / INFO, {k: {"post": info_post(rng, 2)} for k in keys}, 4)
    big = {2**63: {"post": np.array([[1234567890], [1234567891], [1234567895]])}, 7: {"post": np.array([[5], [5], [5]])}}
    write(d / "wide" / PNG, big, 4)


def case_objects(d, rng):
    """Object columns: string keys (one with a tab, one with a comma), ints beyond uint64 with floats,
    a hparam name with a comma."""
    write(d / "a,b" / PNG, {"x": {"post": png_ints(rng, 2, 2)}, "y\tz": {"post": png_ints(rng, 2, 2)}, "p,q": {"pre": 1}}, 4)
    write(d / "a,b" / INFO, {"x": {"post": info_post(rng, 2)}, "y\tz": {"post": info_post(rng, 2)}}, 4)
    huge = {1.5: {"post": png_ints(rng, 2, 1)}, 2**64: {"post": png_ints(rng, 2, 1)}, -(2**70): {"post": png_ints(rng, 2, 1)}}
    write(d / "huge" / PNG, huge, 2)
    write(d / "huge" / INFO, {k: {"post": info_post(rng, 2)} for k in huge}, 2)
    write(d / "uint" / PNG, {2**63: {"post": png_ints(rng, 2, 1)}, 3: {"post": png_ints(rng, 2, 1)}}, 4)


def case_float32(d, rng):
    """Every post float32: pandas keeps float32 columns (the S9C mean, the S9A/B information columns)."""
    f32 = lambda a: a.astype(np.float32)  # noqa: E731
    write(d / "lrate" / PNG, {v: {"post": f32(png_ints(rng, 3, 2) + 0.1)} for v in [0.02, 0.04]}, 4)
    write(d / "lrate" / INFO, {v: {"post": info_post(rng, 3, dtype=np.float32)} for v in [0.02, 0.04]}, 4)


def case_empty(d, rng):
    """No point has data: no S9C CSV, no 'PNG Counts Summary' table; an empty sweep prints pandas' empty
    frame."""
    write(d / "lrate" / PNG, {0.02: {"pre": png_ints(rng, 2, 2)}}, 4)
    write(d / "lrate" / INFO, {0.02: {"pre": 1}}, 4)
    write(d / "nothing" / PNG, {}, 4)
    write(d / "nothing" / INFO, {}, 4)


CASES = {
    "mixed": case_mixed,
    "blocks": case_blocks,
    "edges": case_edges,
    "objects": case_objects,
    "float32": case_float32,
    "empty": case_empty,
}


def params_reference():
    """The shared example folder (tests/fixtures/n3p2) with INFO_THRESHOLD = 0.5 and N_NEURONS_L4 = 1000:
    what `infosweep report --threshold 0.5 --neurons 1000` must write and print."""
    data = ROOT.parent / "n3p2"
    exp = ROOT.parent / "reference" / "t0.5_n1000"
    tmp = exp / "tmp"
    shutil.rmtree(exp, ignore_errors=True)
    printed = notebooks.run("S9A_B", data, tmp, figures=False, constants={"INFO_THRESHOLD": "0.5", "N_NEURONS_L4": "1000"})
    (exp / "summary.txt").write_text(notebooks.summary_s9ab(printed))
    shutil.move(tmp / "robustness_summary_statistics.csv", exp)
    shutil.rmtree(tmp)
    print(f"{exp}: {sorted(p.name for p in exp.iterdir())}")


def main():
    params_reference()
    rng = np.random.default_rng(20240611)
    for name, make in CASES.items():
        case = ROOT / name
        shutil.rmtree(case, ignore_errors=True)
        data, exp, tmp = case / "data", case / "expected", case / "tmp"
        make(data, rng)
        printed = notebooks.run("S9A_B", data, tmp, figures=False)
        (exp).mkdir(parents=True)
        (exp / "summary.txt").write_text(notebooks.summary_s9ab(printed))
        shutil.move(tmp / "robustness_summary_statistics.csv", exp)
        printed = notebooks.run("S9C", data, tmp, figures=False)
        (exp / "summary_s9c.txt").write_text(notebooks.summary_s9c(printed))
        if (tmp / "png_counts_summary_statistics.csv").exists():
            shutil.move(tmp / "png_counts_summary_statistics.csv", exp)
        shutil.rmtree(tmp)
        print(f"{case}: {sorted(p.name for p in exp.iterdir())}")


if __name__ == "__main__":
    main()
