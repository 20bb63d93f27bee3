use super::{ticket_form::ContextualTicketForm, use_language, use_locale, use_param, NotFoundPage, PageBoundary};
use crate::{
    api::{get_article, ArticleOutcome, VoteHelpful, VoteMissing},
    components::{Breadcrumbs, HelpfulVote, Layout, VoteLabels},
    i18n::*,
    locale::Locale,
    model::{ArticleView, TocItem},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (module, slug) = (use_param("module"), use_param("slug"));
    let (voted, missing_sent, vote_failed) = use_query_map().with_untracked(|q| {
        // Without JavaScript, a refused vote comes back as `?__path=<server fn>&__err=…`.
        let path = q.get("__path");
        let failed = q.get("__err").is_some() && (path.as_deref() == Some(VoteHelpful::PATH) || path.as_deref() == Some(VoteMissing::PATH));
        (q.get("voted").filter(|v| v == "yes" || v == "no"), q.get("missing").as_deref() == Some("sent"), failed)
    });
    let article = Resource::new_blocking(|| (), {
        let lang = use_language();
        move |_| get_article(lang.clone(), module.clone(), slug.clone())
    });
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let voted = voted.clone();
                    Suspend::new(async move {
                    let view = match article.await? {
                        ArticleOutcome::Redirect(path) => {
                            #[cfg(feature = "ssr")]
                            super::redirect_to(&path);
                            view! { <p><a href=path>{t(locale, "article-moved")}</a></p> }.into_any()
                        }
                        ArticleOutcome::Article(a) => view! { <Article locale article=*a voted missing_sent vote_failed/> }.into_any(),
                    };
                    Ok::<_, crate::error::AppError>(view)
                })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn Article(locale: Locale, article: ArticleView, voted: Option<String>, missing_sent: bool, vote_failed: bool) -> impl IntoView {
    let a = article;
    let lang = use_language();
    let module_href = format!("/{lang}/{}", a.module);
    let labels = VoteLabels {
        question: t(locale, "helpful-question"),
        yes: t(locale, "helpful-yes"),
        no: t(locale, "helpful-no"),
        thanks: t(locale, "helpful-thanks"),
        failed: t(locale, "helpful-failed"),
        missing: t(locale, "helpful-missing"),
        missing_send: t(locale, "helpful-missing-send"),
        missing_thanks: t(locale, "helpful-missing-thanks"),
    };
    let fallback_notice = a.fallback.then(|| {
        view! {
            <p class="notice" role="note">
                {t_with(locale, "fallback-notice", &[("language", locale.native_name().to_string())])}
            </p>
        }
    });
    let source_notice = a.newer_source.clone().map(|(href, date)| {
        view! {
            <p class="notice" role="note">
                {t_with(locale, "article-source-newer", &[("date", date)])} " " <a href=href hreflang="en">{t(locale, "article-source-read")}</a>
            </p>
        }
    });
    let upgrade_notice = a.upgrade.clone().map(|u| {
        let phase = t(locale, &format!("phase-{}", u.phase));
        view! {
            <p class="notice upgrade-warning" role="note">
                {t_with(locale, "article-upgrade-warning", &[("module", a.module_title.clone()), ("version", u.version), ("phase", phase)])}
                {u.recommended.map(|r| view! { " " {t_with(locale, "article-upgrade-recommend", &[("version", r)])} })}
                " " <a href=format!("/{lang}/{}#versions-heading", a.module)>{t(locale, "versions-heading")}</a>
            </p>
        }
    });
    let (yes, no) = a.helpful_votes;
    view! {
        <Title text=a.title.clone()/>
        <Meta name="description" content=a.summary.clone()/>
        <Layout locale translations=a.translations.clone()>
            <Breadcrumbs locale items=vec![(a.module_title.clone(), Some(module_href)), (a.title.clone(), None)]/>
            <div class="article-layout">
                <article class="article" lang=a.content_locale.clone()>
                    {fallback_notice}
                    {source_notice}
                    {upgrade_notice}
                    <h1>{a.title.clone()}</h1>
                    <p class="meta">
                        {t(locale, "article-updated")} " "
                        <time datetime=a.updated.clone()>{a.updated.clone()}</time>
                    </p>
                    <div class="prose" inner_html=a.html.clone()></div>
                </article>
                <Toc locale items=a.toc.clone()/>
            </div>
            <HelpfulVote locale=lang.clone() module=a.module.clone() slug=a.slug.clone() labels voted missing_sent vote_failed/>
            <p class="muted helpful-tally">{t_with(locale, "helpful-tally", &[("yes", yes.to_string()), ("no", no.to_string())])}</p>
            // "Still need help?": the ticket form, pre-filled from this article; the breadcrumb
            // the reader followed is the action path.
            <ContextualTicketForm
                locale
                module=a.module.clone()
                article=format!("/{lang}/{}/{}", a.module, a.slug)
                from=format!("{} > {}", a.module_title, a.title)
            />
        </Layout>
    }
}

#[component]
fn Toc(locale: Locale, items: Vec<TocItem>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">{t(locale, "article-toc")}</h2>
                <ol>
                    {items
                        .into_iter()
                        .map(|i| view! { <li class=format!("toc-level-{}", i.level)><a href=format!("#{}", i.id)>{i.title}</a></li> })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}
