//! Account administration within one tenant: inviting people (the invitation link verifies
//! their address before the account is active), granting documentation access groups, roles and
//! validity end dates, and the mails that carry account links.

use super::links::{issue_link, LinkPurpose};
use super::policy::check;
use super::{normalise_email, IdentitySettings, Role, Violation};
use crate::{
    db::{self, Pool},
    mail,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub groups: Vec<String>,
    pub valid_until: Option<i64>,
    /// Set by the administrator and changed at first sign-in; without it the invitation link
    /// lets the person choose their own.
    pub temporary_password: Option<String>,
}

impl NewAccount {
    /// The temporary password's hash, made on the blocking pool, for [`invite`].
    pub async fn hashed_password(&self) -> Option<String> {
        match &self.temporary_password {
            Some(p) => Some(super::password::hash(p).await),
            None => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("an account with this email address already exists")]
    Duplicate,
    #[error("the email address is not valid")]
    BadEmail,
    #[error("the name is missing")]
    MissingName,
    #[error("group names use lower-case letters, digits and hyphens: {0:?}")]
    BadGroup(String),
    #[error("the temporary password breaks the policy: {0:?}")]
    Policy(Vec<Violation>),
    #[error("no such account")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// One line of the account list an administrator sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub groups: Vec<String>,
    pub valid_until: Option<i64>,
    pub email_verified: bool,
    pub locked: bool,
    pub sso_only: bool,
}

pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',')
}

/// Group names as typed by an administrator (comma or space separated), checked.
pub fn parse_groups(text: &str) -> Result<Vec<String>, AccountError> {
    let mut groups: Vec<String> = Vec::new();
    for g in text.split([',', ' ', '\n']).map(|g| g.trim().to_lowercase()).filter(|g| !g.is_empty()) {
        let ok = g.len() <= 40 && g.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(AccountError::BadGroup(g));
        }
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    groups.sort();
    Ok(groups)
}

/// Creates the account, not yet verified, and returns it with its invitation link token. The
/// caller mails the link in the same transaction (see [`invitation_mail`]), and hashes the
/// temporary password, if any, before opening it ([`NewAccount::hashed_password`]), so that
/// other writers never wait on argon2.
pub async fn invite(
    conn: &mut sqlx::AnyConnection,
    tenant_id: &str,
    account: &NewAccount,
    temporary_hash: Option<&str>,
    settings: &IdentitySettings,
    now: i64,
) -> Result<(String, String), AccountError> {
    let email = normalise_email(&account.email);
    if !valid_email(&email) {
        return Err(AccountError::BadEmail);
    }
    if account.display_name.trim().is_empty() {
        return Err(AccountError::MissingName);
    }
    if let Some(pw) = &account.temporary_password {
        let v = check(pw, &email, &settings.password);
        if !v.is_empty() {
            return Err(AccountError::Policy(v));
        }
    }
    let taken: Option<(String,)> =
        sqlx::query_as("SELECT id FROM users WHERE tenant_id = $1 AND email = $2").bind(tenant_id).bind(&email).fetch_optional(&mut *conn).await?;
    if taken.is_some() {
        return Err(AccountError::Duplicate);
    }
    let id = db::new_id();
    sqlx::query(
        "INSERT INTO users (id, tenant_id, email, display_name, password_hash, role, created_at, password_changed_at, must_change_password, email_verified, valid_until) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(&email)
    .bind(account.display_name.trim())
    .bind(temporary_hash.filter(|_| account.temporary_password.is_some()))
    .bind(account.role.key())
    .bind(now)
    .bind(account.temporary_password.as_ref().map(|_| now))
    .bind(i64::from(account.temporary_password.is_some()))
    .bind(account.valid_until)
    .execute(&mut *conn)
    .await?;
    set_groups_on(conn, tenant_id, &id, &account.groups).await?;
    let token = issue_link(conn, tenant_id, &id, LinkPurpose::Invitation, now).await?;
    Ok((id, token))
}

/// Replaces the account's access groups with `groups`.
pub(super) async fn set_groups_on(conn: &mut sqlx::AnyConnection, tenant_id: &str, user_id: &str, groups: &[impl AsRef<str>]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_groups WHERE user_id = $1 AND tenant_id = $2").bind(user_id).bind(tenant_id).execute(&mut *conn).await?;
    for g in groups {
        sqlx::query("INSERT INTO user_groups (user_id, tenant_id, group_name) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(tenant_id)
            .bind(g.as_ref())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Changes an account's role, groups and validity end date. Its open sessions end when it loses
/// rights, so a removed group or role stops working at once.
pub async fn update_account(pool: &Pool, tenant_id: &str, user_id: &str, role: Role, groups: &[String], valid_until: Option<i64>) -> Result<(), AccountError> {
    let mut tx = crate::db::begin(pool).await?;
    let done = sqlx::query("UPDATE users SET role = $1, valid_until = $2 WHERE id = $3 AND tenant_id = $4")
        .bind(role.key())
        .bind(valid_until)
        .bind(user_id)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done != 1 {
        return Err(AccountError::NotFound);
    }
    set_groups_on(&mut tx, tenant_id, user_id, groups).await?;
    tx.commit().await?;
    Ok(())
}

/// id, email, display name, role, valid until, verified, password hash.
type AccountRow = (String, String, String, String, Option<i64>, i64, Option<String>);

/// Every account of the tenant, by name.
pub async fn list_accounts(pool: &Pool, tenant_id: &str, now: i64) -> Result<Vec<AccountSummary>, sqlx::Error> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT id, email, display_name, role, valid_until, email_verified, password_hash FROM users WHERE tenant_id = $1 ORDER BY display_name, email",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await?;
    let groups: Vec<(String, String)> =
        sqlx::query_as("SELECT user_id, group_name FROM user_groups WHERE tenant_id = $1 ORDER BY group_name").bind(tenant_id).fetch_all(pool).await?;
    let locked: Vec<(String,)> =
        sqlx::query_as("SELECT email FROM sign_in_failures WHERE tenant_id = $1 AND locked_until > $2").bind(tenant_id).bind(now).fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, display_name, role, valid_until, verified, hash)| AccountSummary {
            groups: groups.iter().filter(|(u, _)| *u == id).map(|(_, g)| g.clone()).collect(),
            locked: locked.iter().any(|(e,)| *e == email),
            id,
            email,
            display_name,
            role: Role::from_key(&role).unwrap_or(Role::CustomerUser),
            valid_until,
            email_verified: verified == 1,
            sso_only: hash.is_none() && verified == 1,
        })
        .collect())
}

/// The invitation: who invited, to which help centre, and the link that confirms the address.
pub fn invitation_mail(locale: &str, to: &str, help_centre: &str, origin: &str, token: &str, has_password: bool) -> mail::Mail {
    let args = [("help_centre", help_centre.to_string())];
    let body = if has_password { "mail-account-invite-confirm-body" } else { "mail-account-invite-body" };
    mail::Mail {
        to: to.to_string(),
        unsubscribe: None,
        subject: mail::text(locale, "mail-account-invite-subject", &args),
        paragraphs: vec![mail::text(locale, body, &args), mail::text(locale, "mail-account-invite-valid", &[])],
        links: vec![(mail::text(locale, "mail-account-invite-link", &[]), format!("{origin}/{locale}/account/link?token={token}"))],
        ..Default::default()
    }
}

/// The password reset mail; says what to do if the reader did not ask for it.
pub fn reset_mail(locale: &str, to: &str, origin: &str, token: &str) -> mail::Mail {
    mail::Mail {
        to: to.to_string(),
        unsubscribe: None,
        subject: mail::text(locale, "mail-account-reset-subject", &[]),
        paragraphs: vec![mail::text(locale, "mail-account-reset-body", &[]), mail::text(locale, "mail-account-reset-ignore", &[])],
        links: vec![(mail::text(locale, "mail-account-reset-link", &[]), format!("{origin}/{locale}/account/link?token={token}"))],
        ..Default::default()
    }
}
