//! Reading one file's bytes into wasm memory, in a worker or in the page: a `File` through `File.stream()`,
//! a URL through a streamed `fetch`, read into one reused JS buffer (a BYOB reader where the stream allows
//! it) and each chunk copied once into one buffer sized up front (from one `File.size` read, or
//! `Content-Length`), so no whole-file JS copy of a big file ever exists and progress is bytes read; files
//! of at most [`WHOLE_READ_BYTES`] are read with one `arrayBuffer()`.
//!
//! Owns: the stream loop, the progress callback, yielding to the event loop (when reading in the page),
//! and the messages of read failures.

use crate::wire::envelope::{FailKind, Failure};
use js_sys::{ArrayBuffer, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, ReadableStream, ReadableStreamByobReader, ReadableStreamDefaultReader, Response,
};

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

thread_local! {
    /// The global `performance` of this window or worker, looked up once: the decode loops ask for the
    /// time after every step, and a property lookup per call cost ~0.3 ms per example load (profile).
    static PERFORMANCE: Option<web_sys::Performance> =
        Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
}

/// Where the time went: `performance.now()` of a window or a worker (0 when unavailable).
pub fn now() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, |p| p.now()))
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

/// The response to `url` that index.html's boot script already asked for (`globalThis.infosweepPrefetch`,
/// keyed by absolute URL: the first open's data), taken out so a later read fetches afresh. It resolves to
/// the body's bytes (an `ArrayBuffer`, read to the end while the wasm compiled) or, for an HTTP error, to
/// the `Response`.
fn prefetched(url: &str) -> Option<Promise> {
    let map: js_sys::Object = Reflect::get(&js_sys::global(), &"infosweepPrefetch".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let key = JsValue::from_str(url);
    let p = Reflect::get(&map, &key).ok()?.dyn_into::<Promise>().ok()?;
    let _ = Reflect::delete_property(&map, &key);
    Some(p)
}

/// Files and responses up to this size are read whole with one `arrayBuffer()` (a JS copy of this size
/// lives until the bytes are copied into wasm memory: no more than the stream reader's own 4 MiB buffer);
/// larger ones are streamed. One `arrayBuffer()` is one request to the browser's file or
/// network layer instead of a stream's chunks (each a promise and a task): the example folder's six files
/// are read this way.
pub const WHOLE_READ_BYTES: u64 = 4 << 20;

/// How a caller slices a long run: in the page, yield after this much work.
pub const SLICE_MS: f64 = 8.0;

/// Reads `source` (a `File`/`Blob`, or a URL string) whole. `progress(done, total)` is called after each
/// chunk (`total` 0 when unknown); `yielding` lets the event loop run every [`SLICE_MS`] (in the page).
pub async fn read_all(
    source: &JsValue,
    progress: &dyn Fn(u64, u64),
    yielding: bool,
) -> Result<Vec<u8>, Failure> {
    read_into(source, progress, yielding, Vec::new(), 0).await
}

/// [`read_all`] into `buf` (its bytes are dropped, its memory reused), which first holds at least
/// `reserve` bytes: a worker hands its buffer from file to file, sized once for the largest.
pub async fn read_into(
    source: &JsValue,
    progress: &dyn Fn(u64, u64),
    yielding: bool,
    buf: Vec<u8>,
    reserve: u64,
) -> Result<Vec<u8>, Failure> {
    // Read whole (one `arrayBuffer()`): a known size within WHOLE_READ_BYTES.
    let whole_read = |size: u64| size <= WHOLE_READ_BYTES;
    let (stream, total, kind) = if let Some(blob) = source.dyn_ref::<Blob>() {
        let size = blob.size() as u64;
        if whole_read(size) {
            let read = Ok(blob.array_buffer());
            return whole(read, FailKind::Read, progress, buf, reserve).await;
        }
        (blob.stream(), size, FailKind::Read)
    } else {
        let url = source.as_string().unwrap_or_default();
        let got = JsFuture::from(prefetched(&url).unwrap_or_else(|| global_fetch(&url)))
            .await
            .map_err(|e| fail(FailKind::Fetch, &e))?;
        // A prefetched body is already here: taking it costs microtasks, not a task, so the first open's
        // data reaches the page's state in the task that mounts it, and its first frame lays out the
        // whole page once instead of the empty page and then the data.
        if got.is_instance_of::<ArrayBuffer>() {
            return copy_in(&got, FailKind::Fetch, progress, buf, reserve);
        }
        let resp: Response = got.unchecked_into();
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
        // 0: no Content-Length, size unknown.
        if total > 0 && whole_read(total) {
            return whole(resp.array_buffer(), FailKind::Fetch, progress, buf, reserve).await;
        }
        let Some(body) = resp.body() else {
            return Ok(Vec::new());
        };
        (body, total, FailKind::Fetch)
    };
    read_stream(
        &stream,
        total.max(reserve),
        total,
        kind,
        progress,
        yielding,
        buf,
    )
    .await
}

/// A small file read whole: one `arrayBuffer()` instead of a stream of chunks, copied once into `buf`
/// (its bytes dropped, its memory reused; first made to hold `reserve` bytes, as [`read_stream`] does).
async fn whole(
    read: Result<Promise, JsValue>,
    kind: FailKind,
    progress: &dyn Fn(u64, u64),
    buf: Vec<u8>,
    reserve: u64,
) -> Result<Vec<u8>, Failure> {
    let js = JsFuture::from(read.map_err(|e| fail(kind, &e))?)
        .await
        .map_err(|e| fail(kind, &e))?;
    copy_in(&js, kind, progress, buf, reserve)
}

/// The bytes of the `ArrayBuffer` `js` in `buf` (as [`whole`] reads them).
fn copy_in(
    js: &JsValue,
    kind: FailKind,
    progress: &dyn Fn(u64, u64),
    mut buf: Vec<u8>,
    reserve: u64,
) -> Result<Vec<u8>, Failure> {
    let js = Uint8Array::new(js);
    let len = js.length() as usize;
    buf.clear();
    let room = usize::try_from(reserve).unwrap_or(usize::MAX).max(len);
    if buf.capacity() < room {
        buf = Vec::new();
        buf.try_reserve_exact(room)
            .map_err(|_| too_big(kind, room as u64))?;
    }
    buf.resize(len, 0);
    js.copy_to(&mut buf);
    progress(len as u64, len as u64);
    Ok(buf)
}

/// The failure of a buffer that does not fit the wasm memory.
fn too_big(kind: FailKind, total: u64) -> Failure {
    Failure {
        kind,
        message: format!(
            "it is too big for the browser's memory ({total} bytes; a wasm page holds at most 4 GiB)"
        ),
    }
}

/// Bytes a BYOB read asks for at once. The browser fills what it has (about 1 MiB per read from a
/// `File`); the one JS buffer goes back and forth, so no chunk is allocated per read.
const READ_BYTES: u32 = 4 << 20;

/// A stream's reader: "bring your own buffer" where the stream is a byte stream (`File.stream()` and
/// `fetch` bodies are in current browsers), the default reader elsewhere. Reading four 134 MB files in two
/// workers (one Chromium run, 6 repeats each, load average 4-6 on 2 cores), BYOB with a 1 or 4 MiB buffer
/// took 1.06–1.81 s and the default reader 1.85–2.47 s: its chunks are fresh `ArrayBuffer`s, each
/// allocated, touched and collected.
enum Reader {
    Byob {
        reader: ReadableStreamByobReader,
        /// The buffer the next read fills (the previous chunk's, handed back by the stream).
        spare: ArrayBuffer,
    },
    Default(ReadableStreamDefaultReader),
}

impl Reader {
    fn of(stream: &ReadableStream) -> Reader {
        match ReadableStreamByobReader::new(stream) {
            Ok(reader) => Reader::Byob {
                reader,
                spare: ArrayBuffer::new(READ_BYTES),
            },
            Err(_) => Reader::Default(stream.get_reader().unchecked_into()),
        }
    }

    /// The next chunk, `None` at the end of the stream.
    async fn next(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        let read = match self {
            Reader::Byob { reader, spare } => {
                reader.read_with_array_buffer_view(&Uint8Array::new(spare))
            }
            Reader::Default(reader) => reader.read(),
        };
        let r = JsFuture::from(read).await?;
        if Reflect::get(&r, &"done".into())?.is_truthy() {
            return Ok(None);
        }
        let chunk: Uint8Array = Reflect::get(&r, &"value".into())?.dyn_into()?;
        if let Reader::Byob { spare, .. } = self {
            *spare = chunk.buffer();
        }
        Ok(Some(chunk))
    }
}

/// Reads `stream` (`total` bytes, 0 when unknown) into `buf`, which is first made to hold `room` bytes.
#[allow(clippy::too_many_arguments)]
async fn read_stream(
    stream: &ReadableStream,
    room: u64,
    total: u64,
    kind: FailKind,
    progress: &dyn Fn(u64, u64),
    yielding: bool,
    mut buf: Vec<u8>,
) -> Result<Vec<u8>, Failure> {
    let mut reader = Reader::of(stream);
    buf.clear();
    // One allocation for the whole file (a wrong Content-Length, or a file that grew, only costs a
    // reallocation); a buffer too small is let go first, so that its memory and the new one's are never
    // both taken; one that does not fit is a message, not an abort.
    let room = usize::try_from(room).unwrap_or(usize::MAX);
    if buf.capacity() < room {
        buf = Vec::new();
        buf.try_reserve_exact(room)
            .map_err(|_| too_big(kind, total))?;
    }
    let mut slice_start = now();
    while let Some(chunk) = reader.next().await.map_err(|e| fail(kind, &e))? {
        let start = buf.len();
        // Zeroing the chunk's bytes first keeps this safe; they are in cache for the copy right after.
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
