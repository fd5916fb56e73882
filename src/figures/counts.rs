//! Figure 2 (Fig. S9B): one panel per sweep with a bar per value (informative-neuron count mean), SEM error
//! bars, `x.x%` labels above, one highlighted bar, a shared y axis 0..540 (raised when labels need room).
//!
//! Owns: the scene of Figure 2, its layout and the y-limit rule.

use super::axes::{self, BLACK, C0, GRID, GRID_WIDTH, MAJOR_WIDTH, SMALL, X_SMALL};
use super::layout::{self, Overhang, PanelBox, LABEL_PAD, TICK_MAJOR, TICK_PAD};
use super::mathtext::RichText;
use super::metrics::{LP_ASCENT, LP_DESCENT};
use super::scene::{Cap, Item, Scene, Stroke};
use super::{ticks, wrap};
use super::{value_label, FigureOptions};
use crate::notebook::COUNTS_SIZE_IN;
use crate::stats::SweepStats;

pub const Y_LABEL: &str = "# informative neurons";
/// The notebook's y limit; raised to a multiple of 100 when a label would not fit.
pub const BASE_YLIM: f64 = 540.0;
pub const BAR_WIDTH: f64 = 0.8;
/// Errorbar line width (matplotlib's lines.linewidth) and cap half-width (capsize 2 pt), cap line width.
pub const ERR_WIDTH: f64 = 1.5;
pub const CAP_HALF: f64 = 2.0;
pub const CAP_WIDTH: f64 = 1.0;
/// Gap between bar top + SEM and a % label, in data units.
pub const LABEL_GAP: f64 = 2.0;

/// One bar as drawn: index, mean (0 for values without data), SEM, whether it has data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub mean: f64,
    pub sem: f64,
    pub has_data: bool,
}

/// The bars of a sweep in sweep order.
pub fn bars(sweep: &SweepStats) -> Vec<Bar> {
    sweep
        .points
        .iter()
        .map(|p| match &p.stats {
            Some(s) if s.count_mean.is_finite() => Bar {
                mean: s.count_mean,
                sem: if s.count_sem.is_finite() {
                    s.count_sem.max(0.0)
                } else {
                    0.0
                },
                has_data: true,
            },
            _ => Bar {
                mean: 0.0,
                sem: 0.0,
                has_data: false,
            },
        })
        .collect()
}

fn xlim(n: usize) -> (f64, f64) {
    let lo = -BAR_WIDTH / 2.0;
    let hi = n.saturating_sub(1) as f64 + BAR_WIDTH / 2.0;
    let m = 0.05 * (hi - lo);
    (lo - m, hi + m)
}

/// The y ticks of a panel `axes_h` points high with limits 0..`ylim`: matplotlib's `AutoLocator` (step 100
/// for the notebook's 0..540) and `ScalarFormatter` labels, only those within the limits.
pub fn y_ticks(ylim: f64, axes_h: f64) -> Vec<(f64, RichText)> {
    let locs = ticks::auto_ticks(0.0, ylim, ticks::auto_nbins(axes_h, SMALL, true));
    let f = ticks::ScalarFormatter::new(&locs, (0.0, ylim));
    locs.iter()
        .filter(|&&v| ticks::within(v, (0.0, ylim)))
        .map(|&v| (v, RichText::plain(&f.label(v))))
        .collect()
}

/// How a panel's % labels are drawn: size, upright or rotated (reading up), every n-th bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PctStyle {
    pub size: f64,
    pub rotate: bool,
    pub every: usize,
}

/// The smallest % label size before labels are thinned, points.
const MIN_PCT_SIZE: f64 = 5.0;

/// The % label style for `n` bars on an axes `axes_w` points wide: the notebook's upright x-small labels
/// while neighbours keep a 1 pt gap, else rotated, smaller down to 5 pt, and finally every n-th bar.
pub fn pct_style(n: usize, axes_w: f64, n_neurons: usize, sweep: &SweepStats) -> PctStyle {
    let (a, b) = xlim(n);
    let step = axes_w / (b - a);
    let widest = bars(sweep)
        .iter()
        .filter(|b| b.has_data && b.mean > 0.0)
        .map(|b| RichText::plain(&pct_label(b.mean, n_neurons)).width)
        .fold(0.0, f64::max);
    let lp = LP_ASCENT + LP_DESCENT;
    if widest * X_SMALL + 1.0 <= step {
        return PctStyle {
            size: X_SMALL,
            rotate: false,
            every: 1,
        };
    }
    let size = ((step - 1.0) / lp).clamp(MIN_PCT_SIZE, X_SMALL);
    let every = ((size * lp + 1.0) / step.max(1e-9)).ceil().max(1.0) as usize;
    PctStyle {
        size,
        rotate: true,
        every,
    }
}

/// `f"{pct_mean:.1f}%"`.
pub fn pct_label(mean: f64, n_neurons: usize) -> String {
    format!("{:.1}%", mean / n_neurons.max(1) as f64 * 100.0)
}

/// The y limit shared by all panels: 540, or the next multiple of 100 above it that fits every bar top +
/// SEM + 2 and its label (the label's height, or its length when rotated, converted to data units with
/// the panel height `axes_h` points).
pub fn y_limit(sweeps: &[SweepStats], axes_h: f64, styles: &[PctStyle], n_neurons: usize) -> f64 {
    let need = |lim: f64| {
        sweeps.iter().zip(styles).all(|(s, st)| {
            bars(s)
                .iter()
                .filter(|b| b.has_data && b.mean > 0.0)
                .all(|b| {
                    let label_h = if st.rotate {
                        RichText::plain(&pct_label(b.mean, n_neurons)).width * st.size
                    } else {
                        (LP_ASCENT + LP_DESCENT) * st.size
                    };
                    let top = b.mean + b.sem + LABEL_GAP;
                    top + label_h / axes_h.max(1e-9) * lim <= lim
                })
        })
    };
    if need(BASE_YLIM) {
        return BASE_YLIM;
    }
    let mut lim = (BASE_YLIM / 100.0).ceil() * 100.0;
    // Each step up gains (1 - label fraction) of 100 units; stop at a generous bound.
    while !need(lim) && lim < 1e15 {
        lim += 100.0;
        if lim > 1e6 {
            // Absurd counts: jump by orders of magnitude instead of 100 at a time.
            lim *= 2.0;
            lim = (lim / 100.0).ceil() * 100.0;
        }
    }
    lim
}

/// The panels of Figure 2: axes boxes, figure height, x labels (wrapped), % label styles.
pub struct Panels {
    pub boxes: Vec<PanelBox>,
    pub fig_h: f64,
    pub xlabels: Vec<Vec<RichText>>,
    pub styles: Vec<PctStyle>,
    pub cols: usize,
}

/// Lays out Figure 2: panels in one row or wrapped rows, all sharing the y limit.
pub fn place(sweeps: &[SweepStats], opts: &FigureOptions) -> Panels {
    let (w, h) = (COUNTS_SIZE_IN.0 * 72.0, COUNTS_SIZE_IN.1 * 72.0);
    let n = sweeps.len().max(1);
    let ticks: Vec<Vec<RichText>> = sweeps
        .iter()
        .map(|s| {
            s.points
                .iter()
                .map(|p| RichText::plain(&value_label(&p.value)))
                .collect()
        })
        .collect();
    let yt_w = |lim: f64, axes_h: f64| {
        y_ticks(lim, axes_h)
            .iter()
            .map(|(_, l)| l.width * SMALL)
            .fold(0.0, f64::max)
    };
    let xlabel_lines = |i: usize, width: f64| {
        sweeps.get(i).map_or_else(Vec::new, |s| {
            wrap::wrap(&opts.display_name(&s.hparam), SMALL, width, 3)
        })
    };
    let overhang = |i: usize, cols: usize, width: f64, lim: f64, axes_h: f64| {
        let mut o = Overhang {
            left: TICK_MAJOR,
            right: 0.0,
            top: 0.0,
            bottom: 0.0,
        };
        let tl = ticks.get(i).map_or(&[][..], |t| &t[..]);
        let (a, b) = xlim(tl.len());
        let xs: Vec<f64> = (0..tl.len())
            .map(|k| (k as f64 - a) / (b - a) * width)
            .collect();
        let fit = axes::fit_x_ticks(&xs, tl);
        if !fit.rotate {
            for (c, l) in xs.iter().zip(tl) {
                let lw = l.width * SMALL;
                o.left = o.left.max(lw / 2.0 - c);
                o.right = o.right.max(c + lw / 2.0 - width);
            }
        }
        let xl = xlabel_lines(i, width);
        o.bottom = TICK_MAJOR
            + TICK_PAD
            + axes::x_ticks_depth(tl, fit)
            + LABEL_PAD
            + axes::lines_height(&xl, SMALL);
        let xl_over = (axes::lines_width(&xl, SMALL) - width) / 2.0;
        o.left = o.left.max(xl_over);
        o.right = o.right.max(xl_over);
        if i % cols == 0 {
            let yl = wrap::wrap(Y_LABEL, SMALL, axes_h, 2);
            o.left = o.left.max(
                TICK_MAJOR
                    + TICK_PAD
                    + yt_w(lim, axes_h)
                    + LABEL_PAD
                    + axes::lines_height(&yl, SMALL),
            );
        }
        o
    };
    // Columns from the notebook's 540 limit; then the limit and the layout settle together, the
    // percentage labels' style (which the limit makes room for) with them.
    let mut styles = Vec::new();
    let (grid, lim) = layout::shared_y_grid(w, h, n, BASE_YLIM, overhang, |grid, axes_h| {
        styles = sweeps
            .iter()
            .zip(&grid.boxes)
            .map(|(s, g)| pct_style(s.points.len(), g.1 - g.0, opts.n_neurons, s))
            .collect();
        y_limit(sweeps, axes_h, &styles, opts.n_neurons)
    });
    let default_w = layout::default_axes_width(w, grid.cols);
    Panels {
        boxes: grid.panels(lim, |i| xlim(sweeps.get(i).map_or(0, |s| s.points.len()))),
        fig_h: grid.fig_h,
        xlabels: (0..sweeps.len())
            .map(|i| xlabel_lines(i, default_w))
            .collect(),
        styles,
        cols: grid.cols,
    }
}

/// The axes boxes of Figure 2 (points, y down), one per sweep.
pub fn layout(sweeps: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    place(sweeps, opts).boxes
}

/// Builds Figure 2.
pub fn scene(sweeps: &[SweepStats], opts: &FigureOptions) -> Scene {
    let pl = place(sweeps, opts);
    let mut sc = Scene::new(COUNTS_SIZE_IN.0 * 72.0, pl.fig_h);
    axes::figure_background(&mut sc, opts.background);
    for (i, (sweep, p)) in sweeps.iter().zip(&pl.boxes).enumerate() {
        let first_col = i % pl.cols == 0;
        panel(&mut sc, i, sweep, p, opts, &pl, first_col);
    }
    sc
}

fn panel(
    sc: &mut Scene,
    i: usize,
    sweep: &SweepStats,
    p: &PanelBox,
    opts: &FigureOptions,
    pl: &Panels,
    first_col: bool,
) {
    sc.items.push(Item::Begin {
        id: format!("axes_{}", i + 1),
        clip: None,
    });
    axes::background(sc, p, opts.background);
    let ticks = y_ticks(p.ylim.1, p.y1 - p.y0);
    let ys: Vec<f64> = ticks.iter().map(|(v, _)| p.py(*v)).collect();
    sc.items.push(Item::Begin {
        id: format!("grid_{}", i + 1),
        clip: None,
    });
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
    let clip = sc.clips.len();
    sc.clips.push([p.x0, p.y0, p.x1, p.y1]);
    sc.items.push(Item::Begin {
        id: format!("bars_{}", i + 1),
        clip: Some(clip),
    });
    let bars = bars(sweep);
    let hi = opts.highlight(&sweep.hparam, bars.len());
    let hc = opts.high_contrast;
    for (k, b) in bars.iter().enumerate() {
        let x = k as f64;
        let lit = Some(k) == hi;
        let fill = if lit { axes::highlight_color(hc) } else { C0 };
        sc.items.push(Item::Rect {
            x0: p.px(x - BAR_WIDTH / 2.0),
            y0: p.py(b.mean),
            x1: p.px(x + BAR_WIDTH / 2.0),
            y1: p.py(0.0),
            fill: Some(fill),
            // In high contrast the highlighted bar also differs by a black outline.
            edge: (lit && hc).then(|| Stroke::solid(BLACK, 1.0, Cap::Butt)),
            attrs: vec![
                (
                    "class",
                    if Some(k) == hi {
                        "bar highlight"
                    } else {
                        "bar"
                    }
                    .to_string(),
                ),
                ("data-index", k.to_string()),
                ("data-mean", format!("{}", b.mean)),
                ("data-sem", format!("{}", b.sem)),
            ],
        });
    }
    for (k, b) in bars.iter().enumerate().filter(|(_, b)| b.has_data) {
        let x = p.px(k as f64);
        let (lo, hi) = (p.py(b.mean - b.sem), p.py(b.mean + b.sem));
        axes::line(sc, vec![(x, lo), (x, hi)], BLACK, ERR_WIDTH, Cap::Butt);
        for y in [lo, hi] {
            axes::line(
                sc,
                vec![(x - CAP_HALF, y), (x + CAP_HALF, y)],
                BLACK,
                CAP_WIDTH,
                Cap::Butt,
            );
        }
    }
    sc.items.push(Item::End);
    // % labels: va bottom at bar top + SEM + 2 (rotated, smaller or thinned when bars crowd).
    let st = pl.styles.get(i).copied().unwrap_or(PctStyle {
        size: X_SMALL,
        rotate: false,
        every: 1,
    });
    let (asc, desc) = layout::placement(st.size);
    for (k, b) in bars
        .iter()
        .enumerate()
        .filter(|(k, b)| b.has_data && b.mean > 0.0 && k % st.every == 0)
    {
        let label = RichText::plain(&pct_label(b.mean, opts.n_neurons));
        let y = p.py(b.mean + b.sem + LABEL_GAP);
        let x = p.px(k as f64);
        if st.rotate {
            axes::text(sc, &label, x + (asc - desc) / 2.0, y, st.size, true, "pct");
        } else {
            axes::text(
                sc,
                &label,
                x - label.width * st.size / 2.0,
                y - desc,
                st.size,
                false,
                "pct",
            );
        }
    }
    axes::spines(sc, p);
    let xs: Vec<f64> = (0..bars.len()).map(|k| p.px(k as f64)).collect();
    axes::ticks(sc, p, &xs, &ys, TICK_MAJOR, MAJOR_WIDTH);
    let labels: Vec<(f64, RichText)> = sweep
        .points
        .iter()
        .enumerate()
        .map(|(k, pt)| (p.px(k as f64), RichText::plain(&value_label(&pt.value))))
        .collect();
    let bottom = axes::x_tick_labels(sc, p, &labels);
    let lines = pl.xlabels.get(i).cloned().unwrap_or_default();
    axes::x_label(sc, p, &lines, bottom);
    if first_col {
        let yl: Vec<(f64, RichText)> = ticks.iter().map(|(v, l)| (p.py(*v), l.clone())).collect();
        let left = axes::y_tick_labels(sc, p, &yl);
        axes::y_label(sc, p, &wrap::wrap(Y_LABEL, SMALL, p.y1 - p.y0, 2), left);
    }
    sc.items.push(Item::End);
}
