//! The studio's review parts: the reviews in progress on the list, the request inside the
//! editor's form, and the review thread with the reviewer's decision below the editor.

use crate::{
    i18n::*,
    locale::Locale,
    model::{NeedsReviewRow, ReviewNote, ReviewRow},
};
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// What an editor's last step did, from the redirect's query: the notice above the form (saved,
/// published, restored, review asked), and the reviewer's decision or its refusal.
#[derive(Clone, Default)]
pub struct EditorOutcome {
    pub notice: Option<String>,
    review_done: Option<String>,
    review_error: Option<String>,
}

impl EditorOutcome {
    pub fn from_query(locale: Locale, q: &ParamsMap) -> Self {
        let notice = if let Some(n) = q.get("asked") {
            Some(t_with(locale, "studio-review-asked", &[("number", n)]))
        } else if let Some(n) = q.get("restored") {
            Some(t_with(locale, "studio-restored", &[("number", n)]))
        } else if let Some(n) = q.get("published") {
            Some(t_with(locale, "studio-published", &[("number", n)]))
        } else {
            q.get("saved").map(|n| t_with(locale, "studio-saved", &[("number", n)]))
        };
        EditorOutcome { notice, review_done: q.get("review"), review_error: q.get("review_error") }
    }

    fn review_notice(&self, locale: Locale, publish_at: &str, zone: &str) -> Option<String> {
        Some(match self.review_done.as_deref()? {
            "sent-back" => t(locale, "studio-review-sent-back"),
            "published" => t(locale, "studio-review-approved-now"),
            _ => t_with(locale, "studio-review-approved-later", &[("at", publish_at.to_string()), ("zone", zone.to_string())]),
        })
    }

    fn review_error(&self, locale: Locale) -> Option<String> {
        self.review_error.as_deref().map(|e| t_with(locale, &format!("studio-error-{e}"), &[("detail", String::new())]))
    }
}

fn state_text(locale: Locale, r: &ReviewRow, zone: &str) -> String {
    t_with(
        locale,
        &format!("studio-review-state-{}", r.state),
        &[("number", r.number.to_string()), ("reviewer", r.reviewer.clone()), ("at", r.publish_at.clone()), ("zone", zone.to_string())],
    )
}

/// Reviews in progress, the reader's own turn first.
#[component]
pub fn ReviewsList(locale: Locale, reviews: Vec<ReviewRow>, time_zone: String) -> impl IntoView {
    let code = locale.code();
    (!reviews.is_empty()).then(|| {
        view! {
            <section class="studio-reviews" aria-labelledby="reviews-heading">
                <h2 id="reviews-heading">{t(locale, "studio-reviews-heading")}</h2>
                <table class="studio-list">
                    <thead>
                        <tr>
                            <th scope="col">{t(locale, "studio-col-title")}</th>
                            <th scope="col">{t(locale, "studio-col-state")}</th>
                            <th scope="col">{t(locale, "studio-col-asked-by")}</th>
                            <th scope="col">{t(locale, "studio-col-reviewer")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {reviews
                            .into_iter()
                            .map(|r| {
                                let href = format!("/{code}/studio/{}?path={}#review", r.editor, crate::url::query_value(&r.path));
                                let state = state_text(locale, &r, &time_zone);
                                view! {
                                    <tr class:yours=r.yours>
                                        <td data-label=t(locale, "studio-col-title")>
                                            <a href=href>{r.title.clone()}</a>
                                            {r.yours.then(|| view! { " " <span class="badge">{t(locale, "studio-reviews-yours")}</span> })}
                                        </td>
                                        <td data-label=t(locale, "studio-col-state")>{state}</td>
                                        <td data-label=t(locale, "studio-col-asked-by")>{r.requester.clone()}</td>
                                        <td data-label=t(locale, "studio-col-reviewer")>{r.reviewer.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        }
    })
}

/// Inside the editor's form: who to ask, with a note, and the button that saves and asks.
#[component]
pub fn AskReview(locale: Locale, reviewers: Vec<(String, String)>, error: Option<String>, can_publish: bool) -> impl IntoView {
    if reviewers.is_empty() {
        // A publisher with nobody else to ask publishes on their own.
        return (!can_publish).then(|| view! { <p class="muted">{t(locale, "studio-no-reviewers")}</p> }).into_any();
    }
    view! {
        <fieldset class="studio-ask-review">
            <legend>{t(locale, "studio-ask-review")}</legend>
            <div class="field-row">
                <p class="field">
                    <label for="reviewer">{t(locale, "studio-reviewer")}</label>
                    <select id="reviewer" name="reviewer" aria-invalid=error.is_some().to_string()>
                        <option value="">"—"</option>
                        {reviewers.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                    {error.map(|m| view! { <p class="field-error" id="err-reviewer">{m}</p> })}
                </p>
                <p class="field">
                    <label for="note">{t(locale, "studio-review-note")}</label>
                    <textarea id="note" name="note" rows="2"></textarea>
                </p>
            </div>
            <button type="submit" name="action" value="review">{t(locale, "studio-ask-review-button")}</button>
        </fieldset>
    }
    .into_any()
}

/// Below the editor: where the review stands, its thread, and for the reviewer the decision.
#[component]
pub fn ReviewPanel(
    locale: Locale,
    path: String,
    review: Option<ReviewRow>,
    notes: Vec<ReviewNote>,
    may_decide: bool,
    time_zone: String,
    outcome: EditorOutcome,
) -> impl IntoView {
    let code = locale.code();
    let notice = outcome.review_notice(locale, review.as_ref().map(|r| r.publish_at.as_str()).unwrap_or_default(), &time_zone);
    let error = outcome.review_error(locale);
    if review.is_none() && notes.is_empty() && notice.is_none() && error.is_none() {
        return ().into_any();
    }
    let note_title = |n: &ReviewNote| t_with(locale, &format!("studio-note-{}", n.kind), &[("name", n.author.clone()), ("number", n.number.to_string())]);
    let thread = notes
        .iter()
        .map(|n| {
            view! {
                <li class=format!("event note-{}", n.kind)>
                    <p class="event-head"><strong>{note_title(n)}</strong> " · " {n.at.clone()}</p>
                    {(!n.body.is_empty()).then(|| view! { <p class="pre">{n.body.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    let decision = may_decide.then(|| {
        view! {
            <form method="post" action=format!("/{code}/studio/review") class="studio-form studio-decision">
                <input type="hidden" name="path" value=path.clone()/>
                <p class="field">
                    <label for="comments">{t(locale, "studio-review-comments")}</label>
                    <textarea id="comments" name="comments" rows="3"></textarea>
                </p>
                <p class="field narrow-field">
                    <label for="review-publish-at">{t_with(locale, "studio-review-publish-at", &[("zone", time_zone.clone())])}</label>
                    <input id="review-publish-at" name="publish_at" type="datetime-local"/>
                </p>
                <p class="form-actions">
                    <button type="submit" name="decision" value="changes">{t(locale, "studio-review-send-back")}</button>
                    <button type="submit" name="decision" value="approve" class="primary">{t(locale, "studio-review-approve")}</button>
                </p>
            </form>
        }
    });
    view! {
        <section class="studio-review" id="review" aria-labelledby="review-heading">
            <h2 id="review-heading">{t(locale, "studio-review-heading")}</h2>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {review.map(|r| view! { <p class="studio-review-state">{state_text(locale, &r, &time_zone)}</p> })}
            <ol class="history">{thread}</ol>
            {decision}
        </section>
    }
    .into_any()
}

/// Articles whose review date has come, or whose module a release touched since their update.
#[component]
pub fn NeedsReviewList(locale: Locale, rows: Vec<NeedsReviewRow>) -> impl IntoView {
    let code = locale.code();
    // A long list (every article behind a weekly release) stays folded under its count.
    let open = rows.len() <= 5;
    let count = rows.len();
    (!rows.is_empty()).then(|| {
        view! {
            <details class="studio-needs-review" open=open>
                <summary>
                    <h2 id="needs-review-heading">{t(locale, "studio-needs-review-heading")} " (" {count} ")"</h2>
                </summary>
                <p class="muted">{t(locale, "studio-needs-review-intro")}</p>
                <table class="studio-list">
                    <thead>
                        <tr>
                            <th scope="col">{t(locale, "studio-col-title")}</th>
                            <th scope="col">{t(locale, "studio-col-why")}</th>
                            <th scope="col">{t(locale, "studio-col-owner")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|r| {
                                let why = t_with(locale, &format!("studio-reason-{}", r.reason), &[("date", r.date), ("version", r.version)]);
                                view! {
                                    <tr>
                                        <td data-label=t(locale, "studio-col-title")>
                                            <a href=format!("/{code}/studio/edit?path={}", crate::url::query_value(&r.path))>{r.title}</a>
                                            <span class="muted">" · " {r.module_title}</span>
                                        </td>
                                        <td data-label=t(locale, "studio-col-why")>{why}</td>
                                        <td data-label=t(locale, "studio-col-owner")>{r.owner}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        }
    })
}
