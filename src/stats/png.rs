//! Fig. S9C: plot_S9C's `compute_count_stats(counts_arr, layer_idx=0)` on each point's layer column.
//!
//! Owns: the PNG-count mean and SEM in numpy's order, computed once per distinct column.

use super::{np_mean_by, np_std_by, PngCountStats, PngPointSummary, PngSweepStats};
use crate::sweep::{LayerCounts, PngSweep};
use std::collections::HashMap;

/// `layer_counts.mean()` and `layer_counts.std() / np.sqrt(len(layer_counts))`.
///
/// An integer or bool column is reduced in float64 (numpy's `mean`/`std` use `dtype='f8'` for them, cast
/// element by element, in blocks of [`super::BUFFER_SIZE`]); a float64 column likewise; a float32 column
/// in float32, with the SEM then divided in float64 (`np.float32 / np.float64` is a float64), and the
/// float32 mean stored as its exact float64 value. NaN propagates; zero trials give NaN.
pub fn png_count_stats(counts: &LayerCounts) -> PngCountStats {
    let n = counts.len();
    let sqrt_n = (n as f64).sqrt();
    let (mean, std, float32) = match counts {
        LayerCounts::F8(c) => (np_mean_by(n, |i| c[i]), np_std_by(n, |i| c[i]), false),
        LayerCounts::F4(c) => (
            np_mean_by(n, |i| c[i]) as f64,
            np_std_by(n, |i| c[i]) as f64,
            true,
        ),
    };
    PngCountStats {
        mean,
        sem: std / sqrt_n,
        n_trials: n,
        float32,
    }
}

/// The Fig. S9C statistics of every point of a sweep (once per distinct column).
pub fn png_sweep_stats(sweep: &PngSweep) -> PngSweepStats {
    let mut by_array: HashMap<usize, PngCountStats> = HashMap::new();
    PngSweepStats {
        hparam: sweep.hparam.clone(),
        points: sweep
            .points
            .iter()
            .map(|p| PngPointSummary {
                value: p.value.clone(),
                stats: p.post.as_ref().map(|c| {
                    *by_array
                        .entry(c.array_id())
                        .or_insert_with(|| png_count_stats(c))
                }),
            })
            .collect(),
    }
}
