//! Vector PDF output of a [`Scene`] (one page of the figure's size in points), written with `pdf-writer`:
//! DejaVu Sans / DejaVu Sans Oblique embedded as subset TrueType (`subsetter`) CID fonts (Type0,
//! `Identity-H`, CIDs = subset glyph ids) with a `ToUnicode` map, so the text is real, selectable and
//! extractable (matplotlib's default PDF uses Type 3 fonts), curves simplified as matplotlib does and
//! clipped to their axes, alpha through ExtGState, streams deflated.
//!
//! Owns: mapping the scene to PDF operators (y flipped: PDF's origin is bottom-left), the font subsets
//! and their metrics dictionaries. Every text run is placed at the baseline origin the layout computed;
//! inside a run glyphs advance by the font's own widths (the same DejaVu advances the layout measured).

use super::font_tables::FontTables;
use super::fonts::Fonts;
use super::metrics::Face;
use super::scene::{self, Cap, Item, Rgba, Scene, Stroke};
use super::simplify::{self, Cmd, SIMPLIFY_THRESHOLD};
use pdf_writer::types::{
    CidFontType, FontFlags, LineCapStyle, LineJoinStyle, SystemInfo, UnicodeCmap,
};
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;

/// A PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// A font file is not a TrueType/OpenType font we can read.
    #[error("font file {which} is not a readable TrueType font: {reason}")]
    Font { which: &'static str, reason: String },
    /// The subsetter refused a font.
    #[error("could not subset font {which}: {reason}")]
    Subset { which: &'static str, reason: String },
}

/// Bezier control distance for a quarter circle (4/3 (sqrt(2) - 1)).
const KAPPA: f64 = 0.552_284_749_831;
/// Deflate level of the streams (miniz: 0-10).
const DEFLATE_LEVEL: u8 = 6;

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, DEFLATE_LEVEL)
}

/// One embedded font: its parsed face, the glyphs used (old gid -> new gid) and their characters.
struct FontUse<'a> {
    which: &'static str,
    name: &'static [u8],
    face: FontTables<'a>,
    remap: subsetter::GlyphRemapper,
    /// New gid -> (old gid, the characters it stands for).
    chars: BTreeMap<u16, (u16, String)>,
}

impl<'a> FontUse<'a> {
    fn new(which: &'static str, name: &'static [u8], data: &'a [u8]) -> Result<Self, PdfError> {
        let face = FontTables::parse(data).ok_or_else(|| PdfError::Font {
            which,
            reason: "no TrueType/OpenType table directory with head and hhea".into(),
        })?;
        let mut remap = subsetter::GlyphRemapper::new();
        remap.remap(0); // .notdef stays glyph 0
        Ok(FontUse {
            which,
            name,
            face,
            remap,
            chars: BTreeMap::new(),
        })
    }

    /// The CID of `c` in this font (registering it), or `None` when the font has no glyph for it.
    fn cid(&mut self, c: char) -> Option<u16> {
        let gid = self.face.glyph(c)?;
        let new = self.remap.remap(gid);
        self.chars
            .entry(new)
            .or_insert_with(|| (gid, String::new()))
            .1
            .push(c);
        Some(new)
    }

    fn units(&self) -> f32 {
        self.face.units_per_em as f32
    }
}

/// Both fonts of a PDF and which one sets a run.
struct FontSet<'a> {
    regular: FontUse<'a>,
    oblique: FontUse<'a>,
}

impl FontSet<'_> {
    /// `text` set in `face`'s font as pieces of (oblique font?, 2-byte CIDs, index of the piece's first
    /// character): a character the preferred font lacks is taken from the other one (e.g. an arrow in an
    /// italic run), a character neither has becomes `.notdef`.
    fn pieces(&mut self, face: Face, text: &str) -> Vec<(bool, Vec<u8>, usize)> {
        let mut out: Vec<(bool, Vec<u8>, usize)> = Vec::new();
        let prefer_oblique = face == Face::Italic;
        for (k, c) in text.chars().enumerate() {
            let (oblique, cid) = if prefer_oblique {
                match self.oblique.cid(c) {
                    Some(id) => (true, id),
                    None => (false, self.regular.cid(c).unwrap_or(0)),
                }
            } else {
                match self.regular.cid(c) {
                    Some(id) => (false, id),
                    None => match self.oblique.cid(c) {
                        Some(id) => (true, id),
                        None => (false, 0),
                    },
                }
            };
            match out.last_mut() {
                Some(last) if last.0 == oblique => last.1.extend_from_slice(&cid.to_be_bytes()),
                _ => out.push((oblique, cid.to_be_bytes().to_vec(), k)),
            }
        }
        out
    }
}

/// Writes `scene` as a one-page PDF with the fonts embedded as subsets.
pub fn render(scene: &Scene, fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    let mut set = FontSet {
        regular: FontUse::new("DejaVuSans", b"DejaVuSans", fonts.regular)?,
        oblique: FontUse::new("DejaVuSans-Oblique", b"DejaVuSans-Oblique", fonts.oblique)?,
    };
    let mut w = Writer {
        h: scene.height_pt,
        content: Content::new(),
        alphas: Vec::new(),
        alpha: 1.0,
        stroke: None,
        fill: None,
    };
    w.content.set_line_join(LineJoinStyle::RoundJoin);
    w.content.set_miter_limit(10.0);
    w.items(scene, &mut set);
    let content = w.content.finish();

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut new_ref = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog_id = new_ref();
    let tree_id = new_ref();
    let page_id = new_ref();
    let content_id = new_ref();
    let info_id = new_ref();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id).kids([page_id]).count(1);
    let alpha_ids: Vec<Ref> = w.alphas.iter().map(|_| new_ref()).collect();
    let mut font_ids = Vec::new();
    for f in [&set.regular, &set.oblique] {
        if f.chars.is_empty() {
            font_ids.push(None);
            continue;
        }
        font_ids.push(Some([
            new_ref(),
            new_ref(),
            new_ref(),
            new_ref(),
            new_ref(),
        ]));
    }
    {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(
            0.0,
            0.0,
            scene.width_pt as f32,
            scene.height_pt as f32,
        ));
        page.parent(tree_id);
        page.contents(content_id);
        let mut res = page.resources();
        {
            let mut fonts_dict = res.fonts();
            for (k, ids) in font_ids.iter().enumerate() {
                if let Some(ids) = ids {
                    fonts_dict.pair(Name(FONT_NAMES[k]), ids[0]);
                }
            }
        }
        {
            let mut gs = res.ext_g_states();
            for (k, id) in alpha_ids.iter().enumerate() {
                gs.pair(Name(alpha_name(k).as_bytes()), *id);
            }
        }
    }
    pdf.stream(content_id, &deflate(&content))
        .filter(Filter::FlateDecode);
    for (a, id) in w.alphas.iter().zip(&alpha_ids) {
        pdf.ext_graphics(*id)
            .non_stroking_alpha(*a as f32)
            .stroking_alpha(*a as f32);
    }
    for (f, ids) in [&set.regular, &set.oblique].into_iter().zip(&font_ids) {
        if let Some(ids) = ids {
            write_font(&mut pdf, f, *ids)?;
        }
    }
    pdf.document_info(info_id)
        .producer(TextStr("infosweep"))
        .creator(TextStr("infosweep (Fig. S9, matplotlib 3.8 layout)"));
    Ok(pdf.finish())
}

/// Resource names of the regular and oblique fonts.
const FONT_NAMES: [&[u8]; 2] = [b"F0", b"F1"];

fn alpha_name(k: usize) -> String {
    format!("A{k}")
}

/// The subset tag of a font: six capitals from a hash of the glyphs it holds (PDF 9.6.4).
fn subset_tag(f: &FontUse) -> String {
    let mut h: u32 = 2_166_136_261;
    for (old, _) in f.chars.values() {
        for b in old.to_be_bytes() {
            h = (h ^ b as u32).wrapping_mul(16_777_619);
        }
    }
    (0..6)
        .map(|k| (b'A' + ((h >> (k * 5)) % 26) as u8) as char)
        .collect()
}

/// Type0 font, CID font, descriptor, font file and ToUnicode map of one font.
fn write_font(pdf: &mut Pdf, f: &FontUse, ids: [Ref; 5]) -> Result<(), PdfError> {
    let [type0_id, cid_id, descriptor_id, file_id, cmap_id] = ids;
    let base = format!(
        "{}+{}",
        subset_tag(f),
        std::str::from_utf8(f.name).unwrap_or("DejaVuSans")
    );
    let units = f.units();
    let scale = |v: f32| v * 1000.0 / units;
    pdf.type0_font(type0_id)
        .base_font(Name(base.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    {
        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(base.as_bytes()))
            .system_info(info)
            .font_descriptor(descriptor_id)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let widths: Vec<f32> = (0..f.remap.num_gids())
            .map(|new| {
                let old = f.chars.get(&new).map_or(0, |c| c.0);
                scale(f.face.advance(old) as f32)
            })
            .collect();
        cid.widths().consecutive(0, widths);
    }
    let bb = f.face.bbox;
    let italic = f.face.italic || f.face.italic_angle != 0.0;
    let mut flags = FontFlags::NON_SYMBOLIC;
    if italic {
        flags |= FontFlags::ITALIC;
    }
    pdf.font_descriptor(descriptor_id)
        .name(Name(base.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            scale(bb[0] as f32),
            scale(bb[1] as f32),
            scale(bb[2] as f32),
            scale(bb[3] as f32),
        ))
        .italic_angle(f.face.italic_angle)
        .ascent(scale(f.face.ascender as f32))
        .descent(scale(f.face.descender as f32))
        .cap_height(scale(
            f.face
                .cap_height
                .unwrap_or((f.face.units_per_em as f32 * 0.729) as i16) as f32,
        ))
        .stem_v(80.0)
        .font_file2(file_id);
    let subset = subsetter::subset(f.face.data(), 0, &f.remap).map_err(|e| PdfError::Subset {
        which: f.which,
        reason: format!("{e:?}"),
    })?;
    pdf.stream(file_id, &deflate(&subset))
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.len() as i32);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
    for (new, (_, chars)) in &f.chars {
        if let Some(c) = chars.chars().next() {
            cmap.pair(*new, c);
        }
    }
    pdf.cmap(cmap_id, &cmap.finish());
    Ok(())
}

/// The page's content stream being written, with the paint state (to skip repeated operators) and the
/// alpha values that need an ExtGState.
struct Writer {
    h: f64,
    content: Content,
    /// Alpha values with an ExtGState (`A<k>` = index k), setting both stroking and non-stroking alpha.
    alphas: Vec<f64>,
    /// The alpha in effect.
    alpha: f64,
    stroke: Option<Stroke>,
    /// The fill color in effect (its alpha is checked against `alpha` at each use).
    fill: Option<Rgba>,
}

fn f(v: f64) -> f32 {
    if v.is_finite() {
        v as f32
    } else {
        0.0
    }
}

impl Writer {
    fn y(&self, y: f64) -> f32 {
        f(self.h - y)
    }

    /// Makes `a` the alpha in effect (an ExtGState `gs` when it changes).
    fn alpha(&mut self, a: f64) {
        let a = a.clamp(0.0, 1.0);
        if a == self.alpha {
            return;
        }
        let k = match self.alphas.iter().position(|v| *v == a) {
            Some(k) => k,
            None => {
                self.alphas.push(a);
                self.alphas.len() - 1
            }
        };
        self.content.set_parameters(Name(alpha_name(k).as_bytes()));
        self.alpha = a;
    }

    fn set_fill(&mut self, c: &Rgba) {
        self.alpha(c.a);
        if self.fill.map(|o| (o.r, o.g, o.b)) == Some((c.r, c.g, c.b)) {
            return;
        }
        self.content
            .set_fill_rgb(c.r as f32 / 255.0, c.g as f32 / 255.0, c.b as f32 / 255.0);
        self.fill = Some(*c);
    }

    fn set_stroke(&mut self, s: &Stroke) {
        self.alpha(s.color.a);
        if self.stroke.as_ref() == Some(s) {
            return;
        }
        let c = s.color;
        self.content
            .set_stroke_rgb(c.r as f32 / 255.0, c.g as f32 / 255.0, c.b as f32 / 255.0);
        self.content.set_line_width(f(s.width));
        self.content.set_line_cap(match s.cap {
            Cap::Butt => LineCapStyle::ButtCap,
            Cap::Square => LineCapStyle::ProjectingSquareCap,
        });
        self.content
            .set_dash_pattern(s.dash.iter().map(|v| f(*v)), 0.0);
        self.stroke = Some(s.clone());
    }

    fn path(&mut self, pts: &[(f64, f64)], close: bool) {
        for (i, &(x, y)) in pts.iter().enumerate() {
            if i == 0 {
                self.content.move_to(f(x), self.y(y));
            } else {
                self.content.line_to(f(x), self.y(y));
            }
        }
        if close {
            self.content.close_path();
        }
    }

    fn line(&mut self, pts: &[(f64, f64)], s: &Stroke, dense: bool) {
        let mut any = false;
        if dense {
            for c in simplify::simplify(&simplify::commands(pts), SIMPLIFY_THRESHOLD) {
                match c {
                    Cmd::MoveTo(x, y) => self.content.move_to(f(x), self.y(y)),
                    Cmd::LineTo(x, y) => self.content.line_to(f(x), self.y(y)),
                };
                any = true;
            }
        } else {
            for part in scene::subpaths(pts).filter(|p| p.len() > 1) {
                self.path(part, false);
                any = true;
            }
        }
        if any {
            self.set_stroke(s);
            self.content.stroke();
        }
    }

    fn circle(&mut self, cx: f64, cy: f64, r: f64) {
        let (cx, cy, r) = (f(cx), self.y(cy), f(r));
        let k = r * KAPPA as f32;
        self.content.move_to(cx + r, cy);
        self.content
            .cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
        self.content
            .cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
        self.content
            .cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
        self.content
            .cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
        self.content.close_path();
    }

    fn items(&mut self, scene: &Scene, fonts: &mut FontSet) {
        let mut groups: Vec<bool> = Vec::new();
        for item in &scene.items {
            match item {
                Item::Begin { clip, .. } => {
                    let c = clip.and_then(|i| scene.clips.get(i));
                    if let Some(c) = c {
                        self.content.save_state();
                        self.content
                            .rect(f(c[0]), self.y(c[3]), f(c[2] - c[0]), f(c[3] - c[1]));
                        self.content.clip_nonzero();
                        self.content.end_path();
                    }
                    groups.push(c.is_some());
                }
                Item::End => {
                    if groups.pop() == Some(true) {
                        // Q brings back the state at q: forget what was set inside.
                        self.content.restore_state();
                        self.stroke = None;
                        self.fill = None;
                        self.alpha = f64::NAN;
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
                    let (x, y) = (x0.min(*x1), y0.max(*y1));
                    let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
                    if let Some(c) = fill {
                        self.set_fill(c);
                        self.content.rect(f(x), self.y(y), f(w), f(h));
                        self.content.fill_nonzero();
                    }
                    if let Some(s) = edge {
                        self.set_stroke(s);
                        self.content.rect(f(x), self.y(y), f(w), f(h));
                        self.content.stroke();
                    }
                }
                Item::Line { pts, stroke, dense } => self.line(pts, stroke, *dense),
                Item::Polygon { pts, fill, stroke } => {
                    if pts.len() < 3 {
                        continue;
                    }
                    self.set_fill(fill);
                    self.path(pts, true);
                    self.content.fill_nonzero();
                    if let Some(s) = stroke {
                        self.set_stroke(s);
                        self.path(pts, true);
                        self.content.stroke();
                    }
                }
                Item::Marker {
                    x,
                    y,
                    radius,
                    fill,
                    edge,
                } => {
                    self.set_fill(fill);
                    self.circle(*x, *y, *radius);
                    self.content.fill_nonzero();
                    self.set_stroke(edge);
                    self.circle(*x, *y, *radius);
                    self.content.stroke();
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
                    self.set_fill(color);
                    self.content.begin_text();
                    for r in &runs {
                        let mut dx = 0.0;
                        for (oblique, bytes, start) in fonts.pieces(r.face, &r.text) {
                            // Pieces after the first (a glyph from the other font) start where the
                            // previous ones' advances end.
                            if start > 0 {
                                let head: String = r.text.chars().take(start).collect();
                                dx = super::metrics::width(r.face, &head) * r.size_pt;
                            }
                            let (px, py) = if *rotate {
                                (r.x, r.y - dx)
                            } else {
                                (r.x + dx, r.y)
                            };
                            let font = FONT_NAMES[usize::from(oblique)];
                            self.content.set_font(Name(font), f(r.size_pt));
                            let m = if *rotate {
                                [0.0, 1.0, -1.0, 0.0, f(px), self.y(py)]
                            } else {
                                [1.0, 0.0, 0.0, 1.0, f(px), self.y(py)]
                            };
                            self.content.set_text_matrix(m);
                            self.content.show(Str(&bytes));
                        }
                    }
                    self.content.end_text();
                    for (pts, w) in arrows {
                        self.line(&pts, &Stroke::solid(*color, w, Cap::Butt), false);
                    }
                }
            }
        }
    }
}
