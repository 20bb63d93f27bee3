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
    // Control characters (a NUL cannot even be stored by PostgreSQL) become spaces, so odd input
    // is logged, and grouped in the insights, as what the reader meant.
    let cleaned: String = query.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let query = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
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

/// How often one query was searched in a period, for content editors.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueryStat {
    pub query: String,
    pub searches: i64,
    /// Searches that found nothing: documentation that may be missing.
    pub zero_results: i64,
    /// Searches after which a result was opened.
    pub clicks: i64,
}

/// The most searched queries of one tenant and locale (optionally one module), most searched first.
pub async fn report(pool: &Pool, tenant_id: &str, locale: &str, module: Option<&str>, limit: i64) -> Result<Vec<QueryStat>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT LOWER(query), COUNT(*), \
                SUM(CASE WHEN result_count = 0 THEN 1 ELSE 0 END), \
                SUM(CASE WHEN clicked_path IS NULL THEN 0 ELSE 1 END) \
         FROM search_log \
         WHERE tenant_id = $1 AND locale = $2 AND ($3 = '' OR module = $3) \
         GROUP BY LOWER(query) ORDER BY COUNT(*) DESC, LOWER(query) LIMIT $4",
    )
    .bind(tenant_id)
    .bind(locale)
    .bind(module.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(query, searches, zero_results, clicks)| QueryStat { query, searches, zero_results, clicks }).collect())
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
        let top = report(&pool, "acme", "en", None, 10).await.unwrap();
        let stat = |q: &str, s, z, c| QueryStat { query: q.into(), searches: s, zero_results: z, clicks: c };
        assert_eq!(top, [stat("import", 2, 0, 1), stat("payslip", 1, 1, 0)]);
        assert_eq!(report(&pool, "acme", "en", Some("core-hr"), 10).await.unwrap(), [stat("payslip", 1, 1, 0)]);
        assert_eq!(report(&pool, "globex", "en", None, 10).await.unwrap(), [stat("import", 1, 0, 0)]);
    }
}
