//! Search over HTTP for integrations and measurement (`GET /api/search`), and the click log's
//! redirect from a result to its article.

use atrium_app::state::{AppState, Session};
use atrium_core::{
    content::Reader,
    search::{log, Features, SearchRequest},
    tenant::Tenant,
};
use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension, Json,
};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    locale: Option<String>,
    module: Option<String>,
    /// `article` or `release`.
    r#type: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

#[derive(Serialize)]
struct JsonHit {
    path: String,
    title: String,
    module: String,
    r#type: String,
    snippet: String,
    score: f32,
    fallback: bool,
}

#[derive(Serialize)]
struct JsonResults {
    query: String,
    locale: String,
    total: usize,
    results: Vec<JsonHit>,
    modules: std::collections::BTreeMap<String, u64>,
    types: std::collections::BTreeMap<String, u64>,
    did_you_mean: Option<String>,
}

/// A locale of the interface, or another language the help centre's content is written in.
fn known_language(state: &AppState, locale: &str) -> Result<(), String> {
    let content = state.content();
    if content.has_language(locale) {
        Ok(())
    } else {
        Err(format!("locale must be one of {}", content.languages().join(", ")))
    }
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": message }))).into_response()
}

/// `GET /api/search?q=&locale=&module=&type=&limit=&offset=`: ranked results the caller may see.
pub async fn search_json(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    session: Option<Extension<Session>>,
    Query(params): Query<SearchParams>,
) -> Response {
    let locale = params.locale.unwrap_or_else(|| atrium_core::FALLBACK_LOCALE.to_string());
    if let Err(message) = known_language(&state, &locale) {
        return bad_request(&message);
    }
    let limit = params.limit.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return bad_request("limit must be between 1 and 50");
    }
    let query: String = params.q.unwrap_or_default().chars().take(256).collect();
    let module = params.module.filter(|m| !m.is_empty());
    let doc_type = params.r#type.filter(|t| !t.is_empty());
    if doc_type.as_deref().is_some_and(|t| !matches!(t, "article" | "release")) {
        return bad_request("type must be article or release");
    }
    let reader = match session {
        Some(Extension(s)) => Reader { signed_in: true, groups: s.user.groups, tenant: Some(tenant.id.clone()) },
        None => Reader::on(&tenant.id),
    };
    let request = SearchRequest {
        locale: &locale,
        query: &query,
        module: module.as_deref(),
        reader: &reader,
        limit,
        offset: params.offset.unwrap_or(0).min(1000),
        now: state.clock.now(),
        doc_type: doc_type.as_deref(),
        features: Features::ALL,
    };
    let results = match state.search().search(&request) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "search failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, Json(serde_json::json!({ "error": "search failed" }))).into_response();
        }
    };
    if !query.trim().is_empty()
        && request.offset == 0
        && !state.search_log.push(&tenant.id, &locale, module.as_deref(), &query, results.total, state.clock.now())
    {
        tracing::warn!("search log queue full: search not logged");
    }
    let body = JsonResults {
        query,
        locale,
        total: results.total,
        results: results
            .hits
            .into_iter()
            .map(|h| JsonHit { path: h.path, title: h.title, module: h.module, r#type: h.doc_type, snippet: h.snippet, score: h.score, fallback: h.fallback })
            .collect(),
        modules: results.modules,
        types: results.types,
        did_you_mean: results.did_you_mean,
    };
    ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

#[derive(Deserialize)]
pub struct OpenParams {
    log: String,
    to: String,
}

/// `/<locale>/search/open?log=<search id>&to=<article path>`: notes the click, then goes there.
/// Only paths of this locale on this site are followed.
pub async fn open_result(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    Path(locale): Path<String>,
    Query(params): Query<OpenParams>,
) -> Response {
    let prefix = format!("/{locale}/");
    if known_language(&state, &locale).is_err() || !params.to.starts_with(&prefix) || params.to.contains("//") || params.to.contains('\\') {
        return bad_request("not a help-centre article");
    }
    if let Err(e) = log::record_click(&state.pool, &tenant.id, &params.log, &params.to).await {
        tracing::warn!(error = %e, "click not logged");
    }
    Redirect::to(&params.to).into_response()
}

#[derive(Deserialize)]
pub struct InsightsParams {
    locale: Option<String>,
    module: Option<String>,
}

/// `GET /api/search-insights.csv?locale=&module=`: the search insights table as CSV, for content
/// editors only (checked here, not just hidden in the page).
pub async fn insights_csv(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    session: Option<Extension<Session>>,
    Query(params): Query<InsightsParams>,
) -> Response {
    use atrium_core::identity::Role;
    match session {
        None => return (StatusCode::UNAUTHORIZED, "Sign in as a content editor to download search insights.").into_response(),
        Some(Extension(s)) if !matches!(s.user.role, Role::ContentEditor | Role::SuperAdmin) => {
            return (StatusCode::FORBIDDEN, "Your account does not give access to search insights.").into_response()
        }
        Some(_) => {}
    }
    let locale = params.locale.unwrap_or_else(|| atrium_core::FALLBACK_LOCALE.to_string());
    if let Err(message) = known_language(&state, &locale) {
        return bad_request(&message);
    }
    let module = params.module.filter(|m| !m.is_empty());
    let stats = match log::report(&state.pool, &tenant.id, &locale, module.as_deref(), 10_000).await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "insights failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "Search insights could not be read.").into_response();
        }
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(["query", "searches", "zero_results", "clicks"]);
    for s in stats {
        let _ = out.write_record([s.query, s.searches.to_string(), s.zero_results.to_string(), s.clicks.to_string()]);
    }
    let body = out.into_inner().unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"search-insights-{locale}.csv\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}
