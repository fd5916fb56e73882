//! Writes all three figures of Fig. S9 in every format for a results folder, so they can be looked at:
//!
//! ```sh
//! cargo run --release --example figures -- <OUT_DIR> [RESULTS_DIR] [--high-contrast] [--transparent]
//! ```
//!
//! `RESULTS_DIR` defaults to `tests/fixtures/n3p2` (the example folder). Fig. S9A/B come from its
//! `<hparam>/information_sweep_max_convex.pkl` through the crate's decoder and statistics; Fig. S9C's
//! statistics come from `tests/fixtures/figures/n3p2_stats.txt` (numpy's numbers for the example folder)
//! until the CLI computes them from `png_counts_sweep_layers_4.pkl`. Writes `<stem>.svg`, `<stem>.pdf`,
//! `<stem>.png` (300 dpi) and `<stem>_600dpi.png` per figure.

use infosweep::figures::{Background, Figure, FigureData, FigureOptions, Fonts};
use infosweep::stats::{sweep_stats, Params, PngCountStats, PngPointSummary, PngSweepStats};
use infosweep::sweep::{load, sort_sweeps, HValue, INFO_FILE_NAME};
use std::path::{Path, PathBuf};

fn png_stats(text: &str) -> Vec<PngSweepStats> {
    let mut out: Vec<PngSweepStats> = Vec::new();
    for line in text.lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        match t.first().copied() {
            Some("pngsweep") if t.len() == 2 => out.push(PngSweepStats {
                hparam: t[1].to_string(),
                points: Vec::new(),
            }),
            Some("pngpoint") if t.len() == 6 => {
                let value = if t[1] == "int" {
                    HValue::Int(t[2].parse().unwrap_or(0))
                } else {
                    HValue::Float(t[2].parse().unwrap_or(f64::NAN))
                };
                let mean: f64 = t[3].parse().unwrap_or(f64::NAN);
                let stats = mean.is_finite().then(|| PngCountStats {
                    mean,
                    sem: t[4].parse().unwrap_or(f64::NAN),
                    n_trials: t[5].parse().unwrap_or(0),
                });
                if let Some(s) = out.last_mut() {
                    s.points.push(PngPointSummary { value, stats });
                }
            }
            _ => {}
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: Vec<&String> = args.iter().filter(|a| a.starts_with("--")).collect();
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let out = PathBuf::from(
        pos.first()
            .ok_or("usage: figures <OUT_DIR> [RESULTS_DIR]")?,
    );
    let root = pos
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/n3p2"));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(INFO_FILE_NAME).is_file())
        .collect();
    dirs.sort();
    let mut sweeps = Vec::new();
    for d in &dirs {
        let hparam = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        sweeps.push(load(&hparam, &std::fs::read(d.join(INFO_FILE_NAME))?)?);
    }
    sort_sweeps(&mut sweeps);
    let info: Vec<_> = sweeps
        .iter()
        .map(|s| sweep_stats(s, &Params::default()))
        .collect();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures/n3p2_stats.txt");
    let png = png_stats(&std::fs::read_to_string(fixture).unwrap_or_default());
    let data = FigureData {
        info: &info,
        png: &png,
    };
    let opts = FigureOptions {
        high_contrast: flags.iter().any(|f| *f == "--high-contrast"),
        background: if flags.iter().any(|f| *f == "--transparent") {
            Background::Transparent
        } else {
            Background::White
        },
        ..FigureOptions::default()
    };
    std::fs::create_dir_all(&out)?;
    let fonts = Fonts::bundled();
    for fig in Figure::ALL {
        let stem = fig.file_stem();
        let t = std::time::Instant::now();
        let scene = fig.scene(&data, &opts);
        let scene_ms = t.elapsed().as_secs_f64() * 1e3;
        let svg = infosweep::figures::svg::render(&scene);
        std::fs::write(out.join(format!("{stem}.svg")), &svg)?;
        let pdf = infosweep::figures::pdf::render(&scene, &fonts)?;
        std::fs::write(out.join(format!("{stem}.pdf")), &pdf)?;
        for (dpi, suffix) in [(300.0, ""), (600.0, "_600dpi")] {
            let png = infosweep::figures::png::render(&scene, &fonts, dpi)?;
            std::fs::write(out.join(format!("{stem}{suffix}.png")), &png)?;
        }
        println!(
            "{stem}: scene {scene_ms:.2} ms, SVG {} B, PDF {} B",
            svg.len(),
            pdf.len()
        );
    }
    Ok(())
}
