//! The notebooks' statistics, exactly: informative counts (`>= threshold`), mean and SEM (population std
//! over sqrt(n)), fractions, max-info mean/std, ranked mean/std curves and the top-k mean (Fig. S9A/B), and
//! the PNG-count mean and SEM of one layer (Fig. S9C).
//!
//! Owns: the numbers, in numpy 1.26's order of operations ([`numpy`]). Formatting them (CSV, summary
//! table) is [`crate::report`]'s job.

mod numpy;
mod png;

pub use numpy::{
    np_maximum, np_mean, np_mean_by, np_std, np_std_by, np_sum, np_sum_by, NpFloat, BUFFER_SIZE,
};
pub use png::{png_count_stats, png_sweep_stats};

use crate::sweep::{HValue, Matrix, Post, Sweep};
use std::collections::HashMap;

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
        Params {
            threshold: crate::notebook::INFO_THRESHOLD,
            n_neurons: crate::notebook::N_NEURONS_L4,
            top_k: crate::notebook::TOP_K,
        }
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

/// Statistics of one Fig. S9C point: plot_S9C's `compute_count_stats(post, layer_idx=0)` on column
/// [`crate::notebook::PNG_LAYER_IDX`] of `post` (n_trials, n_layers): mean and SEM = population std / sqrt(n).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngCountStats {
    /// `layer_counts.mean()` (float64, numpy's pairwise order).
    pub mean: f64,
    /// `layer_counts.std() / np.sqrt(len(layer_counts))`.
    pub sem: f64,
    /// `post.shape[0]`.
    pub n_trials: usize,
    /// Whether `mean` is a numpy float32 (a float32 `post`: numpy reduces it in float32); pandas then
    /// writes a float32 column when every row's mean is one. `mean` holds its exact float64 value.
    pub float32: bool,
}

/// A Fig. S9C point's value and statistics (`None` without `'post'`: NaN in the plot, no CSV row, `N/A`).
#[derive(Debug, Clone, PartialEq)]
pub struct PngPointSummary {
    pub value: HValue,
    pub stats: Option<PngCountStats>,
}

/// The Fig. S9C statistics of one sweep (`<hparam>/png_counts_sweep_layers_4.pkl`), points in sorted order.
#[derive(Debug, Clone, PartialEq)]
pub struct PngSweepStats {
    pub hparam: String,
    pub points: Vec<PngPointSummary>,
}

/// Computes the statistics of every point of a sweep (once per distinct array: points sharing one array
/// through the pickle's memo share its statistics).
///
/// Reproduces numpy 1.26 to the last bit:
/// - counts: `np.sum(post >= threshold, axis=1)`; for a float32 `post` numpy compares in float32 (the
///   Python-float threshold takes the array's dtype: `np.float32([0.7]) >= 0.7` is `True`), so the
///   threshold is rounded to float32 first; NaN is never `>=`;
/// - `counts.mean()`, `counts.std()`: int64 cast to float64 and summed as [`np_sum`]; SEM divides by
///   `sqrt(n)`;
/// - `post.max(axis=1)` (NaN wins), then `.mean()/.std()`, `post.mean(axis=0)/.std(axis=0)` and
///   `mean_info[:k].mean()` are computed in the array's dtype (float32 stays float32, as numpy does) and
///   stored as float64;
/// - 1-D sums use numpy's blocked pairwise summation ([`np_sum`]); sums over axis 0 of a C-ordered array
///   add row after row.
pub fn sweep_stats(sweep: &Sweep, params: &Params) -> SweepStats {
    let mut by_array: HashMap<usize, PointStats> = HashMap::new();
    SweepStats {
        hparam: sweep.hparam.clone(),
        points: sweep
            .points
            .iter()
            .map(|p| PointSummary {
                value: p.value.clone(),
                stats: p.post.as_ref().map(|post| {
                    by_array
                        .entry(post.array_id())
                        .or_insert_with(|| post_stats(post, params))
                        .clone()
                }),
            })
            .collect(),
    }
}

/// The statistics of one `post`, in its dtype.
pub fn post_stats(post: &Post, params: &Params) -> PointStats {
    match post {
        Post::F4(m) => matrix_stats::<f32>(m, params),
        Post::F8(m) => matrix_stats::<f64>(m, params),
    }
}

fn matrix_stats<T: NpFloat>(m: &Matrix<T>, params: &Params) -> PointStats {
    let (n_trials, n_cols) = (m.rows(), m.cols());
    let threshold = T::from_f64(params.threshold);

    // One pass: counts >= threshold and max per trial, column sums (row after row, as numpy's axis-0
    // reduction of a C-ordered array).
    let mut counts: Vec<f64> = Vec::with_capacity(n_trials);
    let mut maxes: Vec<T> = Vec::with_capacity(n_trials);
    let mut sum = vec![T::ZERO; n_cols];
    for r in 0..n_trials {
        let row = m.row(r);
        let mut c = 0usize;
        let mut mx = row[0];
        for (s, &v) in sum.iter_mut().zip(row) {
            c += usize::from(v >= threshold);
            mx = np_maximum(mx, v);
            *s = *s + v;
        }
        counts.push(c as f64);
        maxes.push(mx);
    }
    let count_mean = np_mean(&counts);
    let count_sem = np_std(&counts) / (counts.len() as f64).sqrt();
    let n_neurons = params.n_neurons as f64;

    let n_t = T::from_usize(n_trials);
    let mean: Vec<T> = sum.iter().map(|&s| s / n_t).collect();
    // Second pass: the squared deviations from the column means, row after row.
    let mut sq = vec![T::ZERO; n_cols];
    for r in 0..n_trials {
        for ((s, &v), &mu) in sq.iter_mut().zip(m.row(r)).zip(&mean) {
            let d = v - mu;
            *s = *s + d * d;
        }
    }
    let std: Vec<T> = sq.iter().map(|&s| (s / n_t).sqrt()).collect();
    let top = &mean[..params.top_k.min(n_cols)];

    PointStats {
        count_mean,
        count_sem,
        fraction_mean: count_mean / n_neurons * 100.0,
        fraction_sem: count_sem / n_neurons * 100.0,
        max_info_mean: np_mean(&maxes).to_f64(),
        max_info_std: np_std(&maxes).to_f64(),
        mean_info_top_k: np_mean(top).to_f64(),
        n_trials,
        ranked_mean: mean.iter().map(|v| v.to_f64()).collect(),
        ranked_std: std.iter().map(|v| v.to_f64()).collect(),
    }
}

#[cfg(test)]
mod tests;
