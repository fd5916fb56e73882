//! The demo's precomputed results (`assets/demo/results.bin`, what the first open draws without the
//! decoder) are what the decode workers compute from the demo's pickles (`tests/fixtures/n3p2`, listed by
//! `assets/demo/index.json`) at the default settings. When they go stale this test fails; rewrite them with
//! `INFOSWEEP_WRITE_DEMO=1 cargo test --test demo_results`.

#![cfg(not(target_arch = "wasm32"))]

use infosweep::demo::{self, RESULTS_FILE};
use infosweep::settings::Settings;
use infosweep::wire::envelope::Payload;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn index() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("assets/demo/index.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn fresh() -> Vec<u8> {
    let files: Vec<(String, Vec<u8>)> = index()
        .into_iter()
        .map(|p| {
            let bytes =
                std::fs::read(Path::new(ROOT).join("tests/fixtures/n3p2").join(&p)).unwrap();
            (p, bytes)
        })
        .collect();
    let params = Settings::default().params();
    demo::to_bytes(params, demo::compute(&files, params))
}

#[test]
fn committed_demo_results_are_what_the_workers_compute_from_the_demo_pickles() {
    let path = Path::new(ROOT).join("assets/demo").join(RESULTS_FILE);
    let want = fresh();
    if std::env::var_os("INFOSWEEP_WRITE_DEMO").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is stale ({} bytes, fresh {}): run INFOSWEEP_WRITE_DEMO=1 cargo test --test demo_results",
        path.display(),
        have.len(),
        want.len()
    );
}

#[test]
fn demo_results_hold_every_index_entry_decoded_at_the_default_settings() {
    let results = demo::read(&fresh()).unwrap();
    let params = Settings::default().params();
    let paths = index();
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    let reports = results
        .reports_for(&refs, params)
        .expect("every file at the defaults");
    assert_eq!(reports.len(), 6);
    let info = reports
        .iter()
        .filter(|r| matches!(r.outcome, Ok(Payload::Information { .. })))
        .count();
    let png = reports
        .iter()
        .filter(|r| matches!(r.outcome, Ok(Payload::PngCounts { .. })))
        .count();
    assert_eq!((info, png), (3, 3));
    // Another threshold, or a file it does not hold, sends the load to the workers.
    let other = infosweep::stats::Params {
        threshold: 0.5,
        ..params
    };
    assert!(results.reports_for(&refs, other).is_none());
    assert!(results
        .reports_for(&["lrate/other/information_sweep_max_convex.pkl"], params)
        .is_none());
}
