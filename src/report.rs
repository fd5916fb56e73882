//! Text outputs of the notebook: `robustness_summary_statistics.csv` (numbers written as pandas writes
//! them) and the printed summary table.
//!
//! Owns: number formatting (Python float repr, pandas' column type inference) and both text layouts.

use crate::stats::SweepStats;

/// The CSV file name the notebook writes.
pub const CSV_FILE_NAME: &str = "robustness_summary_statistics.csv";

/// The CSV exactly as pandas' `to_csv(index=False)` writes it (10 columns, `\n` line ends).
pub fn csv(sweeps: &[SweepStats]) -> String {
    let _ = sweeps;
    todo!()
}

/// One row of the printed summary table, as the notebook formats it
/// (`257.3 ± 12.9`, `6.28 ± 0.31%`, `1.000`); the page shows these in its `<table>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// Python's `f"{v}"` of the value.
    pub value: String,
    pub count: String,
    pub fraction: String,
    pub max_info: String,
}

/// The summary rows of one sweep: points with data only, in sweep order.
pub fn summary_rows(sweep: &SweepStats) -> Vec<SummaryRow> {
    let _ = sweep;
    todo!()
}

/// The notebook's printed summary (per sweep: display name, a rule of 50 dashes, the pandas table).
pub fn summary(sweeps: &[SweepStats]) -> String {
    let _ = sweeps;
    todo!()
}
