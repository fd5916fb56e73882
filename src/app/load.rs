//! Files in, sweeps out: walking dropped folders, reading picked files, fetching linked folders, and running
//! a load through the decode workers.
//!
//! Owns: the `webkitGetAsEntry` walk (every entry taken synchronously in the drop handler, `readEntries`
//! called until it returns an empty batch), and a load (`run`): which file becomes which sweep
//! ([`crate::intake`]'s [`classify`]; a link's sweeps the user removed, `rm.` in the hash, are left out), one
//! `File.size` read per file, the decoding through [`super::pool`] (the decode workers; the page's own demo
//! from its precomputed results, [`crate::demo`], when they match the settings), progress (bytes read of the total, shown only once a load runs longer than
//! [`PROGRESS_AFTER_MS`]), and the merge of the results. A newer load cancels an older one: nothing of the
//! older lands. [`original_bytes`] reads a loaded file again (the export's report and zip).

use super::bundle::DEMO_FOLDER;
use super::pool::{self, FileJob, FileProgress};
pub use super::read::js_msg;
use super::state::{
    mark_loading, now, set_changed, AppState, DemoFigures, FileNote, InfoData, Loaded, Origin,
    Progress, Source,
};
use crate::demo;
use crate::sweep::SweepFile;
use crate::wire::envelope::{LoadRequest, Payload};
use js_sys::{Array, Promise};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

/// A load that ends within this time shows no progress bar (no frame is painted for it).
pub const PROGRESS_AFTER_MS: f64 = 200.0;
/// The progress bar is updated at most this often: each update repaints part of the page, which (measured
/// in a trace of a 0.5 GiB load in headless Chromium) cost the main thread ~13 ms of paint and commit, time
/// the decode workers need on a 2-core machine.
pub const PROGRESS_EVERY_MS: f64 = 200.0;

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
                source: Source::File(SendWrapper::new(f)),
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
pub async fn walk(entries: Vec<FileSystemEntry>, errors: &mut Vec<FileNote>) -> Vec<Candidate> {
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
                        errors.push(FileNote {
                            path: path.clone(),
                            message: format!("could not list the folder: {}", js_msg(&e)),
                        });
                        break;
                    }
                }
            }
            let names: Vec<String> = children.iter().map(FileSystemEntry::name).collect();
            let order =
                crate::intake::name_order(&names.iter().map(String::as_str).collect::<Vec<_>>());
            stack.extend(order.into_iter().rev().map(|i| children[i].clone()));
        } else {
            let fe: FileSystemFileEntry = e.unchecked_into();
            match JsFuture::from(Promise::new(&mut |ok, err| {
                fe.file_with_callback_and_callback(&ok, &err)
            }))
            .await
            {
                Ok(f) => out.push(Candidate {
                    path: path.trim_start_matches('/').to_string(),
                    source: Source::File(SendWrapper::new(f.unchecked_into())),
                }),
                Err(e) => errors.push(FileNote {
                    path,
                    message: format!("could not open the file: {}", js_msg(&e)),
                }),
            }
        }
    }
    out
}

/// Candidates of a published folder: fetches `<folder>/index.json` (a JSON list of `<hparam>/<file>.pkl`).
pub async fn from_index(folder: &str) -> Result<Vec<Candidate>, FileNote> {
    let base = folder_url(folder);
    let index = format!("{base}index.json");
    let fail = |message: String| FileNote {
        path: index.clone(),
        message,
    };
    let bytes = super::read::read_all(&JsValue::from_str(&index), &|_, _| {}, false)
        .await
        .map_err(|f| fail(f.message))?;
    let text = String::from_utf8_lossy(&bytes);
    let value =
        js_sys::JSON::parse(&text).map_err(|e| fail(format!("bad index.json: {}", js_msg(&e))))?;
    if !Array::is_array(&value) {
        return Err(fail(
            "bad index.json: expected a list of paths such as \"lrate/information_sweep_max_convex.pkl\""
                .into(),
        ));
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

/// Counts a load as running and cancels any older one (synchronously, before the first await), marks
/// the page loading; returns the load's generation.
fn begin(state: AppState) -> u32 {
    mark_loading();
    state.loads.update(|n| *n += 1);
    pool::begin_load()
}

/// Loads files (a pick or a drop without the entry API); see `run`.
pub fn start_files(state: AppState, candidates: Vec<Candidate>, origin: Origin, t0: f64) {
    let generation = begin(state);
    spawn_local(run(
        state,
        generation,
        candidates,
        Vec::new(),
        origin,
        t0,
        None,
    ));
}

/// Walks dropped entries, then loads the files found; see `run`.
pub fn start_drop(state: AppState, entries: Vec<FileSystemEntry>, t0: f64) {
    let generation = begin(state);
    spawn_local(async move {
        let mut errors = Vec::new();
        let files = walk(entries, &mut errors).await;
        run(state, generation, files, errors, Origin::Folder, t0, None).await;
    });
}

/// The page's demo's precomputed results ([`crate::demo`]), fetched beside its index; `None` (with a
/// console note) when they cannot be read: the demo is then decoded by the workers.
async fn demo_results() -> Option<demo::Results> {
    let url = format!("{}{}", folder_url(DEMO_FOLDER), demo::RESULTS_FILE);
    let read = super::read::read_all(&JsValue::from_str(&url), &|_, _| {}, false).await;
    let results = read
        .map_err(|f| f.message)
        .and_then(|b| demo::read(&b).map_err(|e| e.to_string()));
    match results {
        Ok(r) => Some(r),
        Err(e) => {
            web_sys::console::warn_1(&format!("{url}: {e}; decoding the demo instead").into());
            None
        }
    }
}

/// Loads a published folder (`#data=` or the demo): its index, then its pickles. The page's own demo
/// comes from its precomputed results when they match the settings (no decoder is fetched).
pub fn start_link(state: AppState, folder: String, origin: Origin) {
    let generation = begin(state);
    spawn_local(async move {
        let t0 = now();
        let (index, precomputed) = if origin == Origin::Demo && folder == DEMO_FOLDER {
            futures::future::join(from_index(&folder), demo_results()).await
        } else {
            (from_index(&folder).await, None)
        };
        match index {
            Ok(c) => run(state, generation, c, Vec::new(), origin, t0, precomputed).await,
            Err(e) => {
                if pool::current_generation() == generation {
                    state.tell(|n| n.errors = vec![e]);
                }
                end(state);
                if state.loads.get_untracked() == 0 {
                    super::state::set_body("state", "ready");
                }
            }
        }
    });
}

/// A load is over (loaded, failed or replaced). The page is shown if index.html's boot script hid it
/// until its first data (`data-reveal`): the first frame it paints then holds that data, so nothing moves
/// when it arrives (a layout shift of 0.23-0.32 on the first open, when the empty page was painted first).
fn end(state: AppState) {
    state.loads.update(|n| *n = n.saturating_sub(1));
    super::state::set_body("reveal", "done");
}

/// One file to decode: where it goes and what it is.
struct Todo {
    path: String,
    hparam: String,
    loose: bool,
    file: SweepFile,
    source: Source,
    size: u64,
}

impl Todo {
    /// The loaded sweep this file became: load `id`, its results `data`.
    fn loaded<D>(self, origin: Origin, id: u32, data: D) -> Loaded<D> {
        Loaded {
            hparam: self.hparam,
            origin,
            path: self.path,
            source: self.source,
            size: self.size,
            id,
            data: Arc::new(data),
        }
    }
}

/// Progress of the running load, shown once it passed [`PROGRESS_AFTER_MS`].
struct Shown {
    t0: f64,
    last: f64,
    per_file: Vec<(u64, u64)>,
    files_done: usize,
    bytes_total: u64,
}

impl Shown {
    fn progress(&self) -> Progress {
        let done: u64 = self.per_file.iter().map(|f| f.0).sum();
        // A URL's size is known once its response arrives.
        let known: u64 = self.per_file.iter().map(|f| f.1).sum();
        Progress {
            files_done: self.files_done,
            files_total: self.per_file.len(),
            bytes_done: done as f64,
            bytes_total: self.bytes_total.max(known) as f64,
        }
    }

    /// Shows the progress when the load has run long enough, at most every [`PROGRESS_EVERY_MS`].
    fn show(&mut self, state: AppState, force: bool) {
        let t = now();
        if t - self.t0 >= PROGRESS_AFTER_MS && (force || t - self.last >= PROGRESS_EVERY_MS) {
            self.last = t;
            state.progress.try_set(Some(self.progress()));
        }
    }
}

/// Loads a batch counted by [`begin`]: classifies, decodes (through [`pool::load_all`]), then merges the
/// sweeps (errors and skipped files replace the previous load's). `t0` = when the files were received (for
/// `renderMs`). `precomputed`: the demo's results, used instead of decoding when they hold every file at
/// the current settings. A newer load cancels this one: it then ends without touching the state.
async fn run(
    state: AppState,
    generation: u32,
    candidates: Vec<Candidate>,
    mut errors: Vec<FileNote>,
    origin: Origin,
    t0: f64,
    precomputed: Option<demo::Results>,
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
            Plan::Skip(message) => skipped.push(FileNote {
                path: c.path,
                message,
            }),
            Plan::Load { hparam, .. } if removed.contains(&hparam) => skipped.push(FileNote {
                path: c.path,
                message: format!("removed earlier (rm.{hparam} in the link)"),
            }),
            Plan::Load {
                hparam,
                loose,
                file,
            } => {
                let size = match &c.source {
                    Source::File(f) => f.size() as u64,
                    _ => 0,
                };
                todo.push(Todo {
                    path: c.path,
                    hparam,
                    loose,
                    file,
                    source: c.source,
                    size,
                })
            }
        }
    }
    let params = state.settings.with_untracked(|s| s.params());
    let jobs: Vec<FileJob> = todo
        .iter()
        .map(|t| FileJob {
            req: LoadRequest {
                id: 0,
                path: t.path.clone(),
                hparam: t.hparam.clone(),
                kind: t.file,
                params,
                keep_budget: 0,
            },
            src: t.source.js(),
            size: t.size,
        })
        .collect();
    let mode = pool::forced_mode();
    let shown = RefCell::new(Shown {
        t0,
        last: 0.0,
        per_file: todo.iter().map(|t| (0, t.size)).collect(),
        files_done: 0,
        bytes_total: todo.iter().map(|t| t.size).sum(),
    });
    let progress = |i: usize, step: FileProgress| {
        let mut s = shown.borrow_mut();
        match step {
            FileProgress::Read { done, total } => s.per_file[i] = (done, total),
            FileProgress::Done => {
                // All of it was read (its size may have been unknown, or no progress came for it).
                let (done, total) = s.per_file[i];
                let read = done.max(total);
                s.per_file[i] = (read, read);
                s.files_done += 1;
            }
        }
        s.show(state, false);
    };
    let paths: Vec<&str> = todo.iter().map(|t| t.path.as_str()).collect();
    let ready = precomputed.and_then(|r| r.reports_for(&paths, params));
    let reports = match ready {
        Some(reports) if pool::current_generation() == generation => {
            super::state::set_body("decode", "precomputed");
            // The demo's figure files show these results (until data or options differ).
            state.demo_figures.set(Some(DemoFigures {
                base: folder_url(DEMO_FOLDER),
                set: demo::FigureSet::of(&reports),
            }));
            Some(reports.into_iter().map(|r| (pool::next_id(), r)).collect())
        }
        Some(_) => None,
        None => {
            let reports = pool::load_all(jobs, mode, generation, &progress).await;
            if reports.is_some() {
                // Decoded data is drawn, even where it equals the demo's files (set only when it
                // changes: every load after the first would otherwise re-run the figures' memo).
                set_changed(state.demo_figures, None);
            }
            reports
        }
    };
    let Some(reports) = reports else {
        // A newer load replaced this one.
        end(state);
        return;
    };
    set_changed(state.progress, None);
    let mut info = Vec::new();
    let mut png = Vec::new();
    for (t, (id, report)) in todo.into_iter().zip(reports) {
        let origin = if t.loose { Origin::Loose } else { origin };
        match report.outcome {
            Ok(Payload::Information {
                stats,
                float32,
                facts,
                ..
            }) => info.push(t.loaded(
                origin,
                id,
                InfoData {
                    stats,
                    threshold: params.threshold,
                    float32,
                    facts,
                },
            )),
            Ok(Payload::PngCounts { stats }) => png.push(t.loaded(origin, id, stats)),
            Err(f) => errors.push(FileNote {
                path: t.path,
                message: f.message,
            }),
        }
    }
    state.tell(|n| {
        n.errors = errors;
        n.skipped = skipped;
    });
    end(state);
    if info.is_empty() && png.is_empty() {
        state.tell(|n| n.notices.clear());
        state.render_t0.set_value(None);
        if state.loads.get_untracked() == 0 {
            super::state::set_body("state", "ready");
        }
    } else {
        state.render_t0.set_value(Some(t0));
        if !state.merge_all(info, png) && state.loads.get_untracked() == 0 {
            state.render_t0.set_value(None);
            super::state::set_body("state", "ready");
        }
    }
}

/// The bytes of a loaded file, read again from its `File` or URL (for the standalone report and the
/// site zip).
pub async fn original_bytes<D>(l: &Loaded<D>) -> Result<Vec<u8>, String> {
    let src = match &l.source {
        Source::Decoded => return Err(format!("{}: its bytes are not kept", l.path)),
        s => s.js(),
    };
    super::read::read_all(&src, &|_, _| {}, true)
        .await
        .map_err(|f| f.message)
}
