//! The short pages a form post ends on when it could not be stored: in the reader's language, 503
//! with `Retry-After` while the database refuses writes (disk full, read-only), 500 otherwise.
//! Nothing the reader sent is lost: the browser's Back button returns to the filled form.

use atrium_app::{i18n::t, locale::Locale};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// Seconds a client is asked to wait while the database refuses writes.
const RETRY_AFTER_SECS: u64 = 60;

/// A page of its own: title, one paragraph, a way home. Every text is escaped.
pub fn short_page(status: StatusCode, locale: Locale, title: &str, text: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body><main><h1>{}</h1><p>{}</p><p><a href=\"/{}\">{}</a></p></main></body></html>",
        locale.code(),
        atrium_core::escape_html(title),
        atrium_core::escape_html(title),
        atrium_core::escape_html(text),
        locale.code(),
        atrium_core::escape_html(&t(locale, "nav-home")),
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

/// What a failed post answers; `what` names it in the log.
pub fn not_saved(locale: &str, what: &str, cause: impl std::fmt::Display) -> Response {
    let locale = Locale::from_code(locale).unwrap_or(Locale::En);
    if atrium_core::db::refuses_writes(&cause) {
        tracing::error!(error = %cause, what, "not saved: storage refuses writes");
        let mut res = short_page(StatusCode::SERVICE_UNAVAILABLE, locale, &t(locale, "error-unavailable-title"), &t(locale, "error-not-saved-unavailable"));
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        return res;
    }
    tracing::error!(error = %cause, what, "not saved");
    short_page(StatusCode::INTERNAL_SERVER_ERROR, locale, &t(locale, "error-internal-title"), &t(locale, "error-not-saved"))
}

/// What a failed read answers: the generic error page, in the reader's language.
pub fn not_served(locale: &str, what: &str, cause: impl std::fmt::Display) -> Response {
    let locale = Locale::from_code(locale).unwrap_or(Locale::En);
    tracing::error!(error = %cause, what, "not served");
    short_page(StatusCode::INTERNAL_SERVER_ERROR, locale, &t(locale, "error-internal-title"), &t(locale, "error-internal-text"))
}
