//! Browser entry point: Trunk builds this binary (see index.html) and it mounts the Leptos app; the decode
//! workers run the same module and enter through [`worker_main`].

#[cfg(target_arch = "wasm32")]
fn main() {
    infosweep::app::start();
}

/// The decode workers' entry point, which `worker.js` calls once it has instantiated this same module
/// (see `infosweep::app::pool`). Exported from this binary only, so the export worker's wasm holds no
/// decoder.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn worker_main(early: js_sys::Array) {
    infosweep::app::worker::worker_main(early);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("infosweep-web is the browser build; run `scripts/serve` or use the `infosweep` CLI");
}
