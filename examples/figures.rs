//! Writes all three figures of Fig. S9 in every format for a results folder, so they can be looked at:
//!
//! ```sh
//! cargo run --release --example figures -- <OUT_DIR> [RESULTS_DIR] [--high-contrast] [--transparent]
//! ```
//!
//! `RESULTS_DIR` defaults to `tests/fixtures/n3p2` (the example folder). Fig. S9A/B come from its
//! `<hparam>/information_sweep_max_convex.pkl`, Fig. S9C from `png_counts_sweep_layers_4.pkl`, through the
//! crate's decoder and statistics. Writes `<stem>.svg`, `<stem>.pdf`, `<stem>.png` (300 dpi) and
//! `<stem>_600dpi.png` per figure, and prints how long each scene took and how big the files are.

use infosweep::figures::{Background, Figure, FigureData, FigureOptions, Fonts};
use infosweep::stats::{png_sweep_stats, sweep_stats, Params};
use infosweep::sweep::{hparam_order, load_file, AnySweep, SweepFile};
use std::path::{Path, PathBuf};

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
    let mut dirs: Vec<(String, PathBuf)> = std::fs::read_dir(&root)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, p)
        })
        .collect();
    dirs.sort_by(|a, b| hparam_order(&a.0, &b.0));
    let (mut info, mut png) = (Vec::new(), Vec::new());
    for (hparam, dir) in &dirs {
        for file in [SweepFile::Information, SweepFile::PngCounts] {
            let path = dir.join(file.file_name());
            if !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path)?;
            match load_file(file, hparam, &bytes)? {
                AnySweep::Information(s) => info.push(sweep_stats(&s, &Params::default())),
                AnySweep::PngCounts(s) => png.push(png_sweep_stats(&s)),
            }
        }
    }
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
