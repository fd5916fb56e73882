//! The browser page (wasm32 only): a thin Leptos CSR layer over the DOM-free core.
//!
//! Owns: mounting ([`start`]), the page layout ([`App`]), the URL-hash round trip of the settings, the first
//! load (`#data=<folder>` when present, the page's default data otherwise) and the theme toggle. The parts live in:
//! [`state`] (signals), [`load`] (files → sweeps), [`input`] (drop zone, pickers), [`figures_view`]
//! (canvases), [`table`] (summary tables), [`settings_view`] (controls), [`download`] (SVG/PDF/PNG/CSV),
//! [`draw_client`] (the draw module that draws the figures),
//! [`export_client`] (the export worker that writes PDFs), [`status`] (progress, errors, skipped files),
//! [`share_view`] (copy link, report, site bundle), [`bundle`] (what a site bundle or report declares:
//! default data, settings, provenance), [`derive`](mod@derive) (statistics at the current settings); decoding runs in
//! [`worker`]s started by [`pool`], which read files with [`read`].

pub mod bundle;
pub mod derive;
pub mod download;
pub mod draw_client;
pub mod export_client;
pub mod figures_view;
pub mod input;
pub mod load;
pub mod pool;
pub mod read;
pub mod settings_view;
pub mod share_view;
pub mod state;
pub mod status;
pub mod table;
pub mod worker;

use crate::settings::Settings;
use input::{load_demo, Inputs};
use leptos::prelude::*;
use state::{AppState, Origin};
use wasm_bindgen::prelude::*;

/// Entry point of the `infosweep-web` binary: mounts [`App`] into `<body>`. In a decode worker (the same
/// module, booted by `worker.js`) there is no window and nothing is mounted: `worker.js` calls
/// [`worker::worker_main`] instead.
pub fn start() {
    // The release build aborts on a panic without running a hook (scripts/trunk: -Cpanic=immediate-abort), so
    // the hook would only be dead code there; other builds (dev, tests) keep the panic's message.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    if web_sys::window().is_none() {
        return;
    }
    leptos::mount::mount_to_body(|| view! { <App /> });
}

/// The current `location.hash` (with its `#`, or empty).
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Writes the settings into the URL hash without adding a history entry (no `hashchange` fires).
pub fn write_hash(s: &Settings) {
    let Some(w) = web_sys::window() else { return };
    let h = s.to_hash();
    let want = if h.is_empty() {
        String::new()
    } else {
        format!("#{h}")
    };
    if location_hash() == want {
        return;
    }
    let loc = w.location();
    let url = format!(
        "{}{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default(),
        want
    );
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Keeps the hash equal to the settings, and follows hash edits (back/forward, a pasted link).
fn sync_hash(state: AppState) {
    Effect::new(move |_| state.settings.with(write_hash));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let new = Settings::from_hash(&location_hash());
        let Some(old) = state.settings.try_get_untracked() else {
            return;
        };
        if new == old {
            return;
        }
        let data_changed = new.data != old.data;
        state::mark_loading();
        state.settings.set(new.clone());
        state.external.update(|n| *n += 1);
        if data_changed {
            // The view follows the link: the old link's sweeps go (local files stay).
            state
                .sweeps
                .update(|l| l.retain(|s| s.origin != Origin::Link));
            match new.data {
                Some(d) => load::start_link(state, d, Origin::Link),
                None => load_demo(state),
            }
        }
    });
    on_cleanup(move || handle.remove());
}

/// Sets `<html data-theme>`.
fn set_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Light, dark, or the system's choice (`prefers-color-scheme`, the default). The click sets the
/// attribute itself (no effect that follows the signal: page wasm -112 B gzip).
#[component]
fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(String::from("auto"));
    set_theme("auto");
    let next = move |_| {
        theme.update(|t| {
            *t = match t.as_str() {
                "auto" => "light",
                "light" => "dark",
                _ => "auto",
            }
            .into()
        });
        theme.with_untracked(|t| set_theme(t));
    };
    view! {
        <button type="button" class="btn theme" on:click=next title="Theme: system, light or dark">
            {move || format!("Theme: {}", theme.get())}
        </button>
    }
}

/// The settings of a link: its hash, or when it has none those a site bundle or report declares.
fn link_settings() -> Settings {
    let hash = location_hash();
    match bundle::declared_settings() {
        Some(declared) if hash.trim_start_matches('#').is_empty() => Settings::from_hash(&declared),
        _ => Settings::from_hash(&hash),
    }
}

/// The page. `autoload` = load `#data=` or the demo at once (tests mount it without).
#[component]
pub fn App(
    #[prop(default = true)] autoload: bool,
    /// The state to use (tests pass their own to feed sweeps in); a new one from the hash otherwise.
    #[prop(optional)]
    state: Option<AppState>,
) -> impl IntoView {
    let settings = link_settings();
    let state = state.unwrap_or_else(|| AppState::new(settings.clone()));
    provide_context(state);
    state.derive_stats();
    sync_hash(state);
    if autoload {
        match settings.data {
            Some(d) => load::start_link(state, d, Origin::Link),
            None => load_demo(state),
        }
    } else {
        state::set_body("state", "ready");
    }
    view! {
        <header class="top">
            <h1>"infosweep"</h1>
            <Inputs />
            <ThemeToggle />
        </header>
        <main class="layout">
            <figures_view::Figures />
            <aside class="side">
                <share_view::ShareBox />
                <status::Status />
                <settings_view::SettingsPanel />
                <table::SummaryTable />
                <table::PngTable />
            </aside>
        </main>
    }
}
