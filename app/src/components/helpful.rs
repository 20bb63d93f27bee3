use crate::api::VoteHelpful;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// Translated strings for the vote island, chosen on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteLabels {
    pub question: String,
    pub yes: String,
    pub no: String,
    pub thanks: String,
    pub failed: String,
}

/// "Was this article helpful?" Without JavaScript the form posts and the server sends the reader
/// back with `?voted=`; once hydrated, the vote is sent in the background and thanked in place.
// An island in the shipped build; a plain component only in the full-hydration benchmark build.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn HelpfulVote(
    locale: String,
    module: String,
    slug: String,
    labels: VoteLabels,
    /// Already voted (the page came back from a form post).
    voted: bool,
    /// The form post was refused (the page came back with the server's error).
    vote_failed: bool,
) -> impl IntoView {
    let action = ServerAction::<VoteHelpful>::new();
    // Effects run only in the browser: the flag tells tests (and styles) that hydration happened.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let value = action.value();
    let done = move || voted || matches!(value.get(), Some(Ok(())));
    let failed = move || match value.get() {
        Some(result) => result.is_err(),
        None => vote_failed,
    };
    let return_to = format!("/{locale}/{module}/{slug}");
    let send = {
        let (locale, module, slug) = (locale.clone(), module.clone(), slug.clone());
        move |helpful: &'static str| {
            action.dispatch(VoteHelpful { locale: locale.clone(), module: module.clone(), slug: slug.clone(), helpful: helpful.to_string(), return_to: None });
        }
    };
    // A submit button for the no-JavaScript form that, once hydrated, votes in the background.
    let vote_button = move |value: &'static str, label: String| {
        let send = send.clone();
        view! {
            <button
                type="submit"
                name="helpful"
                value=value
                disabled=move || action.pending().get()
                on:click=move |ev| {
                    ev.prevent_default();
                    send(value);
                }
            >
                {label}
            </button>
        }
    };
    let VoteLabels { question, yes, no, thanks, failed: failed_text } = labels;
    view! {
        <section class="helpful" id="feedback" aria-live="polite" data-hydrated=move || hydrated.get().to_string()>
            <Show
                when=move || !done()
                fallback=move || view! { <p class="helpful-thanks" role="status">{thanks.clone()}</p> }
            >
                <form class="helpful-form" method="post" action=VoteHelpful::PATH>
                    <input type="hidden" name="locale" value=locale.clone()/>
                    <input type="hidden" name="module" value=module.clone()/>
                    <input type="hidden" name="slug" value=slug.clone()/>
                    <input type="hidden" name="return_to" value=return_to.clone()/>
                    <span class="helpful-question">{question.clone()}</span>
                    {vote_button("yes", yes.clone())}
                    {vote_button("no", no.clone())}
                </form>
            </Show>
            {move || failed().then(|| view! { <p class="error" role="alert">{failed_text.clone()}</p> })}
        </section>
    }
}
