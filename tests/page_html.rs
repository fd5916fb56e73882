//! The page's `index.html` against the constants it repeats: its boot script warms the canvas with the
//! same font family the figures draw with, so that the first figure's text finds the font already loaded,
//! and builds the draw module under the names the page loads.

#![cfg(not(target_arch = "wasm32"))]

use infosweep::figures::canvas::{CANVAS_FONT_FAMILY, CANVAS_SCRIPT_FAMILY};

const INDEX_HTML: &str = include_str!("../index.html");

#[test]
fn the_boot_script_warms_the_canvas_with_the_figures_font_families() {
    for font in [
        format!("'10px {CANVAS_FONT_FAMILY}'"),
        format!("'italic 10px {CANVAS_FONT_FAMILY}'"),
        format!("'10px {CANVAS_SCRIPT_FAMILY}'"),
    ] {
        assert!(
            INDEX_HTML.contains(&font),
            "index.html should warm {font} (a family in src/figures/canvas.rs changed?)"
        );
    }
}

#[test]
fn the_boot_script_writes_characters_not_escapes_which_the_minifier_breaks() {
    // Trunk's JS minifier (release builds) turned '\u2212' into the six characters `\u2212`.
    let bytes = INDEX_HTML.as_bytes();
    let escaped = bytes
        .windows(3)
        .any(|w| w[0] == b'\\' && w[1] == b'u' && w[2].is_ascii_hexdigit());
    assert!(!escaped, "index.html holds a \\uXXXX escape");
    assert!(INDEX_HTML.contains('\u{2212}') && INDEX_HTML.contains('\u{2110}'));
}

#[test]
fn the_boot_script_prefetches_the_demo_results_the_page_reads() {
    // src/app/read.rs takes responses from this global, keyed by absolute URL.
    assert!(INDEX_HTML.contains("globalThis.infosweepPrefetch = {}"));
    assert!(INDEX_HTML.contains("get(base + 'index.json')"));
    let results = format!("get(base + '{}')", infosweep::demo::RESULTS_FILE);
    assert!(
        INDEX_HTML.contains(&results),
        "index.html should prefetch {results}"
    );
}

#[test]
fn the_boot_script_preloads_and_the_build_copies_the_demo_figure_files() {
    for kind in infosweep::figures::Figure::ALL {
        let file = infosweep::demo::figure_file(kind);
        assert!(
            INDEX_HTML.contains(&format!("'{file}'")),
            "index.html should preload {file}"
        );
        assert!(
            INDEX_HTML.contains(&format!("href=\"assets/demo/{file}\"")),
            "index.html should copy assets/demo/{file}"
        );
    }
}

#[test]
fn the_build_makes_the_draw_module_under_the_names_the_page_loads() {
    // Trunk names a `data-type="worker"` binary's files after it, unhashed: <bin>.js (no-modules glue, the
    // global `wasm_bindgen` the page calls) and <bin>_bg.wasm; src/app/draw_client.rs (wasm32 only, so
    // read as text here) loads these names.
    let link = INDEX_HTML
        .lines()
        .find(|l| l.contains("data-bin=\"infosweep-draw\""))
        .expect("index.html should build infosweep-draw");
    assert!(
        link.contains("rel=\"rust\"") && link.contains("data-type=\"worker\""),
        "{link}"
    );
    assert!(
        link.contains("data-cargo-profile=\"wasm-release\""),
        "{link}"
    );
    let client = include_str!("../src/app/draw_client.rs");
    assert!(client.contains("pub const DRAW_SCRIPT: &str = \"infosweep-draw.js\";"));
    assert!(client.contains("pub const DRAW_WASM: &str = \"infosweep-draw_bg.wasm\";"));
    assert!(include_str!("../Cargo.toml")
        .contains("name = \"infosweep-draw\"\npath = \"src/bin/draw.rs\""));
}
