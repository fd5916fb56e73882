//! The page's side of the decode workers: starting them (one per core, at most [`MAX_WORKERS`]), sending
//! them requests, routing their replies, deciding where each file is decoded, and letting go of memory.
//! The page's own wasm holds no decoder: every file is decoded by a worker running the decoder's wasm
//! (`infosweep-decode`, a second binary of the crate, fetched on the first load that needs it).
//!
//! Owns: worker boot (`worker.js`, found through [`page_url`] so a standalone report starts it from its
//! inline copy, loads the decoder's wasm; requests wait until it says `ready`), what the page answers
//! itself when no worker can start (a failure per file, with the reason), the schedule of a load ([`load_all`]: files go to idle workers while
//! the bytes in flight stay within [`INFLIGHT_BYTES`]), cancellation (a new load terminates the workers
//! still busy with the old one; its replies are dropped), which instance keeps which rows (at most
//! [`KEEP_BYTES`] in all, a worker those of its last file only) and [`counts`] at another threshold, the
//! workers' peak memory of a load (`data-worker-memory-max`/`-sum` on `<body>`), and terminating workers
//! that hold nothing.

use super::bundle::page_url;
use super::read::js_msg;
use super::worker::{answer_in_page, KEPT};
use crate::stats::CountStats;
use crate::wire::envelope::{FailKind, Failure, LoadReport, LoadRequest, Reply, Request, Rows};
use js_sys::{Array, Object, Reflect, Uint8Array};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// At most this many workers, whatever `navigator.hardwareConcurrency` says.
pub const MAX_WORKERS: usize = 4;
/// Loads whose files are all known and together at most this big go to one worker (starting more would
/// take longer than decoding them).
pub const SMALL_BYTES: u64 = 8 << 20;
/// Files of a big load one worker reads and decodes at once when it is the only one (`decode=page`): their
/// reads (fetches) overlap. A small load ([`SMALL_BYTES`]) sends it all its files at once, in one message
/// ([`Request::LoadMany`]).
pub const ONE_WORKER_PARALLEL: usize = 4;
/// The decode worker's bootstrap (a classic worker script beside the page; it loads `infosweep-decode`).
pub const DECODE_SCRIPT: &str = "worker.js";
/// What the bootstrap posts once the decoder's wasm runs (then requests may be sent).
const READY: &str = "ready";
/// A file is started while the bytes of the files being read and decoded stay within this (one file is
/// always started, however big): each worker holds its file whole while it computes.
pub const INFLIGHT_BYTES: u64 = 768 << 20;
/// Rows kept for threshold changes, in all instances together; beyond it a threshold change reads the
/// file again.
pub const KEEP_BYTES: u64 = 256 << 20;

/// Where a request runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exec {
    /// The page itself, which holds no decoder: it answers only from sweeps it was handed decoded (tests),
    /// and fails other requests (no worker could start).
    Page,
    Worker(usize),
}

/// How a load is decoded (the `decode=` query parameter forces one, for tests and benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Small loads in one worker, others in one worker per core.
    Auto,
    /// One worker (`decode=page`, the name from when small loads were decoded in the page itself).
    One,
    Workers,
}

/// What arrives for a request.
enum Event {
    Reply(Reply),
    /// Its worker failed (it did not start, or died): run the request elsewhere.
    Lost,
    /// A newer load replaced this one.
    Cancelled,
}

/// Events waiting for a task (by request id), and the task's waker while it waits.
type Queue = (VecDeque<(u32, Event)>, Option<Waker>);

/// A queue of events for one waiting task.
#[derive(Clone, Default)]
struct Inbox(Rc<RefCell<Queue>>);

impl Inbox {
    fn push(&self, id: u32, e: Event) {
        let mut i = self.0.borrow_mut();
        i.0.push_back((id, e));
        if let Some(w) = i.1.take() {
            w.wake();
        }
    }

    async fn next(&self) -> (u32, Event) {
        poll_fn(|cx| {
            let mut i = self.0.borrow_mut();
            match i.0.pop_front() {
                Some(e) => Poll::Ready(e),
                None => {
                    i.1 = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }
}

struct Slot {
    worker: Worker,
    /// Requests running on it.
    busy: usize,
    /// Whether its decoder runs; before that, messages wait in `queue` (with their transfer lists).
    ready: bool,
    queue: Vec<(Object, Array)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

struct Sink {
    inbox: Inbox,
    exec: Exec,
    /// The load generation it belongs to (0: not part of a load).
    generation: u32,
    /// Bytes it may keep, reserved from [`KEEP_BYTES`] until its reply says whether it kept them.
    reserved: u64,
}

#[derive(Default)]
struct Pool {
    slots: Vec<Option<Slot>>,
    sinks: HashMap<u32, Sink>,
    /// Which instance keeps the rows of which load, and how many bytes.
    kept: HashMap<u32, (Exec, u64)>,
    reserved: u64,
    /// Workers could not start here (why): every request is answered by the page, with that reason.
    failed: Option<String>,
    next_id: u32,
    generation: u32,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// The `decode=` query parameter: `page`, `worker` or nothing.
pub fn forced_mode() -> Mode {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("decode=page") {
        Mode::One
    } else if search.contains("decode=worker") {
        Mode::Workers
    } else {
        Mode::Auto
    }
}

/// A fresh id for a request (loads and threshold requests share the counter).
pub fn next_id() -> u32 {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.next_id = p.next_id.wrapping_add(1).max(1);
        p.next_id
    })
}

fn cores() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
        .clamp(1, MAX_WORKERS)
}

/// Starts worker `idx`; `false` when this browser cannot (then `pool.failed` says why).
fn start_worker(pool: &mut Pool, idx: usize) -> bool {
    let worker = page_url(DECODE_SCRIPT).and_then(|url| {
        Worker::new(&url).map_err(|e| format!("the decode worker could not start: {}", js_msg(&e)))
    });
    let worker = match worker {
        Ok(w) => w,
        Err(why) => {
            pool.failed = Some(why);
            return false;
        }
    };
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_reply(idx, e.data()));
    let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        let why = worker_stopped(idx, &e);
        web_sys::console::warn_1(&why.as_str().into());
        worker_failed(idx, why);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    if pool.slots.len() <= idx {
        pool.slots.resize_with(idx + 1, || None);
    }
    pool.slots[idx] = Some(Slot {
        worker,
        busy: 0,
        ready: false,
        queue: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    });
    true
}

/// Why worker `idx` stopped, from its `error` event: the event's message (an `ErrorEvent` is no JS `Error`),
/// e.g. "Uncaught RuntimeError: unreachable" for a wasm trap: the browser build aborts on a panic without a
/// message (`-Cpanic=immediate-abort`, scripts/trunk), and running out of memory traps the same way.
fn worker_stopped(idx: usize, e: &JsValue) -> String {
    match e.dyn_ref::<web_sys::ErrorEvent>().map(web_sys::ErrorEvent::message) {
        Some(m) if m.contains("RuntimeError") => format!(
            "decode worker {idx} stopped on an internal error ({m}): a bug, or the browser ran out of \
             memory for this file; reload the page to try again, and please report it with the file"
        ),
        Some(m) if !m.is_empty() => format!("decode worker {idx} failed: {m}"),
        _ => format!("decode worker {idx} failed: {}", js_msg(e)),
    }
}

/// A reply from worker `idx` (a transferred wire buffer), its `ready`, or its boot failure (`{bootError}`).
fn on_reply(idx: usize, data: JsValue) {
    if data.as_string().as_deref() == Some(READY) {
        let queued = POOL.with(|p| {
            let mut p = p.borrow_mut();
            let slot = p.slots.get_mut(idx).and_then(Option::as_mut)?;
            slot.ready = true;
            Some((slot.worker.clone(), std::mem::take(&mut slot.queue)))
        });
        if let Some((worker, queued)) = queued {
            for (msg, transfer) in queued {
                if worker.post_message_with_transfer(&msg, &transfer).is_err() {
                    worker_failed(idx, "could not reach the decode worker".into());
                    return;
                }
            }
        }
        return;
    }
    if !data.is_instance_of::<js_sys::ArrayBuffer>() {
        let msg = Reflect::get(&data, &"bootError".into()).unwrap_or(JsValue::NULL);
        let why = format!("the decode worker did not start: {}", js_msg(&msg));
        web_sys::console::warn_1(&why.as_str().into());
        worker_failed(idx, why);
        return;
    }
    match crate::wire::from_bytes::<Reply>(&Uint8Array::new(&data).to_vec()) {
        Ok(r) => deliver(r),
        Err(e) => web_sys::console::error_1(&e.to_string().into()),
    }
}

/// The request a reply answers, and whether it is its last reply. [`deliver`] splits
/// [`Reply::LoadedMany`] into one [`Reply::Loaded`] per file first; id 0 names no request.
fn reply_id(r: &Reply) -> (u32, bool) {
    match r {
        Reply::Progress { id, .. } => (*id, false),
        Reply::Loaded { id, .. } | Reply::Counts { id, .. } => (*id, true),
        Reply::LoadedMany { .. } => (0, true),
    }
}

/// Hands a reply to the task waiting for it (a stale one, whose sink is gone, is dropped); the files of
/// a [`Reply::LoadedMany`] one by one, as if each had its own reply.
fn deliver(r: Reply) {
    let r = match r {
        Reply::LoadedMany { loaded, memory } => {
            for (id, report) in loaded {
                deliver(Reply::Loaded { id, report, memory });
            }
            return;
        }
        r => r,
    };
    let (id, last) = reply_id(&r);
    let inbox = POOL.with(|p| {
        let mut p = p.borrow_mut();
        if !last {
            return p.sinks.get(&id).map(|s| s.inbox.clone());
        }
        let sink = p.sinks.remove(&id)?;
        if let Exec::Worker(i) = sink.exec {
            if let Some(Some(slot)) = p.slots.get_mut(i) {
                slot.busy = slot.busy.saturating_sub(1);
            }
        }
        p.reserved = p.reserved.saturating_sub(sink.reserved);
        if let Reply::Loaded { report, .. } = &r {
            if let Ok(crate::wire::envelope::Payload::Information {
                rows: Rows::Kept { bytes },
                ..
            }) = &report.outcome
            {
                p.kept.insert(id, (sink.exec, *bytes));
            }
        }
        Some(sink.inbox)
    });
    if let Some(inbox) = inbox {
        inbox.push(id, Event::Reply(r));
    }
}

/// Worker `idx` is gone (`why`): its requests are lost (their tasks run them elsewhere), its rows
/// forgotten, and no worker is started again in this page.
fn worker_failed(idx: usize, why: String) {
    let lost = POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.failed = Some(why);
        drop_slot(&mut p, idx)
    });
    for (id, inbox) in lost {
        inbox.push(id, Event::Lost);
    }
}

/// Terminates worker `idx`; returns the requests that were waiting on it.
fn drop_slot(p: &mut Pool, idx: usize) -> Vec<(u32, Inbox)> {
    if let Some(Some(slot)) = p.slots.get_mut(idx).map(Option::take) {
        slot.worker.terminate();
    }
    p.kept.retain(|_, (e, _)| *e != Exec::Worker(idx));
    let ids: Vec<u32> = p
        .sinks
        .iter()
        .filter(|(_, s)| s.exec == Exec::Worker(idx))
        .map(|(id, _)| *id)
        .collect();
    ids.into_iter()
        .filter_map(|id| {
            let s = p.sinks.remove(&id)?;
            p.reserved = p.reserved.saturating_sub(s.reserved);
            Some((id, s.inbox))
        })
        .collect()
}

/// Sends `req` (id `id`) to `exec`, its replies to `inbox`.
fn send(
    exec: Exec,
    id: u32,
    req: Request,
    src: JsValue,
    inbox: &Inbox,
    generation: u32,
    reserved: u64,
) {
    expect(exec, id, inbox, generation, reserved);
    post(exec, req, src, generation);
}

/// Registers request `id` on `exec`: its replies go to `inbox`, `reserved` bytes of [`KEEP_BYTES`] are
/// held for it until its last reply.
fn expect(exec: Exec, id: u32, inbox: &Inbox, generation: u32, reserved: u64) {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.sinks.insert(
            id,
            Sink {
                inbox: inbox.clone(),
                exec,
                generation,
                reserved,
            },
        );
        p.reserved += reserved;
        if let Exec::Worker(i) = exec {
            if let Some(Some(slot)) = p.slots.get_mut(i) {
                slot.busy += 1;
            }
        }
    });
}

/// Sends several files to worker `i` in one message ([`Request::LoadMany`]; their sources beside it, in
/// order), each registered under its own id as [`send`] does, so their replies are handled as if each had
/// its own message.
fn send_many(
    i: usize,
    files: Vec<(LoadRequest, JsValue)>,
    reserve: u64,
    inbox: &Inbox,
    generation: u32,
) {
    let sources = Array::new();
    let mut reqs = Vec::with_capacity(files.len());
    for (req, src) in files {
        expect(Exec::Worker(i), req.id, inbox, generation, req.keep_budget);
        sources.push(&src);
        reqs.push(req);
    }
    let req = Request::LoadMany {
        files: reqs,
        reserve,
    };
    post(Exec::Worker(i), req, sources.into(), generation);
}

/// Posts a registered request to `exec` (the page answers it itself when no worker could start).
fn post(exec: Exec, req: Request, src: JsValue, generation: u32) {
    match exec {
        Exec::Page => {
            let why = POOL.with(|p| p.borrow().failed.clone()).unwrap_or_default();
            leptos::task::spawn_local(async move {
                let live = generation == 0 || POOL.with(|p| p.borrow().generation) == generation;
                if let Some(r) = answer_in_page(req, &why) {
                    if live {
                        deliver(r);
                    }
                }
            })
        }
        Exec::Worker(i) => {
            let bytes = crate::wire::to_bytes(&req);
            let buf = Uint8Array::from(&bytes[..]).buffer();
            let msg = Object::new();
            let _ = Reflect::set(&msg, &"msg".into(), &buf);
            let _ = Reflect::set(&msg, &"src".into(), &src);
            let transfer = Array::of1(&buf);
            let posted = POOL.with(|p| {
                let mut p = p.borrow_mut();
                let s = p.slots.get_mut(i).and_then(Option::as_mut)?;
                if !s.ready {
                    s.queue.push((msg, transfer));
                    return Some(true);
                }
                Some(s.worker.post_message_with_transfer(&msg, &transfer).is_ok())
            });
            if posted != Some(true) {
                worker_failed(i, "could not reach the decode worker".into());
            }
        }
    }
}

/// One file of a load: its request (the id is given here), its `File`/URL and its size (0 unknown).
pub struct FileJob {
    pub req: LoadRequest,
    pub src: JsValue,
    pub size: u64,
}

/// Starts a new load generation: every request of an older load is cancelled (workers busy with one are
/// terminated, which frees their memory; a page slice stops at its next yield).
pub fn begin_load() -> u32 {
    let mut lost = Vec::new();
    let cancelled = POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.generation += 1;
        let g = p.generation;
        let stale: Vec<u32> = p
            .sinks
            .iter()
            .filter(|(_, s)| s.generation != 0 && s.generation < g)
            .map(|(id, _)| *id)
            .collect();
        let mut out = Vec::new();
        for id in stale {
            if let Some(s) = p.sinks.remove(&id) {
                p.reserved = p.reserved.saturating_sub(s.reserved);
                if let Exec::Worker(i) = s.exec {
                    // Other requests on that worker (threshold counts) run elsewhere.
                    lost.extend(drop_slot(&mut p, i));
                }
                out.push((id, s.inbox));
            }
        }
        out
    });
    for (id, inbox) in cancelled {
        inbox.push(id, Event::Cancelled);
    }
    for (id, inbox) in lost {
        inbox.push(id, Event::Lost);
    }
    POOL.with(|p| p.borrow().generation)
}

/// The current load generation.
pub fn current_generation() -> u32 {
    POOL.with(|p| p.borrow().generation)
}

/// How far a file of a load got: bytes read of its total (0 when unknown), or decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProgress {
    Read { done: u64, total: u64 },
    Done,
}

/// Decodes `jobs` (ids are assigned here), reporting `progress(index, ..)`; each job's id and report in job
/// order, or `None` when a newer load cancelled this one.
pub async fn load_all(
    mut jobs: Vec<FileJob>,
    mode: Mode,
    generation: u32,
    progress: &dyn Fn(usize, FileProgress),
) -> Option<Vec<(u32, LoadReport)>> {
    if current_generation() != generation {
        return None;
    }
    let n = jobs.len();
    let small =
        jobs.iter().all(|j| j.size > 0) && jobs.iter().map(|j| j.size).sum::<u64>() <= SMALL_BYTES;
    let one = match mode {
        Mode::One => true,
        Mode::Workers => false,
        Mode::Auto => small,
    };
    // A lone worker takes several files at once (their reads overlap); a small load's files all at once,
    // so that none waits for the page to see another's reply.
    let (workers, per_worker) = if one {
        (1, if small { n.max(1) } else { ONE_WORKER_PARALLEL })
    } else {
        (cores().min(n), 1)
    };
    let largest = jobs.iter().map(|j| j.size).max().unwrap_or(0);
    let inbox = Inbox::default();
    let mut queue: VecDeque<usize> = (0..n).collect();
    let mut running: HashMap<u32, (usize, Exec, u64)> = HashMap::new();
    let mut reports: Vec<Option<(u32, LoadReport)>> = (0..n).map(|_| None).collect();
    let mut done = 0;
    // Where the files were decoded, for `data-decode` on `<body>` (tests, benchmarks): `page` when no
    // worker could start (the page then failed them).
    let (mut in_worker, mut in_page_done) = (false, false);
    let mut worker_memory: HashMap<usize, u64> = HashMap::new();
    while done < n {
        // Hand out files while there is an idle instance and room in memory; a small load's files go to
        // their worker in one message.
        let mut together: Vec<(LoadRequest, JsValue)> = Vec::new();
        while let Some(&next) = queue.front() {
            let size = jobs[next].size;
            let inflight: u64 = running.values().map(|r| r.2).sum();
            if !running.is_empty() && inflight + size > INFLIGHT_BYTES {
                break;
            }
            let Some(exec) = idle(workers, per_worker, &running) else {
                break;
            };
            queue.pop_front();
            if let Exec::Worker(i) = exec {
                release_rows(i);
            }
            let id = next_id();
            let job = &mut jobs[next];
            job.req.id = id;
            job.req.keep_budget = reserve_keep(size);
            running.insert(id, (next, exec, size));
            if one && small && exec == Exec::Worker(0) {
                together.push((job.req.clone(), job.src.clone()));
                continue;
            }
            send(
                exec,
                id,
                Request::Load {
                    file: job.req.clone(),
                    reserve: largest,
                },
                job.src.clone(),
                &inbox,
                generation,
                job.req.keep_budget,
            );
        }
        if !together.is_empty() {
            send_many(0, together, largest, &inbox, generation);
        }
        let (id, event) = inbox.next().await;
        match event {
            Event::Cancelled => return None,
            Event::Lost => {
                if let Some((idx, _, _)) = running.remove(&id) {
                    queue.push_front(idx);
                }
            }
            Event::Reply(Reply::Progress { done: d, total, .. }) => {
                if let Some((idx, _, _)) = running.get(&id) {
                    progress(*idx, FileProgress::Read { done: d, total });
                }
            }
            Event::Reply(Reply::Loaded { report, memory, .. }) => {
                if let Some((idx, exec, _)) = running.remove(&id) {
                    reports[idx] = Some((id, report));
                    done += 1;
                    progress(idx, FileProgress::Done);
                    match exec {
                        Exec::Page => in_page_done = true,
                        Exec::Worker(i) => {
                            in_worker = true;
                            let peak = worker_memory.entry(i).or_insert(0);
                            *peak = (*peak).max(memory);
                        }
                    }
                }
            }
            // A load's files arrive as `Loaded` (`deliver` splits `LoadedMany`).
            Event::Reply(Reply::Counts { .. } | Reply::LoadedMany { .. }) => {}
        }
        if POOL.with(|p| p.borrow().generation) != generation {
            return None;
        }
    }
    trim();
    let decoded = match (in_worker, in_page_done) {
        (true, false) => "workers",
        (false, true) => "page",
        (true, true) => "both",
        (false, false) => "none",
    };
    super::state::set_body("decode", decoded);
    // The workers' wasm memory at their last reply of this load (their peak): the largest one's, and all
    // of them together (they run at once), in bytes, for the benchmark.
    let largest = worker_memory.values().max().copied().unwrap_or(0);
    let together: u64 = worker_memory.values().sum();
    super::state::set_body("workerMemoryMax", &largest.to_string());
    super::state::set_body("workerMemorySum", &together.to_string());
    Some(reports.into_iter().flatten().collect())
}

/// Worker `i` is about to load another file: it lets go of the rows it kept (a worker keeps those of its
/// last file only, so it never holds two files at once), and a threshold change reads those files again.
fn release_rows(i: usize) {
    POOL.with(|p| {
        p.borrow_mut()
            .kept
            .retain(|_, (e, _)| *e != Exec::Worker(i))
    });
}

/// How many of a file's bytes it may keep: all of them if they fit what is left of [`KEEP_BYTES`], else 0.
fn reserve_keep(size: u64) -> u64 {
    POOL.with(|p| {
        let p = p.borrow();
        let used: u64 = p.kept.values().map(|k| k.1).sum::<u64>() + p.reserved;
        if size > 0 && used + size <= KEEP_BYTES {
            size
        } else {
            0
        }
    })
}

/// Starts the first decode worker ahead of a load the user is about to make (a file picker opened, files
/// dragged over the page), so that its decoder is fetched and compiled while they choose; nothing when it
/// runs already or no worker can start here.
pub fn warm() {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        if p.failed.is_none() && !matches!(p.slots.first(), Some(Some(_))) {
            start_worker(&mut p, 0);
        }
    });
}

/// An instance free for the next file: the first worker among the first `workers` that runs fewer than
/// `per_worker` files, started on demand, or the page when no worker can start (it then fails the file
/// with the reason).
fn idle(
    workers: usize,
    per_worker: usize,
    running: &HashMap<u32, (usize, Exec, u64)>,
) -> Option<Exec> {
    let busy = |e: Exec| running.values().filter(|r| r.1 == e).count() >= per_worker;
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        if p.failed.is_some() {
            return Some(Exec::Page);
        }
        for i in 0..workers {
            if busy(Exec::Worker(i)) {
                continue;
            }
            let alive = matches!(p.slots.get(i), Some(Some(_)));
            if alive || start_worker(&mut p, i) {
                return Some(Exec::Worker(i));
            }
            return Some(Exec::Page);
        }
        None
    })
}

/// Terminates the workers that run nothing and keep no rows (their memory goes back to the system).
pub fn trim() {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        for i in 0..p.slots.len() {
            let idle = p.slots[i].as_ref().is_some_and(|s| s.busy == 0);
            let keeps = p.kept.values().any(|k| k.0 == Exec::Worker(i));
            if idle && !keeps {
                drop_slot(&mut p, i);
            }
        }
    });
}

/// Lets go of the rows kept for these loads (their sweeps are gone), then trims.
pub fn forget(ids: &[u32]) {
    let mut by_worker: HashMap<usize, Vec<u32>> = HashMap::new();
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        for id in ids {
            match p.kept.remove(id) {
                Some((Exec::Worker(i), _)) => by_worker.entry(i).or_default().push(*id),
                Some((Exec::Page, _)) => {
                    KEPT.with(|k| k.borrow_mut().remove(id));
                }
                None => {}
            }
        }
    });
    for (i, ids) in by_worker {
        let id = next_id();
        send(
            Exec::Worker(i),
            id,
            Request::Forget { ids },
            JsValue::UNDEFINED,
            &Inbox::default(),
            0,
            0,
        );
        // No reply comes for a Forget.
        POOL.with(|p| {
            let mut p = p.borrow_mut();
            p.sinks.remove(&id);
            if let Some(Some(s)) = p.slots.get_mut(i) {
                s.busy = s.busy.saturating_sub(1);
            }
        });
    }
    trim();
}

/// Whether the rows of load `id` are kept somewhere (a threshold change is then quick).
pub fn is_kept(id: u32) -> bool {
    POOL.with(|p| p.borrow().kept.contains_key(&id))
}

/// Registers rows the page keeps itself (a sweep handed over already decoded).
pub fn keep_in_page(id: u32, bytes: u64) {
    POOL.with(|p| p.borrow_mut().kept.insert(id, (Exec::Page, bytes)));
}

/// The informative counts per point of load `rows` at `threshold`: from its kept rows, or from its file
/// read again (`src`) in a worker.
pub async fn counts(
    rows: u32,
    src: JsValue,
    threshold: f64,
) -> Result<Vec<Option<CountStats>>, Failure> {
    let inbox = Inbox::default();
    let id = next_id();
    let exec = POOL.with(|p| {
        let mut p = p.borrow_mut();
        if let Some((e, _)) = p.kept.get(&rows) {
            return *e;
        }
        if p.failed.is_some() {
            return Exec::Page;
        }
        let free = (0..cores()).find(|&i| matches!(p.slots.get(i), Some(Some(s)) if s.busy == 0));
        if let Some(i) = free {
            return Exec::Worker(i);
        }
        let i = (0..MAX_WORKERS)
            .find(|&i| !matches!(p.slots.get(i), Some(Some(_))))
            .unwrap_or(0);
        if matches!(p.slots.get(i), Some(Some(_))) || start_worker(&mut p, i) {
            Exec::Worker(i)
        } else {
            Exec::Page
        }
    });
    let req = Request::Counts {
        id,
        rows,
        threshold,
    };
    send(exec, id, req.clone(), src.clone(), &inbox, 0, 0);
    loop {
        match inbox.next().await.1 {
            Event::Reply(Reply::Counts { result, .. }) => {
                if matches!(exec, Exec::Worker(_)) && !is_kept(rows) {
                    trim();
                }
                return result;
            }
            Event::Reply(_) => {}
            Event::Lost => {
                // Its worker failed: the page answers (from a sweep it holds, else with the reason).
                send(Exec::Page, id, req.clone(), src.clone(), &inbox, 0, 0);
            }
            Event::Cancelled => {
                return Err(Failure {
                    kind: FailKind::Worker,
                    message: "cancelled".into(),
                })
            }
        }
    }
}
