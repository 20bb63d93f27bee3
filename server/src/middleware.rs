//! Request guards that run before any page or server function.

use atrium_app::state::{cookie, AppState, Session, SESSION_COOKIE};
use atrium_core::identity;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Finds the tenant from the Host header; an unknown host gets a plain 404 naming the host, and
/// nothing of any tenant is served to it.
pub async fn resolve_tenant(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if matches!(req.uri().path(), "/healthz" | "/readyz" | "/metrics") {
        return next.run(req).await;
    }
    let host =
        req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string).or_else(|| req.uri().host().map(str::to_string)).unwrap_or_default();
    if !atrium_core::tenant::valid_host_header(&host) {
        // Refused before any lookup: a Host such as `127.0.0.1:3000@evil.example` must reach no
        // tenant, whatever the lookup would make of it.
        let body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bad request</title></head>\
                    <body><h1>Bad request</h1><p>The address this request was sent to is not a valid host name.</p></body></html>";
        return (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    }
    match state.tenants.for_host(&host) {
        Some(tenant) => {
            req.extensions_mut().insert(tenant);
            next.run(req).await
        }
        None => {
            let shown = atrium_core::tenant::normalise_host(&host);
            let body = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unknown help centre</title></head>\
                 <body><h1>No help centre here</h1><p>No help centre is configured for the address <code>{}</code>. \
                 Check the address, or ask your administrator for your company's help centre link.</p></body></html>",
                atrium_core::escape_html(&shown)
            );
            (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
        }
    }
}

/// Headers only a reverse proxy may set: a client sending them directly could otherwise claim
/// HTTPS (and so get HSTS and `Secure` cookies on plain HTTP) or another address.
const PROXY_HEADERS: &[&str] = &["x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "forwarded"];

/// Believes the proxy headers only from the addresses in `ATRIUM_TRUSTED_PROXIES` (removing them
/// from any other peer's request), and marks every response to a request that came over HTTPS
/// with `Strict-Transport-Security`.
pub async fn trusted_proxy_headers(State(trusted): State<std::sync::Arc<Vec<std::net::IpAddr>>>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    if !peer.is_some_and(|ip| trusted.contains(&ip)) {
        for name in PROXY_HEADERS {
            req.headers_mut().remove(*name);
        }
    }
    let https = req.uri().scheme_str() == Some("https")
        || req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let mut res = next.run(req).await;
    if https {
        res.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, axum::http::HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// Puts the signed-in session on the request when its cookie names a live session of *this*
/// tenant; a cookie from another tenant's host, or an expired or forged one, counts for nothing.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let tenant = req.extensions().get::<atrium_core::tenant::Tenant>().cloned();
    if let (Some(tenant), Some(token)) = (tenant, cookie(req.headers(), SESSION_COOKIE)) {
        // Under the tenant's own idle and absolute limits, read with the session.
        match identity::load_session_for_tenant(&state.pool, &tenant.id, &token, state.clock.now()).await {
            Ok(Some(user)) => {
                // The header's count is for pages; API calls and files do without the query.
                let waiting = match atrium_core::ticket::is_agent(&user) && renders_a_page(&req) {
                    true => {
                        atrium_core::ticket::waiting_for(&state.pool, &user).await.inspect_err(|e| tracing::warn!(error = %e, "desk count unreadable")).ok()
                    }
                    false => None,
                };
                req.extensions_mut().insert(Session { user, token, waiting });
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "session lookup failed"),
        }
    }
    next.run(req).await
}

/// A GET for something other than a server function, an asset or a ticket's file: a page.
fn renders_a_page(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == axum::http::Method::GET && !path.starts_with("/api/") && !path.starts_with("/pkg/") && !path.contains("/files/")
}

/// Where other sites post by design: the SAML IdP's page posts the signed response to the ACS,
/// and that signature, checked there, is what authenticates it.
const CROSS_SITE_POSTS: &[&str] = &["/auth/saml/acs"];

/// Refuses state-changing requests sent by another site (CSRF): the browser's `Origin` (or, when
/// absent, `Sec-Fetch-Site`) must say the request comes from this host.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || same_origin(req.headers()) || CROSS_SITE_POSTS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "cross-site write refused");
    Response::builder()
        .status(StatusCode::FORBIDDEN)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from("This form was sent from another site and was refused. Go back to the help centre and try again."))
        .expect("static response")
}

fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default().to_ascii_lowercase();
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        Some(origin) => {
            let authority = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
            !host.is_empty() && authority.eq_ignore_ascii_case(&host)
        }
        // Old browsers and non-browser clients send no Origin; modern browsers still say where
        // the request came from.
        None => !matches!(headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site" | "same-site")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origin_must_match_host() {
        assert!(same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")])));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000.evil.example")])));
        assert!(!same_origin(&headers(&[("host", "acme.localhost:3000"), ("origin", "http://globex.localhost:3000")])));
        assert!(!same_origin(&headers(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
    }

    #[test]
    fn without_origin_fetch_metadata_decides() {
        assert!(same_origin(&headers(&[("host", "a")])));
        assert!(same_origin(&headers(&[("host", "a"), ("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&headers(&[("host", "a"), ("sec-fetch-site", "cross-site")])));
    }
}
