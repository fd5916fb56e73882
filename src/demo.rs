//! The demo's precomputed results: what the decode workers would send back for each file of the page's
//! demo folder at the default settings, so that the first open draws the demo without fetching the
//! decoder (the decode workers' wasm is fetched only when a folder or link is loaded, or a setting needs
//! the demo's rows again).
//!
//! Owns: the results file's name ([`RESULTS_FILE`], beside the demo's `index.json`), its contents (the
//! parameters they were computed at and one [`LoadReport`] per file, in `index.json` order, as [`wire`]
//! bytes), making them from the files' bytes ([`compute`], native; `tests/demo_results.rs` checks the
//! committed file against the fixtures and rewrites it with `INFOSWEEP_WRITE_DEMO=1`), and reading them
//! ([`read`]).

use crate::intake::{classify, Plan};
use crate::job;
use crate::stats::Params;
use crate::wire::envelope::{LoadReport, Rows};
use crate::wire::{self, WireError};

/// The results file, in the demo folder beside `index.json`.
pub const RESULTS_FILE: &str = "results.bin";

/// The demo's results: the parameters they hold, and one report per file.
#[derive(Debug)]
pub struct Results {
    pub params: Params,
    pub reports: Vec<LoadReport>,
}

/// What a decode worker reports for each `(path, bytes)` at `params` (rows not kept: a threshold change
/// reads the file again). Paths the page would skip are left out.
pub fn compute(files: &[(String, Vec<u8>)], params: Params) -> Vec<LoadReport> {
    files
        .iter()
        .filter_map(|(path, bytes)| {
            let Plan::Load { hparam, file, .. } = classify(path) else {
                return None;
            };
            let outcome = job::load(file, &hparam, bytes, params, Rows::Dropped);
            Some(LoadReport {
                path: path.clone(),
                kind: file,
                outcome,
            })
        })
        .collect()
}

/// The results file's bytes.
pub fn to_bytes(params: Params, reports: Vec<LoadReport>) -> Vec<u8> {
    wire::to_bytes(&(params, reports))
}

/// Reads the results file.
pub fn read(bytes: &[u8]) -> Result<Results, WireError> {
    let (params, reports) = wire::from_bytes::<(Params, Vec<LoadReport>)>(bytes)?;
    Ok(Results { params, reports })
}

impl Results {
    /// The report of each of `paths` (in that order), when all are there and were computed at `params`;
    /// `None` sends the load to the workers.
    pub fn reports_for(&self, paths: &[&str], params: Params) -> Option<Vec<LoadReport>> {
        if self.params != params {
            return None;
        }
        paths
            .iter()
            .map(|p| self.reports.iter().find(|r| r.path == *p).cloned())
            .collect()
    }
}
