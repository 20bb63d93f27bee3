//! Each tenant's own sign-in rules (service document §7.2.4 and §7.2.6): password policy,
//! lockout, password age, first-sign-in change and session lengths. A tenant that never saved
//! any gets the defaults, which follow the service document.

use super::{PasswordPolicy, SessionPolicy, SignInPolicy};
use crate::db::Pool;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentitySettings {
    pub password: PasswordPolicy,
    /// Failed attempts before the address is locked.
    pub max_failures: i64,
    pub lock_minutes: i64,
    /// A password older than this must be changed at the next sign-in; 0 means never.
    pub expiry_days: i64,
    /// New accounts, and accounts whose password an administrator set, change it first.
    pub change_at_first_sign_in: bool,
    pub idle_minutes: i64,
    pub absolute_hours: i64,
    /// With exactly one single sign-on provider, go straight to it from the sign-in page.
    pub sso_auto_redirect: bool,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        IdentitySettings {
            password: PasswordPolicy::default(),
            max_failures: 5,
            lock_minutes: 15,
            expiry_days: 0,
            change_at_first_sign_in: true,
            idle_minutes: 120,
            absolute_hours: 12,
            sso_auto_redirect: false,
        }
    }
}

/// A setting outside what the form allows; `field` names the form field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field} must be between {min} and {max}")]
pub struct SettingOutOfRange {
    pub field: &'static str,
    pub min: i64,
    pub max: i64,
}

impl IdentitySettings {
    pub fn sign_in_policy(&self) -> SignInPolicy {
        SignInPolicy { max_failures: self.max_failures, lock_secs: self.lock_minutes * 60 }
    }

    pub fn session_policy(&self) -> SessionPolicy {
        SessionPolicy { idle_secs: self.idle_minutes * 60, absolute_secs: self.absolute_hours * 3600 }
    }

    /// Every setting outside its range. Lower bounds keep the contract's minimum protection:
    /// a tenant may be stricter than the default, never weaker than 8 characters or unlimited
    /// attempts.
    pub fn check(&self) -> Vec<SettingOutOfRange> {
        let p = &self.password;
        let ranges: [(&'static str, i64, i64, i64); 12] = [
            ("min_length", p.min_length as i64, 8, 128),
            ("min_lowercase", p.min_lowercase as i64, 0, 10),
            ("min_uppercase", p.min_uppercase as i64, 0, 10),
            ("min_digits", p.min_digits as i64, 0, 10),
            ("min_symbols", p.min_symbols as i64, 0, 10),
            ("history", p.history as i64, 0, 24),
            ("max_failures", self.max_failures, 3, 20),
            ("lock_minutes", self.lock_minutes, 1, 1440),
            ("expiry_days", self.expiry_days, 0, 730),
            ("idle_minutes", self.idle_minutes, 5, 24 * 60),
            ("absolute_hours", self.absolute_hours, 1, 24 * 7),
            // The idle timeout cannot outlast the whole session.
            ("idle_minutes", self.idle_minutes, 5, self.absolute_hours * 60),
        ];
        let mut out: Vec<SettingOutOfRange> = Vec::new();
        for (field, value, min, max) in ranges {
            if (value < min || value > max) && !out.iter().any(|o| o.field == field) {
                out.push(SettingOutOfRange { field, min, max });
            }
        }
        out
    }
}

/// The tenant's settings, or the defaults. A stored document that no longer parses (written by
/// a newer version, say) falls back to the defaults field by field thanks to `serde(default)`.
pub async fn load_settings(pool: &Pool, tenant_id: &str) -> Result<IdentitySettings, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT settings FROM tenant_identity_settings WHERE tenant_id = $1").bind(tenant_id).fetch_optional(pool).await?;
    Ok(row.and_then(|(json,)| serde_json::from_str(&json).ok()).unwrap_or_default())
}

/// Saves the settings after checking them; nothing is stored when one is out of range.
pub async fn save_settings(pool: &Pool, tenant_id: &str, settings: &IdentitySettings, now: i64) -> Result<Result<(), Vec<SettingOutOfRange>>, sqlx::Error> {
    let problems = settings.check();
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let json = serde_json::to_string(settings).expect("settings serialise");
    sqlx::query(
        "INSERT INTO tenant_identity_settings (tenant_id, settings, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(tenant_id)
    .bind(json)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_follow_the_service_document_and_pass_their_own_check() {
        let d = IdentitySettings::default();
        assert_eq!((d.idle_minutes, d.absolute_hours), (120, 12));
        assert!(d.check().is_empty());
    }

    #[test]
    fn weaker_than_the_floor_is_refused_field_by_field() {
        let mut s = IdentitySettings::default();
        s.password.min_length = 4;
        s.max_failures = 1000;
        s.idle_minutes = 13 * 60;
        let fields: Vec<_> = s.check().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["min_length", "max_failures", "idle_minutes"]);
    }

    #[tokio::test]
    async fn settings_are_per_tenant_and_a_bad_save_keeps_the_old_ones() {
        let pool = crate::db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        let mut strict = IdentitySettings::default();
        strict.password.min_length = 16;
        strict.expiry_days = 90;
        save_settings(&pool, "acme", &strict, crate::db::now()).await.unwrap().unwrap();
        assert_eq!(load_settings(&pool, "acme").await.unwrap(), strict);
        assert_eq!(load_settings(&pool, "globex").await.unwrap(), IdentitySettings::default());
        let mut bad = strict.clone();
        bad.lock_minutes = 0;
        assert!(save_settings(&pool, "acme", &bad, crate::db::now()).await.unwrap().is_err());
        assert_eq!(load_settings(&pool, "acme").await.unwrap(), strict);
    }
}
