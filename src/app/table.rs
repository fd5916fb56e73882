//! The summary tables as real `<table>`s: one `<tbody>` per sweep, one row per value, cells as the notebooks
//! print them: Fig. S9A/B (`report::summary_rows`: count m ± s, fraction %, max info; values with data) and
//! Fig. S9C (`report::png_summary_rows`: count `mean:.0f ± sem:.0f`, n_trials; `N/A` and 0 without data).
//! Each `<tbody>`'s rows are set as one piece of markup ([`crate::report::table_html`]).
//!
//! Test hooks: rows carry `data-hparam` and `data-value`; cells have the classes `count`, `fraction` and
//! `max-info` (`summary-table`), `png-count` and `n-trials` (`png-table`).

use super::download::{CsvDownload, PngCsvDownload};
use super::state::AppState;
use crate::report::table_html::{png_tbody, summary_tbody};
use crate::report::{png_summary_rows, summary_rows, SummaryRow};
use leptos::prelude::*;

/// One sweep's section: its name and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub hparam: String,
    pub rows: Vec<SummaryRow>,
}

/// The sections shown for the current statistics.
pub fn sections(state: AppState) -> Vec<Section> {
    state.stats.with(|stats| {
        stats
            .iter()
            .map(|s| Section {
                hparam: s.hparam.clone(),
                rows: summary_rows(s),
            })
            .collect()
    })
}

/// The table (with the CSV download in its caption).
#[component]
pub fn SummaryTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let threshold = move || state.settings.with(|s| format!("{:.3}", s.threshold));
    view! {
        <section class="summary-box" aria-label="Summary table">
        <div class="box-head">
            <span>"Informative neurons (≥ " {threshold} ")"</span>
            <CsvDownload />
        </div>
        <table class="summary" data-testid="summary-table">
            <thead>
                <tr>
                    <th scope="col">"value"</th>
                    <th scope="col" class="num">"count"</th>
                    <th scope="col" class="num">"fraction"</th>
                    <th scope="col" class="num">"max info"</th>
                </tr>
            </thead>
            // One innerHTML per sweep (see `report::table_html`): every load replaces all rows.
            {move || {
                sections(state)
                    .into_iter()
                    .map(|sec| view! { <tbody inner_html=summary_tbody(&sec.hparam, &sec.rows)></tbody> })
                    .collect_view()
            }}
        </table>
        </section>
    }
}

/// The Fig. S9C table (with its CSV download in the caption).
#[component]
pub fn PngTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <section class="summary-box" aria-label="PNG counts table">
        <div class="box-head">
            <span>"PNG counts (layer 0)"</span>
            <PngCsvDownload />
        </div>
        <table class="summary" data-testid="png-table">
            <thead>
                <tr>
                    <th scope="col">"value"</th>
                    <th scope="col" class="num">"count"</th>
                    <th scope="col" class="num">"n_trials"</th>
                </tr>
            </thead>
            {move || {
                state.png_stats.with(|png| {
                    png.iter()
                        .map(|s| view! { <tbody inner_html=png_tbody(&s.hparam, &png_summary_rows(s))></tbody> })
                        .collect_view()
                })
            }}
        </table>
        </section>
    }
}
