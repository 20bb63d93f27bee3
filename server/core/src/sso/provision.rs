//! From a provider's verified claims to a local account of the same tenant.

use super::Provider;
use crate::db::{self, Pool};
use crate::identity::{load_user, normalise_email, Role, User};

/// What a provider vouched for, after every check on its response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SsoProfile {
    pub subject: String,
    pub email: Option<String>,
    /// `Some(false)` when the provider says it has not verified the address.
    pub email_verified: Option<bool>,
    pub name: Option<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("the provider did not give an email address")]
    NoEmail,
    #[error("the provider has not verified this email address")]
    EmailUnverified,
    #[error("no account exists for this person and the tenant does not create them")]
    NoAccount,
    #[error("this account is no longer valid")]
    AccountExpired,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The local account for `profile`: the one already linked to this provider subject; else the
/// tenant's account with the same (verified) address, which gets linked; else a new one when the
/// provider's settings allow it. Groups from the claims replace the groups the provider gave
/// before; groups an administrator granted stay. Roles are only mapped among customer roles.
pub async fn account_for(pool: &Pool, provider: &Provider, profile: &SsoProfile, now: i64) -> Result<User, ProvisionError> {
    let tenant_id = provider.tenant_id.as_str();
    let mapping = provider.mapping();
    let linked: Option<(String,)> = sqlx::query_as("SELECT user_id FROM sso_identities WHERE tenant_id = $1 AND provider_id = $2 AND subject = $3")
        .bind(tenant_id)
        .bind(&provider.id)
        .bind(&profile.subject)
        .fetch_optional(pool)
        .await?;
    let user_id = match linked {
        Some((id,)) => id,
        None => {
            let email = profile.email.as_deref().map(normalise_email).filter(|e| e.contains('@')).ok_or(ProvisionError::NoEmail)?;
            // An address the provider has not verified never links to, nor creates, an account:
            // anyone could otherwise claim a colleague's address at a lax provider.
            if profile.email_verified == Some(false) {
                return Err(ProvisionError::EmailUnverified);
            }
            let existing: Option<(String,)> =
                sqlx::query_as("SELECT id FROM users WHERE tenant_id = $1 AND email = $2").bind(tenant_id).bind(&email).fetch_optional(pool).await?;
            let id = match existing {
                Some((id,)) => id,
                None if mapping.auto_provision => {
                    let id = db::new_id();
                    let name = profile.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| email.clone());
                    sqlx::query(
                        "INSERT INTO users (id, tenant_id, email, display_name, password_hash, role, created_at, email_verified) \
                         VALUES ($1, $2, $3, $4, NULL, $5, $6, 1)",
                    )
                    .bind(&id)
                    .bind(tenant_id)
                    .bind(&email)
                    .bind(name.trim())
                    .bind(Role::CustomerUser.key())
                    .bind(now)
                    .execute(pool)
                    .await?;
                    tracing::info!(tenant = %tenant_id, provider = %provider.id, user = %id, "account created at first single sign-on");
                    id
                }
                None => return Err(ProvisionError::NoAccount),
            };
            sqlx::query("INSERT INTO sso_identities (tenant_id, provider_id, subject, user_id, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(tenant_id)
                .bind(&provider.id)
                .bind(&profile.subject)
                .bind(&id)
                .bind(now)
                .execute(pool)
                .await?;
            id
        }
    };
    let (valid_until, role): (Option<i64>, String) =
        sqlx::query_as("SELECT valid_until, role FROM users WHERE id = $1 AND tenant_id = $2").bind(&user_id).bind(tenant_id).fetch_one(pool).await?;
    if valid_until.is_some_and(|v| v <= now) {
        return Err(ProvisionError::AccountExpired);
    }
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("DELETE FROM user_groups WHERE user_id = $1 AND tenant_id = $2 AND source = 'sso'").bind(&user_id).bind(tenant_id).execute(&mut *tx).await?;
    for (from, to) in &mapping.group_access {
        if profile.groups.contains(from) {
            sqlx::query(
                "INSERT INTO user_groups (user_id, tenant_id, group_name, source) VALUES ($1, $2, $3, 'sso') ON CONFLICT (user_id, group_name) DO NOTHING",
            )
            .bind(&user_id)
            .bind(tenant_id)
            .bind(to)
            .execute(&mut *tx)
            .await?;
        }
    }
    let customer = matches!(Role::from_key(&role), Some(Role::CustomerUser | Role::CustomerAdmin));
    let mapped = mapping.group_roles.iter().find(|(g, _)| profile.groups.contains(g)).map(|(_, r)| *r);
    if let (true, Some(new_role @ (Role::CustomerUser | Role::CustomerAdmin))) = (customer, mapped) {
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2 AND tenant_id = $3")
            .bind(new_role.key())
            .bind(&user_id)
            .bind(tenant_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    load_user(pool, tenant_id, &user_id).await?.ok_or(ProvisionError::NoAccount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::{save_provider, ClaimMapping, OidcSettings, ProviderSettings};

    async fn setup(auto_provision: bool) -> (Pool, Provider) {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        crate::identity::seed_demo_users(&pool).await.unwrap();
        let settings = ProviderSettings::Oidc(OidcSettings {
            issuer: "http://127.0.0.1:1/".into(),
            client_id: "atrium".into(),
            client_secret: "s".into(),
            scopes: vec!["openid".into()],
            allowed_algs: vec!["RS256".into()],
            mapping: ClaimMapping {
                group_access: vec![("hr-payroll".into(), "payroll-admins".into())],
                group_roles: vec![("it-admins".into(), Role::CustomerAdmin)],
                auto_provision,
                ..Default::default()
            },
        });
        let id = save_provider(&pool, "acme", "Acme SSO", &settings, crate::db::now()).await.unwrap();
        let provider = crate::sso::provider(&pool, "acme", &id).await.unwrap().unwrap();
        (pool, provider)
    }

    fn profile(sub: &str, email: &str, verified: Option<bool>, groups: &[&str]) -> SsoProfile {
        SsoProfile {
            subject: sub.into(),
            email: Some(email.into()),
            email_verified: verified,
            name: Some("Erin".into()),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        }
    }

    #[tokio::test]
    async fn an_unverified_address_never_takes_over_an_existing_account() {
        let (pool, provider) = setup(true).await;
        let err = account_for(&pool, &provider, &profile("evil-1", "ada@acme.example", Some(false), &[]), db::now()).await.unwrap_err();
        assert!(matches!(err, ProvisionError::EmailUnverified));
        let linked: Vec<(String,)> = sqlx::query_as("SELECT user_id FROM sso_identities").fetch_all(&pool).await.unwrap();
        assert!(linked.is_empty());
    }

    #[tokio::test]
    async fn the_subject_links_once_and_groups_follow_the_claims() {
        let (pool, provider) = setup(false).await;
        let now = db::now();
        assert!(matches!(account_for(&pool, &provider, &profile("s-1", "erin@acme.example", Some(true), &[]), now).await, Err(ProvisionError::NoAccount)));
        // Bob's address, verified: linked to Bob, and the mapped group is granted.
        let bob = account_for(&pool, &provider, &profile("s-2", "bob@acme.example", Some(true), &["hr-payroll", "unmapped"]), now).await.unwrap();
        assert_eq!((bob.email.as_str(), bob.groups.clone()), ("bob@acme.example", vec!["payroll-admins".to_string()]));
        // Later the same subject signs in with another address: still Bob; the group is gone.
        let again = account_for(&pool, &provider, &profile("s-2", "robert@elsewhere.example", None, &[]), now).await.unwrap();
        assert_eq!(again.id, bob.id);
        assert!(again.groups.is_empty());
        // Ada's group granted by an administrator stays whatever the claims say.
        let ada = account_for(&pool, &provider, &profile("s-3", "ada@acme.example", None, &["it-admins"]), now).await.unwrap();
        assert_eq!(ada.groups, ["payroll-admins"]);
        assert_eq!(ada.role, Role::CustomerAdmin);
        // A support agent's role is never changed by claims.
        let agent = account_for(&pool, &provider, &profile("s-4", "agent@acme.example", None, &[]), now).await.unwrap();
        assert_eq!(agent.role, Role::SupportAgent);
    }

    #[tokio::test]
    async fn auto_provisioning_creates_a_customer_account_in_the_providers_tenant() {
        let (pool, provider) = setup(true).await;
        let erin = account_for(&pool, &provider, &profile("s-9", "Erin@Acme.example", Some(true), &["hr-payroll"]), db::now()).await.unwrap();
        assert_eq!((erin.tenant_id.as_str(), erin.email.as_str(), erin.role), ("acme", "erin@acme.example", Role::CustomerUser));
        assert!(crate::identity::load_user(&pool, "globex", &erin.id).await.unwrap().is_none());
    }
}
