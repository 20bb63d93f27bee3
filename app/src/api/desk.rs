//! The agent's own desk settings: which mails they receive, and in which language.

use crate::{error::AppError, model::AgentChoicesView};
use leptos::prelude::*;

/// What the signed-in agent chose (the defaults when they never chose).
#[server(endpoint = "agent-choices")]
pub async fn get_agent_choices() -> Result<AgentChoicesView, AppError> {
    use super::ssr::*;
    let session = session().ok_or(AppError::SignInRequired)?;
    if !atrium_core::ticket::is_agent(&session.user) {
        return Err(AppError::Forbidden);
    }
    let c = atrium_core::ticket::agent_choices(&state()?.pool, &session.user).await?;
    Ok(AgentChoicesView { new_ticket: c.new_ticket, customer_reply: c.customer_reply, escalation: c.escalation, at_risk: c.at_risk, language: c.locale })
}

/// Saves the choices from the settings form: a box left unticked is absent from the post.
#[server(endpoint = "save-agent-choices")]
pub async fn save_agent_choices(
    locale: String,
    language: String,
    new_ticket: Option<String>,
    customer_reply: Option<String>,
    escalation: Option<String>,
    at_risk: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::ticket::{AgentChoices, TicketError};
    check_locale(&locale)?;
    let session = session().ok_or(AppError::SignInRequired)?;
    let state = state()?;
    let choices = AgentChoices {
        new_ticket: new_ticket.is_some(),
        customer_reply: customer_reply.is_some(),
        escalation: escalation.is_some(),
        at_risk: at_risk.is_some(),
        locale: language,
    };
    match atrium_core::ticket::set_agent_choices(&state.pool, &session.user, &choices, state.clock.now()).await {
        Ok(()) => leptos_axum::redirect(&format!("/{locale}/agent/notifications?saved=1")),
        Err(TicketError::Forbidden) => return Err(AppError::Forbidden),
        Err(TicketError::Invalid(_)) => leptos_axum::redirect(&format!("/{locale}/agent/notifications?error=language")),
        Err(e) => return Err(AppError::internal(e)),
    }
    Ok(())
}

/// The desk's canned replies, with the form filled from the reply to `edit` or a refused `draft`.
#[server(endpoint = "canned-replies")]
pub async fn get_canned_replies(edit: Option<String>, draft: Option<String>) -> Result<crate::model::CannedRepliesView, AppError> {
    use super::ssr::*;
    use crate::model::{CannedRepliesView, CannedReplyView};
    let session = session().ok_or(AppError::SignInRequired)?;
    let state = state()?;
    let replies: Vec<CannedReplyView> = atrium_core::ticket::canned_replies(&state.pool, &session.user)
        .await
        .map_err(AppError::from)?
        .into_iter()
        .map(|r| CannedReplyView { id: r.id, level: r.level.map(|l| l.number().to_string()).unwrap_or_default(), title: r.title, body: r.body })
        .collect();
    let (mut form, mut errors) = (CannedReplyView::default(), Vec::new());
    if let Some(id) = draft {
        if let Some((fields, problems)) = atrium_core::ticket::load_draft(&state.pool, &session.user, &id).await? {
            form = serde_json::from_str(&fields).unwrap_or_default();
            errors = serde_json::from_str(&problems).unwrap_or_default();
        }
    } else if let Some(id) = edit {
        form = replies.iter().find(|r| r.id == id).cloned().ok_or(AppError::NotFound)?;
    }
    let placeholders = atrium_core::ticket::PLACEHOLDERS.iter().map(|p| p.to_string()).collect();
    Ok(CannedRepliesView { replies, form, errors, placeholders })
}

/// Adds or changes a canned reply; a refused one comes back to the form as typed.
#[server(endpoint = "save-canned-reply")]
pub async fn save_canned_reply(locale: String, id: Option<String>, level: Option<String>, title: String, body: String) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::ticket::{Level, TicketError};
    check_locale(&locale)?;
    let session = session().ok_or(AppError::SignInRequired)?;
    let state = state()?;
    let now = state.clock.now();
    let id = id.filter(|i| !i.is_empty());
    let chosen = level.as_deref().and_then(|l| l.parse().ok()).and_then(Level::from_number);
    match atrium_core::ticket::save_canned_reply(&state.pool, &session.user, id.as_deref(), chosen, &title, &body, now).await {
        Ok(_) => leptos_axum::redirect(&format!("/{locale}/agent/replies?saved=1")),
        Err(TicketError::Invalid(errors)) => {
            let typed = crate::model::CannedReplyView { id: id.unwrap_or_default(), level: level.unwrap_or_default(), title, body };
            let fields = serde_json::to_string(&typed).unwrap_or_default();
            let problems = serde_json::to_string(&errors).unwrap_or_default();
            let draft = atrium_core::ticket::save_draft(&state.pool, &session.user, &fields, &problems, now).await?;
            leptos_axum::redirect(&format!("/{locale}/agent/replies?draft={draft}#reply-form"));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// Removes one of the desk's canned replies.
#[server(endpoint = "delete-canned-reply")]
pub async fn delete_canned_reply(locale: String, id: String) -> Result<(), AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let session = session().ok_or(AppError::SignInRequired)?;
    atrium_core::ticket::delete_canned_reply(&state()?.pool, &session.user, &id).await.map_err(AppError::from)?;
    leptos_axum::redirect(&format!("/{locale}/agent/replies?deleted=1"));
    Ok(())
}
