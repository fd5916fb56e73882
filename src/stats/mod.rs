//! The notebooks' statistics, exactly: informative counts (`>= threshold`), mean and SEM (population std
//! over sqrt(n)), fractions, max-info mean/std, the ranked mean curve and the top-k mean (Fig. S9A/B), and
//! the PNG-count mean and SEM of one layer (Fig. S9C).
//!
//! Owns: the numbers, in numpy 1.26's order of operations (`numpy`). Formatting them (CSV, summary
//! table) is [`crate::report`]'s job.

mod kernel;
mod numpy;
mod png;

pub use numpy::{np_mean, np_mean_by, np_std, np_std_by, np_sum, np_sum_by, NpFloat, BUFFER_SIZE};
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
    /// Mean over trials per rank (`measures.mean(axis=0)`). The notebook's `compute_ranked_stats` also
    /// returns `measures.std(axis=0)`, which no output uses: it is not computed.
    pub ranked_mean: Vec<f64>,
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
/// - `post.max(axis=1)` (NaN wins), then `.mean()/.std()`, `post.mean(axis=0)` and
///   `mean_info[:k].mean()` are computed in the array's dtype (float32 stays float32, as numpy does) and
///   stored as float64;
/// - 1-D sums use numpy's blocked pairwise summation ([`np_sum`]); sums over axis 0 add row after row for
///   a C-ordered array with several columns, and each column pairwise for a Fortran-ordered array or a
///   single column (the contiguous axis is the reduced one);
/// - NaN inside `post` is never `>=` the threshold, makes its trial's max NaN and its rank's mean NaN,
///   as in numpy.
pub fn sweep_stats(sweep: &Sweep<'_>, params: &Params) -> SweepStats {
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

/// The statistics of `post` that do not depend on the threshold (what a threshold change keeps).
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeStats {
    /// `post.shape[0]`.
    pub n_trials: usize,
    /// `post.max(axis=1).mean()`, in the array's dtype.
    pub max_info_mean: f64,
    /// `post.max(axis=1).std()`, in the array's dtype.
    pub max_info_std: f64,
    /// `post.mean(axis=0)[:top_k].mean()`, in the array's dtype.
    pub mean_info_top_k: f64,
    /// `post.mean(axis=0)`.
    pub ranked_mean: Vec<f64>,
}

/// The informative counts of `post` at one threshold: `counts = np.sum(post >= threshold, axis=1)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountStats {
    /// `counts.mean()`.
    pub count_mean: f64,
    /// `counts.std() / np.sqrt(len(counts))`.
    pub count_sem: f64,
}

impl PointStats {
    /// The statistics of a point from its two parts; fractions are the counts over `n_neurons`, in %.
    pub fn from_parts(shape: ShapeStats, counts: CountStats, n_neurons: usize) -> PointStats {
        let n = n_neurons as f64;
        PointStats {
            count_mean: counts.count_mean,
            count_sem: counts.count_sem,
            fraction_mean: counts.count_mean / n * 100.0,
            fraction_sem: counts.count_sem / n * 100.0,
            max_info_mean: shape.max_info_mean,
            max_info_std: shape.max_info_std,
            mean_info_top_k: shape.mean_info_top_k,
            n_trials: shape.n_trials,
            ranked_mean: shape.ranked_mean,
        }
    }
}

/// All statistics of one `post`, reading the array once: the counts, maxes and column sums (see
/// [`sweep_stats`] for numpy's arithmetic).
pub fn post_stats(post: &Post<'_>, params: &Params) -> PointStats {
    match post {
        Post::F4(m) => fused(m, params),
        Post::F8(m) => fused(m, params),
    }
}

/// The threshold-independent statistics of one `post` (one read of the array).
pub fn shape_stats(post: &Post<'_>, top_k: usize) -> ShapeStats {
    fn typed<T: kernel::Elem>(m: &Matrix<'_, T>, top_k: usize) -> ShapeStats {
        shape_of(m.rows(), kernel::run(m, None, true), top_k)
    }
    match post {
        Post::F4(m) => typed(m, top_k),
        Post::F8(m) => typed(m, top_k),
    }
}

/// The informative counts of one `post` at `threshold` (one read of the array; see [`sweep_stats`] for
/// the float32 comparison).
pub fn count_stats(post: &Post<'_>, threshold: f64) -> CountStats {
    fn typed<T: kernel::Elem>(m: &Matrix<'_, T>, threshold: f64) -> CountStats {
        counts_of(&kernel::run(m, Some(T::from_f64(threshold)), false).counts)
    }
    match post {
        Post::F4(m) => typed(m, threshold),
        Post::F8(m) => typed(m, threshold),
    }
}

fn fused<T: kernel::Elem>(m: &Matrix<'_, T>, params: &Params) -> PointStats {
    let mut pass = kernel::run(m, Some(T::from_f64(params.threshold)), true);
    let counts = counts_of(&std::mem::take(&mut pass.counts));
    PointStats::from_parts(
        shape_of(m.rows(), pass, params.top_k),
        counts,
        params.n_neurons,
    )
}

/// `counts.mean()`, `counts.std() / np.sqrt(len(counts))`: int64 cast to float64 as numpy's `mean`/`std`
/// do (in 8192-element blocks).
fn counts_of(counts: &[usize]) -> CountStats {
    let n = counts.len();
    let c = |i: usize| counts[i] as f64;
    CountStats {
        count_mean: np_mean_by(n, c),
        count_sem: np_std_by(n, c) / (n as f64).sqrt(),
    }
}

fn shape_of<T: NpFloat>(n_trials: usize, pass: kernel::Pass<T>, top_k: usize) -> ShapeStats {
    let top = &pass.mean[..top_k.min(pass.mean.len())];
    ShapeStats {
        n_trials,
        max_info_mean: np_mean(&pass.maxes).to_f64(),
        max_info_std: np_std(&pass.maxes).to_f64(),
        mean_info_top_k: np_mean(top).to_f64(),
        ranked_mean: pass.mean.iter().map(|v| v.to_f64()).collect(),
    }
}

#[cfg(test)]
mod tests;
