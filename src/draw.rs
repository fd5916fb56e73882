//! The draw module's side (wasm32 only): the third wasm binary of the crate, `infosweep-draw`
//! (`src/bin/draw.rs` exports these functions to JS), which the page loads on its main thread when it first
//! draws a figure ([`crate::app::draw_client`]). The figures' code (scene building, mathtext, the font
//! metrics tables, the canvas painter, the SVG writer) lives here, not in the page's own wasm: the first open
//! shows the demo's figure files and draws nothing, so it does not download that code.
//!
//! Owns: the figures' data the page last sent ([`set_data`], once per data change: the statistics in
//! [`crate::wire`] bytes) and the operations on it, each given the figure and its options as wire bytes
//! ([`draw`] on a page canvas, [`draw_png`] on a detached canvas at a print resolution, [`svg`]).
//!
//! Messages: data = `(Vec<SweepStats>, Vec<PngSweepStats>)`, request = `(Figure, FigureOptions)`.
//! [`IN_PROCESS`] offers the same operations to a binary that links this code itself (the wasm tests,
//! `tests/web.rs`); the page never names it, so its wasm does not hold them.

use crate::figures::{canvas_web, Figure, FigureData, FigureOptions};
use crate::stats::{PngSweepStats, SweepStats};
use crate::wire;
use std::cell::RefCell;
use web_sys::HtmlCanvasElement;

/// The figures' data, as the page sent it.
type Data = (Vec<SweepStats>, Vec<PngSweepStats>);

thread_local! {
    static DATA: RefCell<Data> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Keeps the figures' data of `message` (wire bytes of `Data`) for the draws that follow.
pub fn set_data(message: &[u8]) -> Result<(), String> {
    let data = wire::from_bytes::<Data>(message).map_err(|e| format!("the figures' data: {e}"))?;
    DATA.with(|d| *d.borrow_mut() = data);
    Ok(())
}

/// Builds the scene of `request` (wire bytes of `(Figure, FigureOptions)`) from the kept data and hands
/// it to `use_scene`.
fn with_scene<T>(
    request: &[u8],
    use_scene: impl FnOnce(&crate::figures::Scene) -> Result<T, String>,
) -> Result<T, String> {
    let (figure, opts) = wire::from_bytes::<(Figure, FigureOptions)>(request)
        .map_err(|e| format!("the figure request: {e}"))?;
    let scene = DATA.with(|d| {
        let d = d.borrow();
        figure.scene(
            &FigureData {
                info: &d.0,
                png: &d.1,
            },
            &opts,
        )
    });
    use_scene(&scene)
}

/// Draws the figure of `request` on `canvas`, `css_w` CSS px wide at `dpr` device pixels per CSS px
/// ([`canvas_web::draw`]: the backing store and CSS size are set from the scene's aspect ratio).
pub fn draw(
    canvas: &HtmlCanvasElement,
    request: &[u8],
    css_w: f64,
    dpr: f64,
) -> Result<(), String> {
    with_scene(request, |scene| canvas_web::draw(canvas, scene, css_w, dpr))
}

/// Draws the figure of `request` on `canvas` at `dpi` (one pixel per CSS px, the figure's width in
/// inches × `dpi` wide, rounded), as the PNG download's detached canvas.
pub fn draw_png(canvas: &HtmlCanvasElement, request: &[u8], dpi: f64) -> Result<(), String> {
    with_scene(request, |scene| {
        canvas_web::draw(canvas, scene, (scene.width_pt / 72.0 * dpi).round(), 1.0)
    })
}

/// The figure of `request` as an SVG document.
pub fn svg(request: &[u8]) -> Result<String, String> {
    with_scene(request, |scene| Ok(crate::figures::svg::render(scene)))
}

/// The draw module's operations, as the page's client calls them ([`crate::app::draw_client`]): the
/// module's exports, or this code linked in.
pub struct Backend {
    pub set_data: fn(&[u8]) -> Result<(), String>,
    pub draw: fn(&HtmlCanvasElement, &[u8], f64, f64) -> Result<(), String>,
    pub draw_png: fn(&HtmlCanvasElement, &[u8], f64) -> Result<(), String>,
    pub svg: fn(&[u8]) -> Result<String, String>,
}

/// This module's operations called directly (a binary that links the figures' code: the wasm tests).
pub const IN_PROCESS: Backend = Backend {
    set_data,
    draw,
    draw_png,
    svg,
};
