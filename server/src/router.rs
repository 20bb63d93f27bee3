use crate::middleware::{load_session, resolve_tenant, same_origin_writes};
use atrium_app::{shell, state::AppState, App};
use axum::{
    body::Body,
    extract::DefaultBodyLimit,
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::from_fn,
    middleware::from_fn_with_state,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower::Layer;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::{ServeDir, ServeFile},
    set_header::SetResponseHeaderLayer,
    timeout::{RequestBodyTimeoutLayer, TimeoutLayer},
    trace::{DefaultOnResponse, TraceLayer},
    LatencyUnit,
};

/// What every page and server function gets in its Leptos context.
fn context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(state.clone());
        leptos::nonce::provide_nonce();
    }
}

/// How the HTTP surface behaves, from the configuration.
#[derive(Debug, Clone)]
pub struct RouterOptions {
    /// A slower request is answered 408.
    pub request_timeout: Duration,
    /// A request body that takes longer to arrive is cut off.
    pub body_timeout: Duration,
    /// When given, what `/metrics` asks for as a bearer token.
    pub metrics_token: Option<String>,
    /// How long anonymous readers' pages are served from the page cache; zero turns it off.
    pub page_cache_ttl: Duration,
    /// The reverse proxies whose `X-Forwarded-*` headers are believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Requests per client address and per account, for each kind that is limited.
    pub rate_limits: atrium_core::config::RateLimits,
}

impl Default for RouterOptions {
    /// What tests use: no page cache, so every request renders.
    fn default() -> Self {
        RouterOptions {
            request_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(60),
            metrics_token: None,
            page_cache_ttl: Duration::ZERO,
            trusted_proxies: Vec::new(),
            // Tests drive one router per test from one "client": limits there are a test's own.
            rate_limits: atrium_core::config::RateLimits::off(),
        }
    }
}

/// The app's pages, listed once per process: Leptos' listing suppresses resource loading for
/// the whole process while it runs (leptos-rs/leptos#4773), so listing again while another
/// router serves (tests build many) would stall that router's renders.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole HTTP surface: pages, server functions (`/api/*`), assets, health and metrics.
pub fn router(state: AppState, options: RouterOptions) -> Router {
    let RouterOptions { request_timeout, body_timeout, metrics_token, page_cache_ttl, trusted_proxies, rate_limits } = options;
    crate::ops::metrics::handle();
    let routes = route_list();
    let options = state.leptos_options.clone();
    let pkg_dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());

    // Hashed file names change with their content, so they may be cached for a year.
    let assets = Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")));

    // Files copied from `public/` sit at the site root; the `/:locale` route would otherwise take
    // a name like `/favicon.svg` for a locale, so each gets its own route.
    with_public_files(Router::new(), options.site_root.as_ref())
        .route("/", get(root_redirect))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(crate::ops::readiness::readyz))
        .route("/metrics", get(crate::ops::metrics::metrics))
        .route("/api/search", get(crate::search::search_json))
        .route("/auth/sso/start", get(crate::sso::oidc::start))
        .route("/auth/saml/metadata", get(crate::sso::saml::metadata))
        .route("/auth/saml/acs", axum::routing::post(crate::sso::saml::acs))
        .route("/auth/oidc/callback", get(crate::sso::oidc::callback))
        .route("/api/search-insights.csv", get(crate::search::insights_csv))
        .route("/api/survey-answers.csv", get(crate::tickets::survey_csv::survey_csv))
        .route("/feeds/maintenance.atom", get(crate::maintenance::atom))
        .route("/feeds/maintenance.ics", get(crate::maintenance::ical))
        .route("/feeds/releases.atom", get(crate::content::feeds::atom))
        .route("/feeds/articles.atom", get(crate::content::feeds::articles_atom))
        .route("/{locale}/maintenance", axum::routing::post(crate::maintenance::publish))
        .route("/{locale}/search/open", get(crate::search::open_result))
        .route("/{locale}/studio/save", axum::routing::post(crate::content::studio::save).layer(DefaultBodyLimit::max(crate::content::studio::BODY_LIMIT)))
        .route("/media/{file}", get(crate::content::studio::media))
        .route("/{locale}/studio/release", axum::routing::post(crate::content::studio::releases::save))
        .route("/{locale}/studio/module", axum::routing::post(crate::content::studio::modules::save))
        .route("/{locale}/studio/restore", axum::routing::post(crate::content::studio::restore))
        .route("/{locale}/studio/review", axum::routing::post(crate::content::studio::review))
        .route("/{locale}/studio/images", axum::routing::post(crate::content::studio::remove_images))
        .route(
            "/{locale}/tickets",
            axum::routing::post(crate::tickets::forms::file_ticket)
                .layer(DefaultBodyLimit::max(crate::tickets::forms::body_limit(state.tickets.attachment_max_bytes))),
        )
        .route(
            "/{locale}/tickets/{number}/comments",
            axum::routing::post(crate::tickets::forms::comment_ticket)
                .layer(DefaultBodyLimit::max(crate::tickets::forms::body_limit(state.tickets.attachment_max_bytes))),
        )
        .route("/{locale}/tickets/{number}/files/{id}", get(crate::tickets::forms::screenshot))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(&state, routes, context(state.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", assets)
        .route_layer(from_fn(crate::ops::metrics::label_route))
        .fallback(not_found)
        // Innermost: a refused cross-site post uses up nobody's allowance, and the session and
        // tenant are known when the limit is checked.
        .layer(from_fn(server_fn_status))
        .layer(from_fn_with_state(crate::rate_limit::Limiters::new(&rate_limits), crate::rate_limit::limit))
        .layer(from_fn(same_origin_writes))
        // Layers run outermost-last-added: the tenant is resolved before the session is read.
        .layer(from_fn_with_state(state.clone(), load_session))
        // Between the two: a cached page needs its tenant resolved but no session lookup.
        .layer(from_fn_with_state(state.clone(), crate::page_cache::page_cache))
        .layer(from_fn_with_state(state.clone(), resolve_tenant))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'; object-src 'none'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, request_timeout))
        .layer(RequestBodyTimeoutLayer::new(body_timeout))
        .layer(from_fn_with_state(std::sync::Arc::new(trusted_proxies), crate::middleware::trusted_proxy_headers))
        .layer(CompressionLayer::new())
        // Each request gets an id (the caller's `x-request-id` when it sends one), logged with
        // every line of the request and sent back, so a reader's report can be found in the logs.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<axum::body::Body>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Micros)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(from_fn(crate::ops::metrics::track_requests))
        .layer(axum::Extension(crate::ops::metrics::MetricsToken(metrics_token)))
        .layer(axum::Extension(crate::page_cache::PageCache::new(page_cache_ttl)))
        .with_state(state)
}

/// Adds a route for each file and folder copied from `public/` into the site root.
fn with_public_files(mut router: Router<AppState>, site_root: &str) -> Router<AppState> {
    let Ok(entries) = std::fs::read_dir(site_root) else { return router };
    let cache = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        if name == "pkg" || name.starts_with('.') {
            continue;
        }
        router = if path.is_dir() {
            router.nest_service(&format!("/{name}"), cache.layer(ServeDir::new(path)))
        } else {
            router.route_service(&format!("/{name}"), cache.layer(ServeFile::new(path)))
        };
    }
    router
}

async fn server_fn(State(state): State<AppState>, req: Request) -> impl IntoResponse {
    leptos_axum::handle_server_fns_with_context(context(state), req).await
}

/// Leptos answers every server function error 500; the error itself says what it was (a missing
/// object, a wrong role, bad input), and the status should say the same.
async fn server_fn_status(req: Request, next: axum::middleware::Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<atrium_app::error::AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `/` → the reader's preferred language (Accept-Language), English otherwise.
async fn root_redirect(headers: HeaderMap) -> Response {
    let raw = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let locale = preferred_locale(raw);
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, format!("/{locale}"))
        .header(header::VARY, "Accept-Language")
        .body(Body::empty())
        .expect("static response")
}

fn preferred_locale(accept_language: &str) -> &'static str {
    accept_language::parse(accept_language)
        .iter()
        .filter_map(|tag| {
            let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
            atrium_core::LOCALES.iter().find(|l| **l == primary).copied()
        })
        .next()
        .unwrap_or(atrium_core::FALLBACK_LOCALE)
}

/// A path no route knows: the friendly 404 page, rendered by the app in the URL's language.
async fn not_found(State(state): State<AppState>, req: Request) -> Response {
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(context(state), move || shell(options.clone()));
    render(req).await.into_response()
}

#[cfg(test)]
mod tests {
    use super::preferred_locale;

    #[test]
    fn accept_language_picks_the_first_supported_language() {
        assert_eq!(preferred_locale("fr-FR,fr;q=0.9,en;q=0.8"), "fr");
        assert_eq!(preferred_locale("ja,de-CH;q=0.7"), "de");
        assert_eq!(preferred_locale("ja"), "en");
        assert_eq!(preferred_locale(""), "en");
        assert_eq!(preferred_locale("en;q=0.1,sv;q=0.9"), "sv");
    }
}
