//! Single-use account links sent by mail or handed out at sign-in: a password reset, an
//! invitation (which verifies the address), and a forced renewal when the password is too old or
//! was set by someone else. Only the token's SHA-256 is stored; a link works once, before it
//! expires, on its own tenant.

use super::policy::{store_new_password, violations_for};
use super::{normalise_email, PasswordPolicy, Violation};
use crate::db::Pool;
use crate::secret::{looks_like_token, new_token, token_hash};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkPurpose {
    Reset,
    Invitation,
    Renewal,
}

impl LinkPurpose {
    pub fn key(self) -> &'static str {
        match self {
            LinkPurpose::Reset => "reset",
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::Renewal => "renewal",
        }
    }

    fn from_key(k: &str) -> Option<Self> {
        [LinkPurpose::Reset, LinkPurpose::Invitation, LinkPurpose::Renewal].into_iter().find(|p| p.key() == k)
    }

    /// How long a link stays usable: an hour to reset, a week to accept an invitation, a quarter
    /// of an hour to renew right after signing in.
    pub fn lifetime_secs(self) -> i64 {
        match self {
            LinkPurpose::Reset => 3600,
            LinkPurpose::Invitation => 7 * 86400,
            LinkPurpose::Renewal => 900,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LinkError {
    #[error("this link is not valid")]
    Unknown,
    #[error("this link has expired")]
    Expired,
    #[error("this link has already been used")]
    Used,
}

/// What a valid link opens.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkHolder {
    pub user_id: String,
    pub email: String,
    pub purpose: LinkPurpose,
    /// The account already has a password (an invitation with a temporary one only verifies).
    pub has_password: bool,
}

/// Issues a new link for the account; earlier unused links of the same purpose stop working.
pub async fn issue_link(conn: &mut sqlx::AnyConnection, tenant_id: &str, user_id: &str, purpose: LinkPurpose, now: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE tenant_id = $2 AND user_id = $3 AND purpose = $4 AND used_at IS NULL")
        .bind(now)
        .bind(tenant_id)
        .bind(user_id)
        .bind(purpose.key())
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO account_tokens (token_hash, tenant_id, user_id, purpose, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)")
        .bind(token_hash(&token))
        .bind(tenant_id)
        .bind(user_id)
        .bind(purpose.key())
        .bind(now)
        .bind(now + purpose.lifetime_secs())
        .execute(&mut *conn)
        .await?;
    Ok(token)
}

/// Who a link is for, without using it (to show the right form).
pub async fn open_link(pool: &Pool, tenant_id: &str, token: &str, now: i64) -> Result<Result<LinkHolder, LinkError>, sqlx::Error> {
    Ok(find_link(pool, tenant_id, token, now).await?.map(|(holder, _)| holder))
}

/// A link's holder: user, purpose, expiry, use, email and password hash.
type LinkRow = (String, String, i64, Option<i64>, String, Option<String>);
/// The link's holder with the account's current password hash (for the history check).
async fn find_link(pool: &Pool, tenant_id: &str, token: &str, now: i64) -> Result<Result<(LinkHolder, Option<String>), LinkError>, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(Err(LinkError::Unknown));
    }
    let row: Option<LinkRow> = sqlx::query_as(
        "SELECT t.user_id, t.purpose, t.expires_at, t.used_at, u.email, u.password_hash FROM account_tokens t \
         JOIN users u ON u.id = t.user_id AND u.tenant_id = t.tenant_id WHERE t.token_hash = $1 AND t.tenant_id = $2",
    )
    .bind(token_hash(token))
    .bind(tenant_id)
    .fetch_optional(pool)
    .await?;
    let Some((user_id, purpose, expires_at, used_at, email, hash)) = row else { return Ok(Err(LinkError::Unknown)) };
    let Some(purpose) = LinkPurpose::from_key(&purpose) else { return Ok(Err(LinkError::Unknown)) };
    if used_at.is_some() {
        return Ok(Err(LinkError::Used));
    }
    if expires_at <= now {
        return Ok(Err(LinkError::Expired));
    }
    Ok(Ok((LinkHolder { user_id, email, purpose, has_password: hash.is_some() }, hash)))
}

#[derive(Debug, thiserror::Error)]
pub enum SetPasswordError {
    #[error(transparent)]
    Link(#[from] LinkError),
    #[error("the new password breaks the policy: {0:?}")]
    Policy(Vec<Violation>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Uses the link: sets `new` as the password (when given; an invitation to an account with a
/// temporary password only verifies the address), marks the address verified, lifts a lockout,
/// and ends every session. The link is claimed in the same transaction, so two posts of the same
/// link cannot both succeed.
pub async fn use_link(pool: &Pool, tenant_id: &str, token: &str, new: Option<&str>, policy: &PasswordPolicy, now: i64) -> Result<LinkHolder, SetPasswordError> {
    let (holder, current_hash) = find_link(pool, tenant_id, token, now).await??;
    let new = new.filter(|_| !(holder.purpose == LinkPurpose::Invitation && holder.has_password));
    if new.is_none() && current_hash.is_none() {
        return Err(SetPasswordError::Policy(vec![Violation::TooShort { min: policy.min_length }]));
    }
    if let Some(new) = new {
        let v = violations_for(pool, tenant_id, &holder.user_id, &holder.email, current_hash.as_deref(), new, policy).await?;
        if !v.is_empty() {
            return Err(SetPasswordError::Policy(v));
        }
    }
    // Hashed before the write transaction opens: other writers never wait on argon2.
    let new_hash = match new {
        Some(n) => Some(super::password::hash(n).await),
        None => None,
    };
    let mut tx = crate::db::begin(pool).await?;
    let claimed = sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND tenant_id = $3 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(token_hash(token))
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Err(LinkError::Used.into());
    }
    if let Some(new_hash) = &new_hash {
        store_new_password(&mut tx, tenant_id, &holder.user_id, current_hash.as_deref(), new_hash, now).await?;
    }
    sqlx::query("UPDATE users SET email_verified = 1 WHERE id = $1 AND tenant_id = $2").bind(&holder.user_id).bind(tenant_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE tenant_id = $1 AND email = $2").bind(tenant_id).bind(&holder.email).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(holder)
}

/// A reset link for the account with this address, if there is an active one that may sign in
/// with a password. The caller answers the same way either way, so nobody learns which
/// addresses have accounts.
pub async fn reset_link_for(conn: &mut sqlx::AnyConnection, tenant_id: &str, email: &str, now: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    let email = normalise_email(email);
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT id, valid_until FROM users WHERE tenant_id = $1 AND email = $2 AND email_verified = 1 AND password_hash IS NOT NULL")
            .bind(tenant_id)
            .bind(&email)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((user_id, valid_until)) = row else { return Ok(None) };
    if valid_until.is_some_and(|v| v <= now) {
        return Ok(None);
    }
    // At most three reset mails an hour per account: the form cannot be used to flood a mailbox.
    let (recent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM account_tokens WHERE tenant_id = $1 AND user_id = $2 AND purpose = 'reset' AND created_at > $3")
            .bind(tenant_id)
            .bind(&user_id)
            .bind(now - 3600)
            .fetch_one(&mut *conn)
            .await?;
    if recent >= 3 {
        return Ok(None);
    }
    let token = issue_link(conn, tenant_id, &user_id, LinkPurpose::Reset, now).await?;
    Ok(Some((email, token)))
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
