//! Information `post` arrays stored every way numpy pickles them (C/Fortran, little/big endian, f8/f4, one
//! column, one row, > 8 and > 8192 trials, NaN): the statistics equal numpy's to the last bit (fixtures
//! and numpy's numbers by `scripts/make_layout_fixtures.py`), fused or split into shape and counts.

#![cfg(not(target_arch = "wasm32"))]

use infosweep::stats::{count_stats, post_stats, shape_stats, CountStats, Params, PointStats};
use infosweep::sweep::load;
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layouts");

fn num(v: &serde_json::Value) -> f64 {
    v.as_str().expect("a float repr").parse().expect("a float")
}

/// Equal as numpy's float64 values (NaN equals NaN).
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn check(name: &str, got: &PointStats, want: &serde_json::Value) {
    let pairs = [
        ("count_mean", got.count_mean),
        ("count_sem", got.count_sem),
        ("max_info_mean", got.max_info_mean),
        ("max_info_std", got.max_info_std),
        ("mean_info_top10", got.mean_info_top_k),
    ];
    for (k, v) in pairs {
        assert!(
            same(v, num(&want[k])),
            "{name}: {k} = {v:e}, numpy {}",
            want[k]
        );
    }
    for (k, curve) in [("ranked_mean", &got.ranked_mean)] {
        let w: Vec<f64> = want[k].as_array().unwrap().iter().map(num).collect();
        assert_eq!(curve.len(), w.len(), "{name}: {k}");
        for (i, (a, b)) in curve.iter().zip(&w).enumerate() {
            assert!(same(*a, *b), "{name}: {k}[{i}] = {a:e}, numpy {b:e}");
        }
    }
}

#[test]
fn every_storage_matches_numpy_to_the_last_bit() {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("run scripts/make_layout_fixtures.py")
        .filter_map(|e| {
            let n = e.ok()?.file_name().into_string().ok()?;
            n.strip_suffix(".pkl").map(str::to_string)
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 12, "{names:?}");
    for name in &names {
        let bytes = std::fs::read(Path::new(DIR).join(format!("{name}.pkl"))).unwrap();
        let want: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(Path::new(DIR).join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let params = Params {
            threshold: want["threshold"].as_f64().unwrap(),
            ..Params::default()
        };
        let sweep = load("x", &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let post = sweep.points[0].post.as_ref().expect("post");
        let fused = post_stats(post, &params);
        check(name, &fused, &want);
        // Split into what a threshold change keeps and what it recomputes: the same numbers.
        let split = PointStats::from_parts(
            shape_stats(post, params.top_k),
            count_stats(post, params.threshold),
            params.n_neurons,
        );
        assert_eq!(format!("{split:?}"), format!("{fused:?}"), "{name}");
        // An owned copy (what the page keeps) gives the same.
        let owned = sweep.clone().into_owned();
        let again = post_stats(owned.points[0].post.as_ref().unwrap(), &params);
        assert_eq!(format!("{again:?}"), format!("{fused:?}"), "{name}");
    }
}

#[test]
fn counts_follow_the_threshold() {
    let bytes = std::fs::read(Path::new(DIR).join("c_f8_20x12.pkl")).unwrap();
    let sweep = load("x", &bytes).unwrap();
    let post = sweep.points[0].post.as_ref().unwrap();
    let all = count_stats(post, -1e300);
    assert_eq!(
        all,
        CountStats {
            count_mean: 12.0,
            count_sem: 0.0
        }
    );
    let none = count_stats(post, 1e300);
    assert_eq!(none.count_mean, 0.0);
    assert!(count_stats(post, 0.5).count_mean > count_stats(post, 0.9).count_mean);
}
