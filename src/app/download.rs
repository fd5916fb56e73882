//! Downloads made in the page: each figure as SVG (editable text), as PDF (written by the export worker,
//! [`super::export_client`]) and as a PNG at the chosen resolution (300 or 600 dpi, `dpi=` in the hash)
//! drawn on a detached canvas (`canvas.toBlob`), the same PNG copied to the clipboard
//! (`navigator.clipboard.write` with a `ClipboardItem`; the button is left out where the browser lacks
//! either), and the CSVs `robustness_summary_statistics.csv` and `png_counts_summary_statistics.csv`.
//!
//! The SVG and the PNG's canvas are made by the draw module ([`super::draw_client`], loaded first when it is
//! not there yet).
//!
//! Owns: the blob-URL + `<a download>` mechanics, the clipboard write and the export buttons' status
//! messages; file names come from [`Figure::file_stem`] and [`crate::report`].

use super::draw_client::{self, Versioned};
use super::export_client;
use super::load::js_msg;
use super::state::AppState;
use crate::describe::{figure_number, has_data};
use crate::figures::{Figure, FigureData, FigureOptions};
use crate::report;
use crate::settings::PngDpi;
use crate::stats::{PngSweepStats, SweepStats};
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement};

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

/// Calls `f` with the figures' data now in the state, named by its version (after the draw module is
/// loaded; [`draw_client::with_shown`]).
fn with_data<T>(
    state: AppState,
    version: Memo<u64>,
    f: impl FnOnce(Versioned) -> Result<T, String>,
) -> Result<T, String> {
    draw_client::with_shown(state, version, f)
        .unwrap_or_else(|| Err("the figures are no longer shown".into()))
}

/// The figure drawn at `dpi` on a detached canvas by the draw module, as PNG (transparent where the
/// options say so: the canvas starts transparent and the scene then has no background fill).
pub async fn png(
    state: AppState,
    version: Memo<u64>,
    kind: Figure,
    opts: &FigureOptions,
    dpi: PngDpi,
) -> Result<Blob, String> {
    draw_client::load().await?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|e| js_msg(&e))?
        .unchecked_into();
    with_data(state, version, |data| {
        draw_client::draw_png(&canvas, kind, data, opts, f64::from(dpi.dpi()))
    })?;
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
    // Say the dpi in the file too (a pHYs chunk, as matplotlib writes), so layout tools size it at 7.5 in.
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| js_msg(&e))?;
    let bytes = with_dpi(
        &js_sys::Uint8Array::new(&buf).to_vec(),
        f64::from(dpi.dpi()),
    );
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

/// `navigator.clipboard`, when it can write images (`clipboard.write` and `ClipboardItem` exist: a secure
/// context in a browser that has them).
fn clipboard() -> Option<(JsValue, Function, Function)> {
    let w = web_sys::window()?;
    let nav = Reflect::get(&w, &"navigator".into()).ok()?;
    let clip = Reflect::get(&nav, &"clipboard".into()).ok()?;
    if clip.is_undefined() || clip.is_null() {
        return None;
    }
    let write = Reflect::get(&clip, &"write".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let item = Reflect::get(&w, &"ClipboardItem".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((clip, write, item))
}

/// Starts copying the PNG that `blob` will resolve to (the write starts within the click, as Safari
/// requires; the item takes the promise of the blob); resolves when the clipboard has it.
fn copy_png(blob: Promise) -> Result<Promise, String> {
    let (clip, write, item_ctor) = clipboard().ok_or("this browser cannot copy images")?;
    let data = Object::new();
    Reflect::set(&data, &"image/png".into(), &blob).map_err(|e| js_msg(&e))?;
    let item = Reflect::construct(&item_ctor, &Array::of1(&data)).map_err(|e| js_msg(&e))?;
    write
        .call1(&clip, &Array::of1(&item))
        .map_err(|e| js_msg(&e))?
        .dyn_into::<Promise>()
        .map_err(|_| "clipboard.write gave no promise".to_string())
}

/// The statistics a figure draws, copied out of the state (a click's PDF export runs after it returns).
fn figure_data(state: AppState, kind: Figure) -> (Vec<SweepStats>, Vec<PngSweepStats>) {
    match kind {
        Figure::Ranked | Figure::Counts => (state.stats.get_untracked(), Vec::new()),
        Figure::PngCounts => (Vec::new(), state.png_stats.get_untracked()),
    }
}

/// The test ids of a figure's buttons: SVG, PNG, copy, PDF.
fn button_ids(kind: Figure) -> [&'static str; 4] {
    match kind {
        Figure::Ranked => [
            "download-svg-ranked",
            "download-png-ranked",
            "copy-png-ranked",
            "download-pdf-ranked",
        ],
        Figure::Counts => [
            "download-svg-counts",
            "download-png-counts",
            "copy-png-counts",
            "download-pdf-counts",
        ],
        Figure::PngCounts => [
            "download-svg-png",
            "download-png-png",
            "copy-png-png",
            "download-pdf-png",
        ],
    }
}

/// SVG, PDF, PNG and copy buttons of one figure.
#[component]
pub fn FigureDownloads(
    kind: Figure,
    opts: Memo<FigureOptions>,
    /// The figures' data version ([`draw_client::next_version`]).
    version: Memo<u64>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let [svg_id, png_id, copy_id, pdf_id] = button_ids(kind);
    let figure = format!("Figure {}", figure_number(kind));
    let empty = move || {
        state.stats.with(|info| {
            state
                .png_stats
                .with(|png| !has_data(kind, &FigureData { info, png }))
        })
    };
    let dpi = move || state.settings.with(|s| s.png_dpi);
    let copied = RwSignal::new(String::new());
    let pdf_status = RwSignal::new(String::new());
    let pdf_error = RwSignal::new(String::new());
    let pdf_busy = RwSignal::new(false);
    let svg = move |_| {
        let o = opts.get_untracked();
        spawn_local(async move {
            let saved = match draw_client::load().await {
                Ok(()) => with_data(state, version, |data| draw_client::svg(kind, data, &o))
                    .and_then(|text| {
                        save_text(&text, "image/svg+xml", &format!("{}.svg", kind.file_stem()))
                    }),
                Err(e) => Err(e),
            };
            if let Err(e) = saved {
                report_error("SVG download", e);
            }
        });
    };
    let pdf_click = move |_| {
        let (info, png) = figure_data(state, kind);
        let o = opts.get_untracked();
        pdf_busy.set(true);
        pdf_error.set(String::new());
        spawn_local(async move {
            let name = format!("{}.pdf", kind.file_stem());
            let progress = move |m: &str| {
                pdf_status.try_set(m.to_string());
            };
            let result = match export_client::pdf(kind, info, png, o, progress).await {
                Ok(bytes) => {
                    let parts = Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
                    let bag = BlobPropertyBag::new();
                    bag.set_type("application/pdf");
                    match Blob::new_with_u8_array_sequence_and_options(&parts, &bag)
                        .map_err(|e| js_msg(&e))
                        .and_then(|b| save_blob(&b, &name))
                    {
                        Ok(()) => Ok(format!("{name} saved ({} kB).", bytes.len().div_ceil(1000))),
                        Err(e) => Err(format!("Could not save {name}: {e}")),
                    }
                }
                Err(e) => Err(format!("Could not make {name}: {e}")),
            };
            // A failure is an alert (announced at once); progress and success are a status.
            let (status, error) = match result {
                Ok(m) => (m, String::new()),
                Err(e) => (String::new(), e),
            };
            pdf_status.try_set(status);
            pdf_error.try_set(error);
            pdf_busy.try_set(false);
        });
    };
    let png_click = move |_| {
        let o = opts.get_untracked();
        let d = state.settings.with_untracked(|s| s.png_dpi);
        spawn_local(async move {
            match png(state, version, kind, &o, d).await {
                Ok(b) => {
                    if let Err(e) = save_blob(&b, &format!("{}.png", kind.file_stem())) {
                        report_error("PNG download", e);
                    }
                }
                Err(e) => report_error("PNG export", e),
            }
        });
    };
    let copy_click = move |_| {
        let o = opts.get_untracked();
        let d = state.settings.with_untracked(|s| s.png_dpi);
        let blob = wasm_bindgen_futures::future_to_promise(async move {
            png(state, version, kind, &o, d)
                .await
                .map(JsValue::from)
                .map_err(|e| JsValue::from_str(&e))
        });
        copied.set(String::new());
        let figure = figure.clone();
        match copy_png(blob) {
            Ok(done) => spawn_local(async move {
                let msg = match JsFuture::from(done).await {
                    Ok(_) => format!("{figure} copied as PNG ({} dpi).", d.dpi()),
                    Err(e) => format!("Could not copy {figure}: {}", js_msg(&e)),
                };
                copied.try_set(msg);
            }),
            Err(e) => copied.set(format!("Could not copy {figure}: {e}")),
        }
    };
    let can_copy = clipboard().is_some();
    view! {
        <span class="downloads">
            <button type="button" class="link" data-testid=svg_id disabled=empty on:click=svg>"SVG"</button>
            <button
                type="button"
                class="link"
                data-testid=pdf_id
                disabled=move || empty() || pdf_busy.get()
                aria-busy=move || pdf_busy.get().to_string()
                on:click=pdf_click
            >
                "PDF"
            </button>
            <button type="button" class="link" data-testid=png_id disabled=empty on:click=png_click>
                {move || format!("PNG {} dpi", dpi().dpi())}
            </button>
            {can_copy.then(|| view! {
                <button type="button" class="link" data-testid=copy_id disabled=empty on:click=copy_click>"Copy PNG"</button>
            })}
            <span class="copied" role="status" data-testid=format!("{copy_id}-status")>{move || copied.get()}</span>
            <span class="copied" role="status" data-testid=format!("{pdf_id}-status")>{move || pdf_status.get()}</span>
            {move || {
                let e = pdf_error.get();
                (!e.is_empty()).then(|| view! {
                    <span class="copied error" role="alert" data-testid=format!("{pdf_id}-error")>{e}</span>
                })
            }}
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

/// The Fig. S9C CSV button (`png_counts_summary_statistics.csv`; disabled while no point has data, as the
/// notebook then writes no file).
#[component]
pub fn PngCsvDownload() -> impl IntoView {
    let state = expect_context::<AppState>();
    let click = move |_| match state.png_stats.with_untracked(|s| report::png_csv(s)) {
        Some(text) => {
            if let Err(e) = save_text(&text, "text/csv", report::PNG_CSV_FILE_NAME) {
                report_error("CSV download", e);
            }
        }
        None => report_error("CSV download", "no point has PNG counts".into()),
    };
    let empty = move || {
        state.png_stats.with(|s| {
            s.iter()
                .all(|sw| sw.points.iter().all(|p| p.stats.is_none()))
        })
    };
    view! {
        <button type="button" class="btn small" data-testid="download-csv-png" disabled=empty on:click=click>
            "CSV"
        </button>
    }
}

/// The CSV of the loaded sweeps (float32 columns when every `post` was float32, as pandas writes them).
fn csv_text(list: &[super::state::Loaded], stats: &[crate::stats::SweepStats]) -> String {
    let dtypes: Vec<bool> = list.iter().filter_map(|l| l.data.float32).collect();
    report::csv_with_dtypes(stats, !dtypes.is_empty() && dtypes.iter().all(|&f| f))
}
