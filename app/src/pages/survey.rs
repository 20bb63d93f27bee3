//! `/<locale>/survey/<token>`: the satisfaction survey a closed ticket's requester reaches from
//! the mail's one-click rating links (or My Activities). No sign-in: the signed link is the key.

use super::{use_locale, use_param, NotFoundPage, PageBoundary};
use crate::{
    api::{get_survey, AnswerSurvey},
    components::Layout,
    i18n::*,
    model::SurveyView,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let token = use_param("token");
    let (rating, error) = use_query_map().with_untracked(|q| (q.get("rating").and_then(|r| r.parse::<i64>().ok()), q.get("error")));
    let survey = Resource::new_blocking(|| (), {
        let token = token.clone();
        move |_| get_survey(locale.code().to_string(), token.clone(), rating)
    });
    view! {
        <Title text=t(locale, "survey-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let (token, error) = (token.clone(), error.clone());
                    Suspend::new(async move {
                        let view = match survey.await? {
                            SurveyView::Refused(why) => {
                                #[cfg(feature = "ssr")]
                                if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                    r.set_status(if why == "used" { http::StatusCode::CONFLICT } else if why == "expired" { http::StatusCode::GONE } else { http::StatusCode::BAD_REQUEST });
                                }
                                view! {
                                    <Layout locale>
                                        <section class="survey">
                                            <h1>{t(locale, "survey-title")}</h1>
                                            <p class="form-error" role="alert">{t(locale, &format!("survey-refused-{}", if matches!(why.as_str(), "used" | "expired") { why.as_str() } else { "tampered" }))}</p>
                                            <p><a href=format!("/{}/activities", locale.code())>{t(locale, "activities-title")}</a></p>
                                        </section>
                                    </Layout>
                                }
                                .into_any()
                            }
                            SurveyView::Open { number, subject, rating, reason, comment, reasons } => {
                                let ratings = (1..=5)
                                    .rev()
                                    .map(|r| {
                                        let id = format!("rating-{r}");
                                        view! {
                                            <div class="choice">
                                                <input type="radio" id=id.clone() name="rating" value=r.to_string() checked=rating == Some(r) required/>
                                                <label for=id>{t(locale, &format!("survey-rating-{r}"))}</label>
                                            </div>
                                        }
                                    })
                                    .collect_view();
                                let reasons = reasons
                                    .into_iter()
                                    .map(|key| view! { <option value=key.clone() selected=reason.as_deref() == Some(key.as_str())>{t(locale, &format!("survey-reason-{key}"))}</option> })
                                    .collect_view();
                                view! {
                                    <Layout locale>
                                        <section class="survey">
                                            <h1>{t(locale, "survey-title")}</h1>
                                            <p>{t_with(locale, "survey-intro", &[("number", number.to_string()), ("subject", subject)])}</p>
                                            {rating.map(|_| view! { <p class="notice" role="status">{t(locale, "survey-rating-saved")}</p> })}
                                            {error.map(|_| view! { <p class="form-error" role="alert">{t(locale, "survey-choose-rating")}</p> })}
                                            <form method="post" action=AnswerSurvey::PATH class="stack">
                                                <input type="hidden" name="locale" value=locale.code()/>
                                                <input type="hidden" name="token" value=token/>
                                                <fieldset>
                                                    <legend>{t(locale, "survey-question")}</legend>
                                                    {ratings}
                                                </fieldset>
                                                <div class="survey-reason">
                                                    <label for="survey-reason">{t(locale, "survey-reason")}</label>
                                                    <select id="survey-reason" name="reason">
                                                        <option value="">{t(locale, "ticket-choose")}</option>
                                                        {reasons}
                                                    </select>
                                                </div>
                                                <label for="survey-comment">{t(locale, "survey-comment")}</label>
                                                <textarea id="survey-comment" name="comment" rows="4" maxlength="4000">{crate::components::textarea_text(comment)}</textarea>
                                                <button type="submit">{t(locale, "survey-submit")}</button>
                                            </form>
                                        </section>
                                    </Layout>
                                }
                                .into_any()
                            }
                        };
                        Ok::<_, crate::error::AppError>(view)
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// `/<locale>/survey/thanks`: after the answer; the link is spent by now.
#[component]
pub fn SurveyThanksPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    view! {
        <Title text=t(locale, "survey-title")/>
        <Layout locale>
            <section class="survey">
                <h1>{t(locale, "survey-thanks")}</h1>
                <p role="status">{t(locale, "survey-thanks-text")}</p>
            </section>
        </Layout>
    }
    .into_any()
}
