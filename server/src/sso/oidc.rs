//! Single sign-on endpoints: `/auth/sso/start` sends the reader to the tenant's provider (OpenID
//! Connect or SAML) and `/auth/oidc/callback` brings them back signed in from an OpenID provider
//! (SAML's way back is in `saml`). Every failure ends on the sign-in page with a
//! message in the reader's language; the precise reason goes to the log.

use super::finish::{see_other, sign_in_error, sign_in_with};
use atrium_app::state::AppState;
use atrium_core::{
    sso::{self, oidc, ProviderSettings},
    tenant::Tenant,
};
use axum::{
    extract::{Query, State},
    http::request::Parts,
    response::Response,
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
        ProviderSettings::Saml(settings) => return super::saml::begin(&state, &tenant, &provider.id, settings, &locale, &return_to).await,
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
