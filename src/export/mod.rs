//! The export worker's jobs, free of the DOM: what the page asks the worker ([`Request`], one [`Op`] per
//! kind of job), what the worker answers ([`Reply`]), and running a job ([`pdf`]). The worker is a second
//! wasm binary of this crate (`src/bin/export.rs`, Trunk `data-type="worker"`), started by the page on its
//! first export (`crate::app::export_client`), so the PDF writer (pdf-writer, subsetter, deflate) never
//! weighs on the page's own wasm.
//!
//! Owns: the messages (encoded with [`crate::wire`] and transferred, not copied), the worker's file names
//! and where it finds the fonts. The browser side of the worker is `worker` (wasm32 only). Jobs: a figure
//! as PDF ([`Op::Pdf`]) and a standalone report or site zip ([`Op::Share`], made by
//! [`crate::share::job::make`] from files the worker fetches by URL).
//!
//! Protocol: the worker posts [`Reply::Ready`] once it listens; the page queues requests until then. Each
//! [`Request`] carries an id (from 1) that its [`Reply::Progress`] messages and its one final
//! [`Reply::Done`] (the file's bytes) or [`Reply::Failed`] (a message for the user) name; a request the
//! worker cannot read is answered with `Failed` for id 0 ([`ANY_REQUEST`]), which fails every pending
//! request. Jobs run one at a time, in order.

#[cfg(target_arch = "wasm32")]
pub mod worker;

use crate::figures::{Figure, FigureData, FigureOptions, Fonts};
use crate::share::job::ShareJob;
use crate::stats::{PngSweepStats, SweepStats};

/// The worker's start script as Trunk writes it (`<bin>_loader.js` beside the page's index.html); it loads
/// `infosweep-export.js` and `infosweep-export_bg.wasm` from the same folder.
pub const WORKER_SCRIPT: &str = "infosweep-export_loader.js";

/// The folder (relative to the page) holding [`crate::figures::fonts::FONT_FILES`] (Trunk copies
/// `assets/fonts/` there).
pub const FONTS_DIR: &str = "fonts/";

/// The id of a [`Reply::Failed`] that concerns every pending request (the request could not be read).
pub const ANY_REQUEST: u32 = 0;

/// One job for the worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The page's number for this job (from 1); the replies name it.
    pub id: u32,
    pub op: Op,
}

/// What to do. A new kind of job is a new variant here and an arm in the worker's `run`.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Write one figure as PDF.
    Pdf(PdfJob),
    /// Make the standalone report or the site zip (the worker fetches the job's URLs).
    Share(ShareJob),
}

/// A figure to write as PDF, with everything it is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfJob {
    pub figure: Figure,
    pub options: FigureOptions,
    /// Fig. S9A/B's statistics (empty for Fig. S9C).
    pub info: Vec<SweepStats>,
    /// Fig. S9C's statistics (empty for Fig. S9A/B).
    pub png: Vec<PngSweepStats>,
    /// Absolute URLs of [`crate::figures::fonts::FONT_FILES`] (regular, oblique): the page's `fonts/`
    /// files, or a report's inline `data:` URLs; fetched once.
    pub font_urls: [String; 2],
}

/// How far a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Fetching the font files (first PDF only).
    Fonts,
    /// Drawing and writing the PDF.
    Writing,
    /// Fetching the page's files and the pickles for a report or site (`done` of `total` files).
    Gathering { done: u32, total: u32 },
    /// Compressing and writing the report or zip.
    Packing,
}

impl Stage {
    /// What the page shows while the job is at this stage.
    pub fn message(self) -> String {
        match self {
            Stage::Fonts => "Fetching the fonts…".into(),
            Stage::Writing => "Writing the PDF…".into(),
            Stage::Gathering { done, total } => format!("Gathering the files ({done} of {total})…"),
            Stage::Packing => "Packing…".into(),
        }
    }
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The worker listens: requests may be posted.
    Ready,
    Progress {
        id: u32,
        stage: Stage,
    },
    /// The job's file.
    Done {
        id: u32,
        bytes: Vec<u8>,
    },
    /// The job failed; `message` says why, for the user.
    Failed {
        id: u32,
        message: String,
    },
}

/// Runs a PDF job: the figure drawn from the job's statistics and options, DejaVu embedded from `fonts`.
pub fn pdf(job: &PdfJob, fonts: &Fonts) -> Result<Vec<u8>, crate::figures::pdf::PdfError> {
    let data = FigureData {
        info: &job.info,
        png: &job.png,
    };
    job.figure.pdf(&data, &job.options, fonts)
}

#[cfg(test)]
mod tests;
