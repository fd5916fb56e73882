//! The standalone report: one HTML file holding the page (its wasm, glue, CSS, workers, fonts), the shared
//! pickles (their original bytes) and the settings, that opens from `file://` with no network at all.
//!
//! Owns: the report's layout: the page's `<title>` and `<meta>`s, the `infosweep-*` declarations (settings,
//! provenance; no data folder), the CSS inline in `<style>`, a JSON manifest
//! (`<script type="application/json" id="infosweep-report">`: glue, wasm, page files, data files), one
//! `<script type="application/octet-stream" data-infosweep-file=PATH data-type=MIME data-size=N
//! [data-encoding=deflate]>` per file holding its base64 (zlib-deflated first when that is smaller: the
//! browser inflates it with `DecompressionStream('deflate')`, which checks its Adler-32), and the boot
//! script `report_boot.js`.

use super::html::{escape_attr, Declarations, PageHtml};
use super::site::{bundle_settings, check_page_path, data_layout, Folders, INDEX_HTML};
use super::{
    json_list, json_string, pack, Bundle, Encoding, ShareError, DATA_FOLDER, DEFLATE_LEVEL,
};
use base64::Engine as _;

/// The boot script (an ES module; it runs after the document is parsed).
pub const BOOT_JS: &str = include_str!("report_boot.js");
/// The `id` of the manifest element.
pub const MANIFEST_ID: &str = "infosweep-report";

/// The MIME type a file is served with (what `fetch` of its data: URL reports; wasm must be
/// `application/wasm` for streaming compilation).
pub fn mime_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// zlib-deflates `bytes` (what `DecompressionStream('deflate')` reads).
pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, DEFLATE_LEVEL)
}

/// Sizes of what went into a report, for the page and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportSizes {
    /// Bytes of the page's files and of the pickles, as they are.
    pub page_raw: usize,
    pub data_raw: usize,
    /// The same after deflating where that was smaller (before base64).
    pub page_packed: usize,
    pub data_packed: usize,
    /// The whole report.
    pub total: usize,
}

/// The report of `b` as HTML text, with what went into it.
pub fn report_html(b: &Bundle<'_>) -> Result<(String, ReportSizes), ShareError> {
    let index = b
        .page
        .iter()
        .find(|f| f.path == INDEX_HTML)
        .ok_or_else(|| ShareError::MissingPageFile(INDEX_HTML.into()))?;
    let page = PageHtml::read(&String::from_utf8_lossy(&index.bytes))?;
    let find = |p: &str| {
        b.page
            .iter()
            .find(|f| f.path == p)
            .ok_or_else(|| ShareError::MissingPageFile(p.to_string()))
    };
    find(&page.glue)?;
    find(&page.wasm)?;
    let layout = data_layout(&b.data, Folders::Report)?;
    let decl = Declarations {
        data: None,
        settings: bundle_settings(&b.settings, &layout.folders).to_hash(),
        made: b.made.describe(),
    };

    let mut sizes = ReportSizes::default();
    let mut blocks: Vec<(String, Encoding, std::borrow::Cow<'_, [u8]>, usize)> = Vec::new();
    let mut page_paths = Vec::new();
    for f in &b.page {
        check_page_path(&f.path)?;
        if f.path.starts_with(DATA_FOLDER) {
            return Err(ShareError::PathClash(f.path.clone()));
        }
        let (enc, bytes) = pack(&f.bytes, zlib);
        sizes.page_raw += f.bytes.len();
        sizes.page_packed += bytes.len();
        page_paths.push(f.path.clone());
        blocks.push((f.path.clone(), enc, bytes, f.bytes.len()));
    }
    let mut data_paths = Vec::new();
    for (d, p) in b.data.iter().zip(&layout.paths) {
        let (enc, bytes) = pack(&d.bytes, zlib);
        sizes.data_raw += d.bytes.len();
        sizes.data_packed += bytes.len();
        let path = format!("{DATA_FOLDER}{p}");
        data_paths.push(path.clone());
        blocks.push((path, enc, bytes, d.bytes.len()));
    }
    for p in &data_paths {
        if page_paths.contains(p) {
            return Err(ShareError::PathClash(p.clone()));
        }
    }

    let css: String = page
        .stylesheets
        .iter()
        .map(|s| find(s).map(|f| String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect::<Result<Vec<_>, _>>()?
        .join("\n");
    let base64_len: usize = blocks
        .iter()
        .map(|(_, _, b, _)| b.len().div_ceil(3) * 4)
        .sum();
    let mut out = String::with_capacity(base64_len + css.len() + BOOT_JS.len() + 4096);
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n");
    for m in &page.head_meta {
        out.push_str(m);
        out.push('\n');
    }
    out.push_str(&decl.meta());
    // `</style` cannot occur in a stylesheet's text; escaped as CSS reads it, should it ever.
    out.push_str("<style>\n");
    out.push_str(&css.replace("</style", "<\\/style"));
    out.push_str("\n</style>\n");
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"{MANIFEST_ID}\">{{\"glue\": {}, \"wasm\": {}, \"page\": {}, \"data\": {}}}</script>\n",
        json_string(&page.glue),
        json_string(&page.wasm),
        json_list(page_paths.iter().map(String::as_str)),
        json_list(data_paths.iter().map(String::as_str)),
    ));
    for (path, enc, bytes, size) in &blocks {
        out.push_str(&format!(
            "<script type=\"application/octet-stream\" data-infosweep-file=\"{}\" data-type=\"{}\" data-size=\"{size}\"{}>",
            escape_attr(path),
            mime_type(path),
            match enc {
                Encoding::Deflated => " data-encoding=\"deflate\"",
                Encoding::Stored => "",
            }
        ));
        base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut out);
        out.push_str("</script>\n");
    }
    out.push_str("<script type=\"module\">\n");
    out.push_str(BOOT_JS);
    out.push_str("</script>\n</head>\n<body data-state=\"loading\">\n<noscript>This report needs JavaScript and \
                  WebAssembly: it reads the pickles stored in this file, in the browser.</noscript>\n</body>\n</html>\n");
    sizes.total = out.len();
    Ok((out, sizes))
}
