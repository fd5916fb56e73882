//! The demo's precomputed results (`assets/demo/results.bin`, what the first open shows without the
//! decoder) are what the decode workers compute from the demo's pickles (`tests/fixtures/n3p2`, listed by
//! `assets/demo/index.json`) at the default settings, and its figure files (`assets/demo/figure-*.png`,
//! what the first open shows instead of drawing) are each figure of those results with the page's default
//! options at 300 dpi. When they go stale this test fails; rewrite them with
//! `INFOSWEEP_WRITE_DEMO=1 cargo test --test demo_results`.

#![cfg(not(target_arch = "wasm32"))]

use infosweep::demo::{self, FigureSet, RESULTS_FILE};
use infosweep::figures::{png, Figure, Fonts};
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

/// Fails when `name` (in assets/demo) is not `want`; writes it first with `INFOSWEEP_WRITE_DEMO`.
fn check_committed(name: &str, want: &[u8]) {
    let path = Path::new(ROOT).join("assets/demo").join(name);
    if std::env::var_os("INFOSWEEP_WRITE_DEMO").is_some() {
        std::fs::write(&path, want).unwrap();
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
fn committed_demo_results_are_what_the_workers_compute_from_the_demo_pickles() {
    check_committed(RESULTS_FILE, &fresh());
}

#[test]
fn committed_demo_figures_are_the_demo_results_drawn_with_the_default_options_at_300_dpi() {
    let results = demo::read(&fresh()).unwrap();
    let set = FigureSet::of(&results.reports);
    assert_eq!((set.info.len(), set.png.len()), (3, 3));
    let opts = demo::figure_options();
    assert!(set.shows(&set.data(), &opts));
    for kind in Figure::ALL {
        let scene = kind.scene(&set.data(), &opts);
        assert_eq!(
            (scene.width_pt / 72.0 * demo::FIGURE_DPI).round(),
            demo::FIGURE_FILE_PX,
            "{kind:?}'s width"
        );
        let bytes = png::render(&scene, &Fonts::bundled(), demo::FIGURE_DPI).unwrap();
        // The size the page's <img> declares: IHDR's width and height (big-endian, after the signature
        // and the chunk's length and type).
        let px = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        assert_eq!(&bytes[12..16], b"IHDR");
        assert_eq!(
            (px(16), px(20)),
            demo::figure_file_size(kind),
            "{kind:?}'s file size"
        );
        check_committed(demo::figure_file(kind), &bytes);
    }
}

#[test]
fn the_demo_figures_stand_only_for_their_own_data_and_options() {
    let results = demo::read(&fresh()).unwrap();
    let set = FigureSet::of(&results.reports);
    let opts = demo::figure_options();
    // The page's order (by name, bytewise: uppercase first), whatever the reports' order.
    let names: Vec<&str> = set.info.iter().map(|s| s.hparam.as_str()).collect();
    assert_eq!(names, ["I2E", "delay_max", "lrate"]);
    let mut reversed = results.reports.clone();
    reversed.reverse();
    assert_eq!(FigureSet::of(&reversed), set);
    // Another option, a sweep left out, another number: drawn on canvas.
    let contrast = infosweep::figures::FigureOptions {
        high_contrast: true,
        ..opts.clone()
    };
    assert!(!set.shows(&set.data(), &contrast));
    let fewer = FigureSet {
        info: set.info[1..].to_vec(),
        png: set.png.clone(),
    };
    assert!(!set.shows(&fewer.data(), &opts));
    let mut other = set.clone();
    if let Some(s) = other.info[0].points[0].stats.as_mut() {
        s.count_mean += 1.0;
    }
    assert!(!set.shows(&other.data(), &opts));
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
