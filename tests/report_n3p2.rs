//! The n3p2 results folder through decoder, sweep, stats and report: byte-identical to what the
//! notebook's code wrote (numpy 1.26.3, pandas 2.1.4).

#![cfg(not(target_arch = "wasm32"))]

use infosweep::report::{csv, png_csv, png_summary, summary};
use infosweep::stats::{png_sweep_stats, sweep_stats, Params, PngSweepStats, SweepStats};
use infosweep::sweep::{
    load, load_png_counts, sort_png_sweeps, sort_sweeps, INFO_FILE_NAME, PNG_COUNTS_FILE_NAME,
};
use std::path::Path;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference");

fn n3p2() -> Vec<SweepStats> {
    // Given in reverse to check the ordering.
    let mut sweeps: Vec<_> = ["lrate", "delay_max", "I2E"]
        .iter()
        .map(|h| {
            let bytes = std::fs::read(Path::new(FIXTURE).join(h).join(INFO_FILE_NAME)).unwrap();
            load(h, &bytes).unwrap().into_owned()
        })
        .collect();
    sort_sweeps(&mut sweeps);
    sweeps
        .iter()
        .map(|s| sweep_stats(s, &Params::default()))
        .collect()
}

#[test]
fn csv_is_byte_identical() {
    let want =
        std::fs::read_to_string(Path::new(REFERENCE).join("robustness_summary_statistics.csv"))
            .unwrap();
    assert_eq!(csv(&n3p2()), want);
}

#[test]
fn summary_is_identical() {
    let want = std::fs::read_to_string(Path::new(REFERENCE).join("summary.txt")).unwrap();
    assert_eq!(summary(&n3p2()), want);
}

fn n3p2_png() -> Vec<PngSweepStats> {
    let mut sweeps: Vec<_> = ["lrate", "delay_max", "I2E"]
        .iter()
        .map(|h| {
            let bytes =
                std::fs::read(Path::new(FIXTURE).join(h).join(PNG_COUNTS_FILE_NAME)).unwrap();
            load_png_counts(h, &bytes).unwrap()
        })
        .collect();
    sort_png_sweeps(&mut sweeps);
    sweeps.iter().map(png_sweep_stats).collect()
}

#[test]
fn png_counts_csv_is_byte_identical() {
    let want =
        std::fs::read_to_string(Path::new(REFERENCE).join("png_counts_summary_statistics.csv"))
            .unwrap();
    assert_eq!(png_csv(&n3p2_png()).as_deref(), Some(want.as_str()));
}

#[test]
fn png_counts_summary_is_identical() {
    let want = std::fs::read_to_string(Path::new(REFERENCE).join("summary_s9c.txt")).unwrap();
    assert_eq!(png_summary(&n3p2_png()), want);
}
