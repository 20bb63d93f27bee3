use super::{SearchBox, SearchBoxLabels};
use crate::{
    api::SignOut,
    i18n::{t, t_with},
    locale::{switch_path, Locale},
    pages::{current_brand, current_role, current_user, current_waiting, language_name, other_content_languages, use_language},
};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Html;
use leptos_router::hooks::use_location;

/// Header (brand, search, language menu), main content and footer, shared by every page.
/// `translations` overrides where the language menu leads (article slugs differ per locale).
#[component]
pub fn Layout(
    locale: Locale,
    #[prop(optional)] translations: Option<Vec<(String, String)>>,
    #[prop(optional, into)] query: String,
    children: Children,
) -> impl IntoView {
    let brand = current_brand();
    let path = use_location().pathname.get_untracked();
    // The URL's language: the interface locale, or another language the content is written in.
    let lang = use_language();
    let code = lang.as_str();
    let target =
        |l: &str| translations.as_ref().and_then(|ts| ts.iter().find(|(c, _)| c == l).map(|(_, p)| p.clone())).unwrap_or_else(|| switch_path(&path, l));
    // The interface's languages, then the other languages the content is written in (an article
    // not translated into one is shown there in English, as for any locale).
    let mut links: Vec<(String, String, String)> =
        Locale::ALL.into_iter().map(|l| (l.code().to_string(), l.native_name().to_string(), target(l.code()))).collect();
    for other in other_content_languages() {
        let (name, href) = (language_name(&other), target(&other));
        links.push((other, name, href));
    }
    let account = match current_user() {
        Some(name) => view! {
            <form class="account" method="post" action=SignOut::PATH>
                <span class="account-name">{t_with(locale, "nav-signed-in-as", &[("name", name)])}</span>
                <a href=format!("/{code}/activities")>{t(locale, "nav-activities")}</a>
                {matches!(current_role().as_deref(), Some("support-agent" | "super-admin"))
                    .then(|| view! {
                        <a href=format!("/{code}/agent")>
                            {t(locale, "nav-agent")}
                            {current_waiting()
                                .filter(|n| *n > 0)
                                .map(|n| {
                                    let label = t_with(locale, "nav-agent-waiting", &[("count", n.to_string())]);
                                    view! {
                                        " "
                                        <span class="waiting" aria-hidden="true" title=label.clone()>{n}</span>
                                        <span class="visually-hidden">{format!(" ({label})")}</span>
                                    }
                                })}
                        </a>
                        <a href=format!("/{code}/insights/support")>{t(locale, "nav-satisfaction")}</a>
                    })}
                {matches!(current_role().as_deref(), Some("content-editor" | "super-admin"))
                    .then(|| {
                        view! {
                            <a href=format!("/{code}/studio")>{t(locale, "nav-studio")}</a>
                            <a href=format!("/{code}/insights/search")>{t(locale, "insights-title")}</a>
                        }
                    })}
                {matches!(current_role().as_deref(), Some("customer-admin" | "super-admin"))
                    .then(|| view! { <a href=format!("/{code}/admin/accounts")>{t(locale, "nav-admin-accounts")}</a> })}
                // A customer administrator writes their own company's articles.
                {matches!(current_role().as_deref(), Some("customer-admin"))
                    .then(|| view! { <a href=format!("/{code}/studio")>{t(locale, "nav-studio")}</a> })}
                <a href=format!("/{code}/account/password")>{t(locale, "nav-account-password")}</a>
                <input type="hidden" name="locale" value=code/>
                <button type="submit" class="link-button">{t(locale, "nav-sign-out")}</button>
            </form>
        }
        .into_any(),
        None => {
            let href = format!("/{code}/sign-in?return_to={}", crate::url::query_value(&path));
            view! { <a class="account" href=href>{t(locale, "nav-sign-in")}</a> }.into_any()
        }
    };
    let style = (!brand.colour.is_empty()).then(|| format!("--brand: {}", brand.colour));
    // Built as separate type-erased views: one nested type for the whole page is deep enough to
    // hit the compiler's recursion limit in release builds.
    let search = view! {
        <SearchBox locale=code.to_string() query labels=SearchBoxLabels {
            label: t(locale, "search-label"),
            placeholder: t(locale, "search-placeholder"),
            button: t(locale, "search-button"),
            suggestions: t(locale, "search-suggestions"),
        }/>
    }
    .into_any();
    let languages = view! {
        <details class="language-menu">
            <summary aria-label=t(locale, "nav-language")>
                <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
                    <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" stroke-width="1.6"></circle>
                    <path d="M2.5 12h19M12 2.5c2.8 3 2.8 16 0 19M12 2.5c-2.8 3-2.8 16 0 19" fill="none" stroke="currentColor" stroke-width="1.6"></path>
                </svg>
                " "
                {language_name(code)}
            </summary>
            <ul>
                {links
                    .into_iter()
                    .map(|(l, name, href)| {
                        let current = (l == code).then_some("page");
                        view! {
                            <li>
                                <a href=href hreflang=l.clone() lang=l aria-current=current>
                                    {name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
    .into_any();
    let header = view! {
        <header class="site-header">
            <a class="brand" href=format!("/{code}")>
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{brand.name.clone()}</span>
                <span class="brand-suffix">{t(locale, "site-name")}</span>
            </a>
            {search}
            {languages}
            {account}
        </header>
    }
    .into_any();
    view! {
        // The interface's language; an article in another language marks its own text.
        <Html attr:lang=locale.code()/>
        <div class="page" style=style>
            <a class="skip-link" href="#content">{t(locale, "nav-skip")}</a>
            {header}
            <super::MaintenanceBanner locale/>
            <main id="content" tabindex="-1">{children()}</main>
            <footer class="site-footer">
                <p>{t(locale, "footer-text")}</p>
                <p>
                    <a href=format!("/{code}/maintenance")>{t(locale, "maintenance-title")}</a> " · "
                    <a href=format!("/{code}/releases")>{t(locale, "releases-title")}</a>
                </p>
            </footer>
        </div>
    }
}

/// Home › Module › Article, with the last item marked as the current page.
#[component]
pub fn Breadcrumbs(locale: Locale, items: Vec<(String, Option<String>)>) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label=t(locale, "nav-breadcrumbs")>
            <ol>
                <li>
                    <a href=format!("/{}", use_language())>{t(locale, "nav-home")}</a>
                </li>
                {items
                    .into_iter()
                    .map(|(label, href)| match href {
                        Some(href) => view! { <li><a href=href>{label}</a></li> }.into_any(),
                        None => view! { <li aria-current="page">{label}</li> }.into_any(),
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
