//! The decode worker: the request handler that a worker runs, the rows it keeps for threshold changes, and
//! the entry point [`worker_main`], the `main` of the decoder's own wasm binary (`src/bin/decode.rs`, which
//! the bootstrap `worker.js` loads); the page's binary never calls [`handle`], so its wasm holds no
//! decoder.
//!
//! Owns: [`handle`] (read → decode → statistics → one reply, for one file or several at once; counts at
//! another threshold from kept rows or a new read; forgetting rows), the kept rows of this instance
//! ([`KEPT`]: those of its last load only), what the page answers itself ([`answer_in_page`]), and the
//! worker's message loop (requests arrive as wire bytes with the `File`/URL, or an array of them, beside
//! them; replies leave as transferred buffers).

use super::read::{now, read_into};
use crate::job::{self, InfoJob};
use crate::sweep::{Sweep, SweepFile};
use crate::wire::envelope::{
    FailKind, Failure, LoadReport, LoadRequest, Payload, Reply, Request, Rows,
};
use js_sys::{Array, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Rows kept for threshold changes: the file's bytes (decoded again when asked, which costs no copy), or a
/// sweep the page was handed already decoded (tests).
pub enum Kept {
    Bytes(Vec<u8>),
    Sweep(Arc<Sweep<'static>>),
}

thread_local! {
    /// Requests being handled (the warm-up waits while there are any).
    static IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
    /// The rows this instance keeps, by load id.
    pub static KEPT: RefCell<HashMap<u32, Kept>> = RefCell::new(HashMap::new());
    /// A worker's file buffer between loads (empty, its memory kept for the next file).
    static SPARE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `buf`'s memory for the next file a worker reads, if it is the largest buffer at hand.
fn spare(mut buf: Vec<u8>) {
    buf.clear();
    SPARE.with(|s| {
        let mut s = s.borrow_mut();
        if buf.capacity() > s.capacity() {
            *s = buf;
        }
    });
}

/// Lets go of the rows kept for `ids` (all of them when `None`); their bytes' memory is kept for the next
/// file.
fn forget(ids: Option<&[u32]>) {
    let gone: Vec<Kept> = KEPT.with(|k| {
        let mut k = k.borrow_mut();
        match ids {
            Some(ids) => ids.iter().filter_map(|id| k.remove(id)).collect(),
            None => k.drain().map(|(_, v)| v).collect(),
        }
    });
    for kept in gone {
        if let Kept::Bytes(b) = kept {
            spare(b);
        }
    }
}

/// Progress is reported at most this often (and not at the end of a file, whose reply follows): each
/// report is a message that the page's main thread decodes, and the page shows progress at most every
/// [`super::load::PROGRESS_EVERY_MS`] anyway.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// Runs one request and calls `reply` with its answers (progress, then the final one). A worker that is no
/// longer wanted is terminated by the page, so a request runs to its end.
pub async fn handle(req: Request, src: JsValue, reply: &dyn Fn(Reply)) {
    match req {
        Request::Load { file: l, reserve } => {
            // A worker keeps the rows of its last file only, so that it never holds two files: their
            // memory is reused for this one (the page forgets them as it sends this request).
            forget(None);
            let outcome = load(&l, &src, reply, reserve).await;
            reply(Reply::Loaded {
                id: l.id,
                report: LoadReport {
                    path: l.path,
                    kind: l.kind,
                    outcome,
                },
                memory: memory_bytes(),
            });
        }
        Request::Counts {
            id,
            rows,
            threshold,
        } => {
            let kept = KEPT.with(|k| {
                k.borrow().get(&rows).map(|k| match k {
                    Kept::Bytes(b) => job::counts(b, threshold),
                    Kept::Sweep(s) => Ok(job::counts_of(s, threshold)),
                })
            });
            let result = match kept {
                Some(r) => r,
                None => {
                    let buf = SPARE.with(|s| std::mem::take(&mut *s.borrow_mut()));
                    match read_into(&src, &|_, _| {}, false, buf, 0).await {
                        Ok(bytes) => {
                            let counts = job::counts(&bytes, threshold);
                            spare(bytes);
                            counts
                        }
                        Err(f) => Err(f),
                    }
                }
            };
            reply(Reply::Counts { id, result });
        }
        Request::LoadMany { files, reserve } => {
            // As for one file: the rows of the last load only (all of this one's files are that load).
            forget(None);
            let sources = src.dyn_into::<Array>().unwrap_or_default();
            // All reads start now; each file is decoded as its bytes arrive; one reply for all.
            let loads = files.into_iter().enumerate().map(|(i, l)| {
                let src = u32::try_from(i).map_or(JsValue::UNDEFINED, |i| sources.get(i));
                async move {
                    let outcome = load(&l, &src, reply, reserve).await;
                    let report = LoadReport {
                        path: l.path,
                        kind: l.kind,
                        outcome,
                    };
                    (l.id, report)
                }
            });
            let loaded = futures::future::join_all(loads).await;
            reply(Reply::LoadedMany {
                loaded,
                memory: memory_bytes(),
            });
        }
        Request::Forget { ids } => forget(Some(&ids)),
    }
}

async fn load(
    l: &LoadRequest,
    src: &JsValue,
    reply: &dyn Fn(Reply),
    reserve: u64,
) -> Result<Payload, Failure> {
    let last = Cell::new(now());
    // No report at the end of the read: the file's reply follows (the page counts it done then).
    let progress = |done: u64, total: u64| {
        let t = now();
        if t - last.get() >= PROGRESS_EVERY_MS && done < total {
            last.set(t);
            reply(Reply::Progress {
                id: l.id,
                done,
                total,
            });
        }
    };
    let buf = SPARE.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let bytes = read_into(src, &progress, false, buf, reserve).await?;
    let keep = l.kind == SweepFile::Information && bytes.len() as u64 <= l.keep_budget;
    let rows = if keep {
        Rows::Kept {
            bytes: bytes.len() as u64,
        }
    } else {
        Rows::Dropped
    };
    let payload = compute(l, &bytes, rows);
    if keep && payload.is_ok() {
        KEPT.with(|k| k.borrow_mut().insert(l.id, Kept::Bytes(bytes)));
    } else {
        spare(bytes);
    }
    payload
}

/// Decodes `bytes` and computes the payload.
fn compute(l: &LoadRequest, bytes: &[u8], rows: Rows) -> Result<Payload, Failure> {
    Ok(match l.kind {
        SweepFile::Information => InfoJob::new(&l.hparam, bytes, l.params)?.finish(rows),
        SweepFile::PngCounts => job::load(l.kind, &l.hparam, bytes, l.params, rows)?,
    })
}

/// The size of this instance's wasm memory (its peak: wasm memory grows, never shrinks).
fn memory_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| u64::from(b.byte_length()))
}

/// What the page answers itself, holding no decoder: counts from a sweep it was handed decoded (tests),
/// forgetting such rows, and a failure with `why` (no worker could start) for everything else.
pub fn answer_in_page(req: Request, why: &str) -> Option<Reply> {
    let failure = || Failure {
        kind: FailKind::Worker,
        message: if why.is_empty() {
            "no decode worker could start here".into()
        } else {
            why.to_string()
        },
    };
    match req {
        Request::Load { file: l, .. } => Some(Reply::Loaded {
            id: l.id,
            report: LoadReport {
                path: l.path,
                kind: l.kind,
                outcome: Err(failure()),
            },
            memory: 0,
        }),
        Request::LoadMany { files, .. } => Some(Reply::LoadedMany {
            loaded: files
                .into_iter()
                .map(|l| {
                    let report = LoadReport {
                        path: l.path,
                        kind: l.kind,
                        outcome: Err(failure()),
                    };
                    (l.id, report)
                })
                .collect(),
            memory: 0,
        }),
        Request::Counts {
            id,
            rows,
            threshold,
        } => {
            let kept = KEPT.with(|k| match k.borrow().get(&rows) {
                Some(Kept::Sweep(s)) => Some(Arc::clone(s)),
                _ => None,
            });
            let result = match kept {
                Some(s) => Ok(job::counts_of(&s, threshold)),
                None => Err(failure()),
            };
            Some(Reply::Counts { id, result })
        }
        Request::Forget { ids } => {
            KEPT.with(|k| {
                let mut k = k.borrow_mut();
                for id in ids {
                    k.remove(&id);
                }
            });
            None
        }
    }
}

/// Posts a reply to the page, its buffer transferred.
fn post(reply: Reply) {
    let bytes = crate::wire::to_bytes(&reply);
    let buf = Uint8Array::from(&bytes[..]).buffer();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let _ = scope.post_message_with_transfer(&buf, &Array::of1(&buf));
}

/// One message from the page: `{msg: ArrayBuffer, src?: File | string | Array}` (an array of them, in
/// order, for [`Request::LoadMany`]).
fn on_message(data: JsValue) {
    IN_FLIGHT.with(|n| n.set(n.get() + 1));
    let get = |k: &str| Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let bytes = Uint8Array::new(&get("msg")).to_vec();
    match crate::wire::from_bytes::<Request>(&bytes) {
        Ok(req) => {
            let src = get("src");
            wasm_bindgen_futures::spawn_local(async move {
                handle(req, src, &post).await;
                IN_FLIGHT.with(|n| n.set(n.get() - 1));
            });
        }
        Err(e) => {
            IN_FLIGHT.with(|n| n.set(n.get() - 1));
            web_sys::console::error_1(&e.to_string().into());
        }
    }
}

/// Warm-up rounds a worker runs in its idle time after it booted (see [`warm_up`]).
const WARM_UP_ROUNDS: u32 = 40;
/// The warm-up starts this long after `ready`, so that a load the page held until then goes first.
const WARM_UP_DELAY_MS: i32 = 50;
/// How often a warm-up that waits for a request to end looks again.
const WARM_UP_POLL_MS: i32 = 25;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(f: &js_sys::Function, ms: i32) -> JsValue;
}

/// Resolves after `ms` milliseconds (the worker's `setTimeout`).
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |ok, _| {
        set_timeout(&ok, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// A number the bootstrap may set on the worker's global scope (benchmarks: `worker.js` copies with
/// other values), else `default`.
fn knob(name: &str, default: f64) -> f64 {
    Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(default)
}

/// Runs the decoder on synthetic files ([`crate::warmup`]) in the worker's idle time, one round per task
/// (a few ms), `rounds` in all, so that V8 tiers the hot functions up before the user's next files come:
/// it waits while a request is being handled, and a request that arrives during a round waits for that
/// round only.
async fn warm_up(rounds: u32) {
    let (info, counts) = (crate::warmup::info_file(), crate::warmup::counts_file());
    sleep(WARM_UP_DELAY_MS).await;
    let mut done = 0;
    while done < rounds {
        if IN_FLIGHT.with(Cell::get) > 0 {
            sleep(WARM_UP_POLL_MS).await;
            continue;
        }
        std::hint::black_box(crate::warmup::round(&info, &counts));
        done += 1;
        super::read::yield_now().await;
    }
}

/// The worker's entry point (the decoder binary's `main`, run once `worker.js` instantiated its wasm):
/// takes over `onmessage`, then posts `ready` (the page holds its requests until then), then warms the
/// decoder up while no request is there.
pub fn worker_main() {
    let on = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        on_message(e.data())
    });
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(on.as_ref().unchecked_ref()));
    on.forget();
    let rounds = knob("infosweepWarmRounds", f64::from(WARM_UP_ROUNDS)) as u32;
    if knob("infosweepWarmBeforeReady", 0.0) != 0.0 {
        let (info, counts) = (crate::warmup::info_file(), crate::warmup::counts_file());
        for _ in 0..rounds {
            std::hint::black_box(crate::warmup::round(&info, &counts));
        }
        let _ = scope.post_message(&"ready".into());
    } else {
        let _ = scope.post_message(&"ready".into());
        wasm_bindgen_futures::spawn_local(warm_up(rounds));
    }
}
