//! Background work in the server process. Every node sends its own mail outbox (each mail is
//! claimed before it is sent); the scheduled jobs (ticket reminders, auto-close and SLA alerts,
//! satisfaction surveys, articles approved for a later time, the support mailbox, retention purges) run on whichever node holds the jobs lease, so
//! several nodes on one database do them once.

use atrium_app::state::AppState;
use atrium_core::{
    config::Config,
    mail::Mailer,
    operations::{lease, Retention},
};
use std::{path::PathBuf, time::Duration};

const JOBS_LEASE: &str = "scheduled-jobs";
/// Purges need not run every pass.
const PURGE_EVERY_SECS: i64 = 3_600;

/// Who runs the jobs, how often, and what the purge keeps.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub node: String,
    pub interval: Duration,
    pub retention: Retention,
    pub log_dir: Option<PathBuf>,
    /// The support mailbox answers to ticket mails are read from, and the address they answer.
    pub inbox: Option<atrium_core::mail::mailbox::SupportMailbox>,
    pub mail_from: String,
}

impl Schedule {
    pub fn from_config(config: &Config) -> Self {
        Schedule {
            node: config.node_name.clone(),
            interval: Duration::from_secs(config.jobs_interval_secs),
            retention: config.retention,
            log_dir: config.log_dir.clone(),
            inbox: config.imap_url.clone(),
            mail_from: config.mail_from.clone(),
        }
    }

    /// A node of its own, for tests that run passes by hand.
    pub fn single_node() -> Self {
        Schedule {
            node: "test-node".into(),
            interval: Duration::from_secs(60),
            retention: Retention::default(),
            log_dir: None,
            inbox: None,
            mail_from: "Atrium Help Centre <help@atrium.example>".into(),
        }
    }

    /// A holder that stops renewing (crashed, partitioned) frees the lease after three passes.
    fn lease_secs(&self) -> i64 {
        (self.interval.as_secs() as i64 * 3).max(15)
    }
}

/// One pass at the state's clock: the scheduled jobs if this node holds the lease, then the
/// mail outbox. Returns whether this node ran the scheduled jobs.
pub async fn run_once(state: &AppState, mailer: &Mailer, schedule: &Schedule) -> bool {
    // Leases follow real time, whatever clock the tickets run on.
    let wall = atrium_core::db::now();
    let leader = match lease::claim(&state.pool, JOBS_LEASE, &schedule.node, wall, schedule.lease_secs()).await {
        Ok(held) => held,
        Err(e) => {
            tracing::error!(error = %e, "jobs lease unavailable; will retry");
            false
        }
    };
    if leader {
        scheduled_jobs(state, schedule).await;
    }
    if let Err(e) = mailer.send_pending(&state.pool, state.clock.as_ref()).await {
        tracing::error!(error = %e, "mail outbox failed; will retry");
    }
    leader
}

async fn scheduled_jobs(state: &AppState, schedule: &Schedule) {
    let now = state.clock.now();
    let started = atrium_core::db::now();
    let tickets = atrium_core::ticket::run_ticket_jobs(&state.pool, &state.tickets, now).await;
    if let Ok(r) = &tickets {
        if *r != Default::default() {
            tracing::info!(reminders = r.reminders, closed = r.closed, alerts = r.alerts, "ticket jobs ran");
        }
        metrics::counter!("atrium_sla_alerts_total").increment(r.alerts as u64);
    }
    let items = tickets.map(|r| r.reminders + r.closed + r.alerts);
    record(state, schedule, "tickets", started, items.map_err(|e| e.to_string())).await;

    let started = atrium_core::db::now();
    let surveys = atrium_core::survey::send_due(&state.pool, state.tickets.survey_valid_days, now).await;
    if let Ok(n @ 1..) = &surveys {
        tracing::info!(surveys = n, "satisfaction surveys sent");
    }
    record(state, schedule, "surveys", started, surveys.map_err(|e| e.to_string())).await;

    let started = atrium_core::db::now();
    let studio = atrium_core::content::studio::publish_due(&state.pool, now).await;
    if let Ok(n @ 1..) = &studio {
        tracing::info!(articles = n, "scheduled articles published");
    }
    record(state, schedule, "studio", started, studio.map_err(|e| e.to_string())).await;

    let started = atrium_core::db::now();
    let reminders = atrium_core::maintenance::remind_releases(&state.pool, &state.content(), state.today(), now).await;
    if let Ok(n @ 1..) = &reminders {
        tracing::info!(mails = n, "release reminders sent");
    }
    record(state, schedule, "release-reminders", started, reminders.map_err(|e| e.to_string())).await;

    if let Some(inbox) = &schedule.inbox {
        let started = atrium_core::db::now();
        let read = atrium_core::ticket::read_support_mailbox(&state.pool, &state.tickets, inbox, &schedule.mail_from, now).await;
        record(state, schedule, "support-mailbox", started, read).await;
    }

    let started = atrium_core::db::now();
    // At most once an hour, whichever node held the lease last time (an unreadable log: now).
    let last_purge = lease::last_started(&state.pool, "purge").await.ok().flatten();
    if last_purge.is_none_or(|at| started - at >= PURGE_EVERY_SECS) {
        let purged = atrium_core::operations::purge(&state.pool, &state.tickets.files, schedule.retention, now, schedule.log_dir.as_deref()).await;
        if let Ok(report) = &purged {
            if report.total() > 0 {
                tracing::info!(?report, "retention purge removed expired records");
            }
        }
        record(state, schedule, "purge", started, purged.map(|r| r.total() as usize).map_err(|e| e.to_string())).await;
    }
}

/// Logs, counts and stores one job's pass.
async fn record(state: &AppState, schedule: &Schedule, job: &'static str, started: i64, result: Result<usize, String>) {
    let outcome = if result.is_ok() { "ok" } else { "failed" };
    if let Err(e) = &result {
        tracing::error!(job, error = %e, "job failed; will retry");
    }
    metrics::counter!("atrium_job_runs_total", "job" => job, "outcome" => outcome).increment(1);
    let run = lease::JobRun {
        job: job.into(),
        node: schedule.node.clone(),
        started_at: started,
        finished_at: atrium_core::db::now(),
        outcome: outcome.into(),
        items: result.unwrap_or(0) as i64,
    };
    if let Err(e) = lease::record_run(&state.pool, &run).await {
        tracing::warn!(error = %e, "job run not recorded");
    }
}

/// Runs [`run_once`] until the process stops; the server spawns it next to the listener.
pub async fn run_forever(state: AppState, mailer: Mailer, schedule: Schedule) {
    loop {
        run_once(&state, &mailer, &schedule).await;
        tokio::select! {
            _ = tokio::time::sleep(schedule.interval) => {}
            _ = state.mail_kick.kicked() => {}
        }
    }
}
