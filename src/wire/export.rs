//! The export worker's messages on the wire ([`crate::export`]): requests (an id and one operation) and
//! replies.
//!
//! Owns: their tags. `Op`: 0 Pdf (new operations take the next tag). `Stage`: 0 Fonts, 1 Writing.
//! `Reply`: 0 Ready, 1 Progress, 2 Done, 3 Failed. A file's bytes go as a length and the raw bytes.

use super::{Reader, Wire, WireError, Writer};
use crate::export::{Op, PdfJob, Reply, Request, Stage};
use crate::figures::{Figure, FigureOptions};

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
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("an export operation")? {
            0 => Ok(Op::Pdf(PdfJob::get(r)?)),
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
        w.str(&self.fonts_url);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(PdfJob {
            figure: Figure::get(r)?,
            options: FigureOptions::get(r)?,
            info: Vec::get(r)?,
            png: Vec::get(r)?,
            fonts_url: r.string()?,
        })
    }
}

impl Wire for Stage {
    fn put(&self, w: &mut Writer) {
        w.tag(match self {
            Stage::Fonts => 0,
            Stage::Writing => 1,
        });
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("an export stage")? {
            0 => Ok(Stage::Fonts),
            1 => Ok(Stage::Writing),
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
