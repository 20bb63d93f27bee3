use crate::api::{VoteHelpful, VoteMissing};
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
    /// "What was missing?", asked after a "no".
    pub missing: String,
    pub missing_send: String,
    pub missing_thanks: String,
}

/// "Was this article helpful?", then after a "no", "what was missing?". Without JavaScript each
/// form posts and the server sends the reader back with `?voted=` (and `&missing=sent`); once
/// hydrated, both are sent in the background and thanked in place.
// An island in the shipped build; a plain component only in the full-hydration benchmark build.
#[cfg_attr(feature = "islands", island)]
#[cfg_attr(not(feature = "islands"), component)]
pub fn HelpfulVote(
    locale: String,
    module: String,
    slug: String,
    labels: VoteLabels,
    /// Already voted, `yes` or `no` (the page came back from a form post).
    voted: Option<String>,
    /// What was missing was already sent (the page came back from its form post).
    missing_sent: bool,
    /// A form post was refused (the page came back with the server's error).
    vote_failed: bool,
) -> impl IntoView {
    let action = ServerAction::<VoteHelpful>::new();
    let missing_action = ServerAction::<VoteMissing>::new();
    // Effects run only in the browser: the flag tells tests (and styles) that hydration happened.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (said, set_said) = signal(voted.clone());
    let value = action.value();
    let already = voted.is_some();
    let done = move || said.get().is_some() && (already || matches!(value.get(), Some(Ok(()))));
    let said_no = move || done() && said.get().as_deref() == Some("no");
    let missing_done = move || missing_sent || matches!(missing_action.value().get(), Some(Ok(())));
    let failed = move || match (value.get(), missing_action.value().get()) {
        (Some(Err(_)), _) | (_, Some(Err(_))) => true,
        (None, None) => vote_failed,
        _ => false,
    };
    let return_to = format!("/{locale}/{module}/{slug}");
    let send = {
        let (locale, module, slug) = (locale.clone(), module.clone(), slug.clone());
        move |helpful: &'static str| {
            set_said.set(Some(helpful.to_string()));
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
    let VoteLabels { question, yes, no, thanks, failed: failed_text, missing, missing_send, missing_thanks } = labels;
    let (comment, set_comment) = signal(String::new());
    let send_missing = {
        let (locale, module, slug) = (locale.clone(), module.clone(), slug.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            missing_action.dispatch(VoteMissing {
                locale: locale.clone(),
                module: module.clone(),
                slug: slug.clone(),
                comment: comment.get_untracked(),
                return_to: None,
            });
        }
    };
    let missing_form = {
        let (locale, module, slug, return_to) = (locale.clone(), module.clone(), slug.clone(), return_to.clone());
        move || {
            view! {
                <form class="helpful-missing" method="post" action=VoteMissing::PATH on:submit=send_missing.clone()>
                    <input type="hidden" name="locale" value=locale.clone()/>
                    <input type="hidden" name="module" value=module.clone()/>
                    <input type="hidden" name="slug" value=slug.clone()/>
                    <input type="hidden" name="return_to" value=return_to.clone()/>
                    <label for="helpful-missing">{missing.clone()}</label>
                    <textarea
                        id="helpful-missing"
                        name="comment"
                        rows="3"
                        maxlength="1000"
                        required
                        on:input=move |ev| set_comment.set(event_target_value(&ev))
                    ></textarea>
                    <button type="submit" disabled=move || missing_action.pending().get()>{missing_send.clone()}</button>
                </form>
            }
        }
    };
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
            {move || {
                if !said_no() {
                    None
                } else if missing_done() {
                    Some(view! { <p class="helpful-thanks" role="status">{missing_thanks.clone()}</p> }.into_any())
                } else {
                    Some(missing_form().into_any())
                }
            }}
            {move || failed().then(|| view! { <p class="error" role="alert">{failed_text.clone()}</p> })}
        </section>
    }
}
