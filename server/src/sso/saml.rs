//! SAML 2.0 endpoints: our service-provider metadata at `/auth/saml/metadata`, the HTTP-Redirect
//! AuthnRequest (started from `/auth/sso/start`), and the assertion consumer service at
//! `/auth/saml/acs`, where the IdP's page posts the response.
//!
//! The ACS is the one form that other sites post to by design: the response's signature, not the
//! request's origin, says who sent it. Every refusal ends on the sign-in page with a message in
//! the reader's language; the precise reason goes to the log.

use super::finish::{see_other, sign_in_error, sign_in_with};
use atrium_app::state::AppState;
use atrium_core::{
    sso::{self, saml, PendingLogin, ProviderSettings},
    tenant::Tenant,
};
use axum::{
    extract::State,
    http::{header, request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Extension, Form,
};
use serde::Deserialize;

fn sp_urls(tenant: &Tenant) -> saml::SpUrls {
    saml::sp_urls(&tenant.origin)
}

pub async fn metadata(Extension(tenant): Extension<Tenant>) -> Response {
    match saml::sp_metadata_xml(&tenant.origin) {
        Ok(xml) => ([(header::CONTENT_TYPE, "application/samlmetadata+xml")], xml).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "service provider metadata");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// SP-initiated sign-in: the request id is kept (as a pending sign-in, claimed once) with where
/// the reader was going; the IdP must answer that request.
pub(crate) async fn begin(state: &AppState, tenant: &Tenant, provider_id: &str, settings: &saml::SamlSettings, locale: &str, return_to: &str) -> Response {
    let (url, request_id) = match saml::begin(settings, &sp_urls(tenant)) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(tenant = %tenant.id, provider = %provider_id, error = %e, "SAML sign-in could not start");
            return sign_in_error(locale, e.key(), None);
        }
    };
    let pending = PendingLogin {
        provider_id: provider_id.to_string(),
        nonce: String::new(),
        pkce_verifier: String::new(),
        locale: locale.to_string(),
        return_to: return_to.to_string(),
    };
    if let Err(e) = sso::remember_login(&state.pool, &tenant.id, &request_id, &pending, state.clock.now()).await {
        tracing::error!(error = %e, "pending sign-in not stored");
        return sign_in_error(locale, "sso-unavailable", None);
    }
    see_other(&url)
}

#[derive(Deserialize)]
pub struct AcsForm {
    #[serde(rename = "SAMLResponse", default)]
    saml_response: String,
    #[serde(rename = "RelayState", default)]
    relay_state: String,
}

pub async fn acs(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, parts: Parts, Form(form): Form<AcsForm>) -> Response {
    let now = state.clock.now();
    let refuse = |locale: &str, e: &saml::SamlError| {
        tracing::warn!(tenant = %tenant.id, reason = %e, "SAML response refused");
        sign_in_error(locale, e.key(), None)
    };
    let xml = match saml::decode(&form.saml_response) {
        Ok(x) => x,
        Err(e) => return refuse("en", &e),
    };
    // Read unverified, only to find what the response claims to answer.
    let unverified = match saml::peek(&xml) {
        Ok(u) => u,
        Err(e) => return refuse("en", &e),
    };
    // The provider is the one the claimed request was sent for, or (IdP-initiated) the tenant's
    // SAML provider whose entity id the response names.
    let (wanted, locale, return_to, request_id) = match &unverified.in_response_to {
        // SP-initiated: the request is claimed once, on this tenant, within ten minutes.
        Some(id) => match sso::claim_login(&state.pool, &tenant.id, id, now).await {
            Ok(Some(p)) => (Some(p.provider_id), p.locale, p.return_to, Some(id.clone())),
            Ok(None) => return refuse("en", &saml::SamlError::UnknownRequest),
            Err(e) => {
                tracing::error!(error = %e, "pending sign-in lookup failed");
                return sign_in_error("en", "sso-unavailable", None);
            }
        },
        None => {
            let return_to = atrium_app::url::safe_return(&form.relay_state).unwrap_or_else(|| "/en".to_string());
            let locale = return_to.split('/').nth(1).filter(|l| atrium_core::is_locale(l)).unwrap_or("en").to_string();
            (None, locale, return_to, None)
        }
    };
    let providers = match sso::providers(&state.pool, &tenant.id).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "provider lookup failed");
            return sign_in_error(&locale, "sso-unavailable", None);
        }
    };
    let found = providers.iter().find_map(|p| match (&p.settings, &wanted) {
        (ProviderSettings::Saml(s), Some(id)) if p.id == *id => Some((p, s)),
        (ProviderSettings::Saml(s), None) if saml::check_metadata(&s.idp_metadata_xml).ok().map(|m| m.entity_id) == unverified.issuer => Some((p, s)),
        _ => None,
    });
    let Some((provider, settings)) = found else {
        tracing::warn!(tenant = %tenant.id, issuer = ?unverified.issuer, "SAML response for no SAML provider of this tenant");
        return sign_in_error(&locale, "sso-unknown", None);
    };
    let verified = match saml::verify(settings, &sp_urls(&tenant), &xml, request_id.as_deref()) {
        Ok(v) => v,
        Err(e) => return refuse(&locale, &e),
    };
    match saml::remember_assertion(&state.pool, &tenant.id, &verified.assertion_id, verified.remember_until, now).await {
        Ok(true) => {}
        Ok(false) => return refuse(&locale, &saml::SamlError::Replayed),
        Err(e) => {
            tracing::error!(error = %e, "replay cache unavailable");
            return sign_in_error(&locale, "sso-unavailable", None);
        }
    }
    sign_in_with(&state, &tenant, &parts, provider, &verified.profile, &locale, &return_to).await
}
