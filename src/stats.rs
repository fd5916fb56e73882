//! The notebook's statistics, exactly: informative counts (`>= threshold`), mean and SEM (population std
//! over sqrt(n)), fractions, max-info mean/std, ranked mean/std curves and the top-k mean.
//!
//! Owns: the numbers. Formatting them (CSV, summary table) is [`crate::report`]'s job.

use crate::sweep::{HValue, Sweep};

/// The notebook's parameters, with its defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// `INFO_THRESHOLD` = 2/3; a neuron is informative when its value is `>=` this.
    pub threshold: f64,
    /// `N_NEURONS_L4` = 4096; the denominator of fractions (not the array width).
    pub n_neurons: usize,
    /// 10; `mean_info_top10` averages the first `top_k` ranks of the mean curve.
    pub top_k: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { threshold: 2.0 / 3.0, n_neurons: 4096, top_k: 10 }
    }
}

/// Statistics of one point with data.
#[derive(Debug, Clone, PartialEq)]
pub struct PointStats {
    pub count_mean: f64,
    pub count_sem: f64,
    pub fraction_mean: f64,
    pub fraction_sem: f64,
    pub max_info_mean: f64,
    pub max_info_std: f64,
    pub mean_info_top_k: f64,
    pub n_trials: usize,
    /// Mean over trials per rank (`measures.mean(axis=0)`).
    pub ranked_mean: Vec<f64>,
    /// Population std over trials per rank (`measures.std(axis=0)`).
    pub ranked_std: Vec<f64>,
}

/// A point's value and its statistics (`None` when the pickle had no `'post'`: a 0 bar, no curve, no row).
#[derive(Debug, Clone, PartialEq)]
pub struct PointSummary {
    pub value: HValue,
    pub stats: Option<PointStats>,
}

/// The statistics of one sweep, points in sweep order.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepStats {
    pub hparam: String,
    pub points: Vec<PointSummary>,
}

/// Computes the statistics of every point of a sweep.
pub fn sweep_stats(sweep: &Sweep, params: &Params) -> SweepStats {
    let _ = (sweep, params);
    todo!()
}
