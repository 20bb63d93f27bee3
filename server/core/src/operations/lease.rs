//! Named leases in the database, so that the scheduled jobs of several nodes sharing one
//! database run on one node at a time. Backend-neutral (SQLite and PostgreSQL both take
//! `ON CONFLICT … DO UPDATE … WHERE`), so the same code serves the embedded default.

use crate::db::{self, Pool};

/// Takes the lease `name` for `ttl_secs`, or renews it when `holder` already has it. True when
/// `holder` holds it afterwards. A lease whose holder stopped renewing is free once it expires.
pub async fn claim(pool: &Pool, name: &str, holder: &str, now: i64, ttl_secs: i64) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
         WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= $4",
    )
    .bind(name)
    .bind(holder)
    .bind(now + ttl_secs)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// One pass of a scheduled job, as recorded for operators.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct JobRun {
    pub job: String,
    pub node: String,
    pub started_at: i64,
    pub finished_at: i64,
    pub outcome: String,
    pub items: i64,
}

pub async fn record_run(pool: &Pool, run: &JobRun) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO job_runs (id, job, node, started_at, finished_at, outcome, items) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(db::new_id())
        .bind(&run.job)
        .bind(&run.node)
        .bind(run.started_at)
        .bind(run.finished_at)
        .bind(&run.outcome)
        .bind(run.items)
        .execute(pool)
        .await?;
    Ok(())
}

/// When `job` last started, on any node.
pub async fn last_started(pool: &Pool, job: &str) -> Result<Option<i64>, sqlx::Error> {
    let (at,): (Option<i64>,) = sqlx::query_as("SELECT MAX(started_at) FROM job_runs WHERE job = $1").bind(job).fetch_one(pool).await?;
    Ok(at)
}

/// Runs since `since`, oldest first.
pub async fn runs_since(pool: &Pool, since: i64) -> Result<Vec<JobRun>, sqlx::Error> {
    sqlx::query_as("SELECT job, node, started_at, finished_at, outcome, items FROM job_runs WHERE started_at >= $1 ORDER BY started_at, id")
        .bind(since)
        .fetch_all(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_holder_at_a_time_until_the_lease_runs_out() {
        let pool = db::connect_for_test().await;
        assert!(claim(&pool, "jobs", "node-a", 1_000, 60).await.unwrap());
        assert!(!claim(&pool, "jobs", "node-b", 1_030, 60).await.unwrap(), "node B waits while A holds it");
        assert!(claim(&pool, "jobs", "node-a", 1_050, 60).await.unwrap(), "A renews");
        assert!(!claim(&pool, "jobs", "node-b", 1_100, 60).await.unwrap(), "the renewal counts from 1050");
        assert!(claim(&pool, "jobs", "node-b", 1_110, 60).await.unwrap(), "A stopped renewing: B takes over");
        assert!(!claim(&pool, "jobs", "node-a", 1_120, 60).await.unwrap());
        assert!(claim(&pool, "purge", "node-a", 1_120, 60).await.unwrap(), "leases are per name");
    }
}
