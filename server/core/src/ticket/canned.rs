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

/// The names between `{{` and `}}` in `body`, in order.
fn placeholders(body: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        found.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    found
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
    let mut text = reply.body.clone();
    for (name, value) in [
        ("customer", ticket.requester_name.as_str()),
        ("number", &ticket.number.to_string()),
        ("subject", ticket.subject.as_str()),
        ("agent", agent.display_name.as_str()),
        ("article", article.as_str()),
    ] {
        // `{{ name }}` with spaces inside reads the same.
        for written in [format!("{{{{{name}}}}}"), format!("{{{{ {name} }}}}")] {
            text = text.replace(&written, value);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_or_without_spaces() {
        assert_eq!(placeholders("Hello {{customer}}, see {{ article }} and {{unknown"), ["customer", "article"]);
    }
}
