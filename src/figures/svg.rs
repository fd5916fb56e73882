//! SVG output of a [`Scene`]: user unit = 1 pt (`viewBox` = figure size in points), text as editable
//! `<text>` with `<tspan>` runs, curves clipped with `<clipPath>`, every panel's `<rect class="axes-bg">`
//! with its real size. Dense data curves are simplified as matplotlib does ([`super::simplify`]) and written
//! as integers in 1/100 pt (`transform="scale(0.01)"`, relative `l` steps) without float formatting.
//!
//! Owns: XML escaping, number formatting, and the SVG element vocabulary of the figures.

use super::mathtext::RichText;
use super::metrics::Face;
use super::scene::{self, Cap, Item, Rgba, Scene, Stroke};
use super::simplify::{self, Cmd, SIMPLIFY_THRESHOLD};
use std::fmt::Write;

/// The CSS/SVG font-family list for roman and italic text.
pub const FONT_FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";
/// Font-family list for `\mathcal` runs (written as Unicode script letters, which DejaVu Sans has).
pub const SCRIPT_FAMILY: &str = "DejaVu Sans, STIXGeneral, STIX Two Math, Cambria Math, serif";
/// Dense curves are written in units of 1/`DENSE_SCALE` pt.
pub const DENSE_SCALE: f64 = 100.0;

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
    trimmed(v, 3)
}

/// A number with up to 9 decimals (bar geometry, so tests can invert the axis transform to 1e-6).
pub fn num6(v: f64) -> String {
    trimmed(v, 9)
}

fn trimmed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let s = format!("{v:.decimals$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A coordinate in 1/100 pt as an integer (clamped to what viewers handle).
fn units(v: f64) -> i64 {
    (v * DENSE_SCALE).round().clamp(-1e12, 1e12) as i64
}

fn paint_attrs(out: &mut String, prefix: &str, c: &Rgba) {
    let _ = write!(out, r#" {prefix}="{}""#, c.hex());
    if c.a < 1.0 {
        let _ = write!(out, r#" {prefix}-opacity="{}""#, num(c.a));
    }
}

fn stroke_attrs(out: &mut String, s: &Stroke, scale: f64) {
    paint_attrs(out, "stroke", &s.color);
    let _ = write!(out, r#" stroke-width="{}""#, num(s.width * scale));
    if s.cap == Cap::Square {
        out.push_str(r#" stroke-linecap="square""#);
    }
    if !s.dash.is_empty() {
        let d: Vec<String> = s.dash.iter().map(|v| num(v * scale)).collect();
        let _ = write!(out, r#" stroke-dasharray="{}""#, d.join(" "));
    }
}

fn header(out: &mut String, w: f64, h: f64) {
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\" stroke-linejoin=\"round\" stroke-linecap=\"butt\">\n",
        w = num(w),
        h = num(h),
    );
}

fn path_d(out: &mut String, pts: &[(f64, f64)], close: bool) {
    for (k, (x, y)) in pts.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let _ = write!(
            out,
            "{}{} {}",
            if k == 0 { 'M' } else { 'L' },
            num(*x),
            num(*y)
        );
    }
    if close {
        out.push('Z');
    }
}

/// A plain polyline (ticks, spines, grid, error bars): float coordinates, every point.
fn polyline(out: &mut String, pts: &[(f64, f64)], s: &Stroke) {
    for part in scene::subpaths(pts).filter(|p| p.len() > 1) {
        out.push_str(r#"<path d=""#);
        path_d(out, part, false);
        out.push_str(r#"" fill="none""#);
        stroke_attrs(out, s, 1.0);
        out.push_str("/>\n");
    }
}

/// Appends `v` (an integer) to a path, separated from the previous number unless its sign separates it.
fn push_int(out: &mut String, buf: &mut itoa::Buffer, v: i64, first: bool) {
    if !first && v >= 0 {
        out.push(' ');
    }
    out.push_str(buf.format(v));
}

/// The `d` of a dense curve: simplified in points as matplotlib does, then integer 1/100 pt, absolute
/// move-tos and relative line-tos; repeated points (after rounding) are dropped.
pub fn dense_d(out: &mut String, pts: &[(f64, f64)]) {
    let cmds = simplify::simplify(&simplify::commands(pts), SIMPLIFY_THRESHOLD);
    let mut buf = itoa::Buffer::new();
    let mut cur = (0i64, 0i64);
    let mut in_line = false;
    for c in cmds {
        let (x, y) = c.point();
        let p = (units(x), units(y));
        match c {
            Cmd::MoveTo(..) => {
                out.push('M');
                push_int(out, &mut buf, p.0, true);
                push_int(out, &mut buf, p.1, false);
                in_line = false;
            }
            Cmd::LineTo(..) => {
                let d = (p.0 - cur.0, p.1 - cur.1);
                if d == (0, 0) {
                    continue;
                }
                if !in_line {
                    out.push('l');
                }
                push_int(out, &mut buf, d.0, !in_line);
                push_int(out, &mut buf, d.1, false);
                in_line = true;
            }
        }
        cur = p;
    }
}

fn dense_line(out: &mut String, pts: &[(f64, f64)], s: &Stroke) {
    out.push_str(r#"<path transform="scale(0.01)" d=""#);
    dense_d(out, pts);
    out.push_str(r#"" fill="none""#);
    stroke_attrs(out, s, DENSE_SCALE);
    out.push_str("/>\n");
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
    let _ = write!(
        out,
        r#"<text class="{}" x="{}" y="{}" font-size="{}""#,
        escape(class),
        num(x),
        num(y),
        num(size)
    );
    if rotate {
        let _ = write!(out, r#" transform="rotate(-90 {} {})""#, num(x), num(y));
    }
    if *color != Rgba::rgb(0, 0, 0) {
        paint_attrs(out, "fill", color);
    }
    out.push('>');
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
            let _ = write!(out, r#"<tspan x="{}""#, num(x + r.x * size));
            let dy = -(r.rise - prev_rise) * size;
            if dy != 0.0 {
                let _ = write!(out, r#" dy="{}""#, num(dy));
            }
            prev_rise = r.rise;
            if r.scale != 1.0 {
                let _ = write!(out, r#" font-size="{}""#, num(r.scale * size));
            }
            match r.face {
                Face::Roman => {}
                Face::Italic => out.push_str(r#" font-style="italic""#),
                Face::Script => {
                    let _ = write!(out, r#" font-family="{SCRIPT_FAMILY}" class="mathcal""#);
                }
            }
            // Keep inner spaces of a run (e.g. " [nS]").
            let text = super::metrics::display_text(r.face, &r.text);
            let _ = write!(out, r#" xml:space="preserve">{}</tspan>"#, escape(&text));
        }
    }
    out.push_str("</text>\n");
}

/// Writes a scene as a standalone SVG document.
pub fn render(scene: &Scene) -> String {
    let mut out = String::with_capacity(64 * 1024);
    header(&mut out, scene.width_pt, scene.height_pt);
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
                // Panel-numbered groups (`axes_1`) get ids, the repeated ones (`legend`) classes.
                if id.contains('_') {
                    let _ = write!(out, r#"<g id="{}""#, escape(id));
                } else {
                    let _ = write!(out, r#"<g class="{}""#, escape(id));
                }
                if let Some(k) = clip {
                    let _ = write!(out, r#" clip-path="url(#clip{k})""#);
                }
                out.push_str(">\n");
            }
            Item::End => out.push_str("</g>\n"),
            Item::Rect {
                x0,
                y0,
                x1,
                y1,
                fill,
                edge,
                attrs,
            } => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}""#,
                    num6(x0.min(*x1)),
                    num6(y0.min(*y1)),
                    num6((x1 - x0).abs()),
                    num6((y1 - y0).abs()),
                );
                match fill {
                    Some(c) => paint_attrs(&mut out, "fill", c),
                    None => out.push_str(r#" fill="none""#),
                }
                if let Some(s) = edge {
                    stroke_attrs(&mut out, s, 1.0);
                }
                for (k, v) in attrs {
                    let _ = write!(out, r#" {}="{}""#, k, escape(v));
                }
                out.push_str("/>\n");
            }
            Item::Line { pts, stroke, dense } => {
                if *dense {
                    dense_line(&mut out, pts, stroke);
                } else {
                    polyline(&mut out, pts, stroke);
                }
            }
            Item::Polygon { pts, fill, stroke } => {
                out.push_str(r#"<path d=""#);
                path_d(&mut out, pts, true);
                out.push('"');
                paint_attrs(&mut out, "fill", fill);
                if let Some(s) = stroke {
                    stroke_attrs(&mut out, s, 1.0);
                }
                out.push_str("/>\n");
            }
            Item::Marker {
                x,
                y,
                radius,
                fill,
                edge,
            } => {
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="{}""#,
                    num(*x),
                    num(*y),
                    num(*radius)
                );
                paint_attrs(&mut out, "fill", fill);
                stroke_attrs(&mut out, edge, 1.0);
                out.push_str("/>\n");
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
                let (_, arrows) = scene::place_runs(label, *x, *y, *size, *rotate);
                for (pts, w) in arrows {
                    polyline(&mut out, &pts, &Stroke::solid(*color, w, Cap::Butt));
                }
            }
        }
    }
    out.push_str("</svg>\n");
    out
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

    #[test]
    fn dense_paths_are_relative_integers_in_hundredths() {
        let mut d = String::new();
        dense_d(
            &mut d,
            &[
                (1.0, 2.0),
                (1.5, 1.0),
                (1.5, 1.0),
                (f64::NAN, 0.0),
                (3.0, -0.5),
                (3.0, 4.0),
            ],
        );
        assert_eq!(d, "M100 200l50-100M300-50l0 450");
    }
}
