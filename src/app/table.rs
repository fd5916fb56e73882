//! The summary table as a real `<table>`: one `<tbody>` per sweep, one row per value with data, cells as the
//! notebook prints them (`report::summary_rows`: count m ± s, fraction %, max info).
//!
//! Test hooks: rows carry `data-hparam` and `data-value`; cells have the classes `count`, `fraction` and
//! `max-info`.

use super::download::CsvDownload;
use super::state::AppState;
use crate::report::{summary_rows, SummaryRow};
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
            {move || {
                sections(state)
                    .into_iter()
                    .map(|sec| {
                        let h = sec.hparam.clone();
                        view! {
                            <tbody>
                                <tr class="section">
                                    <th colspan="4" scope="rowgroup">{sec.hparam.clone()}</th>
                                </tr>
                                {sec
                                    .rows
                                    .into_iter()
                                    .map(|r| {
                                        let v = r.value.clone();
                                        view! {
                                            <tr data-hparam=h.clone() data-value=v>
                                                <td class="value">{r.value}</td>
                                                <td class="count num">{r.count}</td>
                                                <td class="fraction num">{r.fraction}</td>
                                                <td class="max-info num">{r.max_info}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        }
                    })
                    .collect_view()
            }}
        </table>
        </section>
    }
}
