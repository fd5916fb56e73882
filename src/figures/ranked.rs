//! Figure 1 (Fig. S9A): one panel per sweep with the mean ranked information curve of every value, log x,
//! decade ticks as 10 with a superscript, and a framed legend titled with the sweep's display name.
//!
//! Owns: the scene of Figure 1 and its layout.

use super::axes::{self, GRID, GRID_WIDTH, MAJOR_WIDTH, MINOR_WIDTH, SMALL, X_SMALL};
use super::layout::{self, Overhang, PanelBox, LABEL_PAD, TICK_MAJOR, TICK_MINOR, TICK_PAD};
use super::mathtext::{self, RichText};
use super::scene::{Cap, Item, Scene, Stroke};
use super::{value_label, wrap, FigureOptions};
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

/// The legend entries' labels of a sweep (values with data).
fn entry_labels(s: &SweepStats) -> Vec<RichText> {
    s.points
        .iter()
        .filter(|p| p.stats.is_some())
        .map(|p| RichText::plain(&value_label(&p.value)))
        .collect()
}

/// The panels of Figure 1: axes boxes, figure height, columns.
pub struct Panels {
    pub boxes: Vec<PanelBox>,
    pub fig_h: f64,
    pub cols: usize,
}

/// Lays out Figure 1: panels in one row or wrapped rows; rows grow when a legend needs the height.
pub fn place(sweeps: &[SweepStats], opts: &FigureOptions) -> Panels {
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
    let overhang = |i: usize, cols: usize, width: f64| {
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
        if i % cols == 0 {
            o.left = o.left.max(
                TICK_MAJOR + TICK_PAD + yt_w + LABEL_PAD + layout::layout_box(&ylabel, SMALL).1,
            );
        }
        o
    };
    let cols = layout::columns(w, n, |i, width| overhang(i, n, width));
    // A legend that fits nowhere in the notebook's row height, even in columns of smaller type, asks
    // for a taller plotting area.
    let mut grid = layout::tight_grid(w, h, n, cols, layout::MIN_AXES_H, |i, width| {
        overhang(i, cols, width)
    });
    let (aw, ah) = grid
        .boxes
        .first()
        .map_or((1.0, 1.0), |b| (b.1 - b.0, b.3 - b.2));
    let need = sweeps
        .iter()
        .map(|s| {
            let fit = fit_legend(&opts.display_name(&s.hparam), &entry_labels(s), aw, ah);
            fit.height + fit.fs
        })
        .fold(0.0, f64::max);
    if need > ah {
        grid = layout::tight_grid(w, h, n, cols, need, |i, width| overhang(i, cols, width));
    }
    Panels {
        boxes: grid
            .boxes
            .iter()
            .map(|g| PanelBox {
                x0: g.0,
                y0: g.2,
                x1: g.1,
                y1: g.3,
                xlim: (1.0, axis.xmax),
                ylim: YLIM,
                xlog: true,
            })
            .collect(),
        fig_h: grid.fig_h,
        cols,
    }
}

/// The axes boxes of Figure 1 (points, y down), one per sweep.
pub fn layout(sweeps: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    place(sweeps, opts).boxes
}

/// Builds Figure 1.
pub fn scene(sweeps: &[SweepStats], opts: &FigureOptions) -> Scene {
    let pl = place(sweeps, opts);
    let mut sc = Scene::new(RANKED_SIZE_IN.0 * 72.0, pl.fig_h);
    axes::figure_background(&mut sc, opts.background);
    let axis = x_axis(opts.n_neurons);
    // log10 of the ranks, once per scene (shared by every curve of every panel).
    let n_ranks = sweeps
        .iter()
        .flat_map(|s| &s.points)
        .filter_map(|p| p.stats.as_ref().map(|st| st.ranked_mean.len()))
        .max()
        .unwrap_or(0)
        .min(opts.n_neurons);
    let log_ranks: Vec<f64> = (1..=n_ranks).map(|r| (r as f64).log10()).collect();
    for (i, (sweep, p)) in sweeps.iter().zip(&pl.boxes).enumerate() {
        panel(
            &mut sc,
            i,
            sweep,
            p,
            &axis,
            &log_ranks,
            opts,
            i % pl.cols == 0,
        );
    }
    sc
}

#[allow(clippy::too_many_arguments)] // the panel's data, geometry and shared per-scene values
fn panel(
    sc: &mut Scene,
    i: usize,
    sweep: &SweepStats,
    p: &PanelBox,
    axis: &Axis,
    log_ranks: &[f64],
    opts: &FigureOptions,
    first_col: bool,
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
    axes::x_label(sc, p, &[RichText::plain(X_LABEL)], bottom);
    if first_col {
        let yl: Vec<(f64, RichText)> = Y_TICKS
            .iter()
            .map(|(v, s)| (p.py(*v), RichText::plain(s)))
            .collect();
        let left = axes::y_tick_labels(sc, p, &yl);
        axes::y_label(sc, p, &[mathtext::parse(Y_LABEL)], left);
    }
    legend(sc, p, &opts.display_name(&sweep.hparam), &entries);
    sc.items.push(Item::End);
}

/// A legend's type size, columns, title lines and outer size (points).
#[derive(Debug, Clone, PartialEq)]
pub struct LegendFit {
    pub fs: f64,
    pub cols: usize,
    pub title: Vec<RichText>,
    pub width: f64,
    pub height: f64,
}

/// Legend type sizes tried in turn: the notebook's x-small, then smaller.
const LEGEND_SIZES: [f64; 3] = [X_SMALL, 6.0, 5.0];
/// Most legend columns tried.
const LEGEND_MAX_COLS: usize = 6;

/// Outer size of a legend with this type size, title lines, labels and columns.
fn legend_size(fs: f64, title: &[RichText], labels: &[RichText], cols: usize) -> (f64, f64) {
    let title_w = title.iter().map(|t| t.width * fs).fold(0.0, f64::max);
    let entry_w = 2.8 * fs + labels.iter().map(|l| l.width * fs).fold(0.0, f64::max);
    let rows = labels.len().div_ceil(cols.max(1));
    let cols_used = labels.len().min(cols.max(1));
    let entries_w = if labels.is_empty() {
        0.0
    } else {
        cols_used as f64 * entry_w + cols_used.saturating_sub(1) as f64 * 2.0 * fs
    };
    let inner_w = title_w.max(entries_w);
    let title_h = title.first().map_or(0.0, |t| layout::name_ascent(t, fs))
        + title.len().saturating_sub(1) as f64 * axes::LINE_SPACING * fs;
    let (_, desc) = layout::placement(fs);
    let height = 0.8 * fs + desc + title_h + 1.4678 * fs * rows as f64;
    (inner_w + 0.8 * fs, height)
}

/// The legend that fits an axes `axes_w` x `axes_h` points (inside its 0.5 em border): the notebook's
/// one column at x-small when it fits, else more columns, then smaller type; the title wraps to the width.
/// When nothing fits, the smallest type in the columns that fit the width (the caller makes room).
pub fn fit_legend(title: &str, labels: &[RichText], axes_w: f64, axes_h: f64) -> LegendFit {
    let mut last = None;
    for fs in LEGEND_SIZES {
        let (avail_w, avail_h) = (axes_w - fs, axes_h - fs);
        let t = wrap::wrap(title, fs, avail_w - 0.8 * fs, 2);
        for cols in 1..=LEGEND_MAX_COLS.min(labels.len().max(1)) {
            let (w, h) = legend_size(fs, &t, labels, cols);
            let fit = LegendFit {
                fs,
                cols,
                title: t.clone(),
                width: w,
                height: h,
            };
            if w <= avail_w && h <= avail_h {
                return fit;
            }
            if w <= avail_w || cols == 1 {
                last = Some(fit);
            }
        }
    }
    last.unwrap_or(LegendFit {
        fs: X_SMALL,
        cols: 1,
        title: vec![mathtext::parse(title)],
        width: 0.0,
        height: 0.0,
    })
}

/// matplotlib's legend at 'lower left' with fontsize and title size x-small (see [`fit_legend`]): frame,
/// title, line samples, in columns filled top to bottom.
fn legend(sc: &mut Scene, p: &PanelBox, title: &str, entries: &[(Stroke, RichText)]) {
    let labels: Vec<RichText> = entries.iter().map(|e| e.1.clone()).collect();
    let fit = fit_legend(title, &labels, p.x1 - p.x0, p.y1 - p.y0);
    let fs = fit.fs;
    let (border_axes, border_pad, handle_len, handle_pad, row) =
        (0.5 * fs, 0.4 * fs, 2.0 * fs, 0.8 * fs, 1.4678 * fs);
    let (_, desc) = layout::placement(fs);
    let left = p.x0 + border_axes;
    let bottom = p.y1 - border_axes;
    let right = left + fit.width;
    let top = bottom - fit.height;
    let inner_w = fit.width - 2.0 * border_pad;
    let rows = entries.len().div_ceil(fit.cols.max(1)).max(1);
    let entry_w = handle_len + handle_pad + labels.iter().map(|l| l.width * fs).fold(0.0, f64::max);
    let cols_used = entries.len().min(fit.cols.max(1));
    let entries_w = cols_used as f64 * entry_w + cols_used.saturating_sub(1) as f64 * 2.0 * fs;
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
    let mut base = top + border_pad;
    for (k, t) in fit.title.iter().enumerate() {
        base += if k == 0 {
            layout::name_ascent(t, fs)
        } else {
            axes::LINE_SPACING * fs
        };
        axes::text(
            sc,
            t,
            left + border_pad + (inner_w - t.width * fs) / 2.0,
            base,
            fs,
            false,
            "legend-title",
        );
    }
    let entries_top = bottom - border_pad - desc - row * rows as f64;
    let ex0 = left
        + border_pad
        + if entries.is_empty() {
            0.0
        } else {
            (inner_w - entries_w) / 2.0
        };
    for (k, (stroke, label)) in entries.iter().enumerate() {
        let (col, rw) = (k / rows, k % rows);
        let ex = ex0 + col as f64 * (entry_w + 2.0 * fs);
        let base = entries_top + row * (rw + 1) as f64;
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
