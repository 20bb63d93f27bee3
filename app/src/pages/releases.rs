//! `/<locale>/releases`: the weekly release notes, filterable by module and version, with each
//! feature's state and how to turn on the ones delivered deactivated; `/<locale>/releases/<slug>`
//! for one note (where search results lead).

use super::{use_locale, use_param, NotFoundPage, PageBoundary};
use crate::{
    api::{get_release, get_releases},
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::{ReleaseNoteView, ReleasesView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReleasesPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (module, version) = use_query_map().with_untracked(|q| (q.get("module").filter(|m| !m.is_empty()), q.get("version").filter(|v| !v.is_empty())));
    let data = Resource::new_blocking(|| (), move |_| get_releases(locale.code().to_string(), module.clone(), version.clone()));
    view! {
        <Title text=t(locale, "releases-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let r = data.await?;
                    Ok::<_, crate::error::AppError>(view! { <Releases locale r/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn Releases(locale: Locale, r: ReleasesView) -> impl IntoView {
    let code = locale.code();
    let modules = r.modules.iter().map(|(f, title)| view! { <option value=f.clone() selected=*f == r.module>{title.clone()}</option> }).collect_view();
    let versions = r.versions.iter().map(|v| view! { <option value=v.clone() selected=*v == r.version>{v.clone()}</option> }).collect_view();
    let notes = if r.notes.is_empty() {
        view! { <p class="muted">{t(locale, "releases-none")}</p> }.into_any()
    } else {
        r.notes.into_iter().map(|n| view! { <ReleaseNoteItem locale n heading=2/> }).collect_view().into_any()
    };
    view! {
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "releases-title"), None)]/>
            <h1>{t(locale, "releases-title")}</h1>
            <form method="get" class="filters" action=format!("/{code}/releases")>
                <label>{t(locale, "ticket-module")}
                    <select name="module"><option value="">{t(locale, "agent-any")}</option>{modules}</select>
                </label>
                <label>{t(locale, "releases-version")}
                    <select name="version"><option value="">{t(locale, "agent-any")}</option>{versions}</select>
                </label>
                <button type="submit">{t(locale, "agent-filter")}</button>
            </form>
            <p class="feeds">{t(locale, "maintenance-subscribe")} " " <a href=format!("/feeds/releases.atom?locale={code}")>"Atom"</a></p>
            {notes}
        </Layout>
    }
}

#[component]
fn ReleaseNoteItem(locale: Locale, n: ReleaseNoteView, heading: u8) -> impl IntoView {
    let code = locale.code();
    let title = view! { <a href=format!("/{code}/releases/{}", n.slug)>{n.title.clone()}</a> };
    let heading = if heading == 1 { view! { <h1>{n.title.clone()}</h1> }.into_any() } else { view! { <h2>{title}</h2> }.into_any() };
    let features = n
        .features
        .iter()
        .map(|f| {
            view! {
                <li class=format!("feature state-{}", f.state)>
                    <span class="badge">{t(locale, &format!("releases-state-{}", f.state))}</span> " "
                    <strong>{f.title.clone()}</strong>
                    {f.module_title.clone().map(|m| view! { <span class="muted">" · " {m}</span> })}
                    {f.activation.clone().map(|a| view! { <p class="activation">{t(locale, "releases-activation")} " " {a}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="release-note" id=format!("release-{}", n.slug)>
            {heading}
            <p class="meta">
                <span class="badge">{n.version.clone()}</span> " " <time>{n.date.clone()}</time>
                {(!n.modules.is_empty()).then(|| view! { " · " {n.modules.join(", ")} })}
                {n.fallback.then(|| view! { " " <span class="badge" lang="en">{t(locale, "badge-english")}</span> })}
            </p>
            {n.newer_source.clone().map(|(href, date)| {
                view! {
                    <p class="notice" role="note">
                        {t_with(locale, "release-source-newer", &[("date", date)])} " "
                        <a href=href hreflang="en">{t(locale, "release-source-read")}</a>
                    </p>
                }
            })}
            {(!n.summary.is_empty()).then(|| view! { <p class="lead">{n.summary.clone()}</p> })}
            {(!n.features.is_empty()).then(|| view! { <ul class="features">{features}</ul> })}
            <div class="prose" inner_html=n.html.clone()></div>
        </article>
    }
}

#[component]
pub fn ReleasePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let slug = use_param("slug");
    let data = Resource::new_blocking(|| (), move |_| get_release(locale.code().to_string(), slug.clone()));
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let n = data.await?;
                    Ok::<_, crate::error::AppError>(view! {
                        <Title text=n.title.clone()/>
                        <Layout locale>
                            <Breadcrumbs locale items=vec![(t(locale, "releases-title"), Some(format!("/{}/releases", locale.code()))), (n.version.clone(), None)]/>
                            <ReleaseNoteItem locale n heading=1/>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
