//! What every single sign-on ends with, whichever the protocol: the local account and a new
//! session, or the sign-in page with a message in the reader's language.

use atrium_app::state::{is_https, session_cookie, AppState};
use atrium_core::{
    identity,
    sso::{self, ProvisionError},
    tenant::Tenant,
};
use axum::{
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

pub(crate) fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

pub(crate) fn sign_in_error(locale: &str, key: &str, detail: Option<&str>) -> Response {
    let mut url = format!("/{locale}/sign-in?error={key}");
    if let Some(d) = detail.map(|d| d.chars().filter(|c| !c.is_control()).take(200).collect::<String>()).filter(|d| !d.is_empty()) {
        url.push_str("&detail=");
        url.push_str(&atrium_app::url::query_value(&d));
    }
    see_other(&url)
}

/// The end of every single sign-on: the local account for what the provider vouched for, a new
/// session, and the way back to where the reader was going.
pub(crate) async fn sign_in_with(
    state: &AppState,
    tenant: &Tenant,
    parts: &Parts,
    provider: &sso::Provider,
    profile: &sso::SsoProfile,
    locale: &str,
    return_to: &str,
) -> Response {
    let now = state.clock.now();
    let user = match sso::account_for(&state.pool, provider, profile, now).await {
        Ok(u) => u,
        Err(ProvisionError::Db(e)) => {
            tracing::error!(error = %e, "account lookup failed");
            return sign_in_error(locale, "sso-unavailable", None);
        }
        Err(e) => {
            tracing::warn!(tenant = %tenant.id, provider = %provider.id, reason = %e, "single sign-on without an account");
            let key = match e {
                ProvisionError::EmailUnverified => "sso-email-unverified",
                ProvisionError::AccountExpired => "expired",
                _ => "sso-no-account",
            };
            return sign_in_error(locale, key, None);
        }
    };
    // A new session id at every sign-in, as with a password.
    if let Some(old) = parts.extensions.get::<atrium_app::state::Session>() {
        let _ = identity::end_session(&state.pool, &tenant.id, &old.token, state.clock.now()).await;
    }
    let token = match identity::start_session(&state.pool, &tenant.id, &user.id, state.clock.now()).await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "session not started");
            return sign_in_error(locale, "sso-unavailable", None);
        }
    };
    tracing::info!(tenant = %tenant.id, user = %user.id, provider = %provider.id, "signed in through single sign-on");
    let mut r = see_other(return_to);
    if let Ok(v) = HeaderValue::from_str(&session_cookie(Some(&token), is_https(parts))) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}
