//! The ticket jobs the server runs in its own process on an injectable clock: reminders and
//! auto-close for tickets waiting on the customer, and the preventive SLA alert. Every step
//! claims its row with a conditional update first, so running the jobs twice, or on several
//! nodes at once, never sends a reminder or an alert twice.

use super::{
    actions::{apply_status, customer_mail},
    store::{insert_event, TicketRow, SELECT_TICKET},
    workflow::sla_figures,
    EventKind, Status, Ticket, TicketError, TicketSettings,
};
use crate::{db::Pool, mail};
use chrono::DateTime;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobReport {
    pub reminders: usize,
    pub closed: usize,
    pub alerts: usize,
}

/// One pass of the ticket jobs at `now` over every tenant (each row carries its tenant).
pub async fn run_ticket_jobs(pool: &Pool, base: &TicketSettings, now: i64) -> Result<JobReport, TicketError> {
    let mut report = JobReport::default();
    // Each tenant may have its own calendar and targets; read once per run.
    let mut per_tenant: std::collections::HashMap<String, TicketSettings> = std::collections::HashMap::new();
    let rows: Vec<TicketRow> = sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.status IN ('pending', 'awaiting-approval')")).fetch_all(pool).await?;
    for ticket in rows.into_iter().map(TicketRow::into_ticket) {
        let settings = tenant_settings(pool, base, &mut per_tenant, &ticket.tenant_id).await?;
        let settings = &settings;
        let close_at = ticket.status_since + settings.auto_close_days * 86_400;
        let all_reminded = ticket.reminders_sent as usize >= settings.reminder_days.len();
        if all_reminded && now >= close_at {
            let mut tx = crate::db::begin(pool).await?;
            match apply_status(&mut tx, settings, &ticket, None, Status::Closed, None, now).await {
                Ok(_) => {
                    tx.commit().await?;
                    report.closed += 1;
                }
                Err(TicketError::Conflict) => {} // changed meanwhile, or another node closed it
                Err(e) => return Err(e),
            }
            continue;
        }
        let next = ticket.reminders_sent as usize;
        if let Some(days) = settings.reminder_days.get(next) {
            if now >= ticket.status_since + days * 86_400 && send_reminder(pool, settings, &ticket, close_at, now).await? {
                report.reminders += 1;
            }
        }
    }
    let running: Vec<TicketRow> =
        sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.sla_running_since IS NOT NULL AND t.sla_stopped_at IS NULL AND t.sla_alerted = 0"))
            .fetch_all(pool)
            .await?;
    for ticket in running.into_iter().map(TicketRow::into_ticket) {
        let settings = tenant_settings(pool, base, &mut per_tenant, &ticket.tenant_id).await?;
        let settings = &settings;
        let figures = sla_figures(&ticket.sla, now, &settings.calendar);
        if figures.percent >= settings.alert_percent && send_alert(pool, settings, &ticket, figures.percent, figures.due_at, now).await? {
            report.alerts += 1;
        }
    }
    Ok(report)
}

/// How many tickets each status holds, over every tenant (statuses without tickets count 0).
/// For `/metrics`.
pub async fn counts_by_status(pool: &Pool) -> Result<Vec<(Status, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM tickets GROUP BY status").fetch_all(pool).await?;
    Ok(Status::ALL.into_iter().map(|s| (s, rows.iter().find(|(k, _)| k == s.key()).map_or(0, |(_, n)| *n))).collect())
}

/// Open tickets (SLA clock not stopped) whose working time spent is past their target at `now`,
/// over every tenant, each on its own calendar. For `/metrics`.
pub async fn breached_count(pool: &Pool, base: &TicketSettings, now: i64) -> Result<usize, TicketError> {
    let open: Vec<TicketRow> = sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.sla_stopped_at IS NULL")).fetch_all(pool).await?;
    let mut per_tenant = std::collections::HashMap::new();
    let mut breached = 0;
    for ticket in open.into_iter().map(TicketRow::into_ticket) {
        let settings = tenant_settings(pool, base, &mut per_tenant, &ticket.tenant_id).await?;
        breached += usize::from(sla_figures(&ticket.sla, now, &settings.calendar).breached);
    }
    Ok(breached)
}

async fn tenant_settings(
    pool: &Pool,
    base: &TicketSettings,
    cache: &mut std::collections::HashMap<String, TicketSettings>,
    tenant: &str,
) -> Result<TicketSettings, TicketError> {
    if let Some(s) = cache.get(tenant) {
        return Ok(s.clone());
    }
    let s = super::settings_for(pool, base, tenant).await?;
    cache.insert(tenant.to_string(), s.clone());
    Ok(s)
}

async fn send_reminder(pool: &Pool, settings: &TicketSettings, t: &Ticket, close_at: i64, now: i64) -> Result<bool, TicketError> {
    let mut tx = crate::db::begin(pool).await?;
    let claimed = sqlx::query(
        "UPDATE tickets SET reminders_sent = reminders_sent + 1 \
         WHERE tenant_id = $1 AND id = $2 AND status = $3 AND status_since = $4 AND reminders_sent = $5",
    )
    .bind(&t.tenant_id)
    .bind(&t.id)
    .bind(t.status.key())
    .bind(t.status_since)
    .bind(t.reminders_sent)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        return Ok(false);
    }
    let date = local_date(settings, close_at);
    let body = mail::text(&t.locale, "mail-reminder-body", &[("subject", t.subject.clone()), ("date", date.clone())]);
    insert_event(&mut tx, &t.tenant_id, &t.id, None, now, EventKind::Reminder, None, None, Some(&date), false).await?;
    super::copies::mail_customers(&mut tx, t, &customer_mail(t, "mail-reminder-subject", vec![body]), now).await?;
    tx.commit().await?;
    Ok(true)
}

async fn send_alert(pool: &Pool, settings: &TicketSettings, t: &Ticket, percent: i64, due: Option<i64>, now: i64) -> Result<bool, TicketError> {
    let mut tx = crate::db::begin(pool).await?;
    let claimed = sqlx::query("UPDATE tickets SET sla_alerted = 1 WHERE tenant_id = $1 AND id = $2 AND sla_alerted = 0")
        .bind(&t.tenant_id)
        .bind(&t.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if claimed != 1 {
        return Ok(false);
    }
    // Agents read the vendor's working language.
    let lang = crate::FALLBACK_LOCALE;
    // A ticket already past its target is told as breached, not as reaching it on a past date.
    let breached = percent >= 100 || due.is_some_and(|d| d <= now);
    let (subject_key, body_key) =
        if breached { ("mail-sla-breached-subject", "mail-sla-breached-body") } else { ("mail-sla-alert-subject", "mail-sla-alert-body") };
    let due = due.map(|d| local_time(settings, d)).unwrap_or_default();
    let args = [
        ("number", t.number.to_string()),
        ("subject", t.subject.clone()),
        ("percent", percent.to_string()),
        ("severity", mail::text(lang, &format!("mail-severity-{}", t.severity.key()), &[])),
        ("due", due.clone()),
    ];
    let m = mail::Mail {
        to: settings.agents_email.clone(),
        unsubscribe: None,
        subject: mail::text(lang, subject_key, &args),
        paragraphs: vec![mail::text(lang, body_key, &args)],
        links: vec![(mail::text(lang, "mail-view-ticket", &[]), format!("{}/{lang}/tickets/{}", t.origin, t.number))],
        thread: Some(super::desk_mail::thread(t)),
        ..Default::default()
    };
    insert_event(&mut tx, &t.tenant_id, &t.id, None, now, EventKind::SlaAlert, None, None, Some(&format!("{percent} %")), true).await?;
    mail::enqueue(&mut tx, &t.tenant_id, &m, now).await?;
    let text = super::desk_mail::DeskText { author: "", words: None, percent, due, sla_key: Some(body_key) };
    super::desk_mail::tell_desk(&mut tx, settings, t, super::DeskNews::AtRisk, text, now).await?;
    tx.commit().await?;
    Ok(true)
}

fn local_date(settings: &TicketSettings, t: i64) -> String {
    DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&settings.calendar.tz).format("%Y-%m-%d").to_string()
}

fn local_time(settings: &TicketSettings, t: i64) -> String {
    DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&settings.calendar.tz).format("%Y-%m-%d %H:%M %Z").to_string()
}
