//! The page's side of the export worker ([`crate::export`]): the worker is started on the first export
//! (`new Worker(<page>/infosweep-export_loader.js)`, a classic worker loading the second wasm binary), jobs
//! go to it as wire bytes and their files come back transferred.
//!
//! The worker's script and the fonts are found by [`page_url`], so a standalone report (no network) starts
//! it from its inline copy.
//!
//! Owns: starting the worker (requests wait for its `Ready`), matching replies to requests by id, showing
//! progress through a callback, and failing every pending job with a message when the worker cannot start
//! or dies (the next export then starts a new one).

use super::bundle::page_url;
use super::load::js_msg;
use crate::export::{Op, PdfJob, Reply, Request, ANY_REQUEST, FONTS_DIR, WORKER_SCRIPT};
use crate::figures::fonts::FONT_FILES;
use crate::figures::{Figure, FigureOptions};
use crate::share::job::ShareJob;
use crate::stats::{PngSweepStats, SweepStats};
use crate::wire;
use js_sys::{Array, Function, Promise, Uint8Array};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// A progress callback: a short message for the user.
type Progress = Rc<dyn Fn(&str)>;

/// A job waiting for its reply.
struct Pending {
    resolve: Function,
    reject: Function,
    progress: Progress,
}

/// The running worker.
struct Client {
    worker: Worker,
    /// Whether the worker said `Ready`; before that, requests wait in `queue`.
    ready: bool,
    queue: Vec<Uint8Array>,
    pending: HashMap<u32, Pending>,
    /// Set when the worker failed: the next export starts a new one.
    broken: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

fn post(worker: &Worker, msg: &Uint8Array) -> Result<(), String> {
    worker
        .post_message_with_transfer(msg, &Array::of1(&msg.buffer()))
        .map_err(|e| js_msg(&e))
}

/// Starts the worker and wires its replies.
fn spawn() -> Result<Client, String> {
    let worker = Worker::new(&page_url(WORKER_SCRIPT)?)
        .map_err(|e| format!("the export worker could not start: {}", js_msg(&e)))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let bytes = Uint8Array::new(&ev.data()).to_vec();
        match wire::from_bytes::<Reply>(&bytes) {
            Ok(reply) => on_reply(reply),
            Err(e) => fail_all(&format!("the export worker answered garbage: {e}")),
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|ev: ErrorEvent| {
        ev.prevent_default();
        let why = ev.message();
        let why = if why.is_empty() {
            "its script or wasm could not be loaded".to_string()
        } else {
            why
        };
        fail_all(&format!("the export worker stopped: {why}"));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        ready: false,
        queue: Vec::new(),
        pending: HashMap::new(),
        broken: false,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn on_reply(reply: Reply) {
    CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(client) = c.as_mut() else { return };
        match reply {
            Reply::Ready => {
                client.ready = true;
                for msg in std::mem::take(&mut client.queue) {
                    if let Err(e) = post(&client.worker, &msg) {
                        client.broken = true;
                        reject_all(client, &format!("could not reach the export worker: {e}"));
                        return;
                    }
                }
            }
            Reply::Progress { id, stage } => {
                if let Some(p) = client.pending.get(&id) {
                    (p.progress)(&stage.message());
                }
            }
            Reply::Done { id, bytes } => {
                if let Some(p) = client.pending.remove(&id) {
                    let _ = p
                        .resolve
                        .call1(&JsValue::NULL, &Uint8Array::from(bytes.as_slice()));
                }
            }
            Reply::Failed { id, message } if id == ANY_REQUEST => reject_all(client, &message),
            Reply::Failed { id, message } => {
                if let Some(p) = client.pending.remove(&id) {
                    let _ = p.reject.call1(&JsValue::NULL, &message.into());
                }
            }
        }
    });
}

fn reject_all(client: &mut Client, message: &str) {
    for (_, p) in client.pending.drain() {
        let _ = p.reject.call1(&JsValue::NULL, &message.into());
    }
}

/// The worker failed: every pending job fails with `message`, and the next export starts a new worker.
fn fail_all(message: &str) {
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            client.broken = true;
            client.queue.clear();
            reject_all(client, message);
        }
    });
}

/// Sends one job and waits for its file.
async fn request(op: Op, progress: Progress) -> Result<Vec<u8>, String> {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let msg = Uint8Array::from(wire::to_bytes(&Request { id, op }).as_slice());
    let mut slots: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| slots = Some((resolve, reject)));
    let (resolve, reject) = slots.ok_or("no promise")?;
    CLIENT.with(|c| -> Result<(), String> {
        let mut c = c.borrow_mut();
        if c.as_ref().is_none_or(|client| client.broken) {
            if let Some(old) = c.take() {
                old.worker.terminate();
            }
            progress("Starting the export worker…");
            *c = Some(spawn()?);
        }
        let client = c.as_mut().ok_or("no worker")?;
        client.pending.insert(
            id,
            Pending {
                resolve,
                reject,
                progress: progress.clone(),
            },
        );
        if client.ready {
            post(&client.worker, &msg)?;
        } else {
            client.queue.push(msg);
        }
        Ok(())
    })?;
    let bytes = JsFuture::from(promise).await.map_err(|e| js_msg(&e))?;
    Ok(Uint8Array::new(&bytes).to_vec())
}

/// The figure as PDF, written by the export worker; `progress` hears what it is doing.
pub async fn pdf(
    figure: Figure,
    info: Vec<SweepStats>,
    png: Vec<PngSweepStats>,
    options: FigureOptions,
    progress: impl Fn(&str) + 'static,
) -> Result<Vec<u8>, String> {
    let job = PdfJob {
        figure,
        options,
        info,
        png,
        font_urls: [
            page_url(&format!("{FONTS_DIR}{}", FONT_FILES[0]))?,
            page_url(&format!("{FONTS_DIR}{}", FONT_FILES[1]))?,
        ],
    };
    request(Op::Pdf(job), Rc::new(progress)).await
}

/// The report or site zip of `job`, made by the export worker; `progress` hears what it is doing.
pub async fn share(job: ShareJob, progress: impl Fn(&str) + 'static) -> Result<Vec<u8>, String> {
    request(Op::Share(job), Rc::new(progress)).await
}
