//! A short-lived cache of the pages anonymous readers get, per host and path, so that a burst of
//! readers on one article costs one render, not hundreds. What may never be served from it:
//! anything for a signed-in reader (a session cookie), a request with a query string, a page
//! that set a cookie or was not a plain 200 HTML page. An entry also goes stale when the content
//! is reloaded, when the tickets' clock moves, and when this node carries out a write for the
//! page's tenant (a published announcement shows at once on the node that published it; other
//! nodes, and other tenants' pages a vendor's write touches, within the TTL). A refused write
//! (a cross-site post, a rate limit, an error) changes nothing and keeps every copy: a flood of
//! refused posts must not turn the cache off.
//! Each hit gets a fresh CSP nonce: a nonce must never be shared between responses.

use atrium_app::state::{cookie, AppState, SESSION_COOKIE};
use atrium_core::content::ContentStore;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::Response,
};
use bytes::BytesMut;
use futures_util::StreamExt;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Entries kept at most; beyond, new pages are not cached until old ones expire.
const MAX_ENTRIES: usize = 4_096;
/// Larger pages are not worth holding in memory.
const MAX_BODY: usize = 512 * 1024;
/// Paths that are never pages: APIs, sign-in flows, feeds, assets and probes.
const NEVER: &[&str] = &["/api/", "/auth/", "/feeds/", "/pkg/", "/metrics", "/healthz", "/readyz"];

struct Entry {
    tenant: String,
    stored: Instant,
    clock_at: i64,
    content: Arc<ContentStore>,
    headers: HeaderMap,
    body: String,
    nonce: Option<String>,
}

#[derive(Clone)]
pub struct PageCache {
    ttl: Duration,
    entries: Arc<Mutex<HashMap<(String, String), Entry>>>,
}

impl PageCache {
    /// A zero TTL turns the cache off.
    pub fn new(ttl: Duration) -> Self {
        PageCache { ttl, entries: Arc::default() }
    }

    /// Forgets the pages of one tenant.
    fn forget_tenant(&self, tenant: &str) {
        self.entries.lock().expect("page cache lock").retain(|_, e| e.tenant != tenant);
    }
}

fn cacheable_request(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::GET
        && req.uri().query().is_none()
        && !NEVER.iter().any(|p| path.starts_with(p))
        // A Cookie header that is not text may hold a session too: such a request is not cached.
        && req.headers().get_all(header::COOKIE).iter().all(|c| c.to_str().is_ok())
        && cookie(req.headers(), SESSION_COOKIE).is_none()
}

/// The `'nonce-…'` value of a CSP header.
fn nonce_of(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(csp[start..start + len].to_string())
}

fn fresh_nonce() -> String {
    // 128 random bits in hex, which a CSP nonce may hold.
    atrium_core::secret::new_token()[..32].to_string()
}

fn hit(entry: &Entry) -> Response {
    let mut headers = entry.headers.clone();
    let body = match &entry.nonce {
        Some(old) => {
            let new = fresh_nonce();
            if let Some(csp) = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) {
                if let Ok(v) = HeaderValue::from_str(&csp.replace(old.as_str(), &new)) {
                    headers.insert(header::CONTENT_SECURITY_POLICY, v);
                }
            }
            entry.body.replace(old.as_str(), &new)
        }
        None => entry.body.clone(),
    };
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = headers;
    res.headers_mut().remove(header::CONTENT_LENGTH);
    res
}

enum Read {
    Whole(Bytes),
    /// What was read, then the rest of the stream.
    TooLarge(Body),
    Failed,
}

/// Reads a body while it stays within `limit`; a larger one is handed back whole, unread part
/// and all, so that no page is too large to serve.
async fn read_up_to(body: Body, limit: usize) -> Read {
    let mut stream = body.into_data_stream();
    let mut read = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else { return Read::Failed };
        read.extend_from_slice(&chunk);
        if read.len() > limit {
            let head = futures_util::stream::once(std::future::ready(Ok::<_, axum::Error>(read.freeze())));
            return Read::TooLarge(Body::from_stream(head.chain(stream)));
        }
    }
    Read::Whole(read.freeze())
}

pub async fn page_cache(State(state): State<AppState>, axum::Extension(cache): axum::Extension<PageCache>, req: Request, next: Next) -> Response {
    if cache.ttl.is_zero() {
        return next.run(req).await;
    }
    let tenant = req.extensions().get::<atrium_core::tenant::Tenant>().map(|t| t.id.clone()).unwrap_or_default();
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let res = next.run(req).await;
        if res.status().is_success() || res.status().is_redirection() {
            cache.forget_tenant(&tenant);
        }
        return res;
    }
    if !cacheable_request(&req) {
        return next.run(req).await;
    }
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).map(atrium_core::tenant::normalise_host).unwrap_or_default();
    let key = (host, req.uri().path().to_string());
    let content = state.content();
    let clock_at = state.clock.now();
    {
        let entries = cache.entries.lock().expect("page cache lock");
        if let Some(e) = entries.get(&key) {
            if e.stored.elapsed() < cache.ttl && Arc::ptr_eq(&e.content, &content) && e.clock_at == clock_at {
                return hit(e);
            }
        }
    }
    let res = next.run(req).await;
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if res.status() != StatusCode::OK || !html || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (parts, body) = res.into_parts();
    let bytes = match read_up_to(body, MAX_BODY).await {
        Read::Whole(bytes) => bytes,
        // Too large to keep: the reader still gets all of it, streamed as a fresh render is.
        Read::TooLarge(body) => return Response::from_parts(parts, body),
        Read::Failed => return Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(Body::empty()).expect("static response"),
    };
    let Ok(text) = std::str::from_utf8(&bytes).map(str::to_string) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let entry = Entry { tenant, stored: Instant::now(), clock_at, content, headers: parts.headers.clone(), nonce: nonce_of(&parts.headers), body: text };
    {
        let mut entries = cache.entries.lock().expect("page cache lock");
        if entries.len() >= MAX_ENTRIES {
            let ttl = cache.ttl;
            entries.retain(|_, e| e.stored.elapsed() < ttl);
        }
        if entries.len() < MAX_ENTRIES {
            entries.insert(key, entry);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
