//! What the last load did: a `<progress>` (bytes read of the total) while it runs, what a threshold change is
//! waiting for (counts from kept rows, or files read again), then each bad file with
//! the reason (a list inside a `role=alert` region, `data-testid=errors`), what was renamed or replaced and
//! the demo's Undo (a `role=status` region, `data-testid=notices`), and each file left alone on purpose
//! with the reason.

use super::state::{AppState, Origin};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// "the demo" → "The demo". The page's own fixed names are ASCII, so `char::to_uppercase` (which links
/// core's Unicode case tables, 13.8 KB of the page's wasm) is not needed.
fn capitalized(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

fn mb(b: f64) -> String {
    format!("{:.1} MB", b / 1e6)
}

/// A paragraph of text that the page shows and hides: its `class`, and an ARIA `role` and a `data-testid`
/// (each left out when `None`). Every such paragraph is made here, so that they are one type and the
/// page's wasm holds one copy of the code that shows, updates and hides them (page wasm -820 B gzip).
pub fn paragraph(
    class: &'static str,
    role: Option<&'static str>,
    testid: Option<String>,
    text: String,
) -> impl IntoView {
    view! { <p class=class role=role data-testid=testid>{text}</p> }
}

/// A paragraph saying what happened, with a button (`label`) that takes it back (`action`). Undo and
/// Restore are both made here, so that they are one view type with one copy of its render code (page
/// wasm -444 B gzip).
pub fn take_back(
    class: &'static str,
    text: String,
    testid: &'static str,
    label: &'static str,
    state: AppState,
    action: fn(AppState),
) -> impl IntoView {
    view! {
        <p class=class>
            {text}
            <button type="button" class="btn small" data-testid=testid on:click=move |_| action(state)>
                {label}
            </button>
        </p>
    }
}

/// Focuses the first element matching `selector` once the page has re-rendered.
pub fn focus_soon(selector: &'static str) {
    request_animation_frame(move || {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

/// Progress, errors, notices and skipped files.
#[component]
pub fn Status() -> impl IntoView {
    let state = expect_context::<AppState>();
    let undo_view = move || {
        let n = state.undo.with(|u| {
            u.as_ref().map(
                |u| match u.sweeps.iter().filter(|l| l.origin != Origin::Demo).count() {
                    0 => u.png.len(),
                    n => n,
                },
            )
        })?;
        (state.loads.get() == 0).then(|| {
            let what = if n == 1 {
                "your sweep".to_string()
            } else {
                format!("your {n} sweeps")
            };
            let text = format!(
                "{} replaced {what}. ",
                capitalized(super::bundle::default_data().name())
            );
            take_back("undo", text, "undo", "Undo", state, |state| {
                state.undo_demo();
                focus_soon("button.remove");
            })
        })
    };
    let recount = move || {
        let ids = state.recounting.get();
        (!ids.is_empty()).then(|| {
            let again = ids.iter().filter(|&&id| !super::pool::is_kept(id)).count();
            let text = if again == 0 {
                "Counting at the new threshold…".to_string()
            } else {
                format!(
                    "Counting at the new threshold: reading {again} file(s) again (too big to keep their rows)…"
                )
            };
            paragraph("recount", None, Some("recount".into()), text)
        })
    };
    view! {
        <div class="status">
            {recount}
            {move || {
                state.progress.get().map(|p| {
                    let (v, max) = if p.bytes_total > 0.0 { (p.bytes_done, p.bytes_total) } else { (p.files_done as f64, p.files_total.max(1) as f64) };
                    view! {
                        <div class="progress">
                            <progress value=v.min(max) max=max aria-label="Loading files"></progress>
                            <span>{format!("{} / {} files, {} / {}", p.files_done, p.files_total, mb(p.bytes_done), mb(p.bytes_total))}</span>
                        </div>
                    }
                })
            }}
            <div class="errors" data-testid="errors" role="alert">
                {move || {
                    let errors = state.news.with(|n| n.errors.clone());
                    (!errors.is_empty()).then(|| {
                        view! {
                            <ul>
                                {errors.into_iter().map(|e| view! { <li><strong>{e.path}</strong>": " {e.message}</li> }).collect_view()}
                            </ul>
                        }
                    })
                }}
            </div>
            <div class="notices" data-testid="notices" role="status">
                {undo_view}
                {move || {
                    let notices = state.news.with(|n| n.notices.clone());
                    (!notices.is_empty()).then(|| {
                        view! { <ul>{notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> }
                    })
                }}
            </div>
            {move || {
                let skipped = state.news.with(|n| n.skipped.clone());
                (!skipped.is_empty()).then(|| {
                    view! {
                        <details class="skipped">
                            <summary>{format!("{} file(s) skipped", skipped.len())}</summary>
                            <ul>
                                {skipped.into_iter().map(|s| view! { <li><code>{s.path}</code>" — " {s.message}</li> }).collect_view()}
                            </ul>
                        </details>
                    }
                })
            }}
        </div>
    }
}
