//! OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) through the
//! `openidconnect` crate, plus the checks that crate leaves to the application: the state is
//! claimed once (see `claim_login`), the RFC 9207 `iss` parameter, pinned signature algorithms,
//! `iat`/`nbf` sanity, `at_hash`, and the userinfo subject.

use super::{OidcSettings, PendingLogin, SsoProfile};
use base64::Engine;
use openidconnect::{
    core::{
        CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient, CoreClientAuthMethod, CoreGenderClaim, CoreGrantType,
        CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType,
        CoreSubjectIdentifierType,
    },
    AccessTokenHash, AdditionalClaims, AdditionalProviderMetadata, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadata, RedirectUrl, Scope, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The discovery document's RFC 9207 flag, which the core metadata type does not carry.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct IssParameter {
    #[serde(default)]
    authorization_response_iss_parameter_supported: Option<bool>,
}
impl AdditionalProviderMetadata for IssParameter {}

type Metadata = ProviderMetadata<
    IssParameter,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// Every userinfo claim, standard or not (groups under whatever name the provider uses).
#[derive(Debug, Deserialize, Serialize)]
struct OtherClaims(std::collections::HashMap<String, Value>);
impl AdditionalClaims for OtherClaims {}

/// What can go wrong; `key()` names the message the sign-in page shows.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("the provider could not be reached or its discovery document is invalid: {0}")]
    Unreachable(String),
    #[error("the provider settings are invalid: {0}")]
    Settings(String),
    #[error("the authorization response names issuer {got:?}, expected {expected:?}")]
    IssuerMismatch { got: Option<String>, expected: String },
    #[error("the code could not be exchanged for tokens: {0}")]
    TokenExchange(String),
    #[error("the ID token was refused: {0}")]
    IdToken(String),
    #[error("the user info was refused: {0}")]
    UserInfo(String),
}

impl OidcError {
    pub fn key(&self) -> &'static str {
        match self {
            OidcError::Unreachable(_) | OidcError::Settings(_) => "sso-unavailable",
            OidcError::IssuerMismatch { .. } | OidcError::IdToken(_) | OidcError::UserInfo(_) => "sso-refused",
            OidcError::TokenExchange(_) => "sso-token",
        }
    }
}

/// An HTTP client that never follows redirects (a redirect would let a provider point us at
/// internal addresses), reaches only public addresses unless told otherwise, and gives up after
/// 10 seconds. `allow_private`: the operator's `ATRIUM_ALLOW_PRIVATE_PROVIDERS`.
pub fn http_client(allow_private: bool) -> super::outbound::Outbound {
    super::outbound::Outbound::new(allow_private)
}

async fn discover(settings: &OidcSettings, http: &super::outbound::Outbound) -> Result<Metadata, OidcError> {
    let issuer = IssuerUrl::new(settings.issuer.clone()).map_err(|e| OidcError::Settings(format!("issuer: {e}")))?;
    Metadata::discover_async(issuer, http).await.map_err(|e| OidcError::Unreachable(error_chain(&e)))
}

/// Checks that the provider answers its discovery document, before its settings are saved.
pub async fn check_discovery(settings: &OidcSettings, http: &super::outbound::Outbound) -> Result<(), OidcError> {
    pinned_algs(settings)?;
    discover(settings, http).await.map(|_| ())
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn pinned_algs(settings: &OidcSettings) -> Result<Vec<CoreJwsSigningAlgorithm>, OidcError> {
    settings
        .allowed_algs
        .iter()
        .map(|a| serde_json::from_value(Value::String(a.clone())).map_err(|_| OidcError::Settings(format!("unknown algorithm {a}"))))
        .collect()
}

/// Where to send the reader: the provider's authorization URL, with the pending sign-in to
/// remember under the returned state.
pub async fn begin(
    settings: &OidcSettings,
    provider_id: &str,
    redirect_uri: &str,
    locale: &str,
    return_to: &str,
    http: &super::outbound::Outbound,
) -> Result<(String, String, PendingLogin), OidcError> {
    let metadata = discover(settings, http).await?;
    let redirect = RedirectUrl::new(redirect_uri.to_string()).map_err(|e| OidcError::Settings(e.to_string()))?;
    let client =
        CoreClient::from_provider_metadata(metadata, ClientId::new(settings.client_id.clone()), Some(ClientSecret::new(settings.client_secret.clone())))
            .set_redirect_uri(redirect);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
    for scope in settings.scopes.iter().filter(|s| s.as_str() != "openid") {
        request = request.add_scope(Scope::new(scope.clone()));
    }
    let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
    let pending = PendingLogin {
        provider_id: provider_id.to_string(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
        locale: locale.to_string(),
        return_to: return_to.to_string(),
    };
    Ok((url.to_string(), state.secret().clone(), pending))
}

/// Finishes the sign-in from the callback's `code` (and `iss`, when given) for a pending sign-in
/// already claimed by its state; answers the verified profile.
pub async fn finish(
    settings: &OidcSettings,
    redirect_uri: &str,
    pending: &PendingLogin,
    code: &str,
    iss: Option<&str>,
    now: i64,
    http: &super::outbound::Outbound,
) -> Result<SsoProfile, OidcError> {
    let metadata = discover(settings, http).await?;
    let expected_issuer = metadata.issuer().as_str().to_string();
    // RFC 9207: a provider that says it sends `iss` must send its own; any `iss` must match.
    let advertised = metadata.additional_metadata().authorization_response_iss_parameter_supported == Some(true);
    if (advertised || iss.is_some()) && iss != Some(expected_issuer.as_str()) {
        return Err(OidcError::IssuerMismatch { got: iss.map(String::from), expected: expected_issuer });
    }
    let redirect = RedirectUrl::new(redirect_uri.to_string()).map_err(|e| OidcError::Settings(e.to_string()))?;
    let client =
        CoreClient::from_provider_metadata(metadata, ClientId::new(settings.client_id.clone()), Some(ClientSecret::new(settings.client_secret.clone())))
            .set_redirect_uri(redirect);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|e| OidcError::Settings(e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
        .request_async(http)
        .await
        .map_err(|e| OidcError::TokenExchange(error_chain(&e)))?;
    let id_token = tokens.id_token().ok_or_else(|| OidcError::IdToken("no ID token in the token response".into()))?;
    const SKEW: i64 = 120;
    let verifier = client.id_token_verifier().set_allowed_algs(pinned_algs(settings)?).set_issue_time_verifier_fn(move |iat| {
        if iat.timestamp() > now + SKEW {
            Err(format!("issued in the future ({iat})"))
        } else if iat.timestamp() < now - 3600 {
            Err(format!("issued too long ago ({iat})"))
        } else {
            Ok(())
        }
    });
    let claims = id_token.claims(&verifier, &Nonce::new(pending.nonce.clone())).map_err(|e| OidcError::IdToken(error_chain(&e)))?;
    // at_hash binds the access token to the ID token when the provider sends it.
    if let Some(expected) = claims.access_token_hash() {
        let alg = id_token.signing_alg().map_err(|e| OidcError::IdToken(e.to_string()))?;
        let key = id_token.signing_key(&verifier).map_err(|e| OidcError::IdToken(e.to_string()))?;
        let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key).map_err(|e| OidcError::IdToken(e.to_string()))?;
        if actual != *expected {
            return Err(OidcError::IdToken("at_hash does not match the access token".into()));
        }
    }
    // The ID token's own claims (verified above) with any claim the crate does not model.
    let mut merged = jwt_payload(&id_token.to_string()).ok_or_else(|| OidcError::IdToken("unreadable payload".into()))?;
    if let Some(nbf) = merged.get("nbf").and_then(Value::as_i64) {
        if nbf > now + SKEW {
            return Err(OidcError::IdToken("not valid yet (nbf)".into()));
        }
    }
    let subject = claims.subject().clone();
    // Userinfo, when the provider has it, must be about the same subject (checked by the crate).
    if let Ok(request) = client.user_info(tokens.access_token().clone(), Some(subject.clone())) {
        let info: UserInfoClaims<OtherClaims, CoreGenderClaim> = request.request_async(http).await.map_err(|e| OidcError::UserInfo(error_chain(&e)))?;
        if let Ok(Value::Object(extra)) = serde_json::to_value(&info) {
            merged.extend(extra);
        }
    }
    Ok(profile_from(&merged, subject.as_str(), &settings.mapping))
}

/// The payload of a compact JWS, as JSON (only called on a token already verified).
fn jwt_payload(token: &str) -> Option<Map<String, Value>> {
    let part = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// Reads the mapped claims: a groups claim may be a list or a single string; `email_verified`
/// may come as a boolean or as the string "true"/"false".
pub fn profile_from(claims: &Map<String, Value>, subject: &str, mapping: &super::ClaimMapping) -> SsoProfile {
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
    let email_verified = match claims.get("email_verified") {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) => Some(s == "true"),
        _ => None,
    };
    let groups = match claims.get(&mapping.groups_claim) {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    };
    SsoProfile { subject: subject.to_string(), email: text(&mapping.email_claim), email_verified, name: text(&mapping.name_claim), groups }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_claims_are_read_in_their_usual_shapes() {
        let claims: Map<String, Value> =
            serde_json::from_str(r#"{"mail":"Erin@acme.example","email_verified":"false","displayName":"Erin","roles":"hr-payroll"}"#).unwrap();
        let mapping =
            crate::sso::ClaimMapping { email_claim: "mail".into(), name_claim: "displayName".into(), groups_claim: "roles".into(), ..Default::default() };
        let p = profile_from(&claims, "s-1", &mapping);
        assert_eq!(p.email.as_deref(), Some("Erin@acme.example"));
        assert_eq!(p.email_verified, Some(false));
        assert_eq!(p.groups, ["hr-payroll"]);
        assert_eq!(p.name.as_deref(), Some("Erin"));
    }

    #[test]
    fn only_known_algorithms_can_be_pinned() {
        let mut s = OidcSettings {
            issuer: "http://127.0.0.1:1".into(),
            client_id: "c".into(),
            client_secret: "s".into(),
            scopes: vec![],
            allowed_algs: vec!["RS256".into(), "ES256".into()],
            mapping: Default::default(),
        };
        assert_eq!(pinned_algs(&s).unwrap(), [CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, CoreJwsSigningAlgorithm::EcdsaP256Sha256]);
        s.allowed_algs = vec!["none-such".into()];
        assert!(pinned_algs(&s).is_err());
    }
}
