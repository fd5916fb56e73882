//! Figure 2 (Fig. S9B): one panel per sweep with a bar per value (informative-neuron count mean), SEM error
//! bars, `x.x%` labels above, one highlighted bar, a shared y axis 0..540 (raised when labels need room).
//!
//! Owns: the scene of Figure 2, its layout and the y-limit rule.

use super::axes::{self, BLACK, C0, GRID, GRID_WIDTH, MAJOR_WIDTH, SMALL, X_SMALL};
use super::layout::{self, Overhang, PanelBox, LABEL_PAD, TICK_MAJOR, TICK_PAD};
use super::mathtext::{self, RichText};
use super::metrics::{LP_ASCENT, LP_DESCENT};
use super::scene::{Cap, Item, Scene, Stroke};
use super::ticks;
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

/// The y limit shared by all panels: 540, or the next multiple of 100 above it that fits every bar top +
/// SEM + 2 and its label (label height converted to data units with the panel height `axes_h` points).
pub fn y_limit(sweeps: &[SweepStats], axes_h: f64) -> f64 {
    let label_h = (LP_ASCENT + LP_DESCENT) * X_SMALL;
    let need = |lim: f64| {
        sweeps
            .iter()
            .flat_map(bars)
            .filter(|b| b.has_data && b.mean > 0.0)
            .all(|b| {
                let top = b.mean + b.sem + LABEL_GAP;
                top + label_h / axes_h.max(1e-9) * lim <= lim
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

/// The axes boxes of Figure 2 (points, y down), one per sweep.
pub fn layout(sweeps: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    let (w, h) = (COUNTS_SIZE_IN.0 * 72.0, COUNTS_SIZE_IN.1 * 72.0);
    let n = sweeps.len().max(1);
    let labels: Vec<Vec<RichText>> = sweeps
        .iter()
        .map(|s| {
            s.points
                .iter()
                .map(|p| RichText::plain(&value_label(&p.value)))
                .collect()
        })
        .collect();
    let xt_h = if labels.iter().any(|l| !l.is_empty()) {
        layout::layout_box(&RichText::plain("0"), SMALL).1
    } else {
        0.0
    };
    let xl: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            sweeps.get(i).map_or((0.0, 0.0), |s| {
                layout::layout_box(&mathtext::parse(&opts.display_name(&s.hparam)), SMALL)
            })
        })
        .collect();
    let ylabel_h = layout::layout_box(&RichText::plain(Y_LABEL), SMALL).1;
    // Tick label width for the y axis: the widest label any limit up to the final one can produce.
    let yt_w = |lim: f64, axes_h: f64| {
        y_ticks(lim, axes_h)
            .iter()
            .map(|(_, l)| l.width * SMALL)
            .fold(0.0, f64::max)
    };
    let mut lim = BASE_YLIM;
    // matplotlib's default subplot height before tight_layout (0.88 - 0.11 of the figure).
    let mut axes_h = 0.77 * h;
    let mut boxes = Vec::new();
    for _ in 0..3 {
        let (xs, (y0, y1)) = layout::tight_row(w, h, n, |i, width| {
            let mut o = Overhang {
                left: TICK_MAJOR,
                right: 0.0,
                top: 0.0,
                bottom: 0.0,
            };
            let nv = labels.get(i).map_or(0, |l| l.len());
            let (a, b) = xlim(nv);
            for (k, l) in labels.get(i).into_iter().flatten().enumerate() {
                let c = (k as f64 - a) / (b - a) * width;
                let lw = l.width * SMALL;
                o.left = o.left.max(lw / 2.0 - c);
                o.right = o.right.max(c + lw / 2.0 - width);
            }
            o.bottom = TICK_MAJOR + TICK_PAD + xt_h + LABEL_PAD + xl.get(i).map_or(0.0, |b| b.1);
            // A label wider than the axes reaches out on both sides.
            let xl_over = xl.get(i).map_or(0.0, |b| (b.0 - width) / 2.0);
            o.left = o.left.max(xl_over);
            o.right = o.right.max(xl_over);
            if i == 0 {
                o.left = o
                    .left
                    .max(TICK_MAJOR + TICK_PAD + yt_w(lim, axes_h) + LABEL_PAD + ylabel_h);
            }
            o
        });
        boxes = xs
            .into_iter()
            .enumerate()
            .map(|(i, (x0, x1))| PanelBox {
                x0,
                y0,
                x1,
                y1,
                xlim: xlim(sweeps.get(i).map_or(0, |s| s.points.len())),
                ylim: (0.0, lim),
                xlog: false,
            })
            .collect::<Vec<_>>();
        let new_lim = y_limit(sweeps, y1 - y0);
        if new_lim == lim && axes_h == y1 - y0 {
            break;
        }
        lim = new_lim;
        axes_h = y1 - y0;
    }
    boxes
}

/// Builds Figure 2.
pub fn scene(sweeps: &[SweepStats], opts: &FigureOptions) -> Scene {
    let (w, h) = (COUNTS_SIZE_IN.0 * 72.0, COUNTS_SIZE_IN.1 * 72.0);
    let mut sc = Scene::new(w, h);
    axes::figure_background(&mut sc, opts.background);
    let boxes = layout(sweeps, opts);
    for (i, (sweep, p)) in sweeps.iter().zip(&boxes).enumerate() {
        panel(&mut sc, i, sweep, p, opts);
    }
    sc
}

fn panel(sc: &mut Scene, i: usize, sweep: &SweepStats, p: &PanelBox, opts: &FigureOptions) {
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
    // % labels: va bottom at bar top + SEM + 2.
    let (_, desc) = layout::placement(X_SMALL);
    for (k, b) in bars
        .iter()
        .enumerate()
        .filter(|(_, b)| b.has_data && b.mean > 0.0)
    {
        let pct = b.mean / opts.n_neurons.max(1) as f64 * 100.0;
        let label = RichText::plain(&format!("{pct:.1}%"));
        let y = p.py(b.mean + b.sem + LABEL_GAP) - desc;
        axes::text(
            sc,
            &label,
            p.px(k as f64) - label.width * X_SMALL / 2.0,
            y,
            X_SMALL,
            false,
            "pct",
        );
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
    axes::x_label(
        sc,
        p,
        &mathtext::parse(&opts.display_name(&sweep.hparam)),
        bottom,
    );
    if i == 0 {
        let yl: Vec<(f64, RichText)> = ticks.iter().map(|(v, l)| (p.py(*v), l.clone())).collect();
        let left = axes::y_tick_labels(sc, p, &yl);
        axes::y_label(sc, p, &RichText::plain(Y_LABEL), left);
    }
    sc.items.push(Item::End);
}
