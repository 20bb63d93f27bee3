//! SAML 2.0 sign-in with samael, whose signature checks run in libxmlsec1.
//!
//! samael leaves several checks to its caller; each is done here and tested against a real
//! SimpleSAMLphp: an IdP whose metadata names no signing certificate would have its responses
//! accepted unsigned (so such metadata is refused), RSA-SHA1 is accepted unless the algorithms are
//! restricted, `allow_idp_initiated` skips every InResponseTo check (so a response that names a
//! request must name one of ours), and there is no replay cache (see `remember_assertion`). The
//! NameID and attributes are always read from the assertion samael verified, never from the
//! posted XML.

use super::{ClaimMapping, SsoProfile};
use crate::db::Pool;
use chrono::{DateTime, Utc};
use samael::crypto::AllowedSignatureAlgorithm;
use samael::metadata::{EntityDescriptor, HTTP_REDIRECT_BINDING};
use samael::schema::{Assertion, Response};
use samael::service_provider::{ServiceProvider, ServiceProviderBuilder};
use samael::traits::ToXml;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SamlSettings {
    /// The IdP's metadata as fetched or pasted when the provider was saved: its signing
    /// certificates are the only keys trusted. May be left empty in `atrium set-sso` files that
    /// give `metadata_url`: the command fetches it.
    #[serde(default)]
    pub idp_metadata_xml: String,
    /// Where the metadata was fetched from, if it was.
    #[serde(default)]
    pub metadata_url: Option<String>,
    /// Accept responses the IdP sends without our request (started from the company portal).
    #[serde(default)]
    pub allow_idp_initiated: bool,
    /// Attribute names: `email_claim`, `name_claim` and `groups_claim` name SAML attributes.
    #[serde(default)]
    pub mapping: ClaimMapping,
}

#[derive(Debug, thiserror::Error)]
pub enum SamlError {
    #[error("IdP metadata: {0}")]
    Metadata(String),
    #[error("IdP metadata could not be fetched: {0}")]
    Unreachable(String),
    #[error("the response is not a readable SAML response: {0}")]
    Malformed(String),
    #[error("the response names a request this help centre did not send or already used")]
    UnknownRequest,
    #[error("an IdP-initiated response is not accepted by this tenant")]
    IdpInitiatedRefused,
    #[error("this assertion was already used")]
    Replayed,
    #[error("the response has expired: {0}")]
    Expired(String),
    #[error("the response was refused: {0}")]
    Refused(String),
}

impl SamlError {
    /// The sign-in page's message for this failure.
    pub fn key(&self) -> &'static str {
        match self {
            SamlError::Metadata(_) | SamlError::Unreachable(_) => "sso-unavailable",
            SamlError::UnknownRequest | SamlError::Replayed => "sso-state",
            SamlError::Expired(_) => "sso-expired",
            SamlError::Malformed(_) | SamlError::IdpInitiatedRefused | SamlError::Refused(_) => "sso-refused",
        }
    }
}

/// Clock skew tolerated on NotBefore and NotOnOrAfter.
const CLOCK_SKEW_SECS: i64 = 60;

/// Signature algorithms accepted: SHA-256 or stronger only.
const ALLOWED_ALGORITHMS: [AllowedSignatureAlgorithm; 6] = [
    AllowedSignatureAlgorithm::RsaSha256,
    AllowedSignatureAlgorithm::RsaSha384,
    AllowedSignatureAlgorithm::RsaSha512,
    AllowedSignatureAlgorithm::EcdsaSha256,
    AllowedSignatureAlgorithm::EcdsaSha384,
    AllowedSignatureAlgorithm::EcdsaSha512,
];

/// Our service provider's addresses on one tenant's origin (`https://help.acme.example`).
#[derive(Debug, Clone, PartialEq)]
pub struct SpUrls {
    pub entity_id: String,
    pub acs_url: String,
}

pub fn sp_urls(origin: &str) -> SpUrls {
    SpUrls { entity_id: format!("{origin}/auth/saml/metadata"), acs_url: format!("{origin}/auth/saml/acs") }
}

/// What an administrator needs to know about IdP metadata before saving it.
#[derive(Debug, Clone, PartialEq)]
pub struct IdpSummary {
    pub entity_id: String,
    pub sso_url: String,
    pub signing_certificates: usize,
}

fn parse_metadata(xml: &str) -> Result<EntityDescriptor, SamlError> {
    xml.parse::<EntityDescriptor>().map_err(|e| SamlError::Metadata(format!("not SAML metadata ({e})")))
}

fn service_provider(settings: &SamlSettings, sp: &SpUrls, idp_initiated: bool) -> Result<ServiceProvider, SamlError> {
    ServiceProviderBuilder::default()
        .entity_id(sp.entity_id.clone())
        .metadata_url(sp.entity_id.clone())
        .acs_url(sp.acs_url.clone())
        .slo_url(None::<String>)
        .idp_metadata(parse_metadata(&settings.idp_metadata_xml)?)
        .allow_idp_initiated(idp_initiated)
        .max_clock_skew(chrono::Duration::seconds(CLOCK_SKEW_SECS))
        .allowed_signature_algorithms(Some(ALLOWED_ALGORITHMS.to_vec()))
        .build()
        .map_err(|e| SamlError::Metadata(e.to_string()))
}

/// Checks IdP metadata: an IdP entity with an HTTP-Redirect sign-on address and at least one
/// signing certificate that parses. Without a certificate samael would not check signatures at all.
pub fn check_metadata(xml: &str) -> Result<IdpSummary, SamlError> {
    let sp = ServiceProvider { idp_metadata: parse_metadata(xml)?, ..ServiceProvider::default() };
    if sp.idp_metadata.entity_id.as_deref().unwrap_or("").is_empty() {
        return Err(SamlError::Metadata("no entityID".into()));
    }
    let sso_url = sp
        .sso_binding_location(HTTP_REDIRECT_BINDING)
        .ok_or_else(|| SamlError::Metadata("no IDPSSODescriptor with an HTTP-Redirect SingleSignOnService".into()))?;
    let certs = sp.idp_signing_certs().map_err(|e| SamlError::Metadata(format!("unreadable certificate ({e})")))?;
    let signing_certificates = certs.map(|c| c.len()).unwrap_or(0);
    if signing_certificates == 0 {
        return Err(SamlError::Metadata("no signing certificate".into()));
    }
    Ok(IdpSummary { entity_id: sp.idp_metadata.entity_id.unwrap_or_default(), sso_url, signing_certificates })
}

/// Fetches IdP metadata from an https address (plain http on loopback, for tests and local IdPs).
pub async fn fetch_metadata(url: &str, http: &super::outbound::Outbound) -> Result<String, SamlError> {
    if !super::provider_url_allowed(url) {
        return Err(SamlError::Unreachable(format!("{url}: only https addresses")));
    }
    http.get_text(url).await.map_err(SamlError::Unreachable)
}

/// Our metadata for one tenant's origin: entity id, ACS, and that we want signed assertions.
pub fn sp_metadata_xml(origin: &str) -> Result<String, SamlError> {
    let urls = sp_urls(origin);
    let sp = ServiceProvider {
        entity_id: Some(urls.entity_id.clone()),
        metadata_url: Some(urls.entity_id),
        acs_url: Some(urls.acs_url),
        slo_url: Some(String::new()),
        ..ServiceProvider::default()
    };
    let mut descriptor = sp.metadata().map_err(|e| SamlError::Metadata(e.to_string()))?;
    // No single logout: sign-out here ends the help-centre session only.
    for d in descriptor.sp_sso_descriptors.iter_mut().flatten() {
        d.single_logout_services = None;
    }
    descriptor.to_string().map_err(|e| SamlError::Metadata(e.to_string()))
}

/// Starts an SP-initiated sign-in: the IdP address to redirect to, and the request id the
/// response must name.
pub fn begin(settings: &SamlSettings, sp: &SpUrls) -> Result<(String, String), SamlError> {
    let provider = service_provider(settings, sp, false)?;
    let sso_url = provider.sso_binding_location(HTTP_REDIRECT_BINDING).ok_or_else(|| SamlError::Metadata("no HTTP-Redirect SingleSignOnService".into()))?;
    let request = provider.make_authentication_request(&sso_url).map_err(|e| SamlError::Metadata(e.to_string()))?;
    let url = request.redirect("").map_err(|e| SamlError::Metadata(e.to_string()))?.ok_or_else(|| SamlError::Metadata("no destination".into()))?;
    Ok((url.to_string(), request.id))
}

/// What the posted response says before anything is verified: only used to find the pending
/// request and the provider, never trusted.
#[derive(Debug, Clone, PartialEq)]
pub struct Unverified {
    pub in_response_to: Option<String>,
    pub issuer: Option<String>,
}

pub fn decode(saml_response: &str) -> Result<String, SamlError> {
    use base64::Engine;
    let cleaned: String = saml_response.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(cleaned).map_err(|e| SamlError::Malformed(format!("base64: {e}")))?;
    String::from_utf8(bytes).map_err(|_| SamlError::Malformed("not UTF-8".into()))
}

pub fn peek(xml: &str) -> Result<Unverified, SamlError> {
    let response = xml.parse::<Response>().map_err(|e| SamlError::Malformed(e.to_string()))?;
    let issuer = response.issuer.and_then(|i| i.value).or_else(|| response.assertion.and_then(|a| a.issuer.value)).filter(|s| !s.is_empty());
    Ok(Unverified { in_response_to: response.in_response_to, issuer })
}

/// A response that passed every check: who signed in, and until when its assertion id must be
/// remembered.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub profile: SsoProfile,
    pub assertion_id: String,
    pub remember_until: i64,
}

/// Verifies a response with samael: signature against the IdP's certificates with SHA-256 or
/// stronger, Destination and Recipient, Audience, Issuer, validity times, and InResponseTo equal
/// to `request_id` (SP-initiated) or absent (IdP-initiated, when the tenant allows it).
pub fn verify(settings: &SamlSettings, sp: &SpUrls, xml: &str, request_id: Option<&str>) -> Result<Verified, SamlError> {
    if request_id.is_none() && !settings.allow_idp_initiated {
        return Err(SamlError::IdpInitiatedRefused);
    }
    let provider = service_provider(settings, sp, request_id.is_none())?;
    let ids: Vec<&str> = request_id.into_iter().collect();
    let assertion = provider.parse_xml_response(xml, request_id.map(|_| ids.as_slice())).map_err(refusal)?;
    // With IdP-initiated sign-in samael skips InResponseTo; an assertion answering some request
    // posted as if unsolicited is a response taken from another sign-in.
    if request_id.is_none() && confirmations(&assertion).any(|d| d.in_response_to.is_some()) {
        return Err(SamlError::UnknownRequest);
    }
    let profile = profile_from(&assertion, &settings.mapping).ok_or_else(|| SamlError::Refused("no NameID in the assertion".into()))?;
    Ok(Verified { profile, assertion_id: assertion.id.clone(), remember_until: remember_until(&assertion) })
}

fn refusal(e: samael::service_provider::Error) -> SamlError {
    use samael::service_provider::Error as E;
    match e {
        E::AssertionExpired { .. } | E::ResponseExpired { .. } | E::AssertionConditionExpired { .. } | E::AssertionSubjectConfirmationExpired { .. } => {
            SamlError::Expired(e.to_string())
        }
        E::ResponseInResponseToInvalid { .. } | E::AssertionInResponseToInvalid { .. } => SamlError::UnknownRequest,
        E::FailedToParseSamlResponse(_) | E::DeserializeResponseError => SamlError::Malformed(e.to_string()),
        // samael says "must be signed" for every signature failure: unsigned, altered, signed by
        // another key or with an algorithm not accepted.
        E::FailedToValidateSignature => SamlError::Refused(
            "no valid signature: unsigned, changed after signing, signed by a key not in the IdP metadata, or with an algorithm weaker than SHA-256".into(),
        ),
        // Signature, audience, issuer, destination, recipient, status: refused, reason logged.
        other => SamlError::Refused(other.to_string()),
    }
}

fn confirmations(assertion: &Assertion) -> impl Iterator<Item = &samael::schema::SubjectConfirmationData> {
    assertion.subject.iter().flat_map(|s| s.subject_confirmations.iter().flatten()).filter_map(|c| c.subject_confirmation_data.as_ref())
}

/// The assertion id is kept until the last moment the assertion could still be accepted.
fn remember_until(assertion: &Assertion) -> i64 {
    let mut until: Option<DateTime<Utc>> = assertion.conditions.as_ref().and_then(|c| c.not_on_or_after);
    for d in confirmations(assertion) {
        until = until.max(d.not_on_or_after);
    }
    let until = until.unwrap_or(assertion.issue_instant + chrono::Duration::hours(1));
    until.timestamp() + CLOCK_SKEW_SECS
}

const EMAIL_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

fn attribute_values<'a>(assertion: &'a Assertion, name: &str) -> Vec<&'a str> {
    if name.is_empty() {
        return vec![];
    }
    assertion
        .attribute_statements
        .iter()
        .flatten()
        .flat_map(|s| s.attributes.iter())
        .filter(|a| a.name.as_deref() == Some(name) || a.friendly_name.as_deref() == Some(name))
        .flat_map(|a| a.values.iter().filter_map(|v| v.value.as_deref()))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// The subject is the NameID; the address, name and groups come from the mapped attributes, the
/// address from an emailAddress NameID when no attribute gives one.
pub fn profile_from(assertion: &Assertion, mapping: &ClaimMapping) -> Option<SsoProfile> {
    let name_id = assertion.subject.as_ref()?.name_id.as_ref()?;
    let subject = name_id.value.trim().to_string();
    if subject.is_empty() {
        return None;
    }
    let email = attribute_values(assertion, &mapping.email_claim)
        .first()
        .map(|s| s.to_string())
        .or_else(|| (name_id.format.as_deref() == Some(EMAIL_FORMAT)).then(|| subject.clone()));
    Some(SsoProfile {
        subject,
        email,
        // An IdP's assertion is its word on the address: SAML has no "unverified" flag.
        email_verified: None,
        name: attribute_values(assertion, &mapping.name_claim).first().map(|s| s.to_string()),
        groups: attribute_values(assertion, &mapping.groups_claim).into_iter().map(String::from).collect(),
    })
}

/// Records an accepted assertion id; false when the tenant has seen it before (a replay).
/// Ids past their validity are dropped on the way.
pub async fn remember_assertion(pool: &Pool, tenant_id: &str, assertion_id: &str, until: i64, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM saml_assertions WHERE remember_until < $1").bind(now).execute(pool).await?;
    let inserted = sqlx::query("INSERT INTO saml_assertions (tenant_id, assertion_id, remember_until) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(tenant_id)
        .bind(assertion_id)
        .bind(until.max(now + CLOCK_SKEW_SECS))
        .execute(pool)
        .await?
        .rows_affected();
    Ok(inserted == 1)
}

#[cfg(test)]
#[path = "saml_tests.rs"]
mod tests;
