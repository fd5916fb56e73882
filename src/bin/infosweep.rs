//! Native command line: `infosweep report <RESULTS_DIR> --out <OUT_DIR> [--threshold X] [--neurons N]`.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use infosweep::figures::{Figure, FigureData, FigureOptions};
    use infosweep::report::{csv_for, summary, CSV_FILE_NAME};
    use infosweep::stats::{sweep_stats, Params};
    use infosweep::sweep::{load, sort_sweeps, INFO_FILE_NAME};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    const USAGE: &str = "\
usage: infosweep report <RESULTS_DIR> --out <OUT_DIR> [--threshold X] [--neurons N]

Reads <RESULTS_DIR>/<hparam>/information_sweep_max_convex.pkl for every folder <hparam>, writes
robustness_summary_statistics.csv, fig_ranked_information_sweep.svg and fig_informative_counts_sweep.svg
into <OUT_DIR> (created if missing) and prints the notebook's summary table.

options:
  --out <OUT_DIR>    output folder (required)
  --threshold X      information threshold of an informative neuron, `>=` (default 2/3)
  --neurons N        neuron total for fractions and the x range (default 4096)
  -h, --help         this help

Exit status: 0 when every file was read, 1 when some file failed (good sweeps are still reported),
2 on a usage error.";

    struct Args {
        results: PathBuf,
        out: PathBuf,
        params: Params,
    }

    fn parse(args: &[String]) -> Result<Option<Args>, String> {
        if args.iter().any(|a| a == "-h" || a == "--help") {
            return Ok(None);
        }
        let mut it = args.iter();
        match it.next().map(String::as_str) {
            Some("report") => {}
            Some(other) => return Err(format!("unknown command `{other}` (expected `report`)")),
            None => return Err("missing command `report`".into()),
        }
        let mut results = None;
        let mut out = None;
        let mut params = Params::default();
        while let Some(a) = it.next() {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
                _ => (a.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| it.next().cloned())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            match flag {
                "--out" => out = Some(PathBuf::from(value("--out")?)),
                "--threshold" => {
                    let v = value("--threshold")?;
                    let t: f64 = v
                        .parse()
                        .map_err(|_| format!("--threshold: `{v}` is not a number"))?;
                    if !t.is_finite() {
                        return Err(format!("--threshold: `{v}` is not finite"));
                    }
                    params.threshold = t;
                }
                "--neurons" => {
                    let v = value("--neurons")?;
                    params.n_neurons = match v.parse::<usize>() {
                        Ok(n) if n > 0 => n,
                        _ => return Err(format!("--neurons: `{v}` is not a positive integer")),
                    };
                }
                f if f.starts_with('-') && f.len() > 1 => {
                    return Err(format!("unknown option `{f}`"))
                }
                _ if results.is_none() => results = Some(PathBuf::from(a)),
                _ => return Err(format!("unexpected argument `{a}`")),
            }
        }
        let results = results.ok_or("missing <RESULTS_DIR>")?;
        let out = out.ok_or("missing --out <OUT_DIR>")?;
        Ok(Some(Args {
            results,
            out,
            params,
        }))
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let args = match parse(&args) {
            Ok(Some(a)) => a,
            Ok(None) => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            Err(e) => {
                eprintln!("infosweep: {e}\n\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        match run(&args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(e) => {
                eprintln!("infosweep: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// Returns whether every file was read; `Err` for failures that stop everything (I/O on the folders).
    fn run(args: &Args) -> Result<bool, String> {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&args.results)
            .map_err(|e| format!("{}: cannot read folder: {e}", args.results.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        // sorted(RESULTS_DIR.glob("*")): byte order of the names.
        dirs.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        let mut ok = true;
        let mut sweeps = Vec::new();
        for dir in dirs.iter().filter(|d| d.is_dir()) {
            let Some(hparam) = dir.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            let file = dir.join(INFO_FILE_NAME);
            if !file.is_file() {
                eprintln!("{}: skipped, no {INFO_FILE_NAME}", dir.display());
                continue;
            }
            note_skipped(dir);
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{}: error: cannot read: {e}", file.display());
                    ok = false;
                    continue;
                }
            };
            match load(&hparam, &bytes) {
                Ok(s) => sweeps.push(s),
                Err(e) => {
                    eprintln!("{}: error: {e}", file.display());
                    ok = false;
                }
            }
        }
        sort_sweeps(&mut sweeps);
        let stats: Vec<_> = sweeps
            .iter()
            .map(|s| sweep_stats(s, &args.params))
            .collect();
        std::fs::create_dir_all(&args.out)
            .map_err(|e| format!("{}: cannot create folder: {e}", args.out.display()))?;
        let opts = FigureOptions {
            n_neurons: args.params.n_neurons,
            ..Default::default()
        };
        write(&args.out.join(CSV_FILE_NAME), &csv_for(&sweeps, &stats))?;
        let data = FigureData {
            info: &stats,
            png: &[],
        };
        for fig in [Figure::Ranked, Figure::Counts] {
            let name = format!("{}.svg", fig.file_stem());
            write(&args.out.join(name), &fig.svg(&data, &opts))?;
        }
        print!("{}", summary(&stats));
        Ok(ok)
    }

    fn note_skipped(dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut names: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .filter(|n| n != INFO_FILE_NAME)
            .collect();
        names.sort();
        for n in names {
            eprintln!("{}: skipped (not {INFO_FILE_NAME})", dir.join(n).display());
        }
    }

    fn write(path: &Path, text: &str) -> Result<(), String> {
        std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
