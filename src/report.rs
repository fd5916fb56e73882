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
