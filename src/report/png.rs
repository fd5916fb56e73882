//! plot_S9C's text outputs: `png_counts_summary_statistics.csv` and the printed
//! `PNG COUNTS ROBUSTNESS ANALYSIS SUMMARY`.
//!
//! Owns: the S9C CSV (`summary_df.to_csv(index=False)`), the per-sweep tables (`stats_df`), the closing
//! `summary_df.round(2).to_string(index=False)` table and the rows the page's S9C table shows.

use super::pandas::{self, csv_float, csv_quote, np_round, np_round_f32, Column, ValueColumn};
use super::section;
use crate::pyfmt::fixed;
use crate::stats::{PngCountStats, PngSweepStats};
use crate::sweep::HValue;

/// The CSV file name plot_S9C writes.
pub const PNG_CSV_FILE_NAME: &str = "png_counts_summary_statistics.csv";

/// The banner plot_S9C prints before the per-sweep tables (`print("=" * 70)` around it).
pub const PNG_SUMMARY_TITLE: &str = "PNG COUNTS ROBUSTNESS ANALYSIS SUMMARY";
/// `"=" * 70`.
pub const PNG_SUMMARY_RULE: &str =
    "======================================================================";

/// One row of a printed S9C table (`stats_df`), as the notebook formats it; the page shows these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngSummaryRow {
    /// Python's `f"{v}"` of the value.
    pub value: String,
    /// `f"{mean:.0f} ± {sem:.0f}"` (`3341 ± 633`), or `N/A` without `'post'`.
    pub count: String,
    /// `counts.shape[0]`, 0 without `'post'`.
    pub n_trials: usize,
}

/// The rows of one S9C sweep, every point in sweep order.
pub fn png_summary_rows(sweep: &PngSweepStats) -> Vec<PngSummaryRow> {
    sweep
        .points
        .iter()
        .map(|p| PngSummaryRow {
            value: p.value.label(),
            count: p.stats.map_or_else(
                || "N/A".to_string(),
                |s| format!("{} ± {}", fixed(s.mean, 0), fixed(s.sem, 0)),
            ),
            n_trials: p.stats.map_or(0, |s| s.n_trials),
        })
        .collect()
}

/// The points with data, as `build_summary_dataframe` collects them: (hparam, value, stats).
fn data_rows(sweeps: &[PngSweepStats]) -> Vec<(&str, &HValue, &PngCountStats)> {
    sweeps
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .filter_map(move |p| p.stats.as_ref().map(|st| (s.hparam.as_str(), &p.value, st)))
        })
        .collect()
}

/// Whether pandas makes a float32 `mean` column: every row's `layer_counts.mean()` is a numpy float32.
fn mean_is_float32(rows: &[(&str, &HValue, &PngCountStats)]) -> bool {
    rows.iter().all(|r| r.2.float32)
}

/// `png_counts_summary_statistics.csv` as `summary_df.to_csv(index=False)` writes it, or `None` when no
/// point has data (the notebook then writes no file: `if not summary_df.empty`).
///
/// Columns `hparam,value,mean,sem,n_trials`; the value column typed over all rows as pandas infers it
/// (ints and floats mixed give `12.0`); floats as Python's repr, NaN as an empty field; a float32 `mean`
/// column (every `post` float32) in float32's shortest repr.
pub fn png_csv(sweeps: &[PngSweepStats]) -> Option<String> {
    let rows = data_rows(sweeps);
    if rows.is_empty() {
        return None;
    }
    let kind = ValueColumn::infer(rows.iter().map(|r| r.1));
    let f32_mean = mean_is_float32(&rows);
    let mut out = String::from("hparam,value,mean,sem,n_trials\n");
    for (hparam, value, st) in rows {
        let fields = [
            csv_quote(hparam),
            csv_quote(&kind.csv_field(value)),
            csv_float(st.mean, f32_mean),
            csv_float(st.sem, false),
            st.n_trials.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    Some(out)
}

/// What plot_S9C prints, byte for byte: the banner, then per sweep `"\n{name}\n{'-' * 50}\n{stats_df}\n"`,
/// then (when some point has data) `"\nPNG Counts Summary:\n{summary_df.round(2).to_string(index=False)}\n"`.
///
/// Left out, as in the reference output: the notebook's closing block
/// `"\n" + "=" * 70`, `Results saved to: {RESULTS_DIR}`, `"=" * 70` (it names the notebook's input folder,
/// where nothing is saved) and `Saved summary statistics to: {path}`. The CLI says where it wrote the files
/// on stderr instead.
pub fn png_summary(sweeps: &[PngSweepStats]) -> String {
    let mut out = format!("{PNG_SUMMARY_RULE}\n{PNG_SUMMARY_TITLE}\n{PNG_SUMMARY_RULE}\n");
    for s in sweeps {
        let rows = png_summary_rows(s);
        let table = if rows.is_empty() {
            pandas::to_string(&[])
        } else {
            let values: Vec<&HValue> = s.points.iter().map(|p| &p.value).collect();
            let (cells, numeric) =
                ValueColumn::infer(values.iter().copied()).string_cells(&values, None);
            pandas::to_string(&[
                Column {
                    header: "value".into(),
                    numeric,
                    cells,
                },
                Column {
                    header: "count".into(),
                    numeric: false,
                    cells: pandas::str_cells(rows.iter().map(|r| r.count.as_str())),
                },
                Column {
                    header: "n_trials".into(),
                    numeric: true,
                    cells: pandas::int_cells(&rows.iter().map(|r| r.n_trials).collect::<Vec<_>>()),
                },
            ])
        };
        section(&mut out, &s.hparam, &table);
    }
    let rows = data_rows(sweeps);
    if !rows.is_empty() {
        out.push_str("\nPNG Counts Summary:\n");
        out.push_str(&rounded_table(&rows));
        out.push('\n');
    }
    out
}

/// `summary_df.round(2).to_string(index=False)`: numeric columns rounded as numpy rounds (a float32 `mean`
/// column in float32), object columns untouched.
fn rounded_table(rows: &[(&str, &HValue, &PngCountStats)]) -> String {
    const DECIMALS: i32 = 2;
    let values: Vec<&HValue> = rows.iter().map(|r| r.1).collect();
    let (value_cells, numeric) =
        ValueColumn::infer(values.iter().copied()).string_cells(&values, Some(DECIMALS));
    let f32_mean = mean_is_float32(rows);
    let means: Vec<f64> = rows
        .iter()
        .map(|r| {
            if f32_mean {
                np_round_f32(r.2.mean as f32, DECIMALS) as f64
            } else {
                np_round(r.2.mean, DECIMALS)
            }
        })
        .collect();
    let sems: Vec<f64> = rows.iter().map(|r| np_round(r.2.sem, DECIMALS)).collect();
    pandas::to_string(&[
        Column {
            header: "hparam".into(),
            numeric: false,
            cells: pandas::str_cells(rows.iter().map(|r| r.0)),
        },
        Column {
            header: "value".into(),
            numeric,
            cells: value_cells,
        },
        Column {
            header: "mean".into(),
            numeric: true,
            cells: pandas::float_cells(&means),
        },
        Column {
            header: "sem".into(),
            numeric: true,
            cells: pandas::float_cells(&sems),
        },
        Column {
            header: "n_trials".into(),
            numeric: true,
            cells: pandas::int_cells(&rows.iter().map(|r| r.2.n_trials).collect::<Vec<_>>()),
        },
    ])
}
