//! The page's side of the draw module (`infosweep-draw`, the third wasm binary of the crate,
//! [`crate::draw`]): the figures' code is not in the page's wasm. The module is loaded on the main thread
//! the first time the page draws (a `<script>` for its no-modules glue, found through [`page_url`] so a
//! standalone report loads its inline copy, which defines the global `wasm_bindgen`; then
//! `wasm_bindgen({ module_or_path })` instantiates its wasm), or in a task after the first open's `ready`.
//! The figures' data goes to it once per data change (wire bytes, [`next_version`] tells changes apart),
//! the figure and its options with each draw.
//!
//! Owns: loading the module once (every caller waits for the same load; a failure is kept and
//! reported by every later call, with its reason in the console), the data version last sent, and the
//! calls: [`draw`] on a page canvas, [`draw_png`] on a detached canvas, [`svg`].

use super::bundle::page_url;
use super::read::js_msg;
use super::state::AppState;
use crate::draw::Backend;
use crate::figures::{Figure, FigureData, FigureOptions};
use crate::wire::{self, Wire};
use js_sys::{Object, Promise, Reflect};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

/// The draw module's glue (Trunk's `data-type="worker"` build: no-modules, global `wasm_bindgen`).
pub const DRAW_SCRIPT: &str = "infosweep-draw.js";
/// The draw module's wasm.
pub const DRAW_WASM: &str = "infosweep-draw_bg.wasm";

/// Where the draw module is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Module {
    /// Not loaded yet (or loading).
    Pending,
    /// Loaded: draws run at once.
    Ready,
    /// It could not be loaded, for this reason; the page draws nothing.
    Failed(String),
}

enum Status {
    Pending,
    Ready(&'static Backend),
    Failed(String),
}

thread_local! {
    static STATUS: RefCell<Status> = const { RefCell::new(Status::Pending) };
    /// The one load every caller waits for.
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// The data version the module holds.
    static SENT: Cell<Option<u64>> = const { Cell::new(None) };
    static NEXT_VERSION: Cell<u64> = const { Cell::new(0) };
    /// Whether the glue script ran: its global is a `let`, which a second copy could not declare again,
    /// so a load after a failed one only starts the wasm again.
    static GLUE_RAN: Cell<bool> = const { Cell::new(false) };
}

#[wasm_bindgen]
extern "C" {
    /// `wasm_bindgen(...)` of the draw module's glue (a global `let` of a classic script).
    #[wasm_bindgen(js_name = wasm_bindgen, catch)]
    fn module_init(options: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = set_data, catch)]
    fn module_set_data(message: &[u8]) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = draw, catch)]
    fn module_draw(
        canvas: &HtmlCanvasElement,
        request: &[u8],
        css_w: f64,
        dpr: f64,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = draw_png, catch)]
    fn module_draw_png(canvas: &HtmlCanvasElement, request: &[u8], dpi: f64)
        -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = wasm_bindgen, js_name = svg, catch)]
    fn module_svg(request: &[u8]) -> Result<String, JsValue>;
}

/// The loaded module's exports.
static MODULE: Backend = Backend {
    set_data: |m| module_set_data(m).map_err(|e| js_msg(&e)),
    draw: |c, r, w, d| module_draw(c, r, w, d).map_err(|e| js_msg(&e)),
    draw_png: |c, r, dpi| module_draw_png(c, r, dpi).map_err(|e| js_msg(&e)),
    svg: |r| module_svg(r).map_err(|e| js_msg(&e)),
};

/// Where the module is now.
pub fn status() -> Module {
    STATUS.with(|s| match &*s.borrow() {
        Status::Pending => Module::Pending,
        Status::Ready(_) => Module::Ready,
        Status::Failed(m) => Module::Failed(m.clone()),
    })
}

/// Uses `backend` instead of loading the module: a binary that links the figures' code itself (the wasm
/// tests, with [`crate::draw::IN_PROCESS`]).
pub fn link(backend: &'static Backend) {
    STATUS.with(|s| *s.borrow_mut() = Status::Ready(backend));
    SENT.set(None);
}

/// A new data version: the figures' data changed (each call differs from every earlier one).
pub fn next_version() -> u64 {
    let v = NEXT_VERSION.get().wrapping_add(1);
    NEXT_VERSION.set(v);
    v
}

/// Adds a `<script src=url>` to the document and waits until it ran.
async fn add_script(url: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let script = doc.create_element("script").map_err(|e| js_msg(&e))?;
    script.set_attribute("src", url).map_err(|e| js_msg(&e))?;
    let loaded = Promise::new(&mut |ok, err| {
        let _ = script.add_event_listener_with_callback("load", &ok);
        let _ = script.add_event_listener_with_callback("error", &err);
    });
    doc.head()
        .ok_or("no <head>")?
        .append_child(&script)
        .map_err(|e| js_msg(&e))?;
    JsFuture::from(loaded)
        .await
        .map(|_| ())
        .map_err(|_| format!("{DRAW_SCRIPT} could not be loaded"))
}

/// Loads the glue, then instantiates the module's wasm.
async fn boot() -> Result<(), String> {
    let wasm = page_url(DRAW_WASM)?;
    if !GLUE_RAN.get() {
        add_script(&page_url(DRAW_SCRIPT)?).await?;
        GLUE_RAN.set(true);
    }
    let options = Object::new();
    Reflect::set(&options, &"module_or_path".into(), &wasm.into()).map_err(|e| js_msg(&e))?;
    let started = module_init(&options)
        .map_err(|e| format!("{DRAW_SCRIPT} did not start: {}", js_msg(&e)))?;
    JsFuture::from(started)
        .await
        .map(|_| ())
        .map_err(|e| format!("{DRAW_WASM} could not be started: {}", js_msg(&e)))
}

/// After a failed load, the next [`load`] starts a new one (the reason is forgotten); nothing otherwise.
pub fn forget_failure() {
    STATUS.with(|s| {
        let mut s = s.borrow_mut();
        if matches!(*s, Status::Failed(_)) {
            *s = Status::Pending;
            LOADING.with(|l| l.borrow_mut().take());
        }
    });
}

/// Waits until the module is loaded (starting the load if none started); the reason when it cannot be.
pub async fn load() -> Result<(), String> {
    match status() {
        Module::Ready => return Ok(()),
        Module::Failed(m) => return Err(m),
        Module::Pending => {}
    }
    let loading = LOADING.with(|l| {
        l.borrow_mut()
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async {
                    let result = boot().await;
                    STATUS.with(|s| {
                        let mut s = s.borrow_mut();
                        if matches!(*s, Status::Pending) {
                            *s = match &result {
                                Ok(()) => Status::Ready(&MODULE),
                                Err(m) => {
                                    let m = format!("the figures' drawing code did not load: {m}");
                                    web_sys::console::error_1(&m.clone().into());
                                    Status::Failed(m)
                                }
                            };
                        }
                    });
                    Ok(JsValue::UNDEFINED)
                })
            })
            .clone()
    });
    let _ = JsFuture::from(loading).await;
    match status() {
        Module::Ready => Ok(()),
        Module::Failed(m) => Err(m),
        Module::Pending => Err("the figures' drawing code did not load".into()),
    }
}

/// The figures' data, named by its version ([`next_version`]: a new one on every change of the data), so
/// the module is sent the data once per change, not with every draw.
#[derive(Debug, Clone, Copy)]
pub struct Versioned<'a> {
    pub version: u64,
    pub data: FigureData<'a>,
}

/// Calls `f` with the figures' data now in `state`, named by `version` (the figures' data-version memo),
/// untracked; `None` once the figures are no longer shown (the memo is gone).
pub fn with_shown<T>(
    state: AppState,
    version: Memo<u64>,
    f: impl FnOnce(Versioned) -> T,
) -> Option<T> {
    let version = version.try_get_untracked()?;
    Some(state.stats.with_untracked(|info| {
        state.png_stats.with_untracked(|png| {
            f(Versioned {
                version,
                data: FigureData { info, png },
            })
        })
    }))
}

/// Where a page canvas is drawn: `css_w` CSS px wide (the height follows the figure's aspect ratio), its
/// backing store `dpr` device pixels per CSS px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CanvasSize {
    pub css_w: f64,
    pub dpr: f64,
}

/// The loaded module, holding `data` (sent when it holds another version).
fn with_data(data: Versioned) -> Result<&'static Backend, String> {
    let backend = STATUS.with(|s| match &*s.borrow() {
        Status::Ready(b) => Ok(*b),
        Status::Pending => Err("the figures' drawing code is not loaded yet".to_string()),
        Status::Failed(m) => Err(m.clone()),
    })?;
    if SENT.get() != Some(data.version) {
        let message = wire::message(|w| {
            wire::put_list(w, data.data.info);
            wire::put_list(w, data.data.png);
        });
        SENT.set(None);
        (backend.set_data)(&message)?;
        SENT.set(Some(data.version));
    }
    Ok(backend)
}

/// The wire bytes of a draw: the figure and its options.
fn request(kind: Figure, opts: &FigureOptions) -> Vec<u8> {
    wire::message(|w| {
        kind.put(w);
        opts.put(w);
    })
}

/// Draws figure `kind` of `data` on `canvas` at `size` (the backing store and CSS height from the
/// figure's aspect ratio). The module must be loaded ([`load`]).
pub fn draw(
    canvas: &HtmlCanvasElement,
    kind: Figure,
    data: Versioned,
    opts: &FigureOptions,
    size: CanvasSize,
) -> Result<(), String> {
    let backend = with_data(data)?;
    (backend.draw)(canvas, &request(kind, opts), size.css_w, size.dpr)
}

/// Draws figure `kind` on `canvas` at `dpi` (the PNG download's detached canvas).
pub fn draw_png(
    canvas: &HtmlCanvasElement,
    kind: Figure,
    data: Versioned,
    opts: &FigureOptions,
    dpi: f64,
) -> Result<(), String> {
    let backend = with_data(data)?;
    (backend.draw_png)(canvas, &request(kind, opts), dpi)
}

/// Figure `kind` as an SVG document.
pub fn svg(kind: Figure, data: Versioned, opts: &FigureOptions) -> Result<String, String> {
    let backend = with_data(data)?;
    (backend.svg)(&request(kind, opts))
}
