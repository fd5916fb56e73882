//! The notebook's statistics, exactly: informative counts (`>= threshold`), mean and SEM (population std
//! over sqrt(n)), fractions, max-info mean/std, ranked mean/std curves and the top-k mean.
//!
//! Owns: the numbers. Formatting them (CSV, summary table) is [`crate::report`]'s job.

use crate::pickle::DType;
use crate::sweep::{HValue, Sweep};
use ndarray::Array2;
use std::ops::{Add, Div, Mul, Sub};

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

/// Computes the statistics of every point of a sweep.
///
/// Reproduces numpy 1.26 to the last bit:
/// - counts: `np.sum(post >= threshold, axis=1)`; for a float32 `post` numpy compares in float32 (the
///   Python-float threshold takes the array's dtype: `np.float32([0.7]) >= 0.7` is `True`), so the
///   threshold is rounded to float32 first;
/// - `counts.mean()`, `counts.std()`: in float64; SEM divides by `sqrt(n)`;
/// - `post.max(axis=1).mean()/.std()`, `post.mean(axis=0)/.std(axis=0)` and `mean_info[:k].mean()` are
///   computed in the array's dtype (float32 stays float32, as numpy does) and stored as float64;
/// - 1-D sums use numpy's pairwise summation ([`np_sum`]); sums over axis 0 add row after row.
pub fn sweep_stats(sweep: &Sweep, params: &Params) -> SweepStats {
    SweepStats {
        hparam: sweep.hparam.clone(),
        points: sweep
            .points
            .iter()
            .map(|p| PointSummary {
                value: p.value.clone(),
                stats: p.post.as_ref().map(|post| match p.post_dtype {
                    Some(DType::F4) => point_stats::<f32>(post, params),
                    _ => point_stats::<f64>(post, params),
                }),
            })
            .collect(),
    }
}

/// The float type numpy computes in (float32 or float64).
pub trait NpFloat:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
{
    const ZERO: Self;
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    fn from_usize(n: usize) -> Self;
    fn sqrt(self) -> Self;
    fn is_nan(self) -> bool;
}

impl NpFloat for f64 {
    const ZERO: Self = 0.0;
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn from_usize(n: usize) -> Self {
        n as f64
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
}

impl NpFloat for f32 {
    const ZERO: Self = 0.0;
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_usize(n: usize) -> Self {
        n as f32
    }
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
}

/// numpy's `np.add.reduce` of a contiguous 1-D float array: `0 + pairwise_sum(a)`, where pairwise_sum
/// adds blocks of up to 128 elements with 8 accumulators and splits larger runs in halves (multiple of 8).
pub fn np_sum<T: NpFloat>(a: &[T]) -> T {
    T::ZERO + pairwise(a)
}

fn pairwise<T: NpFloat>(a: &[T]) -> T {
    let n = a.len();
    if n < 8 {
        let mut res = T::ZERO;
        for &x in a {
            res = res + x;
        }
        res
    } else if n <= 128 {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] = r[j] + a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &x in &a[i..] {
            res = res + x;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise(&a[..n2]) + pairwise(&a[n2..])
    }
}

/// `a.mean()` of a 1-D array (NaN when empty, as numpy's with a warning).
pub fn np_mean<T: NpFloat>(a: &[T]) -> T {
    np_sum(a) / T::from_usize(a.len())
}

/// `a.std()` (ddof=0) of a 1-D array: `sqrt(sum((a - mean)**2) / n)`.
pub fn np_std<T: NpFloat>(a: &[T]) -> T {
    let mean = np_mean(a);
    let sq: Vec<T> = a.iter().map(|&x| (x - mean) * (x - mean)).collect();
    (np_sum(&sq) / T::from_usize(a.len())).sqrt()
}

fn point_stats<T: NpFloat>(post: &Array2<f64>, params: &Params) -> PointStats {
    let (n_trials, n_cols) = post.dim();
    let rows: Vec<Vec<T>> = post
        .rows()
        .into_iter()
        .map(|r| r.iter().map(|&v| T::from_f64(v)).collect())
        .collect();
    let threshold = T::from_f64(params.threshold);

    // counts = np.sum(post >= threshold, axis=1): int64, then mean/std in float64.
    let counts: Vec<f64> = rows
        .iter()
        .map(|r| r.iter().filter(|&&v| v >= threshold).count() as f64)
        .collect();
    let count_mean = np_mean(&counts);
    let count_sem = np_std(&counts) / (counts.len() as f64).sqrt();
    let n_neurons = params.n_neurons as f64;

    // post.max(axis=1): NaN propagates, as numpy's maximum.
    let maxes: Vec<T> = rows
        .iter()
        .map(|r| {
            r.iter().skip(1).fold(r[0], |m, &v| {
                if m.is_nan() || v.is_nan() {
                    if m.is_nan() {
                        m
                    } else {
                        v
                    }
                } else if v > m {
                    v
                } else {
                    m
                }
            })
        })
        .collect();

    // post.mean(axis=0), post.std(axis=0): row after row per column.
    let n_t = T::from_usize(n_trials);
    let mut sum = rows[0].iter().map(|&v| T::ZERO + v).collect::<Vec<T>>();
    for r in &rows[1..] {
        for (s, &v) in sum.iter_mut().zip(r) {
            *s = *s + v;
        }
    }
    let mean: Vec<T> = sum.iter().map(|&s| s / n_t).collect();
    let mut sq = vec![T::ZERO; n_cols];
    for r in &rows {
        for ((s, &v), &m) in sq.iter_mut().zip(r).zip(&mean) {
            *s = *s + (v - m) * (v - m);
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
mod tests {
    use super::*;
    use crate::sweep::Point;

    fn sweep(post: Vec<Vec<f64>>, dtype: DType) -> Sweep {
        let (r, c) = (post.len(), post[0].len());
        let m = Array2::from_shape_vec((r, c), post.concat()).unwrap();
        Sweep {
            hparam: "h".into(),
            points: vec![
                Point {
                    value: HValue::Int(1),
                    post: Some(m),
                    post_dtype: Some(dtype),
                },
                Point {
                    value: HValue::Int(2),
                    post: None,
                    post_dtype: None,
                },
            ],
        }
    }

    #[test]
    fn population_std_sem_and_threshold_equality() {
        let t = 2.0 / 3.0;
        let s = sweep(vec![vec![t, 0.1, 0.9], vec![0.5, 0.1, 0.2]], DType::F8);
        let st = sweep_stats(&s, &Params::default());
        let p = st.points[0].stats.as_ref().unwrap();
        // counts [2, 0]: mean 1, population std 1, SEM 1/sqrt(2)
        assert_eq!(p.count_mean, 1.0);
        assert_eq!(p.count_sem, 1.0 / 2f64.sqrt());
        assert_eq!(p.fraction_mean, 1.0 / 4096.0 * 100.0);
        assert_eq!(p.max_info_mean, (0.9 + 0.5) / 2.0);
        assert_eq!(p.n_trials, 2);
        assert_eq!(p.ranked_std[1], 0.0);
        assert!(st.points[1].stats.is_none());
    }

    #[test]
    fn one_trial_sem_zero() {
        let st = sweep_stats(
            &sweep(vec![vec![0.9, 0.7, 0.1]], DType::F8),
            &Params::default(),
        );
        let p = st.points[0].stats.as_ref().unwrap();
        assert_eq!((p.count_mean, p.count_sem, p.max_info_std), (2.0, 0.0, 0.0));
        assert_eq!(p.mean_info_top_k, np_mean(&[0.9, 0.7, 0.1]));
    }

    #[test]
    fn float32_compares_in_float32() {
        // np.float32([0.7]) >= 0.7 is True: the threshold is rounded to float32.
        let v = 0.7f32 as f64;
        let params = Params {
            threshold: 0.7,
            ..Params::default()
        };
        let f4 = sweep_stats(&sweep(vec![vec![v, 0.0]], DType::F4), &params);
        let f8 = sweep_stats(&sweep(vec![vec![v, 0.0]], DType::F8), &params);
        assert_eq!(f4.points[0].stats.as_ref().unwrap().count_mean, 1.0);
        assert_eq!(f8.points[0].stats.as_ref().unwrap().count_mean, 0.0);
    }

    /// Expected numbers printed by numpy 1.26.3 for the same array in float32 and float64 (9 trials:
    /// pairwise sums with a block of 8; 150 ranks).
    #[test]
    fn matches_numpy_in_both_dtypes() {
        let data = |dt: DType| -> Vec<Vec<f64>> {
            (0..9)
                .map(|r| {
                    (0..150)
                        .map(|c| {
                            let i = r * 150 + c;
                            let v = ((i * 37) % 101) as f64 / 101.0 * (1.0 + r as f64 * 0.0137);
                            if dt == DType::F4 {
                                v as f32 as f64
                            } else {
                                v
                            }
                        })
                        .collect()
                })
                .collect()
        };
        let params = Params {
            threshold: 0.7,
            ..Params::default()
        };
        let want = [
            (
                DType::F4,
                [
                    1.0443564653396606,
                    0.03502300754189491,
                    0.5109962821006775,
                    0.6079429388046265,
                    0.12193188816308975,
                ],
            ),
            (
                DType::F8,
                [
                    1.0443564356435642,
                    0.03502301771817928,
                    0.5109962816281628,
                    0.6079429042904291,
                    0.12193188708704492,
                ],
            ),
        ];
        for (dt, w) in want {
            let st = sweep_stats(&sweep(data(dt), dt), &params);
            let p = st.points[0].stats.as_ref().unwrap();
            let got = [
                p.max_info_mean,
                p.max_info_std,
                p.mean_info_top_k,
                p.ranked_mean[3],
                p.ranked_std[7],
            ];
            assert_eq!(got, w, "{dt:?}");
            assert_eq!(p.count_mean, 49.666666666666664);
            assert_eq!(p.count_sem, 1.1653431646335017);
        }
    }

    #[test]
    fn pairwise_like_numpy() {
        // np.sum([1.0] + [1.1e-16] * 8) == 1.0000000000000007 (not the sequential 1.0000000000000009).
        let mut a = vec![1.0];
        a.extend([1.1e-16; 8]);
        assert_eq!(np_sum(&a), 1.0000000000000007);
        let b: Vec<f64> = a.iter().rev().copied().collect();
        assert_eq!(np_sum(&b), 1.0000000000000009);
        let long: Vec<f64> = (0..1000).map(|i| 0.1 * i as f64).collect();
        assert!((np_sum(&long) - 49950.0).abs() < 1e-6);
    }
}
