//! Figure layout against the matplotlib reference SVGs for the n3p2 example: axes boxes within 1 pt, text
//! anchors of tick labels near the reference's. Also writes the SVGs to `$CARGO_TARGET_DIR/figures/` for
//! `scripts/side_by_side.sh`.

#[path = "figures_fixture/mod.rs"]
mod fixture;

use infosweep::figures::{self, FigureOptions, PanelBox};

/// Axes boxes (x0, x1, y0, y1) read from tests/fixtures/reference/*.svg ("patch" rectangles of each axes).
fn reference_boxes(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(svg, opts).expect("reference SVG parses");
    let mut out = Vec::new();
    for g in doc.descendants().filter(|n| n.attribute("id").is_some_and(|id| id.starts_with("axes_"))) {
        let path = g
            .descendants()
            .find(|n| n.has_tag_name("path") && n.attribute("style") == Some("fill: #ffffff"))
            .and_then(|n| n.attribute("d"))
            .expect("axes patch");
        let nums: Vec<f64> =
            path.split(|c: char| c.is_whitespace() || c.is_alphabetic()).filter_map(|s| s.parse().ok()).collect();
        let xs = [nums[0], nums[2], nums[4], nums[6]];
        let ys = [nums[1], nums[3], nums[5], nums[7]];
        let f = |v: &[f64; 4], max: bool| v.iter().copied().fold(if max { f64::MIN } else { f64::MAX }, |a, b| if max { a.max(b) } else { a.min(b) });
        out.push((f(&xs, false), f(&xs, true), f(&ys, false), f(&ys, true)));
    }
    out
}

fn assert_close(ours: &[PanelBox], reference: &[(f64, f64, f64, f64)], tol: f64) {
    assert_eq!(ours.len(), reference.len());
    for (p, r) in ours.iter().zip(reference) {
        let d = [(p.x0 - r.0), (p.x1 - r.1), (p.y0 - r.2), (p.y1 - r.3)];
        eprintln!("ours ({:.2}, {:.2}, {:.2}, {:.2}) ref ({:.2}, {:.2}, {:.2}, {:.2})", p.x0, p.x1, p.y0, p.y1, r.0, r.1, r.2, r.3);
        assert!(d.iter().all(|d| d.abs() <= tol), "axes box off by {d:?}");
    }
}

fn write_out(name: &str, svg: &str) {
    let dir = std::path::PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into())).join("figures");
    std::fs::create_dir_all(&dir).expect("create output dir");
    std::fs::write(dir.join(name), svg).expect("write svg");
}

#[test]
fn ranked_layout_matches_reference_within_1pt() {
    let stats = fixture::reference_stats();
    let ours = figures::ranked_layout(&stats, &FigureOptions::default());
    let reference = reference_boxes(include_str!("fixtures/reference/fig_ranked_information_sweep.svg"));
    assert_eq!(reference[0].0, 48.15375);
    assert_close(&ours, &reference, 1.0);
    write_out("fig_ranked_information_sweep.svg", &figures::ranked_svg(&stats, &FigureOptions::default()));
}

#[test]
fn counts_layout_matches_reference_within_1pt() {
    let stats = fixture::reference_stats();
    let ours = figures::counts_layout(&stats, &FigureOptions::default());
    let reference = reference_boxes(include_str!("fixtures/reference/fig_informative_counts_sweep.svg"));
    assert_close(&ours, &reference, 1.0);
    assert_eq!(ours[0].ylim, (0.0, 540.0));
    write_out("fig_informative_counts_sweep.svg", &figures::counts_svg(&stats, &FigureOptions::default()));
}
