//! Figure 1 (ranked information curves, Fig. S9A) and Figure 2 (informative-neuron counts, Fig. S9B),
//! each drawn by one function over plotters' [`DrawingBackend`], plus the project's own SVG backend.
//!
//! Owns: layout (matplotlib-like tight layout from embedded DejaVu Sans metrics), math labels, colors,
//! ticks, legends, and the SVG output. Canvas drawing lives in the page (`app`), over the same functions.

use crate::stats::SweepStats;
pub use plotters_backend::DrawingBackend;

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
        FigureOptions { n_neurons: 4096, panels: Vec::new() }
    }
}
