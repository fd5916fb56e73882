//! The statistics at the current settings, from what the workers computed when the files were loaded and
//! the counts at other thresholds.
//!
//! Owns: [`stats`] (a memo: each sweep's threshold-independent statistics as loaded, its counts at the
//! current threshold — as loaded, or from [`AppState::counts`] — and its fractions over the current neuron
//! total, as [`PointStats::from_parts`] computes them), [`recounting`] (loads whose counts at the current
//! threshold are missing) and [`request_counts`] (asks the pool for them: from kept rows, or by reading the
//! file again). While counts are on their way the memo keeps its last complete value.

use super::pool;
use super::state::{AppState, FileNote, Loaded};
use crate::settings::Settings;
use crate::stats::{CountStats, PointStats, PointSummary, ShapeStats, SweepStats};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Counts per point of one load at one threshold, or why they could not be had.
pub type Counts = Arc<Result<Vec<Option<CountStats>>, String>>;

/// The counts map's key: a load and the bits of a threshold.
pub fn key(id: u32, threshold: f64) -> (u32, u64) {
    (id, threshold.to_bits())
}

/// A sweep's statistics with `counts` (per point; `None`: as loaded) over `n_neurons`.
fn at(l: &Loaded, counts: Option<&[Option<CountStats>]>, n_neurons: usize) -> SweepStats {
    SweepStats {
        hparam: l.hparam.clone(),
        points: l
            .data
            .stats
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| PointSummary {
                value: p.value.clone(),
                stats: p.stats.as_ref().map(|s| {
                    let c =
                        counts
                            .and_then(|c| c.get(i).copied().flatten())
                            .unwrap_or(CountStats {
                                count_mean: s.count_mean,
                                count_sem: s.count_sem,
                            });
                    let shape = ShapeStats {
                        n_trials: s.n_trials,
                        max_info_mean: s.max_info_mean,
                        max_info_std: s.max_info_std,
                        mean_info_top_k: s.mean_info_top_k,
                        ranked_mean: s.ranked_mean.clone(),
                    };
                    PointStats::from_parts(shape, c, n_neurons)
                }),
            })
            .collect(),
    }
}

/// The statistics of the information sweeps under the settings (sweeps whose counts could not be had at
/// this threshold are left out; their error is listed).
pub fn stats(
    sweeps: RwSignal<Vec<Loaded>>,
    settings: RwSignal<Settings>,
    counts: RwSignal<HashMap<(u32, u64), Counts>>,
) -> Memo<Vec<SweepStats>> {
    Memo::new(move |prev: Option<&Vec<SweepStats>>| {
        let (t, n) = settings.with(|s| (s.threshold, s.n_neurons));
        let fresh: Option<Vec<SweepStats>> = sweeps.with(|list| {
            counts.with(|c| {
                let mut out = Vec::with_capacity(list.len());
                for l in list {
                    if l.data.threshold.to_bits() == t.to_bits() {
                        out.push(at(l, None, n));
                        continue;
                    }
                    match c.get(&key(l.id, t)).map(|r| r.as_ref()) {
                        Some(Ok(v)) => out.push(at(l, Some(v), n)),
                        Some(Err(_)) => {}
                        None => return None,
                    }
                }
                Some(out)
            })
        });
        match (fresh, prev) {
            (Some(s), _) => s,
            (None, Some(p)) => p.clone(),
            // Nothing shown yet: the sweeps as loaded.
            (None, None) => sweeps.with(|l| l.iter().map(|l| at(l, None, n)).collect()),
        }
    })
}

/// The loads whose counts at the current threshold are not there yet.
pub fn recounting(
    sweeps: RwSignal<Vec<Loaded>>,
    settings: RwSignal<Settings>,
    counts: RwSignal<HashMap<(u32, u64), Counts>>,
) -> Memo<Vec<u32>> {
    Memo::new(move |_| {
        let t = settings.with(|s| s.threshold);
        sweeps.with(|list| {
            counts.with(|c| {
                list.iter()
                    .filter(|l| {
                        l.data.threshold.to_bits() != t.to_bits() && !c.contains_key(&key(l.id, t))
                    })
                    .map(|l| l.id)
                    .collect()
            })
        })
    })
}

/// Asks the pool for every missing count (once per load and threshold); the answers land in
/// `state.counts`, a failure also in `state.news`.
pub fn request_counts(state: AppState) {
    let asked: StoredValue<HashSet<(u32, u64)>> = StoredValue::new(HashSet::new());
    Effect::new(move |_| {
        let ids = state.recounting.get();
        let t = state.settings.with_untracked(|s| s.threshold);
        for id in ids {
            if !asked
                .try_update_value(|a| a.insert(key(id, t)))
                .unwrap_or(false)
            {
                continue;
            }
            let Some((src, path)) = state.sweeps.with_untracked(|l| {
                l.iter()
                    .find(|l| l.id == id)
                    .map(|l| (l.source.js(), l.path.clone()))
            }) else {
                continue;
            };
            spawn_local(async move {
                let result = pool::counts(id, src, t).await.map_err(|f| f.message);
                if let Err(m) = &result {
                    state.news.try_update(|n| {
                        n.errors.push(FileNote {
                            path,
                            message: format!("left out at threshold {t}: {m}"),
                        })
                    });
                }
                state
                    .counts
                    .try_update(|c| c.insert(key(id, t), Arc::new(result)));
            });
        }
    });
}
