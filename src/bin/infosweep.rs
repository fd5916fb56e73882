//! Native command line: `infosweep report <DIR> --out <OUT> [--threshold X|a/b] [--neurons N]
//! [--format svg,pdf,png]`, and `infosweep site <DIR> --out <OUT>` (the site bundle, in [`cli::site`]).
//!
//! Owns: argument parsing (clap), finding the sweep files of a results folder as the notebooks do, reading
//! them (mapped with memmap2, read into memory when a file cannot be mapped), decoding and computing on
//! both cores, writing the CSVs and figures, printing the notebooks' summaries, and naming every bad file.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    mod site;

    use clap::{Args, Parser, Subcommand, ValueEnum};
    use infosweep::figures::{Figure, FigureData, FigureOptions, Fonts};
    use infosweep::report::{
        csv_with_dtypes, png_csv, png_summary, summary, CSV_FILE_NAME, PNG_CSV_FILE_NAME,
    };
    use infosweep::settings::{check_n_neurons, check_threshold};
    use infosweep::stats::{png_sweep_stats, sweep_stats, Params, PngSweepStats, SweepStats};
    use infosweep::sweep::{hparam_order, load_file, AnySweep, SweepFile};
    use std::io::{IsTerminal, Write};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Parser, Debug)]
    #[command(
        name = "infosweep",
        version,
        about = "Fig. S9A/B/C of a hyperparameter sweep: the notebooks' CSVs, summaries and figures.",
        after_help = "Exit status: 0 when every file was read, 1 when some file failed (the good sweeps \
                      are still reported) or an output could not be written, 2 on a usage error."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand, Debug)]
    enum Command {
        /// Writes the notebooks' CSVs and figures of a results folder and prints their summaries.
        ///
        /// Reads <DIR>/<hparam>/information_sweep_max_convex.pkl (Fig. S9A/B) and
        /// png_counts_sweep_layers_4.pkl (Fig. S9C) for every folder <hparam>, writes
        /// robustness_summary_statistics.csv, png_counts_summary_statistics.csv and the figures into <OUT>
        /// (created if missing), prints the notebooks' summaries on stdout, and names every file it could
        /// not read on stderr.
        Report(ReportArgs),
        /// Writes the site bundle of a results folder, for any folder of a static host (GitHub Pages).
        ///
        /// The page's files, the sweep pickles of <RESULTS_DIR> under data/<hparam>/ with
        /// data/index.json, and an index.html that opens them with the given settings: the same bundle as
        /// the page's "Site (.zip)" button. Every file is decoded first; one that cannot be read is named
        /// on stderr and left out.
        Site(site::SiteArgs),
    }

    #[derive(Args, Debug)]
    struct ReportArgs {
        /// Results folder: one sub-folder per hyperparameter.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Output folder (created if missing).
        #[arg(long, value_name = "OUT")]
        out: PathBuf,
        /// Information threshold of an informative neuron (`>=`), a number or a fraction a/b in (0, 1].
        #[arg(long, value_name = "X", default_value = "2/3", value_parser = threshold)]
        threshold: f64,
        /// Neuron total: denominator of the fractions and x range of Fig. S9A (1 to 10^7).
        #[arg(long, value_name = "N", default_value = "4096", value_parser = neurons)]
        neurons: usize,
        /// Figure formats, comma-separated.
        #[arg(
            long,
            value_name = "LIST",
            value_delimiter = ',',
            default_value = "svg,pdf"
        )]
        format: Vec<Format>,
    }

    /// A figure file format.
    #[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
    enum Format {
        Svg,
        Pdf,
        Png,
    }

    /// `--threshold`: the page's own rule ([`check_threshold`]): a number or a fraction a/b in (0, 1].
    fn threshold(s: &str) -> Result<f64, String> {
        check_threshold(s).map_err(|e| e.to_string())
    }

    /// `--neurons`: the page's own rule ([`check_n_neurons`]): digits only, 1 to 10^7.
    fn neurons(s: &str) -> Result<usize, String> {
        check_n_neurons(s).map_err(|e| e.to_string())
    }

    pub fn main() -> ExitCode {
        let cli = match Cli::try_parse() {
            Ok(c) => c,
            Err(e) => {
                // clap prints help/version on stdout (exit 0) and usage errors on stderr (exit 2).
                let _ = e.print();
                return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            }
        };
        let result = match cli.command {
            Command::Report(args) => report(&args),
            Command::Site(args) => site::site(&args),
        };
        match result {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(e) => {
                eprintln!("infosweep: {}", escape_controls(&e));
                ExitCode::from(1)
            }
        }
    }

    /// One file to read.
    struct Job {
        hparam: String,
        file: SweepFile,
        path: PathBuf,
    }

    /// What one file gave.
    enum Done {
        Info {
            stats: SweepStats,
            /// `Some(all float32)` over the posts of this sweep, `None` without posts.
            float32: Option<bool>,
        },
        Png(PngSweepStats),
    }

    /// Returns whether every file was read; `Err` for failures that stop everything.
    fn report(args: &ReportArgs) -> Result<bool, String> {
        let params = Params {
            threshold: args.threshold,
            n_neurons: args.neurons,
            ..Params::default()
        };
        let jobs = find_jobs(&args.dir)?;
        if jobs.is_empty() {
            return Err(format!(
                "{}: no <hparam>/{} or <hparam>/{} in this folder; give the results folder that holds \
                 one folder per hyperparameter",
                escape_path(&args.dir),
                SweepFile::Information.file_name(),
                SweepFile::PngCounts.file_name()
            ));
        }
        let results = run_jobs(&jobs, &params);
        let mut ok = true;
        let (mut info, mut png, mut float32) = (Vec::new(), Vec::new(), Vec::new());
        for (job, r) in jobs.iter().zip(results) {
            match r {
                Ok(Done::Info { stats, float32: f }) => {
                    info.push(stats);
                    float32.extend(f);
                }
                Ok(Done::Png(s)) => png.push(s),
                Err(e) => {
                    eprintln!(
                        "infosweep: {}: error: {}",
                        escape_path(&job.path),
                        escape_controls(&e)
                    );
                    ok = false;
                }
            }
        }
        std::fs::create_dir_all(&args.out).map_err(|e| {
            format!(
                "{}: cannot create the output folder: {e}",
                escape_path(&args.out)
            )
        })?;
        let mut texts: Vec<(&str, String)> = Vec::new();
        if !info.is_empty() {
            let all_f32 = !float32.is_empty() && float32.iter().all(|&f| f);
            texts.push((CSV_FILE_NAME, csv_with_dtypes(&info, all_f32)));
        }
        if let Some(csv) = png_csv(&png) {
            texts.push((PNG_CSV_FILE_NAME, csv));
        }
        let opts = FigureOptions {
            n_neurons: args.neurons,
            ..Default::default()
        };
        let mut written = Vec::new();
        for (name, text) in &texts {
            write(&args.out.join(name), text.as_bytes())?;
            written.push(name.to_string());
        }
        written.extend(write_figures(&args.out, &args.format, &info, &png, &opts)?);
        print_stdout(&info, &png);
        if written.is_empty() {
            eprintln!("infosweep: nothing written: no sweep could be read");
        } else {
            eprintln!(
                "infosweep: wrote {} into {}",
                written.join(", "),
                escape_path(&args.out)
            );
        }
        Ok(ok)
    }

    /// The sweep files of `dir` in the notebooks' order: `sorted(RESULTS_DIR.glob("*"))` (byte order of the
    /// names), each folder's information file, then its PNG-count file. Other files in those folders are
    /// named on stderr as skipped.
    fn find_jobs(dir: &Path) -> Result<Vec<Job>, String> {
        let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: cannot read the folder: {e}", escape_path(dir)))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect();
        entries.sort_by(|a, b| hparam_order(&a.0, &b.0));
        let mut jobs = Vec::new();
        for (hparam, path) in entries {
            let mut names: Vec<_> = match std::fs::read_dir(&path) {
                Ok(rd) => rd.filter_map(|e| e.ok()).map(|e| e.file_name()).collect(),
                Err(e) => {
                    eprintln!("infosweep: {}: skipped: {e}", escape_path(&path));
                    continue;
                }
            };
            names.sort();
            for n in &names {
                if n.to_str().and_then(SweepFile::from_file_name).is_none() {
                    eprintln!(
                        "infosweep: {}: skipped (not {} or {})",
                        escape_path(&path.join(n)),
                        SweepFile::Information.file_name(),
                        SweepFile::PngCounts.file_name()
                    );
                }
            }
            for file in [SweepFile::Information, SweepFile::PngCounts] {
                let p = path.join(file.file_name());
                if p.is_file() {
                    jobs.push(Job {
                        hparam: hparam.clone(),
                        file,
                        path: p,
                    });
                }
            }
        }
        Ok(jobs)
    }

    /// Runs the jobs on up to [`WORKERS`] threads (largest files first), results in job order.
    fn run_jobs(jobs: &[Job], params: &Params) -> Vec<Result<Done, String>> {
        const WORKERS: usize = 2;
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        let size = |j: &Job| std::fs::metadata(&j.path).map_or(0, |m| m.len());
        order.sort_by_key(|&i| std::cmp::Reverse(size(&jobs[i])));
        let next = AtomicUsize::new(0);
        let workers = WORKERS.min(jobs.len()).max(1);
        let mut results: Vec<Option<Result<Done, String>>> =
            (0..jobs.len()).map(|_| None).collect();
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let k = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&i) = order.get(k) else { break };
                            mine.push((i, run_job(&jobs[i], params)));
                        }
                        mine
                    })
                })
                .collect();
            for h in handles {
                match h.join() {
                    Ok(mine) => {
                        for (i, r) in mine {
                            results[i] = Some(r);
                        }
                    }
                    Err(_) => eprintln!("infosweep: a worker thread panicked"),
                }
            }
        });
        results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err("not processed (a worker failed)".to_string())))
            .collect()
    }

    fn run_job(job: &Job, params: &Params) -> Result<Done, String> {
        let bytes = read(&job.path)?;
        let sweep = load_file(job.file, &job.hparam, bytes.as_ref()).map_err(|e| e.to_string())?;
        Ok(match sweep {
            AnySweep::Information(s) => Done::Info {
                stats: sweep_stats(&s, params),
                float32: s.float32_posts(),
            },
            AnySweep::PngCounts(s) => Done::Png(png_sweep_stats(&s)),
        })
    }

    /// A file's bytes: mapped, or read when mapping fails (e.g. a pipe or a special file system).
    enum Bytes {
        Mapped(memmap2::Mmap),
        Read(Vec<u8>),
    }

    impl AsRef<[u8]> for Bytes {
        fn as_ref(&self) -> &[u8] {
            match self {
                Bytes::Mapped(m) => m,
                Bytes::Read(v) => v,
            }
        }
    }

    fn read(path: &Path) -> Result<Bytes, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
        // SAFETY: the map is only read, and dropped before this job returns. Another process truncating
        // the file meanwhile could make a read fault (SIGBUS); that is the known limit of mapping files,
        // accepted here for speed as the results folder is not written while infosweep reads it.
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(m) => Ok(Bytes::Mapped(m)),
            Err(_) => {
                let mut v = Vec::new();
                std::io::Read::read_to_end(&mut &file, &mut v)
                    .map_err(|e| format!("cannot read: {e}"))?;
                Ok(Bytes::Read(v))
            }
        }
    }

    /// Writes every figure that has data (Fig. S9A/B from the information sweeps, Fig. S9C from the
    /// PNG-count sweeps) in every format of `formats` into `out`, one thread per file (PDF subsetting and
    /// PNG rasterising dominate); returns the file names written, in figure then format order.
    fn write_figures(
        out: &Path,
        formats: &[Format],
        info: &[SweepStats],
        png: &[PngSweepStats],
        opts: &FigureOptions,
    ) -> Result<Vec<String>, String> {
        let data = FigureData { info, png };
        let fonts = Fonts::bundled();
        let mut formats = formats.to_vec();
        formats.dedup();
        let jobs: Vec<(Figure, Format)> = Figure::ALL
            .into_iter()
            .filter(|f| match f {
                Figure::Ranked | Figure::Counts => !info.is_empty(),
                Figure::PngCounts => !png.is_empty(),
            })
            .flat_map(|f| formats.iter().map(move |&fmt| (f, fmt)))
            .collect();
        let render = |(figure, format): (Figure, Format)| -> Result<(String, Vec<u8>), String> {
            let (ext, bytes) = match format {
                Format::Svg => ("svg", figure.svg(&data, opts).into_bytes()),
                Format::Pdf => (
                    "pdf",
                    figure
                        .pdf(&data, opts, &fonts)
                        .map_err(|e| format!("{}.pdf: {e}", figure.file_stem()))?,
                ),
                Format::Png => (
                    "png",
                    figure
                        .png(&data, opts, &fonts, PNG_DPI)
                        .map_err(|e| format!("{}.png: {e}", figure.file_stem()))?,
                ),
            };
            Ok((format!("{}.{ext}", figure.file_stem()), bytes))
        };
        let rendered: Vec<Result<(String, Vec<u8>), String>> = std::thread::scope(|s| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|&job| s.spawn(move || render(job)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("drawing a figure failed".into()))
                })
                .collect()
        });
        let mut written = Vec::new();
        for r in rendered {
            let (name, bytes) = r?;
            write(&out.join(&name), &bytes)?;
            written.push(name);
        }
        Ok(written)
    }

    /// The PNG resolution: the notebooks' `save_figure(..., dpi=300)`.
    const PNG_DPI: f64 = 300.0;

    /// Prints both summaries (S9A/B, then S9C) exactly as the notebooks print them. On a terminal,
    /// control characters from the files (keys, folder names) are shown escaped; piped output is exact.
    fn print_stdout(info: &[SweepStats], png: &[PngSweepStats]) {
        let mut text = String::new();
        if !info.is_empty() {
            text.push_str(&summary(info));
        }
        if !png.is_empty() {
            text.push_str(&png_summary(png));
        }
        let mut stdout = std::io::stdout().lock();
        let text = if stdout.is_terminal() {
            escape_controls(&text)
        } else {
            text
        };
        let _ = stdout.write_all(text.as_bytes());
    }

    fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
        std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", escape_path(path)))
    }

    /// A path as messages show it: quoted, control characters and invalid UTF-8 escaped.
    fn escape_path(p: &Path) -> String {
        format!("{:?}", p.as_os_str())
    }

    /// Control characters (other than `\n`) as `\u{..}` escapes, so that no text from a file can move
    /// the cursor, clear the screen or forge a line on a terminal.
    fn escape_controls(s: &str) -> String {
        s.chars()
            .map(|c| {
                if c.is_control() && c != '\n' {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
