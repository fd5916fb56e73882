//! Reading one file's bytes into wasm memory, in a worker or in the page: a `File` through `File.stream()`,
//! a URL through a streamed `fetch`, each chunk copied once into one buffer sized up front (from one
//! `File.size` read, or `Content-Length`), so no whole-file JS copy ever exists and progress is bytes read.
//!
//! Owns: the stream loop, the progress callback, yielding to the event loop (when reading in the page),
//! and the messages of read failures.

use crate::wire::envelope::{FailKind, Failure};
use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader, Response};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` of a window or a worker.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str) -> Promise;
}

/// The browser's message of a JS error value.
pub fn js_msg(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| "unknown error".into())
}

fn fail(kind: FailKind, e: &JsValue) -> Failure {
    Failure {
        kind,
        message: match kind {
            FailKind::Fetch => format!("could not fetch it: {}", js_msg(e)),
            _ => format!("could not read the file: {}", js_msg(e)),
        },
    }
}

/// Where the time went: `performance.now()` of a window or a worker.
pub fn now() -> f64 {
    Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Lets the event loop run (input, paint) and comes back at once: a message to a fresh channel, which,
/// unlike a nested `setTimeout`, is not clamped to 4 ms.
pub async fn yield_now() {
    let p = Promise::new(&mut |ok, _| {
        if let Ok(ch) = web_sys::MessageChannel::new() {
            ch.port1().set_onmessage(Some(&ok));
            let _ = ch.port2().post_message(&JsValue::NULL);
        } else {
            let _ = ok.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// How a caller slices a long run: in the page, yield after this much work.
pub const SLICE_MS: f64 = 8.0;

/// Reads `source` (a `File`/`Blob`, or a URL string) whole. `progress(done, total)` is called after each
/// chunk (`total` 0 when unknown); `yielding` lets the event loop run every [`SLICE_MS`] (in the page).
pub async fn read_all(
    source: &JsValue,
    progress: &dyn Fn(u64, u64),
    yielding: bool,
) -> Result<Vec<u8>, Failure> {
    let (stream, total, kind) = if let Some(blob) = source.dyn_ref::<Blob>() {
        (blob.stream(), blob.size() as u64, FailKind::Read)
    } else {
        let url = source.as_string().unwrap_or_default();
        let resp: Response = JsFuture::from(global_fetch(&url))
            .await
            .map_err(|e| fail(FailKind::Fetch, &e))?
            .unchecked_into();
        if !resp.ok() {
            return Err(Failure {
                kind: FailKind::Fetch,
                message: format!(
                    "could not fetch it: HTTP {} {}",
                    resp.status(),
                    resp.status_text()
                ),
            });
        }
        let total = resp
            .headers()
            .get("content-length")
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0);
        let Some(body) = resp.body() else {
            return Ok(Vec::new());
        };
        (body, total, FailKind::Fetch)
    };
    read_stream(&stream, total, kind, progress, yielding).await
}

async fn read_stream(
    stream: &ReadableStream,
    total: u64,
    kind: FailKind,
    progress: &dyn Fn(u64, u64),
    yielding: bool,
) -> Result<Vec<u8>, Failure> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    // A wrong Content-Length (or a file that grew) only costs a reallocation.
    let mut buf: Vec<u8> = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    let mut slice_start = now();
    loop {
        let r = JsFuture::from(reader.read())
            .await
            .map_err(|e| fail(kind, &e))?;
        if Reflect::get(&r, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true)
        {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&r, &"value".into())
            .map_err(|e| fail(kind, &e))?
            .unchecked_into();
        let start = buf.len();
        // Zeroing the chunk's few KB first keeps this safe; they are in cache for the copy right after.
        buf.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut buf[start..]);
        progress(buf.len() as u64, total.max(buf.len() as u64));
        if yielding && now() - slice_start > SLICE_MS {
            yield_now().await;
            slice_start = now();
        }
    }
    Ok(buf)
}
