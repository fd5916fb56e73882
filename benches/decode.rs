//! Decode throughput of a sweep pickle: 15 keys x {'post': 10 x 4096 float64} (4.9 MB of array data), as
//! numpy 1.26 writes it at protocols 2, 4 and 5. The inputs are made here by `tests/support/numpy_writer.rs`,
//! which `tests/pickle_fixtures.rs` checks byte-for-byte against Python-made pickles of the same form.
//!
//! `cargo bench --bench decode -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../tests/support/numpy_writer.rs"]
mod numpy_writer;

fn input(protocol: u8) -> Vec<u8> {
    let (rows, cols) = (10u32, 4096u32);
    let keys: Vec<f64> = (0..15).map(|i| 0.01 * (i + 1) as f64).collect();
    let arrays: Vec<Vec<f64>> = (0..15)
        .map(|k| {
            (0..rows * cols)
                .map(|x| ((x as f64) * 0.37 + k as f64).sin())
                .collect()
        })
        .collect();
    numpy_writer::sweep_pickle(protocol, &keys, &arrays, rows, cols)
}

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for p in [2u8, 4, 5] {
        let bytes = input(p);
        assert!(infosweep::pickle::decode(&bytes).is_ok());
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(format!("protocol{p}_15x10x4096_f8"), |b| {
            b.iter(|| infosweep::pickle::decode(std::hint::black_box(&bytes)))
        });
    }
    g.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
