use super::*;
use crate::pickle::{DType, NdArray};
use crate::sweep::Point;
use std::sync::Arc;

fn post_of(post: Vec<Vec<f64>>, dtype: DType) -> Post<'static> {
    let (r, c) = (post.len(), post[0].len());
    let flat = post.concat();
    match dtype {
        DType::F4 => {
            let f: Vec<f32> = flat.iter().map(|&v| v as f32).collect();
            Post::F4(Matrix::new(Arc::new(NdArray::from_f32(vec![r, c], &f).unwrap())).unwrap())
        }
        _ => {
            Post::F8(Matrix::new(Arc::new(NdArray::from_f64(vec![r, c], &flat).unwrap())).unwrap())
        }
    }
}

fn sweep(post: Vec<Vec<f64>>, dtype: DType) -> Sweep<'static> {
    let post = post_of(post, dtype);
    Sweep {
        hparam: "h".into(),
        points: vec![
            Point {
                value: HValue::Int(1),
                post: Some(post),
            },
            Point {
                value: HValue::Int(2),
                post: None,
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
            ],
        ),
        (
            DType::F8,
            [
                1.0443564356435642,
                0.03502301771817928,
                0.5109962816281628,
                0.6079429042904291,
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

#[test]
fn an_array_shared_by_many_keys_is_read_once() {
    use crate::pickle::Value;
    let shared = Value::Array(Arc::new(
        NdArray::from_f64(vec![2, 3], &[0.9, 0.1, 0.7, 0.2, 0.8, 0.6]).unwrap(),
    ));
    let other = Value::Array(Arc::new(
        NdArray::from_f64(vec![2, 3], &[0.9, 0.1, 0.7, 0.2, 0.8, 0.6]).unwrap(),
    ));
    let point =
        |a: &Value<'static>| Value::Dict(vec![(Value::Str("post".into()), a.clone())].into());
    let mut items: Vec<(Value<'static>, Value<'static>)> =
        (0..999).map(|i| (Value::Int(i), point(&shared))).collect();
    items.push((Value::Int(-1), point(&other)));
    let sweep = crate::sweep::from_value("x", &Value::Dict(items.into())).unwrap();
    kernel::RUNS.with(|r| r.set(0));
    let st = sweep_stats(&sweep, &Params::default());
    // One run for the shared array, one for the equal but distinct one.
    assert_eq!(kernel::RUNS.with(|r| r.get()), 2);
    assert_eq!(st.points.len(), 1000);
    assert!(st.points.iter().all(|p| p.stats == st.points[0].stats));
    // Counts >= 2/3: [0.9, 0.1, 0.7] has 2, [0.2, 0.8, 0.6] has 1.
    assert_eq!(st.points[5].stats.as_ref().unwrap().count_mean, 1.5);
}

#[test]
fn png_columns_shared_by_many_keys_are_copied_and_reduced_once() {
    use crate::pickle::{DType, Value};
    let shared = Value::Array(Arc::new(
        NdArray::from_le_bytes(
            vec![3, 2],
            DType::I8,
            [3000i64, 1, 3100, 2, 2900, 3]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        )
        .unwrap(),
    ));
    let point = Value::Dict(vec![(Value::Str("post".into()), shared)].into());
    let items: Vec<(Value<'static>, Value<'static>)> =
        (0..1000).map(|i| (Value::Int(i), point.clone())).collect();
    let sweep = crate::sweep::png_from_value("x", &Value::Dict(items.into())).unwrap();
    let first = sweep.points[0].post.as_ref().unwrap();
    assert!(sweep
        .points
        .iter()
        .all(|p| p.post.as_ref().unwrap().same_array(first)));
    let st = png_sweep_stats(&sweep);
    assert_eq!(st.points[999].stats.unwrap().mean, 3000.0);
}

#[test]
fn empty_matrices_give_nan_not_a_panic() {
    // Sweeps refuse empty posts; the public kernels still answer for any matrix, as numpy would where
    // it answers: the mean curve of no trials is NaN per column, counts of no trials have a NaN mean.
    for shape in [vec![0, 1], vec![0, 3], vec![3, 0]] {
        let post = Post::F8(
            Matrix::new(Arc::new(NdArray::from_f64(shape.clone(), &[]).unwrap())).unwrap(),
        );
        let s = shape_stats(&post, 10);
        assert_eq!(s.ranked_mean.len(), shape[1], "{shape:?}");
        assert!(s.ranked_mean.iter().all(|v| v.is_nan()));
        assert!(s.max_info_mean.is_nan(), "{shape:?}");
        let c = count_stats(&post, 0.5);
        if shape[0] == 0 {
            assert!(c.count_mean.is_nan() && c.count_sem.is_nan(), "{shape:?}");
        } else {
            assert_eq!(
                c,
                CountStats {
                    count_mean: 0.0,
                    count_sem: 0.0
                }
            );
        }
    }
}

#[test]
fn nan_wins_the_max_wherever_it_is_in_a_row() {
    // Rows of 9 (two lanes of 4 and a rest of 1): NaN in a lane, in the rest, or nowhere.
    let mut rows = vec![vec![0.1; 9], vec![0.2; 9], vec![0.3; 9]];
    rows[0][2] = f64::NAN;
    rows[1][8] = f64::NAN;
    rows[2][8] = 0.9;
    for dtype in [DType::F8, DType::F4] {
        let st = sweep_stats(&sweep(rows.clone(), dtype), &Params::default());
        let p = st.points[0].stats.as_ref().unwrap();
        assert!(p.max_info_mean.is_nan(), "{dtype:?}");
        // Trial counts ignore NaN: only 0.9 is >= 2/3.
        assert_eq!(p.count_mean, 1.0 / 3.0, "{dtype:?}");
    }
    let st = sweep_stats(&sweep(vec![rows[2].clone()], DType::F8), &Params::default());
    assert_eq!(st.points[0].stats.as_ref().unwrap().max_info_mean, 0.9);
}

/// Counts `>= t` and maxes of rows made of NaN, ±inf, ±0, subnormals, the threshold itself and
/// duplicates, 1 to 11 wide (the first pass takes 4 at a time, then the rest), in both dtypes: numpy's
/// `np.sum(post >= t, axis=1)` and `post.max(axis=1)` (NaN wins; otherwise the largest value).
#[test]
fn adversarial_rows_count_and_max_as_numpy() {
    let t = 2.0 / 3.0;
    let pool = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        0.0,
        -0.0,
        f64::MIN_POSITIVE / 4.0,
        -f64::MIN_POSITIVE / 4.0,
        t,
        t,
        0.9,
        0.9,
        -1.0,
        f64::MAX,
    ];
    for width in 1..=11 {
        for dtype in [DType::F8, DType::F4] {
            // Every rotation of the pool, cut to `width`, with and without the NaN.
            let rows: Vec<Vec<f64>> = (0..pool.len())
                .flat_map(|r| {
                    let row: Vec<f64> = (0..width).map(|i| pool[(r + i) % pool.len()]).collect();
                    let no_nan: Vec<f64> = row
                        .iter()
                        .map(|&v| if v.is_nan() { 0.5 } else { v })
                        .collect();
                    [row, no_nan]
                })
                .collect();
            let post = post_of(rows.clone(), dtype);
            let (counts, maxes): (Vec<usize>, Vec<f64>) = match &post {
                Post::F4(m) => {
                    let p = kernel::run(m, Some(t as f32), true);
                    (p.counts, p.maxes.iter().map(|&v| f64::from(v)).collect())
                }
                Post::F8(m) => {
                    let p = kernel::run(m, Some(t), true);
                    (p.counts, p.maxes)
                }
            };
            for (i, row) in rows.iter().enumerate() {
                // As stored: float32 rounds each value and the threshold.
                let row: Vec<f64> = match dtype {
                    DType::F4 => row.iter().map(|&v| f64::from(v as f32)).collect(),
                    _ => row.clone(),
                };
                let t = match dtype {
                    DType::F4 => f64::from(t as f32),
                    _ => t,
                };
                let want_count = row.iter().filter(|&&v| v >= t).count();
                let want_max = if row.iter().any(|v| v.is_nan()) {
                    f64::NAN
                } else {
                    row.iter().copied().fold(f64::NEG_INFINITY, f64::max)
                };
                assert_eq!(counts[i], want_count, "{dtype:?} row {row:?}");
                assert!(
                    maxes[i] == want_max || (maxes[i].is_nan() && want_max.is_nan()),
                    "{dtype:?} row {row:?}: max {} want {want_max}",
                    maxes[i]
                );
            }
        }
    }
}
