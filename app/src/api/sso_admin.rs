//! Single sign-on providers on the accounts page: OpenID Connect (checked against its discovery
//! document) and SAML 2.0 (checked from its metadata, fetched or pasted) before anything is saved.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) fn provider_row(p: atrium_core::sso::Provider) -> crate::model::ProviderRow {
    use atrium_core::sso::{saml, ProviderSettings};
    let mapping = p.mapping().clone();
    let mut row = crate::model::ProviderRow {
        id: p.id,
        name: p.name,
        kind: String::new(),
        issuer: String::new(),
        client_id: String::new(),
        scopes: String::new(),
        metadata_url: String::new(),
        allow_idp_initiated: false,
        email_attribute: mapping.email_claim,
        name_attribute: mapping.name_claim,
        groups_attribute: mapping.groups_claim,
        group_access: mapping.group_access.iter().map(|(a, b)| format!("{a}={b}")).collect::<Vec<_>>().join("\n"),
        group_roles: mapping.group_roles.iter().map(|(a, r)| format!("{a}={}", r.key())).collect::<Vec<_>>().join("\n"),
        auto_provision: mapping.auto_provision,
    };
    match p.settings {
        ProviderSettings::Oidc(o) => {
            row.kind = "oidc".into();
            row.issuer = o.issuer;
            row.client_id = o.client_id;
            row.scopes = o.scopes.join(" ");
        }
        ProviderSettings::Saml(s) => {
            row.kind = "saml".into();
            row.issuer = saml::check_metadata(&s.idp_metadata_xml).map(|m| m.entity_id).unwrap_or_default();
            row.metadata_url = s.metadata_url.unwrap_or_default();
            row.allow_idp_initiated = s.allow_idp_initiated;
        }
    }
    row
}

/// `a=b` lines (or comma-separated pairs) as pairs; `None` when a line has no `=`.
#[cfg(feature = "ssr")]
fn pairs(text: &str) -> Option<Vec<(String, String)>> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split_once('=').map(|(a, b)| (a.trim().to_string(), b.trim().to_string())).filter(|(a, b)| !a.is_empty() && !b.is_empty()))
        .collect()
}

/// The group mappings of a provider form. Provider groups may only give customer roles: no
/// provider makes anyone an agent or an administrator of the vendor. `None` when a line is not
/// `provider-group=value` or names another role or an invalid access group.
#[cfg(feature = "ssr")]
fn mapping_from(group_access: Option<&str>, group_roles: Option<&str>, auto_provision: bool) -> Option<atrium_core::sso::ClaimMapping> {
    use atrium_core::identity::Role;
    let access = pairs(group_access.unwrap_or_default())?;
    let roles = pairs(group_roles.unwrap_or_default())?
        .into_iter()
        .map(|(g, r)| Role::from_key(&r).filter(|r| matches!(r, Role::CustomerUser | Role::CustomerAdmin)).map(|r| (g, r)))
        .collect::<Option<Vec<_>>>()?;
    if !access.iter().all(|(_, g)| atrium_core::identity::parse_groups(g).is_ok_and(|p| p.len() == 1)) {
        return None;
    }
    Some(atrium_core::sso::ClaimMapping { group_access: access, group_roles: roles, auto_provision, ..Default::default() })
}
/// Adds or replaces an OpenID Connect provider of the tenant (by name). The provider must answer
/// its discovery document; an empty secret keeps the stored one.
#[server(endpoint = "sso-provider")]
#[allow(clippy::too_many_arguments)]
pub async fn save_oidc_provider(
    locale: String,
    name: String,
    issuer: String,
    client_id: String,
    client_secret: Option<String>,
    scopes: Option<String>,
    group_access: Option<String>,
    group_roles: Option<String>,
    auto_provision: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::sso::{self, oidc, OidcSettings, ProviderSettings};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let back = |q: &str| leptos_axum::redirect(&format!("/{locale}/admin/accounts?{q}#sso"));
    let name = name.trim().to_string();
    let issuer = issuer.trim().trim_end_matches('/').to_string();
    if name.is_empty() || client_id.trim().is_empty() || !sso::provider_url_allowed(&issuer) {
        back("error=sso-settings");
        return Ok(());
    }
    let existing = sso::providers(&app.pool, &tenant.id).await?.into_iter().find(|p| p.name == name);
    let secret = match client_secret.filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => match existing.map(|p| p.settings) {
            Some(ProviderSettings::Oidc(o)) => o.client_secret,
            _ => {
                back("error=sso-settings");
                return Ok(());
            }
        },
    };
    let Some(mapping) = mapping_from(group_access.as_deref(), group_roles.as_deref(), auto_provision.is_some()) else {
        back("error=sso-mapping");
        return Ok(());
    };
    let mut scopes: Vec<String> = scopes.unwrap_or_default().split_whitespace().map(String::from).collect();
    if !scopes.iter().any(|s| s == "openid") {
        scopes.insert(0, "openid".into());
    }
    let settings = OidcSettings {
        issuer,
        client_id: client_id.trim().to_string(),
        client_secret: secret,
        scopes,
        allowed_algs: vec!["RS256".into(), "ES256".into()],
        mapping,
    };
    if let Err(e) = oidc::check_discovery(&settings, &oidc::http_client(app.allow_private_providers)).await {
        tracing::warn!(tenant = %tenant.id, error = %e, "provider settings not saved");
        back("error=sso-unreachable");
        return Ok(());
    }
    sso::save_provider(&app.pool, &tenant.id, &name, &ProviderSettings::Oidc(settings), app.clock.now()).await?;
    tracing::info!(tenant = %tenant.id, by = %session.user.id, provider = %name, "single sign-on provider saved");
    back("done=sso");
    Ok(())
}

/// Adds or replaces a SAML 2.0 identity provider of the tenant (by name), from its metadata: the
/// address it is fetched from, or the XML pasted. Metadata without a signing certificate or a
/// sign-on address is refused and nothing is saved.
#[server(endpoint = "saml-provider")]
#[allow(clippy::too_many_arguments)]
pub async fn save_saml_provider(
    locale: String,
    name: String,
    metadata_url: Option<String>,
    metadata_xml: Option<String>,
    allow_idp_initiated: Option<String>,
    email_attribute: Option<String>,
    name_attribute: Option<String>,
    groups_attribute: Option<String>,
    group_access: Option<String>,
    group_roles: Option<String>,
    auto_provision: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::sso::{self, oidc, saml, ProviderSettings};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let back = |q: &str| leptos_axum::redirect(&format!("/{locale}/admin/accounts?{q}#sso"));
    let name = name.trim().to_string();
    let metadata_url = metadata_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    let pasted = metadata_xml.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    if name.is_empty() || (metadata_url.is_none() && pasted.is_none()) {
        back("error=saml-settings");
        return Ok(());
    }
    let Some(mut mapping) = mapping_from(group_access.as_deref(), group_roles.as_deref(), auto_provision.is_some()) else {
        back("error=sso-mapping");
        return Ok(());
    };
    let attribute = |value: Option<String>, default: &str| value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string());
    mapping.email_claim = attribute(email_attribute, "email");
    mapping.name_claim = attribute(name_attribute, "name");
    mapping.groups_claim = attribute(groups_attribute, "groups");
    // Pasted XML wins over the address: an administrator pastes when the IdP is not reachable.
    let fetched = pasted.is_none();
    let xml = match (pasted, &metadata_url) {
        (Some(xml), _) => xml,
        (None, Some(url)) => match saml::fetch_metadata(url, &oidc::http_client(app.allow_private_providers)).await {
            Ok(xml) => xml,
            Err(e) => {
                tracing::warn!(tenant = %tenant.id, error = %e, "SAML provider not saved");
                back("error=saml-unreachable");
                return Ok(());
            }
        },
        (None, None) => unreachable!("checked above"),
    };
    if let Err(e) = saml::check_metadata(&xml) {
        tracing::warn!(tenant = %tenant.id, error = %e, "SAML provider not saved");
        // Fetched from an address: the same words as for no answer at all, so that the form
        // cannot tell an open port (something answered) from a closed one.
        back(if fetched { "error=saml-unreachable" } else { "error=saml-metadata" });
        return Ok(());
    }
    let settings = saml::SamlSettings { idp_metadata_xml: xml, metadata_url, allow_idp_initiated: allow_idp_initiated.is_some(), mapping };
    sso::save_provider(&app.pool, &tenant.id, &name, &ProviderSettings::Saml(settings), app.clock.now()).await?;
    tracing::info!(tenant = %tenant.id, by = %session.user.id, provider = %name, "SAML provider saved");
    back("done=sso");
    Ok(())
}
