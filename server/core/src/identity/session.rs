use super::user::{Role, User};
use crate::db::Pool;
use crate::operations::audit::{self, Action};
use crate::secret::{looks_like_token, new_token, token_hash};

/// How long a session lives: idle timeout and absolute lifetime, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle_secs: i64,
    pub absolute_secs: i64,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle_secs: 2 * 3600, absolute_secs: 12 * 3600 }
    }
}

/// Starts a session and returns the token for the cookie (256 random bits, hex).
pub async fn start_session(pool: &Pool, tenant_id: &str, user_id: &str, now: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    sqlx::query("INSERT INTO sessions (token_hash, tenant_id, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash(&token))
        .bind(tenant_id)
        .bind(user_id)
        .bind(now)
        .bind(now)
        .execute(pool)
        .await?;
    audit::record(pool, tenant_id, Some(user_id), Action::SignedIn, None, now).await?;
    Ok(token)
}

/// The signed-in user for a cookie token, if the session belongs to this tenant and has not
/// expired under `policy`. An expired session is deleted.
pub async fn load_session(pool: &Pool, tenant_id: &str, token: &str, policy: SessionPolicy, now: i64) -> Result<Option<User>, sqlx::Error> {
    lookup(pool, tenant_id, token, Some(policy), now).await
}

/// [`load_session`] under the tenant's own idle and absolute limits (the defaults when it has
/// none). This runs on every signed-in request: session, account, vendor flag, limits and
/// access groups come in one statement.
pub async fn load_session_for_tenant(pool: &Pool, tenant_id: &str, token: &str, now: i64) -> Result<Option<User>, sqlx::Error> {
    lookup(pool, tenant_id, token, None, now).await
}

type SessionRow = (String, i64, i64, Option<i64>, String, String, String, i64, Option<String>, Option<String>);

async fn lookup(pool: &Pool, tenant_id: &str, token: &str, policy: Option<SessionPolicy>, now: i64) -> Result<Option<User>, sqlx::Error> {
    if !looks_like_token(token) {
        return Ok(None);
    }
    let hash = token_hash(token);
    // The access groups come in the same statement, joined by a separator no group name holds.
    let groups_sql = if crate::db::is_sqlite(pool) {
        "(SELECT group_concat(group_name, char(31)) FROM user_groups WHERE user_id = s.user_id AND tenant_id = s.tenant_id)"
    } else {
        "(SELECT string_agg(group_name, chr(31)) FROM user_groups WHERE user_id = s.user_id AND tenant_id = s.tenant_id)"
    };
    let sql = format!(
        "SELECT s.user_id, s.created_at, s.last_seen_at, u.valid_until, u.email, u.display_name, u.role, t.is_vendor, \
         (SELECT settings FROM tenant_identity_settings WHERE tenant_id = s.tenant_id), {groups_sql} FROM sessions s \
         JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id JOIN tenants t ON t.id = s.tenant_id \
         WHERE s.token_hash = $1 AND s.tenant_id = $2"
    );
    let row: Option<SessionRow> = sqlx::query_as(&sql).bind(&hash).bind(tenant_id).fetch_optional(pool).await?;
    let Some((user_id, created_at, last_seen_at, valid_until, email, display_name, role, is_vendor, settings, groups)) = row else { return Ok(None) };
    let policy = policy.unwrap_or_else(|| {
        settings.and_then(|json| serde_json::from_str::<super::settings::IdentitySettings>(&json).ok()).unwrap_or_default().session_policy()
    });
    // An account past its validity end date loses its open sessions too.
    let ended = valid_until.is_some_and(|v| v <= now);
    if ended || now - last_seen_at > policy.idle_secs || now - created_at > policy.absolute_secs {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(&hash).execute(pool).await?;
        return Ok(None);
    }
    // Writing on every request would serialise readers on SQLite; a minute's precision is enough.
    if now - last_seen_at > 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now).bind(&hash).execute(pool).await?;
    }
    let mut groups: Vec<String> = groups.map(|g| g.split('\u{1f}').map(str::to_string).collect()).unwrap_or_default();
    groups.sort();
    let role = Role::from_key(&role).unwrap_or(Role::CustomerUser);
    Ok(Some(User {
        id: user_id,
        tenant_id: tenant_id.into(),
        email,
        display_name,
        role,
        groups,
        vendor_staff: super::user::works_for_vendor(is_vendor == 1, role),
    }))
}

pub async fn end_session(pool: &Pool, tenant_id: &str, token: &str, now: i64) -> Result<(), sqlx::Error> {
    let ended: Option<(String,)> = sqlx::query_as("DELETE FROM sessions WHERE token_hash = $1 AND tenant_id = $2 RETURNING user_id")
        .bind(token_hash(token))
        .bind(tenant_id)
        .fetch_optional(pool)
        .await?;
    if let Some((user_id,)) = ended {
        audit::record(pool, tenant_id, Some(&user_id), Action::SignedOut, None, now).await?;
    }
    Ok(())
}

/// Signs the user out on every device.
pub async fn end_all_sessions(pool: &Pool, tenant_id: &str, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND tenant_id = $2").bind(user_id).bind(tenant_id).execute(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{create_user, Role};

    async fn setup() -> (Pool, User) {
        let pool = crate::db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        let user = create_user(&pool, "acme", "ada@acme.example", "Ada", Some("Pw-123456789!"), Role::CustomerUser, &["payroll-admins"], crate::db::now())
            .await
            .unwrap();
        (pool, user)
    }

    #[tokio::test]
    async fn a_session_is_only_valid_on_its_own_tenant() {
        let (pool, user) = setup().await;
        let token = start_session(&pool, "acme", &user.id, crate::db::now()).await.unwrap();
        let found = load_session(&pool, "acme", &token, SessionPolicy::default(), crate::db::now()).await.unwrap().unwrap();
        assert_eq!(found.email, "ada@acme.example");
        assert_eq!(found.groups, ["payroll-admins"]);
        assert!(load_session(&pool, "globex", &token, SessionPolicy::default(), crate::db::now()).await.unwrap().is_none());
        assert!(load_session(&pool, "acme", "forged", SessionPolicy::default(), crate::db::now()).await.unwrap().is_none());
        assert!(load_session(&pool, "acme", &"0".repeat(64), SessionPolicy::default(), crate::db::now()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn expired_and_ended_sessions_no_longer_sign_in() {
        let (pool, user) = setup().await;
        let token = start_session(&pool, "acme", &user.id, crate::db::now()).await.unwrap();
        let idle = SessionPolicy { idle_secs: -1, absolute_secs: 3600 };
        assert!(load_session(&pool, "acme", &token, idle, crate::db::now()).await.unwrap().is_none());
        // Deleted when found expired.
        assert!(load_session(&pool, "acme", &token, SessionPolicy::default(), crate::db::now()).await.unwrap().is_none());

        let a = start_session(&pool, "acme", &user.id, crate::db::now()).await.unwrap();
        let b = start_session(&pool, "acme", &user.id, crate::db::now()).await.unwrap();
        end_session(&pool, "acme", &a, crate::db::now()).await.unwrap();
        assert!(load_session(&pool, "acme", &a, SessionPolicy::default(), crate::db::now()).await.unwrap().is_none());
        assert!(load_session(&pool, "acme", &b, SessionPolicy::default(), crate::db::now()).await.unwrap().is_some());
        end_all_sessions(&pool, "acme", &user.id).await.unwrap();
        assert!(load_session(&pool, "acme", &b, SessionPolicy::default(), crate::db::now()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn each_request_reads_the_session_under_its_tenants_own_limits() {
        let (pool, user) = setup().await;
        let t0 = crate::db::now();
        let token = start_session(&pool, "acme", &user.id, t0).await.unwrap();
        // Without settings of its own, the tenant has the default two idle hours.
        assert!(load_session_for_tenant(&pool, "acme", &token, t0 + 30 * 60).await.unwrap().is_some());
        let strict = crate::identity::IdentitySettings { idle_minutes: 10, ..Default::default() };
        crate::identity::save_settings(&pool, "acme", &strict, t0).await.unwrap().unwrap();
        let found = load_session_for_tenant(&pool, "acme", &token, t0 + 35 * 60).await.unwrap().unwrap();
        assert_eq!((found.email.as_str(), found.groups.as_slice(), found.vendor_staff), ("ada@acme.example", &["payroll-admins".to_string()][..], false));
        assert!(load_session_for_tenant(&pool, "acme", &token, t0 + 46 * 60).await.unwrap().is_none(), "eleven idle minutes under a ten-minute limit");
        assert!(load_session_for_tenant(&pool, "globex", &token, t0).await.unwrap().is_none());

        // The vendor's agent works every customer's tickets; a customer's own agent does not.
        let vendor = create_user(&pool, "vendor", "sam@vendor.example", "Sam", None, Role::SupportAgent, &[], t0).await.unwrap();
        let own = create_user(&pool, "acme", "kim@acme.example", "Kim", None, Role::SupportAgent, &[], t0).await.unwrap();
        for (tenant, agent, expected) in [("vendor", vendor, true), ("acme", own, false)] {
            let token = start_session(&pool, tenant, &agent.id, t0).await.unwrap();
            assert_eq!(load_session_for_tenant(&pool, tenant, &token, t0).await.unwrap().unwrap().vendor_staff, expected, "{tenant}");
        }
    }
}
