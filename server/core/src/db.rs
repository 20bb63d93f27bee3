//! Storage: one sqlx `Any` pool so the same queries and migrations serve SQLite (the embedded
//! default, in WAL mode) and PostgreSQL (several nodes).

use sqlx::{any::AnyPoolOptions, AnyPool, Executor};
use std::time::Duration;

pub type Pool = AnyPool;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database could not be opened at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Query(#[from] sqlx::Error),
}

/// Opens the database and brings its schema up to date.
pub async fn connect(url: &str) -> Result<Pool, DbError> {
    sqlx::any::install_default_drivers();
    if let Some(path) = sqlite_file(url) {
        if let Some(parent) = std::path::Path::new(path).parent() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
    let is_sqlite = url.starts_with("sqlite:");
    // Each connection to `sqlite::memory:` is its own database: tests keep exactly one alive.
    let in_memory = url.contains(":memory:");
    let pool = AnyPoolOptions::new()
        .max_connections(if in_memory {
            1
        } else if is_sqlite {
            8
        } else {
            16
        })
        .min_connections(if in_memory { 1 } else { 0 })
        .idle_timeout(if in_memory { None } else { Some(Duration::from_secs(600)) })
        .max_lifetime(if in_memory { None } else { Some(Duration::from_secs(1800)) })
        .acquire_timeout(Duration::from_secs(10))
        // A ping before every query is a network round trip's insurance on PostgreSQL; on SQLite
        // it is one more hop to the connection's thread and back on every query, and a file
        // does not drop a connection.
        .test_before_acquire(!is_sqlite)
        // A connection whose transaction failed to end stays marked as inside it: after a
        // disk-full error SQLite rolls back by itself, sqlx's own ROLLBACK then fails, and every
        // later `begin` on that connection would fail until restart. Such a connection is
        // closed instead of handed out again; the pool opens a fresh one.
        .before_acquire(|conn, _| Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(conn)) }))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if is_sqlite {
                    // WAL lets readers carry on while one writer writes; busy_timeout queues
                    // writers instead of failing them.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|source| DbError::Connect { url: redact(url), source })?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// For tests: an in-memory SQLite database, or with `ATRIUM_TEST_POSTGRES=postgres://user@host:port`
/// (set by `scripts/with-postgres.sh`) a fresh PostgreSQL database on that server, one per call,
/// so tests never see each other's rows. The same tests thus run on both backends.
#[doc(hidden)]
pub async fn test_database_url() -> String {
    match std::env::var("ATRIUM_TEST_POSTGRES") {
        Ok(server) => new_test_database(&server).await,
        Err(_) => "sqlite::memory:".to_string(),
    }
}

/// For tests: a new, empty database on the PostgreSQL server at `server` (`postgres://user@host:port`),
/// named after this process and a counter, and its URL.
#[doc(hidden)]
pub async fn new_test_database(server: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let server = server.trim_end_matches('/');
    sqlx::any::install_default_drivers();
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&format!("{server}/postgres")).await.expect("PostgreSQL for tests");
    let name = format!("atrium_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("a test database");
    format!("{server}/{name}")
}

/// For tests: a database from `test_database_url`, migrated.
#[doc(hidden)]
pub async fn connect_for_test() -> Pool {
    connect(&test_database_url().await).await.expect("test database")
}

pub(crate) fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Hides a password in a database URL before it reaches a log or an error message.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Whether the pool's database is SQLite (else PostgreSQL), for what the two write differently.
pub fn is_sqlite(pool: &Pool) -> bool {
    pool.connect_options().database_url.scheme() == "sqlite"
}

/// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`): a
/// transaction that reads before it writes then waits its turn (busy_timeout) instead of failing
/// with "database is locked" when another writer committed in between, as concurrent ticket
/// filings did under load.
pub async fn begin(pool: &Pool) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if is_sqlite(pool) {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}

/// Serializes, until `tx` ends, the transactions that number things within one tenant (the next
/// ticket number is the largest plus one). On PostgreSQL two filings at once would otherwise read
/// the same largest number and one would fail on the unique number (the load test found it); on
/// SQLite `begin` already lets one writer in at a time.
pub async fn lock_numbering(tx: &mut sqlx::Transaction<'static, sqlx::Any>, tenant: &str) -> Result<(), sqlx::Error> {
    let postgres = tx.backend_name() == "PostgreSQL";
    if postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))::text").bind(format!("numbering:{tenant}")).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Whether an error says the database cannot store anything at the moment: its disk is full or
/// it is read-only. Readers are still served then, and writers are told to come back later (503)
/// instead of meeting an internal error. Works on the message so that it sees through every
/// layer's error type that wraps a database error.
pub fn refuses_writes(cause: &dyn std::fmt::Display) -> bool {
    const SIGNS: &[&str] = &[
        // SQLite: SQLITE_FULL, SQLITE_READONLY, and an I/O error on a full file system.
        "database or disk is full",
        "attempt to write a readonly database",
        "disk I/O error",
        // PostgreSQL: disk_full (53100) and read_only_sql_transaction (25006).
        "No space left on device",
        "in a read-only transaction",
    ];
    let text = cause.to_string();
    SIGNS.iter().any(|s| text.contains(s))
}

/// Writes one small row: fails while the database refuses writes, for `/readyz`. The padding
/// makes the write need fresh space, as a filed ticket does, not only a rewritten page.
pub async fn probe_write(pool: &Pool, now: i64) -> Result<(), sqlx::Error> {
    let pad = new_id().repeat(128);
    sqlx::query("UPDATE write_probe SET at = $1, pad = $2 WHERE id = 1").bind(now).bind(pad).execute(pool).await?;
    Ok(())
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact("postgres://atrium:s3cret@127.0.0.1:5432/db"), "postgres://atrium:***@127.0.0.1:5432/db");
        assert_eq!(redact("sqlite://data/atrium.db"), "sqlite://data/atrium.db");
    }

    #[test]
    fn sqlite_file_paths_are_found() {
        assert_eq!(sqlite_file("sqlite://data/a.db?mode=rwc"), Some("data/a.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
