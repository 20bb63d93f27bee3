//! `/<locale>/studio/gaps?language=…`: the content-gap report, what to write or fix next, each
//! row a link to the article to edit or a new one started from what readers searched for.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::get_content_gaps,
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::{GapRow, GapsView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn GapsPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let language = use_query_map().with_untracked(|q| q.get("language"));
    let data = Resource::new_blocking(|| (), move |_| get_content_gaps(locale.code().to_string(), language.clone()));
    view! {
        <Title text=t(locale, "gaps-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let view = data.await?;
                    Ok::<_, crate::error::AppError>(view! { <Gaps locale view/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// Why a row is on the report, one sentence per signal it has.
fn reasons(locale: Locale, r: &GapRow) -> Vec<String> {
    let mut out = Vec::new();
    for (count, key) in [
        (r.tickets_after, "gaps-tickets-after"),
        (r.not_helpful, "gaps-not-helpful"),
        (r.suggested_then_filed, "gaps-suggested"),
        (r.no_results, "gaps-no-results"),
    ] {
        if count > 0 {
            out.push(t_count(locale, key, count));
        }
    }
    if !r.review_due.is_empty() {
        out.push(t_with(locale, "gaps-review-due", &[("date", r.review_due.clone())]));
    }
    out
}

#[component]
fn Gaps(locale: Locale, view: GapsView) -> impl IntoView {
    let code = locale.code();
    let GapsView { language, languages, rows } = view;
    let empty = rows.is_empty().then(|| view! { <p class="muted">{t(locale, "gaps-empty")}</p> });
    let table = (!rows.is_empty()).then(|| {
        let body = rows
            .into_iter()
            .map(|r| {
                let why = reasons(locale, &r).into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
                let missing = (!r.missing.is_empty()).then(|| {
                    view! {
                        <p class="gaps-missing-heading">{t(locale, "gaps-missing")}</p>
                        <ul class="gaps-missing">{r.missing.iter().take(5).map(|m| view! { <li><q>{m.clone()}</q></li> }).collect_view()}</ul>
                    }
                });
                let (kind, action) = if r.kind == "query" { ("gaps-kind-query", "gaps-write") } else { ("gaps-kind-article", "gaps-fix") };
                view! {
                    <tr class=format!("gap-{}", r.kind)>
                        <td data-label=t(locale, "gaps-col-what")>
                            <strong>{r.title.clone()}</strong>
                            <span class="badge">{t(locale, kind)}</span>
                        </td>
                        <td data-label=t(locale, "gaps-col-why")>
                            <ul class="gaps-why">{why}</ul>
                            {missing}
                        </td>
                        <td data-label=t(locale, "gaps-col-score") class="gaps-score">{r.score}</td>
                        <td><a href=r.href.clone()>{t(locale, action)}</a></td>
                    </tr>
                }
                .into_any()
            })
            .collect_view();
        view! {
            <table class="studio-list gaps">
                <thead>
                    <tr>
                        <th scope="col">{t(locale, "gaps-col-what")}</th>
                        <th scope="col">{t(locale, "gaps-col-why")}</th>
                        <th scope="col">{t(locale, "gaps-col-score")}</th>
                        <th scope="col"><span class="visually-hidden">{t(locale, "studio-edit")}</span></th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        }
        .into_any()
    });
    // Type-erased apart from the page around it: one nested type for the whole page is deep
    // enough to hit the compiler's recursion limit.
    let choose = view! {
        <form method="get" action=format!("/{code}/studio/gaps") class="inline-form studio-tools">
            <label for="gaps-language">{t(locale, "studio-language")}</label>
            <select id="gaps-language" name="language">
                {languages.into_iter().map(|(c, name)| view! { <option value=c.clone() selected=c == language>{name}</option> }).collect_view()}
            </select>
            <button type="submit">{t(locale, "studio-show")}</button>
        </form>
    }
    .into_any();
    view! {
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (t(locale, "gaps-title"), None)]/>
            <h1>{t(locale, "gaps-title")}</h1>
            <p class="lead">{t(locale, "gaps-intro")}</p>
            {choose}
            {empty}
            {table}
        </Layout>
    }
}
