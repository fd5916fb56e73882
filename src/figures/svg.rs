//! SVG output: a writer for figure scenes (text as editable `<text>` with `<tspan>` runs, curves clipped with
//! `<clipPath>`, sizes in points) and [`SvgBackend`], a plotters [`DrawingBackend`] writing the same SVG from
//! the fine integer coordinate space (1 unit = 1/100 pt).
//!
//! Owns: XML escaping, number formatting, and the SVG element vocabulary of the figures.

use super::mathtext::RichText;
use super::metrics::Face;
use super::scene::{self, Cap, Item, Rgba, Scene, FONT_FAMILY, SCRIPT_FAMILY, UNITS_PER_PT};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::fmt::Write;

/// Escapes text for XML character data and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

/// A number with at most 3 decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{:.3}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A number with up to 9 decimals (bar geometry, so tests can invert the axis transform to 1e-6).
pub fn num6(v: f64) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{:.9}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

fn paint_attrs(prefix: &str, c: &Rgba) -> String {
    let mut s = format!(r#" {prefix}="{}""#, c.hex());
    if c.a < 1.0 {
        let _ = write!(s, r#" {prefix}-opacity="{}""#, num(c.a));
    }
    s
}

fn header(w: f64, h: f64) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" font-family=\"{fam}\">\n",
        w = num(w),
        h = num(h),
        fam = FONT_FAMILY
    )
}

fn path_d(pts: &[(f64, f64)], close: bool) -> String {
    let mut d = String::new();
    for (k, (x, y)) in pts.iter().enumerate() {
        let _ = write!(
            d,
            "{}{} {} ",
            if k == 0 { "M" } else { "L" },
            num(*x),
            num(*y)
        );
    }
    if close {
        d.push('Z');
    }
    d.trim_end().to_string()
}

fn polyline(out: &mut String, pts: &[(f64, f64)], color: &Rgba, width: f64, cap: Cap) {
    let cap = match cap {
        Cap::Butt => "butt",
        Cap::Square => "square",
    };
    let _ = writeln!(
        out,
        r#"<path d="{}" fill="none"{} stroke-width="{}" stroke-linecap="{cap}"/>"#,
        path_d(pts, false),
        paint_attrs("stroke", color),
        num(width)
    );
}

#[allow(clippy::too_many_arguments)] // the fields of `Item::Text`, passed through
fn text_element(
    out: &mut String,
    label: &RichText,
    x: f64,
    y: f64,
    size: f64,
    rotate: bool,
    color: &Rgba,
    class: &str,
) {
    let transform = if rotate {
        format!(r#" transform="rotate(-90 {} {})""#, num(x), num(y))
    } else {
        String::new()
    };
    let fill = if *color == Rgba::rgb(0, 0, 0) {
        String::new()
    } else {
        paint_attrs("fill", color)
    };
    let _ = write!(
        out,
        r#"<text class="{}" x="{}" y="{}" font-size="{}"{}{}>"#,
        escape(class),
        num(x),
        num(y),
        num(size),
        transform,
        fill
    );
    let simple = label.runs.len() == 1
        && label
            .runs
            .iter()
            .all(|r| r.face == Face::Roman && r.rise == 0.0 && r.scale == 1.0 && r.x == 0.0);
    if simple {
        for r in &label.runs {
            out.push_str(&escape(&r.text));
        }
    } else {
        let mut prev_rise = 0.0;
        for r in &label.runs {
            let mut attrs = format!(r#" x="{}""#, num(x + r.x * size));
            let dy = -(r.rise - prev_rise) * size;
            if dy != 0.0 {
                let _ = write!(attrs, r#" dy="{}""#, num(dy));
            }
            prev_rise = r.rise;
            if r.scale != 1.0 {
                let _ = write!(attrs, r#" font-size="{}""#, num(r.scale * size));
            }
            match r.face {
                Face::Roman => {}
                Face::Italic => attrs.push_str(r#" font-style="italic""#),
                Face::Script => {
                    let _ = write!(attrs, r#" font-family="{SCRIPT_FAMILY}" class="mathcal""#);
                }
            }
            // Keep inner spaces of a run (e.g. " [nS]").
            let text = super::metrics::display_text(r.face, &r.text);
            let _ = write!(
                out,
                r#"<tspan{attrs} xml:space="preserve">{}</tspan>"#,
                escape(&text)
            );
        }
    }
    out.push_str("</text>\n");
}

/// Writes a scene as a standalone SVG document.
pub fn render(scene: &Scene) -> String {
    let mut out = header(scene.width_pt, scene.height_pt);
    if !scene.clips.is_empty() {
        out.push_str("<defs>\n");
        for (k, c) in scene.clips.iter().enumerate() {
            let _ = writeln!(
                out,
                r#"<clipPath id="clip{k}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
                num(c[0]),
                num(c[1]),
                num(c[2] - c[0]),
                num(c[3] - c[1])
            );
        }
        out.push_str("</defs>\n");
    }
    for item in &scene.items {
        match item {
            Item::Begin { id, clip } => {
                let name = if id.contains('_') {
                    format!(r#"id="{}""#, escape(id))
                } else {
                    format!(r#"class="{}""#, escape(id))
                };
                let clip = clip
                    .map(|k| format!(r#" clip-path="url(#clip{k})""#))
                    .unwrap_or_default();
                let _ = writeln!(out, "<g {name}{clip}>");
            }
            Item::End => out.push_str("</g>\n"),
            Item::Rect {
                x0,
                y0,
                x1,
                y1,
                fill,
                attrs,
            } => {
                let mut extra = String::new();
                for (k, v) in attrs {
                    let _ = write!(extra, r#" {}="{}""#, k, escape(v));
                }
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}"{}{}/>"#,
                    num6(x0.min(*x1)),
                    num6(y0.min(*y1)),
                    num6((x1 - x0).abs()),
                    num6((y1 - y0).abs()),
                    paint_attrs("fill", fill),
                    extra
                );
            }
            Item::Polyline {
                pts,
                color,
                width,
                cap,
            } => polyline(&mut out, pts, color, *width, *cap),
            Item::Polygon { pts, fill, stroke } => {
                let stroke = match stroke {
                    Some((c, w)) => {
                        format!(r#"{} stroke-width="{}""#, paint_attrs("stroke", c), num(*w))
                    }
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    r#"<path d="{}"{}{}/>"#,
                    path_d(pts, true),
                    paint_attrs("fill", fill),
                    stroke
                );
            }
            Item::Text {
                label,
                x,
                y,
                size,
                rotate,
                color,
                class,
            } => {
                text_element(&mut out, label, *x, *y, *size, *rotate, color, class);
                let (_, extra) = scene::place_runs(label, *x, *y, *size, *rotate);
                for e in extra {
                    if let Item::Polyline {
                        pts,
                        color,
                        width,
                        cap,
                    } = e
                    {
                        polyline(&mut out, &pts, &color, width, cap);
                    }
                }
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// A plotters backend writing SVG; coordinates are 1/100 pt. Call [`SvgBackend::finish`] for the document.
pub struct SvgBackend {
    width_pt: f64,
    height_pt: f64,
    body: String,
}

/// Never produced: writing to a `String` cannot fail.
#[derive(Debug, thiserror::Error)]
#[error("SVG writer error")]
pub struct SvgError;

impl SvgBackend {
    /// A backend for a figure of `width_pt` x `height_pt` points.
    pub fn new(width_pt: f64, height_pt: f64) -> SvgBackend {
        SvgBackend {
            width_pt,
            height_pt,
            body: String::new(),
        }
    }
    /// The SVG document drawn so far.
    pub fn finish(&self) -> String {
        format!(
            "{}{}</svg>\n",
            header(self.width_pt, self.height_pt),
            self.body
        )
    }
}

fn pt(c: BackendCoord) -> (f64, f64) {
    (c.0 as f64 / UNITS_PER_PT, c.1 as f64 / UNITS_PER_PT)
}

fn rgba(c: BackendColor) -> Rgba {
    Rgba {
        r: c.rgb.0,
        g: c.rgb.1,
        b: c.rgb.2,
        a: c.alpha,
    }
}

impl DrawingBackend for SvgBackend {
    type ErrorType = SvgError;

    fn get_size(&self) -> (u32, u32) {
        (
            (self.width_pt * UNITS_PER_PT).round() as u32,
            (self.height_pt * UNITS_PER_PT).round() as u32,
        )
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<SvgError>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<SvgError>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        let (x, y) = pt(p);
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="0.01" height="0.01"{}/>"#,
            num(x),
            num(y),
            paint_attrs("fill", &rgba(color))
        );
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        self.draw_path([a, b], s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        let ((x0, y0), (x1, y1)) = (pt(a), pt(b));
        let c = rgba(s.color());
        let paint = if fill {
            paint_attrs("fill", &c)
        } else {
            format!(
                r#" fill="none"{} stroke-width="{}""#,
                paint_attrs("stroke", &c),
                num(s.stroke_width() as f64 / UNITS_PER_PT)
            )
        };
        let _ = writeln!(
            self.body,
            r#"<rect x="{}" y="{}" width="{}" height="{}"{paint}/>"#,
            num(x0.min(x1)),
            num(y0.min(y1)),
            num((x1 - x0).abs()),
            num((y1 - y0).abs())
        );
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        let pts: Vec<(f64, f64)> = path.into_iter().map(pt).collect();
        if pts.len() > 1 {
            // Square caps arrive as extended ends from the scene player.
            polyline(
                &mut self.body,
                &pts,
                &rgba(s.color()),
                s.stroke_width() as f64 / UNITS_PER_PT,
                Cap::Butt,
            );
        }
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        let (x, y) = pt(c);
        let col = rgba(s.color());
        let paint = if fill {
            paint_attrs("fill", &col)
        } else {
            format!(r#" fill="none"{}"#, paint_attrs("stroke", &col))
        };
        let _ = writeln!(
            self.body,
            r#"<circle cx="{}" cy="{}" r="{}"{paint}/>"#,
            num(x),
            num(y),
            num(r as f64 / UNITS_PER_PT)
        );
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        let pts: Vec<(f64, f64)> = vert.into_iter().map(pt).collect();
        if pts.len() > 2 {
            let _ = writeln!(
                self.body,
                r#"<path d="{}"{}/>"#,
                path_d(&pts, true),
                paint_attrs("fill", &rgba(s.color()))
            );
        }
        Ok(())
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<SvgError>> {
        let (x, y) = pt(pos);
        let size = style.size() / UNITS_PER_PT;
        let rotate = matches!(style.transform(), FontTransform::Rotate270);
        let italic = matches!(style.style(), FontStyle::Italic | FontStyle::Oblique);
        let family = style.family().as_str().to_string();
        let transform = if rotate {
            format!(r#" transform="rotate(-90 {} {})""#, num(x), num(y))
        } else {
            String::new()
        };
        let _ = writeln!(
            self.body,
            r#"<text x="{}" y="{}" font-size="{}" font-family="{}"{}{}{} xml:space="preserve">{}</text>"#,
            num(x),
            num(y),
            num(size),
            escape(&family),
            if italic {
                r#" font-style="italic""#
            } else {
                ""
            },
            paint_attrs("fill", &rgba(style.color())),
            transform,
            escape(text)
        );
        Ok(())
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<SvgError>> {
        estimate(text, style)
    }
}

/// Text size from the embedded metrics (shared by this crate's backends).
pub fn estimate<T: BackendTextStyle, E: std::error::Error + Send + Sync>(
    text: &str,
    style: &T,
) -> Result<(u32, u32), DrawingErrorKind<E>> {
    let face = match style.style() {
        FontStyle::Italic | FontStyle::Oblique => Face::Italic,
        _ => Face::Roman,
    };
    let w = super::metrics::width(face, text) * style.size();
    let h = (super::metrics::LP_ASCENT + super::metrics::LP_DESCENT) * style.size();
    Ok((w.round().max(0.0) as u32, h.round().max(0.0) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_numbers() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(48.15375), "48.154");
        assert_eq!(num(f64::NAN), "0");
    }
}
