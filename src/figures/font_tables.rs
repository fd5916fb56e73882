//! The few TrueType tables the PDF writer reads from a font file: character to glyph (`cmap` formats 4
//! and 12), advance widths (`hhea` + `hmtx`), and the font descriptor's numbers (`head`, `hhea`, `OS/2`,
//! `post`). A full font parser (ttf-parser) would add about 10 kB to the page's gzipped wasm for these
//! look-ups; it stays native-only (the PNG renderer draws its outlines) and checks this reader in tests.
//!
//! Owns: bounds-checked big-endian reads of those tables; a malformed table reads as absent, never panics.

/// A font file's tables, located once.
#[derive(Debug, Clone)]
pub struct FontTables<'a> {
    data: &'a [u8],
    cmap: Option<&'a [u8]>,
    hmtx: Option<&'a [u8]>,
    n_hmetrics: u16,
    pub units_per_em: u16,
    /// `head` bounding box of all glyphs (font units).
    pub bbox: [i16; 4],
    pub ascender: i16,
    pub descender: i16,
    /// `OS/2` `sCapHeight` (version 2 and later).
    pub cap_height: Option<i16>,
    /// `post` italic angle in degrees.
    pub italic_angle: f32,
    /// `OS/2` fsSelection italic bit or `head` macStyle italic bit.
    pub italic: bool,
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    d.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn i16_at(d: &[u8], at: usize) -> Option<i16> {
    u16_at(d, at).map(|v| v as i16)
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    d.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl<'a> FontTables<'a> {
    /// Reads a TrueType/OpenType font file (not a collection); `None` when it is not one.
    pub fn parse(data: &'a [u8]) -> Option<FontTables<'a>> {
        let version = u32_at(data, 0)?;
        if version != 0x0001_0000
            && version != u32::from_be_bytes(*b"OTTO")
            && version != u32::from_be_bytes(*b"true")
        {
            return None;
        }
        let n = u16_at(data, 4)? as usize;
        let table = |tag: &[u8; 4]| -> Option<&'a [u8]> {
            (0..n).find_map(|k| {
                let rec = 12 + 16 * k;
                if data.get(rec..rec + 4)? != tag {
                    return None;
                }
                let off = u32_at(data, rec + 8)? as usize;
                let len = u32_at(data, rec + 12)? as usize;
                data.get(off..off.checked_add(len)?)
            })
        };
        let head = table(b"head")?;
        let hhea = table(b"hhea")?;
        let os2 = table(b"OS/2");
        let post = table(b"post");
        let units_per_em = u16_at(head, 18)?;
        if units_per_em == 0 {
            return None;
        }
        let bbox = [
            i16_at(head, 36)?,
            i16_at(head, 38)?,
            i16_at(head, 40)?,
            i16_at(head, 42)?,
        ];
        let mac_italic = u16_at(head, 44).is_some_and(|s| s & 2 != 0);
        let os2_italic = os2.and_then(|t| u16_at(t, 62)).is_some_and(|s| s & 1 != 0);
        let cap_height = os2
            .filter(|t| u16_at(t, 0).is_some_and(|v| v >= 2))
            .and_then(|t| i16_at(t, 88));
        let italic_angle = post
            .and_then(|t| u32_at(t, 4))
            .map_or(0.0, |v| v as i32 as f32 / 65536.0);
        Some(FontTables {
            data,
            cmap: table(b"cmap"),
            hmtx: table(b"hmtx"),
            n_hmetrics: u16_at(hhea, 34)?,
            units_per_em,
            bbox,
            ascender: i16_at(hhea, 4)?,
            descender: i16_at(hhea, 6)?,
            cap_height,
            italic_angle,
            italic: mac_italic || os2_italic,
        })
    }

    /// The font's bytes.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The advance width of glyph `gid` (font units).
    pub fn advance(&self, gid: u16) -> u16 {
        let Some(hmtx) = self.hmtx else { return 0 };
        let last = self.n_hmetrics.saturating_sub(1);
        u16_at(hmtx, 4 * gid.min(last) as usize).unwrap_or(0)
    }

    /// The glyph of `c` (Unicode `cmap` subtable: format 12 preferred, else format 4).
    pub fn glyph(&self, c: char) -> Option<u16> {
        let cmap = self.cmap?;
        let n = u16_at(cmap, 2)? as usize;
        let mut fmt4 = None;
        for k in 0..n {
            let rec = 4 + 8 * k;
            let (platform, encoding) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
            if !unicode {
                continue;
            }
            let sub = cmap.get(u32_at(cmap, rec + 4)? as usize..)?;
            match u16_at(sub, 0)? {
                12 => return format12(sub, c as u32),
                4 => fmt4 = Some(sub),
                _ => {}
            }
        }
        format4(fmt4?, c as u32)
    }
}

fn format12(sub: &[u8], cp: u32) -> Option<u16> {
    let groups = u32_at(sub, 12)? as usize;
    let (mut lo, mut hi) = (0usize, groups);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let g = 16 + 12 * mid;
        let (start, end, gid) = (u32_at(sub, g)?, u32_at(sub, g + 4)?, u32_at(sub, g + 8)?);
        if cp < start {
            hi = mid;
        } else if cp > end {
            lo = mid + 1;
        } else {
            return u16::try_from(gid + (cp - start)).ok().filter(|&g| g != 0);
        }
    }
    None
}

fn format4(sub: &[u8], cp: u32) -> Option<u16> {
    let cp = u16::try_from(cp).ok()?;
    let segs = (u16_at(sub, 6)? / 2) as usize;
    let ends = 14;
    let starts = ends + 2 * segs + 2;
    let deltas = starts + 2 * segs;
    let ranges = deltas + 2 * segs;
    for s in 0..segs {
        let end = u16_at(sub, ends + 2 * s)?;
        if cp > end {
            continue;
        }
        let start = u16_at(sub, starts + 2 * s)?;
        if cp < start {
            return None;
        }
        let delta = u16_at(sub, deltas + 2 * s)?;
        let range = u16_at(sub, ranges + 2 * s)?;
        let gid = if range == 0 {
            cp.wrapping_add(delta)
        } else {
            let at = ranges + 2 * s + range as usize + 2 * (cp - start) as usize;
            let g = u16_at(sub, at)?;
            if g == 0 {
                0
            } else {
                g.wrapping_add(delta)
            }
        };
        return (gid != 0).then_some(gid);
    }
    None
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::figures::fonts::Fonts;

    #[test]
    fn reads_the_same_as_ttf_parser() {
        let fonts = Fonts::bundled();
        for data in [fonts.regular, fonts.oblique] {
            let ours = FontTables::parse(data).expect("a font");
            let theirs = ttf_parser::Face::parse(data, 0).expect("a font");
            assert_eq!(ours.units_per_em, theirs.units_per_em());
            assert_eq!(ours.ascender, theirs.ascender());
            assert_eq!(ours.descender, theirs.descender());
            assert_eq!(ours.cap_height, theirs.capital_height());
            assert_eq!(ours.italic_angle, theirs.italic_angle());
            let bb = theirs.global_bounding_box();
            assert_eq!(ours.bbox, [bb.x_min, bb.y_min, bb.x_max, bb.y_max]);
            let mut n = 0;
            for c in (0u32..0x3000)
                .chain(0x1D400..0x1D500)
                .filter_map(char::from_u32)
            {
                // A character mapped to glyph 0 (.notdef) has no glyph.
                let g = theirs.glyph_index(c).map(|g| g.0).filter(|&g| g != 0);
                assert_eq!(ours.glyph(c), g, "{c:?}");
                if let Some(g) = g {
                    assert_eq!(
                        Some(ours.advance(g)),
                        theirs.glyph_hor_advance(ttf_parser::GlyphId(g))
                    );
                    n += 1;
                }
            }
            assert!(n > 1000, "{n} glyphs");
        }
        assert!(FontTables::parse(b"not a font at all").is_none());
        assert!(FontTables::parse(&fonts.regular[..100]).is_none());
    }
}
