//! The decode workers' messages: what the page asks ([`Request`]) and what a worker answers ([`Reply`]),
//! including the result envelope of one file ([`LoadReport`]).
//!
//! Owns: the message types and their tags. A file's bytes never travel in these: the page posts the
//! `File` handle (or URL) beside the message and the worker reads it; what comes back is small (statistics,
//! ranked curves, facts for the warnings).

use super::{Reader, Wire, WireError, Writer};
use crate::datacheck::SweepFacts;
use crate::stats::{CountStats, Params, PngSweepStats, SweepStats};
use crate::sweep::SweepFile;

/// What the page asks a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Read one file (its `File` or URL is posted beside the message), decode it, compute its statistics.
    /// `reserve`: the bytes a worker sets aside for its file buffer, the largest file of the load, so
    /// that one buffer holds every file the worker reads in it (memory that grows for a second, larger
    /// file would keep the first one's too: wasm memory never shrinks).
    Load { file: LoadRequest, reserve: u64 },
    /// Several files at once (their sources are posted beside the message as an array, in this order),
    /// answered by one [`Reply::LoadedMany`] once all are done: a small load's files (the example folder)
    /// cost one message each way instead of one per file, and all their reads start together.
    LoadMany {
        files: Vec<LoadRequest>,
        reserve: u64,
    },
    /// The informative counts per point at another threshold (request `id`): from the rows the worker
    /// kept for load `rows`, or from the file read again (its source is then posted beside the message).
    Counts { id: u32, rows: u32, threshold: f64 },
    /// Let go of the rows kept for these loads.
    Forget { ids: Vec<u32> },
}

/// One file to load.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadRequest {
    /// The page's number for this file (replies name it; a stale one is ignored).
    pub id: u32,
    /// Where it was found (folders and name), for messages.
    pub path: String,
    /// The sweep's name.
    pub hparam: String,
    pub kind: SweepFile,
    pub params: Params,
    /// How many bytes of rows this worker may keep for threshold changes (0: keep nothing).
    pub keep_budget: u64,
}

/// What a worker answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Bytes of load `id` read so far, of `total` (0 when unknown).
    Progress { id: u32, done: u64, total: u64 },
    /// Load `id` is done. `memory`: the bytes of the answering instance's wasm memory then, which is its
    /// peak so far (wasm memory never shrinks), for the benchmarks and the memory budget.
    Loaded {
        id: u32,
        report: LoadReport,
        memory: u64,
    },
    /// The counts per point (in point order; `None` for a point without data) at the threshold request
    /// `id` asked for.
    Counts {
        id: u32,
        result: Result<Vec<Option<CountStats>>, Failure>,
    },
    /// The files of a [`Request::LoadMany`], each with its load id, in the request's order; `memory` as
    /// for [`Reply::Loaded`].
    LoadedMany {
        loaded: Vec<(u32, LoadReport)>,
        memory: u64,
    },
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadReport {
    pub path: String,
    pub kind: SweepFile,
    pub outcome: Result<Payload, Failure>,
}

/// The results of a file that loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// An information sweep at the request's parameters.
    Information {
        stats: SweepStats,
        /// Whether every `post` was float32 (`None` without data): the CSV's column types.
        float32: Option<bool>,
        facts: SweepFacts,
        rows: Rows,
    },
    PngCounts {
        stats: PngSweepStats,
    },
}

/// Where the rows of an information sweep are, for threshold changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// The worker that loaded the file keeps them (this many bytes).
    Kept { bytes: u64 },
    /// Dropped (over the budget): a threshold change reads the file again.
    Dropped,
}

/// Why a file gave no sweep: the kind of failure and the message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailKind,
    pub message: String,
}

/// The kinds of failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailKind {
    /// The browser could not read the file.
    Read,
    /// A URL could not be fetched.
    Fetch,
    /// The pickle was refused.
    Pickle,
    /// The pickle is not a sweep.
    Sweep,
    /// A message between page and worker was refused, or the worker failed.
    Worker,
}

const KINDS: [FailKind; 5] = [
    FailKind::Read,
    FailKind::Fetch,
    FailKind::Pickle,
    FailKind::Sweep,
    FailKind::Worker,
];

impl Wire for FailKind {
    fn put(&self, w: &mut Writer) {
        w.tag(KINDS.iter().position(|k| k == self).unwrap_or(0) as u8);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        let t = r.tag("a failure kind")?;
        KINDS
            .get(usize::from(t))
            .copied()
            .ok_or_else(|| r.bad_tag("failure kind", t))
    }
}

impl Wire for Failure {
    fn put(&self, w: &mut Writer) {
        self.kind.put(w);
        w.str(&self.message);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(Failure {
            kind: FailKind::get(r)?,
            message: r.string()?,
        })
    }
}

impl<T: Wire> Wire for Result<T, Failure> {
    fn put(&self, w: &mut Writer) {
        match self {
            Ok(v) => {
                w.tag(0);
                v.put(w);
            }
            Err(e) => {
                w.tag(1);
                e.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a result")? {
            0 => Ok(Ok(T::get(r)?)),
            1 => Ok(Err(Failure::get(r)?)),
            t => Err(r.bad_tag("result", t)),
        }
    }
}

impl Wire for Rows {
    fn put(&self, w: &mut Writer) {
        match self {
            Rows::Kept { bytes } => {
                w.tag(0);
                w.u64(*bytes);
            }
            Rows::Dropped => w.tag(1),
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("rows")? {
            0 => Ok(Rows::Kept {
                bytes: r.u64("a byte count")?,
            }),
            1 => Ok(Rows::Dropped),
            t => Err(r.bad_tag("rows", t)),
        }
    }
}

impl Wire for Payload {
    fn put(&self, w: &mut Writer) {
        match self {
            Payload::Information {
                stats,
                float32,
                facts,
                rows,
            } => {
                w.tag(0);
                stats.put(w);
                float32.put(w);
                facts.put(w);
                rows.put(w);
            }
            Payload::PngCounts { stats } => {
                w.tag(1);
                stats.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a payload")? {
            0 => Ok(Payload::Information {
                stats: SweepStats::get(r)?,
                float32: Option::get(r)?,
                facts: SweepFacts::get(r)?,
                rows: Rows::get(r)?,
            }),
            1 => Ok(Payload::PngCounts {
                stats: PngSweepStats::get(r)?,
            }),
            t => Err(r.bad_tag("payload", t)),
        }
    }
}

impl Wire for LoadReport {
    fn put(&self, w: &mut Writer) {
        w.str(&self.path);
        self.kind.put(w);
        self.outcome.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(LoadReport {
            path: r.string()?,
            kind: SweepFile::get(r)?,
            outcome: Result::get(r)?,
        })
    }
}

impl Wire for LoadRequest {
    fn put(&self, w: &mut Writer) {
        self.id.put(w);
        w.str(&self.path);
        w.str(&self.hparam);
        self.kind.put(w);
        self.params.put(w);
        w.u64(self.keep_budget);
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        Ok(LoadRequest {
            id: u32::get(r)?,
            path: r.string()?,
            hparam: r.string()?,
            kind: SweepFile::get(r)?,
            params: Params::get(r)?,
            keep_budget: r.u64("a budget")?,
        })
    }
}

impl Wire for Request {
    fn put(&self, w: &mut Writer) {
        match self {
            Request::Load { file, reserve } => {
                w.tag(0);
                file.put(w);
                w.u64(*reserve);
            }
            Request::Counts {
                id,
                rows,
                threshold,
            } => {
                w.tag(1);
                id.put(w);
                rows.put(w);
                w.f64(*threshold);
            }
            Request::Forget { ids } => {
                w.tag(2);
                ids.put(w);
            }
            Request::LoadMany { files, reserve } => {
                w.tag(3);
                files.put(w);
                w.u64(*reserve);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a request")? {
            0 => Ok(Request::Load {
                file: LoadRequest::get(r)?,
                reserve: r.u64("a byte count")?,
            }),
            1 => Ok(Request::Counts {
                id: u32::get(r)?,
                rows: u32::get(r)?,
                threshold: r.f64()?,
            }),
            2 => Ok(Request::Forget { ids: Vec::get(r)? }),
            3 => Ok(Request::LoadMany {
                files: Vec::get(r)?,
                reserve: r.u64("a byte count")?,
            }),
            t => Err(r.bad_tag("request", t)),
        }
    }
}

impl Wire for Reply {
    fn put(&self, w: &mut Writer) {
        match self {
            Reply::Progress { id, done, total } => {
                w.tag(0);
                id.put(w);
                w.u64(*done);
                w.u64(*total);
            }
            Reply::Loaded { id, report, memory } => {
                w.tag(1);
                id.put(w);
                report.put(w);
                w.u64(*memory);
            }
            Reply::Counts { id, result } => {
                w.tag(2);
                id.put(w);
                result.put(w);
            }
            Reply::LoadedMany { loaded, memory } => {
                w.tag(3);
                loaded.put(w);
                w.u64(*memory);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Result<Self, WireError> {
        match r.tag("a reply")? {
            0 => Ok(Reply::Progress {
                id: u32::get(r)?,
                done: r.u64("a byte count")?,
                total: r.u64("a byte count")?,
            }),
            1 => Ok(Reply::Loaded {
                id: u32::get(r)?,
                report: LoadReport::get(r)?,
                memory: r.u64("a memory size")?,
            }),
            2 => Ok(Reply::Counts {
                id: u32::get(r)?,
                result: Result::get(r)?,
            }),
            3 => Ok(Reply::LoadedMany {
                loaded: Vec::get(r)?,
                memory: r.u64("a memory size")?,
            }),
            t => Err(r.bad_tag("reply", t)),
        }
    }
}
