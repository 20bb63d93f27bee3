//! The content's Atom feeds: `GET /feeds/releases.atom?locale=`, the published release notes in
//! the locale's language (English notes stand in for ones not translated), and
//! `GET /feeds/articles.atom?locale=`, the documentation a reader of this help centre may read
//! without signing in (the vendor's and this customer's own), most recently updated first.

use atrium_app::{i18n::t, locale::Locale, state::AppState};
use atrium_core::tenant::Tenant;
use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
    Extension,
};

#[derive(serde::Deserialize)]
pub struct ReleaseFeedQuery {
    locale: Option<String>,
    module: Option<String>,
}

pub async fn atom(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, Query(q): Query<ReleaseFeedQuery>) -> Response {
    let locale = q.locale.as_deref().and_then(Locale::from_code).unwrap_or(Locale::En);
    let store = state.content();
    let mut notes = store.releases(locale.code(), state.clock.now());
    if let Some(m) = q.module.filter(|m| !m.is_empty()) {
        notes.retain(|(n, _)| n.modules.contains(&m));
    }
    let label = |key: &str| match key {
        "activation" => t(locale, "releases-activation"),
        state => t(locale, &format!("releases-state-{state}")),
    };
    let title = format!("{} — {}", tenant.name, t(locale, "releases-title"));
    let body = atrium_core::content::release_atom(&notes, &tenant.origin, locale.code(), &title, &label);
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response()
}

/// Articles in the documentation feed: about a month of weekly changes.
const FEED_ARTICLES: usize = 30;

#[derive(serde::Deserialize)]
pub struct ArticleFeedQuery {
    locale: Option<String>,
}

pub async fn articles_atom(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, Query(q): Query<ArticleFeedQuery>) -> Response {
    let locale = q.locale.as_deref().and_then(Locale::from_code).unwrap_or(Locale::En);
    let store = state.content();
    // A feed reader signs in nowhere: public articles, and this tenant's own public ones only here.
    let articles = store.recently_updated(locale.code(), &atrium_core::content::Reader::on(&tenant.id), FEED_ARTICLES);
    let title = format!("{} — {}", tenant.name, t(locale, "home-recent"));
    let body = atrium_core::content::articles_atom(&articles, &tenant.origin, locale.code(), &title);
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response()
}
