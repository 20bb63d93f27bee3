//! Rate limits on what scripts abuse: sign-in, password-reset requests, ticket filing, survey
//! answers, votes and the search API. Each kind is limited per client address and per account
//! (the signed-in user, or the address a sign-in or reset is for); past a limit the answer is
//! 429 with `Retry-After`, in the reader's language for pages.

use atrium_app::{i18n::t, locale::Locale, state::Session};
use atrium_core::config::{Rate, RateLimits};
use axum::{
    body::{to_bytes, Body},
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota};
use std::{
    net::SocketAddr,
    num::NonZeroU32,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

/// One keyed limiter per kind that is on.
pub struct Limiters {
    kinds: Vec<(&'static str, DefaultKeyedRateLimiter<String>)>,
    checks: AtomicU64,
}

fn quota(rate: Rate) -> Option<Quota> {
    let burst = NonZeroU32::new(rate.count)?;
    let period = Duration::from_secs(u64::from(rate.seconds)) / rate.count;
    Some(Quota::with_period(period.max(Duration::from_nanos(1)))?.allow_burst(burst))
}

impl Limiters {
    pub fn new(limits: &RateLimits) -> Arc<Self> {
        let kinds = RateLimits::NAMES.iter().filter_map(|name| Some((*name, DefaultKeyedRateLimiter::keyed(quota(limits.get(name)?)?)))).collect();
        Arc::new(Limiters { kinds, checks: AtomicU64::new(0) })
    }

    /// `Ok`, or how long to wait before `key` may send another request of this kind.
    fn check(&self, kind: &str, key: String) -> Result<(), Duration> {
        let Some((_, limiter)) = self.kinds.iter().find(|(k, _)| *k == kind) else { return Ok(()) };
        // Forget keys that are back to a full allowance now and then, so the map stays small.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            for (_, l) in &self.kinds {
                l.retain_recent();
            }
        }
        limiter.check_key(&key).map_err(|not_until| not_until.wait_time_from(governor::clock::DefaultClock::default().now()))
    }
}

/// Which limit a request counts against, if any.
fn kind_of(method: &Method, path: &str) -> Option<&'static str> {
    // Every request passes here: reads other than the search API leave without splitting a path.
    if *method == Method::GET {
        return (path == "/api/search").then_some("search");
    }
    if *method != Method::POST {
        return None;
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::POST, ["api", "sign-in"]) => Some("sign-in"),
        (&Method::POST, ["api", "password-reset-request"]) => Some("reset"),
        (&Method::POST, [_, "tickets"]) | (&Method::POST, [_, "tickets", _, "comments"]) => Some("ticket"),
        (&Method::POST, ["api", "survey"]) => Some("survey"),
        // Saying what was missing shares the votes' allowance.
        (&Method::POST, ["api", "vote-helpful" | "vote-missing"]) => Some("vote"),
        _ => None,
    }
}

/// The client's address: the peer, or behind a trusted proxy the address it forwarded (proxy
/// headers from anyone else were removed before this runs).
fn client_address(req: &Request) -> String {
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse::<std::net::IpAddr>().ok());
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    forwarded.or(peer).map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

#[derive(serde::Deserialize)]
struct AccountField {
    #[serde(default)]
    email: String,
    #[serde(default)]
    locale: String,
}

pub async fn limit(State(limiters): State<Arc<Limiters>>, req: Request, next: Next) -> Response {
    let Some(kind) = kind_of(req.method(), req.uri().path()) else { return next.run(req).await };
    let address = client_address(&req);
    let tenant = req.extensions().get::<atrium_core::tenant::Tenant>().map(|t| t.id.clone()).unwrap_or_default();
    let mut locale = req.uri().path().trim_start_matches('/').split('/').next().and_then(Locale::from_code);
    let mut account = req.extensions().get::<Session>().map(|s| format!("user:{}", s.user.id));
    // A sign-in or reset is for the address in its form: read it (forms are small), then hand
    // the same bytes on.
    let req = if matches!(kind, "sign-in" | "reset") {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, 16 * 1024).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, "This form is too large.").into_response();
        };
        if let Ok(form) = serde_urlencoded::from_bytes::<AccountField>(&bytes) {
            let email = atrium_core::identity::normalise_email(&form.email);
            if !email.is_empty() {
                account = Some(format!("account:{tenant}:{email}"));
            }
            locale = locale.or_else(|| Locale::from_code(&form.locale));
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        req
    };
    let verdict = limiters.check(kind, format!("address:{address}")).and_then(|()| match account {
        Some(key) => limiters.check(kind, key),
        None => Ok(()),
    });
    match verdict {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let seconds = wait.as_secs() + 1;
            tracing::warn!(kind, %address, seconds, "rate limit reached");
            let locale = locale.or_else(|| referer_locale(&req)).unwrap_or(Locale::En);
            too_many(&req, locale, seconds)
        }
    }
}

fn referer_locale(req: &Request) -> Option<Locale> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let path = referer.split_once("://").map_or(referer, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    Locale::from_code(path.split('/').next()?)
}

/// 429 with `Retry-After`: a short page in the reader's language, or JSON for scripts.
fn too_many(req: &Request, locale: Locale, seconds: u64) -> Response {
    let message = atrium_app::i18n::t_with(locale, "rate-limited", &[("seconds", seconds.to_string())]);
    let wants_html = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let mut res = if wants_html {
        crate::failure::short_page(StatusCode::TOO_MANY_REQUESTS, locale, &t(locale, "rate-limited-title"), &message)
    } else {
        let body = serde_json::json!({ "error": "rate-limited", "message": message, "retry_after": seconds }).to_string();
        (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}
