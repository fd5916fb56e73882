//! Canvas output of a [`Scene`] through the calls of the HTML canvas 2D API ([`Canvas2d`]), so the drawing
//! logic runs and is tested natively; `canvas_web` implements the trait for the browser's
//! `CanvasRenderingContext2d` (wasm32).
//!
//! Owns: scaling points to device pixels (the backing store is CSS size × devicePixelRatio, coordinates
//! stay f64 so lines and text are crisp at any ratio), merging dense curve points closer than one device
//! pixel (one `stroke()` per polyline), clip groups, and placing every text run at the baseline origin the
//! layout computed (the browser only draws the glyphs).

use super::metrics::Face;
use super::scene::{self, Cap, Item, Rgba, Scene, Stroke};

/// The CSS font-family list the canvas asks for (DejaVu Sans is what the layout measured).
pub const CANVAS_FONT_FAMILY: &str = r#""DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif"#;
/// Font-family list for `\mathcal` runs.
pub const CANVAS_SCRIPT_FAMILY: &str =
    r#""DejaVu Sans", STIXGeneral, "STIX Two Math", "Cambria Math", serif"#;

/// The canvas 2D calls the figures use (names as in the HTML API; coordinates in device pixels).
pub trait Canvas2d {
    fn save(&mut self);
    fn restore(&mut self);
    fn clear_rect(&mut self, x: f64, y: f64, w: f64, h: f64);
    fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64);
    fn begin_path(&mut self);
    fn move_to(&mut self, x: f64, y: f64);
    fn line_to(&mut self, x: f64, y: f64);
    fn close_path(&mut self);
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64);
    fn arc(&mut self, x: f64, y: f64, r: f64);
    fn clip(&mut self);
    fn fill(&mut self);
    fn stroke(&mut self);
    fn set_fill_style(&mut self, css: &str);
    fn set_stroke_style(&mut self, css: &str);
    fn set_line_width(&mut self, w: f64);
    /// `butt` or `square`.
    fn set_line_cap(&mut self, cap: &str);
    fn set_line_dash(&mut self, segments: &[f64]);
    fn set_font(&mut self, css: &str);
    /// Text with its alphabetic baseline origin at (x, y), rotated 90° counter-clockwise around it when
    /// `rotate`.
    fn fill_text(&mut self, text: &str, x: f64, y: f64, rotate: bool);
}

/// A CSS color.
pub fn css(c: &Rgba) -> String {
    if c.a >= 1.0 {
        c.hex()
    } else {
        format!("rgba({},{},{},{})", c.r, c.g, c.b, c.a)
    }
}

/// Points of a dense curve (device px) with those closer than one pixel in both x and y to the last kept
/// one dropped; the last point is always kept.
pub fn merge_px(pts: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(pts.len().min(4096));
    each_merged(pts, 1.0, |x, y| out.push((x, y)));
    out
}

/// [`merge_px`] of `pts` scaled by `k` (points to device px), each kept point handed to `emit` as it is
/// found: the canvas draws a curve without collecting its points first.
fn each_merged(pts: &[(f64, f64)], k: f64, mut emit: impl FnMut(f64, f64)) {
    let mut last: Option<(f64, f64)> = None;
    for (i, &(x, y)) in pts.iter().enumerate() {
        let p = (x * k, y * k);
        match last {
            Some(q) if i + 1 < pts.len() && (p.0 - q.0).abs() < 1.0 && (p.1 - q.1).abs() < 1.0 => {}
            _ => {
                emit(p.0, p.1);
                last = Some(p);
            }
        }
    }
}

/// Draws `scene` onto `ctx` with `k` device pixels per point, after clearing the area it covers.
pub fn paint<C: Canvas2d>(ctx: &mut C, scene: &Scene, k: f64) {
    let k = if k.is_finite() && k > 0.0 { k } else { 1.0 };
    let mut p = Painter {
        ctx,
        k,
        stroke: None,
        fill: None,
        font: String::new(),
    };
    if !opaque_background(scene) {
        p.ctx
            .clear_rect(0.0, 0.0, scene.width_pt * k, scene.height_pt * k);
    }
    // Whether each open group clipped (and so saved the state).
    let mut groups: Vec<bool> = Vec::new();
    for item in &scene.items {
        match item {
            Item::Begin { clip, .. } => {
                let c = clip.and_then(|i| scene.clips.get(i));
                if let Some(c) = c {
                    p.ctx.save();
                    p.ctx.begin_path();
                    p.ctx
                        .rect(c[0] * k, c[1] * k, (c[2] - c[0]) * k, (c[3] - c[1]) * k);
                    p.ctx.clip();
                }
                groups.push(c.is_some());
            }
            Item::End => {
                if groups.pop() == Some(true) {
                    p.ctx.restore();
                    // restore() resets the styles to what they were at save().
                    p.stroke = None;
                    p.fill = None;
                    p.font.clear();
                }
            }
            Item::Rect {
                x0,
                y0,
                x1,
                y1,
                fill,
                edge,
                ..
            } => {
                let (x, y) = (x0.min(*x1) * k, y0.min(*y1) * k);
                let (w, h) = ((x1 - x0).abs() * k, (y1 - y0).abs() * k);
                if let Some(f) = fill {
                    p.set_fill(f);
                    p.ctx.fill_rect(x, y, w, h);
                }
                if let Some(s) = edge {
                    p.set_stroke(s);
                    p.ctx.begin_path();
                    p.ctx.rect(x, y, w, h);
                    p.ctx.stroke();
                }
            }
            Item::Line { pts, stroke, dense } => p.line(pts, stroke, *dense),
            Item::Polygon { pts, fill, stroke } => {
                if pts.len() < 3 {
                    continue;
                }
                p.ctx.begin_path();
                for (i, (x, y)) in pts.iter().enumerate() {
                    if i == 0 {
                        p.ctx.move_to(x * k, y * k);
                    } else {
                        p.ctx.line_to(x * k, y * k);
                    }
                }
                p.ctx.close_path();
                p.set_fill(fill);
                p.ctx.fill();
                if let Some(s) = stroke {
                    p.set_stroke(s);
                    p.ctx.stroke();
                }
            }
            Item::Marker {
                x,
                y,
                radius,
                fill,
                edge,
            } => {
                p.ctx.begin_path();
                p.ctx.arc(x * k, y * k, radius * k);
                p.set_fill(fill);
                p.ctx.fill();
                p.set_stroke(edge);
                p.ctx.stroke();
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
                let (runs, arrows) = scene::place_runs(label, *x, *y, *size, *rotate);
                p.set_fill(color);
                for r in runs {
                    let family = match r.face {
                        Face::Script => CANVAS_SCRIPT_FAMILY,
                        _ => CANVAS_FONT_FAMILY,
                    };
                    let style = if r.face == Face::Italic {
                        "italic "
                    } else {
                        ""
                    };
                    p.set_font(format_args!("{style}{:.3}px {family}", r.size_pt * k));
                    p.ctx.fill_text(&r.text, r.x * k, r.y * k, *rotate);
                }
                for (pts, w) in arrows {
                    p.line(&pts, &Stroke::solid(*color, w, Cap::Butt), false);
                }
            }
        }
    }
}

/// Whether the scene's first item is an opaque fill of its whole area (the figure background, unless it
/// is transparent): it then sets every pixel, and clearing the canvas first (a pass over every pixel of a
/// DPR-2 backing store) can be left out.
fn opaque_background(scene: &Scene) -> bool {
    matches!(
        scene.items.first(),
        Some(Item::Rect { x0, y0, x1, y1, fill: Some(c), .. })
            if c.a >= 1.0
                && x0.min(*x1) <= 0.0
                && y0.min(*y1) <= 0.0
                && x0.max(*x1) >= scene.width_pt
                && y0.max(*y1) >= scene.height_pt
    )
}

struct Painter<'a, C: Canvas2d> {
    ctx: &'a mut C,
    k: f64,
    /// The stroke style last set (skip repeated calls).
    stroke: Option<Stroke>,
    fill: Option<Rgba>,
    /// The CSS font last set: parsing a font string is one of the costlier canvas calls, and most runs
    /// of a figure share one of a few fonts.
    font: String,
}

impl<C: Canvas2d> Painter<'_, C> {
    fn set_stroke(&mut self, s: &Stroke) {
        if self.stroke.as_ref() == Some(s) {
            return;
        }
        let old = self.stroke.take();
        if old.as_ref().map(|o| o.color) != Some(s.color) {
            self.ctx.set_stroke_style(&css(&s.color));
        }
        if old.as_ref().map(|o| o.width) != Some(s.width) {
            self.ctx.set_line_width(s.width * self.k);
        }
        if old.as_ref().map(|o| o.cap) != Some(s.cap) {
            self.ctx.set_line_cap(match s.cap {
                Cap::Butt => "butt",
                Cap::Square => "square",
            });
        }
        if old.as_ref().map(|o| &o.dash) != Some(&s.dash) {
            let d: Vec<f64> = s.dash.iter().map(|v| v * self.k).collect();
            self.ctx.set_line_dash(&d);
        }
        self.stroke = Some(s.clone());
    }

    fn set_font(&mut self, css: std::fmt::Arguments) {
        use std::fmt::Write;
        let mut next = String::with_capacity(self.font.len());
        let _ = next.write_fmt(css);
        if next != self.font {
            self.ctx.set_font(&next);
            self.font = next;
        }
    }

    fn set_fill(&mut self, c: &Rgba) {
        if self.fill != Some(*c) {
            self.ctx.set_fill_style(&css(c));
            self.fill = Some(*c);
        }
    }

    /// One path and one `stroke()` for all pieces of a polyline.
    fn line(&mut self, pts: &[(f64, f64)], s: &Stroke, dense: bool) {
        let k = self.k;
        let mut any = false;
        for part in scene::subpaths(pts).filter(|p| p.len() > 1) {
            if !any {
                self.ctx.begin_path();
                any = true;
            }
            let ctx = &mut *self.ctx;
            let mut first = true;
            let mut put = |x: f64, y: f64| {
                if first {
                    ctx.move_to(x, y);
                    first = false;
                } else {
                    ctx.line_to(x, y);
                }
            };
            if dense {
                each_merged(part, k, put);
            } else {
                part.iter().for_each(|&(x, y)| put(x * k, y * k));
            }
        }
        if any {
            self.set_stroke(s);
            self.ctx.stroke();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Background;

    /// Records the calls (name only) and path points.
    #[derive(Default)]
    struct Rec {
        calls: Vec<&'static str>,
        points: usize,
        texts: Vec<(String, f64, f64)>,
    }

    impl Canvas2d for Rec {
        fn save(&mut self) {
            self.calls.push("save")
        }
        fn restore(&mut self) {
            self.calls.push("restore")
        }
        fn clear_rect(&mut self, _: f64, _: f64, _: f64, _: f64) {
            self.calls.push("clear_rect")
        }
        fn fill_rect(&mut self, _: f64, _: f64, _: f64, _: f64) {
            self.calls.push("fill_rect")
        }
        fn begin_path(&mut self) {
            self.calls.push("begin_path")
        }
        fn move_to(&mut self, _: f64, _: f64) {
            self.points += 1
        }
        fn line_to(&mut self, _: f64, _: f64) {
            self.points += 1
        }
        fn close_path(&mut self) {}
        fn rect(&mut self, _: f64, _: f64, _: f64, _: f64) {}
        fn arc(&mut self, _: f64, _: f64, _: f64) {
            self.calls.push("arc")
        }
        fn clip(&mut self) {
            self.calls.push("clip")
        }
        fn fill(&mut self) {
            self.calls.push("fill")
        }
        fn stroke(&mut self) {
            self.calls.push("stroke")
        }
        fn set_fill_style(&mut self, _: &str) {}
        fn set_stroke_style(&mut self, _: &str) {
            self.calls.push("set_stroke_style")
        }
        fn set_line_width(&mut self, _: f64) {}
        fn set_line_cap(&mut self, _: &str) {}
        fn set_line_dash(&mut self, _: &[f64]) {}
        fn set_font(&mut self, _: &str) {}
        fn fill_text(&mut self, t: &str, x: f64, y: f64, _: bool) {
            self.texts.push((t.to_string(), x, y))
        }
    }

    #[test]
    fn a_dense_curve_is_one_stroke_with_points_merged_per_pixel() {
        let mut sc = Scene::new(100.0, 50.0);
        let pts: Vec<(f64, f64)> = (0..4096)
            .map(|i| (i as f64 / 4096.0 * 100.0, 25.0))
            .collect();
        sc.items.push(Item::Line {
            pts,
            stroke: Stroke::solid(Rgba::rgb(0, 0, 0), 1.2, Cap::Square),
            dense: true,
        });
        let mut rec = Rec::default();
        paint(&mut rec, &sc, 2.0); // 200 device px wide
        assert_eq!(rec.calls.iter().filter(|c| **c == "stroke").count(), 1);
        // One point per device pixel or so (each kept step is the first at least 1 px away).
        assert!(rec.points <= 201 && rec.points >= 190, "{}", rec.points);
    }

    #[test]
    fn clip_groups_save_and_restore_and_text_lands_at_its_origin() {
        let mut sc = Scene::new(100.0, 50.0);
        sc.clips.push([0.0, 0.0, 10.0, 10.0]);
        sc.items.push(Item::Begin {
            id: "curves_1".into(),
            clip: Some(0),
        });
        sc.items.push(Item::End);
        sc.items.push(Item::Text {
            label: super::super::mathtext::RichText::plain("12"),
            x: 10.0,
            y: 20.0,
            size: 8.33,
            rotate: false,
            color: Rgba::rgb(0, 0, 0),
            class: "xtick",
        });
        let mut rec = Rec::default();
        paint(&mut rec, &sc, 3.0);
        assert_eq!(
            rec.calls,
            ["clear_rect", "save", "begin_path", "clip", "restore"]
        );
        assert_eq!(rec.texts, [("12".to_string(), 30.0, 60.0)]);
    }

    #[test]
    fn an_opaque_background_is_not_cleared_first_a_transparent_one_is() {
        for (bg, cleared) in [(Background::White, false), (Background::Transparent, true)] {
            let mut sc = Scene::new(100.0, 50.0);
            super::super::axes::figure_background(&mut sc, bg);
            let mut rec = Rec::default();
            paint(&mut rec, &sc, 2.0);
            assert_eq!(rec.calls.contains(&"clear_rect"), cleared, "{bg:?}");
        }
        // A background that leaves part of the area uncovered is cleared first.
        let mut sc = Scene::new(100.0, 50.0);
        sc.items.push(Item::Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 90.0,
            y1: 50.0,
            fill: Some(Rgba::rgb(255, 255, 255)),
            edge: None,
            attrs: Vec::new(),
        });
        let mut rec = Rec::default();
        paint(&mut rec, &sc, 2.0);
        assert_eq!(rec.calls.first(), Some(&"clear_rect"));
    }

    #[test]
    fn merging_keeps_ends_and_pixel_steps() {
        let p = [(0.0, 0.0), (0.3, 0.2), (0.6, 1.5), (0.7, 1.6), (0.8, 1.7)];
        assert_eq!(merge_px(&p), vec![(0.0, 0.0), (0.6, 1.5), (0.8, 1.7)]);
    }
}
