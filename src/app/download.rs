//! Downloads made in the page: each figure as SVG (editable text) and as a 300-dpi PNG drawn on a detached
//! canvas (`canvas.toBlob`), and the CSV `robustness_summary_statistics.csv`.
//!
//! Owns: the file names and the blob-URL + `<a download>` mechanics.

use super::figures_view::{draw, Kind};
use super::load::js_msg;
use super::state::AppState;
use crate::figures::FigureOptions;
use crate::report;
use js_sys::{Array, Promise};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement};

/// Dots per inch of the PNG export.
pub const PNG_DPI: f64 = 300.0;

/// Offers `blob` as a download named `name`.
pub fn save_blob(blob: &Blob, name: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|e| js_msg(&e))?;
    let a: HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|e| js_msg(&e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke later: the download reads the URL after this task.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Offers a text as a download.
pub fn save_text(text: &str, mime: &str, name: &str) -> Result<(), String> {
    let parts = Array::of1(&text.into());
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|e| js_msg(&e))?;
    save_blob(&blob, name)
}

/// The figure drawn at 300 dpi on a detached canvas, as PNG.
pub async fn png(
    kind: Kind,
    stats: &[crate::stats::SweepStats],
    opts: &FigureOptions,
) -> Result<Blob, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| js_msg(&e))?
        .unchecked_into();
    let (w_in, _) = kind.size_in();
    draw(&canvas, kind, stats, opts, (w_in * PNG_DPI).round(), 1.0)?;
    let blob = JsFuture::from(Promise::new(&mut |ok, err| {
        if let Err(e) = canvas.to_blob(&ok) {
            let _ = err.call1(&wasm_bindgen::JsValue::NULL, &e);
        }
    }))
    .await
    .map_err(|e| js_msg(&e))?;
    let blob = blob
        .dyn_into::<Blob>()
        .map_err(|_| "the browser made no PNG".to_string())?;
    // Say 300 dpi in the file too (a pHYs chunk, as matplotlib writes), so layout tools size it at 7.5 in.
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| js_msg(&e))?;
    let bytes = with_dpi(&js_sys::Uint8Array::new(&buf).to_vec(), PNG_DPI);
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let opts = BlobPropertyBag::new();
    opts.set_type("image/png");
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(|e| js_msg(&e))
}

/// The PNG with a `pHYs` chunk saying `dpi` (replacing any), inserted after `IHDR`; anything that is not a
/// PNG comes back unchanged.
pub fn with_dpi(png: &[u8], dpi: f64) -> Vec<u8> {
    const SIG: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];
    if png.len() < 33 || png[..8] != SIG || &png[12..16] != b"IHDR" {
        return png.to_vec();
    }
    let ppm = (dpi / 0.0254).round() as u32;
    let mut data = Vec::with_capacity(9);
    data.extend_from_slice(&ppm.to_be_bytes());
    data.extend_from_slice(&ppm.to_be_bytes());
    data.push(1); // unit: metre
    let mut out = Vec::with_capacity(png.len() + 21);
    out.extend_from_slice(&png[..33]); // signature + IHDR (13 bytes of data)
    out.extend_from_slice(&chunk(b"pHYs", &data));
    // Copy the remaining chunks, dropping an existing pHYs.
    let mut i = 33;
    while i + 12 <= png.len() {
        let len = u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]) as usize;
        let end = (i + 12 + len).min(png.len());
        if &png[i + 4..i + 8] != b"pHYs" {
            out.extend_from_slice(&png[i..end]);
        }
        i = end;
    }
    out
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = Vec::with_capacity(12 + data.len());
    c.extend_from_slice(&(data.len() as u32).to_be_bytes());
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let crc = crc32(&c[4..]);
    c.extend_from_slice(&crc.to_be_bytes());
    c
}

/// CRC-32 (IEEE), as PNG chunks use.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn report_error(what: &str, e: String) {
    web_sys::console::warn_1(&format!("{what} failed: {e}").into());
}

/// SVG and PNG buttons of one figure.
#[component]
pub fn FigureDownloads(kind: Kind, opts: Memo<FigureOptions>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (svg_id, png_id) = match kind {
        Kind::Ranked => ("download-svg-ranked", "download-png-ranked"),
        Kind::Counts => ("download-svg-counts", "download-png-counts"),
    };
    let empty = move || state.stats.with(|s| s.is_empty());
    let svg = move |_| {
        let text = state
            .stats
            .with_untracked(|s| kind.svg(s, &opts.get_untracked()));
        if let Err(e) = save_text(&text, "image/svg+xml", &format!("{}.svg", kind.file_stem())) {
            report_error("SVG download", e);
        }
    };
    let png_click = move |_| {
        let stats = state.stats.get_untracked();
        let o = opts.get_untracked();
        spawn_local(async move {
            match png(kind, &stats, &o).await {
                Ok(b) => {
                    if let Err(e) = save_blob(&b, &format!("{}.png", kind.file_stem())) {
                        report_error("PNG download", e);
                    }
                }
                Err(e) => report_error("PNG export", e),
            }
        });
    };
    view! {
        <span class="downloads">
            <button type="button" class="link" data-testid=svg_id disabled=empty on:click=svg>"SVG"</button>
            <button type="button" class="link" data-testid=png_id disabled=empty on:click=png_click>"PNG 300 dpi"</button>
        </span>
    }
}

/// The CSV button.
#[component]
pub fn CsvDownload() -> impl IntoView {
    let state = expect_context::<AppState>();
    let click = move |_| {
        let text = state
            .sweeps
            .with_untracked(|list| state.stats.with_untracked(|stats| csv_text(list, stats)));
        if let Err(e) = save_text(&text, "text/csv", report::CSV_FILE_NAME) {
            report_error("CSV download", e);
        }
    };
    view! {
        <button type="button" class="btn small" data-testid="download-csv" disabled=move || state.stats.with(|s| s.is_empty()) on:click=click>
            "CSV"
        </button>
    }
}

/// The CSV of the loaded sweeps (float32 columns when every `post` was float32, as pandas writes them).
fn csv_text(list: &[super::state::Loaded], stats: &[crate::stats::SweepStats]) -> String {
    // Cloning a sweep shares its arrays (`Arc`), so this copies no data.
    let sweeps: Vec<crate::sweep::Sweep> = list.iter().map(|l| (*l.sweep).clone()).collect();
    report::csv_for(&sweeps, stats)
}
