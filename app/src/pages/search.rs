use super::{home::ArticleList, use_locale, NotFoundPage, PageBoundary};
use crate::{api::search_articles, components::Layout, i18n::*};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let q = use_query_map().with_untracked(|m| m.get("q").unwrap_or_default());
    let search = Resource::new_blocking(|| (), move |_| search_articles(locale.code().to_string(), q.clone()));
    view! {
        <Title text=t(locale, "search-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let s = search.await?;
                    let count = s.results.len() as i64;
                    let empty_query = s.query.is_empty();
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale query=s.query.clone()>
                            <h1>{t(locale, "search-title")}</h1>
                            {if empty_query {
                                view! { <p>{t(locale, "search-empty-query")}</p> }.into_any()
                            } else if count == 0 {
                                view! { <p role="status">{t_with(locale, "search-no-results", &[("query", s.query.clone())])}</p> }.into_any()
                            } else {
                                view! {
                                    <p role="status">{t_count(locale, "search-result-count", count)}</p>
                                    <ArticleList locale items=s.results show_module=true/>
                                }
                                    .into_any()
                            }}
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
