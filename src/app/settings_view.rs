//! The settings panel: threshold and neuron total (validated as typed, see below), warnings about the loaded
//! data, the figures' look and export resolution, and per sweep its name (editable for loose files),
//! display name with a live preview, highlighted bar and a remove button. Changes land in the URL hash.
//!
//! Owns: the fields' behaviour. Threshold and neurons are text fields (`inputmode` decimal/numeric, so `2/3`
//! can be typed) checked on every keystroke by [`crate::settings`]: an invalid text gets
//! `aria-invalid="true"` and a message tied by `aria-describedby`, and is never applied; a valid one is
//! applied after a pause in typing, or at once on Enter or leaving the field. So typing `1e12` never
//! applies `1` on the way. Inputs keep the text being typed: they are only rewritten when settings arrive
//! from outside (a hash change, Undo, "Use N").

use super::state::{mark_loading, AppState, Loaded, Origin};
use super::status::{focus_soon, take_back};
use crate::figures::mathtext::{readable, readable_pieces, Script};
use crate::figures::{value_label, Background};
use crate::notebook::{display_name as default_display_name, highlight_index as default_highlight};
use crate::settings::{
    check_n_neurons, check_threshold, threshold_text, FieldError, PngDpi, Settings,
};
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use web_sys::{Event, KeyboardEvent};

/// The pause in typing after which a valid threshold or neuron total is applied.
const TYPING_PAUSE: Duration = Duration::from_millis(400);

/// Applies a settings change (marks the page loading: a redraw follows).
fn change(state: AppState, f: impl FnOnce(&mut Settings) -> bool) {
    let mut s = state.settings.get_untracked();
    if f(&mut s) && s != state.settings.get_untracked() {
        mark_loading();
        state.settings.set(s);
    }
}

/// A fresh element id (sweep names may hold any character, so ids are counted, not derived).
fn next_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The two checked fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Threshold,
    Neurons,
}

/// A valid value of a checked field.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Valid {
    Threshold(f64),
    Neurons(usize),
}

impl Field {
    fn id(self) -> &'static str {
        match self {
            Field::Threshold => "threshold",
            Field::Neurons => "n-neurons",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Field::Threshold => "Threshold",
            Field::Neurons => "Neurons",
        }
    }
    /// The keyboard a phone shows: `decimal` keeps `/` reachable on most, `numeric` is digits.
    fn inputmode(self) -> &'static str {
        match self {
            Field::Threshold => "decimal",
            Field::Neurons => "numeric",
        }
    }
    fn check(self, text: &str) -> Result<Valid, FieldError> {
        match self {
            Field::Threshold => check_threshold(text).map(Valid::Threshold),
            Field::Neurons => check_n_neurons(text).map(Valid::Neurons),
        }
    }
    /// The value in use, as the field shows it.
    fn text(self, s: &Settings) -> String {
        match self {
            Field::Threshold => threshold_text(s.threshold),
            Field::Neurons => s.n_neurons.to_string(),
        }
    }
}

fn apply(state: AppState, v: Valid) {
    change(state, |s| {
        match v {
            Valid::Threshold(t) => s.threshold = t,
            Valid::Neurons(n) => s.n_neurons = n,
        }
        true
    });
}

/// A checked text field: every keystroke is checked; a valid value is applied after a pause in typing, or
/// at once on Enter/change; an invalid one is marked and explained, and the value in use is named.
#[component]
fn CheckedField(field: Field, initial: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The text's error, empty while it is valid (a `String` like the page's other messages: one signal
    // type fewer in the wasm).
    let error = RwSignal::new(String::new());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let take = move |text: String, now: bool| {
        if let Some(t) = timer.try_update_value(|t| t.take()).flatten() {
            t.clear();
        }
        match field.check(&text) {
            Ok(v) => {
                error.set(String::new());
                if now {
                    apply(state, v);
                } else if let Ok(h) = set_timeout_with_handle(move || apply(state, v), TYPING_PAUSE)
                {
                    timer.set_value(Some(h));
                }
            }
            Err(e) => error.set(e.to_string()),
        }
    };
    let id = field.id();
    let msg_id = format!("{id}-msg");
    view! {
        <div class="field">
            <label for=id>{field.label()}</label>
            <input
                id=id
                type="text"
                inputmode=field.inputmode()
                autocomplete="off"
                spellcheck="false"
                data-testid=id
                value=initial
                aria-invalid=move || if error.with(String::is_empty) { "false" } else { "true" }
                aria-describedby=msg_id.clone()
                on:input=move |ev: Event| take(event_target_value(&ev), false)
                on:change=move |ev: Event| take(event_target_value(&ev), true)
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Enter" {
                        take(event_target_value(&ev), true);
                    }
                }
            />
            <p class="field-msg" id=msg_id.clone() data-testid=msg_id>
                {move || {
                    let e = error.get();
                    (!e.is_empty()).then(|| {
                        format!("{e} Still using {}.", state.settings.with_untracked(|s| field.text(s)))
                    })
                }}
            </p>
        </div>
    }
}

/// Threshold, neuron total, data warnings, figure options and the per-sweep controls.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let use_columns = move |n: usize| {
        apply(state, Valid::Neurons(n));
        state.external.update(|x| *x += 1);
        focus_soon("#n-neurons");
    };
    view! {
        <section class="settings" aria-label="Settings">
            {move || {
                state.external.get();
                let s = state.settings.get_untracked();
                view! {
                    <div class="row">
                        <CheckedField field=Field::Threshold initial=Field::Threshold.text(&s) />
                        <CheckedField field=Field::Neurons initial=Field::Neurons.text(&s) />
                    </div>
                }
            }}
            <div class="warnings" data-testid="warnings" role="status">
                {move || {
                    state
                        .warnings
                        .get()
                        .into_iter()
                        .map(|w| {
                            let fix = w.suggested_neurons().map(|n| {
                                view! {
                                    <button type="button" class="btn small" data-testid="use-columns" on:click=move |_| use_columns(n)>
                                        {format!("Use {n}")}
                                    </button>
                                }
                            });
                            view! { <p class="warning">{w.to_string()} " " {fix}</p> }
                        })
                        .collect_view()
                }}
            </div>
            <FigureChoices />
            <Removed />
            <SweepList />
        </section>
    }
}

/// One of the figures' checkboxes: `on` reads its choice from the settings, `set` writes it. Both boxes
/// are made here (one view type and one change handler; page wasm -41 B gzip).
fn choice_box(
    state: AppState,
    testid: &'static str,
    label: &'static str,
    on: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || state.settings.with(on)
                on:change=move |ev: Event| {
                    let checked = event_target_checked(&ev);
                    change(state, |s| {
                        set(s, checked);
                        true
                    });
                }
            />
            {label}
        </label>
    }
}

/// High contrast, the PNG resolution and a transparent background for exports (all kept in the hash).
#[component]
fn FigureChoices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on_dpi = move |ev: Event| {
        let v = event_target_value(&ev);
        if let Some(d) = PngDpi::from_dpi(&v) {
            change(state, |s| {
                s.png_dpi = d;
                true
            });
        }
    };
    view! {
        <div class="row choices">
            {choice_box(state, "high-contrast", "High contrast figures", |s| s.high_contrast, |s, on| {
                s.high_contrast = on;
            })}
            {choice_box(
                state,
                "transparent-bg",
                "Transparent background (SVG, PNG, PDF)",
                |s| s.background == Background::Transparent,
                |s, on| s.background = if on { Background::Transparent } else { Background::White },
            )}
            <label>
                "PNG resolution "
                <select data-testid="png-dpi" on:change=on_dpi>
                    {PngDpi::ALL
                        .into_iter()
                        .map(|d| {
                            view! {
                                <option value=d.dpi().to_string() prop:selected=move || state.settings.with(|s| s.png_dpi == d)>
                                    {format!("{} dpi", d.dpi())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

/// Sweeps of the link the user removed (`rm.` in the hash), with a way to bring them back.
#[component]
fn Removed() -> impl IntoView {
    let state = expect_context::<AppState>();
    let restore = |state: AppState| {
        let data = state.settings.with_untracked(|s| s.data.clone());
        state.settings.update(|s| s.removed.clear());
        match data {
            Some(d) => super::load::start_link(state, d, Origin::Link),
            None => super::input::load_demo(state),
        }
    };
    move || {
        let removed = state.settings.with(|s| s.removed.clone());
        (!removed.is_empty()).then(|| {
            let names: Vec<String> = removed.into_iter().collect();
            let text = format!("Removed from this link: {}. ", names.join(", "));
            take_back("removed", text, "restore", "Restore", state, restore)
        })
    }
}

/// After removing the sweep at `index`: focus the remove button now at that place (the next sweep's), else
/// the last one, else the folder picker.
fn focus_after_remove(index: usize) {
    request_animation_frame(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let buttons = doc.query_selector_all(".sweeps button.remove").ok();
        let n = buttons.as_ref().map_or(0, |b| b.length());
        let target = if n > 0 {
            buttons.and_then(|b| b.item((index as u32).min(n - 1)))
        } else {
            doc.query_selector("[data-testid=folder-input]")
                .ok()
                .flatten()
                .map(Into::into)
        };
        if let Some(el) =
            target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
        {
            let _ = el.focus();
        }
    });
}

/// The display name as the figures set it: italic letters, raised and lowered scripts (spans with the
/// classes `i`, `sup`, `sub`; the preview is for the eye, screen readers get [`readable`]).
fn preview(src: &str) -> impl IntoView {
    readable_pieces(src)
        .into_iter()
        .map(|p| {
            let script = match p.script {
                Script::Base => "",
                Script::Sup => "sup",
                Script::Sub => "sub",
            };
            let class = if p.italic {
                format!("{script} i")
            } else {
                script.to_string()
            };
            view! { <span class=class>{p.text}</span> }
        })
        .collect_view()
}

/// One sweep's controls.
fn sweep_item(state: AppState, l: Loaded) -> impl IntoView {
    let h = l.hparam.clone();
    // The name in the arena: every closure below stays `Copy`.
    let hs = StoredValue::new(h.clone());
    let loose = l.origin == Origin::Loose;
    let name_default = default_display_name(&h);
    let values: Vec<String> = l
        .data
        .stats
        .points
        .iter()
        .map(|p| value_label(&p.value))
        .collect();
    let name_in = move |s: &Settings| {
        hs.with_value(|h| {
            s.names
                .get(h)
                .cloned()
                .unwrap_or_else(|| default_display_name(h))
        })
    };
    let name_now = move || state.settings.with(name_in);
    let hl_now = move || {
        state.settings.with(|s| {
            hs.with_value(|h| {
                s.highlight
                    .get(h)
                    .copied()
                    .unwrap_or_else(|| default_highlight(h))
            })
        })
    };
    let on_name = move |ev: Event| {
        let v = event_target_value(&ev);
        let h = hs.get_value();
        let d = default_display_name(&h);
        change(state, |s| {
            if v.trim().is_empty() || v == d {
                s.names.remove(&h).is_some()
            } else {
                s.names.insert(h, v);
                true
            }
        });
    };
    let on_hl = move |ev: Event| {
        let v = event_target_value(&ev);
        let choice = if v == "none" {
            None
        } else {
            v.parse::<usize>().ok()
        };
        let h = hs.get_value();
        change(state, |s| {
            if choice == default_highlight(&h) {
                s.highlight.remove(&h).is_some()
            } else {
                s.highlight.insert(h, choice);
                true
            }
        });
    };
    let on_rename = move |ev: Event| {
        let v = event_target_value(&ev);
        hs.with_value(|h| state.rename(h, &v));
    };
    let on_remove = move |_| {
        let h = hs.get_value();
        let index = state
            .sweeps
            .with_untracked(|list| list.iter().position(|x| x.hparam == h))
            .unwrap_or(0);
        state.remove(&h);
        focus_after_remove(index);
    };
    let preview_id = next_id("preview");
    let head = if loose {
        Either::Left(view! {
            <input
                class="hparam-name"
                type="text"
                value=h.clone()
                aria-label=format!("Sweep name of {}", l.path)
                on:change=on_rename
            />
        })
    } else {
        Either::Right(view! { <code class="hparam">{h.clone()}</code> })
    };
    let path =
        (l.origin != Origin::Demo).then(|| view! { <span class="path">{l.path.clone()}</span> });
    view! {
        <li class="sweep" data-hparam=h.clone()>
            <div class="sweep-head">
                {head}
                <button type="button" class="link remove" aria-label=format!("Remove sweep {h}") on:click=on_remove>
                    "remove"
                </button>
            </div>
            {path}
            <div class="sweep-row">
                <label title="Axis and legend title (mathtext such as $\\rho$)">
                    "label "
                    <input
                        type="text"
                        class="display-name"
                        prop:value=move || {
                            state.external.get();
                            state.settings.with_untracked(name_in)
                        }
                        placeholder=name_default
                        aria-label=format!("label for {h}")
                        aria-describedby=preview_id.clone()
                        on:input=on_name
                    />
                </label>
                <span class="preview" aria-hidden="true">{move || preview(&name_now())}</span>
                <span class="vh" id=preview_id>{move || format!("shows as {}", readable(&name_now()))}</span>
                <label title="The bar drawn in orange in Figure 2">
                    "highlight "
                    <select aria-label=format!("highlight for {h}") on:change=on_hl>
                        <option value="none" prop:selected=move || hl_now().is_none()>"none"</option>
                        {values
                            .into_iter()
                            .enumerate()
                            .map(|(k, v)| {
                                view! { <option value=k.to_string() prop:selected=move || hl_now() == Some(k)>{v}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
        </li>
    }
}

/// What a sweep's row shows (its name, origin, path and values): the row's key, so that a row stays as it
/// is when another sweep changes, and when the same sweep is loaded again (rebuilding the rows cost a few
/// ms of each load of the example folder).
fn row_key(l: &Loaded) -> (String, u8, String, Vec<String>) {
    let values = l.data.stats.points.iter().map(|p| value_label(&p.value));
    (
        l.hparam.clone(),
        l.origin as u8,
        l.path.clone(),
        values.collect(),
    )
}

/// One row per loaded sweep (keyed by what it shows, [`row_key`]).
#[component]
fn SweepList() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="sweeps" aria-label="Loaded sweeps">
            <For
                each=move || state.sweeps.get()
                key=row_key
                children=move |l| sweep_item(state, l)
            />
        </ul>
    }
}
