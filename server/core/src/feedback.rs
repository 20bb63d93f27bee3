//! "Was this article helpful?" votes, stored per tenant and per article translation key so the
//! votes on every translation of an article add up.

use crate::db::{self, Pool};

pub async fn record_vote(
    pool: &Pool,
    tenant_id: &str,
    locale: &str,
    module: &str,
    translation_key: &str,
    helpful: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO article_feedback (id, tenant_id, locale, module, translation_key, helpful, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(db::new_id())
    .bind(tenant_id)
    .bind(locale)
    .bind(module)
    .bind(translation_key)
    .bind(helpful as i64)
    .bind(db::now())
    .execute(pool)
    .await?;
    Ok(())
}

/// (helpful, not helpful) for one article in one tenant.
pub async fn tally(pool: &Pool, tenant_id: &str, module: &str, translation_key: &str) -> Result<(i64, i64), sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT helpful, COUNT(*) FROM article_feedback WHERE tenant_id = $1 AND module = $2 AND translation_key = $3 GROUP BY helpful",
    )
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
        record_vote(&pool, "acme", "en", "core-hr", "import", true).await.unwrap();
        record_vote(&pool, "acme", "fr", "core-hr", "import", true).await.unwrap();
        record_vote(&pool, "acme", "en", "core-hr", "import", false).await.unwrap();
        record_vote(&pool, "globex", "en", "core-hr", "import", false).await.unwrap();
        assert_eq!(tally(&pool, "acme", "core-hr", "import").await.unwrap(), (2, 1));
        assert_eq!(tally(&pool, "globex", "core-hr", "import").await.unwrap(), (0, 1));
    }

    #[tokio::test]
    async fn a_vote_for_an_unknown_tenant_is_refused() {
        let pool = db::connect_for_test().await;
        assert!(record_vote(&pool, "nobody", "en", "m", "k", true).await.is_err());
    }
}
