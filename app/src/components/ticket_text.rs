use crate::api::{suggestion_opened, ticket_suggestions};
use leptos::{ev, prelude::*};
use serde::{Deserialize, Serialize};

/// The ticket form's subject and description, chosen on the server with their labels, typed
/// values and problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketTextLabels {
    pub subject_label: String,
    pub description_label: String,
    pub description_help: String,
    pub subject: String,
    pub description: String,
    pub subject_error: Option<String>,
    pub description_error: Option<String>,
    pub suggestions_label: String,
    pub form_session: String,
}

/// Subject and description of a ticket. Without JavaScript they are two plain fields; once
/// hydrated, the three articles best matching what is typed appear below them. An article opened
/// from there (in a new tab, so nothing typed is lost) counts as a deflection unless the ticket
/// is filed after all.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn TicketText(locale: String, props: TicketTextLabels) -> impl IntoView {
    let subject = RwSignal::new(props.subject.clone());
    let description = RwSignal::new(props.description.clone());
    let found = RwSignal::new(Vec::<crate::model::Suggestion>::new());
    let generation = StoredValue::new(0u64);

    let look_up = move || {
        let (s, d) = (subject.get_untracked(), description.get_untracked());
        let text = if s.split_whitespace().count() >= 2 || d.trim().is_empty() { s } else { format!("{s} {d}") };
        let this = generation.get_value() + 1;
        generation.set_value(this);
        if text.trim().chars().count() < 3 {
            found.set(Vec::new());
            return;
        }
        let locale = locale.clone();
        leptos::task::spawn_local(async move {
            if let Ok(list) = ticket_suggestions(locale, text).await {
                if generation.get_value() == this {
                    found.set(list);
                }
            }
        });
    };
    let on_subject = {
        let look_up = look_up.clone();
        move |e: ev::Event| {
            subject.set(event_target_value(&e));
            look_up();
        }
    };
    let on_description = move |e: ev::Event| {
        description.set(event_target_value(&e));
        look_up();
    };
    let form_session = props.form_session.clone();
    let subject_invalid = props.subject_error.is_some().to_string();
    let description_invalid = props.description_error.is_some().to_string();
    view! {
        <label for="ticket-subject">{props.subject_label} " *"</label>
        <input
            id="ticket-subject"
            name="subject"
            required
            maxlength="200"
            value=props.subject
            aria-invalid=subject_invalid
            aria-describedby="err-subject"
            autocomplete="off"
            on:input=on_subject
        />
        {props.subject_error.map(|m| view! { <p class="field-error" id="err-subject">{m}</p> })}
        <label for="ticket-description">{props.description_label} " *"</label>
        <p class="help" id="help-description">{props.description_help}</p>
        <textarea
            id="ticket-description"
            name="description"
            required
            rows="6"
            aria-invalid=description_invalid
            aria-describedby="help-description err-description"
            on:input=on_description
        >
            {super::textarea_text(props.description)}
        </textarea>
        {props.description_error.map(|m| view! { <p class="field-error" id="err-description">{m}</p> })}
        <div class="ticket-suggestions" aria-live="polite" hidden=move || found.with(Vec::is_empty)>
            <p>{props.suggestions_label}</p>
            <ul>
                {move || {
                    found
                        .get()
                        .into_iter()
                        .map(|s| {
                            let (session, path) = (form_session.clone(), s.path.clone());
                            let opened = move |_| {
                                let (session, path) = (session.clone(), path.clone());
                                leptos::task::spawn_local(async move {
                                    let _ = suggestion_opened(session, path).await;
                                });
                            };
                            view! {
                                <li>
                                    <a href=s.path.clone() target="_blank" rel="noopener" on:click=opened>
                                        {s.title}
                                    </a>
                                    <span class="muted">" · " {s.module_title}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
