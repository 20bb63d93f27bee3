//! Single sign-on: each tenant's identity providers, the sign-ins under way, and turning what a
//! provider vouched for into a local account (linked by the provider's subject, provisioned when
//! the tenant allows it, with groups and role from the provider's claims).

pub mod oidc;
pub mod outbound;
mod provision;
pub mod saml;

use crate::db::{self, Pool};
use crate::identity::Role;
use crate::secret::token_hash as hash;
use serde::{Deserialize, Serialize};

pub use provision::{account_for, ProvisionError, SsoProfile};

/// How a provider's claims become a local account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimMapping {
    pub email_claim: String,
    pub name_claim: String,
    pub groups_claim: String,
    /// Provider group → role; the first match wins, otherwise customer user.
    pub group_roles: Vec<(String, Role)>,
    /// Provider group → documentation access group; a provider group not listed gives nothing.
    pub group_access: Vec<(String, String)>,
    /// Create an account at first sign-in; otherwise only existing accounts may sign in.
    pub auto_provision: bool,
}

impl Default for ClaimMapping {
    fn default() -> Self {
        ClaimMapping {
            email_claim: "email".into(),
            name_claim: "name".into(),
            groups_claim: "groups".into(),
            group_roles: vec![],
            group_access: vec![],
            auto_provision: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// ID token signature algorithms accepted, whatever the provider advertises.
    #[serde(default = "default_algs")]
    pub allowed_algs: Vec<String>,
    #[serde(default)]
    pub mapping: ClaimMapping,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "email".into(), "profile".into()]
}

fn default_algs() -> Vec<String> {
    vec!["RS256".into(), "ES256".into()]
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ProviderSettings {
    Oidc(OidcSettings),
    Saml(saml::SamlSettings),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub settings: ProviderSettings,
}

impl ProviderSettings {
    pub fn mapping(&self) -> &ClaimMapping {
        match self {
            ProviderSettings::Oidc(o) => &o.mapping,
            ProviderSettings::Saml(s) => &s.mapping,
        }
    }

    pub fn mapping_mut(&mut self) -> &mut ClaimMapping {
        match self {
            ProviderSettings::Oidc(o) => &mut o.mapping,
            ProviderSettings::Saml(s) => &mut s.mapping,
        }
    }
}

impl Provider {
    pub fn mapping(&self) -> &ClaimMapping {
        self.settings.mapping()
    }
}

/// Whether a provider address (OpenID issuer, SAML metadata) may be used: https, or plain http on
/// a loopback host (tests and IdPs on the same machine). The host is compared whole, so
/// `http://127.0.0.1.evil.example` is not loopback.
pub fn provider_url_allowed(url: &str) -> bool {
    let Ok(parsed) = openidconnect::url::Url::parse(url) else { return false };
    let loopback = matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback)
}

/// The tenant's providers, by name (for the sign-in page).
pub async fn providers(pool: &Pool, tenant_id: &str) -> Result<Vec<Provider>, sqlx::Error> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, settings FROM sso_providers WHERE tenant_id = $1 ORDER BY name").bind(tenant_id).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, json)| {
            let settings = serde_json::from_str(&json).map_err(|e| tracing::error!(provider = %id, error = %e, "unreadable provider settings")).ok()?;
            Some(Provider { id, tenant_id: tenant_id.to_string(), name, settings })
        })
        .collect())
}

pub async fn provider(pool: &Pool, tenant_id: &str, id: &str) -> Result<Option<Provider>, sqlx::Error> {
    Ok(providers(pool, tenant_id).await?.into_iter().find(|p| p.id == id))
}

/// Creates or replaces the tenant's provider named `name`; returns its id.
pub async fn save_provider(pool: &Pool, tenant_id: &str, name: &str, settings: &ProviderSettings, now: i64) -> Result<String, sqlx::Error> {
    let kind = match settings {
        ProviderSettings::Oidc(_) => "oidc",
        ProviderSettings::Saml(_) => "saml",
    };
    let json = serde_json::to_string(settings).expect("settings serialise");
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT id FROM sso_providers WHERE tenant_id = $1 AND name = $2").bind(tenant_id).bind(name).fetch_optional(pool).await?;
    if let Some((id,)) = existing {
        sqlx::query("UPDATE sso_providers SET settings = $1, kind = $2 WHERE id = $3 AND tenant_id = $4")
            .bind(json)
            .bind(kind)
            .bind(&id)
            .bind(tenant_id)
            .execute(pool)
            .await?;
        return Ok(id);
    }
    let id = db::new_id();
    sqlx::query("INSERT INTO sso_providers (id, tenant_id, kind, name, settings, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(tenant_id)
        .bind(kind)
        .bind(name)
        .bind(json)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(id)
}

/// A sign-in under way at a provider: what the callback needs, kept on the server.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingLogin {
    pub provider_id: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub locale: String,
    pub return_to: String,
}

/// How long a sign-in at the provider may take.
pub const PENDING_LOGIN_SECS: i64 = 600;

pub async fn remember_login(pool: &Pool, tenant_id: &str, state: &str, login: &PendingLogin, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sso_logins (state_hash, tenant_id, provider_id, nonce, pkce_verifier, locale, return_to, created_at, used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
    )
    .bind(hash(state))
    .bind(tenant_id)
    .bind(&login.provider_id)
    .bind(&login.nonce)
    .bind(&login.pkce_verifier)
    .bind(&login.locale)
    .bind(&login.return_to)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes the sign-in for `state`, once: a second callback with the same state, one from another
/// tenant's host, or one after ten minutes finds nothing.
pub async fn claim_login(pool: &Pool, tenant_id: &str, state: &str, now: i64) -> Result<Option<PendingLogin>, sqlx::Error> {
    let h = hash(state);
    let claimed = sqlx::query("UPDATE sso_logins SET used_at = $1 WHERE state_hash = $2 AND tenant_id = $3 AND used_at IS NULL AND created_at > $4")
        .bind(now)
        .bind(&h)
        .bind(tenant_id)
        .bind(now - PENDING_LOGIN_SECS)
        .execute(pool)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Ok(None);
    }
    let row: (String, String, String, String, String) =
        sqlx::query_as("SELECT provider_id, nonce, pkce_verifier, locale, return_to FROM sso_logins WHERE state_hash = $1 AND tenant_id = $2")
            .bind(&h)
            .bind(tenant_id)
            .fetch_one(pool)
            .await?;
    let (provider_id, nonce, pkce_verifier, locale, return_to) = row;
    Ok(Some(PendingLogin { provider_id, nonce, pkce_verifier, locale, return_to }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn provider_addresses_are_https_or_whole_loopback_hosts() {
        assert!(super::provider_url_allowed("https://login.acme.example"));
        assert!(super::provider_url_allowed("http://127.0.0.1:8080/saml2/idp/metadata.php"));
        assert!(super::provider_url_allowed("http://localhost:3000"));
        assert!(super::provider_url_allowed("http://[::1]:3000"));
        assert!(!super::provider_url_allowed("http://login.acme.example"));
        assert!(!super::provider_url_allowed("http://127.0.0.1.evil.example"));
        assert!(!super::provider_url_allowed("ftp://login.example"));
        assert!(!super::provider_url_allowed("not a url"));
    }
}
