//! Browser entry point: Trunk builds this binary (see index.html) and it mounts the Leptos app. It holds
//! no decoder: files are decoded by the decode workers, which run `infosweep-decode` (`src/bin/decode.rs`).

#[cfg(target_arch = "wasm32")]
fn main() {
    infosweep::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("infosweep-web is the browser build; run `scripts/serve` or use the `infosweep` CLI");
}
