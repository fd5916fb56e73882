//! Text outputs of the notebooks: `robustness_summary_statistics.csv` and the printed summary (Fig. S9A/B),
//! `png_counts_summary_statistics.csv` and the `PNG COUNTS ROBUSTNESS ANALYSIS SUMMARY` (Fig. S9C), all
//! written as pandas writes them.
//!
//! Owns: both CSV layouts, both printed layouts and the rows the page's tables show (as HTML:
//! [`table_html`]); pandas' own rules (column types, float formatting, `to_string`) live in `pandas`.
//! Reads the statistics and [`crate::notebook`], never the figures.

mod pandas;
mod png;
pub mod table_html;

pub use png::{
    png_csv, png_summary, png_summary_rows, PngSummaryRow, PNG_CSV_FILE_NAME, PNG_SUMMARY_RULE,
    PNG_SUMMARY_TITLE,
};

use crate::pyfmt::fixed;
use crate::stats::SweepStats;
use crate::sweep::{HValue, Sweep};
use pandas::{csv_float, csv_quote, Column, ValueColumn};

/// The CSV file name the S9A/B notebook writes.
pub const CSV_FILE_NAME: &str = "robustness_summary_statistics.csv";

/// The CSV exactly as pandas' `to_csv(index=False)` writes it (10 columns, `\n` line ends).
///
/// Rows: every point with data, sweeps in the given order. Floats are written as Python's repr (numpy's
/// `astype(str)`), NaN as an empty field (pandas' `na_rep`). The `value` column is typed as pandas infers
/// it over all rows: only ints → ints; ints and floats → all floats (`12.0`); any string (or an int no
/// int64/uint64 column holds) → an object column where each value is written as Python's `str()` of itself.
///
/// This assumes float64 statistics columns, which is what pandas makes of float64 `post` arrays and of a
/// mix of float32 and float64 ones. [`csv_for`] also covers the all-float32 case.
pub fn csv(sweeps: &[SweepStats]) -> String {
    csv_with(sweeps, false)
}

/// [`csv`], knowing the dtypes of the `post` arrays: when every point with data had a float32 `post`,
/// the notebook's `max_info_mean`, `max_info_std` and `mean_info_top10` are numpy float32 scalars, pandas
/// makes float32 columns of them and writes float32's shortest repr (`0.999739`).
pub fn csv_for(sweeps: &[Sweep], stats: &[SweepStats]) -> String {
    let dtypes: Vec<bool> = sweeps.iter().filter_map(Sweep::float32_posts).collect();
    csv_with(stats, !dtypes.is_empty() && dtypes.iter().all(|&f| f))
}

/// [`csv`] when the sweeps themselves are gone: `all_float32` says whether every point with data had a
/// float32 `post` (see [`csv_for`]; [`Sweep::float32_posts`] gives it per sweep).
pub fn csv_with_dtypes(stats: &[SweepStats], all_float32: bool) -> String {
    csv_with(stats, all_float32)
}

const CSV_COLUMNS: [&str; 10] = [
    "hyperparameter",
    "value",
    "informative_count_mean",
    "informative_count_sem",
    "informative_fraction_mean",
    "informative_fraction_sem",
    "max_info_mean",
    "max_info_std",
    "mean_info_top10",
    "n_trials",
];

fn csv_with(sweeps: &[SweepStats], float32_info: bool) -> String {
    let rows: Vec<_> = sweeps
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .filter_map(move |p| p.stats.as_ref().map(|st| (&s.hparam, &p.value, st)))
        })
        .collect();
    if rows.is_empty() {
        // pd.DataFrame([]).to_csv(index=False)
        return "\n".into();
    }
    let kind = ValueColumn::infer(rows.iter().map(|r| r.1));
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for (hparam, value, st) in rows {
        let fields = [
            csv_quote(hparam),
            csv_quote(&kind.csv_field(value)),
            csv_float(st.count_mean, false),
            csv_float(st.count_sem, false),
            csv_float(st.fraction_mean, false),
            csv_float(st.fraction_sem, false),
            csv_float(st.max_info_mean, float32_info),
            csv_float(st.max_info_std, float32_info),
            csv_float(st.mean_info_top_k, float32_info),
            st.n_trials.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// One row of the printed S9A/B summary table, as the notebook formats it
/// (`257.3 ± 12.9`, `6.28 ± 0.31%`, `1.000`); the page shows these in its `<table>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// Python's `f"{v}"` of the value.
    pub value: String,
    pub count: String,
    pub fraction: String,
    pub max_info: String,
}

/// The summary rows of one sweep, in sweep order.
///
/// Points without data are kept as the notebook prints them: `count`, `fraction` and `max_info` = `N/A`.
pub fn summary_rows(sweep: &SweepStats) -> Vec<SummaryRow> {
    sweep
        .points
        .iter()
        .map(|p| match &p.stats {
            Some(st) => SummaryRow {
                value: p.value.label(),
                count: format!("{} ± {}", fixed(st.count_mean, 1), fixed(st.count_sem, 1)),
                fraction: format!(
                    "{} ± {}%",
                    fixed(st.fraction_mean, 2),
                    fixed(st.fraction_sem, 2)
                ),
                max_info: fixed(st.max_info_mean, 3),
            },
            None => SummaryRow {
                value: p.value.label(),
                count: "N/A".into(),
                fraction: "N/A".into(),
                max_info: "N/A".into(),
            },
        })
        .collect()
}

/// The S9A/B notebook's printed summary (per sweep: display name, a rule of 50 dashes, the pandas table).
///
/// Each sweep gives `"\n{name}\n{'-' * 50}\n{table}\n"`, the table being pandas'
/// `DataFrame.to_string(index=False)` of the columns value, count, fraction, max_info. (The notebook's
/// banner before and its `Results saved to:` block after are not part of it.)
pub fn summary(sweeps: &[SweepStats]) -> String {
    let mut out = String::new();
    for s in sweeps {
        let rows = summary_rows(s);
        let table = if rows.is_empty() {
            pandas::to_string(&[])
        } else {
            let values: Vec<&HValue> = s.points.iter().map(|p| &p.value).collect();
            let (value_cells, numeric) =
                ValueColumn::infer(values.iter().copied()).string_cells(&values, None);
            let text = |f: fn(&SummaryRow) -> &String| {
                pandas::str_cells(rows.iter().map(|r| f(r).as_str()))
            };
            pandas::to_string(&[
                Column {
                    header: "value".into(),
                    numeric,
                    cells: value_cells,
                },
                Column {
                    header: "count".into(),
                    numeric: false,
                    cells: text(|r| &r.count),
                },
                Column {
                    header: "fraction".into(),
                    numeric: false,
                    cells: text(|r| &r.fraction),
                },
                Column {
                    header: "max_info".into(),
                    numeric: false,
                    cells: text(|r| &r.max_info),
                },
            ])
        };
        section(&mut out, &s.hparam, &table);
    }
    out
}

/// `print(f"\n{get_hparam_display_name(hparam)}")`, `print("-" * 50)`, `print(table)`.
fn section(out: &mut String, hparam: &str, table: &str) {
    out.push('\n');
    out.push_str(&crate::notebook::display_name(hparam));
    out.push('\n');
    out.push_str(&"-".repeat(50));
    out.push('\n');
    out.push_str(table);
    out.push('\n');
}

#[cfg(test)]
mod tests;
