//! The PDFs of all three figures: one page of the figure's size, DejaVu Sans (and Oblique for math)
//! embedded as subset CID TrueType fonts (`/CIDFontType2`, `/FontFile2`, `Identity-H`, a subset tag) with
//! ToUnicode maps and no Type 3 font, and text that decodes (content strings through the ToUnicode maps,
//! as `pdftotext` does) to the figure's labels: `Neuron rank #`, tick labels, `# PNGs`.

#![cfg(not(target_arch = "wasm32"))]

#[path = "figures_fixture/mod.rs"]
mod fixture;

use infosweep::figures::{Figure, FigureData, FigureOptions, Fonts};
use std::collections::HashMap;

/// The decompressed streams of a PDF, in file order.
fn streams(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = find(&pdf[i..], b"stream\n") {
        let start = i + k + 7;
        let Some(len) = find(&pdf[start..], b"\nendstream") else {
            break;
        };
        let raw = &pdf[start..start + len];
        let dict_start = pdf[..i + k]
            .windows(2)
            .rposition(|w| w == b"<<")
            .unwrap_or(0);
        let dict = &pdf[dict_start..i + k];
        if find(dict, b"/FlateDecode").is_some() {
            out.push(
                miniz_oxide::inflate::decompress_to_vec_zlib(raw).expect("valid deflate stream"),
            );
        } else {
            out.push(raw.to_vec());
        }
        i = start + len + 10;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `<XXXX> <YYYY>` pairs of a ToUnicode map: CID -> character.
fn to_unicode(cmap: &str) -> HashMap<u16, char> {
    let mut m = HashMap::new();
    for line in cmap.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() == 2 && parts[0].starts_with('<') && parts[1].starts_with('<') {
            let cid = u16::from_str_radix(parts[0].trim_matches(['<', '>']), 16);
            let u = u32::from_str_radix(parts[1].trim_matches(['<', '>']), 16);
            if let (Ok(cid), Some(c)) = (cid, u.ok().and_then(char::from_u32)) {
                m.insert(cid, c);
            }
        }
    }
    m
}

/// The strings shown by a content stream, decoded with the ToUnicode map of the font selected by `Tf`
/// (`F0` regular, `F1` oblique), one string per `BT ... ET` text object.
fn shown_text(content: &[u8], maps: &[HashMap<u16, char>; 2]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut font = 0;
    let mut i = 0;
    let s = content;
    while i < s.len() {
        match s[i] {
            b'/' if s[i..].starts_with(b"/F0 ") => font = 0,
            b'/' if s[i..].starts_with(b"/F1 ") => font = 1,
            b'(' | b'<' if s[i..].starts_with(b"<<") => i += 1,
            b'(' => {
                let mut bytes = Vec::new();
                i += 1;
                while i < s.len() && s[i] != b')' {
                    if s[i] == b'\\' {
                        i += 1;
                        match s[i] {
                            b'n' => bytes.push(b'\n'),
                            b'r' => bytes.push(b'\r'),
                            b't' => bytes.push(b'\t'),
                            b'b' => bytes.push(8),
                            b'f' => bytes.push(12),
                            b'0'..=b'7' => {
                                let mut v = 0u32;
                                let mut n = 0;
                                while n < 3 && i < s.len() && (b'0'..=b'7').contains(&s[i]) {
                                    v = v * 8 + (s[i] - b'0') as u32;
                                    i += 1;
                                    n += 1;
                                }
                                bytes.push(v as u8);
                                continue;
                            }
                            c => bytes.push(c),
                        }
                    } else {
                        bytes.push(s[i]);
                    }
                    i += 1;
                }
                decode_into(&bytes, &maps[font], &mut cur);
            }
            b'<' => {
                let end = s[i..].iter().position(|&b| b == b'>').unwrap_or(0) + i;
                let hex = std::str::from_utf8(&s[i + 1..end]).unwrap_or("");
                let bytes: Vec<u8> = (0..hex.len() / 2)
                    .filter_map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).ok())
                    .collect();
                decode_into(&bytes, &maps[font], &mut cur);
                i = end;
            }
            b'E' if s[i..].starts_with(b"ET") => out.push(std::mem::take(&mut cur)),
            _ => {}
        }
        i += 1;
    }
    out
}

fn decode_into(bytes: &[u8], map: &HashMap<u16, char>, out: &mut String) {
    for pair in bytes.chunks(2) {
        let cid = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
        out.push(*map.get(&cid).unwrap_or(&'\u{FFFD}'));
    }
}

struct Parsed {
    text: String,
    texts: Vec<String>,
    raw: String,
}

fn parse(pdf: &[u8]) -> Parsed {
    let ss = streams(pdf);
    let raw = String::from_utf8_lossy(pdf).into_owned();
    // The ToUnicode maps, in font order (regular written before oblique).
    let cmaps: Vec<HashMap<u16, char>> = ss
        .iter()
        .filter(|s| find(s, b"begincmap").is_some())
        .map(|s| to_unicode(&String::from_utf8_lossy(s)))
        .collect();
    assert!(!cmaps.is_empty(), "no ToUnicode map");
    let maps = [cmaps[0].clone(), cmaps.get(1).cloned().unwrap_or_default()];
    let texts = shown_text(&ss[0], &maps);
    Parsed {
        text: texts.join(" "),
        texts,
        raw,
    }
}

fn pdf_of(fig: Figure) -> Vec<u8> {
    let info = fixture::reference_stats();
    let png = fixture::reference_png_stats();
    let data = FigureData {
        info: &info,
        png: &png,
    };
    fig.pdf(&data, &FigureOptions::default(), &Fonts::bundled())
        .expect("PDF written")
}

#[test]
fn pdfs_have_the_figure_size_and_embedded_subset_truetype_fonts() {
    for (fig, size) in [
        (Figure::Ranked, "0 0 540 136.8"),
        (Figure::Counts, "0 0 540 158.4"),
        (Figure::PngCounts, "0 0 540 144"),
    ] {
        let pdf = pdf_of(fig);
        assert!(pdf.starts_with(b"%PDF-1."));
        let p = parse(&pdf);
        assert!(
            p.raw.contains(&format!("/MediaBox [{size}]")),
            "{fig:?} page size"
        );
        assert_eq!(
            p.raw.matches("/Type /Page\n").count() + p.raw.matches("/Type /Page ").count(),
            1
        );
        assert!(!p.raw.contains("/Type3"), "{fig:?} has a Type 3 font");
        // Both fonts: Type0 over a CIDFontType2 with a FontFile2, Identity-H, ToUnicode, subset tag.
        assert_eq!(
            p.raw.matches("/Subtype /CIDFontType2").count(),
            2,
            "{fig:?}"
        );
        assert_eq!(p.raw.matches("/FontFile2").count(), 2);
        assert_eq!(p.raw.matches("/Encoding /Identity-H").count(), 2);
        assert_eq!(p.raw.matches("/ToUnicode").count(), 2);
        for name in ["+DejaVuSans ", "+DejaVuSans-Oblique "] {
            let at = p.raw.find(name).or_else(|| p.raw.find(name.trim_end()));
            let at = at.expect("subset font name");
            let tag = &p.raw[at - 6..at];
            assert!(
                tag.bytes().all(|b| b.is_ascii_uppercase()),
                "subset tag {tag:?}"
            );
        }
        // The subsets are small: a few dozen glyphs, not the 750 kB font.
        assert!(pdf.len() < 60_000, "{fig:?}: {} bytes", pdf.len());
    }
}

#[test]
fn pdf_text_extracts_to_the_labels() {
    let ranked = parse(&pdf_of(Figure::Ranked));
    assert_eq!(
        ranked
            .texts
            .iter()
            .filter(|t| *t == "Neuron rank #")
            .count(),
        3
    );
    for t in ["0.0", "0.5", "1.0", "0.02", "28"] {
        assert!(
            ranked.texts.iter().any(|x| x == t),
            "{t} in {:?}",
            ranked.texts
        );
    }
    assert!(ranked.texts.iter().any(|x| x == "ρ"), "{:?}", ranked.texts);
    assert!(ranked.text.contains("λI→E [nS]"), "{}", ranked.text);
    let counts = parse(&pdf_of(Figure::Counts));
    assert!(counts.texts.iter().any(|x| x == "# informative neurons"));
    assert!(counts.texts.iter().any(|x| x == "10.6%"));
    let png = parse(&pdf_of(Figure::PngCounts));
    assert!(png.texts.iter().any(|x| x == "# PNGs"));
    for t in ["0", "1000", "5000", "0.06", "14"] {
        assert!(png.texts.iter().any(|x| x == t), "{t} in {:?}", png.texts);
    }
    assert!(!png.text.contains('\u{FFFD}'), "{}", png.text);
}
