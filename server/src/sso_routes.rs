//! Single sign-on endpoints: `/auth/sso/start` sends the reader to the tenant's provider (OpenID
//! Connect or SAML) and `/auth/oidc/callback` brings them back signed in from an OpenID provider
//! (SAML's way back is in `saml_routes`). Every failure ends on the sign-in page with a
//! message in the reader's language; the precise reason goes to the log.

use atrium_app::state::{is_https, session_cookie, AppState};
use atrium_core::{
    identity,
    sso::{self, oidc, ProviderSettings, ProvisionError},
    tenant::Tenant,
};
use axum::{
    extract::{Query, State},
    http::{header, request::Parts, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Start {
    provider: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    return_to: String,
}

#[derive(Deserialize)]
pub struct Callback {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
    iss: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

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

fn redirect_uri(tenant: &Tenant) -> String {
    format!("{}/auth/oidc/callback", tenant.origin)
}

pub async fn start(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, Query(q): Query<Start>) -> Response {
    let locale = if atrium_core::is_locale(&q.locale) { q.locale.clone() } else { "en".to_string() };
    let provider = match sso::provider(&state.pool, &tenant.id, &q.provider).await {
        Ok(Some(p)) => p,
        Ok(None) => return sign_in_error(&locale, "sso-unknown", None),
        Err(e) => {
            tracing::error!(error = %e, "provider lookup failed");
            return sign_in_error(&locale, "sso-unavailable", None);
        }
    };
    let return_to = atrium_app::url::safe_return(&q.return_to).unwrap_or_else(|| format!("/{locale}"));
    let settings = match &provider.settings {
        ProviderSettings::Oidc(settings) => settings,
        ProviderSettings::Saml(settings) => return crate::saml_routes::begin(&state, &tenant, &provider.id, settings, &locale, &return_to).await,
    };
    match oidc::begin(settings, &provider.id, &redirect_uri(&tenant), &locale, &return_to, &oidc::http_client(state.allow_private_providers)).await {
        Ok((url, csrf_state, pending)) => {
            if let Err(e) = sso::remember_login(&state.pool, &tenant.id, &csrf_state, &pending, state.clock.now()).await {
                tracing::error!(error = %e, "pending sign-in not stored");
                return sign_in_error(&locale, "sso-unavailable", None);
            }
            see_other(&url)
        }
        Err(e) => {
            tracing::warn!(tenant = %tenant.id, provider = %provider.id, error = %e, "single sign-on could not start");
            sign_in_error(&locale, e.key(), None)
        }
    }
}

pub async fn callback(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, parts: Parts, Query(q): Query<Callback>) -> Response {
    let now = state.clock.now();
    // The state is claimed first, whatever else the response says: it works once, on this tenant.
    let pending = match sso::claim_login(&state.pool, &tenant.id, &q.state, now).await {
        Ok(Some(p)) => p,
        Ok(None) => {
            tracing::warn!(tenant = %tenant.id, "single sign-on callback with an unknown, used or expired state");
            return sign_in_error("en", "sso-state", None);
        }
        Err(e) => {
            tracing::error!(error = %e, "pending sign-in lookup failed");
            return sign_in_error("en", "sso-unavailable", None);
        }
    };
    let locale = pending.locale.clone();
    if let Some(error) = &q.error {
        tracing::warn!(tenant = %tenant.id, error, "the provider refused the sign-in");
        return sign_in_error(&locale, "sso-denied", Some(q.error_description.as_deref().unwrap_or(error)));
    }
    let provider = match sso::provider(&state.pool, &tenant.id, &pending.provider_id).await {
        Ok(Some(p)) => p,
        _ => return sign_in_error(&locale, "sso-unknown", None),
    };
    let ProviderSettings::Oidc(settings) = &provider.settings else {
        return sign_in_error(&locale, "sso-unknown", None);
    };
    let profile =
        match oidc::finish(settings, &redirect_uri(&tenant), &pending, &q.code, q.iss.as_deref(), now, &oidc::http_client(state.allow_private_providers)).await
        {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(tenant = %tenant.id, provider = %provider.id, error = %e, "single sign-on refused");
                return sign_in_error(&locale, e.key(), None);
            }
        };
    sign_in_with(&state, &tenant, &parts, &provider, &profile, &locale, &pending.return_to).await
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
