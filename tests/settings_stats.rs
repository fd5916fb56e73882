//! Settings from a URL hash reach the statistics: a link with `t=` and `n=` gives the CSV and summary the
//! notebook's own code made with `INFO_THRESHOLD = 0.5`, `N_NEURONS_L4 = 1000` (reference made by
//! `scripts/make_report_fixtures.py`), and the figure options carry the neuron total.

#![cfg(not(target_arch = "wasm32"))]

use infosweep::report::{csv, summary};
use infosweep::settings::Settings;
use infosweep::stats::{sweep_stats, SweepStats};
use infosweep::sweep::{load, INFO_FILE_NAME};
use std::path::Path;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference");

fn n3p2_stats(settings: &Settings) -> Vec<SweepStats> {
    ["I2E", "delay_max", "lrate"]
        .iter()
        .map(|h| {
            let bytes = std::fs::read(Path::new(FIXTURE).join(h).join(INFO_FILE_NAME)).unwrap();
            sweep_stats(&load(h, &bytes).unwrap(), &settings.params())
        })
        .collect()
}

fn reference(file: &str) -> String {
    std::fs::read_to_string(Path::new(REFERENCE).join(file)).unwrap()
}

#[test]
fn threshold_and_neurons_from_a_hash_reach_the_csv_and_summary() {
    for hash in ["#t=0.5&n=1000", "n=1000&t=1%2F2", "#t=0.50&n=01000&x=junk"] {
        let s = Settings::from_hash(hash);
        let stats = n3p2_stats(&s);
        assert_eq!(
            csv(&stats),
            reference("t0.5_n1000/robustness_summary_statistics.csv"),
            "{hash}"
        );
        assert_eq!(
            summary(&stats),
            reference("t0.5_n1000/summary.txt"),
            "{hash}"
        );
        assert_eq!(s.figure_options().n_neurons, 1000, "{hash}");
    }
}

#[test]
fn an_empty_hash_gives_the_notebooks_numbers() {
    let stats = n3p2_stats(&Settings::from_hash(""));
    assert_eq!(csv(&stats), reference("robustness_summary_statistics.csv"));
    assert_eq!(summary(&stats), reference("summary.txt"));
}
