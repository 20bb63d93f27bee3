//! `/<locale>/studio/history?path=…`: every revision of an article, what changed between two of
//! them, and restoring an old one as a new revision (a plain form post).

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::get_studio_history,
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::StudioHistoryView,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StudioHistoryPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (path, from, to, conflict) = use_query_map().with_untracked(|q| {
        let number = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
        (q.get("path").unwrap_or_default(), number("from"), number("to"), q.get("conflict").is_some())
    });
    let data = Resource::new_blocking(|| (), move |_| get_studio_history(locale.code().to_string(), path.clone(), from, to));
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let history = data.await?;
                    Ok::<_, crate::error::AppError>(view! { <History locale history conflict/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn History(locale: Locale, history: StudioHistoryView, conflict: bool) -> impl IntoView {
    let code = locale.code();
    let StudioHistoryView { path, title, revisions, from, to, diff, latest, time_zone, editor_href } = history;
    let heading = t_with(locale, "studio-history-title", &[("title", title)]);
    let q = crate::url::query_value(&path);
    let diff_heading = if from == 0 {
        t_with(locale, "studio-diff-from-folder", &[("to", to.to_string())])
    } else {
        t_with(locale, "studio-diff-heading", &[("from", from.to_string()), ("to", to.to_string())])
    };
    let changes = diff.iter().any(|d| d.change != "same");
    let diff_view = (to > 0).then(|| {
        view! {
            <section class="studio-diff" aria-labelledby="diff-heading">
                <h2 id="diff-heading">{diff_heading}</h2>
                {(!changes).then(|| view! { <p class="muted">{t(locale, "studio-diff-none")}</p> })}
                <pre class="diff">
                    {diff
                        .into_iter()
                        .map(|d| {
                            let sign = match d.change.as_str() {
                                "removed" => "- ",
                                "added" => "+ ",
                                "gap" => "…",
                                _ => "  ",
                            };
                            let line = format!("{sign}{}\n", d.text);
                            match d.change.as_str() {
                                "removed" => view! { <del class="diff-line">{line}</del> }.into_any(),
                                "added" => view! { <ins class="diff-line">{line}</ins> }.into_any(),
                                _ => view! { <span class=format!("diff-line diff-{}", d.change)>{line}</span> }.into_any(),
                            }
                        })
                        .collect_view()}
                </pre>
            </section>
        }
    });
    let rows = revisions
        .into_iter()
        .map(|r| {
            let compare = format!("/{code}/studio/history?path={q}&to={}", r.number);
            let restore = (r.number != latest).then(|| {
                view! {
                    <form method="post" action=format!("/{code}/studio/restore") class="inline-form">
                        <input type="hidden" name="path" value=path.clone()/>
                        <input type="hidden" name="number" value=r.number.to_string()/>
                        <input type="hidden" name="base" value=latest.to_string()/>
                        <button type="submit">{t(locale, "studio-restore")}</button>
                    </form>
                }
            });
            view! {
                <tr class:current=r.number == to>
                    <td data-label=t(locale, "studio-col-revision")>
                        {r.number} {r.published.then(|| view! { " " <span class="badge">{t(locale, "studio-published-badge")}</span> })}
                    </td>
                    <td data-label=t(locale, "studio-col-author")>{r.author}</td>
                    <td data-label=t_with(locale, "studio-col-saved", &[("zone", time_zone.clone())])>{r.at}</td>
                    <td><a href=compare>{t(locale, "studio-compare")}</a> {restore}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=heading.clone()/>
        <Layout locale>
            <Breadcrumbs
                locale
                items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (heading.clone(), None)]
            />
            <h1>{heading}</h1>
            <p class="lead">{t(locale, "studio-history-intro")}</p>
            {conflict.then(|| view! { <p class="form-error" role="alert">{t(locale, "studio-history-conflict")}</p> })}
            <p class="studio-links"><a href=editor_href>{t(locale, "studio-edit")}</a></p>
            {(latest == 0).then(|| view! { <p class="muted">{t(locale, "studio-history-empty")}</p> })}
            {(latest > 0)
                .then(|| {
                    view! {
                        <table class="studio-history">
                            <thead>
                                <tr>
                                    <th scope="col">{t(locale, "studio-col-revision")}</th>
                                    <th scope="col">{t(locale, "studio-col-author")}</th>
                                    <th scope="col">{t_with(locale, "studio-col-saved", &[("zone", time_zone.clone())])}</th>
                                    <th scope="col"><span class="visually-hidden">{t(locale, "studio-compare")}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                })}
            {diff_view}
        </Layout>
    }
}
