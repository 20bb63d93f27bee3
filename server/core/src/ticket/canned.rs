//! Canned replies: answers agents write once and insert into a ticket's reply, with placeholders
//! filled from the ticket. A customer tenant's own agents share theirs, the vendor's desk shares
//! the vendor's; each reply is for one support level (team) or for every level.

use super::{is_agent, FieldError, Level, Ticket, TicketError, MAX_DESCRIPTION};
use crate::{
    db::{self, Pool},
    identity::User,
};
use serde::{Deserialize, Serialize};

/// What `{{…}}` may name in a canned reply.
pub const PLACEHOLDERS: [&str; 5] = ["customer", "number", "subject", "agent", "article"];
pub const MAX_TITLE: usize = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CannedReply {
    pub id: String,
    pub level: Option<Level>,
    pub title: String,
    pub body: String,
    pub updated_at: i64,
}

fn agent_only(user: &User) -> Result<(), TicketError> {
    if is_agent(user) {
        Ok(())
    } else {
        Err(TicketError::Forbidden)
    }
}

/// Each `{{…}}` in `body`, in order: where it stands and the name inside, trimmed. Saving checks
/// these names and filling replaces these spans, so both read a placeholder alike.
fn spans(body: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = body[from..].find("{{").map(|i| from + i) {
        let Some(end) = body[start + 2..].find("}}").map(|i| start + 2 + i) else { break };
        found.push((start..end + 2, body[start + 2..end].trim()));
        from = end + 2;
    }
    found
}

/// The names between `{{` and `}}` in `body`, in order.
fn placeholders(body: &str) -> Vec<&str> {
    spans(body).into_iter().map(|(_, name)| name).collect()
}

/// The replies the agent's desk shares, by title.
pub async fn canned_replies(pool: &Pool, agent: &User) -> Result<Vec<CannedReply>, TicketError> {
    agent_only(agent)?;
    let rows: Vec<(String, Option<i64>, String, String, i64)> =
        sqlx::query_as("SELECT id, level, title, body, updated_at FROM canned_replies WHERE tenant_id = $1 ORDER BY title, id")
            .bind(&agent.tenant_id)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, level, title, body, updated_at)| CannedReply { id, level: level.and_then(Level::from_number), title, body, updated_at })
        .collect())
}

/// Adds a reply (`id` `None`) or changes one of the desk's own; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn save_canned_reply(
    pool: &Pool,
    agent: &User,
    id: Option<&str>,
    level: Option<Level>,
    title: &str,
    body: &str,
    now: i64,
) -> Result<String, TicketError> {
    agent_only(agent)?;
    let (title, body) = (title.trim(), body.replace("\r\n", "\n").trim().to_string());
    let mut errors = Vec::new();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required"));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(FieldError::new("title", "too-long"));
    }
    if body.is_empty() {
        errors.push(FieldError::new("body", "required"));
    } else if body.chars().count() > MAX_DESCRIPTION {
        errors.push(FieldError::new("body", "too-long"));
    } else if let Some(unknown) = placeholders(&body).into_iter().find(|p| !PLACEHOLDERS.contains(p)) {
        errors.push(FieldError { detail: Some(unknown.to_string()), ..FieldError::new("body", "unknown-placeholder") });
    }
    if !errors.is_empty() {
        return Err(TicketError::Invalid(errors));
    }
    let level = level.map(Level::number);
    match id {
        Some(id) => {
            let changed =
                sqlx::query("UPDATE canned_replies SET level = $1, title = $2, body = $3, updated_by = $4, updated_at = $5 WHERE tenant_id = $6 AND id = $7")
                    .bind(level)
                    .bind(title)
                    .bind(&body)
                    .bind(&agent.id)
                    .bind(now)
                    .bind(&agent.tenant_id)
                    .bind(id)
                    .execute(pool)
                    .await?
                    .rows_affected();
            if changed == 0 {
                return Err(TicketError::NotFound);
            }
            Ok(id.to_string())
        }
        None => {
            let id = db::new_id();
            sqlx::query("INSERT INTO canned_replies (id, tenant_id, level, title, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(&id)
                .bind(&agent.tenant_id)
                .bind(level)
                .bind(title)
                .bind(&body)
                .bind(&agent.id)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(id)
        }
    }
}

/// Removes one of the desk's replies; another desk's is "not found".
pub async fn delete_canned_reply(pool: &Pool, agent: &User, id: &str) -> Result<(), TicketError> {
    agent_only(agent)?;
    let gone = sqlx::query("DELETE FROM canned_replies WHERE tenant_id = $1 AND id = $2").bind(&agent.tenant_id).bind(id).execute(pool).await?.rows_affected();
    if gone == 0 {
        return Err(TicketError::NotFound);
    }
    Ok(())
}

/// The reply as it goes to this ticket's customer: `{{customer}}`, `{{number}}`, `{{subject}}`,
/// `{{agent}}` and `{{article}}` (the article the ticket was filed from, else the help centre's
/// home in the ticket's language) filled in.
pub fn fill(reply: &CannedReply, ticket: &Ticket, agent: &User) -> String {
    let article = match &ticket.article_path {
        Some(path) => format!("{}{path}", ticket.origin),
        None => format!("{}/{}", ticket.origin, ticket.locale),
    };
    let number = ticket.number.to_string();
    let value = |name: &str| match name {
        "customer" => Some(ticket.requester_name.as_str()),
        "number" => Some(number.as_str()),
        "subject" => Some(ticket.subject.as_str()),
        "agent" => Some(agent.display_name.as_str()),
        "article" => Some(article.as_str()),
        _ => None,
    };
    let mut text = String::with_capacity(reply.body.len());
    let mut from = 0;
    for (span, name) in spans(&reply.body) {
        // A name the help centre does not know (saved before it was checked) stays as written.
        let Some(filled) = value(name) else { continue };
        text.push_str(&reply.body[from..span.start]);
        text.push_str(filled);
        from = span.end;
    }
    text.push_str(&reply.body[from..]);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_or_without_spaces() {
        assert_eq!(placeholders("Hello {{customer}}, see {{ article }} and {{unknown"), ["customer", "article"]);
    }

    #[test]
    fn every_placeholder_saving_accepts_is_filled() {
        let reply = CannedReply { id: String::new(), level: None, title: String::new(), body: "Hi {{  customer }} ({{number}}), {{x}}".into(), updated_at: 0 };
        let ticket: Ticket = serde_json::from_value(serde_json::json!({
            "id": "t", "tenant_id": "acme", "number": 7, "requester_id": "r", "requester_name": "Ada", "requester_email": "a@x",
            "assignee_id": null, "assignee_name": null, "kind": "Question", "severity": "Minor", "impact": null, "status": "Open",
            "subject": "S", "description": "D", "module": "m", "article_path": null, "locale": "en", "action_path": "", "origin": "http://h",
            "incident_at": null, "extra": [], "created_at": 0, "updated_at": 0, "status_since": 0,
            "sla": { "target_secs": 1, "spent_secs": 0, "running_since": null, "stopped_at": null, "alerted": false },
            "reminders_sent": 0, "escalated_at": null, "escalation_due": null, "escalation_called_at": null, "closed_at": null,
            "follows_number": null, "level": "CustomerCare", "copied": []
        }))
        .unwrap();
        let agent = User {
            id: "s".into(),
            tenant_id: "acme".into(),
            email: "s@x".into(),
            display_name: "Sam".into(),
            role: crate::identity::Role::SupportAgent,
            groups: vec![],
            vendor_staff: false,
        };
        assert_eq!(fill(&reply, &ticket, &agent), "Hi Ada (7), {{x}}");
    }
}
