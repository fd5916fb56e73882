//! Figures 1, 2 and 3 (Fig. S9A/B/C) on HiDPI canvases: the backing store is the CSS size x
//! `devicePixelRatio`, the width follows the container (ResizeObserver), the DPR is watched with a
//! `(resolution: Xdppx)` media query, and the aspect ratio is the figure's scene (7.5 x 1.9, 2.2, 2 in for
//! one row of panels).
//!
//! Owns: drawing through the draw module ([`super::draw_client`]: the figures' code is not in the page's
//! wasm; a draw before the module is loaded waits for it, a module that cannot be loaded is said in the
//! cards), the cards (a figure without data hides its canvas
//! and says why, [`crate::describe`] words the text alternatives), and the `ready`/`renderMs`/`pngSweeps`
//! hooks set after the figures are drawn. While the figures' data and options are exactly the demo's
//! precomputed ones ([`crate::demo::FigureSet::shows`]) and shown at most as wide as the files' pixels,
//! the cards show the demo's figure files (the same scenes at 300 dpi, `tests/demo_results.rs`) and set
//! `ready` once they are decoded: the first open waits for no canvas (a backing store, the first text in
//! each face, the scenes), which is drawn, hidden, in a task after `ready`, so that the user's first load
//! does not pay those one-time costs either (and loads the draw module). Any other data, option or a wider figure shows the canvas,
//! and a file that does not load falls back to it.

use super::download::FigureDownloads;
use super::draw_client::{self, CanvasSize, Module, Versioned};
use super::state::{now, set_body, AppState};
use super::status::paragraph;
use crate::demo;
use crate::describe::{describe, empty_reason, has_data};
use crate::figures::{Figure, FigureData, FigureOptions};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

/// Draws the figure on `canvas` at `size` (height from the figure's aspect ratio) through the draw module,
/// which must be loaded ([`draw_client::load`]); a figure without data (hidden, `blank`) gets a 0 x 0
/// canvas, which holds no pixels.
pub fn draw(
    canvas: &HtmlCanvasElement,
    kind: Figure,
    data: Versioned,
    opts: &FigureOptions,
    size: CanvasSize,
) -> Result<(), String> {
    if !has_data(kind, &data.data) {
        release(canvas);
        return Ok(());
    }
    draw_client::draw(canvas, kind, data, opts, size)
}

/// A figure without data (`blank`) keeps no backing store (one costs ~10 ms and ~16 MB at DPR 2). A
/// canvas hidden behind a figure file keeps its store: it is drawn after the first frame ([`warm_draw`]).
fn release(canvas: &HtmlCanvasElement) {
    if canvas.width() != 0 || canvas.height() != 0 {
        canvas.set_width(0);
        canvas.set_height(0);
    }
}

/// What the figures are drawn from: the state's statistics, named by `version`, the options, and the
/// canvases' CSS width and device-pixel ratio.
#[derive(Clone, Copy)]
struct Sources {
    state: AppState,
    version: Memo<u64>,
    opts: Memo<FigureOptions>,
    width: RwSignal<f64>,
    dpr: RwSignal<f64>,
}

/// Draws figure `i` and on to their hidden canvases `els`, each in a task of its own (`setTimeout` 0, so
/// after the frame that shows the figure files), unless a newer drawing run than `run` started.
fn warm_draw(
    src: Sources,
    i: usize,
    run: u32,
    runs: StoredValue<u32>,
    els: Vec<HtmlCanvasElement>,
) {
    set_timeout(
        move || {
            let (Some(canvas), Some(kind)) = (els.get(i), Figure::ALL.get(i).copied()) else {
                return;
            };
            if runs.try_get_value() != Some(run) {
                return;
            }
            let size = CanvasSize {
                css_w: src.width.get_untracked(),
                dpr: src.dpr.get_untracked(),
            };
            if size.css_w <= 0.0 {
                return;
            }
            let o = src.opts.get_untracked();
            let drawn = draw_client::with_shown(src.state, src.version, |data| {
                draw_logged(canvas, kind, data, &o, size)
            });
            if drawn.is_some() {
                warm_draw(src, i + 1, run, runs, els);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// [`draw`], with a failure in the console.
fn draw_logged(
    canvas: &HtmlCanvasElement,
    kind: Figure,
    data: Versioned,
    opts: &FigureOptions,
    size: CanvasSize,
) {
    if let Err(e) = draw(canvas, kind, data, opts, size) {
        web_sys::console::warn_1(&format!("drawing {kind:?} failed: {e}").into());
    }
}

/// Waits until the figure files at `urls` are loaded and decoded; `false` when one is not.
async fn files_ready(urls: Vec<String>) -> bool {
    let decoding: Vec<_> = urls
        .iter()
        .map(|url| {
            let img = web_sys::HtmlImageElement::new().ok()?;
            img.set_src(url);
            Some(JsFuture::from(img.decode()))
        })
        .collect();
    let mut ok = true;
    for d in decoding {
        ok &= match d {
            Some(d) => d.await.is_ok(),
            None => false,
        };
    }
    ok
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

/// The canvas test id of a figure.
pub fn canvas_testid(kind: Figure) -> &'static str {
    match kind {
        Figure::Ranked => "fig-ranked",
        Figure::Counts => "fig-counts",
        Figure::PngCounts => "fig-png",
    }
}

/// The page's caption of a figure.
fn caption(kind: Figure) -> &'static str {
    match kind {
        Figure::Ranked => "Figure 1 · ranked information",
        Figure::Counts => "Figure 2 · informative neurons",
        Figure::PngCounts => "Figure 3 · PNG counts",
    }
}

/// The three figures (Fig. S9A, S9B from the information sweeps; S9C from the PNG-count sweeps) with their
/// downloads. A figure without data hides its canvas and says why, when the other kind of file was loaded.
#[component]
pub fn Figures() -> impl IntoView {
    let state = expect_context::<AppState>();
    let container = NodeRef::<html::Section>::new();
    let canvases: [NodeRef<html::Canvas>; 3] = std::array::from_fn(|_| NodeRef::new());
    let width = RwSignal::new(0.0f64);
    let dpr = RwSignal::new(dpr_now());
    watch_dpr(dpr);
    // The width comes from the ResizeObserver's first callback (after layout, before paint): reading
    // `clientWidth` here would force a layout during mount.
    Effect::new(move |_| {
        if let Some(el) = container.get() {
            observe_width(&el, width, dpr);
        }
    });
    let opts = Memo::new(move |_| state.settings.with(|s| s.figure_options()));
    // The figures' data version: a new one on every change of the statistics, so the draw module gets
    // the data once per change (draw_client), not with every draw.
    let version = Memo::new(move |_| {
        state.stats.track();
        state.png_stats.track();
        draw_client::next_version()
    });
    // Where the draw module is; set when a load of it ends (the drawing effect then runs again).
    let module = RwSignal::new(draw_client::status());
    // Loads the module (once; every caller waits for the same load), says so in `module`: whether it
    // is there.
    let load_module = move || async move {
        let now = match draw_client::load().await {
            Ok(()) => Module::Ready,
            Err(m) => Module::Failed(m),
        };
        let ok = now == Module::Ready;
        if module.try_get_untracked().is_some_and(|m| m != now) {
            module.try_set(now);
        }
        ok
    };
    // The demo folder's URL while the figures are exactly its figure files, and these are not shown wider
    // than their pixels (the width is 0 until the first layout).
    let from_files = Memo::new(move |_| {
        state.demo_figures.with(|d| {
            let d = d.as_ref()?;
            if width.get() * dpr.get() > demo::FIGURE_FILE_PX {
                return None;
            }
            let same = state.stats.with(|info| {
                state
                    .png_stats
                    .with(|png| opts.with(|o| d.set.shows(&FigureData { info, png }, o)))
            });
            same.then(|| d.base.clone())
        })
    });
    // The figures' text alternatives (the canvases' `aria-label`, the files' `alt`), from the data and
    // options they show. The threshold is read untracked, as by the drawing below: while a threshold
    // change is recounted the figures still show the last complete counts.
    let labels = Memo::new(move |_| {
        let threshold = state.settings.with_untracked(|s| s.threshold);
        state.stats.with(|info| {
            state.png_stats.with(|png| {
                let data = FigureData { info, png };
                opts.with(|o| Figure::ALL.map(|kind| describe(kind, &data, o, threshold)))
            })
        })
    });
    // Draws (or waits for the files) of the latest run only set `ready`.
    let runs = StoredValue::new(0u32);
    let sources = Sources {
        state,
        version,
        opts,
        width,
        dpr,
    };
    Effect::new(move |_| {
        let (w, d, o) = (width.get(), dpr.get(), opts.get());
        let size = CanvasSize { css_w: w, dpr: d };
        let files = from_files.get();
        let recounting = state.recounting.with(|r| !r.is_empty());
        // A loop, not `collect::<Option<Vec<_>>>()`, whose adapter cost the page's wasm 366 B gzip.
        let mut els = Vec::with_capacity(canvases.len());
        for c in &canvases {
            let Some(el) = c.get() else { return };
            els.push(el);
        }
        if w <= 0.0 && files.is_none() {
            return;
        }
        // The module only matters when a canvas is drawn (the figure files and empty figures need none).
        let any = state.stats.with(|info| {
            state.png_stats.with(|png| {
                Figure::ALL
                    .iter()
                    .any(|&k| has_data(k, &FigureData { info, png }))
            })
        });
        let drawer = (files.is_none() && any).then(|| module.get());
        let v = version.get();
        let mut urls = Vec::new();
        state.stats.with(|info| {
            state.png_stats.with(|png| {
                let data = FigureData { info, png };
                for (canvas, kind) in els.iter().zip(Figure::ALL) {
                    match &files {
                        Some(base) if has_data(kind, &data) => {
                            urls.push(format!("{base}{}", demo::figure_file(kind)));
                        }
                        Some(_) => {}
                        None => match &drawer {
                            Some(Module::Ready) => {
                                let data = Versioned { version: v, data };
                                draw_logged(canvas, kind, data, &o, size)
                            }
                            Some(Module::Failed(_)) => release(canvas),
                            _ => {}
                        },
                    }
                }
                set_body("pngSweeps", &png.len().to_string());
            })
        });
        let run = runs.get_value().wrapping_add(1);
        runs.set_value(run);
        if recounting {
            // The counts at the new threshold are on their way; this drew the last complete ones.
            return;
        }
        let drawn = move || {
            if runs.try_get_value() != Some(run) {
                return;
            }
            if let Some(t0) = state.render_t0.try_update_value(|t| t.take()).flatten() {
                set_body("renderMs", &format!("{:.2}", now() - t0));
            }
            if state.loads.get_untracked() == 0 {
                set_body("state", "ready");
            }
        };
        if files.is_none() {
            if drawer == Some(Module::Pending) {
                // Drawn once the module is there (this effect runs again then).
                spawn_local(async move {
                    load_module().await;
                });
            } else {
                drawn();
            }
            return;
        }
        spawn_local(async move {
            if files_ready(urls).await {
                drawn();
                // Then, after the frame that shows the files, the same figures on the hidden canvases, one
                // task per figure: the first draw's one-time costs (backing stores, the first text in each
                // face, compiling the drawing code) are paid here, off the first open's path and before the
                // user's first load, which would otherwise pay them at its end.
                // The draw module is loaded here too (its script and wasm fetched and compiled while the
                // files show).
                request_animation_frame(move || {
                    spawn_local(async move {
                        if load_module().await {
                            warm_draw(sources, 0, run, runs, els);
                        }
                    })
                });
            } else {
                // A file did not load: draw instead (from_files turns None, this effect runs again).
                web_sys::console::warn_1(&"the demo's figure files did not load: drawing".into());
                state.demo_figures.try_set(None);
            }
        });
    });
    let nothing =
        move || state.stats.with(|s| s.is_empty()) && state.png_stats.with(|s| s.is_empty());
    let cards = Figure::ALL
        .into_iter()
        .zip(canvases)
        .enumerate()
        .map(|(i, (kind, node))| {
            let reason = move || {
                state.stats.with(|info| {
                    state
                        .png_stats
                        .with(|png| empty_reason(kind, &FigureData { info, png }))
                })
            };
            let empty = move || {
                state.stats.with(|info| {
                    state
                        .png_stats
                        .with(|png| !has_data(kind, &FigureData { info, png }))
                })
            };
            let file = move || from_files.get().filter(|_| !empty());
            // The file's size: the card keeps the figure's aspect ratio before the file arrives.
            let (file_w, file_h) = demo::figure_file_size(kind);
            let label = move || labels.with(|l| l[i].clone());
            view! {
                <figure class="fig">
                    <canvas
                        data-testid=move || from_files.with(Option::is_none).then(|| canvas_testid(kind))
                        role="img"
                        node_ref=node
                        class:blank=move || empty() || from_files.with(Option::is_some)
                        aria-label=label
                    ></canvas>
                    {move || {
                        file()
                            .map(|base| {
                                view! {
                                    <img
                                        class="fig-file"
                                        data-testid=canvas_testid(kind)
                                        width=file_w
                                        height=file_h
                                        src=format!("{base}{}", demo::figure_file(kind))
                                        alt=label
                                    />
                                }
                            })
                    }}
                    {move || reason().map(|r| paragraph("fig-empty", None, None, r))}
                    {move || match module.get() {
                        // The module is asked for again (the data stays): a blocked or lost download
                        // needs no reload.
                        Module::Failed(why) if !empty() && file().is_none() => Some(view! {
                            <p class="fig-empty" data-testid=format!("{}-failed", canvas_testid(kind))>
                                {format!("This figure could not be drawn: {why}. ")}
                                <button
                                    type="button"
                                    class="btn small"
                                    data-testid=format!("{}-retry", canvas_testid(kind))
                                    on:click=move |_| {
                                        // Ready again once drawn (or failed again).
                                        super::state::mark_loading();
                                        draw_client::forget_failure();
                                        module.set(draw_client::status());
                                    }
                                >
                                    "Try again"
                                </button>
                            </p>
                        }),
                        _ => None,
                    }}
                    <figcaption>
                        <span>{caption(kind)}</span>
                        <FigureDownloads kind=kind opts=opts version=version />
                    </figcaption>
                </figure>
            }
        })
        .collect_view();
    view! {
        <section class="figures" node_ref=container aria-label="Figures">
            // A closure, not `<Show>`: Show's children are a type-erased `AnyView`, whose machinery cost
            // the page's wasm more than this one paragraph (page wasm -985 B gzip).
            {move || (nothing() && state.loads.get() == 0).then(|| paragraph(
                "empty",
                None,
                None,
                "No sweeps loaded: drop a results folder here, choose one above, or press Demo.".into(),
            ))}
            {cards}
        </section>
    }
}
