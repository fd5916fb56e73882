//! Pieces shared by both figures' panels: the matplotlib style constants, tick marks, spines, grid lines and
//! labels pushed into a [`Scene`].
//!
//! Owns: the notebook's rcParams (DejaVu Sans, 'small' = 8.33 pt, 'x-small' = 6.94 pt, black 0.8 pt spines,
//! 3.5/2 pt ticks of width 0.8/0.6, lightgray grid) and where tick labels and axis labels go.

use super::layout::{self, PanelBox, LABEL_PAD, TICK_PAD};
use super::mathtext::RichText;
use super::scene::{Cap, Item, Rgba, Scene, Stroke};
use super::{wrap, Background};

/// 'small' (axes labels, tick labels) = 0.833 x 10 pt.
pub const SMALL: f64 = 8.33;
/// 'x-small' (legend text and title, % labels) = 0.694 x 10 pt.
pub const X_SMALL: f64 = 6.94;
pub const BLACK: Rgba = Rgba::rgb(0, 0, 0);
pub const WHITE: Rgba = Rgba::rgb(255, 255, 255);
/// `grid.color: lightgray`.
pub const GRID: Rgba = Rgba::rgb(0xd3, 0xd3, 0xd3);
/// matplotlib's C0 and C1.
pub const C0: Rgba = Rgba::rgb(0x1f, 0x77, 0xb4);
pub const C1: Rgba = Rgba::rgb(0xff, 0x7f, 0x0e);
/// How far a y tick label reaches above its tick, in em: matplotlib centres the label's baseline box
/// (`center_baseline`: height 1.1236 em at Agg's 100 dpi, descent 0.2593 em) on the tick.
pub const Y_TICK_ABOVE: f64 = (1.1236 - 0.2593) / 2.0;
pub const SPINE_WIDTH: f64 = 0.8;
pub const GRID_WIDTH: f64 = 0.8;
pub const MAJOR_WIDTH: f64 = 0.8;
pub const MINOR_WIDTH: f64 = 0.6;

/// The highlight color in high-contrast mode: a dark orange (4.3:1 against white; C1 is 2.4:1).
pub const HC_HIGHLIGHT: Rgba = Rgba::rgb(0xc5, 0x5a, 0x11);
/// High-contrast curves use copper's darker part, [0, this], where every color is at least 3:1.
pub const HC_COPPER_MAX: f64 = 0.6;
/// Dash patterns (in line widths, matplotlib's `lines.*_pattern` scaled by the width) that tell the
/// high-contrast curves apart: solid, dashed, dotted, dash-dot, long dash, dash-dot-dot.
const HC_DASHES: [&[f64]; 6] = [
    &[],
    &[3.7, 1.6],
    &[1.0, 1.65],
    &[6.4, 1.6, 1.0, 1.6],
    &[7.4, 3.2],
    &[6.4, 1.6, 1.0, 1.6, 1.0, 1.6],
];

/// The color of curve `j` of `n` in a panel: copper(j / (n - 1)) as the notebook, or in high contrast
/// the same walk over copper's darker part.
pub fn curve_color(j: usize, n: usize, high_contrast: bool) -> Rgba {
    let t = j as f64 / n.saturating_sub(1).max(1) as f64;
    if high_contrast {
        copper(t * HC_COPPER_MAX)
    } else {
        copper(t)
    }
}

/// The dash pattern (points) of curve `j` drawn `width` wide: solid as the notebook, or in high
/// contrast one of six patterns in turn.
pub fn curve_dash(j: usize, width: f64, high_contrast: bool) -> Vec<f64> {
    if high_contrast {
        HC_DASHES[j % HC_DASHES.len()]
            .iter()
            .map(|v| v * width)
            .collect()
    } else {
        Vec::new()
    }
}

/// The highlight color: C1, or [`HC_HIGHLIGHT`] in high contrast.
pub fn highlight_color(high_contrast: bool) -> Rgba {
    if high_contrast {
        HC_HIGHLIGHT
    } else {
        C1
    }
}

/// matplotlib's 'copper' colormap at `x` in [0, 1], through its 256-entry lookup table.
pub fn copper(x: f64) -> Rgba {
    let x = if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let idx = ((x * 256.0) as usize).min(255);
    let t = idx as f64 / 255.0;
    let ch = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Rgba::rgb(ch(t / 0.809524), ch(0.7812 * t), ch(0.4975 * t))
}

/// The fill of the figure and axes backgrounds.
pub fn bg_fill(bg: Background) -> Option<Rgba> {
    match bg {
        Background::White => Some(WHITE),
        Background::Transparent => None,
    }
}

/// The figure background (`class="figure-bg"`).
pub fn figure_background(scene: &mut Scene, bg: Background) {
    scene.items.push(Item::Rect {
        x0: 0.0,
        y0: 0.0,
        x1: scene.width_pt,
        y1: scene.height_pt,
        fill: bg_fill(bg),
        edge: None,
        attrs: vec![("class", "figure-bg".into())],
    });
}

/// The axes background carrying the panel's transform as data attributes (for tests and tools).
pub fn background(scene: &mut Scene, p: &PanelBox, bg: Background) {
    scene.items.push(Item::Rect {
        x0: p.x0,
        y0: p.y0,
        x1: p.x1,
        y1: p.y1,
        fill: bg_fill(bg),
        edge: None,
        attrs: vec![
            ("class", "axes-bg".to_string()),
            ("data-xlim", format!("{} {}", p.xlim.0, p.xlim.1)),
            ("data-ylim", format!("{} {}", p.ylim.0, p.ylim.1)),
            (
                "data-xscale",
                if p.xlog { "log" } else { "linear" }.to_string(),
            ),
            ("data-box", format!("{} {} {} {}", p.x0, p.y0, p.x1, p.y1)),
        ],
    });
}

/// A solid polyline (not simplified).
pub fn line(scene: &mut Scene, pts: Vec<(f64, f64)>, color: Rgba, width: f64, cap: Cap) {
    scene.items.push(Item::Line {
        pts,
        stroke: Stroke::solid(color, width, cap),
        dense: false,
    });
}

/// The four black spines.
pub fn spines(scene: &mut Scene, p: &PanelBox) {
    scene.items.push(Item::Begin {
        id: "spines".into(),
        clip: None,
    });
    for pts in [
        vec![(p.x0, p.y1), (p.x0, p.y0)],
        vec![(p.x1, p.y1), (p.x1, p.y0)],
        vec![(p.x0, p.y1), (p.x1, p.y1)],
        vec![(p.x0, p.y0), (p.x1, p.y0)],
    ] {
        line(scene, pts, BLACK, SPINE_WIDTH, Cap::Square);
    }
    scene.items.push(Item::End);
}

/// Outward tick marks on the bottom (x) or left (y) spine at the given points coordinates.
pub fn ticks(scene: &mut Scene, p: &PanelBox, xs: &[f64], ys: &[f64], len: f64, width: f64) {
    for &x in xs {
        line(
            scene,
            vec![(x, p.y1), (x, p.y1 + len)],
            BLACK,
            width,
            Cap::Butt,
        );
    }
    for &y in ys {
        line(
            scene,
            vec![(p.x0, y), (p.x0 - len, y)],
            BLACK,
            width,
            Cap::Butt,
        );
    }
}

pub fn text(
    scene: &mut Scene,
    label: &RichText,
    x: f64,
    y: f64,
    size: f64,
    rotate: bool,
    class: &'static str,
) {
    scene.items.push(Item::Text {
        label: label.clone(),
        x,
        y,
        size,
        rotate,
        color: BLACK,
        class,
    });
}

/// Line step of multi-line labels (matplotlib's `linespacing` 1.2), em.
pub const LINE_SPACING: f64 = 1.2;

/// The height (points) a label of these lines occupies for `tight_layout`.
pub fn lines_height(lines: &[RichText], size: f64) -> f64 {
    lines.first().map_or(0.0, |l| layout::layout_box(l, size).1)
        + lines.len().saturating_sub(1) as f64 * LINE_SPACING * size
}

/// The widest line (points).
pub fn lines_width(lines: &[RichText], size: f64) -> f64 {
    lines.iter().map(|l| l.width * size).fold(0.0, f64::max)
}

/// How the x tick labels of a panel are fitted: positions in points from the axes' left edge.
pub fn fit_x_ticks(xs: &[f64], labels: &[RichText]) -> wrap::TickFit {
    let widths: Vec<f64> = labels.iter().map(|l| l.width * SMALL).collect();
    wrap::fit_ticks(xs, &widths, SMALL)
}

/// How far x tick labels reach below the tick-label pad (points): one line, or the widest rotated label.
pub fn x_ticks_depth(labels: &[RichText], fit: wrap::TickFit) -> f64 {
    if fit.rotate {
        labels
            .iter()
            .step_by(fit.every.max(1))
            .map(|l| l.width * SMALL)
            .fold(0.0, f64::max)
    } else if labels.is_empty() {
        0.0
    } else {
        layout::layout_box(&RichText::plain("0"), SMALL).1
    }
}

/// x tick labels (centered under the ticks, top at tick + pad) at points x, upright or rotated and
/// thinned as [`fit_x_ticks`] says; returns their placement-box bottom.
pub fn x_tick_labels(scene: &mut Scene, p: &PanelBox, labels: &[(f64, RichText)]) -> f64 {
    let (asc, desc) = layout::placement(SMALL);
    let top = p.y1 + layout::TICK_MAJOR + TICK_PAD;
    let xs: Vec<f64> = labels.iter().map(|(x, _)| *x).collect();
    let ls: Vec<RichText> = labels.iter().map(|(_, l)| l.clone()).collect();
    let fit = fit_x_ticks(&xs, &ls);
    if !fit.rotate {
        for (x, l) in labels {
            text(
                scene,
                l,
                x - l.width * SMALL / 2.0,
                top + asc,
                SMALL,
                false,
                "xtick",
            );
        }
        return top + asc + desc;
    }
    let mut bottom = top;
    for (x, l) in labels.iter().step_by(fit.every.max(1)) {
        let w = l.width * SMALL;
        // Reading up, ending at the tick-label pad, centred on the tick.
        text(
            scene,
            l,
            x + (asc - desc) / 2.0,
            top + w,
            SMALL,
            true,
            "xtick",
        );
        bottom = bottom.max(top + w);
    }
    bottom
}

/// y tick labels (right-aligned, baseline centered like matplotlib's 'center_baseline'); returns the left edge.
pub fn y_tick_labels(scene: &mut Scene, p: &PanelBox, labels: &[(f64, RichText)]) -> f64 {
    let (asc, _) = layout::placement(SMALL);
    let right = p.x0 - layout::TICK_MAJOR - TICK_PAD;
    let mut left = right;
    for (y, l) in labels {
        let w = l.width * SMALL;
        left = left.min(right - w);
        text(scene, l, right - w, y + asc / 2.0, SMALL, false, "ytick");
    }
    left
}

/// The x axis label (one or more lines), centered under the axes, `LABEL_PAD` below the tick labels.
pub fn x_label(scene: &mut Scene, p: &PanelBox, lines: &[RichText], ticks_bottom: f64) {
    let mut base = ticks_bottom + LABEL_PAD;
    for (k, label) in lines.iter().enumerate() {
        base += if k == 0 {
            layout::name_ascent(label, SMALL)
        } else {
            LINE_SPACING * SMALL
        };
        let x = (p.x0 + p.x1) / 2.0 - label.width * SMALL / 2.0;
        text(scene, label, x, base, SMALL, false, "xlabel");
    }
}

/// The y axis label (one or more lines), rotated, centered on the axes, `LABEL_PAD` left of the tick
/// labels' left edge (the last line nearest the axis).
pub fn y_label(scene: &mut Scene, p: &PanelBox, lines: &[RichText], ticks_left: f64) {
    let (_, desc) = layout::placement(SMALL);
    let n = lines.len();
    for (k, label) in lines.iter().enumerate() {
        let y = (p.y0 + p.y1) / 2.0 + label.width * SMALL / 2.0;
        let x = ticks_left - LABEL_PAD - desc - (n - 1 - k) as f64 * LINE_SPACING * SMALL;
        text(scene, label, x, y, SMALL, true, "ylabel");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copper_matches_the_reference_svg_colors() {
        let hex: Vec<String> = (0..5).map(|i| copper(i as f64 / 4.0).hex()).collect();
        assert_eq!(hex, ["#000000", "#4f3220", "#9e6440", "#ed9660", "#ffc77f"]);
        // The notebook's two lightest curves are below 3:1 against white.
        assert!(copper(0.75).contrast_on_white() < 2.5 && copper(1.0).contrast_on_white() < 2.0);
    }

    #[test]
    fn high_contrast_colors_reach_3_to_1_and_dashes_differ() {
        for n in 1..12 {
            for j in 0..n {
                let c = curve_color(j, n, true);
                assert!(c.contrast_on_white() >= 3.0, "{j}/{n}: {}", c.hex());
            }
        }
        assert!(HC_HIGHLIGHT.contrast_on_white() >= 3.0);
        assert!(C0.contrast_on_white() >= 3.0);
        let dashes: Vec<Vec<f64>> = (0..6).map(|j| curve_dash(j, 1.2, true)).collect();
        for a in 0..6 {
            for b in a + 1..6 {
                assert_ne!(dashes[a], dashes[b]);
            }
        }
        assert!(curve_dash(3, 1.2, false).is_empty());
    }
}
