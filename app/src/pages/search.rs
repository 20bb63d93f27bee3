use super::{use_language, use_locale, NotFoundPage, PageBoundary};
use crate::{api::search_articles, components::Layout, i18n::*, locale::Locale, model::SearchView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/<locale>/search?q=…&module=…&type=…&page=…`: server-rendered results, usable without JavaScript.
#[component]
pub fn SearchPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (q, module, doc_type, page) = use_query_map().with_untracked(|m| {
        (
            m.get("q").unwrap_or_default(),
            m.get("module").filter(|s| !s.is_empty()),
            m.get("type").filter(|s| !s.is_empty()),
            m.get("page").and_then(|p| p.parse().ok()),
        )
    });
    let lang = use_language();
    let search = Resource::new_blocking(|| (), move |_| search_articles(lang.clone(), q.clone(), module.clone(), doc_type.clone(), page));
    view! {
        <Title text=t(locale, "search-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let s = search.await?;
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale query=s.query.clone()>
                            <h1>{t(locale, "search-title")}</h1>
                            <Results locale s/>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

fn search_href(lang: &str, query: &str, module: Option<&str>, doc_type: Option<&str>, page: i64) -> String {
    let mut href = format!("/{lang}/search?q={}", crate::url::query_value(query));
    if let Some(m) = module {
        href.push_str(&format!("&module={m}"));
    }
    if let Some(t) = doc_type {
        href.push_str(&format!("&type={t}"));
    }
    if page > 1 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

#[component]
fn Results(locale: Locale, s: SearchView) -> impl IntoView {
    let lang = use_language();
    if s.query.trim().is_empty() {
        return view! { <p>{t(locale, "search-empty-query")}</p> }.into_any();
    }
    let did_you_mean = s.did_you_mean.clone().map(|suggestion| {
        let href = search_href(&lang, &suggestion, s.module.as_deref(), s.doc_type.as_deref(), 1);
        view! {
            <p class="did-you-mean">
                {t(locale, "search-did-you-mean")} " " <a href=href>{suggestion}</a> "?"
            </p>
        }
    });
    let status =
        if s.total == 0 { t_with(locale, "search-no-results", &[("query", s.query.clone())]) } else { t_count(locale, "search-result-count", s.total) };
    let facets = (!s.facets.is_empty()).then(|| {
        let all_href = search_href(&lang, &s.query, None, s.doc_type.as_deref(), 1);
        let all_current = s.module.is_none().then_some("true");
        view! {
            <nav class="facets" aria-label=t(locale, "search-filter-module")>
                <h2>{t(locale, "search-filter-module")}</h2>
                <ul>
                    <li><a href=all_href aria-current=all_current>{t(locale, "search-all-modules")}</a></li>
                    {s.facets.iter().map(|f| {
                        let href = search_href(&lang, &s.query, Some(&f.folder), s.doc_type.as_deref(), 1);
                        let current = (s.module.as_deref() == Some(f.folder.as_str())).then_some("true");
                        view! { <li><a href=href aria-current=current>{f.title.clone()} " " <span class="count">"(" {f.count} ")"</span></a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        }
        .into_any()
    });
    // Articles and release notes: shown once both kinds match something.
    let types = (s.types.len() > 1 || s.doc_type.is_some()).then(|| {
        let all_href = search_href(&lang, &s.query, s.module.as_deref(), None, 1);
        let all_current = s.doc_type.is_none().then_some("true");
        view! {
            <nav class="facets" aria-label=t(locale, "search-filter-type")>
                <h2>{t(locale, "search-filter-type")}</h2>
                <ul>
                    <li><a href=all_href aria-current=all_current>{t(locale, "search-all-types")}</a></li>
                    {s.types.iter().map(|(kind, count)| {
                        let href = search_href(&lang, &s.query, s.module.as_deref(), Some(kind), 1);
                        let current = (s.doc_type.as_deref() == Some(kind.as_str())).then_some("true");
                        view! { <li><a href=href aria-current=current>{t(locale, &format!("search-type-{kind}"))} " " <span class="count">"(" {*count} ")"</span></a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        }
        .into_any()
    });
    let pager = (s.pages > 1).then(|| {
        let prev = (s.page > 1).then(|| search_href(&lang, &s.query, s.module.as_deref(), s.doc_type.as_deref(), s.page - 1));
        let next = (s.page < s.pages).then(|| search_href(&lang, &s.query, s.module.as_deref(), s.doc_type.as_deref(), s.page + 1));
        view! {
            <nav class="pager" aria-label=t(locale, "search-pages")>
                {prev.map(|h| view! { <a href=h rel="prev">{t(locale, "search-previous")}</a> })}
                <span>{t_with(locale, "search-page-of", &[("page", s.page.to_string()), ("pages", s.pages.to_string())])}</span>
                {next.map(|h| view! { <a href=h rel="next">{t(locale, "search-next")}</a> })}
            </nav>
        }
        .into_any()
    });
    view! {
        {did_you_mean}
        <p role="status" class="search-status">{status}</p>
        <div class="search-layout">
            <div class="facet-column">{types}{facets}</div>
            <ol class="search-results">
                {s.hits.into_iter().map(|h| view! {
                    <li>
                        <a class="result-title" href=h.href>{h.title}</a>
                        {h.fallback.then(|| view! { <span class="badge" lang="en">{t(locale, "badge-english")}</span> })}
                        {matches!(h.doc_type.as_str(), "release" | "announcement")
                            .then(|| view! { <span class="badge">{t(locale, &format!("search-type-{}", h.doc_type))}</span> })}
                        {(!h.module_title.is_empty()).then(|| view! { <span class="muted">" · " {h.module_title.clone()}</span> })}
                        <p class="snippet" inner_html=h.snippet_html></p>
                    </li>
                }).collect_view()}
            </ol>
        </div>
        {pager}
    }
    .into_any()
}
