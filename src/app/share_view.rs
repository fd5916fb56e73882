//! The Share box: three ways to show this view to a reviewer. **Copy link** copies the page's address with
//! the settings (and `#data=` when the data came from a link); sweeps from the user's own files cannot
//! travel in a link, and the box says so and points to the two other ways. **Report** downloads
//! `infosweep-report.html`, one file holding the page, its wasm and the loaded pickles, that opens from
//! disk with no network. **Site** downloads `infosweep-site.zip`, the page's files plus the pickles under
//! `data/`, which opens that data with these settings from any folder of a static host. Both are made by
//! the export worker (the zip and report code is not in the page's wasm) from the page's own files and the
//! loaded pickles' original bytes. The box also says which infosweep made the bundle or report shown.
//!
//! Owns: the box, the copy-link message, and gathering what a report or site is made of (`share_job`:
//! each loaded sweep's own [`Source`], its URL or the user's `File`, so that a report or site holds the
//! original bytes of exactly the files shown, renamed or brought back by Undo included).

use super::bundle;
use super::download::save_blob;
use super::export_client;
use super::load::js_msg;
use super::state::{AppState, Origin, Source};
use super::status::paragraph;
use crate::share::job::{DataSource, ShareJob, ShareKind};
use crate::share::PAGE_FILES_LIST;
use crate::sweep::SweepFile;
use js_sys::{Array, Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the copy-link button says once the link is on the clipboard (or could not be put there).
fn link_message(copied: Result<(), String>, href: &str, local: &[String]) -> String {
    let mut m = match copied {
        Ok(()) => "Link copied.".to_string(),
        Err(e) => format!("Could not copy the link ({e}); here it is: {href}"),
    };
    if href.starts_with("file:") {
        m.push_str(
            " This page is a file on this computer, so the link opens only here: send the file itself, or \
             publish the site bundle.",
        );
    } else if !local.is_empty() {
        m.push_str(&format!(
            " It carries the settings, but not {} from your own files ({}): a link opens only data \
             published on the web. Send the report (one HTML file that opens without a network), or publish \
             the site bundle.",
            if local.len() == 1 { "the sweep" } else { "the sweeps" },
            local.join(", ")
        ));
    }
    m
}

/// A URL the export worker can fetch for a source (a `blob:` URL for the user's own file, revoked by
/// the caller when the job is done), and whether it is such a blob URL. In a report (a `file://` page whose
/// worker runs from a `data:` URL, so another origin that cannot read the page's `blob:` URLs) a file goes
/// as a `data:` URL.
async fn source_url(source: &Source) -> Result<(String, bool), String> {
    match source {
        Source::Url(u) => Ok((u.clone(), false)),
        Source::File(f) if bundle::is_report() => data_url(f).await.map(|u| (u, false)),
        Source::File(f) => web_sys::Url::create_object_url_with_blob(f)
            .map(|u| (u, true))
            .map_err(|e| js_msg(&e)),
        Source::Decoded => Err("a sweep handed over decoded has no file to copy".into()),
    }
}

/// `file` as a `data:` URL (`FileReader.readAsDataURL`).
async fn data_url(file: &web_sys::File) -> Result<String, String> {
    let reader = web_sys::FileReader::new().map_err(|e| js_msg(&e))?;
    let done = Promise::new(&mut |ok, err| {
        reader.set_onload(Some(&ok));
        reader.set_onerror(Some(&err));
    });
    reader.read_as_data_url(file).map_err(|e| js_msg(&e))?;
    JsFuture::from(done).await.map_err(|e| js_msg(&e))?;
    reader
        .result()
        .map_err(|e| js_msg(&e))?
        .as_string()
        .ok_or_else(|| "the file could not be read".to_string())
}

/// The page's own files (`files.json`, or the report's list).
async fn page_files() -> Result<Vec<String>, String> {
    if let Some(list) = bundle::report_page_files() {
        return Ok(list);
    }
    let url = bundle::page_url(PAGE_FILES_LIST)?;
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|e| js_msg(&e))?
        .unchecked_into();
    if !resp.ok() {
        return Err(format!(
            "the page's file list {PAGE_FILES_LIST} is missing (HTTP {}): this build was not made by              `trunk build`",
            resp.status()
        ));
    }
    let text = JsFuture::from(resp.text().map_err(|e| js_msg(&e))?)
        .await
        .map_err(|e| js_msg(&e))?
        .as_string()
        .unwrap_or_default();
    let value =
        js_sys::JSON::parse(&text).map_err(|e| format!("bad {PAGE_FILES_LIST}: {}", js_msg(&e)))?;
    if !Array::is_array(&value) {
        return Err(format!("bad {PAGE_FILES_LIST}: not a list"));
    }
    Ok(Array::from(&value)
        .iter()
        .filter_map(|v| v.as_string())
        .collect())
}

/// What a report or site of the current view is made of, and the `blob:` URLs to revoke afterwards.
async fn share_job(state: AppState, kind: ShareKind) -> Result<(ShareJob, Vec<String>), String> {
    let page = page_files()
        .await?
        .into_iter()
        .map(|p| bundle::page_file_url(&p).map(|u| (p, u)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut wanted: Vec<(Source, SweepFile, String)> = state.sweeps.with_untracked(|l| {
        l.iter()
            .map(|s| (s.source.clone(), SweepFile::Information, s.hparam.clone()))
            .collect()
    });
    state.png_sweeps.with_untracked(|l| {
        wanted.extend(
            l.iter()
                .map(|p| (p.source.clone(), SweepFile::PngCounts, p.hparam.clone())),
        )
    });
    if wanted.is_empty() {
        return Err("no sweep is loaded".into());
    }
    let mut blobs = Vec::new();
    let mut data = Vec::new();
    for (source, kind, hparam) in wanted {
        let (url, blob) = source_url(&source)
            .await
            .map_err(|e| format!("{hparam}: {e}"))?;
        if blob {
            blobs.push(url.clone());
        }
        data.push(DataSource { hparam, kind, url });
    }
    let job = ShareJob {
        kind,
        page,
        data,
        settings: state.settings.with_untracked(|s| s.to_hash()),
        unix_seconds: (js_sys::Date::now() / 1000.0).floor() as i64,
    };
    Ok((job, blobs))
}

/// Makes the report or site of the current view in the export worker and offers it as a download; returns
/// the message for the user (`Err` when it failed).
async fn make_share(
    state: AppState,
    kind: ShareKind,
    progress: impl Fn(&str) + 'static,
) -> Result<String, String> {
    let name = kind.file_name();
    let fail = |e: String| format!("Could not make {name}: {e}");
    let (job, blobs) = share_job(state, kind).await.map_err(fail)?;
    let result = export_client::share(job, progress).await;
    for b in blobs {
        let _ = web_sys::Url::revoke_object_url(&b);
    }
    let bytes = result.map_err(fail)?;
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(kind.mime());
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag)
        .map_err(|e| js_msg(&e))
        .and_then(|b| save_blob(&b, name))
        .map_err(|e| format!("Could not save {name}: {e}"))?;
    Ok(format!("{name} saved ({}).", size_text(bytes.len())))
}

/// `812 kB`, `2.4 MB`.
fn size_text(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

/// `navigator.clipboard.writeText(text)`.
async fn write_text(text: &str) -> Result<(), String> {
    let nav = Reflect::get(&js_sys::global(), &"navigator".into()).map_err(|e| js_msg(&e))?;
    let clip = Reflect::get(&nav, &"clipboard".into()).map_err(|e| js_msg(&e))?;
    let write: Function = Reflect::get(&clip, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("this browser has no clipboard here")?;
    let p: Promise = write
        .call1(&clip, &JsValue::from_str(text))
        .map_err(|e| js_msg(&e))?
        .dyn_into()
        .map_err(|_| "no promise".to_string())?;
    JsFuture::from(p).await.map(|_| ()).map_err(|e| js_msg(&e))
}

/// The Share box.
#[component]
pub fn ShareBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(String::new());
    let copy = move |_| {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let local: Vec<String> = state.sweeps.with_untracked(|l| {
            l.iter()
                .filter(|s| matches!(s.origin, Origin::Folder | Origin::Loose))
                .map(|s| s.hparam.clone())
                .collect()
        });
        message.set(String::new());
        spawn_local(async move {
            let copied = write_text(&href).await;
            message.try_set(link_message(copied, &href, &local));
        });
    };
    let error = RwSignal::new(String::new());
    // The file being made (its name; empty when none): a `String` like the box's messages, one signal
    // type fewer in the wasm.
    let busy = RwSignal::new(String::new());
    let make = move |kind: ShareKind| {
        message.set(String::new());
        error.set(String::new());
        busy.set(kind.file_name().to_string());
        spawn_local(async move {
            let progress = move |m: &str| {
                message.try_set(m.to_string());
            };
            match make_share(state, kind, progress).await {
                Ok(m) => {
                    message.try_set(m);
                }
                Err(e) => {
                    message.try_set(String::new());
                    error.try_set(e);
                }
            }
            busy.try_set(String::new());
        });
    };
    let empty = move || state.sweeps.with(Vec::is_empty) && state.png_stats.with(Vec::is_empty);
    let share_button = move |kind: ShareKind, testid: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                class="btn small"
                data-testid=testid
                disabled=move || empty() || busy.with(|b| !b.is_empty())
                aria-busy=move || busy.with(|b| b == kind.file_name()).to_string()
                on:click=move |_| make(kind)
            >
                {label}
            </button>
        }
    };
    let made = bundle::made().map(|m| {
        let what = if bundle::is_report() {
            "This report was made"
        } else {
            "This data was shared"
        };
        view! { <p class="made" data-testid="made">{format!("{what} by {m}.")}</p> }
    });
    view! {
        <section class="share-box" aria-labelledby="share-head">
            <div class="box-head"><span id="share-head">"Share"</span></div>
            <div class="share-body">
                <div class="share-row">
                    <button type="button" class="btn small" data-testid="copy-link" on:click=copy>"Copy link"</button>
                    {share_button(ShareKind::Report, "download-report", "Report (.html)")}
                    {share_button(ShareKind::Site, "download-site", "Site (.zip)")}
                </div>
                <p class="share-msg" role="status" data-testid="share-status">{move || message.get()}</p>
                {move || {
                    let e = error.get();
                    (!e.is_empty()).then(|| paragraph("share-msg error", Some("alert"), Some("share-error".into()), e))
                }}
                {made}
            </div>
        </section>
    }
}
