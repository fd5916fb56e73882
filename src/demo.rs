//! The demo's precomputed results: what the decode workers would send back for each file of the page's
//! demo folder at the default settings, so that the first open draws the demo without fetching the
//! decoder (the decode workers' wasm is fetched only when a folder or link is loaded, or a setting needs
//! the demo's rows again).
//!
//! Owns: the results file's name ([`RESULTS_FILE`], beside the demo's `index.json`), its contents (the
//! parameters they were computed at and one [`LoadReport`] per file, in `index.json` order, as [`wire`]
//! bytes), making them from the files' bytes ([`compute`], native; `tests/demo_results.rs` checks the
//! committed file against the fixtures and rewrites it with `INFOSWEEP_WRITE_DEMO=1`), and reading them
//! ([`read`]); and the demo's figures as the first open shows them ([`FigureSet`]: one PNG per figure
//! beside the results, [`figure_file`], rendered at [`FIGURE_DPI`] by the same test from
//! [`FigureSet::of`]'s data with [`figure_options`]), so the first open does not draw the demo.

use crate::figures::{Figure, FigureData, FigureOptions};
use crate::intake::{classify, Plan};
use crate::job;
use crate::settings::Settings;
use crate::stats::{Params, PngSweepStats, SweepStats};
use crate::wire::envelope::{LoadReport, Payload, Rows};
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

/// The image file of a figure of the demo, beside [`RESULTS_FILE`]: a PNG, which the browser decodes off
/// the main thread and paints as a bitmap (an SVG of the same figure costs the first open about as much
/// main-thread layout and paint as drawing it: its text and paths are laid out and rasterised there).
pub fn figure_file(kind: Figure) -> &'static str {
    match kind {
        Figure::Ranked => "figure-ranked.png",
        Figure::Counts => "figure-counts.png",
        Figure::PngCounts => "figure-png.png",
    }
}

/// The resolution of the demo's figure files: the "PNG 300 dpi" download's.
pub const FIGURE_DPI: f64 = 300.0;

/// The files' width in pixels (every figure is the notebook's 7.5 in wide, as [`figure_file_size`]
/// gives): the page draws instead where a figure is shown wider than this in device pixels, so the files
/// are never enlarged.
pub const FIGURE_FILE_PX: f64 = crate::notebook::FIG_WIDTH_MAX_IN * FIGURE_DPI;

/// A figure file's size in pixels, width and height: the notebook's figure size at [`FIGURE_DPI`] (the
/// demo's three sweeps fit one row of panels; `tests/demo_results.rs` checks the files). The page gives
/// its `<img>` these, so a card has its height before its file arrives and nothing moves when it does.
pub fn figure_file_size(kind: Figure) -> (u32, u32) {
    let (w, h) = kind.size_in();
    (
        (w * FIGURE_DPI).round() as u32,
        (h * FIGURE_DPI).round() as u32,
    )
}

/// The figure options the demo's SVGs are drawn with: the page's defaults.
pub fn figure_options() -> FigureOptions {
    Settings::default().figure_options()
}

/// The data the demo's figure files show: what the page's figures show after loading the demo from its
/// results at the default settings. The page shows the files instead of drawing while its figures'
/// data and options are exactly these ([`FigureSet::shows`]); any other data or option draws on canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureSet {
    pub info: Vec<SweepStats>,
    pub png: Vec<PngSweepStats>,
}

impl FigureSet {
    /// The statistics of the reports that loaded, each kind in the page's order (by name, bytewise).
    pub fn of(reports: &[LoadReport]) -> FigureSet {
        // Placed by binary search rather than sorted: a handful of sweeps, and no sort code in the page.
        fn place<T: Clone>(list: &mut Vec<T>, item: &T, name: impl Fn(&T) -> &str) {
            let at = list.partition_point(|x| name(x).as_bytes() <= name(item).as_bytes());
            list.insert(at, item.clone());
        }
        let mut info = Vec::new();
        let mut png = Vec::new();
        for r in reports {
            match &r.outcome {
                Ok(Payload::Information { stats, .. }) => {
                    place(&mut info, stats, |s: &SweepStats| &s.hparam)
                }
                Ok(Payload::PngCounts { stats }) => {
                    place(&mut png, stats, |s: &PngSweepStats| &s.hparam)
                }
                Err(_) => {}
            }
        }
        FigureSet { info, png }
    }

    /// The figures' data.
    pub fn data(&self) -> FigureData<'_> {
        FigureData {
            info: &self.info,
            png: &self.png,
        }
    }

    /// Whether figures of `data` drawn with `opts` are exactly the demo's files (NaN anywhere compares
    /// unequal: such data is drawn).
    pub fn shows(&self, data: &FigureData, opts: &FigureOptions) -> bool {
        *opts == figure_options()
            && data.info == self.info.as_slice()
            && data.png == self.png.as_slice()
    }
}
