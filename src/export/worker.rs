//! The export worker's event loop (wasm32, inside a `DedicatedWorkerGlobalScope`): it answers
//! [`Request`]s posted as wire bytes, one job at a time, with [`Reply`]s whose buffers are transferred.
//!
//! Owns: the worker's message handling, the job queue, fetching the fonts once (from the URLs the first PDF
//! job names), fetching a share job's files and the dispatch of each [`Op`] (`run`: one arm per kind of
//! job).

use super::{Op, Reply, Request, Stage, ANY_REQUEST};
use crate::figures::Fonts;
use crate::share::job::{make, ShareJob};
use crate::wire;
use js_sys::{Array, Uint8Array};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Response};

/// The font files, fetched once: (their URLs, regular, oblique).
type FontFiles = ([String; 2], Vec<u8>, Vec<u8>);

thread_local! {
    /// Requests waiting for the job before them.
    static QUEUE: RefCell<VecDeque<Vec<u8>>> = const { RefCell::new(VecDeque::new()) };
    /// Whether a job is running (then new requests only queue up).
    static RUNNING: RefCell<bool> = const { RefCell::new(false) };
    static FONTS: RefCell<Option<Rc<FontFiles>>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a reply, transferring its buffer.
fn post(reply: &Reply) {
    let bytes = Uint8Array::from(wire::to_bytes(reply).as_slice());
    let transfer = Array::of1(&bytes.buffer());
    if let Err(e) = scope().post_message_with_transfer(&bytes, &transfer) {
        web_sys::console::error_2(&"export worker: postMessage failed".into(), &e);
    }
}

/// Installs the message handler and says so ([`Reply::Ready`]). Called by the worker binary's `main`.
pub fn start() {
    // The release build aborts on a panic without running a hook (scripts/trunk: -Cpanic=immediate-abort), so
    // the hook would only be dead code there; other builds (dev, tests) keep the panic's message.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let bytes = Uint8Array::new(&ev.data()).to_vec();
        QUEUE.with(|q| q.borrow_mut().push_back(bytes));
        if !RUNNING.with(|r| r.replace(true)) {
            wasm_bindgen_futures::spawn_local(drain());
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&Reply::Ready);
}

/// Runs the queued requests in order until none is left.
async fn drain() {
    while let Some(bytes) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
        let reply = match wire::from_bytes::<Request>(&bytes) {
            Ok(Request { id, op }) => match run(id, op).await {
                Ok(bytes) => Reply::Done { id, bytes },
                Err(message) => Reply::Failed { id, message },
            },
            Err(e) => Reply::Failed {
                id: ANY_REQUEST,
                message: e.to_string(),
            },
        };
        post(&reply);
    }
    RUNNING.with(|r| *r.borrow_mut() = false);
}

/// Runs one job and returns its file. A new kind of job is a new arm.
async fn run(id: u32, op: Op) -> Result<Vec<u8>, String> {
    match op {
        Op::Share(job) => share(id, &job).await,
        Op::Pdf(job) => {
            let files = fonts(id, &job.font_urls).await?;
            post(&Reply::Progress {
                id,
                stage: Stage::Writing,
            });
            let fonts = Fonts {
                regular: &files.1,
                oblique: &files.2,
            };
            super::pdf(&job, &fonts).map_err(|e| e.to_string())
        }
    }
}

/// Fetches the page's files and the pickles a share job names (reporting each file), then makes the
/// report or the zip.
async fn share(id: u32, job: &ShareJob) -> Result<Vec<u8>, String> {
    let urls: Vec<&str> = job
        .page
        .iter()
        .map(|(_, u)| u.as_str())
        .chain(job.data.iter().map(|d| d.url.as_str()))
        .collect();
    let total = urls.len() as u32;
    let mut files = Vec::with_capacity(urls.len());
    for (done, url) in urls.into_iter().enumerate() {
        post(&Reply::Progress {
            id,
            stage: Stage::Gathering {
                done: done as u32,
                total,
            },
        });
        files.push(fetch(url).await?);
    }
    post(&Reply::Progress {
        id,
        stage: Stage::Packing,
    });
    let data = files.split_off(job.page.len());
    make(job, files, data).map_err(|e| e.to_string())
}

/// The font files at `urls`, fetched on first use (and again only if a job names other URLs).
async fn fonts(id: u32, urls: &[String; 2]) -> Result<Rc<FontFiles>, String> {
    if let Some(f) = FONTS.with(|f| f.borrow().clone()).filter(|f| &f.0 == urls) {
        return Ok(f);
    }
    post(&Reply::Progress {
        id,
        stage: Stage::Fonts,
    });
    let files = Rc::new((urls.clone(), fetch(&urls[0]).await?, fetch(&urls[1]).await?));
    FONTS.with(|f| *f.borrow_mut() = Some(files.clone()));
    Ok(files)
}

/// A file's bytes, or why they could not be had.
async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let fail = |e: JsValue| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "network error".into());
        format!("could not fetch {}: {why}", shown(url))
    };
    let resp: Response = JsFuture::from(scope().fetch_with_str(url))
        .await
        .map_err(fail)?
        .unchecked_into();
    if !resp.ok() {
        return Err(format!(
            "could not fetch {}: HTTP {} {}",
            shown(url),
            resp.status(),
            resp.status_text()
        ));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(fail)?)
        .await
        .map_err(fail)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// A URL as a message shows it: a `data:` URL (a report's inline file) only by its type.
fn shown(url: &str) -> String {
    match url.split_once(',') {
        Some((head, _)) if url.starts_with("data:") => format!("{head},…"),
        _ => url.to_string(),
    }
}
