//! People in copy of a ticket: colleagues of the requester's company, added by the customer or an
//! agent, and agents following it. Each receives the ticket's mails and may answer, on the page
//! or by mail. Only accounts of the ticket's own tenant can be put in copy.

use super::{
    can_see, is_agent,
    store::{get_by_id, insert_event},
    EventKind, FieldError, Status, Ticket, TicketError,
};
use crate::{
    db::Pool,
    identity::{Role, User},
    mail,
};

/// Someone in copy, as the ticket page lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct InCopy {
    pub id: String,
    pub name: String,
    pub email: String,
    pub agent: bool,
}

/// The people in copy of `ticket`, in the order they were added: accounts of its tenant, and
/// the vendor's agents following it.
pub async fn in_copy<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(executor: E, ticket: &Ticket) -> Result<Vec<InCopy>, sqlx::Error> {
    if ticket.copied.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..ticket.copied.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT u.id, u.display_name, u.email, u.role FROM users u JOIN tenants t ON t.id = u.tenant_id \
         WHERE (u.tenant_id = $1 OR t.is_vendor = 1) AND u.id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (String, String, String, String)>(&sql).bind(&ticket.tenant_id);
    for id in &ticket.copied {
        query = query.bind(id);
    }
    let found = query.fetch_all(executor).await?;
    Ok(ticket
        .copied
        .iter()
        .filter_map(|id| found.iter().find(|(found, ..)| found == id))
        .map(|(id, name, email, role)| InCopy {
            id: id.clone(),
            name: name.clone(),
            email: email.clone(),
            agent: matches!(Role::from_key(role), Some(Role::SupportAgent | Role::SuperAdmin)),
        })
        .collect())
}

/// Mails `m` to the requester and to every colleague in copy (agents following the ticket hear
/// through the desk's own mails).
pub(super) async fn mail_customers(tx: &mut sqlx::AnyConnection, ticket: &Ticket, m: &mail::Mail, now: i64) -> Result<(), sqlx::Error> {
    mail::enqueue(tx, &ticket.tenant_id, m, now).await?;
    for person in in_copy(&mut *tx, ticket).await?.into_iter().filter(|p| !p.agent && p.email != m.to) {
        let copy = mail::Mail { to: person.email, ..m.clone() };
        mail::enqueue(tx, &ticket.tenant_id, &copy, now).await?;
    }
    Ok(())
}

/// Writes the new list, guarded against a concurrent change, and records who was added or removed.
async fn set_copied(pool: &Pool, by: &User, ticket: &Ticket, copied: Vec<String>, line: String, now: i64) -> Result<Ticket, TicketError> {
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query("UPDATE tickets SET copied = $1, updated_at = $2 WHERE tenant_id = $3 AND id = $4 AND copied = $5")
        .bind(copied.join(" "))
        .bind(now)
        .bind(&ticket.tenant_id)
        .bind(&ticket.id)
        .bind(ticket.copied.join(" "))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(TicketError::Conflict);
    }
    insert_event(&mut tx, &ticket.tenant_id, &ticket.id, Some(&by.id), now, EventKind::Copied, None, None, Some(&line), false).await?;
    tx.commit().await?;
    get_by_id(pool, &ticket.tenant_id, &ticket.id).await?.ok_or(TicketError::NotFound)
}

fn not_colleague() -> TicketError {
    TicketError::Invalid(vec![FieldError::new("email", "not-colleague")])
}

/// Puts the colleague with this address in copy: an account of the ticket's own tenant, or, when
/// an agent adds them, one of the vendor's agents as a follower. Any other address, another
/// customer's included, is refused the same way.
pub async fn add_copy(pool: &Pool, by: &User, ticket: &Ticket, email: &str, now: i64) -> Result<Ticket, TicketError> {
    if !can_see(by, ticket) {
        return Err(TicketError::NotFound);
    }
    if ticket.status == Status::Closed {
        return Err(TicketError::Closed);
    }
    let email = email.trim().to_lowercase();
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT u.id, u.tenant_id FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE LOWER(u.email) = $2 \
         AND (u.valid_until IS NULL OR u.valid_until > $3) \
         AND (u.tenant_id = $1 OR ($4 = 1 AND t.is_vendor = 1 AND u.role IN ('support-agent', 'super-admin'))) ORDER BY t.is_vendor",
    )
    .bind(&ticket.tenant_id)
    .bind(&email)
    .bind(now)
    .bind(is_agent(by) as i64)
    .fetch_optional(pool)
    .await?;
    let Some((id, tenant)) = found else { return Err(not_colleague()) };
    if id == ticket.requester_id || ticket.copied.contains(&id) {
        return Ok(ticket.clone());
    }
    let colleague = crate::identity::load_user(pool, &tenant, &id).await?.ok_or_else(not_colleague)?;
    let mut copied = ticket.copied.clone();
    copied.push(id);
    set_copied(pool, by, ticket, copied, format!("+ {}", colleague.display_name), now).await
}

/// An agent follows the ticket (or stops): they hear of the customer's answers.
pub async fn follow(pool: &Pool, by: &User, ticket: &Ticket, on: bool, now: i64) -> Result<Ticket, TicketError> {
    if !can_see(by, ticket) {
        return Err(TicketError::NotFound);
    }
    if !is_agent(by) {
        return Err(TicketError::Forbidden);
    }
    let following = ticket.copied.contains(&by.id);
    if on == following {
        return Ok(ticket.clone());
    }
    let copied: Vec<String> =
        if on { ticket.copied.iter().cloned().chain([by.id.clone()]).collect() } else { ticket.copied.iter().filter(|id| **id != by.id).cloned().collect() };
    let line = format!("{} {}", if on { "+" } else { "-" }, by.display_name);
    set_copied(pool, by, ticket, copied, line, now).await
}

/// Takes someone out of copy: the person themselves, the requester, a customer administrator or
/// an agent may.
pub async fn remove_copy(pool: &Pool, by: &User, ticket: &Ticket, person: &str, now: i64) -> Result<Ticket, TicketError> {
    if !can_see(by, ticket) {
        return Err(TicketError::NotFound);
    }
    if !(by.id == person || by.id == ticket.requester_id || by.role == Role::CustomerAdmin || is_agent(by)) {
        return Err(TicketError::Forbidden);
    }
    let Some(gone) = in_copy(pool, ticket).await?.into_iter().find(|p| p.id == person) else { return Ok(ticket.clone()) };
    let copied = ticket.copied.iter().filter(|id| **id != person).cloned().collect();
    set_copied(pool, by, ticket, copied, format!("- {}", gone.name), now).await
}
