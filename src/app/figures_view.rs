//! Figure 1 and Figure 2 on HiDPI canvases: the backing store is the CSS size x `devicePixelRatio`, the width
//! follows the container (ResizeObserver), the DPR is watched with a `(resolution: Xdppx)` media query, and the
//! aspect ratio is the figure's (7.5 x 1.9 in, 7.5 x 2.2 in).
//!
//! Owns: drawing through [`crate::figures::canvas::CanvasBackend`], the canvases' text alternatives, and the
//! `ready`/`renderMs` hooks set after both figures are drawn.

use super::download::FigureDownloads;
use super::state::{now, set_body, AppState};
use crate::figures::mathtext::readable;
use crate::figures::{self, canvas_web, Figure, FigureData, FigureOptions};
use crate::stats::SweepStats;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// Draws the figure on `canvas` (CSS `css_w` wide, backing store x `dpr`, height from the figure's
/// aspect ratio); with no sweeps the canvas is left blank.
pub fn draw(
    canvas: &HtmlCanvasElement,
    kind: Figure,
    stats: &[SweepStats],
    opts: &FigureOptions,
    css_w: f64,
    dpr: f64,
) -> Result<(), String> {
    let data = FigureData {
        info: stats,
        png: &[],
    };
    let scene = if stats.is_empty() {
        figures::Scene::new(kind.size_in().0 * 72.0, kind.size_in().1 * 72.0)
    } else {
        kind.scene(&data, opts)
    };
    canvas_web::draw(canvas, &scene, css_w, dpr)
}

/// The text alternative of a figure: what it shows, sweep by sweep (display names as readable text, not
/// mathtext source).
pub fn describe(
    kind: Figure,
    stats: &[SweepStats],
    opts: &FigureOptions,
    threshold: f64,
) -> String {
    if stats.is_empty() {
        return match kind {
            Figure::Ranked => "Figure 1, ranked information curves: no sweeps loaded".into(),
            Figure::Counts => "Figure 2, informative neuron counts: no sweeps loaded".into(),
            Figure::PngCounts => format!("{}: no sweeps loaded", kind.title()),
        };
    }
    let panels: Vec<String> = stats
        .iter()
        .map(|s| {
            let name = readable(&opts.display_name(&s.hparam));
            let values: Vec<String> = s
                .points
                .iter()
                .map(|p| {
                    let v = figures::value_label(&p.value);
                    match (kind, &p.stats) {
                        (Figure::Counts, Some(st)) => format!("{v}: {:.1} neurons", st.count_mean),
                        (Figure::Ranked, Some(st)) => {
                            format!("{v}: top-10 mean {:.3}", st.mean_info_top_k)
                        }
                        (Figure::PngCounts, Some(_)) => v,
                        (_, None) => format!("{v}: no data"),
                    }
                })
                .collect();
            format!("{} ({name}): {}", s.hparam, values.join(", "))
        })
        .collect();
    match kind {
        Figure::Ranked => format!(
            "Figure 1, ranked information curves: mean information of neurons ranked 1 to {} (log axis), one panel per sweep, one curve per value. {}",
            opts.n_neurons,
            panels.join("; ")
        ),
        Figure::Counts => format!(
            "Figure 2, informative neurons (information at least {threshold:.3}) per value, bars with SEM, one panel per sweep. {}",
            panels.join("; ")
        ),
        Figure::PngCounts => format!("{} {}", kind.description(), panels.join("; ")),
    }
}

fn dpr_now() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(1.0)
}

/// Sets `dpr` whenever the device-pixel ratio changes (browser zoom, moving to another screen).
fn watch_dpr(dpr: RwSignal<f64>) {
    let Some(w) = web_sys::window() else { return };
    let query = format!("(resolution: {}dppx)", w.device_pixel_ratio());
    let Ok(Some(mql)) = w.match_media(&query) else {
        return;
    };
    let mql2 = mql.clone();
    let cb = Closure::once_into_js(move || {
        mql2.set_onchange(None);
        if dpr.try_set(dpr_now()).is_none() {
            watch_dpr(dpr);
        }
    });
    mql.set_onchange(Some(cb.unchecked_ref()));
}

/// Sets `width` to the element's content width now and on every resize (and `dpr` if it changed).
fn observe_width(el: &web_sys::Element, width: RwSignal<f64>, dpr: RwSignal<f64>) {
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(e) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
            let w = e.content_rect().width();
            if (w - width.get_untracked()).abs() >= 0.5 {
                width.try_set(w);
            }
            // Browser zoom changes the width too; take the DPR along in case its media query lags.
            let d = dpr_now();
            if dpr.try_get_untracked().is_some_and(|old| old != d) {
                dpr.try_set(d);
            }
        }
    });
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(el);
        let ro = send_wrapper::SendWrapper::new(ro);
        on_cleanup(move || ro.disconnect());
    }
    cb.forget();
}

/// Both figures with their downloads.
#[component]
pub fn Figures() -> impl IntoView {
    let state = expect_context::<AppState>();
    let container = NodeRef::<html::Section>::new();
    let ranked = NodeRef::<html::Canvas>::new();
    let counts = NodeRef::<html::Canvas>::new();
    let width = RwSignal::new(0.0f64);
    let dpr = RwSignal::new(dpr_now());
    watch_dpr(dpr);
    Effect::new(move |_| {
        if let Some(el) = container.get() {
            let w = el.client_width() as f64;
            if w > 0.0 {
                width.set(w);
            }
            observe_width(&el, width, dpr);
        }
    });
    let opts = Memo::new(move |_| state.settings.with(|s| s.figure_options()));
    let labels = RwSignal::new((String::new(), String::new()));
    Effect::new(move |_| {
        let (w, d, o) = (width.get(), dpr.get(), opts.get());
        let threshold = state.settings.with_untracked(|s| s.threshold);
        let (Some(r), Some(c)) = (ranked.get(), counts.get()) else {
            return;
        };
        if w <= 0.0 {
            return;
        }
        state.stats.with(|stats| {
            for (canvas, kind) in [(&r, Figure::Ranked), (&c, Figure::Counts)] {
                if let Err(e) = draw(canvas, kind, stats, &o, w, d) {
                    web_sys::console::warn_1(&format!("drawing {kind:?} failed: {e}").into());
                }
            }
            labels.set((
                describe(Figure::Ranked, stats, &o, threshold),
                describe(Figure::Counts, stats, &o, threshold),
            ));
        });
        if let Some(t0) = state.render_t0.try_update_value(|t| t.take()).flatten() {
            set_body("renderMs", &format!("{:.2}", now() - t0));
        }
        if state.loads.get_untracked() == 0 {
            set_body("state", "ready");
        }
    });
    view! {
        <section class="figures" node_ref=container aria-label="Figures">
            <Show when=move || state.stats.with(|s| s.is_empty()) && state.loads.get() == 0>
                <p class="empty">"No sweeps loaded: drop a results folder here, choose one above, or press Demo."</p>
            </Show>
            <figure class="fig">
                <canvas data-testid="fig-ranked" role="img" node_ref=ranked aria-label=move || labels.with(|l| l.0.clone())></canvas>
                <figcaption>
                    <span>"Figure 1 · ranked information"</span>
                    <FigureDownloads kind=Figure::Ranked opts=opts />
                </figcaption>
            </figure>
            <figure class="fig">
                <canvas data-testid="fig-counts" role="img" node_ref=counts aria-label=move || labels.with(|l| l.1.clone())></canvas>
                <figcaption>
                    <span>"Figure 2 · informative neurons"</span>
                    <FigureDownloads kind=Figure::Counts opts=opts />
                </figcaption>
            </figure>
        </section>
    }
}
