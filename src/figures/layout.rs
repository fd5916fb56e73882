//! Matplotlib-like layout computed without a DOM: text boxes from the embedded metrics, axis transforms, and
//! `fig.tight_layout()` for one row of panels.
//!
//! Owns: the two text-box models. *Layout boxes* mimic what matplotlib's Agg renderer at 100 dpi reports during
//! `tight_layout` (the reference figures were laid out that way): plain text = advance x 1.1236 em; math text =
//! advance + 1.2 pt by ink height + 3.8 pt (Agg's raster padding). *Placement boxes* mimic the vector backends
//! at draw time: ascent 'l', descent 'p' (matplotlib's "lp" line box).

use super::mathtext::RichText;
use super::metrics::{LP_ASCENT, LP_DESCENT};

/// matplotlib's `tight_layout(pad=1.08)` x font.size (10 pt).
pub const PAD: f64 = 10.8;
/// Tick length (major), tick-label pad, axis-label pad, in points.
pub const TICK_MAJOR: f64 = 3.5;
pub const TICK_MINOR: f64 = 2.0;
pub const TICK_PAD: f64 = 3.5;
pub const LABEL_PAD: f64 = 4.0;

/// Width and height (points) a label occupies for `tight_layout`.
pub fn layout_box(label: &RichText, size: f64) -> (f64, f64) {
    if label.is_math {
        let (top, bottom) = label.ink_y();
        (label.width * size + 1.2, (top - bottom) * size + 3.8)
    } else {
        (label.width * size, 1.1236 * size)
    }
}

/// Ascent and descent (points) used to place a label at draw time.
pub fn placement(size: f64) -> (f64, f64) {
    (LP_ASCENT * size, LP_DESCENT * size)
}

/// Ascent (points) of a display name (axis label, legend title) at draw time: the "lp" ascent, or for math
/// its ink top less 0.06 em when higher (matches matplotlib's mathtext boxes for `$\lambda^{I \to E}$`,
/// `$d_{\max}$`, `$\rho$` to 0.01 em).
pub fn name_ascent(label: &RichText, size: f64) -> f64 {
    let lp = LP_ASCENT * size;
    if label.is_math {
        lp.max((label.ink_y().0 - 0.06) * size)
    } else {
        lp
    }
}

/// An axes rectangle in points (y down) with its data limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    /// Data x limits; for a log axis these are data values (the transform takes log10).
    pub xlim: (f64, f64),
    pub ylim: (f64, f64),
    pub xlog: bool,
}

impl PanelBox {
    /// Data x to points.
    pub fn px(&self, x: f64) -> f64 {
        let (a, b, v) = if self.xlog {
            (self.xlim.0.log10(), self.xlim.1.log10(), x.log10())
        } else {
            (self.xlim.0, self.xlim.1, x)
        };
        self.x0 + (v - a) / (b - a) * (self.x1 - self.x0)
    }
    /// Data y to points.
    pub fn py(&self, y: f64) -> f64 {
        self.y1 - (y - self.ylim.0) / (self.ylim.1 - self.ylim.0) * (self.y1 - self.y0)
    }
    /// Points y back to data y (the inverse of [`PanelBox::py`]).
    pub fn data_y(&self, py: f64) -> f64 {
        self.ylim.0 + (self.y1 - py) / (self.y1 - self.y0) * (self.ylim.1 - self.ylim.0)
    }
    /// Points x back to data x.
    pub fn data_x(&self, px: f64) -> f64 {
        let t = (px - self.x0) / (self.x1 - self.x0);
        if self.xlog {
            10f64.powf(self.xlim.0.log10() + t * (self.xlim.1.log10() - self.xlim.0.log10()))
        } else {
            self.xlim.0 + t * (self.xlim.1 - self.xlim.0)
        }
    }
}

/// How far a panel's decorations reach beyond its axes box, in points (positive = outside).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Overhang {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// matplotlib's default subplot parameters (`figure.subplot.*`): left, right, bottom, top, wspace.
pub const SUBPLOT_DEFAULTS: (f64, f64, f64, f64, f64) = (0.125, 0.9, 0.11, 0.88, 0.2);

/// The default (pre-`tight_layout`) axes width of `n` columns in a figure `fig_w` points wide.
pub fn default_axes_width(fig_w: f64, n: usize) -> f64 {
    let (l, r, _, _, ws) = SUBPLOT_DEFAULTS;
    let n = n.max(1) as f64;
    (r - l) * fig_w / (n + ws * (n - 1.0))
}

/// The smallest plotting area a panel keeps in every output: 1 x 0.75 in.
pub const MIN_AXES_W: f64 = 72.0;
pub const MIN_AXES_H: f64 = 54.0;

/// Panels placed on a grid: axes boxes (x0, x1, y0, y1 in points, row by row) and the figure height.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub cols: usize,
    pub rows: usize,
    pub boxes: Vec<(f64, f64, f64, f64)>,
    pub fig_h: f64,
}

/// `fig.tight_layout()` for `n` panels in `cols` columns (as many rows as needed), as matplotlib 3.8
/// computes it: each panel's overhang is measured once, at the default subplot geometry
/// (`overhang(i, default width)`); margins are the pad plus the largest overhang at that edge, every gap
/// the pad plus the largest sum of facing overhangs. Each row gets `row_h` points of figure height (the
/// notebook's figure height), more when the plotting area would be lower than `min_axes_h`.
pub fn tight_grid(
    fig_w: f64,
    row_h: f64,
    n: usize,
    cols: usize,
    min_axes_h: f64,
    overhang: impl Fn(usize, f64) -> Overhang,
) -> Grid {
    let n = n.max(1);
    let cols = cols.clamp(1, n);
    let rows = n.div_ceil(cols);
    let o: Vec<Overhang> = (0..n)
        .map(|i| overhang(i, default_axes_width(fig_w, cols)))
        .collect();
    let col = |i: usize| i % cols;
    let row = |i: usize| i / cols;
    let fold = |it: &mut dyn Iterator<Item = f64>| it.fold(0.0, f64::max);
    let left = PAD + fold(&mut (0..n).filter(|&i| col(i) == 0).map(|i| o[i].left));
    let right = PAD
        + fold(
            &mut (0..n)
                .filter(|&i| col(i) == cols - 1 || i == n - 1)
                .map(|i| o[i].right),
        );
    let top = PAD + fold(&mut (0..n).filter(|&i| row(i) == 0).map(|i| o[i].top));
    let bottom = PAD + fold(&mut (0..n).filter(|&i| row(i) == rows - 1).map(|i| o[i].bottom));
    let hgap = if cols > 1 {
        PAD + (1..n)
            .filter(|&i| col(i) > 0)
            .map(|i| o[i - 1].right + o[i].left)
            .fold(f64::NEG_INFINITY, f64::max)
            .max(0.0)
    } else {
        0.0
    };
    let vgap = if rows > 1 {
        PAD + (0..rows - 1)
            .map(|r| {
                let b = fold(&mut (0..n).filter(|&i| row(i) == r).map(|i| o[i].bottom));
                let t = fold(&mut (0..n).filter(|&i| row(i) == r + 1).map(|i| o[i].top));
                b + t
            })
            .fold(0.0, f64::max)
    } else {
        0.0
    };
    let width = ((fig_w - left - right - hgap * (cols as f64 - 1.0)) / cols as f64).max(1.0);
    let mut fig_h = row_h * rows as f64;
    let mut height = (fig_h - top - bottom - vgap * (rows as f64 - 1.0)) / rows as f64;
    if height < min_axes_h {
        fig_h += (min_axes_h - height) * rows as f64;
        height = min_axes_h;
    }
    let boxes = (0..n)
        .map(|i| {
            let x0 = left + col(i) as f64 * (width + hgap);
            let y0 = top + row(i) as f64 * (height + vgap);
            (x0, x0 + width, y0, y0 + height)
        })
        .collect();
    Grid {
        cols,
        rows,
        boxes,
        fig_h,
    }
}

/// The columns for `n` panels: all in one row as the notebook does while every plotting area stays at
/// least [`MIN_AXES_W`] wide, else the fewest rows that keep it so, balanced (e.g. 12 panels as 2 x 6).
pub fn columns(fig_w: f64, n: usize, overhang: impl Fn(usize, f64) -> Overhang) -> usize {
    let n = n.max(1);
    let fits = |c: usize| {
        let g = tight_grid(fig_w, 1e6, n, c, 0.0, &overhang);
        g.boxes.first().is_some_and(|b| b.1 - b.0 >= MIN_AXES_W)
    };
    let widest = (1..=n).rev().find(|&c| fits(c)).unwrap_or(1);
    let rows = n.div_ceil(widest);
    n.div_ceil(rows)
}

/// The plotting area's share of a row's height at matplotlib's default subplot geometry (top 0.88 minus
/// bottom 0.11): the axes height a shared y limit is first computed for.
pub const DEFAULT_AXES_H_FRACTION: f64 = 0.77;

/// The grid of a figure whose panels share one y limit that depends on the plotting area's height
/// (Figures 2 and 3: the limit makes room, in points, for what is drawn above the bars or points, so it
/// moves with the height, and its tick labels move the layout in turn). The columns are chosen at
/// `base_lim` and [`DEFAULT_AXES_H_FRACTION`] of `row_h`; then the limit (`limit(grid, axes height)`, for
/// a laid-out grid and the height of its first plotting area) and the layout settle together, in at most
/// four rounds. `overhang(i, cols, axes width, lim, axes
/// height)` is panel `i`'s overhang. Returns the grid and the limit it was laid out for.
pub fn shared_y_grid(
    fig_w: f64,
    row_h: f64,
    n: usize,
    base_lim: f64,
    overhang: impl Fn(usize, usize, f64, f64, f64) -> Overhang,
    mut limit: impl FnMut(&Grid, f64) -> f64,
) -> (Grid, f64) {
    let first_h = DEFAULT_AXES_H_FRACTION * row_h;
    let cols = columns(fig_w, n, |i, width| {
        overhang(i, n, width, base_lim, first_h)
    });
    let (mut lim, mut axes_h) = (base_lim, first_h);
    let lay_out = |lim: f64, axes_h: f64| {
        tight_grid(fig_w, row_h, n, cols, MIN_AXES_H, |i, width| {
            overhang(i, cols, width, lim, axes_h)
        })
    };
    let mut grid = lay_out(lim, axes_h);
    for _ in 0..4 {
        let b = grid.boxes.first().copied().unwrap_or((0.0, 1.0, 0.0, 1.0));
        let height = b.3 - b.2;
        let new_lim = limit(&grid, height);
        if new_lim == lim && (axes_h - height).abs() < 1e-9 {
            break;
        }
        lim = new_lim;
        axes_h = height;
        grid = lay_out(lim, axes_h);
    }
    (grid, lim)
}

impl Grid {
    /// The axes boxes, each with the y limits `(0, lim)` and panel `i`'s x limits `xlim(i)`, linear.
    pub fn panels(&self, lim: f64, xlim: impl Fn(usize) -> (f64, f64)) -> Vec<PanelBox> {
        self.boxes
            .iter()
            .enumerate()
            .map(|(i, g)| PanelBox {
                x0: g.0,
                y0: g.2,
                x1: g.1,
                y1: g.3,
                xlim: xlim(i),
                ylim: (0.0, lim),
                xlog: false,
            })
            .collect()
    }
}

/// `fig.tight_layout()` for one row of `n` panels (see [`tight_grid`]): the axes x ranges and y range.
pub fn tight_row(
    fig_w: f64,
    fig_h: f64,
    n: usize,
    overhang: impl Fn(usize, f64) -> Overhang,
) -> (Vec<(f64, f64)>, (f64, f64)) {
    let g = tight_grid(fig_w, fig_h, n, n.max(1), 1.0, overhang);
    let y = g.boxes.first().map_or((0.0, fig_h), |b| (b.2, b.3));
    (g.boxes.iter().map(|b| (b.0, b.1)).collect(), y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An overhang whose top grows with the limit (like the labels drawn above the bars).
    fn tall_with_lim(_: usize, _: usize, _: f64, lim: f64, _: f64) -> Overhang {
        Overhang {
            left: TICK_MAJOR,
            right: 0.0,
            top: lim / 20.0,
            bottom: 20.0,
        }
    }

    #[test]
    fn a_shared_limit_and_its_grid_settle_together() {
        // The limit follows the plotting area's height (rounded up to 10), which shrinks as the limit grows.
        let limit = |_: &Grid, axes_h: f64| (axes_h / 10.0).ceil() * 10.0;
        let (grid, lim) = shared_y_grid(540.0, 158.4, 3, 540.0, tall_with_lim, limit);
        let b = grid.boxes[0];
        assert_eq!(
            limit(&grid, b.3 - b.2),
            lim,
            "the limit is the one for the final grid"
        );
        let again = tight_grid(540.0, 158.4, 3, grid.cols, MIN_AXES_H, |i, w| {
            tall_with_lim(i, grid.cols, w, lim, 0.0)
        });
        assert_eq!(grid, again, "the grid is laid out for that limit");
        assert_eq!((grid.cols, grid.rows), (3, 1));
    }

    #[test]
    fn a_limit_that_never_settles_stops_after_four_rounds() {
        let mut calls = 0;
        let (grid, lim) = shared_y_grid(540.0, 158.4, 2, 540.0, tall_with_lim, |_, _| {
            calls += 1;
            if calls % 2 == 1 {
                100.0
            } else {
                900.0
            }
        });
        assert_eq!(calls, 4);
        assert_eq!(lim, 900.0);
        let last = tight_grid(540.0, 158.4, 2, grid.cols, MIN_AXES_H, |i, w| {
            tall_with_lim(i, grid.cols, w, 900.0, 0.0)
        });
        assert_eq!(grid, last, "laid out for the last limit");
    }

    #[test]
    fn transforms_invert() {
        let p = PanelBox {
            x0: 10.0,
            y0: 5.0,
            x1: 110.0,
            y1: 85.0,
            xlim: (1.0, 4096.0),
            ylim: (0.0, 540.0),
            xlog: true,
        };
        assert!((p.data_y(p.py(257.3)) - 257.3).abs() < 1e-9);
        assert!((p.data_x(p.px(100.0)) - 100.0).abs() < 1e-9);
        assert!((p.px(1.0) - 10.0).abs() < 1e-12 && (p.px(4096.0) - 110.0).abs() < 1e-9);
    }

    #[test]
    fn tight_row_spaces_panels_by_pad_plus_overhangs() {
        let (xs, (y0, y1)) = tight_row(540.0, 158.4, 3, |i, _| Overhang {
            left: if i == 0 { 36.38 } else { 3.5 },
            right: 0.0,
            top: 0.0,
            bottom: 32.99,
        });
        assert!((xs[0].0 - 47.18).abs() < 1e-9);
        assert!((xs[1].0 - xs[0].1 - 14.3).abs() < 1e-9);
        assert!((xs[2].1 - 529.2).abs() < 1e-9);
        assert!((y0 - 10.8).abs() < 1e-12 && (y1 - 114.61).abs() < 1e-9);
    }
}
