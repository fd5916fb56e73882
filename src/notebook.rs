//! The notebooks' constants, in one place: what `plot_S9A_B` and `plot_S9C` hard-code and every part of
//! infosweep (statistics, report, settings, figures, page, CLI) reads from here.
//!
//! Owns: file names, display names (`HPARAM_DISPLAY`), highlighted baselines (`highlight_indices`), the
//! information threshold (`INFO_THRESHOLD`), the neuron total (`N_NEURONS_L4`), the top-k of
//! `mean_info_top10`, the S9C layer index and the figure sizes (`FIG_WIDTH_MAX` x `FIG_HEIGHT_DEFAULT` times
//! each figure's factor). DOM-free and dependency-free, so the lowest layers may read it.

/// `information_sweep_max_convex.pkl`: `{value: {'post': (n_trials, n_neurons)}}`, Fig. S9A/B.
pub const INFO_FILE_NAME: &str = "information_sweep_max_convex.pkl";
/// `png_counts_sweep_layers_4.pkl`: `{value: {'pre'?: ..., 'post': (n_trials, n_layers)}}`, Fig. S9C.
pub const PNG_COUNTS_FILE_NAME: &str = "png_counts_sweep_layers_4.pkl";

/// `INFO_THRESHOLD = 2 / 3`: a neuron is informative when its information is `>=` this.
pub const INFO_THRESHOLD: f64 = 2.0 / 3.0;
/// `N_NEURONS_L4 = 4096`: the denominator of fractions and the x range of Fig. S9A (not the array width).
pub const N_NEURONS_L4: usize = 4096;
/// `mean_info[:10].mean()`: the CSV's `mean_info_top10` averages this many ranks of the mean curve.
pub const TOP_K: usize = 10;
/// `compute_count_stats(counts_arr, layer_idx=0)`: S9C reads this column of `(n_trials, n_layers)`.
pub const PNG_LAYER_IDX: usize = 0;

/// `FIG_WIDTH_MAX = 7.5` inches (the manuscript's text width).
pub const FIG_WIDTH_MAX_IN: f64 = 7.5;
/// `FIG_HEIGHT_DEFAULT = 2` inches.
pub const FIG_HEIGHT_DEFAULT_IN: f64 = 2.0;
/// Fig. S9A: `figsize = (FIG_WIDTH_MAX, FIG_HEIGHT_DEFAULT * 0.95)`.
pub const RANKED_SIZE_IN: (f64, f64) = (FIG_WIDTH_MAX_IN, FIG_HEIGHT_DEFAULT_IN * 0.95);
/// Fig. S9B: `figsize = (FIG_WIDTH_MAX, FIG_HEIGHT_DEFAULT * 1.1)`.
pub const COUNTS_SIZE_IN: (f64, f64) = (FIG_WIDTH_MAX_IN, FIG_HEIGHT_DEFAULT_IN * 1.1);
/// Fig. S9C: `figsize = (FIG_WIDTH_MAX, FIG_HEIGHT_DEFAULT)`.
pub const PNG_COUNTS_SIZE_IN: (f64, f64) = (FIG_WIDTH_MAX_IN, FIG_HEIGHT_DEFAULT_IN);

/// The hyperparameters the notebooks know, with their `HPARAM_DISPLAY` names (mathtext) and the index of
/// the baseline value that `highlight_indices` draws in C1 (index 2, e.g. `lrate = 0.04`).
const KNOWN: [(&str, &str, usize); 3] = [
    ("lrate", r"$\rho$", 2),
    ("I2E", r"$\lambda^{I \to E}$ [nS]", 2),
    ("delay_max", r"$d_{\max}$ [ms]", 2),
];

/// `get_hparam_display_name`: the notebook's display name, or the folder name as it is.
pub fn display_name(hparam: &str) -> String {
    KNOWN
        .iter()
        .find(|(h, _, _)| *h == hparam)
        .map_or_else(|| hparam.to_string(), |(_, d, _)| (*d).to_string())
}

/// `highlight_indices.get(hparam_name)`: index 2 for `lrate`, `I2E`, `delay_max`; none for other names.
pub fn highlight_index(hparam: &str) -> Option<usize> {
    KNOWN
        .iter()
        .find(|(h, _, _)| *h == hparam)
        .map(|(_, _, i)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_and_baselines_as_the_notebook_has_them() {
        assert_eq!(display_name("lrate"), r"$\rho$");
        assert_eq!(display_name("I2E"), r"$\lambda^{I \to E}$ [nS]");
        assert_eq!(display_name("delay_max"), r"$d_{\max}$ [ms]");
        assert_eq!(display_name("tau_m"), "tau_m");
        assert_eq!(highlight_index("lrate"), Some(2));
        assert_eq!(highlight_index("I2E"), Some(2));
        assert_eq!(highlight_index("delay_max"), Some(2));
        assert_eq!(highlight_index("Lrate"), None);
    }

    #[test]
    fn figure_sizes_are_the_notebooks_figsizes() {
        assert_eq!(RANKED_SIZE_IN, (7.5, 1.9));
        assert_eq!(COUNTS_SIZE_IN, (7.5, 2.2));
        assert_eq!(PNG_COUNTS_SIZE_IN, (7.5, 2.0));
        assert_eq!(INFO_THRESHOLD, 2.0 / 3.0);
    }
}
