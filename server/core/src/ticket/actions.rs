//! Everything that changes a ticket: status moves, comments, assignment, escalation. Each change
//! is checked against the workflow, guarded against a concurrent change (the update names the
//! status it expects), recorded in the history and, where the customer should know, mailed.

use super::{
    attachment::Attachment,
    can_see,
    copies::mail_customers,
    desk_mail::{tell_desk, thread, DeskNews, DeskText},
    is_agent,
    store::{get_by_id, insert_event, insert_screenshots},
    workflow::{after_customer_comment, may_change, sla_after},
    Actor, EventKind, Status, Ticket, TicketError, TicketSettings,
};
use crate::{db::Pool, identity::User, mail};
use chrono::{DateTime, Duration};

fn actor_for(user: &User, ticket: &Ticket) -> Result<Actor, TicketError> {
    if !can_see(user, ticket) {
        return Err(TicketError::NotFound);
    }
    Ok(if is_agent(user) { Actor::Agent } else { Actor::Customer })
}

/// Moves the ticket and records it, inside `tx`. The caller has checked the move is allowed.
pub(super) async fn apply_status(
    tx: &mut sqlx::AnyConnection,
    settings: &TicketSettings,
    ticket: &Ticket,
    author: Option<&str>,
    to: Status,
    note: Option<&str>,
    now: i64,
) -> Result<Ticket, TicketError> {
    let sla = sla_after(ticket.sla, to, now, &settings.calendar);
    let changed = sqlx::query(
        "UPDATE tickets SET status = $1, status_since = $2, updated_at = $2, sla_spent_secs = $3, sla_running_since = $4, \
         sla_stopped_at = $5, reminders_sent = 0, closed_at = $6 WHERE tenant_id = $7 AND id = $8 AND status = $9",
    )
    .bind(to.key())
    .bind(now)
    .bind(sla.spent_secs)
    .bind(sla.running_since)
    .bind(sla.stopped_at)
    .bind((to == Status::Closed).then_some(now))
    .bind(&ticket.tenant_id)
    .bind(&ticket.id)
    .bind(ticket.status.key())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(TicketError::Conflict);
    }
    insert_event(tx, &ticket.tenant_id, &ticket.id, author, now, EventKind::Status, Some(ticket.status), Some(to), note, false).await?;
    let mail_key = match to {
        Status::Pending => Some("pending"),
        Status::AwaitingApproval => Some("approval"),
        Status::Closed => Some("closed"),
        _ => None,
    };
    if let Some(key) = mail_key {
        let mut paragraphs = vec![customer_text(ticket, &format!("mail-{key}-body"))];
        paragraphs.extend(note.map(str::to_string));
        let m = customer_mail(ticket, &format!("mail-{key}-subject"), paragraphs);
        mail_customers(tx, ticket, &m, now).await?;
    }
    let mut after = ticket.clone();
    after.status = to;
    after.status_since = now;
    after.updated_at = now;
    after.sla = sla;
    after.reminders_sent = 0;
    after.closed_at = (to == Status::Closed).then_some(now);
    Ok(after)
}

pub(super) fn customer_text(ticket: &Ticket, key: &str) -> String {
    mail::text(&ticket.locale, key, &[("number", ticket.number.to_string()), ("subject", ticket.subject.clone())])
}

pub(super) fn customer_mail(ticket: &Ticket, subject_key: &str, mut paragraphs: Vec<String>) -> mail::Mail {
    let locale = &ticket.locale;
    paragraphs.insert(0, mail::text(locale, "mail-reply-above", &[]));
    mail::Mail {
        to: ticket.requester_email.clone(),
        unsubscribe: None,
        subject: customer_text(ticket, subject_key),
        paragraphs,
        links: vec![(mail::text(locale, "mail-view-ticket", &[]), format!("{}/{locale}/tickets/{}", ticket.origin, ticket.number))],
        thread: Some(thread(ticket)),
        ..Default::default()
    }
}

/// A status change asked for by a person, with an optional note kept in the history and mailed.
pub async fn change_status(
    pool: &Pool,
    settings: &TicketSettings,
    by: &User,
    ticket: &Ticket,
    to: Status,
    note: Option<&str>,
    now: i64,
) -> Result<Ticket, TicketError> {
    let actor = actor_for(by, ticket)?;
    if !may_change(ticket.status, to, actor) {
        return Err(TicketError::NotAllowed { from: ticket.status, to });
    }
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let mut tx = crate::db::begin(pool).await?;
    let mut after = apply_status(&mut tx, settings, ticket, Some(&by.id), to, note, now).await?;
    // "Closed when validated by the customer (automatic update)".
    if to == Status::Validated {
        after = apply_status(&mut tx, settings, &after, None, Status::Closed, None, now).await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// A comment (public, or agent-internal) with screenshots. A customer's comment hands the
/// ticket back to the vendor; an agent's public reply is mailed to the requester.
#[allow(clippy::too_many_arguments)]
pub async fn comment(
    pool: &Pool,
    settings: &TicketSettings,
    by: &User,
    ticket: &Ticket,
    body: &str,
    internal: bool,
    screenshots: Vec<Attachment>,
    now: i64,
) -> Result<Ticket, TicketError> {
    let mut tx = crate::db::begin(pool).await?;
    let after = comment_in(&mut tx, settings, by, ticket, body, internal, screenshots, now).await?;
    tx.commit().await?;
    Ok(after)
}

/// [`comment`] inside the caller's transaction, for work that must commit with it (a mail read
/// from the support mailbox is marked read in the same transaction).
#[allow(clippy::too_many_arguments)]
pub(super) async fn comment_in(
    tx: &mut sqlx::AnyConnection,
    settings: &TicketSettings,
    by: &User,
    ticket: &Ticket,
    body: &str,
    internal: bool,
    screenshots: Vec<Attachment>,
    now: i64,
) -> Result<Ticket, TicketError> {
    let actor = actor_for(by, ticket)?;
    if ticket.status == Status::Closed {
        return Err(TicketError::Closed);
    }
    let body = body.replace("\r\n", "\n").trim().to_string();
    if body.is_empty() && screenshots.is_empty() {
        return Err(TicketError::Invalid(vec![super::FieldError::new("body", "required")]));
    }
    if body.chars().count() > super::MAX_DESCRIPTION {
        return Err(TicketError::Invalid(vec![super::FieldError::new("body", "too-long")]));
    }
    // Only agents write internal notes, whatever the form said.
    let internal = internal && actor == Actor::Agent;
    let event = insert_event(tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::Comment, None, None, Some(&body), internal).await?;
    insert_screenshots(tx, &settings.files, &ticket.tenant_id, &ticket.id, &event, &screenshots, now).await?;
    sqlx::query("UPDATE tickets SET updated_at = $1 WHERE tenant_id = $2 AND id = $3")
        .bind(now)
        .bind(&ticket.tenant_id)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await?;
    let mut after = ticket.clone();
    after.updated_at = now;
    match actor {
        Actor::Customer => {
            if let Some(to) = after_customer_comment(ticket.status) {
                after = apply_status(tx, settings, &after, Some(&by.id), to, None, now).await?;
            }
            tell_desk(tx, settings, &after, DeskNews::CustomerReply, DeskText::said(&by.display_name, &body), now).await?;
        }
        _ if !internal => {
            let intro = mail::text(&ticket.locale, "mail-reply-body", &[("author", by.display_name.clone()), ("subject", ticket.subject.clone())]);
            let mut m = customer_mail(ticket, "mail-reply-subject", vec![intro, body.clone()]);
            m.from_person = true;
            mail_customers(tx, ticket, &m, now).await?;
        }
        _ => {}
    }
    Ok(after)
}

/// An agent takes the ticket (or gives it to another agent); a New ticket becomes Open.
pub async fn assign(pool: &Pool, settings: &TicketSettings, by: &User, ticket: &Ticket, assignee: &User, now: i64) -> Result<Ticket, TicketError> {
    let assignable = is_agent(assignee) && (assignee.tenant_id == ticket.tenant_id || super::works_across_tenants(assignee));
    if actor_for(by, ticket)? != Actor::Agent || !assignable {
        return Err(TicketError::Forbidden);
    }
    if ticket.status == Status::Closed {
        return Err(TicketError::Closed);
    }
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("UPDATE tickets SET assignee_id = $1, updated_at = $2 WHERE tenant_id = $3 AND id = $4")
        .bind(&assignee.id)
        .bind(now)
        .bind(&ticket.tenant_id)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await?;
    insert_event(&mut tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::Assigned, None, None, Some(&assignee.display_name), false).await?;
    let mut after = ticket.clone();
    after.assignee_id = Some(assignee.id.clone());
    after.assignee_name = Some(assignee.display_name.clone());
    if ticket.status == Status::New {
        after = apply_status(&mut tx, settings, &after, Some(&by.id), Status::Open, None, now).await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// The customer asks to be contacted by a Customer Success manager: the ticket is flagged and
/// due within the configured working days, in the managers' queue.
pub async fn escalate(pool: &Pool, settings: &TicketSettings, by: &User, ticket: &Ticket, reason: &str, now: i64) -> Result<Ticket, TicketError> {
    if actor_for(by, ticket)? != Actor::Customer {
        return Err(TicketError::Forbidden);
    }
    if ticket.status == Status::Closed {
        return Err(TicketError::Closed);
    }
    if ticket.escalated_at.is_some() {
        return Ok(ticket.clone());
    }
    let working_day = settings.calendar.closes - settings.calendar.opens;
    let from = DateTime::from_timestamp(now, 0).unwrap_or_default();
    let due = settings.calendar.add_working(from, working_day * settings.escalation_working_days as i32).timestamp();
    let mut tx = crate::db::begin(pool).await?;
    let changed =
        sqlx::query("UPDATE tickets SET escalated_at = $1, escalation_due = $2, updated_at = $1 WHERE tenant_id = $3 AND id = $4 AND escalated_at IS NULL")
            .bind(now)
            .bind(due)
            .bind(&ticket.tenant_id)
            .bind(&ticket.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if changed == 1 {
        let reason = reason.trim();
        insert_event(
            &mut tx,
            &ticket.tenant_id,
            &ticket.id,
            Some(&by.id),
            now,
            EventKind::Escalated,
            None,
            None,
            (!reason.is_empty()).then_some(reason),
            false,
        )
        .await?;
        let text = DeskText::said(&by.display_name, reason);
        tell_desk(&mut tx, settings, ticket, DeskNews::Escalation, text, now).await?;
    }
    tx.commit().await?;
    Ok(get_by_id(pool, &ticket.tenant_id, &ticket.id).await?.unwrap_or_else(|| ticket.clone()))
}

/// Helper for jobs and tests: `days` later.
pub fn days_after(t: i64, days: i64) -> i64 {
    t + Duration::days(days).num_seconds()
}
