//! A share job as the page asks the export worker for it: what to make (report or site zip), where each file
//! comes from (a URL the worker fetches: the page's own files, a linked folder's pickles, `blob:`/`data:`
//! URLs of the user's files), the settings and the time; and making it once the worker has the bytes.
//!
//! Owns: [`ShareJob`] and [`make`] (bytes in, the report's HTML or the zip out), DOM-free so that the
//! worker's result is tested natively.

use super::report::report_html;
use super::site::site_files;
use super::zip::zip;
use super::{Bundle, DataFile, Made, ShareError, SiteFile};
use crate::settings::Settings;
use crate::sweep::SweepFile;
use std::borrow::Cow;

/// What to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareKind {
    /// `infosweep-report.html`.
    Report,
    /// `infosweep-site.zip`.
    Site,
}

impl ShareKind {
    /// The file name the page offers.
    pub fn file_name(self) -> &'static str {
        match self {
            ShareKind::Report => super::REPORT_FILE_NAME,
            ShareKind::Site => super::SITE_ZIP_FILE_NAME,
        }
    }

    /// Its MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            ShareKind::Report => "text/html",
            ShareKind::Site => "application/zip",
        }
    }
}

/// One shared pickle, by URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSource {
    /// The sweep's name as the page shows it.
    pub hparam: String,
    pub kind: SweepFile,
    pub url: String,
}

/// Everything the worker needs to make a report or a site zip.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareJob {
    pub kind: ShareKind,
    /// The page's files (as its `files.json` lists them) and where to fetch each.
    pub page: Vec<(String, String)>,
    pub data: Vec<DataSource>,
    /// The view's settings in hash form (`Settings::to_hash`).
    pub settings: String,
    /// When the user asked, seconds since 1970 UTC.
    pub unix_seconds: i64,
}

/// The file of `job` from the fetched bytes (`page[i]` and `data[i]` are the bytes of `job.page[i]` and
/// `job.data[i]`).
pub fn make(job: &ShareJob, page: Vec<Vec<u8>>, data: Vec<Vec<u8>>) -> Result<Vec<u8>, ShareError> {
    let bundle = Bundle {
        page: job
            .page
            .iter()
            .zip(page)
            .map(|((path, _), bytes)| SiteFile {
                path: path.clone(),
                bytes: Cow::Owned(bytes),
            })
            .collect(),
        data: job
            .data
            .iter()
            .zip(data)
            .map(|(d, bytes)| DataFile {
                hparam: d.hparam.clone(),
                kind: d.kind,
                bytes: Cow::Owned(bytes),
            })
            .collect(),
        settings: Settings::from_hash(&job.settings),
        made: Made::this_build(job.unix_seconds),
    };
    match job.kind {
        ShareKind::Report => Ok(report_html(&bundle)?.0.into_bytes()),
        ShareKind::Site => zip(&site_files(&bundle)?, job.unix_seconds),
    }
}
