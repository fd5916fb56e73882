//! Figure 1 (ranked information curves, Fig. S9A) and Figure 2 (informative-neuron counts, Fig. S9B),
//! each drawn by one function over plotters' [`DrawingBackend`], plus the project's own SVG backend.
//!
//! Owns: layout (matplotlib-like tight layout from embedded DejaVu Sans metrics), math labels, colors,
//! ticks, legends, and the SVG output. The canvas backend (`canvas`, wasm32 only) draws the same scenes.
//!
//! Coordinates handed to a backend are in a fine integer space: 1 unit = 1/100 pt ([`UNITS_PER_PT`]), so a
//! backend must report `get_size()` = figure size in points x 100 (see [`ranked_units`], [`counts_units`]).
//! Text goes to `draw_text` one styled run at a time, positioned from this module's own metrics, anchored at
//! the run's baseline origin (`anchor()` = left/bottom, "bottom" meaning the alphabetic baseline).

pub mod axes;
#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod counts;
pub mod layout;
pub mod mathtext;
pub mod metrics;
#[rustfmt::skip]
pub mod metrics_table;
pub mod ranked;
pub mod scene;
pub mod svg;
pub mod thin;

use crate::stats::SweepStats;
use crate::sweep::HValue;
pub use layout::PanelBox;
pub use plotters_backend::DrawingBackend;
use plotters_backend::DrawingErrorKind;
pub use scene::UNITS_PER_PT;
pub use svg::SvgBackend;

pub use crate::notebook::{COUNTS_SIZE_IN, RANKED_SIZE_IN};

/// Per-panel settings the page lets a user change.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelOptions {
    /// Axis/legend title in the notebook's mathtext subset (e.g. `$\rho$`); `None` = the notebook's name.
    pub display_name: Option<String>,
    /// Index of the bar drawn in C1 in Figure 2; `None` = the notebook's default for this hparam.
    pub highlight: Option<Option<usize>>,
}

/// Settings for both figures.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureOptions {
    /// Neuron total: x range of Figure 1 and denominator of the % labels of Figure 2.
    pub n_neurons: usize,
    /// One entry per sweep, in sweep order (missing entries mean defaults).
    pub panels: Vec<PanelOptions>,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            n_neurons: crate::notebook::N_NEURONS_L4,
            panels: Vec::new(),
        }
    }
}

pub use crate::notebook::{
    display_name as default_display_name, highlight_index as default_highlight,
};

/// The display name of panel `i` (user's, else the notebook's).
pub fn display_name(sweep: &SweepStats, i: usize, opts: &FigureOptions) -> String {
    opts.panels
        .get(i)
        .and_then(|p| p.display_name.clone())
        .unwrap_or_else(|| default_display_name(&sweep.hparam))
}

/// The highlighted bar of panel `i`: the user's choice, else the notebook's default; out of range = none.
pub fn highlight(sweep: &SweepStats, i: usize, opts: &FigureOptions) -> Option<usize> {
    let chosen = match opts.panels.get(i).and_then(|p| p.highlight) {
        Some(choice) => choice,
        None => default_highlight(&sweep.hparam),
    };
    chosen.filter(|&k| k < sweep.points.len())
}

/// Python's `f"{v}"` of a value (`12`, `0.02`, `1e-05`, `12.0`, `inf`): [`HValue::label`].
pub fn value_label(v: &HValue) -> String {
    v.label()
}

/// Backend size (units) a backend must report for Figure 1.
pub fn ranked_units() -> (u32, u32) {
    (
        (RANKED_SIZE_IN.0 * 72.0 * UNITS_PER_PT).round() as u32,
        (RANKED_SIZE_IN.1 * 72.0 * UNITS_PER_PT).round() as u32,
    )
}

/// Backend size (units) a backend must report for Figure 2.
pub fn counts_units() -> (u32, u32) {
    (
        (COUNTS_SIZE_IN.0 * 72.0 * UNITS_PER_PT).round() as u32,
        (COUNTS_SIZE_IN.1 * 72.0 * UNITS_PER_PT).round() as u32,
    )
}

/// The axes boxes (points) of Figure 1 for these sweeps.
pub fn ranked_layout(sweeps: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    ranked::layout(sweeps, opts)
}

/// The axes boxes (points) of Figure 2 for these sweeps (all share the y limit).
pub fn counts_layout(sweeps: &[SweepStats], opts: &FigureOptions) -> Vec<PanelBox> {
    counts::layout(sweeps, opts)
}

/// Draws Figure 1 onto `db` (which must use 1/100-pt units, see the module doc).
pub fn draw_ranked<DB: DrawingBackend>(
    db: &mut DB,
    sweeps: &[SweepStats],
    opts: &FigureOptions,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    scene::paint(db, &ranked::scene(sweeps, opts))
}

/// Draws Figure 2 onto `db` (which must use 1/100-pt units, see the module doc).
pub fn draw_counts<DB: DrawingBackend>(
    db: &mut DB,
    sweeps: &[SweepStats],
    opts: &FigureOptions,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    scene::paint(db, &counts::scene(sweeps, opts))
}

/// Figure 1 as an SVG document (7.5 x 1.9 in, sizes in pt, editable text).
pub fn ranked_svg(sweeps: &[SweepStats], opts: &FigureOptions) -> String {
    svg::render(&ranked::scene(sweeps, opts))
}

/// Figure 2 as an SVG document (7.5 x 2.2 in, sizes in pt, editable text).
pub fn counts_svg(sweeps: &[SweepStats], opts: &FigureOptions) -> String {
    svg::render(&counts::scene(sweeps, opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_labels() {
        let f = |v| value_label(&HValue::Float(v));
        assert_eq!(f(0.02), "0.02");
        assert_eq!(f(12.0), "12.0");
        assert_eq!(f(1e-5), "1e-05");
        assert_eq!(f(1.5e20), "1.5e+20");
        assert_eq!(f(0.0001), "0.0001");
        assert_eq!(f(f64::NAN), "nan");
        assert_eq!(value_label(&HValue::Int(28)), "28");
    }
}
