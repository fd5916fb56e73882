//! The page's reactive state, shared by every component through Leptos context.
//!
//! Owns: the loaded sweeps (decoded once, kept so that a new threshold can be applied), the settings (mirrored
//! in the URL hash), the derived statistics and data warnings, the last load's errors, skipped files,
//! notices and progress, the demo's undo, adding/removing/renaming sweeps (and what that means for the
//! hash: removed link sweeps are remembered, a gone sweep's keys are dropped), and the
//! `document.body.dataset` test hooks (`state`, `renderMs`, `sweeps`).

use crate::datacheck::{self, SweepFacts, Warning};
use crate::intake::{self, Named, Placement};
use crate::settings::Settings;
use crate::stats::{sweep_stats, Params, PngSweepStats, SweepStats};
use crate::sweep::Sweep;
use leptos::prelude::*;
use std::sync::Arc;

/// Where a sweep came from: the demo folder, a dropped/picked folder, a loose file, or a `#data=` link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Demo,
    Folder,
    Loose,
    Link,
}

/// One loaded sweep. `hparam` is its name (the folder's, or the editable name of a loose file).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub hparam: String,
    pub sweep: Arc<Sweep<'static>>,
    pub origin: Origin,
    /// The path the sweep was read from (shown in the sweep list).
    pub path: String,
}

impl PartialEq for Loaded {
    fn eq(&self, o: &Self) -> bool {
        self.hparam == o.hparam
            && Arc::ptr_eq(&self.sweep, &o.sweep)
            && self.origin == o.origin
            && self.path == o.path
    }
}

/// A file that could not be read or decoded: its path and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// A file that was left alone on purpose, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
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
    pub png_stats: Vec<PngSweepStats>,
    pub settings: Settings,
}

/// Every signal of the page (all `Copy`).
#[derive(Clone, Copy)]
pub struct AppState {
    pub sweeps: RwSignal<Vec<Loaded>>,
    pub settings: RwSignal<Settings>,
    /// Statistics of `sweeps` under `settings` (threshold, neuron total), in sweep order.
    pub stats: RwSignal<Vec<SweepStats>>,
    /// Fig. S9C statistics of the loaded `png_counts_sweep_layers_4.pkl` files, in sweep order (keyed by
    /// hparam like `sweeps`; a folder may hold either file or both).
    pub png_stats: RwSignal<Vec<PngSweepStats>>,
    /// Whether `png_stats` holds only the demo's (the demo is shown alone, see [`AppState::merge`]).
    pub png_demo: StoredValue<bool>,
    pub errors: RwSignal<Vec<FileError>>,
    pub skipped: RwSignal<Vec<Skipped>>,
    /// What the last load or action should tell the user (renamed or replaced sweeps).
    pub notices: RwSignal<Vec<String>>,
    /// The user's sweeps the demo replaced, until the next change.
    pub undo: RwSignal<Option<Undo>>,
    /// Warnings about the loaded data under the current neuron total.
    pub warnings: Memo<Vec<Warning>>,
    pub progress: RwSignal<Option<Progress>>,
    /// Bumped when settings arrive from outside the inputs (a hash change), so inputs reset their text.
    pub external: RwSignal<u64>,
    /// `performance.now()` when the files of the pending draw were received.
    pub render_t0: StoredValue<Option<f64>>,
    /// Loads currently running.
    pub loads: RwSignal<usize>,
}

impl AppState {
    pub fn new(settings: Settings) -> AppState {
        let sweeps: RwSignal<Vec<Loaded>> = RwSignal::new(Vec::new());
        let settings = RwSignal::new(settings);
        AppState {
            sweeps,
            settings,
            stats: RwSignal::new(Vec::new()),
            png_stats: RwSignal::new(Vec::new()),
            png_demo: StoredValue::new(false),
            errors: RwSignal::new(Vec::new()),
            skipped: RwSignal::new(Vec::new()),
            notices: RwSignal::new(Vec::new()),
            undo: RwSignal::new(None),
            warnings: data_warnings(sweeps, settings),
            progress: RwSignal::new(None),
            external: RwSignal::new(0),
            render_t0: StoredValue::new(None),
            loads: RwSignal::new(0),
        }
    }

    /// Keeps `stats` equal to the statistics of `sweeps` under the threshold and neuron total; a sweep whose
    /// data and parameters did not change keeps its statistics (adding a small sweep to big ones is cheap).
    pub fn derive_stats(self) {
        let params = Memo::new(move |_| self.settings.with(|s| s.params()));
        let cache: StoredValue<Vec<(Arc<Sweep<'static>>, Params, SweepStats)>> =
            StoredValue::new(Vec::new());
        Effect::new(move |_| {
            let p = params.get();
            let old = cache.try_update_value(std::mem::take).unwrap_or_default();
            let fresh: Vec<(Arc<Sweep<'static>>, Params, SweepStats)> = self.sweeps.with(|list| {
                list.iter()
                    .map(|l| {
                        let known = old
                            .iter()
                            .find(|(s, q, _)| Arc::ptr_eq(s, &l.sweep) && *q == p);
                        let mut s = match known {
                            Some((_, _, st)) => st.clone(),
                            None => sweep_stats(&l.sweep, &p),
                        };
                        s.hparam = l.hparam.clone();
                        (l.sweep.clone(), p, s)
                    })
                    .collect()
            });
            let stats: Vec<SweepStats> = fresh.iter().map(|(_, _, s)| s.clone()).collect();
            cache.set_value(fresh);
            set_body("sweeps", &stats.len().to_string());
            self.stats.set(stats);
        });
    }

    /// Merges newly loaded sweeps. The demo is shown alone: it replaces everything, and the first user data
    /// replaces it (the keys of its sweeps that did not come back are dropped). Otherwise names are given by [`intake::place`]: the same folder file loaded again
    /// replaces itself, any other clash keeps both under distinct names; what happened is in `notices`.
    /// Returns whether the sweeps changed.
    pub fn merge(self, new: Vec<Loaded>) -> bool {
        self.merge_all(new, Vec::new(), None)
    }

    /// [`AppState::merge`] with the batch's Fig. S9C sweeps (`png_origin`: where they came from): they go
    /// with the information sweeps (the demo replaces both; a sweep's PNG counts loaded again replace its
    /// old ones).
    pub fn merge_all(
        self,
        new: Vec<Loaded>,
        png: Vec<PngSweepStats>,
        png_origin: Option<Origin>,
    ) -> bool {
        if new.is_empty() && png.is_empty() {
            return false;
        }
        let new_demo = new.iter().all(|n| n.origin == Origin::Demo)
            && (png.is_empty() || png_origin == Some(Origin::Demo));
        let old_demo = self
            .sweeps
            .with_untracked(|l| l.iter().all(|s| s.origin == Origin::Demo))
            && (self.png_demo.get_value() || self.png_stats.with_untracked(Vec::is_empty));
        // The first open's demo arriving after the user's own files: the user's files win. (A Demo press
        // over user data keeps them for Undo first.)
        if new_demo && !old_demo && self.undo.with_untracked(Option::is_none) {
            return false;
        }
        let mut notices = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        self.sweeps.update(|list| {
            if new_demo || old_demo {
                gone = list.iter().map(|l| l.hparam.clone()).collect();
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
                    list.retain(|l| &l.hparam != name);
                }
                n.hparam = p.name().to_string();
                list.push(n);
            }
            sort(list);
        });
        let replace_png = new_demo || old_demo;
        if replace_png || !png.is_empty() {
            self.png_demo.set_value(new_demo);
        }
        self.png_stats.update(|list| {
            if replace_png {
                list.clear();
            }
            for p in png {
                list.retain(|l| l.hparam != p.hparam);
                list.push(p);
            }
            list.sort_by(|a, b| a.hparam.as_bytes().cmp(b.hparam.as_bytes()));
        });
        let shown: Vec<String> = self
            .sweeps
            .with_untracked(|l| l.iter().map(|s| s.hparam.clone()).collect());
        if !new_demo {
            self.undo.set(None);
        }
        // `rm.` entries stay: they describe the link (or the demo) a reload shows, whatever else is loaded.
        let mut s = self.settings.get_untracked();
        for g in gone.iter().filter(|g| !shown.contains(g)) {
            s.forget_sweep(g);
        }
        if s != self.settings.get_untracked() {
            self.settings.set(s);
        }
        self.notices.set(notices);
        true
    }

    /// Removes the sweep named `hparam`: its `hl.`/`name.` keys go, and a sweep a reload of the link would
    /// bring back is remembered as removed (`rm.<name>`).
    pub fn remove(self, hparam: &str) {
        mark_loading();
        let mut from_link = false;
        self.sweeps.update(|list| {
            from_link = list
                .iter()
                .any(|l| l.hparam == hparam && l.origin.from_link());
            list.retain(|l| l.hparam != hparam)
        });
        self.png_stats.update(|list| list.retain(|l| l.hparam != hparam));
        self.undo.set(None);
        self.notices.set(Vec::new());
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
        let png_stats = self.png_stats.get_untracked();
        let own_png = !png_stats.is_empty() && !self.png_demo.get_value();
        if own_png || sweeps.iter().any(|l| l.origin != Origin::Demo) {
            self.undo.set(Some(Undo {
                sweeps,
                png_stats,
                settings: self.settings.get_untracked(),
            }));
        }
    }

    /// Puts back what the demo replaced.
    pub fn undo_demo(self) {
        if let Some(u) = self.undo.get_untracked() {
            mark_loading();
            self.undo.set(None);
            self.notices.set(Vec::new());
            self.settings.set(u.settings);
            self.external.update(|n| *n += 1);
            self.png_demo.set_value(false);
            self.png_stats.set(u.png_stats);
            self.sweeps.set(u.sweeps);
        }
    }
}

fn named(l: &Loaded) -> Named<'_> {
    Named {
        name: &l.hparam,
        path: &l.path,
        loose: l.origin == Origin::Loose,
    }
}

/// The data warnings (column count, NaN) of the loaded sweeps under the neuron total; each sweep's facts
/// are read once (a NaN scan of big data is not repeated when another sweep is added or a setting changes).
fn data_warnings(
    sweeps: RwSignal<Vec<Loaded>>,
    settings: RwSignal<Settings>,
) -> Memo<Vec<Warning>> {
    let cache: StoredValue<Vec<(Arc<Sweep>, SweepFacts)>> = StoredValue::new(Vec::new());
    Memo::new(move |_| {
        let old = cache.try_update_value(std::mem::take).unwrap_or_default();
        let fresh: Vec<(Arc<Sweep>, SweepFacts)> = sweeps.with(|list| {
            list.iter()
                .map(|l| {
                    let f = match old.iter().find(|(s, _)| Arc::ptr_eq(s, &l.sweep)) {
                        Some((_, f)) => SweepFacts {
                            name: l.hparam.clone(),
                            ..f.clone()
                        },
                        None => datacheck::sweep_facts(&l.hparam, &l.sweep),
                    };
                    (l.sweep.clone(), f)
                })
                .collect()
        });
        let facts: Vec<SweepFacts> = fresh.iter().map(|(_, f)| f.clone()).collect();
        cache.set_value(fresh);
        datacheck::warnings(&facts, settings.with(|s| s.n_neurons))
    })
}

/// The notebook's order: by name, bytewise (uppercase first), as `sweep::sort_sweeps`.
fn sort(list: &mut [Loaded]) {
    list.sort_by(|a, b| a.hparam.as_bytes().cmp(b.hparam.as_bytes()));
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

/// `performance.now()` (0 when unavailable).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
