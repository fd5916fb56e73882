//! The settings panel: threshold, neuron total, and per sweep its name (editable for loose files), display
//! name, highlighted bar and a remove button. Every change redraws at once and lands in the URL hash.
//!
//! Inputs keep the text being typed: they are only rewritten when settings arrive from outside (a hash change).

use super::state::{mark_loading, AppState, Origin};
use crate::figures::value_label;
use crate::notebook::{display_name as default_display_name, highlight_index as default_highlight};
use crate::settings::{parse_n_neurons, parse_threshold, Settings};
use leptos::prelude::*;
use web_sys::Event;

fn target_value(ev: &Event) -> String {
    event_target_value(ev)
}

/// Applies a settings change (marks the page loading: a redraw follows).
fn change(state: AppState, f: impl FnOnce(&mut Settings) -> bool) {
    let mut s = state.settings.get_untracked();
    if f(&mut s) && s != state.settings.get_untracked() {
        mark_loading();
        state.settings.set(s);
    }
}

/// Loaded values above which typing waits for a pause before recomputing the statistics (about 1.5 s
/// per GB of float64 data); below it every keystroke redraws at once.
const BIG_VALUES: usize = 16_000_000;
/// The pause, in ms.
const TYPING_PAUSE_MS: i32 = 300;

fn is_big(state: AppState) -> bool {
    state.sweeps.with_untracked(|list| {
        list.iter()
            .flat_map(|l| &l.sweep.points)
            .filter_map(|p| p.post.as_ref().map(|a| a.len()))
            .sum::<usize>()
            > BIG_VALUES
    })
}

/// Runs `apply` now, or, for an `input` event over big data, once typing pauses (`change` always runs now).
fn soon(
    state: AppState,
    timer: StoredValue<Option<i32>>,
    ev: &Event,
    apply: impl FnOnce() + 'static,
) {
    let Some(w) = web_sys::window() else { return };
    if let Some(id) = timer.try_update_value(|t| t.take()).flatten() {
        w.clear_timeout_with_handle(id);
    }
    if ev.type_() != "input" || !is_big(state) {
        apply();
        return;
    }
    let cb = wasm_bindgen::closure::Closure::once_into_js(apply);
    if let Ok(id) = w.set_timeout_with_callback_and_timeout_and_arguments_0(
        wasm_bindgen::JsCast::unchecked_ref(&cb),
        TYPING_PAUSE_MS,
    ) {
        timer.set_value(Some(id));
    }
}

/// Threshold, neuron total and the per-sweep controls.
#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let timer = StoredValue::new(None::<i32>);
    let on_threshold = move |ev: Event| {
        let v = target_value(&ev);
        soon(state, timer, &ev, move || {
            change(state, |s| match parse_threshold(&v) {
                Some(t) => {
                    s.threshold = t;
                    true
                }
                None => false,
            })
        });
    };
    let on_n = move |ev: Event| {
        let v = target_value(&ev);
        soon(state, timer, &ev, move || {
            change(state, |s| match parse_n_neurons(&v) {
                Some(n) => {
                    s.n_neurons = n;
                    true
                }
                None => false,
            })
        });
    };
    view! {
        <section class="settings" aria-label="Settings">
            {move || {
                state.external.get();
                let s = state.settings.get_untracked();
                view! {
                    <div class="row">
                        <label>
                            "Threshold "
                            <input
                                type="number"
                                data-testid="threshold"
                                min="0"
                                max="1"
                                step="0.01"
                                value=format!("{}", (s.threshold * 1e4).round() / 1e4)
                                on:input=on_threshold
                                on:change=on_threshold
                            />
                        </label>
                        <label>
                            "Neurons "
                            <input
                                type="number"
                                data-testid="n-neurons"
                                min="1"
                                step="1"
                                value=s.n_neurons.to_string()
                                on:input=on_n
                                on:change=on_n
                            />
                        </label>
                    </div>
                }
            }}
            <SweepList />
        </section>
    }
}

/// One row per loaded sweep.
#[component]
fn SweepList() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="sweeps" aria-label="Loaded sweeps">
            {move || {
                state.external.get();
                let settings = state.settings.get_untracked();
                state
                    .sweeps
                    .get()
                    .into_iter()
                    .map(|l| {
                        let h = l.hparam.clone();
                        let loose = l.origin == Origin::Loose;
                        let name_default = default_display_name(&h);
                        let name = settings.names.get(&h).cloned().unwrap_or_else(|| name_default.clone());
                        let hl = settings.highlight.get(&h).copied().unwrap_or_else(|| default_highlight(&h));
                        let values: Vec<String> = l.sweep.points.iter().map(|p| value_label(&p.value)).collect();
                        let (h1, h2, h3, h4) = (h.clone(), h.clone(), h.clone(), h.clone());
                        let on_name = move |ev: Event| {
                            let v = target_value(&ev);
                            let d = default_display_name(&h1);
                            change(state, |s| {
                                if v.trim().is_empty() || v == d {
                                    s.names.remove(&h1).is_some()
                                } else {
                                    s.names.insert(h1.clone(), v.clone());
                                    true
                                }
                            });
                        };
                        let on_hl = move |ev: Event| {
                            let v = target_value(&ev);
                            let choice = if v == "none" { None } else { v.parse::<usize>().ok() };
                            change(state, |s| {
                                if choice == default_highlight(&h2) {
                                    s.highlight.remove(&h2).is_some()
                                } else {
                                    s.highlight.insert(h2.clone(), choice);
                                    true
                                }
                            });
                        };
                        let on_rename = move |ev: Event| {
                            let v = target_value(&ev);
                            state.rename(&h3, &v);
                        };
                        view! {
                            <li class="sweep">
                                <div class="sweep-head">
                                    {if loose {
                                        view! {
                                            <input class="hparam-name" type="text" value=h.clone() aria-label="Sweep name" title=l.path.clone() on:change=on_rename />
                                        }
                                            .into_any()
                                    } else {
                                        view! { <code class="hparam" title=l.path.clone()>{h.clone()}</code> }.into_any()
                                    }}
                                    <button type="button" class="link remove" aria-label=format!("Remove sweep {h}") on:click=move |_| state.remove(&h4)>
                                        "remove"
                                    </button>
                                </div>
                                <label title="Axis and legend title (mathtext such as $\\rho$)">
                                    "label "
                                    <input type="text" class="display-name" value=name placeholder=name_default on:input=on_name />
                                </label>
                                <label title="The bar drawn in orange in Figure 2">
                                    "highlight "
                                    <select on:change=on_hl>
                                        <option value="none" selected=hl.is_none()>"none"</option>
                                        {values
                                            .into_iter()
                                            .enumerate()
                                            .map(|(k, v)| view! { <option value=k.to_string() selected=hl == Some(k)>{v}</option> })
                                            .collect_view()}
                                    </select>
                                </label>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
