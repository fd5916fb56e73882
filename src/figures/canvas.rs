//! A plotters [`DrawingBackend`] over a browser `CanvasRenderingContext2d` (wasm32 only), drawing the
//! figures with f64 device positions so lines and text are crisp at any device-pixel ratio.
//!
//! Owns: mapping the figures' fine coordinate space (1 unit = 1/100 pt) to device pixels, and canvas paint
//! state (colors, widths, fonts). Layout and text positions come from [`super`]'s own metrics, so the canvas
//! shows the same layout as the SVG; the browser only renders each text run at the given baseline origin.
//!
//! ```ignore
//! // Figure 1 in a canvas shown 900 CSS px wide on a DPR-2 screen:
//! let (css_w, dpr) = (900.0, window.device_pixel_ratio());
//! let css_h = css_w * figures::RANKED_SIZE_IN.1 / figures::RANKED_SIZE_IN.0;
//! CanvasBackend::size_canvas(&canvas, css_w, css_h, dpr); // backing store = CSS size x DPR
//! let ctx: CanvasRenderingContext2d = canvas.get_context("2d")?.unwrap().dyn_into()?;
//! figures::draw_ranked(&mut CanvasBackend::new(ctx, css_w, css_h, dpr), &sweeps, &opts)?;
//! // 300-dpi PNG export: a detached `<canvas>` (document.create_element("canvas"), not an OffscreenCanvas,
//! // whose context is a different type) sized with css_w = 7.5 * 300 = 2250, css_h = 1.9 * 300, dpr = 1,
//! // then `canvas.to_blob(...)` for the PNG.
//! ```
//! `new(ctx, css_w, css_h, dpr)`: `css_w`/`css_h` = the canvas' CSS size in px, `dpr` = device pixels per
//! CSS px; the figure (7.5 in wide) is scaled to fill `css_w`, so one point = `css_w / 540` CSS px.

use super::scene::UNITS_PER_PT;
use super::RANKED_SIZE_IN;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The CSS font-family list the canvas asks for.
pub const CANVAS_FONT_FAMILY: &str = r#""DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif"#;

/// Column width (device px) below which consecutive path points are thinned ([`super::thin`]).
pub const THIN_COLUMN_PX: f64 = 0.25;

/// A canvas call failed (the browser's message).
#[derive(Debug, thiserror::Error)]
#[error("canvas drawing failed: {0}")]
pub struct CanvasError(pub String);

/// Draws figures onto a 2D canvas context; see the module documentation for the constructor.
pub struct CanvasBackend {
    ctx: CanvasRenderingContext2d,
    /// Device pixels per backend unit.
    k: f64,
    size: (u32, u32),
}

impl CanvasBackend {
    /// A backend for a canvas of `css_w` x `css_h` CSS px at `dpr` device pixels per CSS px (the backing store
    /// must be `css_w * dpr` x `css_h * dpr`; [`CanvasBackend::size_canvas`] sets it).
    pub fn new(ctx: CanvasRenderingContext2d, css_w: f64, css_h: f64, dpr: f64) -> CanvasBackend {
        let fig_w_units = RANKED_SIZE_IN.0 * 72.0 * UNITS_PER_PT;
        let css_w = if css_w.is_finite() && css_w > 0.0 {
            css_w
        } else {
            1.0
        };
        let css_h = if css_h.is_finite() && css_h > 0.0 {
            css_h
        } else {
            1.0
        };
        let dpr = if dpr.is_finite() && dpr > 0.0 {
            dpr
        } else {
            1.0
        };
        let k = css_w * dpr / fig_w_units;
        let size = (
            fig_w_units.round() as u32,
            (css_h * dpr / k).round().max(1.0) as u32,
        );
        CanvasBackend { ctx, k, size }
    }

    /// Sets a canvas' backing store to CSS size x DPR and its CSS size.
    pub fn size_canvas(canvas: &HtmlCanvasElement, css_w: f64, css_h: f64, dpr: f64) {
        canvas.set_width((css_w * dpr).round().max(1.0) as u32);
        canvas.set_height((css_h * dpr).round().max(1.0) as u32);
        let _ = canvas.style().set_property("width", &format!("{css_w}px"));
        let _ = canvas.style().set_property("height", &format!("{css_h}px"));
    }

    fn p(&self, c: BackendCoord) -> (f64, f64) {
        (c.0 as f64 * self.k, c.1 as f64 * self.k)
    }

    fn css(c: BackendColor) -> String {
        format!("rgba({},{},{},{})", c.rgb.0, c.rgb.1, c.rgb.2, c.alpha)
    }
}

fn js(e: wasm_bindgen::JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(format!("{e:?}")))
}

impl DrawingBackend for CanvasBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.ctx
            .set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
            .map_err(js)?;
        self.ctx.set_line_join("miter");
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }
    fn draw_pixel(
        &mut self,
        c: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let (x, y) = self.p(c);
        self.ctx.set_fill_style_str(&Self::css(color));
        self.ctx.fill_rect(x, y, self.k.max(1.0), self.k.max(1.0));
        Ok(())
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.draw_path([a, b], s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let ((x0, y0), (x1, y1)) = (self.p(a), self.p(b));
        if fill {
            self.ctx.set_fill_style_str(&Self::css(s.color()));
            self.ctx
                .fill_rect(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
        } else {
            self.ctx.set_stroke_style_str(&Self::css(s.color()));
            self.ctx.set_line_width(s.stroke_width() as f64 * self.k);
            self.ctx
                .stroke_rect(x0.min(x1), y0.min(y1), (x1 - x0).abs(), (y1 - y0).abs());
        }
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let pts: Vec<(f64, f64)> = path.into_iter().map(|c| self.p(c)).collect();
        if pts.len() < 2 {
            return Ok(());
        }
        // Dense polylines (Figure 1's 4096-point curves): a quarter device pixel is below what shows.
        let pts = super::thin::thin(&pts, THIN_COLUMN_PX);
        self.ctx.begin_path();
        for (i, (x, y)) in pts.iter().enumerate() {
            if i == 0 {
                self.ctx.move_to(*x, *y);
            } else {
                self.ctx.line_to(*x, *y);
            }
        }
        self.ctx.set_stroke_style_str(&Self::css(s.color()));
        self.ctx.set_line_width(s.stroke_width() as f64 * self.k);
        // Square caps are already drawn as extended ends by the scene player.
        self.ctx.set_line_cap("butt");
        self.ctx.stroke();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let (x, y) = self.p(c);
        self.ctx.begin_path();
        self.ctx
            .arc(x, y, r as f64 * self.k, 0.0, std::f64::consts::TAU)
            .map_err(js)?;
        if fill {
            self.ctx.set_fill_style_str(&Self::css(s.color()));
            self.ctx.fill();
        } else {
            self.ctx.set_stroke_style_str(&Self::css(s.color()));
            self.ctx.stroke();
        }
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let pts: Vec<(f64, f64)> = vert.into_iter().map(|c| self.p(c)).collect();
        if pts.len() < 3 {
            return Ok(());
        }
        self.ctx.begin_path();
        for (i, (x, y)) in pts.iter().enumerate() {
            if i == 0 {
                self.ctx.move_to(*x, *y);
            } else {
                self.ctx.line_to(*x, *y);
            }
        }
        self.ctx.close_path();
        self.ctx.set_fill_style_str(&Self::css(s.color()));
        self.ctx.fill();
        Ok(())
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let (x, y) = self.p(pos);
        let px = style.size() * self.k;
        let italic = matches!(style.style(), FontStyle::Italic | FontStyle::Oblique);
        let family = match style.family().as_str() {
            f if f.starts_with("DejaVu Sans,") => CANVAS_FONT_FAMILY.to_string(),
            f => f.to_string(),
        };
        self.ctx.set_font(&format!(
            "{}{:.3}px {}",
            if italic { "italic " } else { "" },
            px,
            family
        ));
        self.ctx.set_text_baseline("alphabetic");
        self.ctx.set_text_align("left");
        self.ctx.set_fill_style_str(&Self::css(style.color()));
        if matches!(style.transform(), FontTransform::Rotate270) {
            self.ctx.save();
            self.ctx.translate(x, y).map_err(js)?;
            self.ctx.rotate(-std::f64::consts::FRAC_PI_2).map_err(js)?;
            let r = self.ctx.fill_text(text, 0.0, 0.0).map_err(js);
            self.ctx.restore();
            r
        } else {
            self.ctx.fill_text(text, x, y).map_err(js)
        }
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        super::svg::estimate(text, style)
    }
}
