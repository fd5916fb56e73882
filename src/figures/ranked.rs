//! Figure 1 (Fig. S9A): one panel per sweep with the mean ranked information curve of every value, log x,
//! decade ticks as 10 with a superscript, and a framed legend titled with the sweep's display name.
//!
//! Owns: the scene of Figure 1 and its layout.

use super::axes::{self, GRID, GRID_WIDTH, MAJOR_WIDTH, MINOR_WIDTH, SMALL, X_SMALL};
use super::layout::{self, Overhang, PanelBox, LABEL_PAD, TICK_MAJOR, TICK_MINOR, TICK_PAD};
use super::mathtext::{self, RichText};
use super::scene::{Cap, Item, Scene, Stroke};
use super::{value_label, FigureOptions};
use crate::notebook::RANKED_SIZE_IN;
use crate::stats::SweepStats;

/// The y axis label of the first panel.
pub const Y_LABEL: &str = r"$\mathcal{I}\; (s, \vec{R})$";
pub const X_LABEL: &str = "Neuron rank #";
pub const YLIM: (f64, f64) = (0.0, 1.05);
pub const LINE_WIDTH: f64 = 1.2;

struct Axis {
    xmax: f64,
    majors: Vec<(f64, RichText)>,
    minors: Vec<f64>,
}

fn x_axis(n_neurons: usize) -> Axis {
    let xmax = (n_neurons as f64).max(2.0);
    let mut majors = Vec::new();
    let mut minors = Vec::new();
    let mut k = 0i32;
    while 10f64.powi(k) <= xmax * (1.0 + 1e-12) && k < 300 {
        let d = 10f64.powi(k);
        majors.push((
            d,
            mathtext::parse(&format!(r"$\mathdefault{{10^{{{k}}}}}$")),
        ));
        for m in 2..10 {
            let v = m as f64 * d;
            if v <= xmax {
                minors.push(v);
            }
        }
        k += 1;
    }
    Axis {
        xmax,
        majors,
        minors,
    }
}

const Y_TICKS: [(f64, &str); 3] = [(0.0, "0.0"), (0.5, "0.5"), (1.0, "1.0")];

/// The axes boxes of Figure 1 (points, y down), one per sweep.
pub fn layout(sweeps: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    let (w, h) = (RANKED_SIZE_IN.0 * 72.0, RANKED_SIZE_IN.1 * 72.0);
    let axis = x_axis(opts.n_neurons);
    let xlabel = RichText::plain(X_LABEL);
    let ylabel = mathtext::parse(Y_LABEL);
    let n = sweeps.len().max(1);
    let xt: Vec<(f64, f64)> = axis
        .majors
        .iter()
        .map(|(v, l)| (*v, layout::layout_box(l, SMALL).0))
        .collect();
    let xt_h = axis
        .majors
        .iter()
        .map(|(_, l)| layout::layout_box(l, SMALL).1)
        .fold(0.0, f64::max);
    let yt_w = Y_TICKS
        .iter()
        .map(|(_, s)| layout::layout_box(&RichText::plain(s), SMALL).0)
        .fold(0.0, f64::max);
    let xlog = |v: f64| v.log10() / axis.xmax.log10();
    let legend_w: Vec<f64> = sweeps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let _ = i;
            let title = mathtext::parse(&opts.display_name(&s.hparam));
            let labels: Vec<RichText> = s
                .points
                .iter()
                .filter(|p| p.stats.is_some())
                .map(|p| RichText::plain(&value_label(&p.value)))
                .collect();
            legend_width(&title, &labels)
        })
        .collect();
    let (xs, (y0, y1)) = layout::tight_row(w, h, n, |i, width| {
        let mut o = Overhang {
            left: TICK_MAJOR,
            right: 0.0,
            top: 0.0,
            bottom: 0.0,
        };
        for (v, lw) in &xt {
            let c = xlog(*v) * width;
            o.left = o.left.max(lw / 2.0 - c);
            o.right = o.right.max(c + lw / 2.0 - width);
        }
        o.bottom = TICK_MAJOR + TICK_PAD + xt_h + LABEL_PAD + layout::layout_box(&xlabel, SMALL).1;
        let xl_over = (layout::layout_box(&xlabel, SMALL).0 - width) / 2.0;
        o.left = o.left.max(xl_over);
        o.right = o.right.max(xl_over);
        // matplotlib counts the legend in the tight box: a legend wider than the axes reaches out right.
        if let Some(w) = legend_w.get(i) {
            o.right = o.right.max(w + 0.5 * X_SMALL - width);
        }
        if i == 0 {
            o.left = o.left.max(
                TICK_MAJOR + TICK_PAD + yt_w + LABEL_PAD + layout::layout_box(&ylabel, SMALL).1,
            );
        }
        o
    });
    xs.into_iter()
        .map(|(x0, x1)| PanelBox {
            x0,
            y0,
            x1,
            y1,
            xlim: (1.0, axis.xmax),
            ylim: YLIM,
            xlog: true,
        })
        .collect()
}

/// Builds Figure 1.
pub fn scene(sweeps: &[SweepStats], opts: &FigureOptions) -> Scene {
    let (w, h) = (RANKED_SIZE_IN.0 * 72.0, RANKED_SIZE_IN.1 * 72.0);
    let mut sc = Scene::new(w, h);
    axes::figure_background(&mut sc, opts.background);
    let axis = x_axis(opts.n_neurons);
    let boxes = layout(sweeps, opts);
    // log10 of the ranks, once per scene (shared by every curve of every panel).
    let n_ranks = sweeps
        .iter()
        .flat_map(|s| &s.points)
        .filter_map(|p| p.stats.as_ref().map(|st| st.ranked_mean.len()))
        .max()
        .unwrap_or(0)
        .min(opts.n_neurons);
    let log_ranks: Vec<f64> = (1..=n_ranks).map(|r| (r as f64).log10()).collect();
    for (i, (sweep, p)) in sweeps.iter().zip(&boxes).enumerate() {
        panel(&mut sc, i, sweep, p, &axis, &log_ranks, opts);
    }
    sc
}

fn panel(
    sc: &mut Scene,
    i: usize,
    sweep: &SweepStats,
    p: &PanelBox,
    axis: &Axis,
    log_ranks: &[f64],
    opts: &FigureOptions,
) {
    sc.items.push(Item::Begin {
        id: format!("axes_{}", i + 1),
        clip: None,
    });
    axes::background(sc, p, opts.background);
    let xmaj: Vec<f64> = axis.majors.iter().map(|(v, _)| p.px(*v)).collect();
    let xmin: Vec<f64> = axis.minors.iter().map(|v| p.px(*v)).collect();
    let ymaj: Vec<f64> = Y_TICKS.iter().map(|(v, _)| p.py(*v)).collect();
    // Grid (major ticks, both axes), below the curves.
    let grid = GRID.with_alpha(0.4);
    sc.items.push(Item::Begin {
        id: format!("grid_{}", i + 1),
        clip: None,
    });
    for &x in &xmaj {
        axes::line(
            sc,
            vec![(x, p.y1), (x, p.y0)],
            grid,
            GRID_WIDTH,
            Cap::Square,
        );
    }
    for &y in &ymaj {
        axes::line(
            sc,
            vec![(p.x0, y), (p.x1, y)],
            grid,
            GRID_WIDTH,
            Cap::Square,
        );
    }
    sc.items.push(Item::End);
    // Curves, clipped to the axes.
    let n_vals = sweep.points.len();
    let clip = sc.clips.len();
    sc.clips.push([p.x0, p.y0, p.x1, p.y1]);
    sc.items.push(Item::Begin {
        id: format!("curves_{}", i + 1),
        clip: Some(clip),
    });
    let mut entries: Vec<(Stroke, RichText)> = Vec::new();
    // x in points = x0 + (log10(rank) - log10(xmin)) * sx.
    let (lx0, lx1) = (p.xlim.0.log10(), p.xlim.1.log10());
    let sx = (p.x1 - p.x0) / (lx1 - lx0);
    let hc = opts.high_contrast;
    for (j, point) in sweep.points.iter().enumerate() {
        let Some(st) = &point.stats else { continue };
        let stroke = Stroke {
            color: axes::curve_color(j, n_vals, hc),
            width: LINE_WIDTH,
            cap: Cap::Square,
            dash: axes::curve_dash(j, LINE_WIDTH, hc),
        };
        // NaN ranks break the curve, as matplotlib draws them.
        let pts: Vec<(f64, f64)> = st
            .ranked_mean
            .iter()
            .zip(log_ranks)
            .map(|(v, lr)| (p.x0 + (lr - lx0) * sx, p.py(*v)))
            .collect();
        if pts.len() > 1 {
            sc.items.push(Item::Line {
                pts,
                stroke: stroke.clone(),
                dense: true,
            });
        }
        entries.push((stroke, RichText::plain(&value_label(&point.value))));
    }
    sc.items.push(Item::End);
    // Spines, ticks, labels.
    axes::spines(sc, p);
    axes::ticks(sc, p, &xmaj, &ymaj, TICK_MAJOR, MAJOR_WIDTH);
    axes::ticks(sc, p, &xmin, &[], TICK_MINOR, MINOR_WIDTH);
    let labels: Vec<(f64, RichText)> = axis
        .majors
        .iter()
        .map(|(v, l)| (p.px(*v), l.clone()))
        .collect();
    let bottom = axes::x_tick_labels(sc, p, &labels);
    axes::x_label(sc, p, &RichText::plain(X_LABEL), bottom);
    if i == 0 {
        let yl: Vec<(f64, RichText)> = Y_TICKS
            .iter()
            .map(|(v, s)| (p.py(*v), RichText::plain(s)))
            .collect();
        let left = axes::y_tick_labels(sc, p, &yl);
        axes::y_label(sc, p, &mathtext::parse(Y_LABEL), left);
    }
    legend(
        sc,
        p,
        &mathtext::parse(&opts.display_name(&sweep.hparam)),
        &entries,
    );
    sc.items.push(Item::End);
}

/// matplotlib's legend at 'lower left' with fontsize and title size x-small: frame, title, line samples.
fn legend(sc: &mut Scene, p: &PanelBox, title: &RichText, entries: &[(Stroke, RichText)]) {
    let fs = X_SMALL;
    let (border_axes, border_pad, handle_len, handle_pad, row) =
        (0.5 * fs, 0.4 * fs, 2.0 * fs, 0.8 * fs, 1.4678 * fs);
    let (_, desc) = layout::placement(fs);
    let left = p.x0 + border_axes;
    let bottom = p.y1 - border_axes;
    let title_w = title.width * fs;
    let entries_w = handle_len
        + handle_pad
        + entries
            .iter()
            .map(|(_, l)| l.width * fs)
            .fold(0.0, f64::max);
    let inner_w = if entries.is_empty() {
        title_w
    } else {
        title_w.max(entries_w)
    };
    let last_base = bottom - border_pad - desc;
    let title_base = if entries.is_empty() {
        last_base
    } else {
        last_base - row * entries.len() as f64
    };
    let top = title_base - layout::name_ascent(title, fs) - border_pad;
    let right = left + inner_w + 2.0 * border_pad;
    sc.items.push(Item::Begin {
        id: "legend".into(),
        clip: None,
    });
    let r = 0.2 * fs;
    sc.items.push(Item::Polygon {
        pts: rounded_rect(left, top, right, bottom, r),
        fill: axes::WHITE.with_alpha(0.8),
        stroke: Some(Stroke::solid(
            super::scene::Rgba::rgb(0xcc, 0xcc, 0xcc).with_alpha(0.8),
            1.0,
            Cap::Butt,
        )),
    });
    axes::text(
        sc,
        title,
        left + border_pad + (inner_w - title_w) / 2.0,
        title_base,
        fs,
        false,
        "legend-title",
    );
    let ex = left
        + border_pad
        + if entries.is_empty() {
            0.0
        } else {
            (inner_w - entries_w) / 2.0
        };
    for (k, (stroke, label)) in entries.iter().enumerate() {
        let base = title_base + row * (k + 1) as f64;
        let y = base - 0.35 * fs;
        sc.items.push(Item::Line {
            pts: vec![(ex, y), (ex + handle_len, y)],
            stroke: stroke.clone(),
            dense: false,
        });
        axes::text(
            sc,
            label,
            ex + handle_len + handle_pad,
            base,
            fs,
            false,
            "legend-label",
        );
    }
    sc.items.push(Item::End);
}

/// Outer width (points) of a legend frame with this title and these entry labels.
fn legend_width(title: &RichText, labels: &[RichText]) -> f64 {
    let fs = X_SMALL;
    let title_w = title.width * fs;
    let entries_w = 2.8 * fs + labels.iter().map(|l| l.width * fs).fold(0.0, f64::max);
    let inner = if labels.is_empty() {
        title_w
    } else {
        title_w.max(entries_w)
    };
    inner + 0.8 * fs
}

/// A rectangle with quarter-circle corners (approximated by 6 segments each).
fn rounded_rect(x0: f64, y0: f64, x1: f64, y1: f64, r: f64) -> Vec<(f64, f64)> {
    let mut pts = Vec::new();
    let corners = [
        (x1 - r, y1 - r, 0.0),
        (x0 + r, y1 - r, 90.0),
        (x0 + r, y0 + r, 180.0),
        (x1 - r, y0 + r, 270.0),
    ];
    for (cx, cy, start) in corners {
        for s in 0..=6 {
            let a = (start + 15.0 * s as f64).to_radians();
            pts.push((cx + r * a.cos(), cy + r * a.sin()));
        }
    }
    pts
}
