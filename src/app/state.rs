//! The page's reactive state, shared by every component through Leptos context.
//!
//! Owns: the loaded sweeps (what the decode workers computed from each file, and where its bytes came
//! from, so that they can be read again), the settings (mirrored in the URL hash), the statistics at the
//! current settings and data warnings (derived), the last load's errors, skipped files, notices and
//! progress, the demo's undo, adding/removing/renaming sweeps (and what that means for the hash: removed
//! link sweeps are remembered, a gone sweep's keys are dropped), and the `document.body.dataset` test hooks
//! (`state`, `renderMs`, `sweeps`).

use super::pool;
use crate::datacheck::{self, SweepFacts, Warning};
use crate::intake::{self, Named, Placement};
use crate::settings::Settings;
use crate::stats::{PngSweepStats, SweepStats};
use crate::sweep::Sweep;
use crate::wire::envelope::{Payload, Rows};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::collections::HashMap;
use std::sync::Arc;

/// Where a sweep came from: the demo folder, a dropped/picked folder, a loose file, or a `#data=` link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Demo,
    Folder,
    Loose,
    Link,
}

/// Where a file's bytes come from: kept, so that they can be read again (a threshold change whose rows
/// were not kept, the export's standalone report and site zip).
#[derive(Debug, Clone)]
pub enum Source {
    File(SendWrapper<web_sys::File>),
    Url(String),
    /// Handed over already decoded (tests): the page keeps the sweep itself.
    Decoded,
}

impl Source {
    /// What a worker reads: the `File`, or the URL as a string.
    pub fn js(&self) -> wasm_bindgen::JsValue {
        match self {
            Source::File(f) => wasm_bindgen::JsValue::from(web_sys::File::clone(f)),
            Source::Url(u) => u.as_str().into(),
            Source::Decoded => wasm_bindgen::JsValue::UNDEFINED,
        }
    }
}

/// What a worker computed from an information sweep file.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoData {
    /// The statistics at `threshold` (the counts and fractions change with the settings, see
    /// [`super::derive`]).
    pub stats: SweepStats,
    pub threshold: f64,
    /// Whether every `post` was float32 (`None` without data): the CSV's column types.
    pub float32: Option<bool>,
    /// What the data warnings need (column counts, NaN per point).
    pub facts: SweepFacts,
}

/// One loaded file's sweep: `D` is what was computed from it ([`InfoData`] for Fig. S9A/B,
/// [`PngSweepStats`] for Fig. S9C). `hparam` is its name (the folder's, or the editable name of a loose
/// file).
#[derive(Debug, Clone)]
pub struct Loaded<D = InfoData> {
    pub hparam: String,
    pub origin: Origin,
    /// The path the sweep was read from (shown in the sweep list).
    pub path: String,
    pub source: Source,
    /// Its size in bytes (one `File.size` read; 0 when unknown).
    pub size: u64,
    /// The load's number: which worker keeps its rows ([`pool`]), the key of its counts.
    pub id: u32,
    pub data: Arc<D>,
}

impl<D> PartialEq for Loaded<D> {
    fn eq(&self, o: &Self) -> bool {
        self.hparam == o.hparam
            && self.id == o.id
            && Arc::ptr_eq(&self.data, &o.data)
            && self.origin == o.origin
            && self.path == o.path
    }
}

impl Loaded {
    /// A sweep handed over already decoded (tests): its statistics at the default parameters, its rows
    /// kept in the page for threshold changes.
    pub fn from_sweep(hparam: &str, sweep: Sweep<'static>, origin: Origin, path: &str) -> Loaded {
        let id = pool::next_id();
        let params = Settings::default().params();
        let Payload::Information {
            stats,
            float32,
            facts,
            ..
        } = crate::job::InfoJob::of(sweep.clone(), params).finish(Rows::Dropped)
        else {
            unreachable!("an information job gives an information payload")
        };
        super::worker::KEPT.with(|k| {
            k.borrow_mut()
                .insert(id, super::worker::Kept::Sweep(Arc::new(sweep)))
        });
        pool::keep_in_page(id, 0);
        Loaded {
            hparam: hparam.to_string(),
            origin,
            path: path.to_string(),
            source: Source::Decoded,
            size: 0,
            id,
            data: Arc::new(InfoData {
                stats,
                threshold: params.threshold,
                float32,
                facts,
            }),
        }
    }
}

/// A file and what the user is told about it: why it could not be read or decoded (`errors`), or why it
/// was left alone on purpose (`skipped`). One type for both lists, so the page's wasm holds one copy of
/// their signal, vector and comparison code.
#[derive(Debug, Clone, PartialEq)]
pub struct FileNote {
    pub path: String,
    pub message: String,
}

/// What the last load or action tells the user: the files that could not be read or decoded, the files
/// left alone on purpose, and what was renamed or replaced. One signal for the three lists, so the page's
/// wasm holds one copy of its signal code (page wasm -214 B gzip).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct News {
    pub errors: Vec<FileNote>,
    pub skipped: Vec<FileNote>,
    pub notices: Vec<String>,
}

/// Progress of a running load.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: f64,
    pub bytes_total: f64,
}

impl Origin {
    /// Sweeps that a reload of the page's link brings back (the demo, a `#data=` folder): removing one is
    /// remembered in the hash (`rm.<name>`).
    pub fn from_link(self) -> bool {
        matches!(self, Origin::Demo | Origin::Link)
    }
}

/// What the demo replaced, so that it can be put back.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub sweeps: Vec<Loaded>,
    pub png: Vec<Loaded<PngSweepStats>>,
    pub settings: Settings,
}

/// Every signal of the page (all `Copy`).
#[derive(Clone, Copy)]
pub struct AppState {
    /// Information sweeps (Fig. S9A/B), in the notebook's order.
    pub sweeps: RwSignal<Vec<Loaded>>,
    /// PNG-count sweeps (Fig. S9C), in the notebook's order.
    pub png_sweeps: RwSignal<Vec<Loaded<PngSweepStats>>>,
    /// Their statistics under the sweeps' current names.
    pub png_stats: RwSignal<Vec<PngSweepStats>>,
    pub settings: RwSignal<Settings>,
    /// Statistics of `sweeps` under `settings` (threshold, neuron total), in sweep order; while counts at
    /// a new threshold are on their way, the last complete ones.
    pub stats: Memo<Vec<SweepStats>>,
    /// Counts per point of a load at a threshold (by its bits) other than the one it was loaded at.
    pub counts: RwSignal<HashMap<(u32, u64), super::derive::Counts>>,
    /// The loads whose counts at the current threshold are still missing.
    pub recounting: Memo<Vec<u32>>,
    /// The last load's errors and skipped files, and what the last load or action should tell the user
    /// (renamed or replaced sweeps).
    pub news: RwSignal<News>,
    /// The user's sweeps the demo replaced, until the next change.
    pub undo: RwSignal<Option<Undo>>,
    /// Warnings about the loaded data under the current neuron total.
    pub warnings: Memo<Vec<Warning>>,
    pub progress: RwSignal<Option<Progress>>,
    /// Bumped when settings arrive from outside the inputs (a hash change), so inputs reset their text.
    pub external: RwSignal<usize>,
    /// `performance.now()` when the files of the pending draw were received.
    pub render_t0: StoredValue<Option<f64>>,
    /// Loads currently running.
    pub loads: RwSignal<usize>,
    /// The demo's figure files, once the demo was shown from its precomputed results: the figures show
    /// them instead of drawing while their data and options are the files' (see [`crate::demo`]).
    pub demo_figures: RwSignal<Option<DemoFigures>>,
}

/// The demo's figure files: where they are (the demo folder's URL) and what they show.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoFigures {
    pub base: String,
    pub set: crate::demo::FigureSet,
}

impl AppState {
    pub fn new(settings: Settings) -> AppState {
        let sweeps: RwSignal<Vec<Loaded>> = RwSignal::new(Vec::new());
        let settings = RwSignal::new(settings);
        let counts = RwSignal::new(HashMap::new());
        AppState {
            sweeps,
            png_sweeps: RwSignal::new(Vec::new()),
            png_stats: RwSignal::new(Vec::new()),
            settings,
            stats: super::derive::stats(sweeps, settings, counts),
            counts,
            recounting: super::derive::recounting(sweeps, settings, counts),
            news: RwSignal::new(News::default()),
            undo: RwSignal::new(None),
            warnings: data_warnings(sweeps, settings),
            progress: RwSignal::new(None),
            external: RwSignal::new(0),
            render_t0: StoredValue::new(None),
            loads: RwSignal::new(0),
            demo_figures: RwSignal::new(None),
        }
    }

    /// Requests the counts at a new threshold whenever some are missing (see [`super::derive`]), and
    /// keeps the `sweeps` test hook.
    pub fn derive_stats(self) {
        super::derive::request_counts(self);
        Effect::new(move |_| {
            set_body("sweeps", &self.stats.with(Vec::len).to_string());
        });
    }

    /// Changes the news with `f`, writing them only when that changes them (an equal write would still
    /// re-render the status lists).
    pub fn tell(self, f: impl FnOnce(&mut News)) {
        let mut news = self.news.get_untracked();
        f(&mut news);
        set_changed(self.news, news);
    }

    /// Merges newly loaded information sweeps (see [`AppState::merge_all`]).
    pub fn merge(self, new: Vec<Loaded>) -> bool {
        self.merge_all(new, Vec::new())
    }

    /// Merges newly loaded sweeps. The demo is shown alone: it replaces everything, and the first user data
    /// replaces it (the keys of its sweeps that did not come back are dropped). Otherwise names are given
    /// by [`intake::place`]: the same folder file loaded again replaces itself, any other clash keeps both
    /// under distinct names; what happened is in `notices`. A PNG-count sweep takes the name of the
    /// information sweep from its folder, or is placed among the PNG-count sweeps the same way. Rows kept
    /// for sweeps that are gone are let go. Returns whether the sweeps changed.
    pub fn merge_all(self, new: Vec<Loaded>, png: Vec<Loaded<PngSweepStats>>) -> bool {
        if new.is_empty() && png.is_empty() {
            return false;
        }
        let new_demo = new.iter().all(|n| n.origin == Origin::Demo)
            && png.iter().all(|n| n.origin == Origin::Demo);
        let old_demo = self
            .sweeps
            .with_untracked(|l| l.iter().all(|s| s.origin == Origin::Demo))
            && self
                .png_sweeps
                .with_untracked(|l| l.iter().all(|s| s.origin == Origin::Demo));
        // The first open's demo arriving after the user's own files: the user's files win. (A Demo press
        // over user data keeps them for Undo first.)
        if new_demo && !old_demo && self.undo.with_untracked(Option::is_none) {
            pool::forget(&new.iter().map(|l| l.id).collect::<Vec<_>>());
            return false;
        }
        let mut notices = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        let mut dropped: Vec<u32> = Vec::new();
        // Folder → final name of the information sweeps of this batch.
        let mut folder_names: Vec<(String, String)> = Vec::new();
        self.sweeps.update(|list| {
            if new_demo || old_demo {
                gone = list.iter().map(|l| l.hparam.clone()).collect();
                dropped.extend(list.iter().map(|l| l.id));
                list.clear();
            }
            let placed = {
                let loaded: Vec<Named> = list.iter().map(named).collect();
                let incoming: Vec<Named> = new.iter().map(named).collect();
                intake::place(&loaded, &incoming)
            };
            for (mut n, p) in new.into_iter().zip(placed) {
                // A link loaded again (Restore, a hash edit) replacing its own sweeps is no news.
                let relink = matches!(p, Placement::Replaced { .. }) && n.origin.from_link();
                if let Some(m) = p.message().filter(|_| !relink) {
                    notices.push(m);
                }
                if let Placement::Replaced { name, .. } = &p {
                    dropped.extend(list.iter().filter(|l| &l.hparam == name).map(|l| l.id));
                    list.retain(|l| &l.hparam != name);
                }
                n.hparam = p.name().to_string();
                if n.origin != Origin::Loose {
                    folder_names.push((folder(&n.path).to_string(), n.hparam.clone()));
                }
                list.push(n);
            }
            sort(list);
        });
        self.png_sweeps.update(|list| {
            if new_demo || old_demo {
                gone.extend(list.iter().map(|l| l.hparam.clone()));
                list.clear();
            }
            for mut n in png {
                let same_folder = folder_names
                    .iter()
                    .find(|(f, _)| n.origin != Origin::Loose && f == folder(&n.path));
                n.hparam = match same_folder {
                    Some((_, name)) => name.clone(),
                    None => {
                        let loaded: Vec<Named> = list.iter().map(named).collect();
                        intake::place(&loaded, &[named(&n)])
                            .pop()
                            .map(|p| p.name().to_string())
                            .unwrap_or_else(|| n.hparam.clone())
                    }
                };
                list.retain(|l| l.hparam != n.hparam);
                list.push(n);
            }
            sort(list);
        });
        self.sync_png();
        pool::forget(&dropped);
        let shown: Vec<String> = self
            .sweeps
            .with_untracked(|l| l.iter().map(|s| s.hparam.clone()).collect());
        let shown_png: Vec<String> = self
            .png_sweeps
            .with_untracked(|l| l.iter().map(|s| s.hparam.clone()).collect());
        if !new_demo {
            self.undo.set(None);
        }
        // `rm.` entries stay: they describe the link (or the demo) a reload shows, whatever else is loaded.
        let mut s = self.settings.get_untracked();
        for g in gone
            .iter()
            .filter(|g| !shown.contains(g) && !shown_png.contains(g))
        {
            s.forget_sweep(g);
        }
        if s != self.settings.get_untracked() {
            self.settings.set(s);
        }
        self.tell(|n| n.notices = notices);
        true
    }

    /// Keeps `png_stats` equal to the PNG-count sweeps under their current names.
    fn sync_png(self) {
        let stats: Vec<PngSweepStats> = self.png_sweeps.with_untracked(|l| {
            l.iter()
                .map(|p| PngSweepStats {
                    hparam: p.hparam.clone(),
                    points: p.data.points.clone(),
                })
                .collect()
        });
        self.png_stats.set(stats);
    }

    /// Removes the sweep named `hparam` (both figures' parts): its `hl.`/`name.` keys go, and a sweep a
    /// reload of the link would bring back is remembered as removed (`rm.<name>`).
    pub fn remove(self, hparam: &str) {
        mark_loading();
        let mut from_link = false;
        let mut dropped = Vec::new();
        self.sweeps.update(|list| {
            from_link = list
                .iter()
                .any(|l| l.hparam == hparam && l.origin.from_link());
            dropped.extend(list.iter().filter(|l| l.hparam == hparam).map(|l| l.id));
            list.retain(|l| l.hparam != hparam)
        });
        if self
            .png_sweeps
            .with_untracked(|l| l.iter().any(|p| p.hparam == hparam))
        {
            self.png_sweeps.update(|list| {
                from_link |= list
                    .iter()
                    .any(|l| l.hparam == hparam && l.origin.from_link());
                list.retain(|l| l.hparam != hparam)
            });
            self.sync_png();
        }
        pool::forget(&dropped);
        self.counts
            .update(|c| c.retain(|k, _| !dropped.contains(&k.0)));
        self.undo.set(None);
        self.tell(|n| n.notices.clear());
        self.settings.update(|s| {
            s.forget_sweep(hparam);
            if from_link {
                s.removed.insert(hparam.to_string());
            }
        });
    }

    /// Renames a loose file's sweep (ignored when the name is empty or taken); its keys move with it.
    pub fn rename(self, from: &str, to: &str) -> bool {
        let to = to.trim();
        if to.is_empty()
            || to == from
            || self
                .sweeps
                .with_untracked(|l| l.iter().any(|s| s.hparam == to))
            || self
                .png_sweeps
                .with_untracked(|l| l.iter().any(|s| s.hparam == to))
        {
            return false;
        }
        mark_loading();
        self.sweeps.update(|list| {
            for l in list.iter_mut().filter(|l| l.hparam == from) {
                l.hparam = to.to_string();
            }
            sort(list);
        });
        if self
            .png_sweeps
            .with_untracked(|l| l.iter().any(|p| p.hparam == from))
        {
            self.png_sweeps.update(|list| {
                for l in list.iter_mut().filter(|l| l.hparam == from) {
                    l.hparam = to.to_string();
                }
                sort(list);
            });
            self.sync_png();
        }
        self.settings.update(|s| {
            if let Some(h) = s.highlight.remove(from) {
                s.highlight.insert(to.to_string(), h);
            }
            if let Some(n) = s.names.remove(from) {
                s.names.insert(to.to_string(), n);
            }
        });
        true
    }

    /// Keeps what the demo is about to replace, when that is the user's own data.
    pub fn keep_for_undo(self) {
        let sweeps = self.sweeps.get_untracked();
        let png = self.png_sweeps.get_untracked();
        if sweeps.iter().any(|l| l.origin != Origin::Demo)
            || png.iter().any(|l| l.origin != Origin::Demo)
        {
            self.undo.set(Some(Undo {
                sweeps,
                png,
                settings: self.settings.get_untracked(),
            }));
        }
    }

    /// Puts back what the demo replaced (their rows are read again if a threshold change needs them).
    pub fn undo_demo(self) {
        if let Some(u) = self.undo.get_untracked() {
            mark_loading();
            self.undo.set(None);
            self.tell(|n| n.notices.clear());
            self.settings.set(u.settings);
            self.external.update(|n| *n += 1);
            pool::forget(
                &self
                    .sweeps
                    .with_untracked(|l| l.iter().map(|s| s.id).collect::<Vec<_>>()),
            );
            self.sweeps.set(u.sweeps);
            self.png_sweeps.set(u.png);
            self.sync_png();
        }
    }
}

/// The folder part of a path (`a/b/file.pkl` → `a/b`).
fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(f, _)| f)
}

fn named<D>(l: &Loaded<D>) -> Named<'_> {
    Named {
        name: &l.hparam,
        path: &l.path,
        loose: l.origin == Origin::Loose,
    }
}

/// The data warnings (column count, NaN) of the loaded sweeps under the neuron total, from the facts the
/// workers gathered.
fn data_warnings(
    sweeps: RwSignal<Vec<Loaded>>,
    settings: RwSignal<Settings>,
) -> Memo<Vec<Warning>> {
    Memo::new(move |_| {
        let facts: Vec<SweepFacts> = sweeps.with(|list| {
            list.iter()
                .map(|l| SweepFacts {
                    name: l.hparam.clone(),
                    ..l.data.facts.clone()
                })
                .collect()
        });
        datacheck::warnings(&facts, settings.with(|s| s.n_neurons))
    })
}

/// The notebook's order: by name, bytewise (uppercase first), as `sweep::sort_sweeps`.
fn sort<D>(list: &mut Vec<Loaded<D>>) {
    intake::sort_by_name(list, |l| &l.hparam);
}

/// Sets `signal` to `value` only when it differs: an equal write would still re-run what reads it (a load
/// that ends as the previous one did, with no errors, re-rendered the status lists).
pub fn set_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

/// Sets `document.body.dataset[key]`.
pub fn set_body(key: &str, value: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.dataset().set(key, value);
    }
}

/// `document.body.dataset.state = 'loading'`: a redraw or a decode is pending.
pub fn mark_loading() {
    set_body("state", "loading");
}

pub use super::read::now;
