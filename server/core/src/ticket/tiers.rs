//! The support levels (service document §3.1): Customer Care (Level 1) qualifies requests and
//! confirms resolutions, Technical Support (Level 2) analyses, R&D (Level 3) corrects. A handover
//! with a note moves a ticket between them; while Level 2 or 3 has it, Customer Care holds it
//! On Hold, and gets it back Open.

use super::{
    actions::apply_status,
    desk_actions::{agent_on, required_note},
    store::{get_by_id, insert_event},
    EventKind, Level, Owner, Status, Ticket, TicketError, TicketSettings,
};
use crate::{db::Pool, identity::User};

/// What a handover keeps in the (agents-only) history: `from to`, then the note on its own lines.
pub fn handover_body(from: Level, to: Level, note: &str) -> String {
    format!("{} {}\n{note}", from.number(), to.number())
}

/// The status a ticket takes when `to` gets it, if it changes: On Hold while Level 2 or 3 works
/// on it (unless the customer has the ball), Open again when it is back with Customer Care.
fn status_for(level: Level, status: Status) -> Option<Status> {
    match level {
        Level::CustomerCare => (status == Status::OnHold).then_some(Status::Open),
        _ => (status.owner() == Owner::Vendor && status != Status::OnHold).then_some(Status::OnHold),
    }
}

/// An agent hands the ticket to another level with a note for it. The ticket leaves its
/// assignee: the new level's queue takes it up.
pub async fn hand_over(pool: &Pool, settings: &TicketSettings, by: &User, ticket: &Ticket, to: Level, note: &str, now: i64) -> Result<Ticket, TicketError> {
    agent_on(by, ticket)?;
    if ticket.status == Status::Closed {
        return Err(TicketError::Closed);
    }
    if to == ticket.level {
        return Err(TicketError::NotAllowed { from: ticket.status, to: ticket.status });
    }
    let note = required_note(note)?;
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query("UPDATE tickets SET level = $1, assignee_id = NULL, updated_at = $2 WHERE tenant_id = $3 AND id = $4 AND level = $5")
        .bind(to.number())
        .bind(now)
        .bind(&ticket.tenant_id)
        .bind(&ticket.id)
        .bind(ticket.level.number())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(TicketError::Conflict);
    }
    let body = handover_body(ticket.level, to, note);
    insert_event(&mut tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::HandedOver, None, None, Some(&body), true).await?;
    let moved = get_by_id(&mut *tx, &ticket.tenant_id, &ticket.id).await?.ok_or(TicketError::NotFound)?;
    if let Some(status) = status_for(to, moved.status) {
        apply_status(&mut tx, settings, &moved, Some(&by.id), status, None, now).await?;
    }
    tx.commit().await?;
    get_by_id(pool, &ticket.tenant_id, &ticket.id).await?.ok_or(TicketError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn higher_levels_hold_the_ticket_and_customer_care_gets_it_back_open() {
        assert_eq!(status_for(Level::TechnicalSupport, Status::Open), Some(Status::OnHold));
        assert_eq!(status_for(Level::Development, Status::New), Some(Status::OnHold));
        assert_eq!(status_for(Level::Development, Status::OnHold), None);
        // The customer's ball stays with the customer.
        assert_eq!(status_for(Level::TechnicalSupport, Status::Pending), None);
        assert_eq!(status_for(Level::CustomerCare, Status::OnHold), Some(Status::Open));
        assert_eq!(status_for(Level::CustomerCare, Status::AwaitingApproval), None);
    }
}
