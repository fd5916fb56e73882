//! The export worker's messages on the wire ([`crate::export`]): requests (an id and one operation) and
//! replies.
//!
//! Owns: their tags. `Op`: 0 Pdf, 1 Share (new operations take the next tag). `Stage`: 0 Fonts,
//! 1 Writing, 2 Gathering, 3 Packing. `ShareKind`: 0 Report, 1 Site. `Reply`: 0 Ready, 1 Progress, 2 Done,
//! 3 Failed. A file's bytes go as a length and the raw bytes; an `i64` as its two's-complement `u64`.

use super::{Reader, Wire, WireError, Writer};
use crate::export::{Op, PdfJob, Reply, Request, Stage};
use crate::figures::{Figure, FigureOptions};
use crate::share::job::{DataSource, ShareJob, ShareKind};
use crate::sweep::SweepFile;

impl Wire for Request {
    fn put(&self, w: &mut Writer) {
        self.id.put(w);
        self.op.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(Request {
            id: u32::get(r)?,
            op: Op::get(r)?,
        })
    }
}

impl Wire for Op {
    fn put(&self, w: &mut Writer) {
        match self {
            Op::Pdf(job) => {
                w.tag(0);
                job.put(w);
            }
            Op::Share(job) => {
                w.tag(1);
                job.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("an export operation")? {
            0 => Ok(Op::Pdf(PdfJob::get(r)?)),
            1 => Ok(Op::Share(ShareJob::get(r)?)),
            t => Err(r.bad_tag("export operation", t)),
        }
    }
}

impl Wire for PdfJob {
    fn put(&self, w: &mut Writer) {
        self.figure.put(w);
        self.options.put(w);
        self.info.put(w);
        self.png.put(w);
        for url in &self.font_urls {
            w.str(url);
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PdfJob {
            figure: Figure::get(r)?,
            options: FigureOptions::get(r)?,
            info: Vec::get(r)?,
            png: Vec::get(r)?,
            font_urls: [r.string()?, r.string()?],
        })
    }
}

impl Wire for Stage {
    fn put(&self, w: &mut Writer) {
        match self {
            Stage::Fonts => w.tag(0),
            Stage::Writing => w.tag(1),
            Stage::Gathering { done, total } => {
                w.tag(2);
                done.put(w);
                total.put(w);
            }
            Stage::Packing => w.tag(3),
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("an export stage")? {
            0 => Ok(Stage::Fonts),
            1 => Ok(Stage::Writing),
            2 => Ok(Stage::Gathering {
                done: u32::get(r)?,
                total: u32::get(r)?,
            }),
            3 => Ok(Stage::Packing),
            t => Err(r.bad_tag("export stage", t)),
        }
    }
}

impl Wire for Reply {
    fn put(&self, w: &mut Writer) {
        match self {
            Reply::Ready => w.tag(0),
            Reply::Progress { id, stage } => {
                w.tag(1);
                id.put(w);
                stage.put(w);
            }
            Reply::Done { id, bytes } => {
                w.tag(2);
                id.put(w);
                w.bytes(bytes);
            }
            Reply::Failed { id, message } => {
                w.tag(3);
                id.put(w);
                w.str(message);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("an export reply")? {
            0 => Ok(Reply::Ready),
            1 => Ok(Reply::Progress {
                id: u32::get(r)?,
                stage: Stage::get(r)?,
            }),
            2 => Ok(Reply::Done {
                id: u32::get(r)?,
                bytes: r.bytes()?,
            }),
            3 => Ok(Reply::Failed {
                id: u32::get(r)?,
                message: r.string()?,
            }),
            t => Err(r.bad_tag("export reply", t)),
        }
    }
}

impl Wire for ShareKind {
    fn put(&self, w: &mut Writer) {
        w.tag(match self {
            ShareKind::Report => 0,
            ShareKind::Site => 1,
        });
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a share kind")? {
            0 => Ok(ShareKind::Report),
            1 => Ok(ShareKind::Site),
            t => Err(r.bad_tag("share kind", t)),
        }
    }
}

impl Wire for DataSource {
    fn put(&self, w: &mut Writer) {
        w.str(&self.hparam);
        self.kind.put(w);
        w.str(&self.url);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(DataSource {
            hparam: r.string()?,
            kind: SweepFile::get(r)?,
            url: r.string()?,
        })
    }
}

impl Wire for ShareJob {
    fn put(&self, w: &mut Writer) {
        self.kind.put(w);
        self.page.put(w);
        self.data.put(w);
        w.str(&self.settings);
        w.u64(self.unix_seconds as u64);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(ShareJob {
            kind: ShareKind::get(r)?,
            page: Vec::get(r)?,
            data: Vec::get(r)?,
            settings: r.string()?,
            unix_seconds: r.u64("a time")? as i64,
        })
    }
}
