//! View models of account pages: account links, account administration, sign-in settings and
//! tenants.

use serde::{Deserialize, Serialize};

/// What an emailed (or sign-in) account link opens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountLinkView {
    /// `ok`, `expired`, `used` or `unknown`.
    pub status: String,
    /// `reset`, `invitation` or `renewal`.
    pub purpose: String,
    pub email: String,
    /// An invitation to an account with a temporary password only confirms the address.
    pub confirm_only: bool,
    pub min_length: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub groups: String,
    /// `YYYY-MM-DD`, the last day the account may sign in, or empty.
    pub valid_until: String,
    pub verified: bool,
    pub locked: bool,
    pub sso_only: bool,
    /// Whether this administrator may change the account (customer administrators only manage
    /// customer accounts).
    pub editable: bool,
}

/// The tenant's sign-in rules as the settings form shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SignInSettingsView {
    pub min_length: i64,
    pub min_lowercase: i64,
    pub min_uppercase: i64,
    pub min_digits: i64,
    pub min_symbols: i64,
    pub history: i64,
    pub max_failures: i64,
    pub lock_minutes: i64,
    pub expiry_days: i64,
    pub change_at_first_sign_in: bool,
    pub idle_minutes: i64,
    pub absolute_hours: i64,
    pub sso_auto_redirect: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountsAdminView {
    pub accounts: Vec<AccountRow>,
    /// The roles this administrator may give.
    pub roles: Vec<String>,
    pub settings: SignInSettingsView,
    pub super_admin: bool,
    pub providers: Vec<ProviderRow>,
}

/// A single sign-on provider as the administration form shows it (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderRow {
    pub id: String,
    pub name: String,
    /// `oidc` or `saml`.
    pub kind: String,
    /// The OpenID issuer, or the SAML IdP's entity id.
    pub issuer: String,
    pub client_id: String,
    pub scopes: String,
    pub metadata_url: String,
    pub allow_idp_initiated: bool,
    pub email_attribute: String,
    pub name_attribute: String,
    pub groups_attribute: String,
    /// `provider-group=access-group`, one per line.
    pub group_access: String,
    /// `provider-group=role`, one per line.
    pub group_roles: String,
    pub auto_provision: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRow {
    pub id: String,
    pub name: String,
    pub hosts: Vec<String>,
    pub accounts: i64,
}

/// How a reader may sign in on this tenant: a password, and each single sign-on provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SignInMethods {
    /// (id, name) of each provider.
    pub providers: Vec<(String, String)>,
    /// Go straight to the only provider (the tenant's setting, with exactly one provider).
    pub auto_redirect: bool,
}
