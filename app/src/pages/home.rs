use super::{ticket_form::ContextualTicketForm, use_language, use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::get_home,
    components::Layout,
    i18n::*,
    locale::Locale,
    model::{ArticleLink, ReleaseLink},
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let lang = use_language();
    let home = Resource::new_blocking(|| (), {
        let lang = lang.clone();
        move |_| get_home(lang.clone())
    });
    view! {
        <Title text=t(locale, "home-title")/>
        <Meta name="description" content=t(locale, "home-intro")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let lang = lang.clone();
                    Suspend::new(async move {
                        let home = home.await?;
                        Ok::<_, crate::error::AppError>(view! {
                            <Layout locale>
                                <section class="hero">
                                    <h1>{t(locale, "home-heading")}</h1>
                                    <p>{t(locale, "home-intro")}</p>
                                    <form class="hero-search" role="search" method="get" action=format!("/{lang}/search")>
                                        <label for="hero-q">{t(locale, "search-label")}</label>
                                        <div class="search-row">
                                            <input id="hero-q" type="search" name="q" placeholder=t(locale, "search-placeholder")/>
                                            <button type="submit">{t(locale, "search-button")}</button>
                                        </div>
                                    </form>
                                </section>
                                <section aria-labelledby="modules-heading">
                                    <h2 id="modules-heading">{t(locale, "home-modules")}</h2>
                                    <ul class="module-grid">
                                        {home
                                            .modules
                                            .into_iter()
                                            .map(|m| {
                                                view! {
                                                    <li class="module-card">
                                                        <a href=format!("/{lang}/{}", m.folder)>
                                                            <span class=format!("module-icon icon-{}", m.icon) aria-hidden="true">{m.title.chars().next().map(String::from)}</span>
                                                            <h3>{m.title}</h3>
                                                            <p>{m.description}</p>
                                                            <span class="count">{t_count(locale, "module-article-count", m.article_count)}</span>
                                                        </a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </section>
                                <div class="home-columns">
                                    <section aria-labelledby="recent-heading">
                                        <h2 id="recent-heading">{t(locale, "home-recent")}</h2>
                                        <ArticleList locale items=home.recently_updated/>
                                        <p class="feeds">
                                            {t(locale, "maintenance-subscribe")} " "
                                            <a href=format!("/feeds/articles.atom?locale={}", locale.code())>"Atom"</a>
                                        </p>
                                    </section>
                                    <section aria-labelledby="release-heading">
                                        <h2 id="release-heading">{t(locale, "home-release-notes")}</h2>
                                        <LatestReleases locale items=home.latest_releases/>
                                    </section>
                                </div>
                                <ContextualTicketForm locale/>
                            </Layout>
                        })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// The newest release notes with their version and date, and the way to all of them.
#[component]
fn LatestReleases(locale: Locale, items: Vec<ReleaseLink>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">{t(locale, "home-release-notes-empty")}</p> }.into_any();
    }
    view! {
        <ul class="article-list release-list">
            {items
                .into_iter()
                .map(|n| {
                    view! {
                        <li>
                            <a href=n.path>{n.title}</a>
                            {n.fallback.then(|| view! { <span class="badge" lang="en">{t(locale, "badge-english")}</span> })}
                            <p class="muted"><span class="version">{n.version}</span>" · "<time datetime=n.date.clone()>{n.date.clone()}</time></p>
                            <p>{n.summary}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <p><a href=format!("/{}/releases", locale.code())>{t(locale, "home-release-notes-all")}</a></p>
    }
    .into_any()
}

/// A list of articles with their summary; English stand-ins are labelled.
#[component]
pub fn ArticleList(locale: Locale, items: Vec<ArticleLink>, #[prop(optional)] show_module: bool) -> impl IntoView {
    view! {
        <ul class="article-list">
            {items
                .into_iter()
                .map(|a| {
                    view! {
                        <li>
                            <a href=a.path>{a.title}</a>
                            {a.fallback.then(|| view! { <span class="badge" lang="en">{t(locale, "badge-english")}</span> })}
                            {show_module.then(|| view! { <span class="muted">" · " {a.module_title.clone()}</span> })}
                            <p>{a.summary}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
