//! The draw module (the third wasm binary of the crate, loaded by the page on its main thread when it first
//! draws a figure, see `infosweep::app::draw_client`): the figures' code (scenes, mathtext, font metrics,
//! the canvas painter, the SVG writer) lives here, not in the page's own wasm. See `infosweep::draw`.
//!
//! Its exports are declared here, not in the library: a wasm-bindgen export in the library would be linked
//! into every binary of the crate (the page's too).

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;
    use web_sys::HtmlCanvasElement;

    /// Keeps the figures' data (wire bytes) for the draws that follow.
    #[wasm_bindgen]
    pub fn set_data(message: &[u8]) -> Result<(), JsError> {
        infosweep::draw::set_data(message).map_err(|e| JsError::new(&e))
    }

    /// Draws a figure (request: wire bytes of the figure and its options) on a page canvas.
    #[wasm_bindgen]
    pub fn draw(
        canvas: &HtmlCanvasElement,
        request: &[u8],
        css_w: f64,
        dpr: f64,
    ) -> Result<(), JsError> {
        infosweep::draw::draw(canvas, request, css_w, dpr).map_err(|e| JsError::new(&e))
    }

    /// Draws a figure on a detached canvas at a print resolution (the PNG download).
    #[wasm_bindgen]
    pub fn draw_png(canvas: &HtmlCanvasElement, request: &[u8], dpi: f64) -> Result<(), JsError> {
        infosweep::draw::draw_png(canvas, request, dpi).map_err(|e| JsError::new(&e))
    }

    /// A figure as an SVG document.
    #[wasm_bindgen]
    pub fn svg(request: &[u8]) -> Result<String, JsError> {
        infosweep::draw::svg(request).map_err(|e| JsError::new(&e))
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // The release build aborts on a panic without running a hook (scripts/trunk: -Cpanic=immediate-abort);
    // other builds (dev, tests) keep the panic's message.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "infosweep-draw is the page's draw module (wasm); natively, `infosweep report` draws"
    );
}
