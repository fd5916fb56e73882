//! A transparent background (`Background::Transparent`, the page's `bg=transparent`) in every output of
//! all three figures: SVG without the figure and axes fills, PNG with alpha 0 where nothing is drawn (a
//! corner), PDF without the white rectangles; the white default keeps them.

#![cfg(not(target_arch = "wasm32"))]

#[path = "figures_fixture/mod.rs"]
mod fixture;

use infosweep::figures::{Background, Figure, FigureData, FigureOptions, Fonts};

fn options(background: Background) -> FigureOptions {
    FigureOptions {
        background,
        ..FigureOptions::default()
    }
}

/// Runs `f` on each figure drawn from the n3p2 statistics.
fn each_figure(mut f: impl FnMut(Figure, &FigureData)) {
    let info = fixture::reference_stats();
    let png = fixture::reference_png_stats();
    let data = FigureData {
        info: &info,
        png: &png,
    };
    for fig in Figure::ALL {
        f(fig, &data);
    }
}

/// The `fill` of every `<rect>` of a class in an SVG.
fn rect_fills(svg: &str, class: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("class") == Some(class))
        .map(|n| n.attribute("fill").unwrap_or("(none given)").to_string())
        .collect()
}

#[test]
fn svg_backgrounds_are_white_by_default_and_unfilled_when_transparent() {
    each_figure(|fig, data| {
        let white = fig.svg(data, &options(Background::White));
        let clear = fig.svg(data, &options(Background::Transparent));
        assert_eq!(rect_fills(&white, "figure-bg").len(), 1, "{fig:?}");
        for class in ["figure-bg", "axes-bg"] {
            let (w, c) = (rect_fills(&white, class), rect_fills(&clear, class));
            assert_eq!(w.len(), c.len(), "{fig:?} {class}: the same rects");
            assert!(!w.is_empty(), "{fig:?} {class}");
            assert!(
                w.iter()
                    .all(|f| f == "#ffffff" || f == "white" || f == "#fff"),
                "{fig:?} {class}: {w:?}"
            );
            assert!(c.iter().all(|f| f == "none"), "{fig:?} {class}: {c:?}");
        }
    });
}

#[test]
fn png_corners_are_clear_when_transparent_and_white_by_default() {
    let fonts = Fonts::bundled();
    each_figure(|fig, data| {
        for (bg, want) in [
            (Background::White, [255, 255, 255, 255]),
            (Background::Transparent, [0, 0, 0, 0]),
        ] {
            let bytes = fig.png(data, &options(bg), &fonts, 100.0).unwrap();
            let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut buf).unwrap();
            assert_eq!(info.color_type, png::ColorType::Rgba, "{fig:?}");
            let w = info.width as usize;
            let h = info.height as usize;
            for (x, y) in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)] {
                let i = (y * w + x) * 4;
                let px: [u8; 4] = buf[i..i + 4].try_into().unwrap();
                let px = if want[3] == 0 { [0, 0, 0, px[3]] } else { px };
                assert_eq!(px, want, "{fig:?} {bg:?} corner ({x}, {y})");
            }
        }
    });
}

/// Every decompressed content stream of a PDF, concatenated.
fn content(pdf: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    let find = |hay: &[u8], n: &[u8]| hay.windows(n.len()).position(|w| w == n);
    while let Some(k) = find(&pdf[i..], b"stream\n") {
        let start = i + k + 7;
        let Some(len) = find(&pdf[start..], b"\nendstream") else {
            break;
        };
        if let Ok(raw) = miniz_oxide::inflate::decompress_to_vec_zlib(&pdf[start..start + len]) {
            out.push_str(&String::from_utf8_lossy(&raw));
        }
        i = start + len + 10;
    }
    out
}

#[test]
fn pdf_pages_lose_their_white_rectangles_when_transparent() {
    let fonts = Fonts::bundled();
    each_figure(|fig, data| {
        let white = content(&fig.pdf(data, &options(Background::White), &fonts).unwrap());
        let clear = content(
            &fig.pdf(data, &options(Background::Transparent), &fonts)
                .unwrap(),
        );
        let (w_pt, h_pt) = (fig.size_in().0 * 72.0, fig.size_in().1 * 72.0);
        let page = format!("0 0 {w_pt} {}", (h_pt * 1000.0).round() / 1000.0);
        assert!(
            white.contains(&page),
            "{fig:?}: the page-sized white fill ({page})"
        );
        assert!(!clear.contains(&page), "{fig:?}: no page-sized fill");
        // Panels: one filled rectangle per axes fewer.
        let fills = |c: &str| c.matches(" re\nf\n").count();
        assert_eq!(
            fills(&white) - fills(&clear),
            1 + 3,
            "{fig:?}: figure + three axes"
        );
    });
}
