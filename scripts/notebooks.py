"""The two notebooks' own code cells, run as they are (used by make_report_fixtures.py and
bench_vs_notebook.py).

The cells are read verbatim from docs/notebook-plot_S9A_B.txt and docs/notebook-plot_S9C.txt. Only the first
cell of each (imports, `io.BASE_DIR` paths, `viz.setup_journal_env()`) is replaced, by a prelude that sets
RESULTS_DIR and OUTPUT_DIR and provides stand-ins for the `hsnn` helpers the notebooks import:
  - `io.load_pickle(path)` -> `pickle.load(open(path, "rb"))`
  - `viz.save_figure(fig, path, overwrite, dpi)` -> `fig.savefig(path, dpi=dpi)`
  - `viz.setup_journal_env()` -> nothing (matplotlib's defaults; the Agg backend, so `plt.show()` is a no-op)
With `figures=False` the plotting cells are skipped (statistics, printed summaries and CSVs only).
"""

import contextlib
import io as _io
import pathlib
import pickle
import re
import sys

import matplotlib

matplotlib.use("Agg")

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"


def _cells_s9ab():
    text = (DOCS / "notebook-plot_S9A_B.txt").read_text()
    parts = re.split(r"^In \[None\]:\n", text, flags=re.M)[1:]
    # A code cell ends where the next markdown heading starts.
    return [re.split(r"^## ", p, flags=re.M)[0] for p in parts]


def _cells_s9c():
    text = (DOCS / "notebook-plot_S9C.txt").read_text()
    parts = re.split(r"^---- \[(code|markdown) cell\]\n", text, flags=re.M)
    return [parts[i + 1] for i in range(1, len(parts) - 1, 2) if parts[i] == "code"]


class _Io:
    @staticmethod
    def load_pickle(path):
        with open(path, "rb") as f:
            return pickle.load(f)


class _Viz:
    @staticmethod
    def setup_journal_env():
        pass

    @staticmethod
    def save_figure(fig, path, overwrite=False, dpi=300):
        fig.savefig(path, dpi=dpi)


def _is_plot_cell(src):
    return "plt.subplots" in src or "def plot_" in src


def run(notebook, results_dir, output_dir, figures=True, constants=None):
    """Runs one notebook ("S9A_B" or "S9C") on results_dir; returns what it printed.

    A cell that raises stops the run as it would stop the notebook (what was written and printed so far
    stays); the exception is printed on stderr. (The S9A/B notebook raises KeyError in its last cell when
    no point has data, after writing its CSV.)

    `constants` ({"INFO_THRESHOLD": "0.5"}) replaces the right-hand side of those assignments in the
    configuration cell, so default arguments bound at `def` time see them too."""
    import matplotlib.pyplot as plt

    cells = _cells_s9ab() if notebook == "S9A_B" else _cells_s9c()
    for name, value in (constants or {}).items():
        pattern = re.compile(rf"^{name} = .*$", re.M)
        hits = [i for i, c in enumerate(cells) if pattern.search(c)]
        if len(hits) != 1:
            raise ValueError(f"{name}: expected one assignment, found {len(hits)}")
        cells[hits[0]] = pattern.sub(f"{name} = {value}", cells[hits[0]])
    output_dir = pathlib.Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    ns = {"__name__": "__notebook__"}
    prelude = (
        "import matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\n"
        "RESULTS_DIR = _results_dir\nOUTPUT_DIR = _output_dir\n"
    )
    ns.update(_results_dir=pathlib.Path(results_dir), _output_dir=output_dir, io=_Io, viz=_Viz)
    out = _io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(prelude, ns)
        for src in cells[1:]:
            if not figures and _is_plot_cell(src):
                continue
            try:
                exec(compile(src, f"<{notebook} cell>", "exec"), ns)
            except Exception as e:  # noqa: BLE001 - the notebook stops here too
                print(f"{notebook}: a cell raised {e!r}; stopping as the notebook would", file=sys.stderr)
                break
    plt.close("all")
    return out.getvalue()


def summary_s9ab(printed):
    """The part of the S9A/B output that infosweep's `report::summary` reproduces: the per-sweep tables
    between the banner and the closing `Results saved to:` block."""
    start = printed.index("HYPERPARAMETER ROBUSTNESS ANALYSIS SUMMARY\n" + "=" * 70 + "\n")
    start += len("HYPERPARAMETER ROBUSTNESS ANALYSIS SUMMARY\n" + "=" * 70 + "\n")
    end = printed.index("\n" + "=" * 70 + "\nResults saved to:", start)
    return printed[start:end]


def summary_s9c(printed):
    """The part of the S9C output that infosweep's `report::png_summary` reproduces: from the banner to the
    last table, without the closing `Results saved to:` block and the `Saved summary statistics to:` line."""
    start = printed.index("=" * 70 + "\nPNG COUNTS ROBUSTNESS ANALYSIS SUMMARY")
    end = printed.index("\n" + "=" * 70 + "\nResults saved to:", start)
    text = printed[start:end]
    tail = printed.find("\nPNG Counts Summary:\n", end)
    if tail >= 0:
        text += printed[tail:]
    return text
