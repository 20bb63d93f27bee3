//! What server functions reach on the server: given to Leptos as context by the server binary.

use atrium_core::{content::ContentStore, db::Pool, search::SearchIndex, tenant::TenantDirectory};
use std::sync::{Arc, RwLock};

/// What every request handler shares. One `Arc` around it all: axum clones the state for each
/// layer and handler of every request, and cloning a dozen shared counters each time (the Leptos
/// options alone hold several) was a fifth of the server's time on a cached page (the budget
/// bench's profile).
#[derive(Clone)]
pub struct AppState(Arc<AppStateInner>);

impl AppState {
    pub fn new(inner: AppStateInner) -> Self {
        AppState(Arc::new(inner))
    }

    /// Changes the state before it is shared (tests move the clock this way).
    pub fn configure(&mut self) -> &mut AppStateInner {
        Arc::get_mut(&mut self.0).expect("the state is configured before it is shared")
    }
}

impl std::ops::Deref for AppState {
    type Target = AppStateInner;

    fn deref(&self) -> &AppStateInner {
        &self.0
    }
}

pub struct AppStateInner {
    pub pool: Pool,
    pub tenants: Arc<TenantDirectory>,
    /// Swapped whole when content is reloaded, so readers never see half a reload.
    pub content: Arc<RwLock<Arc<ContentStore>>>,
    /// The content folder the studio's publications are laid over: the editor opens an article
    /// never saved in the studio from its file.
    pub content_dir: std::path::PathBuf,
    /// Built from the same content and swapped with it; a search during a rebuild uses the old one.
    pub search: Arc<RwLock<Arc<SearchIndex>>>,
    pub leptos_options: leptos::config::LeptosOptions,
    /// What "now" is for tickets and jobs; tests move it.
    pub clock: Arc<dyn atrium_core::clock::Clock>,
    pub tickets: Arc<atrium_core::ticket::TicketSettings>,
    pub mail_kick: atrium_core::mail::MailKick,
    /// Searches of the JSON API, logged in batches off the request path.
    pub search_log: atrium_core::search::log::LogQueue,
    /// `ATRIUM_ALLOW_PRIVATE_PROVIDERS`: identity providers may be on loopback or private addresses.
    pub allow_private_providers: bool,
    /// Which copies of shared data this node holds are still current (followed by a task).
    pub versions: Arc<atrium_core::shared::Versions>,
    /// Each tenant's banner announcements, read once instead of on every page.
    pub banner: atrium_core::maintenance::BannerCache,
    /// "Was this helpful?" counts, read once per article until someone votes.
    pub tallies: atrium_core::feedback::Tallies,
}

impl AppStateInner {
    pub fn content(&self) -> Arc<ContentStore> {
        self.content.read().expect("content lock").clone()
    }

    /// Today's date in the service's time zone (`ATRIUM_TIME_ZONE`, where the support phases'
    /// and review dates are set), from the app's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp(self.clock.now(), 0).unwrap_or_default().with_timezone(&self.tickets.calendar.tz).date_naive()
    }

    pub fn search(&self) -> Arc<SearchIndex> {
        self.search.read().expect("search lock").clone()
    }

    /// Swaps in new content and its search index together.
    pub fn replace_content(&self, store: ContentStore, index: SearchIndex) {
        *self.content.write().expect("content lock") = Arc::new(store);
        *self.search.write().expect("search lock") = Arc::new(index);
    }
}

/// Lets `leptos_axum` find its options in the router state.
impl axum::extract::FromRef<AppState> for leptos::config::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The name of the session cookie; its value is an opaque random token.
pub const SESSION_COOKIE: &str = "atrium_session";

/// The `Set-Cookie` value that sets (or, with `None`, clears) the session cookie: HttpOnly,
/// SameSite=Lax, 12 hours, `Secure` when the request came over HTTPS.
pub fn session_cookie(token: Option<&str>, secure: bool) -> String {
    set_cookie_value(SESSION_COOKIE, token, 12 * 3600, secure)
}

/// A `Set-Cookie` value for one of our cookies (`None` clears it): `Path=/`, HttpOnly,
/// SameSite=Lax, `Secure` when the request came over HTTPS.
pub fn set_cookie_value(name: &'static str, value: Option<&str>, max_age_secs: i64, secure: bool) -> String {
    cookie::Cookie::build((name, value.unwrap_or_default()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(if value.is_some() { max_age_secs } else { 0 }))
        .build()
        .to_string()
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// Whether the request reached us over HTTPS (directly or through a proxy saying so).
pub fn is_https(parts: &http::request::Parts) -> bool {
    parts.uri.scheme_str() == Some("https") || parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

/// A signed-in reader, put on the request by the session middleware.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: atrium_core::identity::User,
    pub token: String,
    /// For an agent: how many tickets wait for them, shown in the header.
    pub waiting: Option<i64>,
}
