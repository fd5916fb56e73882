//! What the last load did: a `<progress>` (files and bytes done) while it runs, then each bad file with
//! the reason (`data-testid=errors`) and each file left alone on purpose with the reason.

use super::state::AppState;
use leptos::prelude::*;

fn mb(b: f64) -> String {
    format!("{:.1} MB", b / 1e6)
}

/// Progress, errors and skipped files.
#[component]
pub fn Status() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="status" aria-live="polite">
            {move || {
                state.progress.get().map(|p| {
                    let (v, max) = if p.bytes_total > 0.0 { (p.bytes_done, p.bytes_total) } else { (p.files_done as f64, p.files_total.max(1) as f64) };
                    view! {
                        <div class="progress">
                            <progress value=v.min(max) max=max></progress>
                            <span>{format!("{} / {} files, {} / {}", p.files_done, p.files_total, mb(p.bytes_done), mb(p.bytes_total))}</span>
                        </div>
                    }
                })
            }}
            <ul class="errors" data-testid="errors" role="alert">
                {move || {
                    state
                        .errors
                        .get()
                        .into_iter()
                        .map(|e| view! { <li><strong>{e.path}</strong>": " {e.message}</li> })
                        .collect_view()
                }}
            </ul>
            {move || {
                let skipped = state.skipped.get();
                (!skipped.is_empty()).then(|| {
                    view! {
                        <details class="skipped">
                            <summary>{format!("{} file(s) skipped", skipped.len())}</summary>
                            <ul>
                                {skipped.into_iter().map(|s| view! { <li><code>{s.path}</code>" — " {s.reason}</li> }).collect_view()}
                            </ul>
                        </details>
                    }
                })
            }}
        </div>
    }
}
