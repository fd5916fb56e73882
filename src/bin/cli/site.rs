//! `infosweep site <DIR> --out <OUT>`: the site bundle of a results folder (the page's files, the sweep
//! pickles under `data/`, `data/index.json`, an `index.html` that opens them with the given settings), as
//! the page's Site button makes it; optionally a zip instead of a folder, and the standalone report too.
//!
//! Owns: the subcommand's arguments, where the page's files come from (`--dist`, or the release build
//! embedded at build time with the `embed-page` feature), and writing the bundle (the layout is
//! [`infosweep::share`]'s).

use super::{escape_controls, escape_path, find_jobs, neurons, read, run_jobs, threshold, write};
use clap::Args;
use infosweep::settings::Settings;
use infosweep::share::{
    self, report::report_html, site::site_files, Bundle, DataFile, Made, SiteFile,
};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct SiteArgs {
    /// Results folder: one sub-folder per hyperparameter.
    #[arg(value_name = "RESULTS_DIR")]
    dir: PathBuf,
    /// Where to write the bundle: a folder (created if missing; files of the bundle are replaced), or with
    /// --zip a zip file.
    #[arg(long, value_name = "OUT")]
    out: PathBuf,
    /// The page's release build (`trunk build --release` writes dist/ with its files.json). Needed unless
    /// this infosweep was built with the `embed-page` feature, which embeds it.
    #[arg(long, value_name = "DIST")]
    dist: Option<PathBuf>,
    /// Write <OUT> as one zip file (what the page's "Site (.zip)" button gives) instead of a folder.
    #[arg(long)]
    zip: bool,
    /// Also write the standalone report (one HTML file that works from disk, with no network) to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// The threshold the bundle opens with, a number or a fraction a/b in (0, 1].
    #[arg(long, value_name = "X", default_value = "2/3", value_parser = threshold)]
    threshold: f64,
    /// The neuron total the bundle opens with (1 to 10^7).
    #[arg(long, value_name = "N", default_value = "4096", value_parser = neurons)]
    neurons: usize,
}

#[cfg(feature = "embed-page")]
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/page_files.rs"));
}

/// Writes the bundle; `Ok(false)` when some file could not be read (the others are in the bundle).
pub fn site(args: &SiteArgs) -> Result<bool, String> {
    let page = page_files(args.dist.as_deref())?;
    let jobs = find_jobs(&args.dir)?;
    let settings = Settings {
        threshold: args.threshold,
        n_neurons: args.neurons,
        ..Settings::default()
    };
    // Decode every file first (as `report` does): a file the page could not open is named, not shared.
    let checked = run_jobs(&jobs, &settings.params());
    let mut ok = true;
    let mut kept = Vec::new();
    for (job, r) in jobs.iter().zip(checked) {
        match r.and_then(|_| read(&job.path)) {
            Ok(bytes) => kept.push((job, bytes)),
            Err(e) => {
                eprintln!(
                    "infosweep: {}: error: {} (left out of the bundle)",
                    escape_path(&job.path),
                    escape_controls(&e)
                );
                ok = false;
            }
        }
    }
    if kept.is_empty() {
        return Err(format!(
            "{}: no sweep file could be read, so there is nothing to share",
            escape_path(&args.dir)
        ));
    }
    let bundle = Bundle {
        page,
        data: kept
            .iter()
            .map(|(job, bytes)| DataFile {
                hparam: job.hparam.clone(),
                kind: job.file,
                bytes: Cow::Borrowed(bytes.as_ref()),
            })
            .collect(),
        settings,
        made: Made::this_build(now()),
    };
    let files = site_files(&bundle).map_err(|e| e.to_string())?;
    if args.zip {
        let bytes = share::zip::zip(&files, bundle.made.unix_seconds).map_err(|e| e.to_string())?;
        if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot create the folder: {e}", escape_path(parent)))?;
        }
        write(&args.out, &bytes)?;
    } else {
        write_tree(&args.out, &files)?;
    }
    eprintln!(
        "infosweep: wrote the site bundle ({} page files, {} pickles) into {}",
        bundle.page.len(),
        bundle.data.len(),
        escape_path(&args.out)
    );
    if let Some(path) = &args.report {
        let (html, sizes) = report_html(&bundle).map_err(|e| e.to_string())?;
        write(path, html.as_bytes())?;
        eprintln!(
            "infosweep: wrote the report {} ({} bytes: page {} → {}, pickles {} → {} deflated, then base64)",
            escape_path(path),
            sizes.total,
            sizes.page_raw,
            sizes.page_packed,
            sizes.data_raw,
            sizes.data_packed
        );
    }
    Ok(ok)
}

/// The page's files: `--dist`'s (as its files.json lists them), else the embedded build.
fn page_files(dist: Option<&Path>) -> Result<Vec<SiteFile<'static>>, String> {
    let Some(dist) = dist else {
        return embedded_page();
    };
    let list_path = dist.join(share::PAGE_FILES_LIST);
    let text = std::fs::read_to_string(&list_path).map_err(|e| {
        format!(
            "{}: cannot read it ({e}); --dist takes the folder `trunk build --release` writes (its \
             post-build hook lists the page's files there)",
            escape_path(&list_path)
        )
    })?;
    let list: Vec<String> = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a JSON list of paths: {e}", escape_path(&list_path)))?;
    list.into_iter()
        .map(|p| {
            share::site::check_page_path(&p).map_err(|e| e.to_string())?;
            let path = dist.join(&p);
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("{}: cannot read: {e}", escape_path(&path)))?;
            Ok(SiteFile {
                path: p,
                bytes: Cow::Owned(bytes),
            })
        })
        .collect()
}

#[cfg(feature = "embed-page")]
fn embedded_page() -> Result<Vec<SiteFile<'static>>, String> {
    Ok(embedded::PAGE_FILES
        .iter()
        .map(|(p, b)| SiteFile {
            path: (*p).to_string(),
            bytes: Cow::Borrowed(*b),
        })
        .collect())
}

#[cfg(not(feature = "embed-page"))]
fn embedded_page() -> Result<Vec<SiteFile<'static>>, String> {
    Err("no page to copy: pass --dist <DIST> (the folder `trunk build --release` writes), or build \
         infosweep with `--features embed-page` after building the page, which embeds it"
        .to_string())
}

/// Writes `files` under `out` (their paths are relative, `/`-separated, checked by the bundle).
fn write_tree(out: &Path, files: &[SiteFile<'_>]) -> Result<(), String> {
    for f in files {
        let path = f
            .path
            .split('/')
            .fold(out.to_path_buf(), |p, part| p.join(part));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot create the folder: {e}", escape_path(parent)))?;
        }
        write(&path, &f.bytes)?;
    }
    Ok(())
}

/// Now, or `SOURCE_DATE_EPOCH` when set (reproducible bundles).
fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}
