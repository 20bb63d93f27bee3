use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{api::search_insights, components::Layout, i18n::*, locale::Locale, model::QueryRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/<locale>/insights/search`: top queries and queries that found nothing, for content editors.
#[component]
pub fn SearchInsightsPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let module = use_query_map().with_untracked(|q| q.get("module").filter(|m| !m.is_empty()));
    let data = Resource::new_blocking(|| (), move |_| search_insights(locale.code().to_string(), module.clone()));
    view! {
        <Title text=t(locale, "insights-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let d = data.await?;
                    let csv = format!(
                        "/api/search-insights.csv?locale={}{}",
                        locale.code(),
                        d.module.as_ref().map(|m| format!("&module={m}")).unwrap_or_default()
                    );
                    let current = d.module.clone().unwrap_or_default();
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale>
                            <h1>{t(locale, "insights-title")}</h1>
                            <form class="insights-filter" method="get">
                                <label for="module">{t(locale, "search-filter-module")}</label>
                                <select id="module" name="module">
                                    <option value="">{t(locale, "search-all-modules")}</option>
                                    {d.modules.iter().map(|(folder, title)| view! {
                                        <option value=folder.clone() selected=*folder == current>{title.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <button type="submit">{t(locale, "insights-apply")}</button>
                                <a class="button secondary" href=csv download="search-insights.csv">{t(locale, "insights-csv")}</a>
                            </form>
                            <QueryTable locale id="top" heading=t(locale, "insights-top") rows=d.top/>
                            <QueryTable locale id="zero" heading=t(locale, "insights-zero") rows=d.zero_results/>
                            <Deflections locale rows=d.deflections/>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn QueryTable(locale: Locale, id: &'static str, heading: String, rows: Vec<QueryRow>) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">{t(locale, "insights-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{t(locale, "insights-query")}</th>
                                    <th scope="col">{t(locale, "insights-searches")}</th>
                                    <th scope="col">{t(locale, "insights-zero-results")}</th>
                                    <th scope="col">{t(locale, "insights-clicks")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr><th scope="row">{r.query}</th><td>{r.searches}</td><td>{r.zero_results}</td><td>{r.clicks}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Articles the ticket form suggested that answered the reader: opened, and no ticket followed.
#[component]
fn Deflections(locale: Locale, rows: Vec<(String, String, i64)>) -> impl IntoView {
    view! {
        <section aria-labelledby="deflections-heading">
            <h2 id="deflections-heading">{t(locale, "insights-deflections")}</h2>
            <p class="muted">{t(locale, "insights-deflections-intro")}</p>
            {if rows.is_empty() {
                view! { <p class="muted">{t(locale, "insights-empty")}</p> }.into_any()
            } else {
                view! {
                    <table class="data" id="deflections">
                        <thead>
                            <tr>
                                <th scope="col">{t(locale, "insights-article")}</th>
                                <th scope="col">{t(locale, "insights-deflected")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|(path, title, n)| view! {
                                <tr><th scope="row"><a href=path>{title}</a></th><td>{n}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
