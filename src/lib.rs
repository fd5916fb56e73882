//! infosweep: turns the result pickles of a spiking-network hyperparameter sweep into the figures,
//! summary tables and CSVs of the paper's supplement (Fig. S9A/B/C).
//!
//! The core is free of the DOM so that it compiles and is tested natively:
//! - [`pickle`]: an allow-list decoder for Python pickles holding numpy arrays (protocols 0-5);
//! - [`sweep`]: decoded values to typed hyperparameter sweeps, ordered like the notebook;
//! - [`stats`]: the notebook's statistics, exactly;
//! - [`report`]: the CSV `robustness_summary_statistics.csv` and the printed summary table;
//! - [`notebook`]: the notebooks' constants (file names, display names, baselines, 2/3, 4096, sizes);
//! - [`figures`]: Fig. S9A/B/C, each one scene rendered to canvas, SVG, PDF and (natively) PNG;
//! - [`share`]: the site bundle (page + `data/`, any path prefix) and the standalone report (one HTML file
//!   that works from `file://`), their zip and HTML;
//! - [`settings`], [`intake`], [`datacheck`], [`describe`]: the page's logic (URL-hash settings and their
//!   validation, which file becomes which sweep under which name, warnings about the loaded data, the
//!   figures' text alternatives);
//! - [`wire`]: the statistics, figure options and workers' messages as compact bytes (what crosses a
//!   worker boundary);
//! - [`export`]: the export worker's jobs (PDF) and messages, run in a second wasm binary.
//! - [`keymap`]: the small sorted maps and sets keyed by a sweep's name that the settings and figure
//!   options hold;
//! - [`job`]: what a decode worker computes from one file's bytes (statistics, facts, counts);
//! - [`demo`]: the demo's precomputed results (the first open draws them without the decoder);
//! - [`warmup`]: small synthetic sweep files a decode worker runs through its decoder while idle, so that
//!   V8 has optimised that code before the user's first load;
//! - `decimal`: the page's exact decimal-to-`f64` parser (core's costs 14 KB gzip of the page's wasm).
//!
//! The browser page (`app`, wasm32 only) is a thin Leptos layer over these; `draw` (wasm32 only) is the
//! draw module's side, the third wasm binary that draws the figures for the page.

pub mod datacheck;
mod decimal;
pub mod demo;
pub mod describe;
pub mod export;
pub mod figures;
pub mod intake;
pub mod job;
pub mod keymap;
pub mod notebook;
pub mod pickle;
pub mod pyfmt;
pub mod report;
pub mod settings;
pub mod share;
pub mod stats;
pub mod sweep;
pub mod warmup;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod draw;
