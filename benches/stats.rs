//! Statistics over the n3p2 set, and CSV + summary formatting (files loaded once, outside the timing).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use infosweep::report::{csv, summary};
use infosweep::stats::{sweep_stats, Params};
use infosweep::sweep::{load, Sweep, INFO_FILE_NAME};

fn n3p2() -> Vec<Sweep> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
    ["I2E", "delay_max", "lrate"]
        .iter()
        .map(|h| {
            let bytes = std::fs::read(format!("{dir}/{h}/{INFO_FILE_NAME}")).expect("fixture");
            load(h, &bytes).expect("n3p2 sweep")
        })
        .collect()
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
    c.bench_function("csv_summary_n3p2", |b| {
        b.iter(|| (csv(black_box(&stats)), summary(black_box(&stats))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
