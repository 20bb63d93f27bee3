//! `/<locale>/agent/replies`: the desk's canned replies, added, changed and removed with plain
//! forms; agents insert them into a ticket's reply from the ticket page.

use super::{ticket_form::problem_text, use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::{get_canned_replies, DeleteCannedReply, SaveCannedReply},
    components::{textarea_text, Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::{CannedRepliesView, CannedReplyView},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgentRepliesPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (edit, draft, saved, deleted) =
        use_query_map().with_untracked(|q| (q.get("edit"), q.get("draft"), q.get("saved").is_some(), q.get("deleted").is_some()));
    let replies = Resource::new_blocking(|| (), move |_| get_canned_replies(edit.clone(), draft.clone()));
    view! {
        <Title text=t(locale, "canned-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let view = replies.await?;
                    Ok::<_, crate::error::AppError>(view! { <Replies locale view saved deleted/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

fn level_label(locale: Locale, level: &str) -> String {
    if level.is_empty() {
        t(locale, "canned-every-level")
    } else {
        t(locale, &format!("ticket-level-{level}"))
    }
}

#[component]
fn Replies(locale: Locale, view: CannedRepliesView, saved: bool, deleted: bool) -> impl IntoView {
    let code = locale.code();
    let CannedRepliesView { replies, form, errors, placeholders } = view;
    let listed = replies.iter().cloned().map(|r| view! { <ReplyItem locale reply=r/> }).collect_view();
    let problem = |field: &str| problems(locale, &errors, field);
    let levels = ["", "1", "2", "3"].into_iter().map(|l| view! { <option value=l selected=form.level == l>{level_label(locale, l)}</option> }).collect_view();
    let any_errors = !errors.is_empty();
    let (title_problem, body_problem) = (problem("title"), problem("body"));
    let heading = if form.id.is_empty() { t(locale, "canned-add") } else { t(locale, "canned-edit") };
    let placeholders = placeholders.iter().map(|p| format!("{{{{{p}}}}}")).collect::<Vec<_>>().join(" ");
    view! {
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "nav-agent"), Some(format!("/{code}/agent"))), (t(locale, "canned-title"), None)]/>
            <h1>{t(locale, "canned-title")}</h1>
            <p>{t(locale, "canned-intro")}</p>
            {saved.then(|| view! { <p class="notice" role="status">{t(locale, "canned-saved")}</p> })}
            {deleted.then(|| view! { <p class="notice" role="status">{t(locale, "canned-deleted")}</p> })}
            {if replies.is_empty() {
                view! { <p class="muted">{t(locale, "canned-none")}</p> }.into_any()
            } else {
                view! { <ul class="canned-list">{listed}</ul> }.into_any()
            }}
            <section id="reply-form" aria-labelledby="canned-form-heading">
                <h2 id="canned-form-heading">{heading}</h2>
                <form class="stack" method="post" action=SaveCannedReply::PATH>
                    {any_errors.then(|| view! { <p class="form-error" role="alert">{t(locale, "canned-errors")}</p> })}
                    <input type="hidden" name="locale" value=code/>
                    <input type="hidden" name="id" value=form.id.clone()/>
                    <label for="canned-title">{t(locale, "canned-field-title")}</label>
                    <input id="canned-title" type="text" name="title" value=form.title.clone() maxlength="120" required/>
                    {title_problem}
                    <label for="canned-level">{t(locale, "ticket-level")}</label>
                    <select id="canned-level" name="level">{levels}</select>
                    <label for="canned-body">{t(locale, "canned-field-body")}</label>
                    <p class="help" id="canned-body-help">{t_with(locale, "canned-placeholders", &[("names", placeholders)])}</p>
                    <textarea id="canned-body" name="body" rows="8" required aria-describedby="canned-body-help">{textarea_text(form.body.clone())}</textarea>
                    {body_problem}
                    <button type="submit">{t(locale, "canned-save")}</button>
                </form>
            </section>
        </Layout>
    }
}

/// The problems with one field, in the reader's language.
fn problems(locale: Locale, errors: &[crate::model::FieldProblem], field: &str) -> Option<AnyView> {
    let msgs: Vec<String> = errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| match e.problem.as_str() {
            "unknown-placeholder" => t_with(locale, "canned-error-placeholder", &[("name", e.detail.clone().unwrap_or_default())]),
            _ => problem_text(locale, e),
        })
        .collect();
    (!msgs.is_empty()).then(|| view! { <p class="field-error">{msgs.join(" ")}</p> }.into_any())
}

#[component]
fn ReplyItem(locale: Locale, reply: CannedReplyView) -> impl IntoView {
    let code = locale.code();
    view! {
        <li class="canned">
            <h3>{reply.title.clone()} " " <span class="badge">{level_label(locale, &reply.level)}</span></h3>
            <p class="pre">{reply.body.clone()}</p>
            <div class="canned-actions">
                <a href=format!("/{code}/agent/replies?edit={}#reply-form", reply.id)>{t(locale, "canned-edit-link")}</a>
                <form method="post" action=DeleteCannedReply::PATH class="inline">
                    <input type="hidden" name="locale" value=code/>
                    <input type="hidden" name="id" value=reply.id.clone()/>
                    <button type="submit" class="secondary">{t(locale, "canned-delete")}</button>
                </form>
            </div>
        </li>
    }
}
