//! numpy's own sums, means and standard deviations (numpy 1.26.3, `scripts/make_numpy_sums.py`) of a
//! sequence Python and Rust compute bit for bit, for lengths around numpy's pairwise-summation switches (8,
//! 128) and its 8192-element buffer: equal to the last bit, in float64 and float32.

#![cfg(not(target_arch = "wasm32"))]

use infosweep::stats::{np_mean, np_std, np_sum};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/numpy_sums.json"
);

fn xs(n: usize, scales: &[f64]) -> Vec<f64> {
    (0..n)
        .map(|i| (((i * 7919) % 1009) as f64 - 504.0) / 7.0 * scales[i % scales.len()])
        .collect()
}

fn num(v: &serde_json::Value) -> f64 {
    v.as_str().expect("a float repr").parse().expect("a float")
}

#[test]
fn sums_means_and_stds_equal_numpys_to_the_last_bit() {
    let text = std::fs::read_to_string(FIXTURE).expect("run scripts/make_numpy_sums.py");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let scales: Vec<f64> = json["scales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let cases = json["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 42);
    let mut differ_from_sequential = 0;
    for c in cases {
        let n = c["n"].as_u64().unwrap() as usize;
        let x = xs(n, &scales);
        let got = match c["dtype"].as_str().unwrap() {
            "f8" => (np_sum(&x), np_mean(&x), np_std(&x)),
            "f4" => {
                let x: Vec<f32> = x.iter().map(|&v| v as f32).collect();
                (np_sum(&x) as f64, np_mean(&x) as f64, np_std(&x) as f64)
            }
            other => panic!("dtype {other}"),
        };
        let want = (num(&c["sum"]), num(&c["mean"]), num(&c["std"]));
        assert_eq!(got, want, "{c}");
        differ_from_sequential += usize::from(want.0 != num(&c["sequential_sum"]));
    }
    // The fixture tells numpy's order from adding one by one in most cases.
    assert_eq!(differ_from_sequential, 28);
}
