//! Figure building and rendering for the n3p2 example (statistics computed once, outside the timing):
//! each figure's scene, its SVG (simplified curves, integer coordinates), its PDF (font subsetting and
//! deflate included) and, natively, a 300-dpi PNG.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use infosweep::figures::{pdf, png, svg, Figure, FigureData, FigureOptions, Fonts};

#[path = "../tests/figures_fixture/mod.rs"]
mod fixture;

fn bench(c: &mut Criterion) {
    let info = fixture::reference_stats();
    let png_stats = fixture::reference_png_stats();
    let data = FigureData {
        info: &info,
        png: &png_stats,
    };
    let opts = FigureOptions::default();
    let fonts = Fonts::bundled();
    for fig in Figure::ALL {
        let name = fig.file_stem().trim_start_matches("fig_");
        c.bench_function(&format!("scene_{name}"), |b| {
            b.iter(|| fig.scene(black_box(&data), &opts))
        });
        let scene = fig.scene(&data, &opts);
        c.bench_function(&format!("svg_{name}"), |b| {
            b.iter(|| svg::render(black_box(&scene)))
        });
        c.bench_function(&format!("pdf_{name}"), |b| {
            b.iter(|| pdf::render(black_box(&scene), &fonts))
        });
    }
    let scene = Figure::Ranked.scene(&data, &opts);
    c.bench_function("png300_ranked_information_sweep", |b| {
        b.iter(|| png::render(black_box(&scene), &fonts, 300.0))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
