//! The decode worker (a second wasm binary of the crate, loaded by `worker.js` in each decode worker the
//! page starts, see `infosweep::app::pool`): the pickle decoder, the statistics and the workers' message
//! loop live here, not in the page's own wasm.

#[cfg(target_arch = "wasm32")]
fn main() {
    infosweep::app::worker::worker_main();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "infosweep-decode is the page's decode worker (wasm); natively, `infosweep report` decodes"
    );
}
