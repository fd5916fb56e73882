//! Statistics: the n3p2 set (files decoded once, outside the timing), CSV + summary formatting, and the
//! zero-copy path from pickle bytes to statistics over a 10.5 MB sweep (5 keys x 64 x 4096 float64,
//! protocol 4), whole and split into the threshold-independent part and the counts.
//!
//! `cargo bench --bench stats -- --warm-up-time 1 --measurement-time 3`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use infosweep::report::{csv, png_csv, png_summary, summary};
use infosweep::stats::{count_stats, png_sweep_stats, shape_stats, sweep_stats, Params};
use infosweep::sweep::{load, load_png_counts, Sweep, INFO_FILE_NAME, PNG_COUNTS_FILE_NAME};

#[path = "../tests/support/numpy_writer.rs"]
mod numpy_writer;

const N3P2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const HPARAMS: [&str; 3] = ["I2E", "delay_max", "lrate"];

fn n3p2() -> Vec<Sweep<'static>> {
    HPARAMS
        .iter()
        .map(|h| {
            let bytes = std::fs::read(format!("{N3P2}/{h}/{INFO_FILE_NAME}")).expect("fixture");
            load(h, &bytes).expect("n3p2 sweep").into_owned()
        })
        .collect()
}

fn big_input() -> Vec<u8> {
    let (rows, cols) = (64u32, 4096u32);
    let keys: Vec<f64> = (0..5).map(|i| 0.01 * (i + 1) as f64).collect();
    let arrays: Vec<Vec<f64>> = (0..5)
        .map(|k| {
            (0..rows * cols)
                .map(|x| ((x as f64) * 0.37 + k as f64).sin().abs())
                .collect()
        })
        .collect();
    numpy_writer::sweep_pickle(4, &keys, &arrays, rows, cols)
}

fn bench(c: &mut Criterion) {
    let sweeps = n3p2();
    let params = Params::default();
    c.bench_function("stats_n3p2", |b| {
        b.iter(|| {
            sweeps
                .iter()
                .map(|s| sweep_stats(black_box(s), &params))
                .collect::<Vec<_>>()
        })
    });
    let stats: Vec<_> = sweeps.iter().map(|s| sweep_stats(s, &params)).collect();
    let png_bytes: Vec<Vec<u8>> = HPARAMS
        .iter()
        .map(|h| std::fs::read(format!("{N3P2}/{h}/{PNG_COUNTS_FILE_NAME}")).expect("fixture"))
        .collect();
    let png: Vec<_> = HPARAMS
        .iter()
        .zip(&png_bytes)
        .map(|(h, b)| png_sweep_stats(&load_png_counts(h, b).expect("n3p2 png counts")))
        .collect();
    c.bench_function("csv_summary_n3p2", |b| {
        b.iter(|| (csv(black_box(&stats)), summary(black_box(&stats))))
    });
    c.bench_function("png_csv_summary_n3p2", |b| {
        b.iter(|| (png_csv(black_box(&png)), png_summary(black_box(&png))))
    });

    let bytes = big_input();
    let mut g = c.benchmark_group("zero_copy_5x64x4096_f8");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("decode_sweep_stats", |b| {
        b.iter(|| {
            let s = load("x", black_box(&bytes)).expect("sweep");
            sweep_stats(&s, &params)
        })
    });
    let sweep = load("x", &bytes).expect("sweep");
    let posts: Vec<_> = sweep
        .points
        .iter()
        .filter_map(|p| p.post.as_ref())
        .collect();
    g.bench_function("shape_stats", |b| {
        b.iter(|| posts.iter().map(|p| shape_stats(p, 10)).collect::<Vec<_>>())
    });
    g.bench_function("count_stats", |b| {
        b.iter(|| {
            posts
                .iter()
                .map(|p| count_stats(p, 0.5))
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
