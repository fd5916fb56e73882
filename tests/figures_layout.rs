//! Layouts that never collapse: with many sweeps (9, 12, 30), 80-character names and 40 values per sweep,
//! every figure keeps one `<rect class="axes-bg">` per panel of at least 72 x 54 pt, everything inside the
//! figure, and no two tick labels, % labels or axis labels overlapping.

#![cfg(not(target_arch = "wasm32"))]

#[path = "figures_fixture/mod.rs"]
mod fixture;

use fixture::{png_sweep, sweep};
use infosweep::figures::metrics::{self, Face};
use infosweep::figures::{Figure, FigureData, FigureOptions, PanelOptions};
use infosweep::stats::{PngSweepStats, SweepStats};
use roxmltree::{Document, Node};

/// A box (x0, y0, x1, y1) in points.
type Box4 = (f64, f64, f64, f64);

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

fn attr(n: Node, a: &str) -> f64 {
    n.attribute(a)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The ink box of a plain `<text>` (tick, % label) from the embedded metrics; rotated ones turned.
fn text_box(n: Node) -> Box4 {
    let (x, y, size) = (attr(n, "x"), attr(n, "y"), attr(n, "font-size"));
    let w = metrics::width(Face::Roman, &text_of(n)) * size;
    let (asc, desc) = (metrics::LP_ASCENT * size, metrics::LP_DESCENT * size);
    if n.attribute("transform")
        .is_some_and(|t| t.starts_with("rotate(-90"))
    {
        (x - asc, y - w, x + desc, y)
    } else {
        (x, y - asc, x + w, y + desc)
    }
}

fn overlap(a: Box4, b: Box4) -> bool {
    a.0 < b.2 - 0.01 && b.0 < a.2 - 0.01 && a.1 < b.3 - 0.01 && b.1 < a.3 - 0.01
}

/// Checks one SVG: panel count and size, items inside the figure, no overlapping labels.
fn check(svg: &str, n_panels: usize, what: &str) {
    let doc = Document::parse(svg).expect("valid SVG");
    let root = doc.root_element();
    let (fw, fh) = (attr(root, "width_pt_dummy"), 0.0);
    let _ = (fw, fh);
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let (w, h) = (vb[2], vb[3]);
    let bgs: Vec<Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("axes-bg"))
        .collect();
    assert_eq!(bgs.len(), n_panels, "{what}: panels");
    for b in &bgs {
        let (bw, bh) = (attr(*b, "width"), attr(*b, "height"));
        assert!(
            bw >= 72.0 - 1e-6 && bh >= 54.0 - 1e-6,
            "{what}: panel {bw} x {bh} pt"
        );
        let (x, y) = (attr(*b, "x"), attr(*b, "y"));
        assert!(
            x >= 0.0 && y >= 0.0 && x + bw <= w && y + bh <= h,
            "{what}: panel outside"
        );
    }
    for g in doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("axes_")))
    {
        for class in ["xtick", "ytick", "pct", "xlabel"] {
            let boxes: Vec<(String, Box4)> = g
                .descendants()
                .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
                .map(|n| (text_of(n), text_box(n)))
                .collect();
            for (k, a) in boxes.iter().enumerate() {
                if class != "xlabel" {
                    assert!(
                        a.1 .0 >= -0.5 && a.1 .2 <= w + 0.5 && a.1 .3 <= h + 0.5,
                        "{what}: {class} {:?} outside the figure",
                        a
                    );
                }
                for b in &boxes[k + 1..] {
                    assert!(
                        !overlap(a.1, b.1),
                        "{what}: {class} {:?} overlaps {:?}",
                        a,
                        b
                    );
                }
            }
        }
        // The legend frame stays inside its axes.
        let bg = g
            .descendants()
            .find(|n| n.attribute("class") == Some("axes-bg"))
            .unwrap();
        let ax = (
            attr(bg, "x"),
            attr(bg, "y"),
            attr(bg, "x") + attr(bg, "width"),
            attr(bg, "y") + attr(bg, "height"),
        );
        for frame in g
            .descendants()
            .filter(|n| n.attribute("fill-opacity") == Some("0.8"))
        {
            let v: Vec<f64> = frame
                .attribute("d")
                .unwrap()
                .split(|c: char| c.is_whitespace() || c.is_ascii_alphabetic())
                .filter_map(|s| s.parse().ok())
                .collect();
            let xs = v.iter().step_by(2);
            let ys = v.iter().skip(1).step_by(2);
            assert!(
                xs.clone().all(|x| *x >= ax.0 - 0.01 && *x <= ax.2 + 0.01),
                "{what}: legend x"
            );
            assert!(
                ys.clone().all(|y| *y >= ax.1 - 0.01 && *y <= ax.3 + 0.01),
                "{what}: legend y"
            );
        }
    }
    // x labels of neighbouring panels do not run into each other.
    let labels: Vec<Box4> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("xlabel"))
        .map(|n| {
            let size = attr(n, "font-size");
            let (x, y) = (attr(n, "x"), attr(n, "y"));
            let wdt: f64 = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .map(|t| metrics::width(Face::Roman, t) * size * 1.15)
                .sum();
            (x, y - 7.0, x + wdt, y + 2.0)
        })
        .collect();
    for (k, a) in labels.iter().enumerate() {
        assert!(
            a.0 >= -1.0 && a.2 <= w + 1.0,
            "{what}: x label {a:?} outside the figure"
        );
        for b in &labels[k + 1..] {
            assert!(!overlap(*a, *b), "{what}: x labels {a:?} and {b:?} overlap");
        }
    }
}

const LONG: &str =
    "an eighty character hyperparameter display name that nobody would ever shorten!!";

fn info_sweeps(n: usize, values: usize, long: bool) -> Vec<SweepStats> {
    (0..n)
        .map(|i| {
            let name = if long && i % 2 == 0 {
                format!("{}{i}", &LONG[..78])
            } else {
                format!("h{i}")
            };
            let pts: Vec<(i128, Option<(f64, f64)>)> = (0..values)
                .map(|k| (k as i128 * 3 + 1, Some((100.0 + 7.0 * k as f64, 4.0))))
                .collect();
            sweep(&name, &pts)
        })
        .collect()
}

fn png_sweeps(n: usize, values: usize, long: bool) -> Vec<PngSweepStats> {
    (0..n)
        .map(|i| {
            let name = if long && i % 2 == 1 {
                format!("{}{i}", &LONG[..78])
            } else {
                format!("p{i}")
            };
            let pts: Vec<(i128, Option<(f64, f64)>)> = (0..values)
                .map(|k| (k as i128 * 5 + 10, Some((3000.0 + 10.0 * k as f64, 300.0))))
                .collect();
            png_sweep(&name, &pts)
        })
        .collect()
}

#[test]
fn many_sweeps_long_names_and_many_values_keep_every_panel_readable() {
    for (n, values, long) in [
        (3, 5, false),
        (3, 5, true),
        (9, 5, false),
        (12, 5, true),
        (30, 5, true),
        (4, 40, false),
        (12, 40, true),
    ] {
        let info = info_sweeps(n, values, long);
        let png = png_sweeps(n, values, long);
        let data = FigureData {
            info: &info,
            png: &png,
        };
        for fig in Figure::ALL {
            let svg = fig.svg(&data, &FigureOptions::default());
            check(
                &svg,
                n,
                &format!("{fig:?} n={n} values={values} long={long}"),
            );
            // Kept for looking at (scripts/side_by_side.sh renders some).
            let dir = std::path::PathBuf::from(
                std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()),
            )
            .join("figures");
            std::fs::create_dir_all(&dir).expect("output dir");
            let name = format!(
                "stress_{}_{n}x{values}{}.svg",
                fig.file_stem(),
                if long { "_long" } else { "" }
            );
            std::fs::write(dir.join(name), &svg).expect("write");
        }
    }
}

#[test]
fn the_notebook_single_row_is_kept_for_few_sweeps() {
    for n in 1..=5 {
        let info = info_sweeps(n, 5, false);
        let png = png_sweeps(n, 5, false);
        let data = FigureData {
            info: &info,
            png: &png,
        };
        for fig in Figure::ALL {
            let boxes = fig.layout(&data, &FigureOptions::default());
            assert!(
                boxes.windows(2).all(|b| (b[0].y0 - b[1].y0).abs() < 1e-9),
                "{fig:?} with {n} sweeps is one row"
            );
            let scene = fig.scene(&data, &FigureOptions::default());
            assert!((scene.height_pt - fig.size_in().1 * 72.0).abs() < 1e-9);
        }
    }
    // 12 sweeps wrap into balanced rows and the figure grows.
    let info = info_sweeps(12, 5, false);
    let data = FigureData {
        info: &info,
        png: &[],
    };
    let boxes = Figure::Counts.layout(&data, &FigureOptions::default());
    let rows = boxes
        .iter()
        .filter(|b| (b.y0 - boxes[0].y0).abs() < 1e-9)
        .count();
    assert!(rows == 6 || rows == 4, "{rows} per row");
    assert!(
        Figure::Counts
            .scene(&data, &FigureOptions::default())
            .height_pt
            > 158.4 * 1.5
    );
}

#[test]
fn threshold_zero_counts_get_readable_y_ticks() {
    // With threshold 0 every neuron counts: bars at 4096; the notebook's 100 step would draw 43 labels.
    let info: Vec<SweepStats> = (0..3)
        .map(|i| {
            sweep(
                &format!("h{i}"),
                &[(1, Some((4096.0, 0.0))), (2, Some((4096.0, 0.0)))],
            )
        })
        .collect();
    let data = FigureData {
        info: &info,
        png: &[],
    };
    let svg = Figure::Counts.svg(&data, &FigureOptions::default());
    check(&svg, 3, "threshold 0");
    let doc = Document::parse(&svg).unwrap();
    let ticks: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("ytick"))
        .map(text_of)
        .collect();
    assert!(ticks.len() <= 10, "{ticks:?}");
    assert!(ticks.contains(&"4000".to_string()), "{ticks:?}");
}

#[test]
fn a_long_user_name_wraps_under_its_own_panel() {
    let info = info_sweeps(3, 5, false);
    let mut opts = FigureOptions::default();
    opts.panels.insert(
        "h1".into(),
        PanelOptions {
            display_name: Some(LONG.into()),
            ..PanelOptions::default()
        },
    );
    let data = FigureData {
        info: &info,
        png: &[],
    };
    let boxes = Figure::Counts.layout(&data, &opts);
    let svg = Figure::Counts.svg(&data, &opts);
    check(&svg, 3, "long user name");
    let doc = Document::parse(&svg).unwrap();
    let lines: Vec<Node> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("xlabel"))
        .filter(|n| {
            let x = attr(*n, "x");
            x > boxes[1].x0 - 1.0 && x < boxes[1].x1
        })
        .collect();
    assert!(lines.len() >= 2, "wrapped into lines");
    for l in lines {
        let w = metrics::width(Face::Roman, &text_of(l)) * attr(l, "font-size");
        assert!(attr(l, "x") >= boxes[1].x0 - 1.0 && attr(l, "x") + w <= boxes[1].x1 + 1.0);
    }
}
