//! Every case folder of `tests/fixtures/report/` (made by `scripts/make_report_fixtures.py`) through the
//! decoder, sweeps, statistics and reports: both CSVs and both printed summaries byte for byte what the
//! notebooks' own code printed and wrote (numpy 1.26.3, pandas 2.1.4).

#![cfg(not(target_arch = "wasm32"))]

use infosweep::report::{csv_for, png_csv, png_summary, summary};
use infosweep::stats::{png_sweep_stats, sweep_stats, Params};
use infosweep::sweep::{load, load_png_counts, INFO_FILE_NAME, PNG_COUNTS_FILE_NAME};
use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report");
const CASES: [&str; 6] = ["mixed", "blocks", "edges", "objects", "float32", "empty"];

struct Outputs {
    csv: String,
    summary: String,
    png_csv: Option<String>,
    png_summary: String,
}

fn run(case: &str) -> Outputs {
    let data = Path::new(ROOT).join(case).join("data");
    let mut dirs: Vec<String> = std::fs::read_dir(&data)
        .unwrap_or_else(|e| panic!("{}: {e}", data.display()))
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    let (mut info, mut png) = (Vec::new(), Vec::new());
    for h in &dirs {
        let dir = data.join(h);
        if let Ok(bytes) = std::fs::read(dir.join(INFO_FILE_NAME)) {
            info.push(
                load(h, &bytes)
                    .unwrap_or_else(|e| panic!("{case}/{h}: {e}"))
                    .into_owned(),
            );
        }
        if let Ok(bytes) = std::fs::read(dir.join(PNG_COUNTS_FILE_NAME)) {
            png.push(load_png_counts(h, &bytes).unwrap_or_else(|e| panic!("{case}/{h}: {e}")));
        }
    }
    let stats: Vec<_> = info
        .iter()
        .map(|s| sweep_stats(s, &Params::default()))
        .collect();
    let png_stats: Vec<_> = png.iter().map(png_sweep_stats).collect();
    Outputs {
        csv: csv_for(&info, &stats),
        summary: summary(&stats),
        png_csv: png_csv(&png_stats),
        png_summary: png_summary(&png_stats),
    }
}

fn expected(case: &str, file: &str) -> Option<String> {
    std::fs::read_to_string(Path::new(ROOT).join(case).join("expected").join(file)).ok()
}

fn check(case: &str) {
    let got = run(case);
    let want = |f: &str| expected(case, f).unwrap_or_else(|| panic!("{case}: no expected/{f}"));
    assert_eq!(
        got.csv,
        want("robustness_summary_statistics.csv"),
        "{case}: S9A/B CSV"
    );
    assert_eq!(got.summary, want("summary.txt"), "{case}: S9A/B summary");
    assert_eq!(
        got.png_csv,
        expected(case, "png_counts_summary_statistics.csv"),
        "{case}: S9C CSV"
    );
    assert_eq!(
        got.png_summary,
        want("summary_s9c.txt"),
        "{case}: S9C summary"
    );
}

#[test]
fn the_case_list_is_every_fixture_folder() {
    let mut found: Vec<String> = std::fs::read_dir(ROOT)
        .expect("tests/fixtures/report: run scripts/make_report_fixtures.py")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    found.sort();
    let mut listed: Vec<&str> = CASES.to_vec();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn mixed_realistic_folder_matches_the_notebooks() {
    check("mixed");
}

#[test]
fn more_than_8192_trials_sum_in_numpy_blocks() {
    check("blocks");
}

#[test]
fn pandas_float_edges_match() {
    check("edges");
}

#[test]
fn object_value_columns_match() {
    check("objects");
}

#[test]
fn float32_columns_match() {
    check("float32");
}

#[test]
fn no_data_writes_no_s9c_csv_and_empty_frames() {
    check("empty");
    assert_eq!(expected("empty", "png_counts_summary_statistics.csv"), None);
}
