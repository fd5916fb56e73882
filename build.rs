//! Build script. Sets `INFOSWEEP_COMMIT`, the git commit the build is made from (shown in the site bundles
//! and reports it makes; the `INFOSWEEP_COMMIT` variable wins, no git means none), and with the
//! `embed-page` feature writes `$OUT_DIR/page_files.rs`: the page's release build (the files its
//! `files.json` lists, in `dist/` or the folder `INFOSWEEP_DIST` names) as `include_bytes!`, for
//! `infosweep site` without `--dist`.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    commit();
    embed_page();
}

/// `git <args>`'s trimmed output, when git runs and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}

fn commit() {
    println!("cargo:rerun-if-env-changed=INFOSWEEP_COMMIT");
    let commit = std::env::var("INFOSWEEP_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]));
    if let Some(c) = commit {
        println!("cargo:rustc-env=INFOSWEEP_COMMIT={}", c.trim());
    }
    // Run again when HEAD moves: the worktree's HEAD, the branch it names (loose), the packed refs.
    let mut watch = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.push(git(&["rev-parse", "--git-path", &branch]));
    }
    watch.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    for p in watch.into_iter().flatten() {
        // A missing file would make cargo run this script on every build.
        if Path::new(&p).exists() {
            println!("cargo:rerun-if-changed={p}");
        }
    }
}

#[cfg(feature = "embed-page")]
fn embed_page() {
    use std::path::PathBuf;
    println!("cargo:rerun-if-env-changed=INFOSWEEP_DIST");
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dist = std::env::var_os("INFOSWEEP_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("dist"));
    let list = dist.join("files.json");
    println!("cargo:rerun-if-changed={}", list.display());
    let text = std::fs::read_to_string(&list).unwrap_or_else(|e| {
        panic!(
            "the embed-page feature embeds the page's release build, but {} cannot be read ({e}): run \
             `trunk build --release` first, or set INFOSWEEP_DIST to such a build",
            list.display()
        )
    });
    let files: Vec<String> = serde_json_build::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: not a JSON list of paths: {e}", list.display()));
    let mut out = String::from(
        "/// The page's release build, embedded by build.rs (feature `embed-page`): path, bytes.\n\
         pub static PAGE_FILES: &[(&str, &[u8])] = &[\n",
    );
    for f in files {
        let path = dist.join(&f);
        let abs = path
            .canonicalize()
            .unwrap_or_else(|e| panic!("{} (listed in {}): {e}", path.display(), list.display()));
        println!("cargo:rerun-if-changed={}", abs.display());
        out.push_str(&format!(
            "    ({f:?}, include_bytes!({:?})),\n",
            abs.display().to_string()
        ));
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("page_files.rs"), out).expect("writing page_files.rs");
}

#[cfg(not(feature = "embed-page"))]
fn embed_page() {}
