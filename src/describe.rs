//! The figures' text alternatives for the page (a canvas with `role=img` is read by its label), free of
//! the DOM so they are tested natively.
//!
//! Owns: [`describe`] (what a figure shows, sweep by sweep, with display names read as text rather than
//! mathtext source) and [`empty_reason`] (why a figure shows nothing while another one has data). Numbers
//! are formatted as the notebooks print them: Fig. S9C counts through [`crate::report::png_summary_rows`]
//! (`mean:.0f ± sem:.0f`), Fig. S9B counts to one decimal, top-10 means to three.

use crate::figures::mathtext::readable;
use crate::figures::{Figure, FigureData, FigureOptions};
use crate::notebook::{INFO_FILE_NAME, PNG_COUNTS_FILE_NAME};
use crate::report::png_summary_rows;

/// The page's caption number of a figure (Figure 1, 2, 3 = Fig. S9A, S9B, S9C).
pub fn figure_number(kind: Figure) -> u8 {
    match kind {
        Figure::Ranked => 1,
        Figure::Counts => 2,
        Figure::PngCounts => 3,
    }
}

/// Whether a figure has anything to draw: Fig. S9A/B draw the information sweeps, Fig. S9C the
/// PNG-count sweeps.
pub fn has_data(kind: Figure, data: &FigureData) -> bool {
    match kind {
        Figure::Ranked | Figure::Counts => !data.info.is_empty(),
        Figure::PngCounts => !data.png.is_empty(),
    }
}

/// Why `kind` is empty while the other kind of sweep file was loaded (`None` when it has data, or when
/// nothing at all is loaded: the page says that once for all figures).
pub fn empty_reason(kind: Figure, data: &FigureData) -> Option<String> {
    if has_data(kind, data) || (data.info.is_empty() && data.png.is_empty()) {
        return None;
    }
    Some(match kind {
        Figure::Ranked | Figure::Counts => format!(
            "No {INFO_FILE_NAME} among the loaded files: Figures 1 and 2 are drawn from \
             <hparam>/{INFO_FILE_NAME}."
        ),
        Figure::PngCounts => format!(
            "No {PNG_COUNTS_FILE_NAME} in the loaded folders: Figure 3 (PNG counts) is drawn from \
             <hparam>/{PNG_COUNTS_FILE_NAME}."
        ),
    })
}

/// The text alternative of a figure: what it shows, then each sweep with its values and numbers.
pub fn describe(kind: Figure, data: &FigureData, opts: &FigureOptions, threshold: f64) -> String {
    let n = figure_number(kind);
    let what = match kind {
        Figure::Ranked => format!(
            "Figure {n}, ranked information curves: mean information of neurons ranked 1 to {} (log axis), \
             one panel per sweep, one curve per value.",
            opts.n_neurons
        ),
        Figure::Counts => format!(
            "Figure {n}, informative neurons (information at least {threshold:.3}) per value, bars with \
             SEM, one panel per sweep."
        ),
        Figure::PngCounts => format!(
            "Figure {n}, PNG counts: polychronous neural groups per value (layer 0), mean with SEM error \
             bars, one panel per sweep."
        ),
    };
    if !has_data(kind, data) {
        return format!("{what} No sweeps loaded.");
    }
    let name = |hparam: &str| readable(&opts.display_name(hparam));
    let panels: Vec<String> = match kind {
        Figure::Ranked | Figure::Counts => data
            .info
            .iter()
            .map(|s| {
                let values: Vec<String> = s
                    .points
                    .iter()
                    .map(|p| {
                        let v = p.value.label();
                        match (&p.stats, kind) {
                            (None, _) => format!("{v}: no data"),
                            (Some(st), Figure::Counts) => {
                                format!("{v}: {:.1} neurons", st.count_mean)
                            }
                            (Some(st), _) => format!("{v}: top-10 mean {:.3}", st.mean_info_top_k),
                        }
                    })
                    .collect();
                format!("{} ({}): {}", s.hparam, name(&s.hparam), values.join(", "))
            })
            .collect(),
        Figure::PngCounts => data
            .png
            .iter()
            .map(|s| {
                let values: Vec<String> = png_summary_rows(s)
                    .into_iter()
                    .map(|r| match r.n_trials {
                        0 => format!("{}: no data", r.value),
                        n => format!("{}: {} PNGs ({n} trials)", r.value, r.count),
                    })
                    .collect();
                format!("{} ({}): {}", s.hparam, name(&s.hparam), values.join(", "))
            })
            .collect(),
    };
    format!("{what} {}", panels.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{PngCountStats, PngPointSummary, PngSweepStats, SweepStats};
    use crate::sweep::HValue;

    fn png() -> Vec<PngSweepStats> {
        vec![PngSweepStats {
            hparam: "I2E".into(),
            points: vec![
                PngPointSummary {
                    value: HValue::Int(12),
                    stats: Some(PngCountStats {
                        mean: 3340.6666666666665,
                        sem: 632.8779649494195,
                        n_trials: 3,
                        float32: false,
                    }),
                },
                PngPointSummary {
                    value: HValue::Int(16),
                    stats: None,
                },
            ],
        }]
    }

    #[test]
    fn png_counts_are_read_as_the_notebook_prints_them_with_readable_names() {
        let png = png();
        let data = FigureData {
            info: &[],
            png: &png,
        };
        let d = describe(
            Figure::PngCounts,
            &data,
            &FigureOptions::default(),
            2.0 / 3.0,
        );
        assert!(d.starts_with("Figure 3, PNG counts"), "{d}");
        assert!(
            d.ends_with("I2E (λ^(I → E) [nS]): 12: 3341 ± 633 PNGs (3 trials), 16: no data"),
            "{d}"
        );
        assert!(!d.contains('$') && !d.contains('\\'), "{d}");
    }

    #[test]
    fn an_empty_figure_says_why_when_the_other_file_was_loaded() {
        let png = png();
        let info = vec![SweepStats {
            hparam: "lrate".into(),
            points: vec![],
        }];
        let only_png = FigureData {
            info: &[],
            png: &png,
        };
        let only_info = FigureData {
            info: &info,
            png: &[],
        };
        let r = empty_reason(Figure::Ranked, &only_png).unwrap();
        assert!(r.contains(INFO_FILE_NAME), "{r}");
        assert_eq!(empty_reason(Figure::PngCounts, &only_png), None);
        let r = empty_reason(Figure::PngCounts, &only_info).unwrap();
        assert!(r.contains(PNG_COUNTS_FILE_NAME), "{r}");
        assert_eq!(empty_reason(Figure::Counts, &only_info), None);
        // Nothing loaded: the page says so once, not per figure.
        assert_eq!(empty_reason(Figure::Ranked, &FigureData::default()), None);
        let d = describe(
            Figure::Counts,
            &only_png,
            &FigureOptions::default(),
            2.0 / 3.0,
        );
        assert!(d.ends_with("No sweeps loaded."), "{d}");
        assert!(d.contains("at least 0.667"), "{d}");
    }
}
