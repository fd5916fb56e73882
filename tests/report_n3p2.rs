//! The n3p2 results folder through decoder, sweep, stats and report: byte-identical to what the
//! notebook's code wrote (numpy 1.26.3, pandas 2.1.4).

use infosweep::report::{csv, summary};
use infosweep::stats::{sweep_stats, Params, SweepStats};
use infosweep::sweep::{load, sort_sweeps, LoadError, SweepError, INFO_FILE_NAME};
use std::path::Path;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference");

fn n3p2() -> Vec<SweepStats> {
    // Given in reverse to check the ordering.
    let mut sweeps: Vec<_> = ["lrate", "delay_max", "I2E"]
        .iter()
        .map(|h| {
            let bytes = std::fs::read(Path::new(FIXTURE).join(h).join(INFO_FILE_NAME)).unwrap();
            load(h, &bytes).unwrap()
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

#[test]
fn counts_pickle_is_not_an_information_sweep() {
    let bytes =
        std::fs::read(Path::new(FIXTURE).join("lrate/png_counts_sweep_layers_4.pkl")).unwrap();
    match load("lrate", &bytes) {
        Err(LoadError::Sweep(SweepError::NotAnInformationSweep(m))) => {
            assert!(m.contains("(3, 1)"), "{m}")
        }
        other => panic!("expected NotAnInformationSweep, got {other:?}"),
    }
}
