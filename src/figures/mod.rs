//! Fig. S9A (ranked information curves), Fig. S9B (informative-neuron counts) and Fig. S9C (PNG counts),
//! each built as one [`Scene`] that every output renders: the page's canvas ([`canvas`]), SVG ([`svg`]),
//! PDF ([`pdf`]) and, natively, PNG (`png`).
//!
//! Owns: the [`Figure`] enum (size, file stem, title, drawing), [`FigureOptions`] (per-sweep display name and
//! highlight, neuron total, high contrast, background) and the figure-side data they draw from
//! ([`FigureData`]). Layout follows matplotlib's `tight_layout` with the notebook's rcParams, computed from
//! embedded DejaVu Sans metrics (see [`layout`], [`metrics`]), so every output shows the same layout.
//!
//! ```
//! use infosweep::figures::{Figure, FigureData, FigureOptions};
//! let data = FigureData::default(); // statistics from `crate::stats`
//! let svg = Figure::Ranked.svg(&data, &FigureOptions::default());
//! assert!(svg.starts_with("<?xml"));
//! ```

pub mod axes;
pub mod canvas;
#[cfg(target_arch = "wasm32")]
pub mod canvas_web;
pub mod counts;
pub mod font_tables;
pub mod fonts;
pub mod layout;
pub mod mathtext;
pub mod metrics;
#[rustfmt::skip]
pub mod metrics_table;
pub mod pdf;
#[cfg(not(target_arch = "wasm32"))]
pub mod png;
pub mod png_counts;
pub mod ranked;
pub mod scene;
pub mod simplify;
pub mod svg;
pub mod ticks;
pub mod wrap;

use crate::keymap::KeyMap;
use crate::notebook::{self, COUNTS_SIZE_IN, PNG_COUNTS_SIZE_IN, RANKED_SIZE_IN};
use crate::stats::{PngSweepStats, SweepStats};
use crate::sweep::HValue;
pub use fonts::Fonts;
pub use layout::PanelBox;
pub use scene::Scene;

/// Which value of a sweep is drawn highlighted (Fig. S9B's orange bar, Fig. S9C's orange point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Highlight {
    /// The notebook's `highlight_indices`: index 2 for lrate, I2E and delay_max, none otherwise.
    #[default]
    Notebook,
    /// No highlight.
    Off,
    /// This index (none when out of range).
    Index(usize),
}

/// A sweep's settings the page lets a user change.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelOptions {
    /// Axis/legend title in the notebook's mathtext subset (e.g. `$\rho$`); `None` = the notebook's name.
    pub display_name: Option<String>,
    pub highlight: Highlight,
}

/// The figure background in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    /// Figure and axes white, as the notebook saves them.
    #[default]
    White,
    /// No figure or axes fill (matplotlib's `savefig(transparent=True)`): legend frames stay.
    Transparent,
}

/// Settings for all three figures.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureOptions {
    /// Neuron total: x range of Fig. S9A and denominator of the % labels of Fig. S9B.
    pub n_neurons: usize,
    /// Per-sweep settings keyed by hparam (folder) name; missing = the notebook's defaults.
    pub panels: KeyMap<PanelOptions>,
    /// Data drawn in colors of at least 3:1 contrast against white and told apart by dashes and edges too,
    /// instead of the notebook's copper/orange (its lightest copper curves are 1.5:1 and 2.3:1).
    pub high_contrast: bool,
    pub background: Background,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            n_neurons: notebook::N_NEURONS_L4,
            panels: KeyMap::new(),
            high_contrast: false,
            background: Background::White,
        }
    }
}

impl FigureOptions {
    /// The display name of a sweep: the user's, else the notebook's (`get_hparam_display_name`).
    pub fn display_name(&self, hparam: &str) -> String {
        self.panels
            .get(hparam)
            .and_then(|p| p.display_name.clone())
            .unwrap_or_else(|| notebook::display_name(hparam))
    }

    /// The highlighted index of a sweep with `n_points` values: the user's choice, else the notebook's;
    /// out of range = none (as the notebook's `highlight_idx < len(...)` check).
    pub fn highlight(&self, hparam: &str, n_points: usize) -> Option<usize> {
        let h = self
            .panels
            .get(hparam)
            .map_or(Highlight::Notebook, |p| p.highlight);
        match h {
            Highlight::Notebook => notebook::highlight_index(hparam),
            Highlight::Off => None,
            Highlight::Index(k) => Some(k),
        }
        .filter(|&k| k < n_points)
    }
}

/// The statistics the figures draw: Fig. S9A/B from the information sweeps, Fig. S9C from the PNG-count
/// sweeps (which may be fewer, or other, sweeps).
#[derive(Debug, Clone, Copy, Default)]
pub struct FigureData<'a> {
    pub info: &'a [SweepStats],
    pub png: &'a [PngSweepStats],
}

/// One of the three figures of Fig. S9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// Fig. S9A: mean ranked information curves, one panel per sweep, one curve per value.
    Ranked,
    /// Fig. S9B: informative-neuron counts (mean ± SEM bars with % labels).
    Counts,
    /// Fig. S9C: PNG counts (mean ± SEM line with error bars).
    PngCounts,
}

impl Figure {
    /// All figures, in the supplement's order.
    pub const ALL: [Figure; 3] = [Figure::Ranked, Figure::Counts, Figure::PngCounts];

    /// The notebook's figure size in inches for one row of panels (many panels wrap into more rows and
    /// the figure grows in height: read the scene's size).
    pub fn size_in(self) -> (f64, f64) {
        match self {
            Figure::Ranked => RANKED_SIZE_IN,
            Figure::Counts => COUNTS_SIZE_IN,
            Figure::PngCounts => PNG_COUNTS_SIZE_IN,
        }
    }

    /// The notebook's output file name without extension.
    pub fn file_stem(self) -> &'static str {
        match self {
            Figure::Ranked => "fig_ranked_information_sweep",
            Figure::Counts => "fig_informative_counts_sweep",
            Figure::PngCounts => "fig_png_counts_sweep",
        }
    }

    /// A short caption.
    pub fn title(self) -> &'static str {
        match self {
            Figure::Ranked => "Fig. S9A · ranked information",
            Figure::Counts => "Fig. S9B · informative neurons",
            Figure::PngCounts => "Fig. S9C · PNG counts",
        }
    }

    /// What the figure shows, in one sentence (the start of its text alternative).
    pub fn description(self) -> &'static str {
        match self {
            Figure::Ranked => "Mean information of the neurons ranked by information (log axis), one panel per sweep, one curve per value.",
            Figure::Counts => "Informative neurons (information at or above the threshold) per value as bars with SEM and their percentage of all neurons, one panel per sweep.",
            Figure::PngCounts => "Polychronous neural group (PNG) counts per value, mean with SEM error bars, one panel per sweep.",
        }
    }

    /// The figure as a scene.
    pub fn scene(self, data: &FigureData, opts: &FigureOptions) -> Scene {
        match self {
            Figure::Ranked => ranked::scene(data.info, opts),
            Figure::Counts => counts::scene(data.info, opts),
            Figure::PngCounts => png_counts::scene(data.png, opts),
        }
    }

    /// The axes boxes (points, y down) of the figure's panels, in sweep order.
    pub fn layout(self, data: &FigureData, opts: &FigureOptions) -> Vec<PanelBox> {
        match self {
            Figure::Ranked => ranked::layout(data.info, opts),
            Figure::Counts => counts::layout(data.info, opts),
            Figure::PngCounts => png_counts::layout(data.png, opts),
        }
    }

    /// The figure as an SVG document (sizes in pt, editable text).
    pub fn svg(self, data: &FigureData, opts: &FigureOptions) -> String {
        svg::render(&self.scene(data, opts))
    }

    /// The figure as a vector PDF (page = figure size, DejaVu Sans embedded as subset TrueType).
    pub fn pdf(
        self,
        data: &FigureData,
        opts: &FigureOptions,
        fonts: &Fonts,
    ) -> Result<Vec<u8>, pdf::PdfError> {
        pdf::render(&self.scene(data, opts), fonts)
    }

    /// The figure as a PNG at `dpi` dots per inch, with a pHYs chunk saying so (native only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn png(
        self,
        data: &FigureData,
        opts: &FigureOptions,
        fonts: &Fonts,
        dpi: f64,
    ) -> Result<Vec<u8>, png::PngError> {
        png::render(&self.scene(data, opts), fonts, dpi)
    }
}

/// Python's `f"{v}"` of a value (`12`, `0.02`, `1e-05`, `12.0`, `inf`): [`HValue::label`].
pub fn value_label(v: &HValue) -> String {
    v.label()
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

    #[test]
    fn highlight_follows_the_notebook_unless_overridden() {
        let mut o = FigureOptions::default();
        assert_eq!(o.highlight("lrate", 5), Some(2));
        assert_eq!(o.highlight("lrate", 2), None);
        assert_eq!(o.highlight("tau", 5), None);
        o.panels.insert(
            "lrate".into(),
            PanelOptions {
                display_name: Some("LR".into()),
                highlight: Highlight::Off,
            },
        );
        o.panels.insert(
            "tau".into(),
            PanelOptions {
                display_name: None,
                highlight: Highlight::Index(0),
            },
        );
        assert_eq!(o.highlight("lrate", 5), None);
        assert_eq!(o.highlight("tau", 5), Some(0));
        assert_eq!(o.display_name("lrate"), "LR");
        assert_eq!(o.display_name("I2E"), r"$\lambda^{I \to E}$ [nS]");
    }

    #[test]
    fn figures_know_their_files_and_sizes() {
        let stems: Vec<&str> = Figure::ALL.iter().map(|f| f.file_stem()).collect();
        assert_eq!(
            stems,
            [
                "fig_ranked_information_sweep",
                "fig_informative_counts_sweep",
                "fig_png_counts_sweep"
            ]
        );
        let pts: Vec<(f64, f64)> = Figure::ALL
            .iter()
            .map(|f| (f.size_in().0 * 72.0, f.size_in().1 * 72.0))
            .collect();
        for (p, want) in pts
            .iter()
            .zip([(540.0, 136.8), (540.0, 158.4), (540.0, 144.0)])
        {
            assert!((p.0 - want.0).abs() < 1e-9 && (p.1 - want.1).abs() < 1e-9);
        }
    }
}
