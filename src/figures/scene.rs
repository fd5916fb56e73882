//! The display list every figure is built into and every output renders (canvas, SVG, PDF, PNG): points
//! from the top-left corner, y down, 1 unit = 1 pt (1/72 in).
//!
//! Owns: the primitive items (groups with clip rectangles, rectangles, stroked lines, polygons, circle
//! markers, styled text), colors and stroke styles, and the placement of a label's runs (baseline origins
//! and `\vec` arrows) that the renderers share, so every output puts each run at the same point.

use super::mathtext::{self, RichText};
use super::metrics::Face;

/// An sRGB color with alpha.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: f64,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba { r, g, b, a: 1.0 }
    }
    pub const fn with_alpha(self, a: f64) -> Rgba {
        Rgba { a, ..self }
    }
    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
    /// WCAG 2 relative luminance (0 = black, 1 = white), alpha ignored.
    pub fn luminance(&self) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
    /// WCAG 2 contrast ratio against white (1 to 21).
    pub fn contrast_on_white(&self) -> f64 {
        1.05 / (self.luminance() + 0.05)
    }
}

/// Line end style (matplotlib: `butt` for ticks and error bars, `projecting` = square for lines and spines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    Butt,
    Square,
}

/// How a line is stroked. Joins are always round, as in matplotlib's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    pub color: Rgba,
    /// Width in points.
    pub width: f64,
    pub cap: Cap,
    /// Dash pattern in points (on, off, on, off, ...); empty = solid.
    pub dash: Vec<f64>,
}

impl Stroke {
    /// A solid stroke.
    pub fn solid(color: Rgba, width: f64, cap: Cap) -> Stroke {
        Stroke {
            color,
            width,
            cap,
            dash: Vec::new(),
        }
    }
}

/// One primitive of a figure, coordinates in points from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Starts a named group (SVG `<g>`); `clip` = index into [`Scene::clips`] for its children.
    Begin {
        id: String,
        clip: Option<usize>,
    },
    End,
    /// A filled rectangle (`fill: None` = drawn transparent, kept for its attributes) with an optional
    /// outline (high-contrast highlight).
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        fill: Option<Rgba>,
        edge: Option<Stroke>,
        attrs: Vec<(&'static str, String)>,
    },
    /// A stroked polyline; a non-finite point breaks it (matplotlib draws NaN as a gap). `dense` marks data
    /// curves with many points: SVG and PDF simplify them as matplotlib does and write integer 1/100 pt,
    /// the canvas merges points closer than a device pixel.
    Line {
        pts: Vec<(f64, f64)>,
        stroke: Stroke,
        dense: bool,
    },
    /// A closed, filled polygon with an optional outline.
    Polygon {
        pts: Vec<(f64, f64)>,
        fill: Rgba,
        stroke: Option<Stroke>,
    },
    /// A circle marker (matplotlib's `o`): center, radius, face, edge.
    Marker {
        x: f64,
        y: f64,
        radius: f64,
        fill: Rgba,
        edge: Stroke,
    },
    /// A label: `x, y` is the origin of its baseline (before rotation); `rotate` = reads bottom to top.
    Text {
        label: RichText,
        x: f64,
        y: f64,
        size: f64,
        rotate: bool,
        color: Rgba,
        class: &'static str,
    },
}

/// A figure as a display list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub width_pt: f64,
    pub height_pt: f64,
    pub items: Vec<Item>,
    /// Clip rectangles (x0, y0, x1, y1) in points.
    pub clips: Vec<[f64; 4]>,
}

impl Scene {
    /// An empty scene of this size.
    pub fn new(width_pt: f64, height_pt: f64) -> Scene {
        Scene {
            width_pt,
            height_pt,
            items: Vec::new(),
            clips: Vec::new(),
        }
    }
}

/// The pieces of a polyline between non-finite points (each with at least one point).
pub fn subpaths(pts: &[(f64, f64)]) -> impl Iterator<Item = &[(f64, f64)]> {
    pts.split(|p| !(p.0.is_finite() && p.1.is_finite()))
        .filter(|s| !s.is_empty())
}

/// One run of a label placed on the page: text as written (script capitals mapped, see
/// [`super::metrics::display_text`]), face, size and baseline origin in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedRun {
    pub text: String,
    pub face: Face,
    pub size_pt: f64,
    pub x: f64,
    pub y: f64,
}

/// A `\vec` arrow stroke: its points and line width (points).
pub type ArrowStroke = (Vec<(f64, f64)>, f64);

/// A label's runs placed at (x, y) (baseline origin, rotated by 90° counter-clockwise when `rotate`), and
/// the strokes of its `\vec` arrows.
pub fn place_runs(
    label: &RichText,
    x: f64,
    y: f64,
    size: f64,
    rotate: bool,
) -> (Vec<PlacedRun>, Vec<ArrowStroke>) {
    let map = |dx: f64, rise: f64| -> (f64, f64) {
        if rotate {
            (x - rise, y - dx)
        } else {
            (x + dx, y - rise)
        }
    };
    let mut runs = Vec::with_capacity(label.runs.len());
    let mut arrows = Vec::new();
    for r in &label.runs {
        let (px, py) = map(r.x * size, r.rise * size);
        runs.push(PlacedRun {
            text: super::metrics::display_text(r.face, &r.text),
            face: r.face,
            size_pt: r.scale * size,
            x: px,
            y: py,
        });
        if r.arrow {
            let s = r.scale * size;
            let x0 = r.x * size + mathtext::ARROW_X0 * r.width * size;
            let x1 = r.x * size + mathtext::ARROW_X1 * r.width * size;
            let ya = r.rise * size + mathtext::ARROW_Y * s;
            let h = mathtext::ARROW_HEAD * s;
            let lw = 0.06 * s;
            arrows.push((vec![map(x0, ya), map(x1, ya)], lw));
            arrows.push((
                vec![
                    map(x1 - h * 1.2, ya + h),
                    map(x1, ya),
                    map(x1 - h * 1.2, ya - h),
                ],
                lw,
            ));
        }
    }
    (runs, arrows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_points_split_a_line() {
        let nan = f64::NAN;
        let p = [(0.0, 1.0), (1.0, 2.0), (nan, 3.0), (3.0, 4.0), (4.0, nan)];
        let parts: Vec<&[(f64, f64)]> = subpaths(&p).collect();
        assert_eq!(parts, vec![&p[0..2], &p[3..4]]);
    }

    #[test]
    fn contrast_ratios_follow_wcag() {
        assert!((Rgba::rgb(0, 0, 0).contrast_on_white() - 21.0).abs() < 1e-9);
        assert!((Rgba::rgb(255, 255, 255).contrast_on_white() - 1.0).abs() < 1e-9);
        // matplotlib's C1 orange is below 3:1, C0 blue above 4.5:1.
        assert!(Rgba::rgb(0xff, 0x7f, 0x0e).contrast_on_white() < 3.0);
        assert!(Rgba::rgb(0x1f, 0x77, 0xb4).contrast_on_white() > 4.5);
    }

    #[test]
    fn rotated_runs_go_up_the_page() {
        let label = RichText::plain("ab");
        let (runs, arrows) = place_runs(&label, 10.0, 50.0, 10.0, true);
        assert_eq!(runs.len(), 1);
        assert_eq!((runs[0].x, runs[0].y), (10.0, 50.0));
        assert!(arrows.is_empty());
        let v = mathtext::parse(r"$\vec{R}$");
        let (_, arrows) = place_runs(&v, 0.0, 0.0, 10.0, false);
        assert_eq!(arrows.len(), 2);
    }
}
