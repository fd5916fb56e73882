//! Fig. S9C (plot_S9C): PNG counts per value. (Being written.)

use super::layout::PanelBox;
use super::scene::Scene;
use super::{axes, FigureOptions};
use crate::notebook::PNG_COUNTS_SIZE_IN;
use crate::stats::PngSweepStats;

/// The axes boxes of Fig. S9C.
pub fn layout(_sweeps: &[PngSweepStats], _opts: &FigureOptions) -> Vec<PanelBox> {
    Vec::new()
}

/// Builds Fig. S9C.
pub fn scene(_sweeps: &[PngSweepStats], opts: &FigureOptions) -> Scene {
    let mut sc = Scene::new(PNG_COUNTS_SIZE_IN.0 * 72.0, PNG_COUNTS_SIZE_IN.1 * 72.0);
    axes::figure_background(&mut sc, opts.background);
    sc
}
