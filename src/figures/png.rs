//! PNG output of a [`Scene`] (native only, never in the wasm): rasterised with `tiny-skia`, glyphs drawn
//! from the bundled DejaVu outlines (`ttf-parser`) at the same baseline origins as the PDF, written with
//! a `pHYs` chunk saying the resolution (so layout tools size the image at the figure's inches).
//!
//! Owns: the device transform (`dpi / 72` pixels per point), clip masks, and the PNG encoding.

use super::fonts::Fonts;
use super::metrics::Face;
use super::scene::{self, Cap, Item, Rgba, Scene, Stroke};
use super::simplify::{self, Cmd, SIMPLIFY_THRESHOLD};
use tiny_skia::{
    FillRule, LineCap, LineJoin, Mask, Paint, PathBuilder, Pixmap, Rect, StrokeDash, Transform,
};

/// The dots per inch of the PNG export by default (the notebook saves at 300).
pub const DEFAULT_DPI: f64 = 300.0;
/// The largest image side, in pixels, a PNG is made with (a 7.5 in figure at 2400 dpi).
pub const MAX_SIDE_PX: f64 = 18_000.0;

/// A PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("font file {0} is not a readable TrueType font")]
    Font(&'static str),
    #[error("{width} x {height} px is not a drawable image size (dpi {dpi})")]
    Size { width: f64, height: f64, dpi: f64 },
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

/// Outline of a glyph into a tiny-skia path (font units, y up).
struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

fn paint(c: &Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.r, c.g, c.b, (c.a.clamp(0.0, 1.0) * 255.0).round() as u8);
    p.anti_alias = true;
    p
}

fn stroke_style(s: &Stroke, k: f64) -> tiny_skia::Stroke {
    tiny_skia::Stroke {
        width: (s.width * k) as f32,
        line_cap: match s.cap {
            Cap::Butt => LineCap::Butt,
            Cap::Square => LineCap::Square,
        },
        line_join: LineJoin::Round,
        dash: if s.dash.is_empty() {
            None
        } else {
            StrokeDash::new(s.dash.iter().map(|v| (v * k) as f32).collect(), 0.0)
        },
        ..tiny_skia::Stroke::default()
    }
}

/// Renders `scene` at `dpi` (300 = [`DEFAULT_DPI`]) and encodes it as PNG with a pHYs chunk.
pub fn render(scene: &Scene, fonts: &Fonts, dpi: f64) -> Result<Vec<u8>, PngError> {
    let k = dpi / 72.0;
    let (w, h) = ((scene.width_pt * k).round(), (scene.height_pt * k).round());
    let bad = || PngError::Size {
        width: w,
        height: h,
        dpi,
    };
    if !(w >= 1.0 && h >= 1.0 && w <= MAX_SIDE_PX && h <= MAX_SIDE_PX) {
        return Err(bad());
    }
    let mut pix = Pixmap::new(w as u32, h as u32).ok_or_else(bad)?;
    let regular =
        ttf_parser::Face::parse(fonts.regular, 0).map_err(|_| PngError::Font("DejaVuSans"))?;
    let oblique = ttf_parser::Face::parse(fonts.oblique, 0)
        .map_err(|_| PngError::Font("DejaVuSans-Oblique"))?;
    let mut r = Raster {
        pix: &mut pix,
        k,
        masks: Vec::new(),
        regular,
        oblique,
    };
    r.items(scene);
    encode(pix, dpi)
}

/// RGBA PNG with `pHYs` = `dpi` (pixels per metre).
fn encode(pix: Pixmap, dpi: f64) -> Result<Vec<u8>, PngError> {
    let (w, h) = (pix.width(), pix.height());
    let data = pix.take_demultiplied();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let ppm = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut wr = enc
            .write_header()
            .map_err(|e| PngError::Encode(e.to_string()))?;
        wr.write_image_data(&data)
            .map_err(|e| PngError::Encode(e.to_string()))?;
    }
    Ok(out)
}

struct Raster<'a, 'f> {
    pix: &'a mut Pixmap,
    k: f64,
    /// Clip masks of the open groups (`None` = the group does not clip).
    masks: Vec<Option<Mask>>,
    regular: ttf_parser::Face<'f>,
    oblique: ttf_parser::Face<'f>,
}

impl Raster<'_, '_> {
    fn path(&self, pts: &[(f64, f64)], close: bool) -> Option<tiny_skia::Path> {
        let mut pb = PathBuilder::new();
        for (i, &(x, y)) in pts.iter().enumerate() {
            let (x, y) = ((x * self.k) as f32, (y * self.k) as f32);
            if i == 0 {
                pb.move_to(x, y);
            } else {
                pb.line_to(x, y);
            }
        }
        if close {
            pb.close();
        }
        pb.finish()
    }

    fn stroke(&mut self, path: &tiny_skia::Path, s: &Stroke) {
        let style = stroke_style(s, self.k);
        let p = paint(&s.color);
        // The innermost clip of the open groups (fields borrowed apart: no copy of the mask).
        let mask = self.masks.iter().rev().flatten().next();
        self.pix
            .stroke_path(path, &p, &style, Transform::identity(), mask);
    }

    fn fill(&mut self, path: &tiny_skia::Path, c: &Rgba) {
        let p = paint(c);
        let mask = self.masks.iter().rev().flatten().next();
        self.pix
            .fill_path(path, &p, FillRule::Winding, Transform::identity(), mask);
    }

    fn line(&mut self, pts: &[(f64, f64)], s: &Stroke, dense: bool) {
        let mut pb = PathBuilder::new();
        let k = self.k as f32;
        if dense {
            for c in simplify::simplify(&simplify::commands(pts), SIMPLIFY_THRESHOLD) {
                match c {
                    Cmd::MoveTo(x, y) => pb.move_to(x as f32 * k, y as f32 * k),
                    Cmd::LineTo(x, y) => pb.line_to(x as f32 * k, y as f32 * k),
                }
            }
        } else {
            for part in scene::subpaths(pts).filter(|p| p.len() > 1) {
                for (i, &(x, y)) in part.iter().enumerate() {
                    if i == 0 {
                        pb.move_to(x as f32 * k, y as f32 * k);
                    } else {
                        pb.line_to(x as f32 * k, y as f32 * k);
                    }
                }
            }
        }
        if let Some(path) = pb.finish() {
            self.stroke(&path, s);
        }
    }

    /// Draws `text` in `face` with its baseline origin at (x, y) points, rotated 90° counter-clockwise
    /// when `rotate`; glyphs the face lacks come from the other face.
    #[allow(clippy::too_many_arguments)] // a run's fields
    fn run(&mut self, face: Face, text: &str, x: f64, y: f64, size: f64, rotate: bool, c: &Rgba) {
        let mut pen = 0.0f64;
        for ch in text.chars() {
            let (font, gid) = {
                let first = if face == Face::Italic {
                    &self.oblique
                } else {
                    &self.regular
                };
                let second = if face == Face::Italic {
                    &self.regular
                } else {
                    &self.oblique
                };
                match first.glyph_index(ch) {
                    Some(g) => (first, g),
                    None => match second.glyph_index(ch) {
                        Some(g) => (second, g),
                        None => (first, ttf_parser::GlyphId(0)),
                    },
                }
            };
            let upem = font.units_per_em() as f64;
            let s = size * self.k / upem;
            let adv = font.glyph_hor_advance(gid).unwrap_or(0) as f64 * size / upem;
            let mut o = Outline(PathBuilder::new());
            let path = font.outline_glyph(gid, &mut o).and(o.0.finish());
            if let Some(path) = path {
                let (ox, oy) = if rotate { (x, y - pen) } else { (x + pen, y) };
                let (ox, oy) = ((ox * self.k) as f32, (oy * self.k) as f32);
                // Font units (y up) to device pixels (y down), rotated for vertical labels.
                let t = if rotate {
                    Transform::from_row(0.0, -s as f32, -s as f32, 0.0, ox, oy)
                } else {
                    Transform::from_row(s as f32, 0.0, 0.0, -s as f32, ox, oy)
                };
                if let Some(p) = path.transform(t) {
                    self.fill(&p, c);
                }
            }
            pen += adv;
        }
    }

    fn items(&mut self, scene: &Scene) {
        let (w, h) = (self.pix.width(), self.pix.height());
        for item in &scene.items {
            match item {
                Item::Begin { clip, .. } => {
                    let m = clip.and_then(|i| scene.clips.get(i)).and_then(|c| {
                        let r = Rect::from_ltrb(
                            (c[0] * self.k) as f32,
                            (c[1] * self.k) as f32,
                            (c[2] * self.k) as f32,
                            (c[3] * self.k) as f32,
                        )?;
                        let mut m = Mask::new(w, h)?;
                        m.fill_path(
                            &PathBuilder::from_rect(r),
                            FillRule::Winding,
                            true,
                            Transform::identity(),
                        );
                        Some(m)
                    });
                    self.masks.push(m);
                }
                Item::End => {
                    self.masks.pop();
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
                    let pts = [(*x0, *y0), (*x1, *y0), (*x1, *y1), (*x0, *y1)];
                    if let Some(path) = self.path(&pts, true) {
                        if let Some(c) = fill {
                            self.fill(&path, c);
                        }
                        if let Some(s) = edge {
                            self.stroke(&path, s);
                        }
                    }
                }
                Item::Line { pts, stroke, dense } => self.line(pts, stroke, *dense),
                Item::Polygon { pts, fill, stroke } => {
                    if let Some(path) = self.path(pts, true) {
                        self.fill(&path, fill);
                        if let Some(s) = stroke {
                            self.stroke(&path, s);
                        }
                    }
                }
                Item::Marker {
                    x,
                    y,
                    radius,
                    fill,
                    edge,
                } => {
                    let k = self.k as f32;
                    if let Some(path) =
                        PathBuilder::from_circle(*x as f32 * k, *y as f32 * k, *radius as f32 * k)
                    {
                        self.fill(&path, fill);
                        self.stroke(&path, edge);
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
                    let (runs, arrows) = scene::place_runs(label, *x, *y, *size, *rotate);
                    for r in runs {
                        self.run(r.face, &r.text, r.x, r.y, r.size_pt, *rotate, color);
                    }
                    for (pts, w) in arrows {
                        self.line(&pts, &Stroke::solid(*color, w, Cap::Butt), false);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phys_chunk_says_the_dpi_and_size_follows_it() {
        let mut sc = Scene::new(72.0, 36.0);
        sc.items.push(Item::Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 72.0,
            y1: 36.0,
            fill: Some(Rgba::rgb(255, 255, 255)),
            edge: None,
            attrs: vec![],
        });
        let png = render(&sc, &Fonts::bundled(), 300.0).expect("renders");
        let dec = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = dec.read_info().expect("a PNG");
        let info = reader.info();
        assert_eq!((info.width, info.height), (300, 150));
        let dims = info.pixel_dims.expect("pHYs");
        assert_eq!((dims.xppu, dims.yppu), (11811, 11811));
        assert_eq!(dims.unit, png::Unit::Meter);
        assert!(render(&sc, &Fonts::bundled(), 0.0).is_err());
        assert!(render(&sc, &Fonts::bundled(), f64::NAN).is_err());
    }
}
