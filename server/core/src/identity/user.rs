use super::password;
use crate::db::{self, Pool};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    CustomerUser,
    CustomerAdmin,
    SupportAgent,
    ContentEditor,
    SuperAdmin,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::CustomerUser => "customer-user",
            Role::CustomerAdmin => "customer-admin",
            Role::SupportAgent => "support-agent",
            Role::ContentEditor => "content-editor",
            Role::SuperAdmin => "super-admin",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Role::CustomerUser, Role::CustomerAdmin, Role::SupportAgent, Role::ContentEditor, Role::SuperAdmin].into_iter().find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub tenant_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Documentation access groups (the service document's "authorisation lists").
    pub groups: Vec<String>,
    /// An agent or super administrator of the vendor's own tenant: works every customer's tickets.
    #[serde(default)]
    pub vendor_staff: bool,
}

/// Lockout after repeated failures, per tenant and email address.
#[derive(Debug, Clone, Copy)]
pub struct SignInPolicy {
    pub max_failures: i64,
    pub lock_secs: i64,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        SignInPolicy { max_failures: 5, lock_secs: 15 * 60 }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SignInError {
    /// Wrong password or no such account: deliberately the same answer.
    #[error("email or password is incorrect")]
    Invalid,
    #[error("too many failed attempts; try again in {minutes} minutes")]
    Locked { minutes: i64 },
    /// Told only after the right password: the account's validity end date has passed.
    #[error("this account is no longer valid")]
    AccountExpired,
    /// Told only after the right password: the address has not been confirmed yet.
    #[error("the email address has not been confirmed yet")]
    NotVerified,
    #[error(transparent)]
    Db(#[from] DbFailure),
}

/// sqlx::Error is not PartialEq; this wrapper lets SignInError be compared in tests.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DbFailure(#[from] pub sqlx::Error);

impl PartialEq for DbFailure {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

impl From<sqlx::Error> for SignInError {
    fn from(e: sqlx::Error) -> Self {
        SignInError::Db(DbFailure(e))
    }
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[allow(clippy::too_many_arguments)]
pub async fn create_user(
    pool: &Pool,
    tenant_id: &str,
    email: &str,
    display_name: &str,
    password: Option<&str>,
    role: Role,
    groups: &[&str],
    now: i64,
) -> Result<User, sqlx::Error> {
    let id = db::new_id();
    let email = normalise_email(email);
    let hash = match password {
        Some(p) => Some(password::hash(p).await),
        None => None,
    };
    sqlx::query(
        "INSERT INTO users (id, tenant_id, email, display_name, password_hash, role, created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(&email)
    .bind(display_name)
    .bind(hash)
    .bind(role.key())
    .bind(now)
    .execute(pool)
    .await?;
    super::accounts::set_groups_on(&mut *pool.acquire().await?, tenant_id, &id, groups).await?;
    let vendor_staff = is_vendor_staff(pool, tenant_id, role).await?;
    Ok(User {
        id,
        tenant_id: tenant_id.into(),
        email,
        display_name: display_name.into(),
        role,
        groups: groups.iter().map(|g| g.to_string()).collect(),
        vendor_staff,
    })
}

/// The vendor's own support staff (agents and super administrators of the vendor's tenant) work
/// every customer's tickets.
pub(super) fn works_for_vendor(tenant_is_vendor: bool, role: Role) -> bool {
    tenant_is_vendor && matches!(role, Role::SupportAgent | Role::SuperAdmin)
}

async fn is_vendor_staff(pool: &Pool, tenant_id: &str, role: Role) -> Result<bool, sqlx::Error> {
    if !works_for_vendor(true, role) {
        return Ok(false);
    }
    let row: Option<(i64,)> = sqlx::query_as("SELECT is_vendor FROM tenants WHERE id = $1").bind(tenant_id).fetch_optional(pool).await?;
    Ok(row.is_some_and(|(v,)| works_for_vendor(v == 1, role)))
}

pub async fn load_user(pool: &Pool, tenant_id: &str, user_id: &str) -> Result<Option<User>, sqlx::Error> {
    let row: Option<(String, String, String)> = sqlx::query_as("SELECT email, display_name, role FROM users WHERE id = $1 AND tenant_id = $2")
        .bind(user_id)
        .bind(tenant_id)
        .fetch_optional(pool)
        .await?;
    let Some((email, display_name, role)) = row else { return Ok(None) };
    let groups: Vec<(String,)> = sqlx::query_as("SELECT group_name FROM user_groups WHERE user_id = $1 AND tenant_id = $2 ORDER BY group_name")
        .bind(user_id)
        .bind(tenant_id)
        .fetch_all(pool)
        .await?;
    let role = Role::from_key(&role).unwrap_or(Role::CustomerUser);
    Ok(Some(User {
        id: user_id.into(),
        tenant_id: tenant_id.into(),
        email,
        display_name,
        role,
        groups: groups.into_iter().map(|(g,)| g).collect(),
        vendor_staff: is_vendor_staff(pool, tenant_id, role).await?,
    }))
}

/// Who may be given a ticket of this tenant: its support agents (and super administrators), and
/// the vendor's.
pub async fn agents(pool: &Pool, tenant_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role IN ('support-agent', 'super-admin')          AND (tenant_id = $1 OR tenant_id IN (SELECT id FROM tenants WHERE is_vendor = 1)) ORDER BY display_name",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await
}

/// Checks an email and password in this tenant, counting failures and locking the address after
/// too many, whether or not an account exists for it.
pub async fn sign_in(pool: &Pool, tenant_id: &str, email: &str, password: &str, policy: SignInPolicy, now: i64) -> Result<User, SignInError> {
    let email = normalise_email(email);
    // The attempt is counted in one atomic statement before the slow hash, so that however many
    // arrive at once, no more than the limit are ever checked; a locked address counts nothing.
    let (attempt, locked_until): (i64, Option<i64>) = sqlx::query_as(
        "INSERT INTO sign_in_failures (tenant_id, email, failures, locked_until) VALUES ($1, $2, 1, NULL) \
         ON CONFLICT (tenant_id, email) DO UPDATE SET failures = CASE \
           WHEN sign_in_failures.locked_until > $3 THEN sign_in_failures.failures \
           WHEN sign_in_failures.locked_until IS NOT NULL THEN 1 \
           ELSE sign_in_failures.failures + 1 END, \
         locked_until = CASE WHEN sign_in_failures.locked_until > $3 THEN sign_in_failures.locked_until ELSE NULL END \
         RETURNING failures, locked_until",
    )
    .bind(tenant_id)
    .bind(&email)
    .bind(now)
    .fetch_one(pool)
    .await?;
    if let Some(until) = locked_until.filter(|u| *u > now) {
        return Err(SignInError::Locked { minutes: (until - now + 59) / 60 });
    }
    if attempt > policy.max_failures {
        // Others are being checked right now and have used up the allowance.
        return Err(SignInError::Locked { minutes: (policy.lock_secs + 59) / 60 });
    }
    let row: Option<(String, Option<String>, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, password_hash, email_verified, valid_until FROM users WHERE tenant_id = $1 AND email = $2")
            .bind(tenant_id)
            .bind(&email)
            .fetch_optional(pool)
            .await?;
    let verified = password::verify(password, row.as_ref().and_then(|r| r.1.as_deref())).await;
    if verified {
        sqlx::query("DELETE FROM sign_in_failures WHERE tenant_id = $1 AND email = $2").bind(tenant_id).bind(&email).execute(pool).await?;
        let (id, _, email_verified, valid_until) = row.expect("verified implies a row");
        if valid_until.is_some_and(|v| v <= now) {
            return Err(SignInError::AccountExpired);
        }
        if email_verified == 0 {
            return Err(SignInError::NotVerified);
        }
        return load_user(pool, tenant_id, &id).await?.ok_or(SignInError::Invalid);
    }
    if attempt == policy.max_failures {
        sqlx::query("UPDATE sign_in_failures SET failures = 0, locked_until = $1 WHERE tenant_id = $2 AND email = $3")
            .bind(now + policy.lock_secs)
            .bind(tenant_id)
            .bind(&email)
            .execute(pool)
            .await?;
        return Err(SignInError::Locked { minutes: (policy.lock_secs + 59) / 60 });
    }
    Err(SignInError::Invalid)
}

/// Why the password must be changed before a session starts, if it must.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeReason {
    /// Set by an administrator, and the tenant wants it changed at first sign-in.
    FirstSignIn,
    /// Older than the tenant's expiry period.
    Expired,
}

pub async fn password_change_due(
    pool: &Pool,
    tenant_id: &str,
    user_id: &str,
    settings: &super::IdentitySettings,
    now: i64,
) -> Result<Option<ChangeReason>, sqlx::Error> {
    let row: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT must_change_password, COALESCE(password_changed_at, created_at) FROM users WHERE id = $1 AND tenant_id = $2")
            .bind(user_id)
            .bind(tenant_id)
            .fetch_optional(pool)
            .await?;
    let Some((must_change, changed_at)) = row else { return Ok(None) };
    if must_change == 1 && settings.change_at_first_sign_in {
        return Ok(Some(ChangeReason::FirstSignIn));
    }
    let too_old = settings.expiry_days > 0 && changed_at.unwrap_or(0) + settings.expiry_days * 86400 <= now;
    Ok(too_old.then_some(ChangeReason::Expired))
}

/// The demo users' shared password (printed in the README; demo data only).
pub const DEMO_PASSWORD: &str = "Demo-password-2026!";

/// Demo users for the two demo tenants; safe to run again.
pub async fn seed_demo_users(pool: &Pool) -> Result<(), sqlx::Error> {
    let people: [(&str, &str, &str, Role, &[&str]); 10] = [
        ("acme", "ada@acme.example", "Ada Lovelace", Role::CustomerUser, &["payroll-admins"]),
        ("acme", "bob@acme.example", "Bob Martin", Role::CustomerUser, &[]),
        ("acme", "admin@acme.example", "Alice Admin", Role::CustomerAdmin, &[]),
        ("acme", "editor@acme.example", "Eddie Editor", Role::ContentEditor, &[]),
        ("acme", "rita@acme.example", "Rita Reviewer", Role::ContentEditor, &["publishers"]),
        ("acme", "agent@acme.example", "Sam Support", Role::SupportAgent, &[]),
        ("globex", "grace@globex.example", "Grace Hopper", Role::CustomerUser, &["payroll-admins"]),
        ("globex", "agent@globex.example", "Gus Support", Role::SupportAgent, &[]),
        ("vendor", "desk@support.example", "Dana Desk", Role::SupportAgent, &[]),
        ("vendor", "root@support.example", "Vera Vendor", Role::SuperAdmin, &[]),
    ];
    for (tenant, email, name, role, groups) in people {
        let exists: Option<(String,)> =
            sqlx::query_as("SELECT id FROM users WHERE tenant_id = $1 AND email = $2").bind(tenant).bind(email).fetch_optional(pool).await?;
        if exists.is_none() {
            // Demo data is set up at the wall clock's time, like any seed.
            create_user(pool, tenant, email, name, Some(DEMO_PASSWORD), role, groups, db::now()).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn setup() -> Pool {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        seed_demo_users(&pool).await.unwrap();
        seed_demo_users(&pool).await.unwrap();
        pool
    }

    #[tokio::test]
    async fn the_right_password_signs_in_within_the_tenant_only() {
        let pool = setup().await;
        let p = SignInPolicy::default();
        let ada = sign_in(&pool, "acme", " Ada@Acme.example ", DEMO_PASSWORD, p, crate::db::now()).await.unwrap();
        assert_eq!(ada.groups, ["payroll-admins"]);
        assert_eq!(sign_in(&pool, "globex", "ada@acme.example", DEMO_PASSWORD, p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
        assert_eq!(sign_in(&pool, "acme", "ada@acme.example", "wrong", p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
        assert_eq!(sign_in(&pool, "acme", "nobody@acme.example", "wrong", p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
    }

    #[tokio::test]
    async fn repeated_failures_lock_the_address_whether_or_not_it_has_an_account() {
        let pool = setup().await;
        let p = SignInPolicy { max_failures: 3, lock_secs: 600 };
        for email in ["bob@acme.example", "ghost@acme.example"] {
            assert_eq!(sign_in(&pool, "acme", email, "bad", p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
            assert_eq!(sign_in(&pool, "acme", email, "bad", p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
            assert_eq!(sign_in(&pool, "acme", email, "bad", p, crate::db::now()).await.unwrap_err(), SignInError::Locked { minutes: 10 });
        }
        // Even the right password is refused while locked.
        assert!(matches!(sign_in(&pool, "acme", "bob@acme.example", DEMO_PASSWORD, p, crate::db::now()).await, Err(SignInError::Locked { .. })));
        // The lock is per tenant: Globex's users are not affected by Acme's attacker.
        assert!(sign_in(&pool, "globex", "grace@globex.example", DEMO_PASSWORD, p, crate::db::now()).await.is_ok());
        // Once the lock has passed, the right password works again.
        sqlx::query("UPDATE sign_in_failures SET locked_until = 0").execute(&pool).await.unwrap();
        assert!(sign_in(&pool, "acme", "bob@acme.example", DEMO_PASSWORD, p, crate::db::now()).await.is_ok());
        // And the address has its whole allowance again.
        assert_eq!(sign_in(&pool, "acme", "ghost@acme.example", "bad", p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
        assert_eq!(sign_in(&pool, "acme", "ghost@acme.example", "bad", p, crate::db::now()).await.unwrap_err(), SignInError::Invalid);
    }

    #[tokio::test]
    async fn fifty_attempts_at_once_check_no_more_passwords_than_the_limit() {
        let pool = setup().await;
        let p = SignInPolicy { max_failures: 5, lock_secs: 900 };
        let attempts = (0..50).map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { sign_in(&pool, "acme", "bob@acme.example", "wrong-password", p, crate::db::now()).await })
        });
        let mut invalid = 0;
        for a in attempts {
            match a.await.unwrap() {
                Err(SignInError::Invalid) => invalid += 1,
                Err(SignInError::Locked { .. }) => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        // Each "invalid" answer is a password that was checked; the fifth check locks instead.
        assert!(invalid <= 4, "{invalid} wrong passwords were checked against a limit of 5");
        assert!(matches!(sign_in(&pool, "acme", "bob@acme.example", DEMO_PASSWORD, p, crate::db::now()).await, Err(SignInError::Locked { .. })));
    }
}
