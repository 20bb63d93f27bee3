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
    let c = atrium_core::ticket::agent_choices(&state()?.pool, &session.user).await.map_err(AppError::internal)?;
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
