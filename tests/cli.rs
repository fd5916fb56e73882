//! The built `infosweep` binary on a copy of the n3p2 folder, clean and with a corrupt file.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const REFERENCE_CSV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/reference/robustness_summary_statistics.csv"
);
const REFERENCE_SUMMARY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/reference/summary.txt"
);

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("infosweep-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_fixture(to: &Path) {
    for h in ["I2E", "delay_max", "lrate"] {
        std::fs::create_dir_all(to.join(h)).unwrap();
        for f in std::fs::read_dir(Path::new(FIXTURE).join(h)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), to.join(h).join(f.file_name())).unwrap();
        }
    }
}

fn run(results: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_infosweep"))
        .arg("report")
        .arg(results)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn check_outputs(out: &Path) {
    let csv = std::fs::read_to_string(out.join("robustness_summary_statistics.csv")).unwrap();
    assert_eq!(csv, std::fs::read_to_string(REFERENCE_CSV).unwrap());
    for svg in [
        "fig_ranked_information_sweep.svg",
        "fig_informative_counts_sweep.svg",
    ] {
        let text = std::fs::read_to_string(out.join(svg)).unwrap();
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{svg}: {e}"));
    }
}

#[test]
fn clean_folder_exits_zero() {
    let dir = temp_dir("clean");
    copy_fixture(&dir.join("n3p2"));
    let out = dir.join("out/nested");
    let o = run(&dir.join("n3p2"), &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check_outputs(&out);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        std::fs::read_to_string(REFERENCE_SUMMARY).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_file_is_named_and_fails() {
    let dir = temp_dir("corrupt");
    let results = dir.join("n3p2");
    copy_fixture(&results);
    std::fs::create_dir_all(results.join("zz_broken")).unwrap();
    let bad = results
        .join("zz_broken")
        .join("information_sweep_max_convex.pkl");
    std::fs::write(&bad, b"\x80\x04\x95 this is not a pickle").unwrap();
    let out = dir.join("out");
    let o = run(&results, &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains(&bad.display().to_string()), "{stderr}");
    check_outputs(&out);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors() {
    let exe = env!("CARGO_BIN_EXE_infosweep");
    let o = Command::new(exe).arg("--help").output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("usage: infosweep report"));
    for args in [
        &["report"][..],
        &["report", "x"],
        &["frobnicate"],
        &["report", "x", "--out", "y", "--neurons", "0"],
    ] {
        let o = Command::new(exe).args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}
