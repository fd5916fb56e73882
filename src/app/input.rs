//! The header's inputs: the drop zone, the folder and file pickers (real, focusable `<input type=file>`
//! elements styled as buttons, so Tab + Enter/Space opens them), and the demo button.
//!
//! Owns: turning a drop or a pick into a load ([`super::load`]); the drop handler takes every entry
//! synchronously before the first await.

use super::load::{self, Candidate};
use super::state::{now, AppState, Origin};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Event, HtmlInputElement};

/// The folder the demo data is copied to (relative to the page).
pub const DEMO_FOLDER: &str = "demo/";

/// Starts loading the demo folder.
pub fn load_demo(state: AppState) {
    load::start_link(state, DEMO_FOLDER.into(), Origin::Demo);
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

/// A drop anywhere on the page loads too (instead of the browser opening the file).
fn page_wide_drop(state: AppState) {
    let Some(w) = web_sys::window() else { return };
    let over = wasm_bindgen::closure::Closure::<dyn FnMut(DragEvent)>::new(|ev: DragEvent| {
        ev.prevent_default()
    });
    let drop = wasm_bindgen::closure::Closure::<dyn FnMut(DragEvent)>::new(move |ev: DragEvent| {
        if state.sweeps.try_with_untracked(|_| ()).is_some() {
            dropped(state, ev);
        } else {
            ev.prevent_default();
        }
    });
    let _ = w.add_event_listener_with_callback("dragover", over.as_ref().unchecked_ref());
    let _ = w.add_event_listener_with_callback("drop", drop.as_ref().unchecked_ref());
    let (over, drop) = (send(over.into_js_value()), send(drop.into_js_value()));
    on_cleanup(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback("dragover", over.get().unchecked_ref());
            let _ = w.remove_event_listener_with_callback("drop", drop.get().unchecked_ref());
        }
    });
}

struct Local<T>(T);
// wasm32 without threads: the closures never cross threads.
unsafe impl<T> Send for Local<T> {}
unsafe impl<T> Sync for Local<T> {}
fn send<T>(t: T) -> Local<T> {
    Local(t)
}
impl<T> Local<T> {
    fn get(&self) -> &T {
        &self.0
    }
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
                    aria-label="Choose a results folder"
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
                    aria-label="Choose .pkl files"
                    on:change=move |ev| picked(state, ev)
                />
                "Choose files…"
            </label>
            <button type="button" class="btn" data-testid="demo" on:click=move |_| {
                state.settings.update(|s| s.data = None);
                load_demo(state);
            }>
                "Demo"
            </button>
        </div>
    }
}
