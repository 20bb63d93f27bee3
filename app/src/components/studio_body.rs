use crate::api::preview_article;
use leptos::{ev, prelude::*};
use serde::{Deserialize, Serialize};

/// Translated strings for the editor's text and preview, chosen on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudioBodyLabels {
    pub body: String,
    pub preview_heading: String,
    pub preview_note: String,
}

/// The article's Markdown beside its preview. Without JavaScript the preview shows what the
/// server last rendered (the Preview button posts the form); once hydrated it follows the typing,
/// rendered by the server with the published page's renderer and sanitiser.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn StudioBody(language: String, module: String, body: String, preview_html: String, labels: StudioBodyLabels) -> impl IntoView {
    let preview = RwSignal::new(preview_html);
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    // Answers can arrive out of order, and typing is fast: only the last pause is rendered.
    let generation = StoredValue::new(0u64);
    let on_input = move |e: ev::Event| {
        let text = event_target_value(&e);
        let this = generation.get_value() + 1;
        generation.set_value(this);
        let (language, module) = (language.clone(), module.clone());
        set_timeout(
            move || {
                if generation.get_value() != this {
                    return;
                }
                leptos::task::spawn_local(async move {
                    if let Ok(html) = preview_article(language, module, text).await {
                        if generation.get_value() == this {
                            preview.set(html);
                        }
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    };
    let StudioBodyLabels { body: label, preview_heading, preview_note } = labels;
    view! {
        <div class="studio-body" data-hydrated=move || hydrated.get().to_string()>
            <p class="field">
                <label for="body">{label}</label>
                <textarea id="body" name="body" rows="24" spellcheck="true" on:input=on_input>{super::textarea_text(body)}</textarea>
            </p>
            <section class="studio-preview" id="preview" aria-labelledby="preview-heading" aria-live="polite">
                <h2 id="preview-heading">{preview_heading}</h2>
                <p class="muted">{preview_note}</p>
                <div class="prose" inner_html=move || preview.get()></div>
            </section>
        </div>
    }
}
