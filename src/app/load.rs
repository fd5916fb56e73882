//! Files in, sweeps out: walking dropped folders, reading picked files, fetching linked folders, and decoding
//! one file at a time.
//!
//! Owns: the `webkitGetAsEntry` walk (every entry taken synchronously in the drop handler, `readEntries` called
//! until it returns an empty batch), and the load loop: read one file (`File.arrayBuffer()` or `fetch`), copy
//! it into wasm memory, decode, drop the bytes, report progress, and yield to the event loop, so that
//! hundreds of MB never sit in memory at once and the page stays responsive. Which file becomes which sweep is
//! [`crate::intake`]'s decision ([`classify`]); a link's sweeps the user removed (`rm.` in the hash) are
//! left out.

use super::share_view::{remember, SourceKey};
use super::state::{mark_loading, now, AppState, FileError, Loaded, Origin, Progress, Skipped};
use crate::stats::png_sweep_stats;
use crate::sweep::{self, LoadError, SweepFile};
use js_sys::{Array, Promise, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry, Response,
};

/// Why one file gave no sweep.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("could not read the file: {0}")]
    Read(String),
    #[error("could not fetch it: {0}")]
    Fetch(String),
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{0}")]
    Io(String),
    #[error("bad index.json: {0}")]
    Index(String),
}

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    File(File),
    Url(String),
}

/// A file found in a drop, a pick or an `index.json`: its path (folders and name, `/`-separated) and source.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: String,
    pub source: Source,
}

pub use crate::intake::{classify, Plan};

/// The files of an `<input type=file>` (folder picks carry `webkitRelativePath`).
pub fn from_file_list(files: &web_sys::FileList) -> Vec<Candidate> {
    (0..files.length())
        .filter_map(|i| files.item(i))
        .map(|f| {
            let rel = js_sys::Reflect::get(&f, &JsValue::from_str("webkitRelativePath"))
                .ok()
                .and_then(|v| v.as_string())
                .filter(|s| !s.is_empty());
            Candidate {
                path: rel.unwrap_or_else(|| f.name()),
                source: Source::File(f),
            }
        })
        .collect()
}

/// Takes every dropped item's entry synchronously (must run inside the drop handler, before any await);
/// `Err` holds the plain files when the browser has no entry API.
pub fn take_entries(dt: &DataTransfer) -> Result<Vec<FileSystemEntry>, Vec<Candidate>> {
    let items = dt.items();
    let mut entries = Vec::new();
    for i in 0..items.length() {
        if let Some(item) = items.get(i) {
            if item.kind() != "file" {
                continue;
            }
            match item.webkit_get_as_entry() {
                Ok(Some(e)) => entries.push(e),
                _ => return Err(dt.files().map(|f| from_file_list(&f)).unwrap_or_default()),
            }
        }
    }
    Ok(entries)
}

/// Walks dropped entries into candidate files (folders recursively, `readEntries` until an empty batch).
pub async fn walk(entries: Vec<FileSystemEntry>, errors: &mut Vec<FileError>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut stack: Vec<FileSystemEntry> = entries.into_iter().rev().collect();
    while let Some(e) = stack.pop() {
        let path = e.full_path();
        if e.is_directory() {
            let dir: FileSystemDirectoryEntry = e.unchecked_into();
            let reader = dir.create_reader();
            let mut children = Vec::new();
            loop {
                let batch = JsFuture::from(Promise::new(&mut |ok, err| {
                    if let Err(e) = reader.read_entries_with_callback_and_callback(&ok, &err) {
                        let _ = err.call1(&JsValue::NULL, &e);
                    }
                }))
                .await;
                match batch {
                    Ok(v) => {
                        let arr: Array = v.unchecked_into();
                        if arr.length() == 0 {
                            break;
                        }
                        children.extend(arr.iter().map(|x| x.unchecked_into::<FileSystemEntry>()));
                    }
                    Err(e) => {
                        errors.push(FileError {
                            path: path.clone(),
                            message: format!("could not list the folder: {}", js_msg(&e)),
                        });
                        break;
                    }
                }
            }
            children.sort_by_key(|c| c.name());
            stack.extend(children.into_iter().rev());
        } else {
            let fe: FileSystemFileEntry = e.unchecked_into();
            match JsFuture::from(Promise::new(&mut |ok, err| {
                fe.file_with_callback_and_callback(&ok, &err)
            }))
            .await
            {
                Ok(f) => out.push(Candidate {
                    path: path.trim_start_matches('/').to_string(),
                    source: Source::File(f.unchecked_into()),
                }),
                Err(e) => errors.push(FileError {
                    path,
                    message: format!("could not open the file: {}", js_msg(&e)),
                }),
            }
        }
    }
    out
}

/// Candidates of a published folder: fetches `<folder>/index.json` (a JSON list of `<hparam>/<file>.pkl`).
pub async fn from_index(folder: &str) -> Result<Vec<Candidate>, FileError> {
    let base = folder_url(folder);
    let index = format!("{base}index.json");
    let fail = |m: ReadError| FileError {
        path: index.clone(),
        message: m.to_string(),
    };
    let resp = fetch(&index).await.map_err(fail)?;
    let text = JsFuture::from(
        resp.text()
            .map_err(|e| fail(ReadError::Fetch(js_msg(&e))))?,
    )
    .await
    .map_err(|e| fail(ReadError::Fetch(js_msg(&e))))?;
    let value = js_sys::JSON::parse(&text.as_string().unwrap_or_default())
        .map_err(|e| fail(ReadError::Index(js_msg(&e))))?;
    if !Array::is_array(&value) {
        return Err(fail(ReadError::Index(
            "expected a list of paths such as \"lrate/information_sweep_max_convex.pkl\"".into(),
        )));
    }
    let arr: Array = value.unchecked_into();
    let mut out = Vec::new();
    for v in arr.iter() {
        let Some(p) = v.as_string() else { continue };
        let url = web_sys::Url::new_with_base(&p, &base)
            .map(|u| u.href())
            .unwrap_or_else(|_| format!("{base}{p}"));
        out.push(Candidate {
            path: p,
            source: Source::Url(url),
        });
    }
    Ok(out)
}

/// A folder link made absolute against the page (`document.baseURI`), with a trailing `/`.
pub fn folder_url(folder: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let abs = web_sys::Url::new_with_base(folder, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| folder.to_string());
    if abs.ends_with('/') {
        abs
    } else {
        format!("{abs}/")
    }
}

async fn fetch(url: &str) -> Result<Response, ReadError> {
    let window = web_sys::window().ok_or_else(|| ReadError::Fetch("no window".into()))?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| ReadError::Fetch(js_msg(&e)))?;
    let resp: Response = resp.unchecked_into();
    if !resp.ok() {
        return Err(ReadError::Fetch(format!(
            "HTTP {} {}",
            resp.status(),
            resp.status_text()
        )));
    }
    Ok(resp)
}

/// Starts reading one file now, so the browser reads it while earlier files are decoded; the promise
/// resolves to an `ArrayBuffer`.
fn start_read(source: &Source) -> Promise {
    match source {
        Source::File(f) => f.array_buffer(),
        Source::Url(u) => {
            let u = u.clone();
            wasm_bindgen_futures::future_to_promise(async move {
                let resp = fetch(&u)
                    .await
                    .map_err(|e| JsValue::from_str(&e.to_string()))?;
                JsFuture::from(resp.array_buffer()?).await
            })
        }
    }
}

/// Awaits a read started by [`start_read`] and copies the bytes into wasm memory (the JS buffer is then
/// left to the garbage collector).
async fn finish_read(source: &Source, read: Promise) -> Result<Vec<u8>, ReadError> {
    match JsFuture::from(read).await {
        Ok(buf) => Ok(Uint8Array::new(&buf).to_vec()),
        Err(e) => Err(match source {
            Source::File(_) => ReadError::Read(js_msg(&e)),
            Source::Url(_) => ReadError::Io(js_msg(&e)),
        }),
    }
}

/// What one file gave: an information sweep, or the Fig. S9C statistics of a PNG-count file.
enum Decoded {
    Info(sweep::Sweep<'static>),
    Png(crate::stats::PngSweepStats),
}

/// Reads ahead at most this many files (the one being decoded included)...
const READ_AHEAD_FILES: usize = 4;
/// ...and, beyond the one being decoded, at most this many bytes of known size.
const READ_AHEAD_BYTES: f64 = 128e6;

fn size(source: &Source) -> f64 {
    match source {
        Source::File(f) => f.size(),
        Source::Url(_) => 0.0,
    }
}

/// Lets the browser paint and handle input (a macrotask turn).
pub async fn yield_now() {
    let p = Promise::new(&mut |ok, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&ok);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// Counts a load as running (synchronously, before its first await) and marks the page loading.
fn begin(state: AppState) {
    mark_loading();
    state.loads.update(|n| *n += 1);
}

/// Loads files (a pick or a drop without the entry API); see [`run`].
pub fn start_files(state: AppState, candidates: Vec<Candidate>, origin: Origin, t0: f64) {
    begin(state);
    spawn_local(run(state, candidates, Vec::new(), origin, t0));
}

/// Walks dropped entries, then loads the files found; see [`run`].
pub fn start_drop(state: AppState, entries: Vec<FileSystemEntry>, t0: f64) {
    begin(state);
    spawn_local(async move {
        let mut errors = Vec::new();
        let files = walk(entries, &mut errors).await;
        run(state, files, errors, Origin::Folder, t0).await;
    });
}

/// Loads a published folder (`#data=` or the demo): its index, then its pickles.
pub fn start_link(state: AppState, folder: String, origin: Origin) {
    begin(state);
    spawn_local(async move {
        let t0 = now();
        match from_index(&folder).await {
            Ok(c) => run(state, c, Vec::new(), origin, t0).await,
            Err(e) => {
                state.errors.set(vec![e]);
                end(state);
                super::state::set_body("state", "ready");
            }
        }
    });
}

fn end(state: AppState) {
    state.loads.update(|n| *n = n.saturating_sub(1));
}

/// Loads a batch counted by [`begin`]: classifies, decodes one file at a time, then merges the sweeps (errors
/// and skipped files replace the previous load's). `t0` = when the files were received (for `renderMs`).
async fn run(
    state: AppState,
    candidates: Vec<Candidate>,
    mut errors: Vec<FileError>,
    origin: Origin,
    t0: f64,
) {
    let mut skipped = Vec::new();
    let mut todo = Vec::new();
    let removed = if origin.from_link() {
        state.settings.with_untracked(|s| s.removed.clone())
    } else {
        Default::default()
    };
    for c in candidates {
        match classify(&c.path) {
            Plan::Skip(reason) => skipped.push(Skipped {
                path: c.path,
                reason,
            }),
            Plan::Load { hparam, .. } if removed.contains(&hparam) => skipped.push(Skipped {
                path: c.path,
                reason: format!("removed earlier (rm.{hparam} in the link)"),
            }),
            Plan::Load {
                hparam,
                loose,
                file,
            } => todo.push((c, hparam, loose, file)),
        }
    }
    let mut progress = Progress {
        files_total: todo.len(),
        bytes_total: todo.iter().map(|(c, ..)| size(&c.source)).sum(),
        ..Progress::default()
    };
    if todo.len() > 1 {
        state.progress.set(Some(progress));
    }
    let mut loaded = Vec::new();
    let mut png = Vec::new();
    let mut last_yield = now();
    let sources: Vec<Source> = todo.iter().map(|t| t.0.source.clone()).collect();
    let sizes: Vec<f64> = sources.iter().map(size).collect();
    let mut reads: std::collections::VecDeque<Promise> = std::collections::VecDeque::new();
    let mut next = 0;
    for (i, (c, hparam, loose, file)) in todo.into_iter().enumerate() {
        // Read ahead, bounded so that a big drop never holds many files' bytes at once.
        while next < sources.len()
            && (next == i
                || (next - i < READ_AHEAD_FILES
                    && sizes[i + 1..=next].iter().sum::<f64>() <= READ_AHEAD_BYTES))
        {
            reads.push_back(start_read(&sources[next]));
            next += 1;
        }
        let Some(pending) = reads.pop_front() else {
            break;
        };
        let result = match finish_read(&c.source, pending).await {
            Ok(bytes) => {
                progress.bytes_done += bytes.len() as f64;
                if matches!(c.source, Source::Url(_)) {
                    progress.bytes_total += bytes.len() as f64;
                }
                // Until the worker pipeline: a PNG-count file is decoded here to its Fig. S9C statistics.
                let r = match file {
                    SweepFile::Information => sweep::load(&hparam, &bytes)
                        .map(|s| Decoded::Info(s.into_owned()))
                        .map_err(ReadError::from),
                    SweepFile::PngCounts => sweep::load_png_counts(&hparam, &bytes)
                        .map(|s| Decoded::Png(png_sweep_stats(&s)))
                        .map_err(ReadError::from),
                };
                drop(bytes);
                r
            }
            Err(e) => Err(e),
        };
        match result {
            Ok(Decoded::Info(sweep)) => {
                let sweep = Arc::new(sweep);
                remember(SourceKey::sweep(&sweep), &c.source);
                loaded.push(Loaded {
                    hparam,
                    sweep,
                    origin: if loose { Origin::Loose } else { origin },
                    path: c.path,
                })
            }
            Ok(Decoded::Png(stats)) => {
                remember(SourceKey::png(&stats.hparam), &c.source);
                png.push(stats)
            }
            Err(e) => errors.push(FileError {
                path: c.path,
                message: e.to_string(),
            }),
        }
        progress.files_done += 1;
        if progress.files_total > 1 {
            state.progress.set(Some(progress));
        }
        if now() - last_yield > 12.0 {
            yield_now().await;
            last_yield = now();
        }
    }
    state.progress.set(None);
    state.errors.set(errors);
    state.skipped.set(skipped);
    end(state);
    if loaded.is_empty() && png.is_empty() {
        state.notices.set(Vec::new());
        state.render_t0.set_value(None);
        if state.loads.get_untracked() == 0 {
            super::state::set_body("state", "ready");
        }
    } else {
        state.render_t0.set_value(Some(t0));
        if !state.merge_all(loaded, png, Some(origin)) && state.loads.get_untracked() == 0 {
            state.render_t0.set_value(None);
            super::state::set_body("state", "ready");
        }
    }
}

/// The browser's message of a JS error value.
pub fn js_msg(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}
