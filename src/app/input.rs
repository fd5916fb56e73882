//! The header's inputs: the drop zone, the folder and file pickers (real, focusable `<input type=file>`
//! elements styled as buttons, so Tab + Enter/Space opens them), and the demo button.
//!
//! Owns: turning a drop or a pick into a load ([`super::load`]); the drop handler takes every entry
//! synchronously before the first await. The pickers are named by their visible text ("Choose folder…").

use super::bundle::{self, DefaultData, DEMO_FOLDER};
use super::load::{self, Candidate};
use super::pool;
use super::state::{now, AppState, Origin};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Event, HtmlInputElement};

/// Starts loading the page's default data: a report's inline pickles, a site bundle's `data/`, else the
/// demo folder. Either way it plays the demo's part (shown alone, replaced by the first user data).
pub fn load_demo(state: AppState) {
    match bundle::default_data() {
        DefaultData::Demo => load::start_link(state, DEMO_FOLDER.into(), Origin::Demo),
        DefaultData::Folder(folder) => load::start_link(state, folder, Origin::Demo),
        DefaultData::Files(files) => load::start_files(state, files, Origin::Demo, now()),
    }
}

fn picked(state: AppState, ev: Event) {
    let t0 = now();
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
    else {
        return;
    };
    let files: Vec<Candidate> = input
        .files()
        .map(|f| load::from_file_list(&f))
        .unwrap_or_default();
    // Picking the same files again must fire `change` again.
    input.set_value("");
    if files.is_empty() {
        return;
    }
    load::start_files(state, files, Origin::Folder, t0);
}

fn dropped(state: AppState, ev: DragEvent) {
    ev.prevent_default();
    let t0 = now();
    let Some(dt) = ev.data_transfer() else { return };
    // Every entry now: the DataTransfer is emptied once this handler returns.
    match load::take_entries(&dt) {
        Ok(entries) => load::start_drop(state, entries, t0),
        Err(files) => load::start_files(state, files, Origin::Folder, t0),
    }
}

/// A drop anywhere on the page loads too (instead of the browser opening the file). Dragging over the page
/// starts a decode worker ahead of the drop ([`pool::warm`]).
fn page_wide_drop(state: AppState) {
    let over = window_event_listener(leptos::ev::dragover, |ev: DragEvent| {
        ev.prevent_default();
        pool::warm();
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev: DragEvent| {
        if state.sweeps.try_with_untracked(|_| ()).is_some() {
            dropped(state, ev);
        } else {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}

/// The demo button ("Shared data" in a bundle or report): loads the default data in full (removed sweeps
/// come back); user data it replaces can be put back with the Undo that [`super::status::Status`] offers.
fn demo(state: AppState) {
    state.keep_for_undo();
    state.settings.update(|s| {
        s.data = None;
        s.removed.clear();
    });
    load_demo(state);
}

/// The drop zone with both pickers and the demo button.
#[component]
pub fn Inputs() -> impl IntoView {
    let state = expect_context::<AppState>();
    page_wide_drop(state);
    let over = RwSignal::new(false);
    view! {
        <div
            class="dropzone"
            class:over=move || over.get()
            data-testid="dropzone"
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                if let Some(dt) = ev.data_transfer() {
                    dt.set_drop_effect("copy");
                }
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: DragEvent| {
                over.set(false);
                // The window's listener would load it a second time.
                ev.stop_propagation();
                dropped(state, ev);
            }
        >
            <span class="drop-hint">"Drop a results folder, several folders or " <code>".pkl"</code> " files here, or"</span>
            <label class="btn">
                <input
                    type="file"
                    class="vh"
                    data-testid="folder-input"
                    prop:webkitdirectory=true
                    multiple
                    on:click=move |_| pool::warm()
                    on:change=move |ev| picked(state, ev)
                />
                "Choose folder…"
            </label>
            <label class="btn">
                <input
                    type="file"
                    class="vh"
                    data-testid="file-input"
                    accept=".pkl"
                    multiple
                    on:click=move |_| pool::warm()
                    on:change=move |ev| picked(state, ev)
                />
                "Choose files…"
            </label>
            <button type="button" class="btn" data-testid="demo" on:click=move |_| demo(state)>
                {match bundle::default_data() {
                    DefaultData::Demo => "Demo",
                    _ => "Shared data",
                }}
            </button>
        </div>
    }
}
