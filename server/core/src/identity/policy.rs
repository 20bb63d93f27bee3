//! The password policy (service document §7.2): length and character classes, not the user's
//! own name, not a well-known weak password, not one of the last few used.

use crate::db::{self, Pool};
use crate::operations::audit::{self, Action};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub min_lowercase: usize,
    pub min_uppercase: usize,
    pub min_digits: usize,
    pub min_symbols: usize,
    /// How many previous passwords may not be reused.
    pub history: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy { min_length: 12, min_lowercase: 1, min_uppercase: 1, min_digits: 1, min_symbols: 1, history: 5 }
    }
}

/// One rule a new password breaks; the key names the message shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Violation {
    TooShort {
        min: usize,
    },
    NeedsLowercase,
    NeedsUppercase,
    NeedsDigit,
    NeedsSymbol,
    ContainsName,
    TooCommon,
    /// A common word or keyboard walk with digits, a year or symbols added ("Welcome2026!!").
    PaddedCommon,
    RecentlyUsed,
}

impl Violation {
    pub fn key(&self) -> &'static str {
        match self {
            Violation::TooShort { .. } => "too-short",
            Violation::NeedsLowercase => "needs-lowercase",
            Violation::NeedsUppercase => "needs-uppercase",
            Violation::NeedsDigit => "needs-digit",
            Violation::NeedsSymbol => "needs-symbol",
            Violation::ContainsName => "contains-name",
            Violation::TooCommon => "too-common",
            Violation::PaddedCommon => "padded-common",
            Violation::RecentlyUsed => "recently-used",
        }
    }
}

/// Every rule `password` breaks for the account `email` (history is checked separately).
pub fn check(password: &str, email: &str, policy: &PasswordPolicy) -> Vec<Violation> {
    let mut out = Vec::new();
    let count = |f: fn(&char) -> bool| password.chars().filter(f).count();
    if password.chars().count() < policy.min_length {
        out.push(Violation::TooShort { min: policy.min_length });
    }
    if count(|c| c.is_lowercase()) < policy.min_lowercase {
        out.push(Violation::NeedsLowercase);
    }
    if count(|c| c.is_uppercase()) < policy.min_uppercase {
        out.push(Violation::NeedsUppercase);
    }
    if count(|c| c.is_ascii_digit()) < policy.min_digits {
        out.push(Violation::NeedsDigit);
    }
    if count(|c| !c.is_alphanumeric()) < policy.min_symbols {
        out.push(Violation::NeedsSymbol);
    }
    let name = email.split('@').next().unwrap_or_default().to_lowercase();
    if name.chars().count() >= 3 && password.to_lowercase().contains(&name) {
        out.push(Violation::ContainsName);
    }
    // zxcvbn knows common passwords, keyboard walks, dates and l33t: score 0–4, demand 3.
    let weak = zxcvbn::zxcvbn(password, &[email, &name]).score() < zxcvbn::Score::Three;
    if weak {
        out.push(Violation::TooCommon);
    } else if padded_common(password) {
        out.push(Violation::PaddedCommon);
    }
    out
}

/// Whether the letters of `password`, once its digits and symbols are set aside, are one common
/// word or one keyboard walk: zxcvbn rates "Azerty123456!" strong for its length, but an
/// attacker's list tries exactly such words with numbers and symbols around them.
fn padded_common(password: &str) -> bool {
    use zxcvbn::matching::patterns::MatchPattern;
    let letters: String = password.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.chars().count() < 3 || letters.chars().count() == password.chars().count() {
        return false;
    }
    let entropy = zxcvbn::zxcvbn(&letters, &[]);
    match entropy.sequence() {
        [only] => matches!(only.pattern, MatchPattern::Dictionary(_) | MatchPattern::Spatial(_) | MatchPattern::Sequence(_) | MatchPattern::Repeat(_)),
        _ => false,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    #[error("the current password is wrong")]
    WrongCurrent,
    #[error("the new password breaks the policy: {0:?}")]
    Policy(Vec<Violation>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Changes a user's password after checking the current one and the policy, keeps the old hash
/// in the history, and ends the user's other sessions.
pub async fn change_password(
    pool: &Pool,
    tenant_id: &str,
    user_id: &str,
    current: &str,
    new: &str,
    policy: &PasswordPolicy,
    now: i64,
) -> Result<(), ChangePasswordError> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT email, password_hash FROM users WHERE id = $1 AND tenant_id = $2").bind(user_id).bind(tenant_id).fetch_optional(pool).await?;
    let Some((email, Some(hash))) = row else { return Err(ChangePasswordError::WrongCurrent) };
    if !super::password::verify(current, Some(&hash)).await {
        return Err(ChangePasswordError::WrongCurrent);
    }
    let violations = violations_for(pool, tenant_id, user_id, &email, Some(&hash), new, policy).await?;
    if !violations.is_empty() {
        return Err(ChangePasswordError::Policy(violations));
    }
    // Hashed before the write transaction opens: other writers never wait on argon2.
    let new_hash = super::password::hash(new).await;
    let mut tx = crate::db::begin(pool).await?;
    store_new_password(&mut tx, tenant_id, user_id, Some(&hash), &new_hash, now).await?;
    audit::record(&mut *tx, tenant_id, Some(user_id), Action::PasswordChanged, Some(user_id), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Every rule `new` breaks for this account, the history of its last passwords included.
pub(super) async fn violations_for(
    pool: &Pool,
    tenant_id: &str,
    user_id: &str,
    email: &str,
    current_hash: Option<&str>,
    new: &str,
    policy: &PasswordPolicy,
) -> Result<Vec<Violation>, sqlx::Error> {
    let mut violations = check(new, email, policy);
    let history: Vec<(String,)> =
        sqlx::query_as("SELECT password_hash FROM password_history WHERE tenant_id = $1 AND user_id = $2 ORDER BY created_at DESC LIMIT $3")
            .bind(tenant_id)
            .bind(user_id)
            .bind(policy.history as i64)
            .fetch_all(pool)
            .await?;
    let earlier: Vec<String> = current_hash.map(str::to_string).into_iter().chain(history.into_iter().map(|(h,)| h)).collect();
    if policy.history > 0 && super::password::matches_any(new, earlier).await {
        violations.push(Violation::RecentlyUsed);
    }
    Ok(violations)
}

/// Sets the new password (keeping the old hash in the history), clears any forced change, and
/// ends every session of the account: whoever knew the old password is signed out.
pub(super) async fn store_new_password(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    tenant_id: &str,
    user_id: &str,
    old_hash: Option<&str>,
    new_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    if let Some(old) = old_hash {
        sqlx::query("INSERT INTO password_history (id, tenant_id, user_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(db::new_id())
            .bind(tenant_id)
            .bind(user_id)
            .bind(old)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = 0 WHERE id = $3 AND tenant_id = $4")
        .bind(new_hash)
        .bind(now)
        .bind(user_id)
        .bind(tenant_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND tenant_id = $2").bind(user_id).bind(tenant_id).execute(&mut **tx).await?;
    Ok(())
}

#[cfg(test)]
mod padding_tests {
    use super::*;

    #[test]
    fn common_words_and_keyboard_walks_padded_with_digits_and_symbols_are_refused() {
        let p = PasswordPolicy::default();
        for weak in ["Azerty123456!", "Welcome2026!!", "Qwertyuiop12!", "Password2026#", "Sunshine!2027", "2026!Welcome", "Football#1998"] {
            let v = check(weak, "bob@acme.example", &p);
            assert!(v.contains(&Violation::PaddedCommon) || v.contains(&Violation::TooCommon), "{weak}: {v:?}");
        }
        for strong in ["Demo-password-2026!", "Tulip-Ledger-47-Orbit", "m7#Kv9!qLr2@xW"] {
            assert_eq!(check(strong, "bob@acme.example", &p), vec![], "{strong}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{seed_demo_users, sign_in, SignInPolicy, DEMO_PASSWORD};

    #[test]
    fn each_rule_is_reported() {
        let p = PasswordPolicy::default();
        let keys = |pw: &str| check(pw, "ada@acme.example", &p).iter().map(Violation::key).collect::<Vec<_>>();
        assert!(keys("short").contains(&"too-short"));
        assert!(keys("alllowercase-and-long-1").contains(&"needs-uppercase"));
        assert!(keys("ALLUPPERCASE-AND-LONG-1").contains(&"needs-lowercase"));
        assert!(keys("No digits here at all!").contains(&"needs-digit"));
        assert!(keys("NoSymbolsHere12345x").contains(&"needs-symbol"));
        assert!(keys("Ada-Loves-Rust-1842!").contains(&"contains-name"));
        assert!(keys("Password123!").contains(&"too-common"));
        assert!(keys("Tulip-harbour-Quartz-77").is_empty(), "{:?}", keys("Tulip-harbour-Quartz-77"));
    }

    #[tokio::test]
    async fn a_change_checks_the_current_password_the_policy_and_the_history() {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        seed_demo_users(&pool).await.unwrap();
        let p = PasswordPolicy::default();
        let ada = sign_in(&pool, "acme", "ada@acme.example", DEMO_PASSWORD, SignInPolicy::default(), crate::db::now()).await.unwrap();
        let session = crate::identity::start_session(&pool, "acme", &ada.id, crate::db::now()).await.unwrap();
        assert!(matches!(
            change_password(&pool, "acme", &ada.id, "wrong", "Tulip-harbour-Quartz-77", &p, crate::db::now()).await,
            Err(ChangePasswordError::WrongCurrent)
        ));
        assert!(matches!(change_password(&pool, "acme", &ada.id, DEMO_PASSWORD, "weak", &p, crate::db::now()).await, Err(ChangePasswordError::Policy(_))));
        // Another tenant cannot change Ada's password.
        assert!(matches!(
            change_password(&pool, "globex", &ada.id, DEMO_PASSWORD, "Tulip-harbour-Quartz-77", &p, crate::db::now()).await,
            Err(ChangePasswordError::WrongCurrent)
        ));
        change_password(&pool, "acme", &ada.id, DEMO_PASSWORD, "Tulip-harbour-Quartz-77", &p, crate::db::now()).await.unwrap();
        assert!(sign_in(&pool, "acme", "ada@acme.example", DEMO_PASSWORD, SignInPolicy::default(), crate::db::now()).await.is_err());
        assert!(sign_in(&pool, "acme", "ada@acme.example", "Tulip-harbour-Quartz-77", SignInPolicy::default(), crate::db::now()).await.is_ok());
        assert!(crate::identity::load_session(&pool, "acme", &session, Default::default(), crate::db::now()).await.unwrap().is_none(), "other sessions end");
        // Going back to the previous password is refused.
        match change_password(&pool, "acme", &ada.id, "Tulip-harbour-Quartz-77", DEMO_PASSWORD, &p, crate::db::now()).await {
            Err(ChangePasswordError::Policy(v)) => assert!(v.contains(&Violation::RecentlyUsed), "{v:?}"),
            other => panic!("{other:?}"),
        }
    }
}
