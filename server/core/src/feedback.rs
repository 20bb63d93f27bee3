//! "Was this article helpful?" votes, stored per tenant and per article translation key so the
//! votes on every translation of an article add up.

use crate::db::{self, Pool};

/// Who cast a vote: one vote per voter and article, a later one replacing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voter {
    User(String),
    /// An anonymous browser, by its voter cookie (only the cookie's hash is stored).
    Browser(String),
}

impl Voter {
    fn key(&self) -> String {
        match self {
            Voter::User(id) => format!("user:{id}"),
            Voter::Browser(cookie) => format!("browser:{}", crate::secret::token_hash(cookie)),
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub async fn record_vote(
    pool: &Pool,
    tenant_id: &str,
    locale: &str,
    module: &str,
    translation_key: &str,
    voter: &Voter,
    helpful: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO article_feedback (id, tenant_id, locale, module, translation_key, helpful, created_at, voter) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (tenant_id, module, translation_key, voter) \
         DO UPDATE SET helpful = excluded.helpful, locale = excluded.locale, created_at = excluded.created_at",
    )
    .bind(db::new_id())
    .bind(tenant_id)
    .bind(locale)
    .bind(module)
    .bind(translation_key)
    .bind(helpful as i64)
    .bind(now)
    .bind(voter.key())
    .execute(&mut *tx)
    .await?;
    crate::shared::changed(&mut *tx, crate::shared::VOTES).await?;
    tx.commit().await?;
    crate::shared::committed(crate::shared::VOTES);
    Ok(())
}

/// Each node's tallies, shown on every article page: read once per article until a vote is cast
/// on any node.
pub struct Tallies(crate::shared::Copies<(i64, i64)>);

impl Default for Tallies {
    fn default() -> Self {
        Tallies(crate::shared::Copies::new(crate::shared::VOTES))
    }
}

impl Tallies {
    /// [`tally`], from this node's copy when no vote was cast since it was read.
    pub async fn get(
        &self,
        pool: &Pool,
        versions: &crate::shared::Versions,
        tenant_id: &str,
        module: &str,
        translation_key: &str,
    ) -> Result<(i64, i64), sqlx::Error> {
        let key = format!("{tenant_id}/{module}/{translation_key}");
        self.0.get_or_load(versions, &key, |_| true, || tally(pool, tenant_id, module, translation_key)).await
    }
}

/// Longest "what was missing?" comment kept.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// Adds what was missing to `voter`'s "not helpful" vote on an article; false when they have no
/// such vote (a comment never stands without one).
pub async fn record_missing(pool: &Pool, tenant_id: &str, module: &str, translation_key: &str, voter: &Voter, comment: &str) -> Result<bool, sqlx::Error> {
    let comment: String = comment.trim().chars().take(MAX_COMMENT_CHARS).collect();
    let done =
        sqlx::query("UPDATE article_feedback SET comment = $1 WHERE tenant_id = $2 AND module = $3 AND translation_key = $4 AND voter = $5 AND helpful = 0")
            .bind(&comment)
            .bind(tenant_id)
            .bind(module)
            .bind(translation_key)
            .bind(voter.key())
            .execute(pool)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// (helpful, not helpful) for one article in one tenant.
pub async fn tally(pool: &Pool, tenant_id: &str, module: &str, translation_key: &str) -> Result<(i64, i64), sqlx::Error> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT helpful, COUNT(*) FROM article_feedback WHERE tenant_id = $1 AND module = $2 AND translation_key = $3 GROUP BY helpful")
            .bind(tenant_id)
            .bind(module)
            .bind(translation_key)
            .fetch_all(pool)
            .await?;
    let count = |v: i64| rows.iter().find(|(h, _)| *h == v).map(|(_, n)| *n).unwrap_or(0);
    Ok((count(1), count(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn votes_add_up_per_tenant_without_crossing_tenants() {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        let (a, b, c) = (Voter::User("u1".into()), Voter::Browser("c1".into()), Voter::Browser("c2".into()));
        record_vote(&pool, "acme", "en", "core-hr", "import", &a, true, crate::db::now()).await.unwrap();
        record_vote(&pool, "acme", "fr", "core-hr", "import", &b, true, crate::db::now()).await.unwrap();
        record_vote(&pool, "acme", "en", "core-hr", "import", &c, false, crate::db::now()).await.unwrap();
        record_vote(&pool, "globex", "en", "core-hr", "import", &a, false, crate::db::now()).await.unwrap();
        assert_eq!(tally(&pool, "acme", "core-hr", "import").await.unwrap(), (2, 1));
        assert_eq!(tally(&pool, "globex", "core-hr", "import").await.unwrap(), (0, 1));
    }

    #[tokio::test]
    async fn a_reader_has_one_vote_per_article_and_a_second_click_changes_it() {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        let reader = Voter::Browser("cookie-1".into());
        // Read as article pages read it: through this node's copy, which a vote makes stale.
        let (tallies, versions) = (Tallies::default(), crate::shared::Versions::default());
        let shown = || tallies.get(&pool, &versions, "acme", "core-hr", "import");
        assert_eq!(shown().await.unwrap(), (0, 0));
        for _ in 0..5 {
            record_vote(&pool, "acme", "en", "core-hr", "import", &reader, true, crate::db::now()).await.unwrap();
        }
        assert_eq!(shown().await.unwrap(), (1, 0));
        record_vote(&pool, "acme", "fr", "core-hr", "import", &reader, false, crate::db::now()).await.unwrap();
        assert_eq!(shown().await.unwrap(), (0, 1), "changed, not added");
        // The same person on another article, or signed in, is another vote.
        record_vote(&pool, "acme", "en", "core-hr", "other", &reader, true, crate::db::now()).await.unwrap();
        record_vote(&pool, "acme", "en", "core-hr", "import", &Voter::User("u1".into()), true, crate::db::now()).await.unwrap();
        assert_eq!(shown().await.unwrap(), (1, 1));
    }

    #[tokio::test]
    async fn a_vote_for_an_unknown_tenant_is_refused() {
        let pool = db::connect_for_test().await;
        assert!(record_vote(&pool, "nobody", "en", "m", "k", &Voter::User("u".into()), true, crate::db::now()).await.is_err());
    }
}
