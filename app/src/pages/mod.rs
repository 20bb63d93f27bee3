//! The page shell, the router and one module per page.

mod account;
mod account_links;
mod activities;
mod admin;
mod admin_sso;
mod agent;
mod agent_notifications;
mod agent_replies;
mod article;
mod errors;
mod home;
mod insights;
mod maintenance;
mod module;
mod releases;
mod search;
mod sign_in;
mod studio;
mod studio_fields;
mod studio_gaps;
mod studio_history;
mod studio_images;
mod studio_module;
mod studio_release;
mod studio_review;
mod studio_translations;
mod support_report;
mod survey;
mod ticket;
mod ticket_form;

use crate::{locale::Locale, model::Brand};
use errors::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{FlatRoutes, Route, Router},
    hooks::use_params_map,
    ParamSegment, SsrMode, StaticSegment,
};

use errors::{ErrorPage, PageBoundary};

/// The HTML document around every page. Asset names carry a content hash (set by the build),
/// so they can be cached for a year.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = format!("/pkg/{}.css", options.output_name);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="stylesheet" href=css/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options islands=cfg!(feature = "islands")/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

fn escape_title(text: String) -> String {
    #[cfg(feature = "ssr")]
    return atrium_core::escape_html(&text);
    #[cfg(not(feature = "ssr"))]
    text
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    set_security_headers();
    view! {
        // Leptos writes title text into the head as is: every page's title, whatever its source
        // (an article's front matter, a ticket's subject), is escaped here, once for all pages.
        <Title formatter=escape_title/>
        <Router>
            <FlatRoutes fallback=|| view! { <NotFoundPage/> }>
                <Route path=ParamSegment("locale") view=home::HomePage ssr=SsrMode::Async/>
                <Route path=(ParamSegment("locale"), StaticSegment("search")) view=search::SearchPage ssr=SsrMode::Async/>
                <Route path=(ParamSegment("locale"), StaticSegment("sign-in")) view=sign_in::SignInPage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("account"), StaticSegment("password"))
                    view=account::ChangePasswordPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("account"), StaticSegment("forgot"))
                    view=account_links::ForgotPasswordPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("account"), StaticSegment("link"))
                    view=account_links::AccountLinkPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("admin"), StaticSegment("accounts"))
                    view=admin::AccountsAdminPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("admin"), StaticSegment("tenants"))
                    view=admin::TenantsPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("insights"), StaticSegment("search"))
                    view=insights::SearchInsightsPage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), StaticSegment("activities")) view=activities::ActivitiesPage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("survey"), StaticSegment("thanks"))
                    view=survey::SurveyThanksPage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), StaticSegment("survey"), ParamSegment("token")) view=survey::SurveyPage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("insights"), StaticSegment("support"))
                    view=support_report::SupportReportPage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), StaticSegment("agent")) view=agent::AgentQueuePage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("agent"), StaticSegment("replies"))
                    view=agent_replies::AgentRepliesPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("agent"), StaticSegment("notifications"))
                    view=agent_notifications::AgentNotificationsPage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), StaticSegment("studio")) view=studio::StudioPage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("edit"))
                    view=studio::StudioEditorPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("release"))
                    view=studio_release::ReleaseEditorPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("gaps"))
                    view=studio_gaps::GapsPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("translations"))
                    view=studio_translations::TranslationsPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("module"))
                    view=studio_module::ModuleEditorPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("images"))
                    view=studio_images::ImageLibraryPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("studio"), StaticSegment("history"))
                    view=studio_history::StudioHistoryPage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), StaticSegment("maintenance")) view=maintenance::MaintenancePage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("maintenance"), StaticSegment("unsubscribe"))
                    view=maintenance::UnsubscribePage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), StaticSegment("releases")) view=releases::ReleasesPage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), StaticSegment("releases"), ParamSegment("slug"))
                    view=releases::ReleasePage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("tickets"), StaticSegment("new"))
                    view=ticket_form::NewTicketPage
                    ssr=SsrMode::Async
                />
                <Route
                    path=(ParamSegment("locale"), StaticSegment("tickets"), ParamSegment("number"))
                    view=ticket::TicketPage
                    ssr=SsrMode::Async
                />
                <Route path=(ParamSegment("locale"), ParamSegment("module")) view=module::ModulePage ssr=SsrMode::Async/>
                <Route
                    path=(ParamSegment("locale"), ParamSegment("module"), ParamSegment("slug"))
                    view=article::ArticlePage
                    ssr=SsrMode::Async
                />
            </FlatRoutes>
        </Router>
    }
}

/// The interface locale of the URL's first segment; `None` for an unknown one. A language the
/// content is written in beyond the interface's seven (`/ja/…`, for imported documentation) is
/// shown with the English interface. Read from the location rather than route params so that the
/// not-found fallback (no matched route) knows it too.
pub fn use_locale() -> Option<Locale> {
    let segment = first_segment();
    Locale::from_code(&segment).or_else(|| other_content_language(&segment).then_some(Locale::En))
}

/// The URL's language: the interface locale, or the other content language (`ja`, `pt-br`) whose
/// articles, searches and links the page keeps to.
pub fn use_language() -> String {
    let segment = first_segment();
    match Locale::from_code(&segment) {
        Some(_) => segment,
        None if other_content_language(&segment) => segment,
        None => Locale::En.code().to_string(),
    }
}

fn first_segment() -> String {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    path.trim_start_matches('/').split('/').next().unwrap_or_default().to_string()
}

/// Whether some content is written in `code`, a segment that is not an interface locale. Pages
/// render on the server (islands): only there is the content known.
fn other_content_language(code: &str) -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::state::AppState>().is_some_and(|state| state.content().has_language(code))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = code;
        false
    }
}

/// The languages some content is written in beyond the interface's seven (`ja`, `pt-br`), for
/// the language menu.
pub fn other_content_languages() -> Vec<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::state::AppState>()
            .map(|state| state.content().languages().iter().filter(|l| Locale::from_code(l).is_none()).cloned().collect())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Vec::new()
    }
}

/// The service's time zone (`ATRIUM_TIME_ZONE`, such as `Europe/Paris`), which support hours,
/// incident times and the recurring windows are given in.
pub fn service_time_zone() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::state::AppState>().map(|state| state.tickets.calendar.tz.name().to_string()).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// A content language's name in itself (`日本語`), for the language menu.
pub fn language_name(code: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        atrium_core::language_name(code).unwrap_or_else(|| code.to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        code.to_string()
    }
}

/// Answers this page load with a 302 to `path` (whatever the client's Accept header says).
#[cfg(feature = "ssr")]
pub fn redirect_to(path: &str) {
    if let (Some(response), Ok(location)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(path)) {
        response.set_status(http::StatusCode::FOUND);
        response.insert_header(http::header::LOCATION, location);
    }
}

pub fn use_param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

/// The tenant's branding, put on the request by the tenant middleware.
pub fn current_brand() -> Brand {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<atrium_core::tenant::Tenant>().cloned())
            .map(|t| Brand { name: t.name, colour: t.brand_colour })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    Brand::default()
}

/// The signed-in reader's display name, if any.
pub fn current_user() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<crate::state::Session>().map(|s| s.user.display_name.clone()))
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// How many tickets wait for the signed-in agent, if they are one.
pub fn current_waiting() -> Option<i64> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<crate::state::Session>().and_then(|s| s.waiting))
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The signed-in reader's role, if any: the header shows support links to agents.
pub fn current_role() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<crate::state::Session>().map(|s| s.user.role.key().to_string()))
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The CSP allows exactly this response's hydration script (by nonce) and WebAssembly.
#[cfg(feature = "ssr")]
fn set_security_headers() {
    use http::{header, HeaderValue};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}
