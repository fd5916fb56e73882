//! The export worker (a second wasm binary of the crate, loaded by the page on its first export through
//! Trunk's `data-type="worker"` link in index.html): writes figures as PDF off the page's thread, so the PDF
//! writer stays out of the page's own wasm. See `infosweep::export`.

#[cfg(target_arch = "wasm32")]
fn main() {
    infosweep::export::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "infosweep-export is the page's export worker (wasm); natively, `infosweep report` writes PDFs"
    );
}
