//! Shared test helpers: the real router in-process on one shared runtime.
#![allow(dead_code)]

pub mod dovecot;

use atrium_core::config::Config;
use axum::{
    body::{to_bytes, Body},
    http::{header, HeaderMap, Request, StatusCode},
    Router,
};
use std::collections::HashMap;
use tower::ServiceExt;

/// One runtime for every test: Leptos' task spawner is process-global, and renders started on a
/// runtime another test has already shut down would never finish.
pub fn on_shared_runtime<F: std::future::Future<Output = ()>>(test: F) {
    static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> =
        std::sync::LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime"));
    RUNTIME.block_on(test)
}

pub async fn app() -> Router {
    app_with_state().await.0
}

/// The router and the state behind it, for tests that look into storage.
pub async fn app_with_state() -> (Router, atrium_app::state::AppState) {
    app_with(|_| {}).await
}

/// The router over a state the test may adjust first (a manual clock, say).
pub async fn app_with(adjust: impl FnOnce(&mut atrium_app::state::AppState)) -> (Router, atrium_app::state::AppState) {
    app_on(atrium_core::db::test_database_url().await, adjust).await
}

/// The router over a state whose clock the test moves, starting at `at` (Unix seconds).
pub async fn app_with_clock(at: i64) -> (Router, atrium_app::state::AppState, atrium_core::clock::ManualClock) {
    let clock = atrium_core::clock::ManualClock::at(at);
    let moved = clock.clone();
    let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
    (app, state, clock)
}

/// The router over the database at `database_url`.
pub async fn app_on(database_url: String, adjust: impl FnOnce(&mut atrium_app::state::AppState)) -> (Router, atrium_app::state::AppState) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let env: HashMap<String, String> = [
        ("ATRIUM_DATABASE_URL", database_url),
        ("ATRIUM_CONTENT_DIR", format!("{root}/content")),
        ("ATRIUM_SITE_DIR", format!("{root}/target/site")),
        ("ATRIUM_DATA_DIR", std::env::temp_dir().join("atrium-http-tests").display().to_string()),
        // The test identity providers run on 127.0.0.1.
        ("ATRIUM_ALLOW_PRIVATE_PROVIDERS", "true".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::from_sources(None, &env).unwrap();
    let prepared = atrium_server::prepare(&config).await.unwrap();
    assert!(prepared.problems.is_empty(), "demo content has problems: {:?}", prepared.problems);
    atrium_core::tenant::seed_demo(&prepared.state.pool).await.unwrap();
    atrium_core::identity::seed_demo_users(&prepared.state.pool).await.unwrap();
    prepared.state.tenants.reload(&prepared.state.pool).await.unwrap();
    let mut state = prepared.state;
    adjust(&mut state);
    (atrium_server::router(state.clone(), atrium_server::RouterOptions::default()), state)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = String::from_utf8_lossy(&to_bytes(res.into_body(), 64 << 20).await.unwrap()).to_string();
    Reply { status, headers, body }
}

pub async fn get(app: &Router, host: &str, path: &str) -> Reply {
    send(app, Request::get(path).header(header::HOST, host).body(Body::empty()).unwrap()).await
}

pub fn vote(host: &str, origin: Option<&str>, form: &str) -> Request<Body> {
    let mut req = Request::post("/api/vote-helpful")
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    req.body(Body::from(form.to_string())).unwrap()
}

/// A form post from this site's own pages (Origin matches the host).
pub fn form(host: &str, path: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, host)
        .header(header::ORIGIN, format!("http://{host}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

pub async fn get_with_cookie(app: &Router, host: &str, path: &str, cookie: &str) -> Reply {
    send(app, Request::get(path).header(header::HOST, host).header(header::COOKIE, cookie).body(Body::empty()).unwrap()).await
}

pub fn sign_in_form(email: &str, password: &str, return_to: &str) -> String {
    format!("locale=en&email={}&password={}&return_to={}", email.replace('@', "%40"), password.replace('!', "%21"), return_to.replace('/', "%2F"))
}

/// Signs in and returns the `name=value` cookie pair.
pub async fn signed_in(app: &Router, host: &str, email: &str) -> String {
    signed_in_with(app, host, email, atrium_core::identity::DEMO_PASSWORD).await
}

pub async fn signed_in_with(app: &Router, host: &str, email: &str, password: &str) -> String {
    let r = send(app, form(host, "/api/sign-in", &sign_in_form(email, password, "/en"), None)).await;
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    cookie.split(';').next().unwrap().to_string()
}

/// A multipart form post from the site's own pages, its files as attachments.
pub fn multipart(host: &str, path: &str, fields: &[(&str, &str)], files: &[(&str, Vec<u8>)], cookie: Option<&str>, origin: &str) -> Request<Body> {
    multipart_files(host, path, fields, "attachments", files, cookie, origin)
}

/// The same with the files in the field `file_field`.
pub fn multipart_files(
    host: &str,
    path: &str,
    fields: &[(&str, &str)],
    file_field: &str,
    files: &[(&str, Vec<u8>)],
    cookie: Option<&str>,
    origin: &str,
) -> Request<Body> {
    let boundary = "atrium-test-boundary-7d3f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    for (filename, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{filename}\"\r\nContent-Type: image/png\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(path)
        .header(header::HOST, host)
        .header(header::ORIGIN, origin)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body)).unwrap()
}

/// A complete ticket form for the Compensation module, as the page posts it.
pub const TICKET_FORM: &[(&str, &str)] = &[
    ("module", "compensation"),
    ("kind", "anomaly"),
    ("severity", "major"),
    ("impact", "degradation"),
    ("subject", "Payroll export stops halfway"),
    ("description", "It stops at 50 %."),
    ("action_path", "Compensation > Export to payroll"),
    ("extra.pay-period", "2026-11"),
];

/// How many results an anonymous reader of `locale` gets for `word`, straight from the index.
pub fn finds(state: &atrium_app::state::AppState, locale: &str, word: &str) -> usize {
    finds_as(state, &atrium_core::content::Reader::anonymous(), locale, word)
}

/// The same for `reader`.
pub fn finds_as(state: &atrium_app::state::AppState, reader: &atrium_core::content::Reader, locale: &str, word: &str) -> usize {
    let request = atrium_core::search::SearchRequest {
        locale,
        query: word,
        module: None,
        reader,
        limit: 10,
        offset: 0,
        now: i64::MAX,
        doc_type: None,
        features: atrium_core::search::Features::NONE,
    };
    state.search().search(&request).unwrap().total
}

/// Where a form post sends the browser: it must be a redirect.
pub fn location(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// Polls for at most 15 s: a publication reloads the node within a second on an idle machine.
pub async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..150 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("not seen within 15 s: {what}");
}

/// Reloads `state`'s content and search index whenever the studio publishes, as a node does.
pub fn follow_studio(state: &atrium_app::state::AppState) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    tokio::spawn(atrium_server::content::reload::follow_studio(state.clone(), dir, std::time::Duration::from_millis(50)));
}

/// A small real PNG image.
pub fn png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 32, |x, y| image::Rgb([(x * 5) as u8, (y * 7) as u8, 120]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
