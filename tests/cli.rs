//! The built `infosweep` binary: outputs on the shared example folder against the notebooks' own, the
//! parameters reaching the numbers, every usage error with its message, and bad files named.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference");
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report");
const INFO_CSV: &str = "robustness_summary_statistics.csv";
const PNG_CSV: &str = "png_counts_summary_statistics.csv";
const SVGS: [&str; 2] = [
    "fig_ranked_information_sweep.svg",
    "fig_informative_counts_sweep.svg",
];

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("infosweep-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn infosweep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_infosweep"))
        .args(args)
        .output()
        .unwrap()
}

fn report(results: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        results.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    infosweep(&args)
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

fn reference(file: &str) -> String {
    read(Path::new(REFERENCE).join(file))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn check_svgs(out: &Path) {
    for svg in SVGS {
        roxmltree::Document::parse(&read(out.join(svg))).unwrap_or_else(|e| panic!("{svg}: {e}"));
    }
}

#[test]
fn example_folder_gives_the_notebooks_csvs_and_summaries() {
    let dir = temp_dir("clean");
    let out = dir.join("out/nested");
    let o = report(Path::new(FIXTURE), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(out.join(INFO_CSV)), reference(INFO_CSV));
    assert_eq!(read(out.join(PNG_CSV)), reference(PNG_CSV));
    assert_eq!(
        String::from_utf8(o.stdout.clone()).unwrap(),
        reference("summary.txt") + &reference("summary_s9c.txt")
    );
    check_svgs(&out);
    let err = stderr(&o);
    assert!(
        err.contains("wrote robustness_summary_statistics.csv, png_counts_summary_statistics.csv"),
        "{err}"
    );
    assert!(
        !err.contains("skipped"),
        "png_counts files are read, not skipped: {err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn threshold_and_neurons_reach_the_numbers() {
    let dir = temp_dir("params");
    let want_csv = reference("t0.5_n1000/robustness_summary_statistics.csv");
    let want_summary = reference("t0.5_n1000/summary.txt");
    assert_ne!(want_csv, reference(INFO_CSV));
    for (i, extra) in [
        &["--threshold", "0.5", "--neurons", "1000"][..],
        &["--threshold=0.5", "--neurons=1000"],
        &["--neurons", "1000", "--threshold", "1/2"],
    ]
    .iter()
    .enumerate()
    {
        let out = dir.join(format!("out{i}"));
        let o = report(Path::new(FIXTURE), &out, extra);
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {}", stderr(&o));
        assert_eq!(read(out.join(INFO_CSV)), want_csv, "{extra:?}");
        let stdout = String::from_utf8(o.stdout).unwrap();
        assert!(stdout.starts_with(&want_summary), "{extra:?}: {stdout}");
        // S9C does not depend on them.
        assert_eq!(read(out.join(PNG_CSV)), reference(PNG_CSV));
    }
    // 2/3 as a fraction is the default exactly.
    let out = dir.join("default");
    let o = report(Path::new(FIXTURE), &out, &["--threshold", "2/3"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(read(out.join(INFO_CSV)), reference(INFO_CSV));
    // The neuron total is also the x range of Fig. S9A and the threshold the bars of Fig. S9B.
    for svg in SVGS {
        assert_ne!(
            read(dir.join("out0").join(svg)),
            read(out.join(svg)),
            "{svg}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn realistic_folder_with_missing_and_unknown_sweeps() {
    let dir = temp_dir("mixed");
    let case = Path::new(CASES).join("mixed");
    let out = dir.join("out");
    let o = report(&case.join("data"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let exp = |f: &str| read(case.join("expected").join(f));
    assert_eq!(read(out.join(INFO_CSV)), exp(INFO_CSV));
    assert_eq!(read(out.join(PNG_CSV)), exp(PNG_CSV));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        exp("summary.txt") + &exp("summary_s9c.txt")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_files_are_named_escaped_and_fail_the_run() {
    let dir = temp_dir("corrupt");
    let results = dir.join("n3p2");
    copy_dir(Path::new(FIXTURE), &results);
    let evil = results.join("zz\u{1b}[2J");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::write(
        evil.join("information_sweep_max_convex.pkl"),
        b"\x80\x04\x95 this is not a pickle",
    )
    .unwrap();
    std::fs::write(evil.join("png_counts_sweep_layers_4.pkl"), b"").unwrap();
    std::fs::write(evil.join("notes.txt"), b"x").unwrap();
    let out = dir.join("out");
    let o = report(&results, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains('\u{1b}'), "raw escape on stderr: {err:?}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains("zz\\u{1b}[2J/information_sweep_max_convex.pkl\": error: "),
        "{err}"
    );
    assert!(
        lines[1].contains("zz\\u{1b}[2J/png_counts_sweep_layers_4.pkl\": error: "),
        "{err}"
    );
    assert!(err.contains("notes.txt\": skipped"), "{err}");
    // The good sweeps are still reported, exactly.
    assert_eq!(read(out.join(INFO_CSV)), reference(INFO_CSV));
    assert_eq!(read(out.join(PNG_CSV)), reference(PNG_CSV));
    check_svgs(&out);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_folder_without_sweeps_is_an_error() {
    let dir = temp_dir("none");
    std::fs::create_dir_all(dir.join("empty/lrate")).unwrap();
    let o = report(&dir.join("empty"), &dir.join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no <hparam>/information_sweep_max_convex.pkl"),
        "{}",
        stderr(&o)
    );
    let o = report(&dir.join("missing"), &dir.join("out"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot read the folder"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_lists_the_options_and_exits_zero() {
    for args in [&["--help"][..], &["report", "--help"], &["help", "report"]] {
        let o = infosweep(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains("report"), "{args:?}: {text}");
    }
    let text = String::from_utf8(infosweep(&["report", "--help"]).stdout).unwrap();
    for opt in [
        "--out <OUT>",
        "--threshold <X>",
        "[default: 2/3]",
        "--neurons <N>",
        "[default: 4096]",
        "--format <LIST>",
        "svg, pdf, png",
    ] {
        assert!(text.contains(opt), "{opt}: {text}");
    }
}

#[test]
fn usage_errors_exit_two_with_their_message() {
    let cases: &[(&[&str], &str)] = &[
        (&[], "Usage: infosweep <COMMAND>"),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
        (
            &["report"],
            "the following required arguments were not provided",
        ),
        (&["report", "x"], "--out <OUT>"),
        (&["report", "--out", "y"], "<DIR>"),
        (
            &["report", "x", "--out", "y", "z"],
            "unexpected argument 'z' found",
        ),
        (
            &["report", "x", "--out", "y", "--bogus"],
            "unexpected argument '--bogus' found",
        ),
        (
            &["report", "x", "--out", "y", "--threshold"],
            "a value is required for '--threshold <X>'",
        ),
        (
            &["report", "x", "--out", "y", "--threshold", "abc"],
            "invalid value 'abc' for '--threshold <X>': “abc” is not a number",
        ),
        (
            &["report", "x", "--out", "y", "--threshold=inf"],
            "invalid value 'inf' for '--threshold <X>': “inf” is not a number",
        ),
        (
            &["report", "x", "--out", "y", "--threshold", "nan"],
            "invalid value 'nan' for '--threshold <X>'",
        ),
        (
            &["report", "x", "--out", "y", "--threshold", "1/0"],
            "invalid value '1/0' for '--threshold <X>'",
        ),
        (
            &["report", "x", "--out", "y", "--threshold", "0"],
            "invalid value '0' for '--threshold <X>': The threshold must be greater than 0 (0 is not).",
        ),
        (
            &["report", "x", "--out", "y", "--threshold", "2"],
            "invalid value '2' for '--threshold <X>': The threshold must be at most 1 (2 is more).",
        ),
        (
            &["report", "x", "--out", "y", "--threshold=-0.5"],
            "invalid value '-0.5' for '--threshold <X>': The threshold must be greater than 0 (-0.5 is not).",
        ),
        (
            &["report", "x", "--out", "y", "--threshold", "4/3"],
            "The threshold must be at most 1 (4/3 is more).",
        ),
        (
            &["report", "x", "--out", "y", "--neurons", "0"],
            "invalid value '0' for '--neurons <N>': The number of neurons must be at least 1.",
        ),
        (
            &["report", "x", "--out", "y", "--neurons=10000001"],
            "invalid value '10000001' for '--neurons <N>'",
        ),
        (
            &["report", "x", "--out", "y", "--neurons", "1.5"],
            "invalid value '1.5' for '--neurons <N>'",
        ),
        (
            &["report", "x", "--out", "y", "--format", "gif"],
            "invalid value 'gif' for '--format <LIST>'",
        ),
        (
            &["report", "x", "--out", "y", "--format=svg,jpg"],
            "invalid value 'jpg' for '--format <LIST>'",
        ),
    ];
    for (args, msg) in cases {
        let o = infosweep(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&o).contains(msg),
            "{args:?}: expected {msg:?} in {}",
            stderr(&o)
        );
    }
}

#[test]
fn threshold_bounds_are_inclusive_at_one() {
    let dir = temp_dir("bounds");
    let o = report(
        Path::new(FIXTURE),
        &dir.join("out"),
        &["--threshold", "1", "--format", "svg"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = read(dir.join("out").join(INFO_CSV));
    // Max information is below 1 in every trial of the example, so no neuron counts at threshold 1.
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.split(',').nth(2) == Some("0.0")),
        "{csv}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The figure files of one format, in the notebooks' names: Fig. S9A, S9B, S9C.
fn figure_files(ext: &str) -> [String; 3] {
    [
        "fig_ranked_information_sweep",
        "fig_informative_counts_sweep",
        "fig_png_counts_sweep",
    ]
    .map(|stem| format!("{stem}.{ext}"))
}

/// The output of a poppler tool run as `tool FILE ARGS...` (poppler-utils is required: `scripts/setup`
/// installs it).
fn poppler(tool: &str, file: &Path, args: &[&str]) -> String {
    let o = Command::new(tool)
        .arg(file)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is needed for the PDF checks (Debian poppler-utils; scripts/setup installs it): {e}")
        });
    assert!(
        o.status.success(),
        "{tool} {}: {}",
        file.display(),
        stderr(&o)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A written PDF: one page of `size_pt` (`540 x 136.8`), its fonts embedded subset TrueType with ToUnicode
/// maps (never Type 3), and `texts` extractable.
fn check_pdf(file: &Path, size_pt: &str, texts: &[&str]) {
    let bytes = std::fs::read(file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", file.display());
    assert!(
        bytes.trim_ascii_end().ends_with(b"%%EOF"),
        "{}",
        file.display()
    );
    let info = poppler("pdfinfo", file, &[]);
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    assert_eq!(field("Pages:").as_deref(), Some("1"), "{info}");
    assert_eq!(
        field("Page size:"),
        Some(format!("{size_pt} pts")),
        "{info}"
    );
    // name  type  encoding  emb sub uni object ID
    let fonts = poppler("pdffonts", file, &[]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}: {fonts}", file.display());
    for row in rows {
        assert!(row.contains("CID TrueType"), "{row}");
        assert!(!row.contains("Type 3"), "{row}");
        let flags: Vec<&str> = row.split_whitespace().rev().skip(2).take(3).collect();
        assert_eq!(flags, ["yes", "yes", "yes"], "uni, sub, emb: {row}");
    }
    let text = poppler("pdftotext", file, &["-"]);
    for t in texts {
        assert!(text.contains(t), "{t:?} not in {}: {text}", file.display());
    }
}

/// The pixel size and pHYs density (pixels per metre) of a PNG file.
fn png_size_and_density(file: &Path) -> ((u32, u32), Option<u32>) {
    let b = std::fs::read(file).unwrap();
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "{}", file.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let size = (be(16), be(20));
    let mut i = 8;
    while i + 12 <= b.len() {
        let len = be(i) as usize;
        match &b[i + 4..i + 8] {
            b"pHYs" => {
                assert_eq!(be(i + 8), be(i + 12), "square pixels");
                assert_eq!(b[i + 16], 1, "unit: metre");
                return (size, Some(be(i + 8)));
            }
            b"IDAT" => break,
            _ => i += 12 + len,
        }
    }
    (size, None)
}

/// The notebooks' page sizes in points (540 wide; 1.9, 2.2 and 2 inches high).
const PAGE_SIZES: [&str; 3] = ["540 x 136.8", "540 x 158.4", "540 x 144"];

#[test]
fn default_formats_are_three_svgs_and_three_pdfs_with_embedded_fonts_and_real_text() {
    let dir = temp_dir("figures");
    let out = dir.join("out");
    let o = report(Path::new(FIXTURE), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut want: Vec<String> = figure_files("svg")
        .into_iter()
        .chain(figure_files("pdf"))
        .chain([INFO_CSV.to_string(), PNG_CSV.to_string()])
        .collect();
    want.sort();
    assert_eq!(names, want, "no PNG unless asked");
    for svg in figure_files("svg") {
        let text = read(out.join(&svg));
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{svg}: {e}"));
        let panels = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("axes-bg"))
            .count();
        assert_eq!(panels, 3, "{svg}: one axes per sweep");
    }
    let texts: [&[&str]; 3] = [
        &["Neuron rank #", "0.5"],
        &["# informative neurons", "%"],
        &["# PNGs", "0.02"],
    ];
    for ((pdf, size), texts) in figure_files("pdf").iter().zip(PAGE_SIZES).zip(texts) {
        check_pdf(&out.join(pdf), size, texts);
    }
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}.pdf", "fig_png_counts_sweep")),
        "the written files are named: {err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn format_png_writes_300_dpi_pngs_only_and_all_three_formats_together() {
    let dir = temp_dir("png");
    let out = dir.join("png");
    let o = report(Path::new(FIXTURE), &out, &["--format", "png"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (png, h_in) in figure_files("png").iter().zip([1.9, 2.2, 2.0]) {
        let (size, ppm) = png_size_and_density(&out.join(png));
        assert_eq!(size, (2250, (h_in * 300.0f64).round() as u32), "{png}");
        assert_eq!(ppm, Some(11811), "{png}: 300 dpi = 11811 pixels per metre");
    }
    for ext in ["svg", "pdf"] {
        for f in figure_files(ext) {
            assert!(!out.join(&f).exists(), "{f} was not asked for");
        }
    }
    let all = dir.join("all");
    let o = report(Path::new(FIXTURE), &all, &["--format=pdf,svg,png,pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for ext in ["svg", "pdf", "png"] {
        for f in figure_files(ext) {
            assert!(all.join(&f).is_file(), "{f}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn realistic_folder_gives_three_svgs_and_three_pdfs_that_pass_the_font_checks() {
    // int64 counts with 3 and 4 layers, protocols 2-5, a value with only 'pre', a hparam without
    // png_counts, an unknown hparam, NaN, float32: Fig. S9C has the four sweeps that have the file.
    let dir = temp_dir("mixed-figures");
    let out = dir.join("out");
    let o = report(&Path::new(CASES).join("mixed").join("data"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = read(out.join("fig_png_counts_sweep.svg"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("axes-bg"))
            .count(),
        4,
        "delay_max has no png_counts file"
    );
    let texts: [&[&str]; 3] = [&["Neuron rank #"], &["tau_m"], &["# PNGs", "zeta"]];
    for ((pdf, size), texts) in figure_files("pdf").iter().zip(PAGE_SIZES).zip(texts) {
        check_pdf(&out.join(pdf), size, texts);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
