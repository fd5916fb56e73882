//! The Share box: three ways to show this view to a reviewer. **Copy link** copies the page's address with
//! the settings (and `#data=` when the data came from a link); sweeps from the user's own files cannot
//! travel in a link, and the box says so and points to the two other ways. **Report** downloads
//! `infosweep-report.html`, one file holding the page, its wasm and the loaded pickles, that opens from
//! disk with no network. **Site** downloads `infosweep-site.zip`, the page's files plus the pickles under
//! `data/`, which opens that data with these settings from any folder of a static host. Both are made by
//! the export worker (the zip and report code is not in the page's wasm) from the page's own files and the
//! loaded pickles' original bytes. The box also says which infosweep made the bundle or report shown.
//!
//! Owns: the box, the copy-link message, and gathering what a report or site is made of.

use super::bundle;
use super::load::js_msg;
use super::state::{AppState, Origin};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the copy-link button says once the link is on the clipboard (or could not be put there).
fn link_message(copied: Result<(), String>, href: &str, local: &[String]) -> String {
    let mut m = match copied {
        Ok(()) => "Link copied.".to_string(),
        Err(e) => format!("Could not copy the link ({e}); here it is: {href}"),
    };
    if href.starts_with("file:") {
        m.push_str(
            " This page is a file on this computer, so the link opens only here: send the file itself, or \
             publish the site bundle.",
        );
    } else if !local.is_empty() {
        m.push_str(&format!(
            " It carries the settings, but not {} from your own files ({}): a link opens only data \
             published on the web. Send the report (one HTML file that opens without a network), or publish \
             the site bundle.",
            if local.len() == 1 { "the sweep" } else { "the sweeps" },
            local.join(", ")
        ));
    }
    m
}

/// `navigator.clipboard.writeText(text)`.
async fn write_text(text: &str) -> Result<(), String> {
    let nav = Reflect::get(&js_sys::global(), &"navigator".into()).map_err(|e| js_msg(&e))?;
    let clip = Reflect::get(&nav, &"clipboard".into()).map_err(|e| js_msg(&e))?;
    let write: Function = Reflect::get(&clip, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or("this browser has no clipboard here")?;
    let p: Promise = write
        .call1(&clip, &JsValue::from_str(text))
        .map_err(|e| js_msg(&e))?
        .dyn_into()
        .map_err(|_| "no promise".to_string())?;
    JsFuture::from(p).await.map(|_| ()).map_err(|e| js_msg(&e))
}

/// The Share box.
#[component]
pub fn ShareBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let message = RwSignal::new(String::new());
    let copy = move |_| {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        let local: Vec<String> = state.sweeps.with_untracked(|l| {
            l.iter()
                .filter(|s| matches!(s.origin, Origin::Folder | Origin::Loose))
                .map(|s| s.hparam.clone())
                .collect()
        });
        message.set(String::new());
        spawn_local(async move {
            let copied = write_text(&href).await;
            message.try_set(link_message(copied, &href, &local));
        });
    };
    let made = bundle::made().map(|m| {
        let what = if bundle::is_report() {
            "This report was made"
        } else {
            "This data was shared"
        };
        view! { <p class="made" data-testid="made">{format!("{what} by {m}.")}</p> }
    });
    view! {
        <section class="share-box" aria-labelledby="share-head">
            <div class="box-head"><span id="share-head">"Share"</span></div>
            <div class="share-body">
                <div class="share-row">
                    <button type="button" class="btn small" data-testid="copy-link" on:click=copy>"Copy link"</button>
                </div>
                <p class="share-msg" role="status" data-testid="share-status">{move || message.get()}</p>
                {made}
            </div>
        </section>
    }
}
