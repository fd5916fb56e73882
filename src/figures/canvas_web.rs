//! The browser's `CanvasRenderingContext2d` as a [`Canvas2d`] (wasm32 only), and sizing a `<canvas>` for a
//! scene: backing store = CSS size × devicePixelRatio, height from the scene's aspect ratio.
//!
//! Owns: the web-sys calls; drawing logic lives in [`super::canvas`].
//!
//! ```ignore
//! let scene = Figure::Ranked.scene(&data, &opts);
//! canvas_web::draw(&canvas, &scene, 900.0, window.device_pixel_ratio())?; // 900 CSS px wide
//! ```

use super::canvas::{self, Canvas2d};
use super::scene::Scene;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

impl Canvas2d for CanvasRenderingContext2d {
    fn save(&mut self) {
        CanvasRenderingContext2d::save(self)
    }
    fn restore(&mut self) {
        CanvasRenderingContext2d::restore(self)
    }
    fn clear_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        CanvasRenderingContext2d::clear_rect(self, x, y, w, h)
    }
    fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        CanvasRenderingContext2d::fill_rect(self, x, y, w, h)
    }
    fn begin_path(&mut self) {
        CanvasRenderingContext2d::begin_path(self)
    }
    fn move_to(&mut self, x: f64, y: f64) {
        CanvasRenderingContext2d::move_to(self, x, y)
    }
    fn line_to(&mut self, x: f64, y: f64) {
        CanvasRenderingContext2d::line_to(self, x, y)
    }
    fn close_path(&mut self) {
        CanvasRenderingContext2d::close_path(self)
    }
    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        CanvasRenderingContext2d::rect(self, x, y, w, h)
    }
    fn arc(&mut self, x: f64, y: f64, r: f64) {
        let _ = CanvasRenderingContext2d::arc(self, x, y, r, 0.0, std::f64::consts::TAU);
    }
    fn clip(&mut self) {
        CanvasRenderingContext2d::clip(self)
    }
    fn fill(&mut self) {
        CanvasRenderingContext2d::fill(self)
    }
    fn stroke(&mut self) {
        CanvasRenderingContext2d::stroke(self)
    }
    fn set_fill_style(&mut self, css: &str) {
        self.set_fill_style_str(css)
    }
    fn set_stroke_style(&mut self, css: &str) {
        self.set_stroke_style_str(css)
    }
    fn set_line_width(&mut self, w: f64) {
        CanvasRenderingContext2d::set_line_width(self, w)
    }
    fn set_line_cap(&mut self, cap: &str) {
        CanvasRenderingContext2d::set_line_cap(self, cap)
    }
    fn set_line_dash(&mut self, segments: &[f64]) {
        let arr = js_sys::Array::new();
        for s in segments {
            arr.push(&(*s).into());
        }
        let _ = CanvasRenderingContext2d::set_line_dash(self, &arr);
    }
    fn set_font(&mut self, css: &str) {
        CanvasRenderingContext2d::set_font(self, css)
    }
    fn fill_text(&mut self, text: &str, x: f64, y: f64, rotate: bool) {
        if rotate {
            CanvasRenderingContext2d::save(self);
            let _ = self.translate(x, y);
            let _ = self.rotate(-std::f64::consts::FRAC_PI_2);
            let _ = CanvasRenderingContext2d::fill_text(self, text, 0.0, 0.0);
            CanvasRenderingContext2d::restore(self);
        } else {
            let _ = CanvasRenderingContext2d::fill_text(self, text, x, y);
        }
    }
}

/// CSS height of a scene shown `css_w` CSS px wide.
pub fn css_height(scene: &Scene, css_w: f64) -> f64 {
    if scene.width_pt > 0.0 {
        css_w * scene.height_pt / scene.width_pt
    } else {
        0.0
    }
}

/// Sizes `canvas` to show `scene` `css_w` CSS px wide at `dpr` device pixels per CSS px and draws it.
pub fn draw(canvas: &HtmlCanvasElement, scene: &Scene, css_w: f64, dpr: f64) -> Result<(), String> {
    let css_w = if css_w.is_finite() && css_w > 0.0 {
        css_w
    } else {
        1.0
    };
    let dpr = if dpr.is_finite() && dpr > 0.0 {
        dpr
    } else {
        1.0
    };
    let css_h = css_height(scene, css_w);
    let (w, h) = (
        (css_w * dpr).round().max(1.0) as u32,
        (css_h * dpr).round().max(1.0) as u32,
    );
    // Setting a size reallocates the backing store (and clears it) even when it is unchanged: only on a
    // change (`paint` clears the area itself).
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
        let style = canvas.style();
        let _ = style.set_property("width", &format!("{css_w}px"));
        let _ = style.set_property("height", &format!("{css_h}px"));
    }
    let mut ctx: CanvasRenderingContext2d = wasm_bindgen::JsCast::dyn_into(
        canvas
            .get_context("2d")
            .map_err(|e| format!("{e:?}"))?
            .ok_or("no 2D canvas context")?,
    )
    .map_err(|_| "not a 2D canvas context".to_string())?;
    ctx.set_text_baseline("alphabetic");
    ctx.set_text_align("left");
    ctx.set_line_join("round");
    let k = css_w * dpr / scene.width_pt.max(1e-9);
    canvas::paint(&mut ctx, scene, k);
    Ok(())
}
