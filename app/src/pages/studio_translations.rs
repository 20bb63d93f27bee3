//! `/<locale>/studio/translations?language=…`: every English article, then every English release
//! note, with its translation into one language, missing, outdated or up to date, each a link to
//! translate or update it.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::get_translations,
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::{TranslationRow, TranslationSource, TranslationsView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TranslationsPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let language = use_query_map().with_untracked(|q| q.get("language"));
    let data = Resource::new_blocking(|| (), move |_| get_translations(locale.code().to_string(), language.clone()));
    view! {
        <Title text=t(locale, "studio-translations-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let view = data.await?;
                    Ok::<_, crate::error::AppError>(view! { <Translations locale view/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// One table of the dashboard: each English source with its translation and where it stands,
/// linking to `editor` (`edit` or `release`) to translate or update it.
fn translation_table(locale: Locale, language: &str, editor: &str, source_heading: String, rows: Vec<TranslationRow>) -> impl IntoView {
    let code = locale.code();
    let count = |state: &str| rows.iter().filter(|r| r.state == state).count().to_string();
    let counts =
        t_with(locale, "studio-translations-counts", &[("missing", count("missing")), ("outdated", count("outdated")), ("current", count("up-to-date"))]);
    let body = rows
        .into_iter()
        .map(|r| {
            let (href, action) = match &r.translation_path {
                Some(path) => (format!("/{code}/studio/{editor}?path={}", crate::url::query_value(path)), t(locale, "studio-update-translation")),
                None => (
                    format!("/{code}/studio/{editor}?translate={}&language={language}", crate::url::query_value(&r.source_path)),
                    t(locale, "studio-translate"),
                ),
            };
            view! {
                <tr class=format!("translation-{}", r.state)>
                    <td data-label=source_heading.clone()>{r.source_title} <span class="muted">" · " {r.module_title}</span></td>
                    <td data-label=t(locale, "studio-col-translation")>{r.translation_title.unwrap_or_default()}</td>
                    <td data-label=t(locale, "studio-col-state")>
                        <span class=format!("studio-state studio-translation-{}", r.state)>{t(locale, &format!("studio-translation-{}", r.state))}</span>
                    </td>
                    <td><a href=href>{action}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="studio-counts">{counts}</p>
        <table class="studio-list">
            <thead>
                <tr>
                    <th scope="col">{source_heading.clone()}</th>
                    <th scope="col">{t(locale, "studio-col-translation")}</th>
                    <th scope="col">{t(locale, "studio-col-state")}</th>
                    <th scope="col"><span class="visually-hidden">{t(locale, "studio-edit")}</span></th>
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
}

#[component]
fn Translations(locale: Locale, view: TranslationsView) -> impl IntoView {
    let code = locale.code();
    let TranslationsView { language, languages, rows, releases } = view;
    let articles = translation_table(locale, &language, "edit", t(locale, "studio-col-source"), rows);
    let releases = (!releases.is_empty()).then(|| {
        view! {
            <section aria-labelledby="release-translations-heading">
                <h2 id="release-translations-heading">{t(locale, "studio-translations-releases")}</h2>
                {translation_table(locale, &language, "release", t(locale, "studio-col-source-release"), releases)}
            </section>
        }
    });
    view! {
        <Layout locale>
            <Breadcrumbs
                locale
                items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (t(locale, "studio-translations-title"), None)]
            />
            <h1>{t(locale, "studio-translations-title")}</h1>
            <p class="lead">{t(locale, "studio-translations-intro")}</p>
            <form method="get" action=format!("/{code}/studio/translations") class="inline-form studio-tools">
                <label for="translations-language">{t(locale, "studio-language")}</label>
                <select id="translations-language" name="language">
                    {languages
                        .into_iter()
                        .map(|(c, name)| view! { <option value=c.clone() selected=c == language>{name}</option> })
                        .collect_view()}
                </select>
                <button type="submit">{t(locale, "studio-show")}</button>
            </form>
            {articles}
            {releases}
        </Layout>
    }
}

/// The English article beside its translation: its Markdown, and whether it changed since.
#[component]
pub fn TranslationSourcePanel(locale: Locale, source: TranslationSource) -> impl IntoView {
    view! {
        <section class="studio-source" aria-labelledby="source-heading">
            <h2 id="source-heading">{t_with(locale, "studio-source-heading", &[("date", source.updated.clone())])}</h2>
            {source
                .newer
                .then(|| view! { <p class="notice" role="note">{t_with(locale, "studio-source-newer-note", &[("date", source.updated.clone())])}</p> })}
            <p class="muted">{source.title}</p>
            <pre class="studio-source-text" lang="en">{source.body}</pre>
        </section>
    }
}

/// An editor's body, beside its English source when it is a translation, with the box that says
/// the translation now follows that source.
#[component]
pub fn TranslatedBody(locale: Locale, source: Option<TranslationSource>, body: AnyView, source_updated: String, in_sync: bool) -> impl IntoView {
    let in_line = source.as_ref().map(|s| {
        view! {
            <input type="hidden" name="source_updated" value=source_updated/>
            <p class="choice">
                <input type="checkbox" id="in_sync" name="in_sync" value="1" checked=in_sync/>
                <label for="in_sync">{t_with(locale, "studio-in-sync", &[("date", s.updated.clone())])}</label>
            </p>
        }
    });
    view! {
        <div class:studio-translate=source.is_some()>
            {source.clone().map(|s| view! { <TranslationSourcePanel locale source=s/> })}
            {body}
        </div>
        {in_line}
    }
}
