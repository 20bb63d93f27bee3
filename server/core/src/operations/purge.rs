//! Retention purges (service document §9.1.1): system logs 90 days, the application audit log one
//! year, files of closed tickets 90 days, search analytics as configured. Run as a scheduled
//! job; every step is one conditional statement, so running it twice removes nothing more.

use crate::{db::Pool, files::FileStore};
use std::path::Path;

/// How long each kind of record is kept, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Log files in the log folder, job runs and mails already sent.
    pub system_log_days: i64,
    pub audit_log_days: i64,
    /// Counted from the ticket's closing.
    pub closed_ticket_files_days: i64,
    pub search_log_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { system_log_days: 90, audit_log_days: 365, closed_ticket_files_days: 90, search_log_days: 365 }
    }
}

/// What one purge removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub audit_entries: u64,
    pub search_entries: u64,
    pub job_runs: u64,
    pub sent_mails: u64,
    pub ticket_files: u64,
    pub log_files: u64,
}

impl PurgeReport {
    pub fn total(&self) -> u64 {
        self.audit_entries + self.search_entries + self.job_runs + self.sent_mails + self.ticket_files + self.log_files
    }
}

const DAY: i64 = 86_400;

/// Removes what is past its retention at `now`, in the database and in `log_dir` when logs are
/// written to files.
pub async fn purge(pool: &Pool, files: &FileStore, retention: Retention, now: i64, log_dir: Option<&Path>) -> Result<PurgeReport, sqlx::Error> {
    let older = |days: i64| now - days * DAY;
    let delete_before =
        |sql: &'static str, cutoff: i64| async move { Ok::<_, sqlx::Error>(sqlx::query(sql).bind(cutoff).execute(pool).await?.rows_affected()) };
    let mut report = PurgeReport {
        audit_entries: delete_before("DELETE FROM audit_log WHERE at < $1", older(retention.audit_log_days)).await?,
        search_entries: delete_before("DELETE FROM search_log WHERE created_at < $1", older(retention.search_log_days)).await?,
        job_runs: delete_before("DELETE FROM job_runs WHERE started_at < $1", older(retention.system_log_days)).await?,
        sent_mails: delete_before("DELETE FROM mail_outbox WHERE sent_at IS NOT NULL AND sent_at < $1", older(retention.system_log_days)).await?,
        ..PurgeReport::default()
    };
    // The bytes go; the name stays in the ticket's history, marked as removed. Each file leaves
    // the store before its row says so, so a failure never hides a file that is still kept.
    let expired: Vec<(String, String)> = sqlx::query_as(
        "SELECT tenant_id, id FROM ticket_attachments WHERE purged_at IS NULL AND ticket_id IN \
         (SELECT id FROM tickets WHERE status = 'closed' AND closed_at IS NOT NULL AND closed_at < $1)",
    )
    .bind(older(retention.closed_ticket_files_days))
    .fetch_all(pool)
    .await?;
    for (tenant, id) in expired {
        files.remove(&tenant, &id).await.map_err(sqlx::Error::Io)?;
        report.ticket_files += sqlx::query("UPDATE ticket_attachments SET data = '', purged_at = $1 WHERE id = $2 AND purged_at IS NULL")
            .bind(now)
            .bind(&id)
            .execute(pool)
            .await?
            .rows_affected();
    }
    if let Some(dir) = log_dir {
        report.log_files = purge_log_files(dir, now, retention.system_log_days);
    }
    Ok(report)
}

/// Deletes the daily log files (`atrium.log.YYYY-MM-DD`) older than the retention. Other files
/// in the folder are left alone.
fn purge_log_files(dir: &Path, now: i64, days: i64) -> u64 {
    let Some(today) = chrono::DateTime::from_timestamp(now, 0).map(|t| t.date_naive()) else { return 0 };
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(date) = name.to_str().and_then(|n| n.strip_prefix(LOG_FILE_PREFIX)).and_then(|d| d.parse::<chrono::NaiveDate>().ok()) else {
            continue;
        };
        if (today - date).num_days() > days && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Daily log files are named this prefix and the day (tracing-appender's daily rotation).
pub const LOG_FILE_NAME: &str = "atrium.log";
const LOG_FILE_PREFIX: &str = "atrium.log.";
