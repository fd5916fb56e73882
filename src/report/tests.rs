use super::*;
use crate::stats::{PointStats, PointSummary};

fn st(v: f64) -> PointStats {
    PointStats {
        count_mean: v,
        count_sem: 0.0,
        fraction_mean: v / 4096.0 * 100.0,
        fraction_sem: 0.0,
        max_info_mean: 1.0,
        max_info_std: f64::NAN,
        mean_info_top_k: 1e-5,
        n_trials: 1,
        ranked_mean: vec![],
    }
}

fn sweep(h: &str, pts: Vec<(HValue, bool)>) -> SweepStats {
    SweepStats {
        hparam: h.into(),
        points: pts
            .into_iter()
            .map(|(value, data)| PointSummary {
                value,
                stats: data.then(|| st(3.0)),
            })
            .collect(),
    }
}

#[test]
fn value_column_inference() {
    let ints = sweep("a", vec![(HValue::Int(12), true), (HValue::Int(16), false)]);
    let floats = sweep("b", vec![(HValue::Float(0.02), true)]);
    let c = csv(std::slice::from_ref(&ints));
    assert_eq!(
        c.lines().nth(1).unwrap(),
        "a,12,3.0,0.0,0.0732421875,0.0,1.0,,1e-05,1"
    );
    assert_eq!(c.lines().count(), 2);
    let c = csv(&[ints.clone(), floats.clone()]);
    assert!(c.lines().nth(1).unwrap().starts_with("a,12.0,"));
    let strs = sweep("c,d", vec![(HValue::Str("x".into()), true)]);
    let c = csv(&[ints, floats, strs]);
    assert!(c.lines().nth(1).unwrap().starts_with("a,12,"));
    assert!(c.lines().nth(2).unwrap().starts_with("b,0.02,"));
    assert!(c.lines().nth(3).unwrap().starts_with("\"c,d\",x,"));
    assert_eq!(csv(&[]), "\n");
}

#[test]
fn summary_layout() {
    let s = sweep(
        "lrate",
        vec![(HValue::Float(0.02), true), (HValue::Float(0.5), false)],
    );
    let want = "\n$\\rho$\n".to_string()
        + &"-".repeat(50)
        + "\n value     count     fraction max_info\n  0.02 3.0 ± 0.0 0.07 ± 0.00%    1.000\n  0.50       N/A          N/A      N/A\n";
    assert_eq!(summary(&[s]), want);
}

#[test]
fn csv_with_dtypes_writes_float32_information_columns_when_told() {
    let s = sweep("a", vec![(HValue::Int(12), true)]);
    let mut st = s.clone();
    if let Some(p) = st.points[0].stats.as_mut() {
        p.max_info_mean = 0.999739f32 as f64;
    }
    let f32_line = csv_with_dtypes(std::slice::from_ref(&st), true);
    let f64_line = csv_with_dtypes(std::slice::from_ref(&st), false);
    assert_eq!(
        f32_line.lines().nth(1).unwrap(),
        "a,12,3.0,0.0,0.0732421875,0.0,0.999739,,1e-05,1"
    );
    assert_eq!(
        f64_line.lines().nth(1).unwrap(),
        "a,12,3.0,0.0,0.0732421875,0.0,0.9997389912605286,,1e-05,1"
    );
    assert_eq!(f64_line, csv(std::slice::from_ref(&st)));
}
