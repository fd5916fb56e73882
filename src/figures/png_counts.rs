//! Fig. S9C (plot_S9C's `plot_png_counts_sweep`): per sweep, the PNG count's mean ± SEM per value as
//! matplotlib's `errorbar(fmt="o-", color="C0", capsize=5, linewidth=1.5, markersize=6)` at the numeric
//! values (ticks at the values, `ScalarFormatter` labels), the baseline in C1 with a black marker edge on
//! top (`zorder=5`), `# PNGs` on the first panel, y shared 0..5000 with `AutoLocator` ticks, lightgray
//! grid, 7.5 x 2 in, tight layout. A value without `post` is NaN: a gap in the line, no marker, no bar.
//!
//! Owns: the scene of Fig. S9C, its layout, its x limits (matplotlib's autoscale: 5% margins, widened to
//! the ticks) and its y-limit rule (5000, raised to the next `AutoLocator` tick above the highest
//! mean + SEM when that would be clipped).

use super::axes::{self, BLACK, C0, GRID, GRID_WIDTH, MAJOR_WIDTH, SMALL};
use super::layout::{self, Overhang, PanelBox, LABEL_PAD, TICK_MAJOR, TICK_PAD};
use super::mathtext::RichText;
use super::scene::{Cap, Item, Scene, Stroke};
use super::ticks::{self, ScalarFormatter};
use super::wrap;
use super::{value_label, FigureOptions};
use crate::notebook::PNG_COUNTS_SIZE_IN;
use crate::stats::PngSweepStats;
use crate::sweep::HValue;

/// The y label of the first panel.
pub const Y_LABEL: &str = "# PNGs";
/// `axes_flat[0].set_ylim(0, 5000)`.
pub const BASE_YLIM: f64 = 5000.0;
/// `linewidth=1.5` (data line and error bars).
pub const LINE_WIDTH: f64 = 1.5;
/// `markersize=6`: circle of 6 pt diameter.
pub const MARKER_RADIUS: f64 = 3.0;
/// `capsize=5`: caps 2 x 5 pt long.
pub const CAP_HALF: f64 = 5.0;
/// `lines.markeredgewidth` = 1: marker edges and caps.
pub const EDGE_WIDTH: f64 = 1.0;
/// matplotlib's `axes.xmargin`: autoscaled x limits leave 5% on each side.
const MARGIN: f64 = 0.05;
/// Gap between tick labels and the offset text (`OFFSETTEXTPAD`), points.
const OFFSET_PAD: f64 = 3.0;

/// One point as drawn: x position, mean and SEM (NaN without data).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub mean: f64,
    pub sem: f64,
}

impl Point {
    fn has_data(&self) -> bool {
        self.x.is_finite() && self.mean.is_finite()
    }
}

/// The points of a sweep: numbers at their value, strings (matplotlib's categorical axis) at 0, 1, ...
pub fn points(sweep: &PngSweepStats) -> Vec<Point> {
    sweep
        .points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let x = match &p.value {
                HValue::Int(i) => *i as f64,
                HValue::Float(f) => *f,
                HValue::Str(_) => k as f64,
            };
            let (mean, sem) = p.stats.map_or((f64::NAN, f64::NAN), |s| (s.mean, s.sem));
            Point { x, mean, sem }
        })
        .collect()
}

/// The x axis of a panel: limits, tick positions and labels, offset text.
struct XAxis {
    xlim: (f64, f64),
    ticks: Vec<(f64, RichText)>,
    offset: Option<RichText>,
}

fn x_axis(sweep: &PngSweepStats) -> XAxis {
    let pts = points(sweep);
    let xs: Vec<f64> = pts.iter().map(|p| p.x).filter(|x| x.is_finite()).collect();
    let data: Vec<f64> = pts.iter().filter(|p| p.has_data()).map(|p| p.x).collect();
    let span = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    // Autoscale on the points with data (nonsingular, then margins), widened to every tick.
    let (lo, hi) = span(if data.is_empty() { &xs } else { &data });
    let (lo, hi) = ticks::nonsingular(lo, hi, 0.05, 1e-15);
    let m = MARGIN * (hi - lo);
    let (tlo, thi) = span(&xs);
    let xlim = (
        (lo - m).min(if tlo.is_finite() { tlo } else { lo - m }),
        (hi + m).max(if thi.is_finite() { thi } else { hi + m }),
    );
    let categorical = sweep
        .points
        .iter()
        .any(|p| matches!(p.value, HValue::Str(_)));
    if categorical {
        let ticks = sweep
            .points
            .iter()
            .zip(&pts)
            .map(|(p, q)| (q.x, RichText::plain(&value_label(&p.value))))
            .collect();
        return XAxis {
            xlim,
            ticks,
            offset: None,
        };
    }
    let f = ScalarFormatter::new(&xs, xlim);
    let off = f.offset_text();
    XAxis {
        xlim,
        ticks: xs
            .iter()
            .filter(|&&x| ticks::within(x, xlim))
            .map(|&x| (x, RichText::plain(&f.label(x))))
            .collect(),
        offset: (!off.is_empty()).then(|| RichText::plain(&off)),
    }
}

/// The y limit shared by all panels: 5000, or, when a mean + SEM would be clipped, the first
/// `AutoLocator` tick at or above the highest one.
pub fn y_limit(sweeps: &[PngSweepStats], axes_h: f64) -> f64 {
    let top = sweeps
        .iter()
        .flat_map(points)
        .filter(|p| p.has_data())
        .map(|p| {
            p.mean
                + if p.sem.is_finite() {
                    p.sem.max(0.0)
                } else {
                    0.0
                }
        })
        .fold(f64::NEG_INFINITY, f64::max);
    if top.is_nan() || top <= BASE_YLIM || !top.is_finite() {
        return BASE_YLIM;
    }
    let locs = ticks::auto_ticks(0.0, top, ticks::auto_nbins(axes_h, SMALL, true));
    locs.into_iter().find(|&t| t >= top).unwrap_or(top)
}

/// The y ticks (within 0..`ylim`) of a panel `axes_h` points high, and the offset text if any.
fn y_ticks(ylim: f64, axes_h: f64) -> (Vec<(f64, RichText)>, Option<RichText>) {
    let locs = ticks::auto_ticks(0.0, ylim, ticks::auto_nbins(axes_h, SMALL, true));
    let f = ScalarFormatter::new(&locs, (0.0, ylim));
    let off = f.offset_text();
    (
        locs.iter()
            .filter(|&&v| ticks::within(v, (0.0, ylim)))
            .map(|&v| (v, RichText::plain(&f.label(v))))
            .collect(),
        (!off.is_empty()).then(|| RichText::plain(&off)),
    )
}

/// The panels of Fig. S9C: axes boxes, figure height, wrapped x labels, columns.
pub struct Panels {
    pub boxes: Vec<PanelBox>,
    pub fig_h: f64,
    pub xlabels: Vec<Vec<RichText>>,
    pub cols: usize,
}

/// Lays out Fig. S9C: panels in one row or wrapped rows, all sharing the y limit.
pub fn place(sweeps: &[PngSweepStats], opts: &FigureOptions) -> Panels {
    let (w, h) = (PNG_COUNTS_SIZE_IN.0 * 72.0, PNG_COUNTS_SIZE_IN.1 * 72.0);
    let n = sweeps.len().max(1);
    let xaxes: Vec<XAxis> = sweeps.iter().map(x_axis).collect();
    let xt_h = layout::layout_box(&RichText::plain("0"), SMALL).1;
    let xlabel_lines = |i: usize, width: f64| {
        sweeps.get(i).map_or_else(Vec::new, |s| {
            wrap::wrap(&opts.display_name(&s.hparam), SMALL, width, 3)
        })
    };
    let overhang = |i: usize, cols: usize, width: f64, lim: f64, axes_h: f64| {
        let (yt, yoff) = y_ticks(lim, axes_h);
        let yt_w = yt
            .iter()
            .map(|(_, l)| layout::layout_box(l, SMALL).0)
            .fold(0.0, f64::max);
        // The top tick label reaches above the axes when a tick sits on the limit.
        let top_tick = yt
            .iter()
            .map(|(v, _)| axes::Y_TICK_ABOVE * SMALL - (lim - v) / lim * axes_h)
            .fold(0.0, f64::max);
        let mut o = Overhang {
            left: TICK_MAJOR,
            right: 0.0,
            top: top_tick,
            bottom: 0.0,
        };
        let xl = xlabel_lines(i, width);
        if let Some(ax) = xaxes.get(i) {
            let (a, b) = ax.xlim;
            let xs: Vec<f64> = ax
                .ticks
                .iter()
                .map(|(x, _)| (x - a) / (b - a) * width)
                .collect();
            let ls: Vec<RichText> = ax.ticks.iter().map(|(_, l)| l.clone()).collect();
            let fit = axes::fit_x_ticks(&xs, &ls);
            if !fit.rotate {
                for (c, l) in xs.iter().zip(&ls) {
                    let lw = layout::layout_box(l, SMALL).0;
                    o.left = o.left.max(lw / 2.0 - c);
                    o.right = o.right.max(c + lw / 2.0 - width);
                }
            }
            let depth = axes::x_ticks_depth(&ls, fit);
            let mut bottom =
                TICK_MAJOR + TICK_PAD + depth + LABEL_PAD + axes::lines_height(&xl, SMALL);
            if ax.offset.is_some() {
                bottom = bottom.max(TICK_MAJOR + TICK_PAD + depth + xt_h + OFFSET_PAD);
            }
            o.bottom = bottom;
        }
        let xl_over = (axes::lines_width(&xl, SMALL) - width) / 2.0;
        o.left = o.left.max(xl_over);
        o.right = o.right.max(xl_over);
        if i % cols == 0 {
            let yl = wrap::wrap(Y_LABEL, SMALL, axes_h, 2);
            o.left = o
                .left
                .max(TICK_MAJOR + TICK_PAD + yt_w + LABEL_PAD + axes::lines_height(&yl, SMALL));
            if yoff.is_some() {
                o.top = o.top.max(OFFSET_PAD + xt_h);
            }
        }
        o
    };
    // Columns from the notebook's 5000 limit; then the limit and the layout settle together.
    let (grid, lim) = layout::shared_y_grid(w, h, n, BASE_YLIM, overhang, |_, axes_h| {
        y_limit(sweeps, axes_h)
    });
    let default_w = layout::default_axes_width(w, grid.cols);
    Panels {
        boxes: grid.panels(lim, |i| xaxes.get(i).map_or((0.0, 1.0), |a| a.xlim)),
        fig_h: grid.fig_h,
        xlabels: (0..sweeps.len())
            .map(|i| xlabel_lines(i, default_w))
            .collect(),
        cols: grid.cols,
    }
}

/// The axes boxes of Fig. S9C (points, y down), one per sweep, all sharing the y limit.
pub fn layout(sweeps: &[PngSweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    place(sweeps, opts).boxes
}

/// Builds Fig. S9C.
pub fn scene(sweeps: &[PngSweepStats], opts: &FigureOptions) -> Scene {
    let pl = place(sweeps, opts);
    let mut sc = Scene::new(PNG_COUNTS_SIZE_IN.0 * 72.0, pl.fig_h);
    axes::figure_background(&mut sc, opts.background);
    for (i, (sweep, p)) in sweeps.iter().zip(&pl.boxes).enumerate() {
        let lines = pl.xlabels.get(i).cloned().unwrap_or_default();
        panel(&mut sc, i, sweep, p, opts, &lines, i % pl.cols == 0);
    }
    sc
}

/// matplotlib's errorbar pieces for the points: bars, lower and upper caps.
fn error_bars(sc: &mut Scene, p: &PanelBox, pts: &[Point], color: super::scene::Rgba) {
    let with_bars: Vec<&Point> = pts
        .iter()
        .filter(|q| q.has_data() && q.sem.is_finite())
        .collect();
    for q in &with_bars {
        let x = p.px(q.x);
        sc.items.push(Item::Line {
            pts: vec![(x, p.py(q.mean - q.sem)), (x, p.py(q.mean + q.sem))],
            stroke: Stroke::solid(color, LINE_WIDTH, Cap::Butt),
            dense: false,
        });
    }
    for sign in [-1.0, 1.0] {
        for q in &with_bars {
            let (x, y) = (p.px(q.x), p.py(q.mean + sign * q.sem));
            sc.items.push(Item::Line {
                pts: vec![(x - CAP_HALF, y), (x + CAP_HALF, y)],
                stroke: Stroke::solid(color, EDGE_WIDTH, Cap::Butt),
                dense: false,
            });
        }
    }
}

fn panel(
    sc: &mut Scene,
    i: usize,
    sweep: &PngSweepStats,
    p: &PanelBox,
    opts: &FigureOptions,
    xlabel: &[RichText],
    first_col: bool,
) {
    sc.items.push(Item::Begin {
        id: format!("axes_{}", i + 1),
        clip: None,
    });
    axes::background(sc, p, opts.background);
    let ax = x_axis(sweep);
    let (yt, yoff) = y_ticks(p.ylim.1, p.y1 - p.y0);
    let xs: Vec<f64> = ax.ticks.iter().map(|(x, _)| p.px(*x)).collect();
    let ys: Vec<f64> = yt.iter().map(|(v, _)| p.py(*v)).collect();
    // Grid (both axes, lightgray, alpha 1) below everything else.
    sc.items.push(Item::Begin {
        id: format!("grid_{}", i + 1),
        clip: None,
    });
    for &x in &xs {
        axes::line(
            sc,
            vec![(x, p.y1), (x, p.y0)],
            GRID,
            GRID_WIDTH,
            Cap::Square,
        );
    }
    for &y in &ys {
        axes::line(
            sc,
            vec![(p.x0, y), (p.x1, y)],
            GRID,
            GRID_WIDTH,
            Cap::Square,
        );
    }
    sc.items.push(Item::End);
    axes::ticks(sc, p, &xs, &ys, TICK_MAJOR, MAJOR_WIDTH);
    let labels: Vec<(f64, RichText)> = ax
        .ticks
        .iter()
        .map(|(x, l)| (p.px(*x), l.clone()))
        .collect();
    let bottom = axes::x_tick_labels(sc, p, &labels);
    if let Some(off) = &ax.offset {
        let (asc, _) = layout::placement(SMALL);
        axes::text(
            sc,
            off,
            p.x1 - off.width * SMALL,
            bottom + OFFSET_PAD + asc,
            SMALL,
            false,
            "xoffset",
        );
    }
    axes::x_label(sc, p, xlabel, bottom);
    if first_col {
        let yl: Vec<(f64, RichText)> = yt.iter().map(|(v, l)| (p.py(*v), l.clone())).collect();
        let left = axes::y_tick_labels(sc, p, &yl);
        axes::y_label(sc, p, &wrap::wrap(Y_LABEL, SMALL, p.y1 - p.y0, 2), left);
        if let Some(off) = &yoff {
            let (_, desc) = layout::placement(SMALL);
            axes::text(
                sc,
                off,
                p.x0,
                p.y0 - OFFSET_PAD - desc,
                SMALL,
                false,
                "yoffset",
            );
        }
    }
    // Data, clipped to the axes: error bars, caps, then the line with its markers (matplotlib's order).
    let pts = points(sweep);
    let clip = sc.clips.len();
    sc.clips.push([p.x0, p.y0, p.x1, p.y1]);
    sc.items.push(Item::Begin {
        id: format!("data_{}", i + 1),
        clip: Some(clip),
    });
    error_bars(sc, p, &pts, C0);
    let line: Vec<(f64, f64)> = pts
        .iter()
        .map(|q| {
            if q.has_data() {
                (p.px(q.x), p.py(q.mean))
            } else {
                (f64::NAN, f64::NAN)
            }
        })
        .collect();
    sc.items.push(Item::Line {
        pts: line,
        stroke: Stroke::solid(C0, LINE_WIDTH, Cap::Square),
        dense: false,
    });
    for q in pts.iter().filter(|q| q.has_data()) {
        sc.items.push(Item::Marker {
            x: p.px(q.x),
            y: p.py(q.mean),
            radius: MARKER_RADIUS,
            fill: C0,
            edge: Stroke::solid(C0, EDGE_WIDTH, Cap::Butt),
        });
    }
    sc.items.push(Item::End);
    axes::spines(sc, p);
    // The baseline on top of the spines (zorder 5): C1 error bar and caps, C1 marker with a black edge.
    let hi = opts
        .highlight(&sweep.hparam, pts.len())
        .and_then(|k| pts.get(k))
        .filter(|q| q.has_data());
    if let Some(q) = hi {
        let color = axes::highlight_color(opts.high_contrast);
        sc.items.push(Item::Begin {
            id: format!("highlight_{}", i + 1),
            clip: Some(clip),
        });
        error_bars(sc, p, std::slice::from_ref(q), color);
        sc.items.push(Item::Marker {
            x: p.px(q.x),
            y: p.py(q.mean),
            radius: MARKER_RADIUS,
            fill: color,
            edge: Stroke::solid(BLACK, EDGE_WIDTH, Cap::Butt),
        });
        sc.items.push(Item::End);
    }
    sc.items.push(Item::End);
}
