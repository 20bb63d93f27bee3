//! What happens to a ticket besides its everyday moves: a Customer Success manager records the
//! call an escalation asked for (service document §3.3.3), an agent reclassifies the request
//! (its severity stays the customer's), and a customer reopens a ticket closed not long ago.

use super::{
    can_see,
    desk_mail::{tell_desk, DeskNews, DeskText},
    is_agent,
    store::{get_by_id, insert_event},
    EventKind, FieldError, Kind, Status, Ticket, TicketError, TicketSettings, MAX_DESCRIPTION,
};
use crate::{db::Pool, identity::User};

/// A note a person must write (why they reopen, what the call settled), trimmed.
pub(super) fn required_note(note: &str) -> Result<&str, TicketError> {
    let note = note.trim();
    if note.is_empty() {
        Err(TicketError::Invalid(vec![FieldError::new("note", "required")]))
    } else if note.chars().count() > MAX_DESCRIPTION {
        Err(TicketError::Invalid(vec![FieldError::new("note", "too-long")]))
    } else {
        Ok(note)
    }
}

/// `by` works this ticket: an agent who may see it (anyone else who may not is told "not found").
pub(super) fn agent_on(by: &User, ticket: &Ticket) -> Result<(), TicketError> {
    match (can_see(by, ticket), is_agent(by)) {
        (false, _) => Err(TicketError::NotFound),
        (true, false) => Err(TicketError::Forbidden),
        (true, true) => Ok(()),
    }
}

/// Runs `sql` (binding `now`, the tenant and the ticket as $1, $2, $3), whose condition names the
/// state the change expects: no row changed means someone else changed the ticket first.
async fn guarded_update(tx: &mut sqlx::AnyConnection, ticket: &Ticket, now: i64, sql: &str) -> Result<(), TicketError> {
    let changed = sqlx::query(sql).bind(now).bind(&ticket.tenant_id).bind(&ticket.id).execute(&mut *tx).await?.rows_affected();
    if changed != 1 {
        return Err(TicketError::Conflict);
    }
    Ok(())
}

async fn reread(pool: &Pool, ticket: &Ticket) -> Result<Ticket, TicketError> {
    get_by_id(pool, &ticket.tenant_id, &ticket.id).await?.ok_or(TicketError::NotFound)
}

/// Whether the customer may still reopen `ticket` at `now` (closed, and within the window).
pub fn may_reopen(ticket: &Ticket, settings: &TicketSettings, now: i64) -> bool {
    ticket.status == Status::Closed && settings.reopen_days > 0 && ticket.closed_at.is_some_and(|at| now - at <= settings.reopen_days * 86_400)
}

/// The customer reopens a closed ticket within the window, saying why: it is Open again, its
/// SLA clock runs on from where it stopped, and the desk is told as of a customer's answer.
pub async fn reopen(pool: &Pool, settings: &TicketSettings, by: &User, ticket: &Ticket, reason: &str, now: i64) -> Result<Ticket, TicketError> {
    if !can_see(by, ticket) {
        return Err(TicketError::NotFound);
    }
    if is_agent(by) {
        return Err(TicketError::Forbidden);
    }
    if ticket.status != Status::Closed {
        return Err(TicketError::NotAllowed { from: ticket.status, to: Status::Open });
    }
    if !may_reopen(ticket, settings, now) {
        return Err(TicketError::ReopenExpired);
    }
    let reason = required_note(reason)?;
    let mut tx = crate::db::begin(pool).await?;
    guarded_update(
        &mut tx,
        ticket,
        now,
        "UPDATE tickets SET status = 'open', status_since = $1, updated_at = $1, sla_running_since = $1, sla_stopped_at = NULL, \
         reminders_sent = 0, closed_at = NULL WHERE tenant_id = $2 AND id = $3 AND status = 'closed'",
    )
    .await?;
    insert_event(&mut tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::Status, Some(Status::Closed), Some(Status::Open), Some(reason), false)
        .await?;
    let reopened = get_by_id(&mut *tx, &ticket.tenant_id, &ticket.id).await?.ok_or(TicketError::NotFound)?;
    tell_desk(&mut tx, settings, &reopened, DeskNews::CustomerReply, DeskText::said(&by.display_name, reason), now).await?;
    tx.commit().await?;
    Ok(reopened)
}

/// A Customer Success manager (an agent) records the call the customer's escalation asked for,
/// with what was settled; the escalation then leaves the managers' queue and count. The note is
/// in the ticket's history, which the customer reads too.
pub async fn record_call(pool: &Pool, by: &User, ticket: &Ticket, note: &str, now: i64) -> Result<Ticket, TicketError> {
    agent_on(by, ticket)?;
    if ticket.escalated_at.is_none() || ticket.escalation_called_at.is_some() {
        return Err(TicketError::NotAllowed { from: ticket.status, to: ticket.status });
    }
    let note = required_note(note)?;
    let mut tx = crate::db::begin(pool).await?;
    guarded_update(
        &mut tx,
        ticket,
        now,
        "UPDATE tickets SET escalation_called_at = $1, updated_at = $1 WHERE tenant_id = $2 AND id = $3 \
         AND escalated_at IS NOT NULL AND escalation_called_at IS NULL",
    )
    .await?;
    insert_event(&mut tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::EscalationCall, None, None, Some(note), false).await?;
    tx.commit().await?;
    reread(pool, ticket).await
}

/// What a reclassification changed, as kept in the history: `kind old new module old new`.
pub fn reclassified_body(before: &Ticket, kind: Kind, module: &str) -> String {
    format!("{} {} {} {}", before.kind.key(), kind.key(), before.module, module)
}

/// An agent corrects the request's type and module; `modules` are those one may file against.
/// The severity is the customer's (§2.5) and stays; the target becomes `target_secs`, the new
/// type's (an anomaly's SLA, another request's turnaround), the time already spent kept.
#[allow(clippy::too_many_arguments)]
pub async fn reclassify(
    pool: &Pool,
    by: &User,
    ticket: &Ticket,
    kind: Kind,
    module: &str,
    modules: &[String],
    target_secs: i64,
    now: i64,
) -> Result<Ticket, TicketError> {
    agent_on(by, ticket)?;
    if ticket.status == Status::Closed {
        return Err(TicketError::Closed);
    }
    if !modules.iter().any(|m| m == module) {
        return Err(TicketError::Invalid(vec![FieldError::new("module", "required")]));
    }
    if kind == ticket.kind && module == ticket.module {
        return Ok(ticket.clone());
    }
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query(
        "UPDATE tickets SET kind = $1, module = $2, updated_at = $3, sla_target_secs = $8, sla_alerted = 0 \
         WHERE tenant_id = $4 AND id = $5 AND kind = $6 AND module = $7",
    )
    .bind(kind.key())
    .bind(module)
    .bind(now)
    .bind(&ticket.tenant_id)
    .bind(&ticket.id)
    .bind(ticket.kind.key())
    .bind(&ticket.module)
    .bind(target_secs)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(TicketError::Conflict);
    }
    let body = reclassified_body(ticket, kind, module);
    insert_event(&mut tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::Reclassified, None, None, Some(&body), false).await?;
    tx.commit().await?;
    reread(pool, ticket).await
}
