//! Component tests in headless Chromium (wasm-bindgen-test): the mounted page's inputs and test hooks,
//! keyboard reachability, the settings hash through the real `location`, canvas sizing at a DPR, and the
//! summary table and figures given sweeps built by hand.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use infosweep::app::figures_view::{draw, Kind};
use infosweep::app::load::{classify, Plan};
use infosweep::app::state::{AppState, Loaded, Origin};
use infosweep::app::{location_hash, table::SummaryTable, write_hash, App};
use infosweep::figures::FigureOptions;
use infosweep::pickle::NdArray;
use infosweep::report::summary_rows;
use infosweep::settings::Settings;
use infosweep::stats::{PointStats, PointSummary, SweepStats};
use infosweep::sweep::{HValue, Matrix, Point, Post, Sweep};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh `<div>` in the body to mount into.
fn test_div() -> HtmlElement {
    let d: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    d.style().set_property("width", "900px").unwrap();
    document().body().unwrap().append_child(&d).unwrap();
    d
}

/// Lets effects, microtasks and a frame run.
async fn settle(ms: i32) {
    let p = js_sys::Promise::new(&mut |ok, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&ok, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn by_testid(root: &HtmlElement, id: &str) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-testid={id}]")).unwrap()
}

fn point_stats(count: f64, n: usize) -> PointStats {
    PointStats {
        count_mean: count,
        count_sem: 12.94,
        fraction_mean: count / 4096.0,
        fraction_sem: 12.94 / 4096.0,
        max_info_mean: 0.99987,
        max_info_std: 0.0001,
        mean_info_top_k: 0.99,
        n_trials: 10,
        ranked_mean: (0..n)
            .map(|k| 1.0 / (1.0 + k as f64 / (count / 4.0)))
            .collect(),
        ranked_std: vec![0.01; n],
    }
}

fn hand_stats() -> Vec<SweepStats> {
    vec![
        SweepStats {
            hparam: "I2E".into(),
            points: vec![
                PointSummary {
                    value: HValue::Int(1),
                    stats: Some(point_stats(120.0, 4096)),
                },
                PointSummary {
                    value: HValue::Int(2),
                    stats: None,
                },
                PointSummary {
                    value: HValue::Int(3),
                    stats: Some(point_stats(257.3, 4096)),
                },
            ],
        },
        SweepStats {
            hparam: "lrate".into(),
            points: vec![
                PointSummary {
                    value: HValue::Float(0.02),
                    stats: Some(point_stats(300.0, 4096)),
                },
                PointSummary {
                    value: HValue::Float(1e-5),
                    stats: Some(point_stats(80.5, 4096)),
                },
            ],
        },
    ]
}

#[wasm_bindgen_test]
async fn app_mounts_every_test_hook_and_the_pickers_are_keyboard_reachable() {
    let root = test_div();
    let handle = mount_to(root.clone(), || view! { <App autoload=false /> });
    settle(20).await;
    for id in [
        "dropzone",
        "folder-input",
        "file-input",
        "fig-ranked",
        "fig-counts",
        "summary-table",
        "errors",
        "download-csv",
        "download-svg-ranked",
        "download-svg-counts",
        "download-png-ranked",
        "download-png-counts",
        "threshold",
    ] {
        assert!(
            by_testid(&root, id).is_some(),
            "data-testid={id} is missing"
        );
    }
    for id in ["folder-input", "file-input", "threshold", "demo"] {
        let el: HtmlElement = by_testid(&root, id).unwrap().unchecked_into();
        assert!(el.tab_index() >= 0, "{id} is in the tab order");
        el.focus().unwrap();
        assert_eq!(
            document().active_element().as_ref(),
            Some(el.unchecked_ref::<web_sys::Element>()),
            "{id} takes focus"
        );
    }
    let folder: HtmlInputElement = by_testid(&root, "folder-input").unwrap().unchecked_into();
    assert!(folder.webkitdirectory(), "the folder picker picks folders");
    assert!(folder.multiple());
    for id in ["fig-ranked", "fig-counts"] {
        let c = by_testid(&root, id).unwrap();
        assert_eq!(c.tag_name(), "CANVAS");
        assert_eq!(c.get_attribute("role").as_deref(), Some("img"));
    }
    assert_eq!(
        by_testid(&root, "summary-table").unwrap().tag_name(),
        "TABLE"
    );
    assert_eq!(
        document().body().unwrap().dataset().get("state").as_deref(),
        Some("ready")
    );
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn settings_round_trip_through_the_real_location_hash() {
    let mut s = Settings {
        threshold: 0.55,
        n_neurons: 2048,
        data: Some("../results/".into()),
        ..Settings::default()
    };
    s.highlight.insert("lrate".into(), Some(1));
    s.highlight.insert("I2E".into(), None);
    s.names.insert("lrate".into(), r"$\rho$ & co".into());
    write_hash(&s);
    let hash = location_hash();
    assert!(
        hash.starts_with("#data=../results/&t=0.55&n=2048"),
        "{hash}"
    );
    assert_eq!(Settings::from_hash(&hash), s);
    // The browser's own reading of the URL agrees.
    let href = web_sys::window().unwrap().location().href().unwrap();
    let url = web_sys::Url::new(&href).unwrap();
    assert_eq!(Settings::from_hash(&url.hash()), s);
    write_hash(&Settings::default());
    assert_eq!(location_hash(), "");
}

#[wasm_bindgen_test]
async fn a_hash_change_reaches_the_inputs() {
    let root = test_div();
    let handle = mount_to(root.clone(), || view! { <App autoload=false /> });
    settle(20).await;
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("t=0.4")
        .unwrap();
    settle(50).await;
    let input: HtmlInputElement = by_testid(&root, "threshold").unwrap().unchecked_into();
    assert_eq!(input.value(), "0.4");
    write_hash(&Settings::default());
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
fn canvas_backing_store_is_css_size_times_dpr_and_keeps_the_aspect_ratio() {
    let c: HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    let stats = hand_stats();
    let opts = FigureOptions::default();
    draw(&c, Kind::Ranked, &stats, &opts, 600.0, 2.0).unwrap();
    assert_eq!(c.width(), 1200);
    assert_eq!(c.height(), (600.0 * 1.9 / 7.5 * 2.0f64).round() as u32);
    let r = c.get_bounding_client_rect();
    assert!(
        (r.width() - 600.0).abs() < 0.01 && (r.height() - 152.0).abs() < 0.01,
        "{} x {}",
        r.width(),
        r.height()
    );
    draw(&c, Kind::Counts, &stats, &opts, 450.0, 1.5).unwrap();
    assert_eq!(c.width(), 675);
    assert_eq!(c.height(), (450.0 * 2.2 / 7.5 * 1.5f64).round() as u32);
    // Something was drawn: dark pixels exist.
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().unchecked_into();
    let px = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data();
    let dark = px
        .chunks(4)
        .filter(|p| p[3] > 0 && (p[0] < 200 || p[1] < 200 || p[2] < 200))
        .count();
    assert!(dark > 1000, "{dark} dark pixels");
    c.remove();
}

#[wasm_bindgen_test]
async fn the_table_shows_summary_rows_of_hand_made_stats() {
    let root = test_div();
    let state = AppState::new(Settings::default());
    state.stats.set(hand_stats());
    let handle = mount_to(root.clone(), move || {
        provide_context(state);
        view! { <SummaryTable /> }
    });
    settle(20).await;
    let rows = root
        .query_selector_all("[data-testid=summary-table] tr[data-hparam]")
        .unwrap();
    let expected: Vec<(String, infosweep::report::SummaryRow)> = hand_stats()
        .iter()
        .flat_map(|s| summary_rows(s).into_iter().map(|r| (s.hparam.clone(), r)))
        .collect();
    assert_eq!(rows.length() as usize, expected.len());
    assert_eq!(
        expected.len(),
        5,
        "one row per point (N/A without data, as the notebook prints)"
    );
    for (i, (h, r)) in expected.iter().enumerate() {
        let tr: HtmlElement = rows.item(i as u32).unwrap().unchecked_into();
        assert_eq!(tr.dataset().get("hparam").as_deref(), Some(h.as_str()));
        assert_eq!(tr.dataset().get("value").as_deref(), Some(r.value.as_str()));
        let cell = |c: &str| {
            tr.query_selector(&format!(".{c}"))
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        };
        assert_eq!(cell("count"), r.count);
        assert_eq!(cell("fraction"), r.fraction);
        assert_eq!(cell("max-info"), r.max_info);
    }
    let first: HtmlElement = rows.item(0).unwrap().unchecked_into();
    assert_eq!(
        first
            .query_selector(".count")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "120.0 ± 12.9"
    );
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn sweeps_fed_to_the_app_are_drawn_and_counted() {
    let root = test_div();
    let state = AppState::new(Settings::default());
    let handle = mount_to(
        root.clone(),
        move || view! { <App autoload=false state=state /> },
    );
    settle(20).await;
    let data: Vec<f64> = (0..4 * 4096)
        .map(|i| 1.0 / (1.0 + (i % 4096) as f64 / (50.0 + (i / 4096) as f64)))
        .collect();
    let post =
        Post::F8(Matrix::new(Arc::new(NdArray::from_f64(vec![4, 4096], &data).unwrap())).unwrap());
    let sweep = Sweep {
        hparam: "lrate".into(),
        points: vec![
            Point {
                value: HValue::Float(0.01),
                post: Some(post.clone()),
            },
            Point {
                value: HValue::Float(0.02),
                post: Some(post),
            },
        ],
    };
    state.merge(vec![Loaded {
        hparam: "lrate".into(),
        sweep: Arc::new(sweep),
        origin: Origin::Folder,
        path: "r/lrate/x.pkl".into(),
    }]);
    settle(100).await;
    let body = document().body().unwrap().dataset();
    assert_eq!(body.get("sweeps").as_deref(), Some("1"));
    assert_eq!(body.get("state").as_deref(), Some("ready"));
    let c: HtmlCanvasElement = by_testid(&root, "fig-ranked").unwrap().unchecked_into();
    let w = c.get_bounding_client_rect().width();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    assert!(w > 100.0);
    assert!((c.width() as f64 - (w * dpr).round()).abs() <= 1.0);
    assert!(c.get_attribute("aria-label").unwrap().contains("lrate"));
    assert_eq!(
        root.query_selector_all("tr[data-hparam=lrate]")
            .unwrap()
            .length(),
        2
    );
    state.remove("lrate");
    settle(50).await;
    assert_eq!(body.get("sweeps").as_deref(), Some("0"));
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
fn files_are_classified_by_their_folder() {
    let load = |h: &str, loose| Plan::Load {
        hparam: h.into(),
        loose,
    };
    assert_eq!(
        classify("results/lrate/information_sweep_max_convex.pkl"),
        load("lrate", false)
    );
    assert_eq!(
        classify("/lrate/information_sweep_max_convex.pkl"),
        load("lrate", false)
    );
    assert!(matches!(
        classify("results/lrate/png_counts_sweep_layers_4.pkl"),
        Plan::Skip(_)
    ));
    assert!(matches!(classify("results/lrate/notes.txt"), Plan::Skip(_)));
    assert_eq!(classify("broken.pkl"), load("broken", true));
    assert_eq!(classify("/I2E.PKL"), load("I2E", true));
}

#[wasm_bindgen_test]
fn png_export_says_300_dpi() {
    use infosweep::app::download::{crc32, with_dpi};
    assert_eq!(crc32(b"IEND"), 0xAE42_6082);
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let crc = crc32(&c[4..]);
        c.extend_from_slice(&crc.to_be_bytes());
        c
    };
    let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10];
    png.extend(chunk(b"IHDR", &[0, 0, 8, 202, 0, 0, 2, 58, 8, 6, 0, 0, 0]));
    png.extend(chunk(b"pHYs", &[0, 0, 0, 1, 0, 0, 0, 1, 0]));
    png.extend(chunk(b"IDAT", &[1, 2, 3]));
    png.extend(chunk(b"IEND", &[]));
    let out = with_dpi(&png, 300.0);
    assert_eq!(&out[..33], &png[..33]);
    assert_eq!(&out[37..41], b"pHYs");
    assert_eq!(
        u32::from_be_bytes([out[41], out[42], out[43], out[44]]),
        11811
    );
    assert_eq!(out[49], 1);
    assert_eq!(
        out.windows(4).filter(|w| w == b"pHYs").count(),
        1,
        "the old pHYs is gone"
    );
    assert!(out.ends_with(&chunk(b"IEND", &[])));
    assert_eq!(out.len(), png.len());
    assert_eq!(with_dpi(b"not a png", 300.0), b"not a png");
}
