//! The search log: every search, with no user identity.

use crate::db::{self, Pool};

/// Records a search and returns its id (used to record which result was opened).
pub async fn record_search(
    pool: &Pool,
    tenant_id: &str,
    locale: &str,
    module: Option<&str>,
    query: &str,
    result_count: usize,
) -> Result<String, sqlx::Error> {
    let id = db::new_id();
    sqlx::query(
        "INSERT INTO search_log (id, tenant_id, locale, module, query, result_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(locale)
    .bind(module)
    .bind(query.trim().chars().take(200).collect::<String>())
    .bind(result_count as i64)
    .bind(db::now())
    .execute(pool)
    .await?;
    Ok(id)
}

/// Notes the result opened from a logged search of this tenant; false if there is no such search.
pub async fn record_click(pool: &Pool, tenant_id: &str, search_id: &str, path: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE search_log SET clicked_path = $1 WHERE id = $2 AND tenant_id = $3")
        .bind(path)
        .bind(search_id)
        .bind(tenant_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// (query, searches, zero-result searches) for one tenant and locale, most searched first.
pub async fn top_queries(pool: &Pool, tenant_id: &str, locale: &str, limit: i64) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT LOWER(query), COUNT(*), SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END) FROM search_log \
         WHERE tenant_id = $1 AND locale = $2 GROUP BY LOWER(query) ORDER BY COUNT(*) DESC, LOWER(query) LIMIT $3",
    )
    .bind(tenant_id)
    .bind(locale)
    .bind(limit)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn searches_and_clicks_are_logged_per_tenant() {
        let pool = db::connect("sqlite::memory:").await.unwrap();
        crate::tenant::seed_demo(&pool).await.unwrap();
        let id = record_search(&pool, "acme", "en", None, "Import", 3).await.unwrap();
        record_search(&pool, "acme", "en", None, "import", 3).await.unwrap();
        record_search(&pool, "acme", "en", Some("core-hr"), "payslip", 0).await.unwrap();
        record_search(&pool, "globex", "en", None, "import", 1).await.unwrap();
        assert!(record_click(&pool, "acme", &id, "/en/core-hr/import-employees").await.unwrap());
        // Another tenant cannot write into Acme's log.
        assert!(!record_click(&pool, "globex", &id, "/x").await.unwrap());
        let top = top_queries(&pool, "acme", "en", 10).await.unwrap();
        assert_eq!(top, [("import".to_string(), 2, 0), ("payslip".to_string(), 1, 1)]);
    }
}
