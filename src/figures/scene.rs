//! The display list both figures are built into (in points, y down) and its playback onto any plotters
//! [`DrawingBackend`] in a fine integer space of [`UNITS_PER_PT`] units per point.
//!
//! Owns: the primitive items, colors, the text style handed to backends (one call per styled run, anchored at
//! the run's baseline origin), and geometric clipping of curves to their axes for backends without clip paths.

use super::mathtext::{self, RichText};
use super::metrics::{self, Face};
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

/// Backend coordinates per point: 1 unit = 1/100 pt, so integer coordinates are sub-pixel accurate.
pub const UNITS_PER_PT: f64 = 100.0;

/// The CSS/SVG font-family list for roman and italic text.
pub const FONT_FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";
/// Font-family list for `\mathcal` runs (matplotlib uses STIX; any script face will do).
/// Script capitals are written as Unicode script letters (see [`metrics::display_char`]), which DejaVu Sans has.
pub const SCRIPT_FAMILY: &str = "DejaVu Sans, STIXGeneral, STIX Two Math, Cambria Math, serif";

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
    pub(crate) fn backend(&self) -> BackendColor {
        BackendColor {
            alpha: self.a,
            rgb: (self.r, self.g, self.b),
        }
    }
}

/// Line end style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    Butt,
    Square,
}

/// One primitive of a figure, coordinates in points from the top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Starts a named group (SVG `<g id>`); `clip` = index into [`Scene::clips`] for its children.
    Begin {
        id: String,
        clip: Option<usize>,
    },
    End,
    Rect {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        fill: Rgba,
        attrs: Vec<(&'static str, String)>,
    },
    Polyline {
        pts: Vec<(f64, f64)>,
        color: Rgba,
        width: f64,
        cap: Cap,
    },
    Polygon {
        pts: Vec<(f64, f64)>,
        fill: Rgba,
        stroke: Option<(Rgba, f64)>,
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

/// Clips a polyline to a rectangle (Liang-Barsky per segment), returning the visible pieces.
pub fn clip_polyline(pts: &[(f64, f64)], r: [f64; 4]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        match clip_segment(a, b, r) {
            Some((p, q, a_in, b_in)) => {
                if cur.is_empty() || !a_in {
                    if cur.len() > 1 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    cur.push(p);
                }
                cur.push(q);
                if !b_in {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => {
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

/// A clipped segment: its visible ends and whether each original end was kept.
type Clipped = ((f64, f64), (f64, f64), bool, bool);

fn clip_segment(a: (f64, f64), b: (f64, f64), r: [f64; 4]) -> Option<Clipped> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r[0]),
        (dx, r[2] - a.0),
        (-dy, a.1 - r[1]),
        (dy, r[3] - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((at(t0), at(t1), t0 == 0.0, t1 == 1.0))
}

/// Lengthens the first and last segment by `d` (a square line cap drawn with butt caps).
pub fn extend_ends(p: &mut [(f64, f64)], d: f64) {
    let n = p.len();
    if n < 2 {
        return;
    }
    let ext = |a: (f64, f64), b: (f64, f64)| {
        let (dx, dy) = (a.0 - b.0, a.1 - b.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 0.0 {
            (a.0 + dx / len * d, a.1 + dy / len * d)
        } else {
            a
        }
    };
    p[0] = ext(p[0], p[1]);
    p[n - 1] = ext(p[n - 1], p[n - 2]);
}

/// Stroke style handed to backends (width in backend units).
pub struct Stroke {
    pub color: BackendColor,
    pub width: u32,
}

impl BackendStyle for Stroke {
    fn color(&self) -> BackendColor {
        self.color
    }
    fn stroke_width(&self) -> u32 {
        self.width
    }
}

/// The style of one text run: size in backend units, anchored at its baseline origin
/// (`anchor()` = left/bottom, where "bottom" means the alphabetic baseline for this crate's backends).
#[derive(Debug, Clone, Copy)]
pub struct RunStyle {
    pub face: Face,
    /// Font size in backend units (points x [`UNITS_PER_PT`]).
    pub size: f64,
    pub color: Rgba,
    pub rotate: bool,
}

impl RunStyle {
    /// Width and height (ascent + descent) in backend units of `text`, from the embedded metrics.
    pub fn measure(&self, text: &str) -> (f64, f64) {
        (
            metrics::width(self.face, text) * self.size,
            (metrics::LP_ASCENT + metrics::LP_DESCENT) * self.size,
        )
    }
    /// The CSS family list of this run.
    pub fn family_list(&self) -> &'static str {
        match self.face {
            Face::Script => SCRIPT_FAMILY,
            _ => FONT_FAMILY,
        }
    }
}

/// Error of [`RunStyle`]'s font interface (never produced: metrics are embedded).
#[derive(Debug, thiserror::Error)]
#[error("no glyph rasterizer: figure text is drawn by the backend itself")]
pub struct NoRasterizer;

impl BackendTextStyle for RunStyle {
    type FontError = NoRasterizer;
    fn color(&self) -> BackendColor {
        self.color.backend()
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        if self.rotate {
            FontTransform::Rotate270
        } else {
            FontTransform::None
        }
    }
    fn style(&self) -> FontStyle {
        match self.face {
            Face::Roman | Face::Script => FontStyle::Normal,
            Face::Italic => FontStyle::Italic,
        }
    }
    fn anchor(&self) -> Pos {
        Pos::new(HPos::Left, VPos::Bottom)
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(self.family_list())
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), NoRasterizer> {
        let w = metrics::width(self.face, text) * self.size;
        let a = metrics::LP_ASCENT * self.size;
        let d = metrics::LP_DESCENT * self.size;
        Ok((
            (0, -(a.round() as i32)),
            (w.round() as i32, d.round() as i32),
        ))
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        _text: &str,
        _pos: (i32, i32),
        _draw: F,
    ) -> Result<Result<(), E>, NoRasterizer> {
        Err(NoRasterizer)
    }
}

fn u(v: f64) -> i32 {
    let x = (v * UNITS_PER_PT).round();
    if x.is_finite() {
        x.clamp(i32::MIN as f64, i32::MAX as f64) as i32
    } else {
        0
    }
}

fn width_units(w: f64) -> u32 {
    (w * UNITS_PER_PT).round().max(1.0) as u32
}

/// Positioned runs of a label: (text, style, origin in points) plus arrow polylines.
pub(crate) struct PlacedRun {
    pub text: String,
    pub face: Face,
    pub size_pt: f64,
    pub x: f64,
    pub y: f64,
}

/// Places the runs of a label at (x, y) (baseline origin), rotated when `rotate`.
pub(crate) fn place_runs(
    label: &RichText,
    x: f64,
    y: f64,
    size: f64,
    rotate: bool,
) -> (Vec<PlacedRun>, Vec<Item>) {
    let map = |dx: f64, rise: f64| -> (f64, f64) {
        if rotate {
            (x - rise, y - dx)
        } else {
            (x + dx, y - rise)
        }
    };
    let mut runs = Vec::new();
    let mut extra = Vec::new();
    for r in &label.runs {
        let (px, py) = map(r.x * size, r.rise * size);
        runs.push(PlacedRun {
            text: r.text.clone(),
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
            let black = Rgba::rgb(0, 0, 0);
            extra.push(Item::Polyline {
                pts: vec![map(x0, ya), map(x1, ya)],
                color: black,
                width: lw,
                cap: Cap::Butt,
            });
            extra.push(Item::Polyline {
                pts: vec![
                    map(x1 - h * 1.2, ya + h),
                    map(x1, ya),
                    map(x1 - h * 1.2, ya - h),
                ],
                color: black,
                width: lw,
                cap: Cap::Butt,
            });
        }
    }
    (runs, extra)
}

/// Plays a scene onto a plotters backend whose size is the figure in [`UNITS_PER_PT`] units.
pub fn paint<DB: DrawingBackend>(
    db: &mut DB,
    scene: &Scene,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    db.ensure_prepared()?;
    let mut clip_stack: Vec<Option<usize>> = Vec::new();
    for item in &scene.items {
        let clip = clip_stack
            .iter()
            .rev()
            .flatten()
            .next()
            .and_then(|i| scene.clips.get(*i))
            .copied();
        match item {
            Item::Begin { clip, .. } => clip_stack.push(*clip),
            Item::End => {
                clip_stack.pop();
            }
            Item::Rect {
                x0,
                y0,
                x1,
                y1,
                fill,
                ..
            } => {
                let (mut a, mut b) = ((x0.min(*x1), y0.min(*y1)), (x0.max(*x1), y0.max(*y1)));
                if let Some(c) = clip {
                    a = (a.0.max(c[0]), a.1.max(c[1]));
                    b = (b.0.min(c[2]), b.1.min(c[3]));
                    if a.0 >= b.0 || a.1 >= b.1 {
                        continue;
                    }
                }
                db.draw_rect((u(a.0), u(a.1)), (u(b.0), u(b.1)), &fill.backend(), true)?;
            }
            Item::Polyline {
                pts,
                color,
                width,
                cap,
            } => {
                let style = Stroke {
                    color: color.backend(),
                    width: width_units(*width),
                };
                let pieces = match clip {
                    Some(c) => clip_polyline(pts, c),
                    None => vec![pts.clone()],
                };
                for mut p in pieces {
                    if *cap == Cap::Square {
                        extend_ends(&mut p, width / 2.0);
                    }
                    db.draw_path(p.iter().map(|&(x, y)| (u(x), u(y))), &style)?;
                }
            }
            Item::Polygon { pts, fill, stroke } => {
                db.fill_polygon(pts.iter().map(|&(x, y)| (u(x), u(y))), &fill.backend())?;
                if let Some((c, w)) = stroke {
                    let mut ring = pts.clone();
                    if let Some(first) = pts.first() {
                        ring.push(*first);
                    }
                    let style = Stroke {
                        color: c.backend(),
                        width: width_units(*w),
                    };
                    db.draw_path(ring.iter().map(|&(x, y)| (u(x), u(y))), &style)?;
                }
            }
            Item::Text {
                label,
                x,
                y,
                size,
                rotate,
                color,
                ..
            } => {
                let (runs, extra) = place_runs(label, *x, *y, *size, *rotate);
                for r in runs {
                    let style = RunStyle {
                        face: r.face,
                        size: r.size_pt * UNITS_PER_PT,
                        color: *color,
                        rotate: *rotate,
                    };
                    db.draw_text(
                        &metrics::display_text(r.face, &r.text),
                        &style,
                        (u(r.x), u(r.y)),
                    )?;
                }
                for e in extra {
                    if let Item::Polyline {
                        pts, color, width, ..
                    } = e
                    {
                        let style = Stroke {
                            color: color.backend(),
                            width: width_units(width),
                        };
                        db.draw_path(pts.iter().map(|&(x, y)| (u(x), u(y))), &style)?;
                    }
                }
            }
        }
    }
    db.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_cuts_segments_at_the_rectangle() {
        let r = [0.0, 0.0, 10.0, 10.0];
        let pieces = clip_polyline(
            &[
                (-5.0, 5.0),
                (5.0, 5.0),
                (5.0, 15.0),
                (8.0, 15.0),
                (8.0, 5.0),
            ],
            r,
        );
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0], vec![(0.0, 5.0), (5.0, 5.0), (5.0, 10.0)]);
        assert_eq!(pieces[1], vec![(8.0, 10.0), (8.0, 5.0)]);
        assert!(clip_polyline(&[(f64::NAN, 1.0), (2.0, 2.0)], r).is_empty());
    }
}
