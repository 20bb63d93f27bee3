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
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = db::new_id();
    insert(pool, Placeholders::of(pool), &[(id.clone(), &Entry::new(tenant_id, locale, module, query, result_count, now))]).await?;
    Ok(id)
}

/// One search as the log keeps it.
struct Entry {
    tenant_id: String,
    locale: String,
    module: Option<String>,
    query: String,
    result_count: i64,
    at: i64,
}

impl Entry {
    /// Control characters in the query (a NUL cannot even be stored by PostgreSQL) become
    /// spaces, so odd input is logged, and grouped in the insights, as what the reader meant.
    fn new(tenant_id: &str, locale: &str, module: Option<&str>, query: &str, result_count: usize, at: i64) -> Self {
        let spaced: String = query.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        Entry {
            tenant_id: tenant_id.into(),
            locale: locale.into(),
            module: module.map(Into::into),
            query: spaced.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect(),
            result_count: result_count as i64,
            at,
        }
    }
}

/// How a statement's parameters are written: PostgreSQL numbers them (`$1`); SQLite is given
/// plain `?`, because its driver looks each numbered parameter's name up in a list it walks from
/// the start, which for a hundred rows of seven (700 lookups over 700 names) took more of the HTTP
/// bench's time than writing the rows.
#[derive(Clone, Copy)]
enum Placeholders {
    Numbered,
    Positional,
}

impl Placeholders {
    fn of(pool: &Pool) -> Self {
        if db::is_sqlite(pool) {
            Placeholders::Positional
        } else {
            Placeholders::Numbered
        }
    }
}

/// Inserts (id, search) rows in one statement.
async fn insert<'e, E>(executor: E, placeholders: Placeholders, rows: &[(String, &Entry)]) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    const COLUMNS: usize = 7;
    let values: Vec<String> = (0..rows.len())
        .map(|row| {
            let cells: Vec<String> = (1..=COLUMNS)
                .map(|k| match placeholders {
                    Placeholders::Numbered => format!("${}", row * COLUMNS + k),
                    Placeholders::Positional => "?".to_string(),
                })
                .collect();
            format!("({})", cells.join(", "))
        })
        .collect();
    let sql = format!("INSERT INTO search_log (id, tenant_id, locale, module, query, result_count, created_at) VALUES {}", values.join(", "));
    // Each connection keeps its prepared statements: only the two shapes that recur (one row, a
    // full batch) are kept, or every batch size would hold its own large statement per connection
    // (the HTTP bench's memory grew by 15 MiB in ten seconds of logged searches).
    let mut query = sqlx::query(&sql).persistent(rows.len() == 1 || rows.len() == ROWS_PER_INSERT);
    for (id, e) in rows {
        query = query.bind(id).bind(&e.tenant_id).bind(&e.locale).bind(&e.module).bind(&e.query).bind(e.result_count).bind(e.at);
    }
    query.execute(executor).await?;
    Ok(())
}

/// Searches waiting to be logged, written in batches by one task, so that a search over the JSON
/// API never waits for a database write (one insert per search was most of its cost under load).
/// The search page still logs at once: its result links carry the log id for the click log.
#[derive(Clone)]
pub struct LogQueue {
    tx: tokio::sync::mpsc::Sender<Entry>,
}

/// Entries waiting at most; beyond it searches go unlogged (and say so) rather than use memory.
const QUEUE_LENGTH: usize = 10_000;
const BATCH: usize = 500;
/// How long the writer waits for more searches before writing what it has.
const GATHER: std::time::Duration = std::time::Duration::from_millis(50);
/// Rows per INSERT statement: 700 parameters, below every backend's limit.
const ROWS_PER_INSERT: usize = 100;

impl LogQueue {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(pool: Pool) -> Self {
        let (tx, rx) = tokio::sync::mpsc::channel(QUEUE_LENGTH);
        tokio::spawn(write_batches(pool, rx));
        LogQueue { tx }
    }

    /// Queues one search; false (and nothing logged) when the queue is full.
    pub fn push(&self, tenant_id: &str, locale: &str, module: Option<&str>, query: &str, result_count: usize, at: i64) -> bool {
        self.tx.try_send(Entry::new(tenant_id, locale, module, query, result_count, at)).is_ok()
    }
}

/// Waits for the first entry, takes whatever else arrives within `GATHER` (up to a batch), writes
/// them in one transaction. Ends when every queue handle is gone.
async fn write_batches(pool: Pool, mut rx: tokio::sync::mpsc::Receiver<Entry>) {
    let mut batch = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut batch, BATCH).await > 0 {
        // Under load searches arrive by the thousand a second: gathering them for a moment writes
        // them in a few large transactions instead of many small ones, which the HTTP bench
        // measured at a sixth of the searches answered.
        if batch.len() < BATCH {
            tokio::time::sleep(GATHER).await;
            while batch.len() < BATCH {
                let Ok(entry) = rx.try_recv() else { break };
                batch.push(entry);
            }
        }
        if let Err(e) = write(&pool, &batch).await {
            tracing::warn!(error = %e, searches = batch.len(), "searches not logged");
        }
        batch.clear();
    }
}

async fn write(pool: &Pool, batch: &[Entry]) -> Result<(), sqlx::Error> {
    let placeholders = Placeholders::of(pool);
    let mut tx = db::begin(pool).await?;
    // Many rows per statement: one statement per search was most of the writer's time under load.
    for chunk in batch.chunks(ROWS_PER_INSERT) {
        let rows: Vec<(String, &Entry)> = chunk.iter().map(|e| (db::new_id(), e)).collect();
        insert(&mut *tx, placeholders, &rows).await?;
    }
    tx.commit().await
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
    async fn queued_searches_are_written_in_the_background_cleaned_and_per_tenant() {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        let queue = LogQueue::start(pool.clone());
        for i in 0..120 {
            assert!(queue.push(if i % 2 == 0 { "acme" } else { "globex" }, "en", Some("core-hr"), &format!("payslip\u{0}{i}"), i, crate::db::now()));
        }
        let mut written = 0;
        for _ in 0..200 {
            written = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM search_log").fetch_one(&pool).await.unwrap().0;
            if written == 120 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(written, 120);
        let acme = report(&pool, "acme", "en", Some("core-hr"), 100).await.unwrap();
        assert_eq!(acme.len(), 60);
        assert!(acme.iter().all(|s| s.query.starts_with("payslip ") && s.searches == 1), "{acme:?}");
        assert_eq!(acme.iter().filter(|s| s.zero_results == 1).count(), 1, "the search with 0 results");
    }

    #[tokio::test]
    async fn searches_and_clicks_are_logged_per_tenant() {
        let pool = db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        let id = record_search(&pool, "acme", "en", None, "Import", 3, crate::db::now()).await.unwrap();
        record_search(&pool, "acme", "en", None, "import", 3, crate::db::now()).await.unwrap();
        record_search(&pool, "acme", "en", Some("core-hr"), "payslip", 0, crate::db::now()).await.unwrap();
        record_search(&pool, "globex", "en", None, "import", 1, crate::db::now()).await.unwrap();
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
