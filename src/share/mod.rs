//! Sharing with reviewers, free of the DOM: the site bundle (the page's files plus the shared pickles under
//! `data/`, opening that data by default, for any folder of a static host) and the standalone report (one
//! HTML file holding the page, its wasm and the pickles, that works from `file://` with no network).
//!
//! Owns: what a bundle holds and where ([`Bundle`]: page files, data files, settings, provenance), the
//! provenance line ([`Made`]), the compression rule ([`pack`]) and the errors ([`ShareError`]). The parts
//! live in [`html`] (reading Trunk's `index.html`, writing the `infosweep-*` declarations), [`site`] (the
//! bundle's file list, `data/index.json`, `files.json`, the bundled settings), [`report`] (the standalone
//! HTML and its boot script), [`zip`] (the zip archive) and [`job`] (what the page asks the export worker). The page hands the bytes to the export worker,
//! which calls these; the CLI (`infosweep site`) calls them natively: both write the same bundle.

pub mod html;
pub mod job;
pub mod report;
pub mod site;
pub mod zip;

use crate::sweep::SweepFile;
use std::borrow::Cow;

/// The page's file list that Trunk's post-build hook writes into `dist/` (every file of the page but the
/// demo data; see `scripts/page-files`), read by the page and the CLI to know what a bundle must copy.
pub const PAGE_FILES_LIST: &str = "files.json";
/// The folder of the shared data inside a bundle.
pub const DATA_FOLDER: &str = "data/";
/// The list of the shared pickles (paths relative to [`DATA_FOLDER`]), as a `#data=` folder has it.
pub const DATA_INDEX: &str = "index.json";
/// The report's file name, as the page offers it.
pub const REPORT_FILE_NAME: &str = "infosweep-report.html";
/// The site bundle's file name, as the page offers it.
pub const SITE_ZIP_FILE_NAME: &str = "infosweep-site.zip";
/// zlib/deflate level for the report's inline files and the zip's entries. miniz_oxide on the example's
/// three float pickles plus the page's wasm and glue (2.22 MB), natively: level 1 gives 53.0 % in 32 ms,
/// level 6 49.9 % in 180 ms, level 9 49.9 % in 258 ms. Level 1: 6 % more bytes for a fifth of the time,
/// which matters in the worker for big folders.
pub const DEFLATE_LEVEL: u8 = 1;

/// Why a bundle or report could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error(
        "the page was built for the fixed path {0:?}, so a copy would work only there: rebuild it with \
         `trunk build --release` (Trunk.toml sets --public-url ./)"
    )]
    AbsoluteBase(String),
    #[error("the page loads {0:?}, which is not a file beside it: rebuild it with `trunk build --release`")]
    AbsoluteAsset(String),
    #[error(
        "the page's index.html has no Trunk boot script (import … from '<glue>.js'; init({{ \
         module_or_path: '<wasm>' }})): give the index.html of a Trunk build"
    )]
    NoBootScript,
    #[error("the page's index.html has no </head> or <body>")]
    NoHead,
    #[error("the page's files lack {0:?}, which its index.html loads")]
    MissingPageFile(String),
    #[error("two files for the bundle path {0:?}")]
    PathClash(String),
    #[error(
        "the page file path {0:?} cannot be written into a bundle (empty, absolute, or with ..)"
    )]
    BadPagePath(String),
    #[error("could not write the zip: {0}")]
    Zip(String),
}

/// One file of a site: the page's (`index.html`, its wasm and glue, CSS, workers, fonts) or a bundle's, with
/// its path relative to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile<'a> {
    pub path: String,
    pub bytes: Cow<'a, [u8]>,
}

/// One shared pickle: the sweep's name (its folder in the bundle), which file it is, its original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile<'a> {
    pub hparam: String,
    pub kind: SweepFile,
    pub bytes: Cow<'a, [u8]>,
}

/// Which infosweep made a bundle, and when (shown by the page that opens it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// `CARGO_PKG_VERSION`.
    pub version: String,
    /// The git commit the build was made from, when the build could tell (`INFOSWEEP_COMMIT`).
    pub commit: Option<String>,
    /// Seconds since 1970-01-01 UTC.
    pub unix_seconds: i64,
}

impl Made {
    /// This build of infosweep, at `unix_seconds`.
    pub fn this_build(unix_seconds: i64) -> Made {
        Made {
            version: env!("CARGO_PKG_VERSION").to_string(),
            commit: option_env!("INFOSWEEP_COMMIT").map(str::to_string),
            unix_seconds,
        }
    }

    /// `infosweep 0.1.0 (commit 1a2b3c4d5e6f) on 2026-11-29 07:30 UTC`.
    pub fn describe(&self) -> String {
        let commit = self
            .commit
            .as_ref()
            .map(|c| format!(" (commit {c})"))
            .unwrap_or_default();
        format!(
            "infosweep {}{commit} on {}",
            self.version,
            utc_minutes(self.unix_seconds)
        )
    }
}

/// `2026-11-29 07:30 UTC`.
pub fn utc_minutes(unix_seconds: i64) -> String {
    let t = rawzip::time::UtcDateTime::from_unix(unix_seconds);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// How a file is stored in a report or a zip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// As is.
    Stored,
    /// Deflated (zlib-wrapped in a report, raw in a zip).
    Deflated,
}

/// `bytes` compressed by `compress` when that makes them smaller, else as they are.
pub fn pack<'a>(bytes: &'a [u8], compress: impl Fn(&[u8]) -> Vec<u8>) -> (Encoding, Cow<'a, [u8]>) {
    let c = compress(bytes);
    if c.len() < bytes.len() {
        (Encoding::Deflated, Cow::Owned(c))
    } else {
        (Encoding::Stored, Cow::Borrowed(bytes))
    }
}

/// Everything a bundle or report is made of.
#[derive(Debug, Clone)]
pub struct Bundle<'a> {
    /// The page's files as listed in [`PAGE_FILES_LIST`] (with `index.html`; without the demo).
    pub page: Vec<SiteFile<'a>>,
    /// The shared pickles.
    pub data: Vec<DataFile<'a>>,
    /// The settings of the view being shared (the bundle keeps what applies to its sweeps).
    pub settings: crate::settings::Settings,
    pub made: Made,
}

/// A JSON string literal, safe inside a `<script>` element too (`<`, `>`, `&` as `\u00XX`).
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON list of strings.
pub fn json_list<'s>(items: impl IntoIterator<Item = &'s str>) -> String {
    let items: Vec<String> = items.into_iter().map(json_string).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests;
