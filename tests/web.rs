//! Component tests in headless Chromium (wasm-bindgen-test): the mounted page's inputs and test hooks,
//! keyboard reachability and accessible names, the threshold/neuron fields' validation, the settings hash
//! through the real `location`, canvas sizing at a DPR and the highlighted bar's colour where the layout
//! puts it, and the summary table of the example folder against the notebook's own printout.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use infosweep::app::draw_client;
use infosweep::app::draw_client::{CanvasSize, Versioned};
use infosweep::app::figures_view::draw;
use infosweep::app::load::{classify, Plan};
use infosweep::app::state::{AppState, Loaded, Origin};
use infosweep::app::{location_hash, write_hash, App};
use infosweep::figures::{Figure, FigureData, FigureOptions};
use infosweep::pickle::NdArray;
use infosweep::settings::Settings;
use infosweep::stats::{PointStats, PointSummary, SweepStats};
use infosweep::sweep::{HValue, Matrix, Point, Post, Sweep, SweepFile};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The figures drawn by this test binary's own copy of the draw module's code: the test page serves no
/// `infosweep-draw.js` (the e2e tests load the real module).
fn link_drawing() {
    draw_client::link(&infosweep::draw::IN_PROCESS);
}

/// A fresh `<div>` in the body to mount into (the figures drawn by [`link_drawing`]).
fn test_div() -> HtmlElement {
    link_drawing();
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
    link_drawing();
    let c: HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    let stats = hand_stats();
    let opts = FigureOptions::default();
    draw(
        &c,
        Figure::Ranked,
        Versioned {
            version: draw_client::next_version(),
            data: FigureData {
                info: &stats,
                png: &[],
            },
        },
        &opts,
        CanvasSize {
            css_w: 600.0,
            dpr: 2.0,
        },
    )
    .unwrap();
    assert_eq!(c.width(), 1200);
    assert_eq!(c.height(), (600.0 * 1.9 / 7.5 * 2.0f64).round() as u32);
    let r = c.get_bounding_client_rect();
    assert!(
        (r.width() - 600.0).abs() < 0.01 && (r.height() - 152.0).abs() < 0.01,
        "{} x {}",
        r.width(),
        r.height()
    );
    draw(
        &c,
        Figure::Counts,
        Versioned {
            version: draw_client::next_version(),
            data: FigureData {
                info: &stats,
                png: &[],
            },
        },
        &opts,
        CanvasSize {
            css_w: 450.0,
            dpr: 1.5,
        },
    )
    .unwrap();
    assert_eq!(c.width(), 675);
    assert_eq!(c.height(), (450.0 * 2.2 / 7.5 * 1.5f64).round() as u32);
    c.remove();
}

/// How often the counting backend below was sent data.
static DATA_SENT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The draw module's code, counting the data it is sent.
static COUNTING: infosweep::draw::Backend = infosweep::draw::Backend {
    set_data: |m| {
        DATA_SENT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        (infosweep::draw::IN_PROCESS.set_data)(m)
    },
    ..infosweep::draw::IN_PROCESS
};

#[wasm_bindgen_test]
fn the_draw_module_gets_the_data_once_per_version_and_draws_the_new_data() {
    use std::sync::atomic::Ordering::SeqCst;
    draw_client::link(&COUNTING);
    let c: HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    let stats = hand_stats();
    let data = FigureData {
        info: &stats,
        png: &[],
    };
    let opts = FigureOptions::default();
    let before = DATA_SENT.load(SeqCst);
    let v = Versioned {
        version: draw_client::next_version(),
        data,
    };
    let at = |css_w, dpr| CanvasSize { css_w, dpr };
    // Resizes and other figures of the same data: one send.
    draw(&c, Figure::Counts, v, &opts, at(600.0, 1.0)).unwrap();
    draw(&c, Figure::Counts, v, &opts, at(700.0, 2.0)).unwrap();
    draw(&c, Figure::Ranked, v, &opts, at(700.0, 2.0)).unwrap();
    assert_eq!(DATA_SENT.load(SeqCst) - before, 1);
    let ranked = c.to_data_url().unwrap();
    // New data (one sweep fewer) under a new version: sent, and drawn (the pixels change).
    let fewer = &stats[..1];
    let v2 = draw_client::next_version();
    draw(
        &c,
        Figure::Ranked,
        Versioned {
            version: v2,
            data: FigureData {
                info: fewer,
                png: &[],
            },
        },
        &opts,
        CanvasSize {
            css_w: 700.0,
            dpr: 2.0,
        },
    )
    .unwrap();
    assert_eq!(DATA_SENT.load(SeqCst) - before, 2);
    assert_ne!(c.to_data_url().unwrap(), ranked);
    // The SVG of the data the module holds.
    let held = Versioned { version: v2, data };
    let svg = draw_client::svg(Figure::Ranked, held, &opts).unwrap();
    assert!(svg.starts_with("<?xml"), "{}", &svg[..40.min(svg.len())]);
    assert_eq!(DATA_SENT.load(SeqCst) - before, 2);
    link_drawing();
}

/// The colour of the device pixel at CSS point (x, y) of a canvas drawn `css_w` wide at `dpr`.
fn pixel(c: &HtmlCanvasElement, x_pt: f64, y_pt: f64, css_w: f64, dpr: f64) -> [u8; 3] {
    let scale = css_w / (7.5 * 72.0) * dpr;
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().unchecked_into();
    let d = ctx
        .get_image_data((x_pt * scale).floor(), (y_pt * scale).floor(), 1.0, 1.0)
        .unwrap()
        .data();
    [d[0], d[1], d[2]]
}

#[wasm_bindgen_test]
fn the_highlighted_bar_is_drawn_in_c1_where_the_layout_puts_it() {
    link_drawing();
    const C0: [u8; 3] = [0x1f, 0x77, 0xb4];
    const C1: [u8; 3] = [0xff, 0x7f, 0x0e];
    let c: HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&c).unwrap();
    let stats = hand_stats();
    // I2E: the notebook's baseline (index 2) is highlighted; lrate: the user chose index 0.
    let mut s = Settings::default();
    s.highlight.insert("lrate".into(), Some(0));
    let opts = s.figure_options();
    let (css_w, dpr) = (900.0, 2.0);
    draw(
        &c,
        Figure::Counts,
        Versioned {
            version: draw_client::next_version(),
            data: FigureData {
                info: &stats,
                png: &[],
            },
        },
        &opts,
        CanvasSize { css_w, dpr },
    )
    .unwrap();
    let data = infosweep::figures::FigureData {
        info: &stats,
        png: &[],
    };
    let boxes = Figure::Counts.layout(&data, &opts);
    assert_eq!(boxes.len(), 2);
    // Sample each bar at its centre, a third of the way up from 0 (clear of the SEM whisker).
    let bar = |panel: usize, k: usize| {
        let p = &boxes[panel];
        let mean = stats[panel].points[k]
            .stats
            .as_ref()
            .map_or(0.0, |s| s.count_mean);
        pixel(&c, p.px(k as f64), p.py(mean / 3.0), css_w, dpr)
    };
    assert_eq!(bar(0, 0), C0, "I2E = 1 is a plain bar");
    assert_eq!(bar(0, 2), C1, "I2E = 3 (index 2) is the highlighted bar");
    assert_eq!(bar(1, 0), C1, "lrate = 0.02 (chosen) is highlighted");
    assert_eq!(bar(1, 1), C0);
    // Between two bars the axes are white.
    let p = &boxes[0];
    assert_eq!(
        pixel(&c, p.px(0.5), p.py(60.0), css_w, dpr),
        [255, 255, 255]
    );
    c.remove();
}

/// The notebook's printout of the example folder (`summary.txt`) as (hparam, value, count, fraction,
/// max info) rows, in its order.
fn reference_rows() -> Vec<[String; 5]> {
    let text = include_str!("fixtures/reference/summary.txt");
    let sections = ["I2E", "delay_max", "lrate"];
    let mut out = Vec::new();
    let mut section = 0;
    let mut seen_header = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("value") {
            seen_header = true;
            continue;
        }
        if t.is_empty() {
            if seen_header {
                section += 1;
                seen_header = false;
            }
            continue;
        }
        if !seen_header {
            continue;
        }
        // "12 257.3 ± 12.9 6.28 ± 0.31%    1.000"
        let w: Vec<&str> = t.split_whitespace().collect();
        assert_eq!(w.len(), 8, "{t}");
        out.push([
            sections[section].to_string(),
            w[0].to_string(),
            format!("{} ± {}", w[1], w[3]),
            format!("{} ± {}", w[4], w[6]),
            w[7].to_string(),
        ]);
    }
    out
}

fn example_sweeps() -> Vec<Loaded> {
    let files: [(&str, &[u8]); 3] = [
        (
            "I2E",
            include_bytes!("fixtures/n3p2/I2E/information_sweep_max_convex.pkl"),
        ),
        (
            "delay_max",
            include_bytes!("fixtures/n3p2/delay_max/information_sweep_max_convex.pkl"),
        ),
        (
            "lrate",
            include_bytes!("fixtures/n3p2/lrate/information_sweep_max_convex.pkl"),
        ),
    ];
    files
        .iter()
        .map(|(h, bytes)| {
            Loaded::from_sweep(
                h,
                infosweep::sweep::load(h, bytes).unwrap(),
                Origin::Folder,
                &format!("n3p2/{h}/information_sweep_max_convex.pkl"),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_table_of_the_example_folder_is_the_notebooks_printout() {
    let root = test_div();
    let state = AppState::new(Settings::default());
    let handle = mount_to(
        root.clone(),
        move || view! { <App autoload=false state=state /> },
    );
    settle(20).await;
    state.merge(example_sweeps());
    settle(100).await;
    let rows = root
        .query_selector_all("[data-testid=summary-table] tr[data-hparam]")
        .unwrap();
    let expected = reference_rows();
    assert_eq!(expected.len(), 15);
    assert_eq!(rows.length() as usize, expected.len());
    for (i, want) in expected.iter().enumerate() {
        let tr: HtmlElement = rows.item(i as u32).unwrap().unchecked_into();
        let cell = |c: &str| {
            tr.query_selector(&format!(".{c}"))
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        };
        let got = [
            tr.dataset().get("hparam").unwrap(),
            tr.dataset().get("value").unwrap(),
            cell("count"),
            cell("fraction"),
            cell("max-info"),
        ];
        assert_eq!(&got, want, "row {i}");
    }
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
    state.merge(vec![Loaded::from_sweep(
        "lrate",
        sweep,
        Origin::Folder,
        "r/lrate/x.pkl",
    )]);
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
fn a_backslash_in_a_folder_name_is_part_of_the_sweep_name() {
    assert_eq!(
        classify(r"results/$\rho$/information_sweep_max_convex.pkl"),
        Plan::Load {
            hparam: r"$\rho$".into(),
            loose: false,
            file: SweepFile::Information,
        }
    );
}

/// Types `text` into an input as a user would end up with it: sets the value and fires `input`.
fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

/// Fires `change` (what leaving the field or Enter does).
fn commit(input: &HtmlInputElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn invalid_fields_are_marked_described_and_never_applied() {
    let root = test_div();
    let state = AppState::new(Settings::default());
    let handle = mount_to(
        root.clone(),
        move || view! { <App autoload=false state=state /> },
    );
    settle(20).await;
    let t: HtmlInputElement = by_testid(&root, "threshold").unwrap().unchecked_into();
    assert_eq!(
        t.value(),
        "2/3",
        "the default shows as the notebook writes it"
    );
    assert_eq!(t.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert_eq!(t.get_attribute("inputmode").as_deref(), Some("decimal"));
    let msg_id = t.get_attribute("aria-describedby").unwrap();
    let msg = document().get_element_by_id(&msg_id).unwrap();
    for bad in ["2", "-1", "abc"] {
        type_into(&t, bad);
        commit(&t);
        settle(10).await;
        assert_eq!(
            t.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{bad}"
        );
        let text = msg.text_content().unwrap();
        assert!(text.contains("Still using 2/3."), "{bad}: {text}");
        assert_eq!(
            state.settings.get_untracked(),
            Settings::default(),
            "{bad} is not applied"
        );
    }
    let n: HtmlInputElement = by_testid(&root, "n-neurons").unwrap().unchecked_into();
    assert_eq!(n.get_attribute("inputmode").as_deref(), Some("numeric"));
    // Typing 1e12 one key at a time, quickly: "1" is valid for a moment but is never applied.
    for partial in ["1", "1e", "1e1", "1e12"] {
        type_into(&n, partial);
        settle(20).await;
    }
    settle(600).await;
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(state.settings.get_untracked().n_neurons, 4096);
    type_into(&n, "0");
    commit(&n);
    settle(10).await;
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(state.settings.get_untracked().n_neurons, 4096);
    // A valid value is applied after a pause in typing...
    type_into(&n, "2048");
    settle(10).await;
    assert_eq!(n.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert_eq!(
        state.settings.get_untracked().n_neurons,
        4096,
        "not before the pause"
    );
    settle(600).await;
    assert_eq!(state.settings.get_untracked().n_neurons, 2048);
    // ...or at once when the field is left; a fraction is a threshold.
    type_into(&t, "1/2");
    commit(&t);
    settle(10).await;
    assert_eq!(t.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert_eq!(msg.text_content().unwrap(), "");
    assert_eq!(state.settings.get_untracked().threshold, 0.5);
    write_hash(&Settings::default());
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn accessible_names_hold_the_visible_text_and_the_sweep() {
    let root = test_div();
    let state = AppState::new(Settings::default());
    let handle = mount_to(
        root.clone(),
        move || view! { <App autoload=false state=state /> },
    );
    settle(20).await;
    state.merge(example_sweeps());
    settle(100).await;
    // The pickers are named by their labels' visible text.
    let folder: HtmlInputElement = by_testid(&root, "folder-input").unwrap().unchecked_into();
    assert_eq!(folder.get_attribute("aria-label"), None);
    let labels = folder.labels().unwrap();
    assert_eq!(labels.length(), 1);
    assert_eq!(
        labels.item(0).unwrap().text_content().unwrap().trim(),
        "Choose folder…"
    );
    let q = |sel: &str| {
        root.query_selector(sel)
            .unwrap()
            .unwrap_or_else(|| panic!("{sel}"))
    };
    let label = q(".sweep[data-hparam=I2E] input.display-name");
    assert_eq!(
        label.get_attribute("aria-label").as_deref(),
        Some("label for I2E")
    );
    let select = q(".sweep[data-hparam=I2E] select");
    assert_eq!(
        select.get_attribute("aria-label").as_deref(),
        Some("highlight for I2E")
    );
    // The label's preview, for eyes (italic, superscript) and for screen readers (readable text).
    let desc = document()
        .get_element_by_id(&label.get_attribute("aria-describedby").unwrap())
        .unwrap();
    assert_eq!(desc.text_content().unwrap(), "shows as λ^(I → E) [nS]");
    let preview = q(".sweep[data-hparam=I2E] .preview");
    let texts = |sel: &str| {
        let l = preview.query_selector_all(sel).unwrap();
        (0..l.length())
            .map(|k| l.item(k).unwrap().text_content().unwrap())
            .collect::<String>()
    };
    assert_eq!(texts(".sup"), "I → E", "the superscript is raised");
    assert_eq!(texts(".i"), "λI E", "letters are italic, the arrow is not");
    assert_eq!(preview.text_content().unwrap(), "λI → E [nS]");
    // Canvas descriptions read the display names, not their TeX source.
    let fig = by_testid(&root, "fig-counts")
        .unwrap()
        .get_attribute("aria-label")
        .unwrap();
    assert!(fig.contains("I2E (λ^(I → E) [nS])"), "{fig}");
    assert!(!fig.contains('$') && !fig.contains('\\'), "{fig}");
    // The preview follows the field as it is typed.
    let input: HtmlInputElement = label.unchecked_into();
    type_into(&input, r"$\tau_m$");
    settle(50).await;
    assert_eq!(desc.text_content().unwrap(), "shows as τ_m");
    write_hash(&Settings::default());
    drop(handle);
    root.remove();
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

#[wasm_bindgen_test]
async fn nan_values_and_a_narrow_array_are_warned_about_with_the_width_to_use() {
    let root = test_div();
    let state = AppState::new(Settings::default());
    let handle = mount_to(
        root.clone(),
        move || view! { <App autoload=false state=state /> },
    );
    settle(20).await;
    let mut data = vec![0.9; 2 * 100];
    data[5] = f64::NAN;
    let post =
        Post::F8(Matrix::new(Arc::new(NdArray::from_f64(vec![2, 100], &data).unwrap())).unwrap());
    let sweep = Sweep {
        hparam: "I2E".into(),
        points: vec![Point {
            value: HValue::Int(12),
            post: Some(post),
        }],
    };
    state.merge(vec![Loaded::from_sweep(
        "I2E",
        sweep,
        Origin::Folder,
        "r/I2E/information_sweep_max_convex.pkl",
    )]);
    settle(100).await;
    let warnings = by_testid(&root, "warnings").unwrap();
    assert_eq!(warnings.get_attribute("role").as_deref(), Some("status"));
    let text = warnings.text_content().unwrap();
    assert!(
        text.contains("The loaded arrays have 100 columns (neurons), but Neurons is 4096"),
        "{text}"
    );
    assert!(text.contains("1 value is NaN (I2E = 12 (1))"), "{text}");
    assert!(text.contains("never ≥ the threshold"), "{text}");
    // As the message says: the NaN is not counted. Trials count 99 and 100: mean 99.5, population std 0.5,
    // SEM 0.5 / sqrt(2) = 0.35.
    let count = root
        .query_selector("tr[data-hparam=I2E] .count")
        .unwrap()
        .unwrap();
    assert_eq!(count.text_content().unwrap(), "99.5 ± 0.4");
    let use_width: HtmlElement = by_testid(&root, "use-columns").unwrap().unchecked_into();
    assert_eq!(use_width.text_content().unwrap(), "Use 100");
    use_width.click();
    settle(100).await;
    assert_eq!(state.settings.get_untracked().n_neurons, 100);
    let n: HtmlInputElement = by_testid(&root, "n-neurons").unwrap().unchecked_into();
    assert_eq!(n.value(), "100");
    let text = by_testid(&root, "warnings")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(!text.contains("columns"), "{text}");
    assert!(text.contains("NaN"), "{text}");
    write_hash(&Settings::default());
    drop(handle);
    root.remove();
}
