//! The page's reactive state, shared by every component through Leptos context.
//!
//! Owns: the loaded sweeps (decoded once, kept so that a new threshold can be applied), the settings (mirrored
//! in the URL hash), the derived statistics, the last load's errors, skipped files and progress, and the
//! `document.body.dataset` test hooks (`state`, `renderMs`, `sweeps`).

use crate::settings::Settings;
use crate::stats::{sweep_stats, Params, SweepStats};
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

/// Every signal of the page (all `Copy`).
#[derive(Clone, Copy)]
pub struct AppState {
    pub sweeps: RwSignal<Vec<Loaded>>,
    pub settings: RwSignal<Settings>,
    /// Statistics of `sweeps` under `settings` (threshold, neuron total), in sweep order.
    pub stats: RwSignal<Vec<SweepStats>>,
    pub errors: RwSignal<Vec<FileError>>,
    pub skipped: RwSignal<Vec<Skipped>>,
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
        AppState {
            sweeps: RwSignal::new(Vec::new()),
            settings: RwSignal::new(settings),
            stats: RwSignal::new(Vec::new()),
            errors: RwSignal::new(Vec::new()),
            skipped: RwSignal::new(Vec::new()),
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

    /// Merges newly loaded sweeps: a sweep with the same name is replaced; user data replaces the demo.
    pub fn merge(self, new: Vec<Loaded>) {
        if new.is_empty() {
            return;
        }
        self.sweeps.update(|list| {
            let new_demo = new.iter().all(|n| n.origin == Origin::Demo);
            let old_demo = list.iter().all(|l| l.origin == Origin::Demo);
            // The demo is shown alone: it replaces everything, and the first user data replaces it.
            if new_demo || old_demo {
                list.clear();
            }
            for n in new {
                list.retain(|l| l.hparam != n.hparam);
                list.push(n);
            }
            sort(list);
        });
    }

    /// Removes the sweep named `hparam`.
    pub fn remove(self, hparam: &str) {
        mark_loading();
        self.sweeps
            .update(|list| list.retain(|l| l.hparam != hparam));
    }

    /// Renames a loose file's sweep (ignored when the name is empty or taken).
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
        true
    }
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
