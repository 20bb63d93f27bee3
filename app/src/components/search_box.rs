use crate::api::suggest;
use leptos::{ev, prelude::*};
use serde::{Deserialize, Serialize};

/// Translated strings for the search box, chosen on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchBoxLabels {
    pub label: String,
    pub placeholder: String,
    pub button: String,
    pub suggestions: String,
}

/// The header's search form. Without JavaScript it is a plain GET form to the search page; once
/// hydrated it lists matching articles while the reader types (arrow keys move, Enter opens,
/// Escape closes), and `/` anywhere on the page focuses it.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn SearchBox(locale: String, query: String, labels: SearchBoxLabels) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let suggestions = RwSignal::new(Vec::<crate::model::Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    // Answers can arrive out of order: only the latest request's answer is shown.
    let generation = StoredValue::new(0u64);

    let _slash = window_event_listener(ev::keydown, move |e| {
        let typing = e
            .target()
            .and_then(|t| leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if e.key() == "/" && !typing {
            if let Some(el) = input.get_untracked() {
                e.prevent_default();
                let _ = el.focus();
            }
        }
    });

    let on_input = {
        let locale = locale.clone();
        move |e: ev::Event| {
            let q = event_target_value(&e);
            let locale = locale.clone();
            let this = generation.get_value() + 1;
            generation.set_value(this);
            if q.trim().chars().count() < 2 {
                suggestions.set(Vec::new());
                open.set(false);
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(found) = suggest(locale, q).await {
                    if generation.get_value() == this {
                        open.set(!found.is_empty());
                        active.set(None);
                        suggestions.set(found);
                    }
                }
            });
        }
    };

    let on_keydown = move |e: ev::KeyboardEvent| {
        let n = suggestions.with_untracked(Vec::len);
        match e.key().as_str() {
            "ArrowDown" if n > 0 => {
                e.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                e.prevent_default();
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            "Enter" => {
                if let Some(i) = active.get_untracked().filter(|_| open.get_untracked()) {
                    e.prevent_default();
                    if let Some(s) = suggestions.with_untracked(|list| list.get(i).cloned()) {
                        let _ = window().location().set_href(&s.path);
                    }
                }
            }
            _ => {}
        }
    };

    let action = format!("/{locale}/search");
    let SearchBoxLabels { label, placeholder, button, suggestions: list_label } = labels;
    view! {
        <form class="header-search" role="search" method="get" action=action>
            <label class="visually-hidden" for="header-q">{label}</label>
            <div class="combo">
                <input
                    id="header-q"
                    node_ref=input
                    type="search"
                    name="q"
                    value=query
                    placeholder=placeholder
                    autocomplete="off"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls="search-suggestions"
                    aria-expanded=move || open.get().to_string()
                    aria-activedescendant=move || active.get().map(|i| format!("suggestion-{i}"))
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=move |_| open.set(false)
                    on:focus=move |_| open.set(suggestions.with_untracked(|s| !s.is_empty()))
                />
                <ul id="search-suggestions" class="suggestions" role="listbox" aria-label=list_label hidden=move || !open.get()>
                    {move || {
                        suggestions
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| {
                                let selected = move || active.get() == Some(i);
                                view! {
                                    <li id=format!("suggestion-{i}") role="option" aria-selected=move || selected().to_string() class:active=selected>
                                        // mousedown, not click: it fires before the input's blur closes the list.
                                        <a href=s.path.clone() on:mousedown=move |e| e.prevent_default()>
                                            {s.title}
                                            <span class="muted">" · " {s.module_title}</span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            <button type="submit">{button}</button>
        </form>
    }
}
