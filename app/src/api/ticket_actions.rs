//! What people do to a ticket besides commenting (comments carry files, see the server's
//! multipart handler): status moves, assignment, accepting or refusing a solution, closing,
//! asking for a Customer Success manager. Plain form posts answered with a redirect back.

use crate::error::AppError;
use leptos::prelude::*;

/// `action`: `assign-me`, `assign` (with `assignee`), `status` (with `status`), `accept`,
/// `refuse` (with a `note`), `close`, `escalate`, `reopen` (with a `note`), `record-call` (with
/// a `note`), `reclassify` (with `kind` and `module`), `hand-over` (with `level` and a `note`), `copy-add` (with
/// an `email`), `copy-remove` (with a `person`), `follow`, `unfollow`. Problems come back as `?error=<key>`.
#[server(endpoint = "ticket-action")]
#[allow(clippy::too_many_arguments)]
pub async fn ticket_action(
    locale: String,
    number: i64,
    action: String,
    status: Option<String>,
    assignee: Option<String>,
    note: Option<String>,
    return_to: Option<String>,
    in_tenant: Option<String>,
    kind: Option<String>,
    module: Option<String>,
    level: Option<i64>,
    email: Option<String>,
    person: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::ticket::{self, Status, TicketError};
    check_locale(&locale)?;
    let (session, t) = visible_ticket(number, in_tenant.as_deref()).await?;
    let state = state()?;
    let user = &session.user;
    let now = state.clock.now();
    let settings = &ticket_settings(&t.tenant_id).await?;
    let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let result = match action.as_str() {
        "assign-me" => ticket::assign(&state.pool, settings, user, &t, user, now).await,
        "assign" => {
            let id = assignee.unwrap_or_default();
            // The assignee is the ticket tenant's agent, or one of the vendor's.
            let found = match atrium_core::identity::load_user(&state.pool, &t.tenant_id, &id).await? {
                Some(a) => Some(a),
                None => atrium_core::identity::load_user(&state.pool, "vendor", &id).await?,
            };
            match found {
                Some(a) => ticket::assign(&state.pool, settings, user, &t, &a, now).await,
                None => Err(TicketError::Forbidden),
            }
        }
        "status" => match status.as_deref().and_then(Status::from_key) {
            Some(to) => ticket::change_status(&state.pool, settings, user, &t, to, note, now).await,
            None => return Err(AppError::BadRequest("unknown status".into())),
        },
        "accept" => ticket::change_status(&state.pool, settings, user, &t, Status::Validated, note, now).await,
        "refuse" if note.is_none() => Err(TicketError::Invalid(vec![ticket::FieldError::new("note", "required")])),
        "refuse" => ticket::change_status(&state.pool, settings, user, &t, Status::Open, note, now).await,
        "close" => ticket::change_status(&state.pool, settings, user, &t, Status::Closed, note, now).await,
        "escalate" => ticket::escalate(&state.pool, settings, user, &t, note.unwrap_or_default(), now).await,
        "reopen" => ticket::reopen(&state.pool, settings, user, &t, note.unwrap_or_default(), now).await,
        "record-call" => ticket::record_call(&state.pool, user, &t, note.unwrap_or_default(), now).await,
        "copy-add" => ticket::add_copy(&state.pool, user, &t, email.as_deref().unwrap_or_default(), now).await,
        "copy-remove" => ticket::remove_copy(&state.pool, user, &t, person.as_deref().unwrap_or_default(), now).await,
        "follow" | "unfollow" => ticket::follow(&state.pool, user, &t, action == "follow", now).await,
        "hand-over" => match level.and_then(ticket::Level::from_number) {
            Some(to) => ticket::hand_over(&state.pool, settings, user, &t, to, note.unwrap_or_default(), now).await,
            None => return Err(AppError::BadRequest("unknown level".into())),
        },
        "reclassify" => {
            let Some(kind) = kind.as_deref().and_then(ticket::Kind::from_key) else { return Err(AppError::BadRequest("unknown kind".into())) };
            let store = state.content();
            let modules: Vec<String> = store.modules().iter().map(|m| m.folder.clone()).collect();
            let module = module.unwrap_or_default();
            let form_days = store.module(&module).and_then(|m| m.descriptor.turnaround(kind.key()));
            let target = settings.target_for(kind, t.severity, form_days);
            match ticket::reclassify(&state.pool, user, &t, kind, &module, &modules, target, now).await {
                Err(TicketError::Invalid(_)) => return Err(AppError::BadRequest("unknown module".into())),
                other => other,
            }
        }
        _ => return Err(AppError::BadRequest("unknown action".into())),
    };
    let page = safe_return_path(return_to.as_deref()).unwrap_or_else(|| match (&in_tenant, atrium_core::ticket::works_across_tenants(user)) {
        (Some(_), true) => format!("/{locale}/tickets/{number}?tenant={}", t.tenant_id),
        _ => format!("/{locale}/tickets/{number}"),
    });
    let sep = if page.contains('?') { '&' } else { '?' };
    let outcome = match result {
        Ok(_) => {
            state.mail_kick.kick();
            format!("done={action}")
        }
        Err(TicketError::NotAllowed { .. }) => "error=not-allowed".into(),
        Err(TicketError::Conflict) => "error=conflict".into(),
        Err(TicketError::Closed) => "error=closed".into(),
        Err(TicketError::Forbidden) => return Err(AppError::Forbidden),
        Err(TicketError::NotFound) => return Err(AppError::NotFound),
        Err(TicketError::ReopenExpired) => "error=reopen-expired".into(),
        Err(TicketError::Invalid(_)) if action == "refuse" => "error=refuse-needs-reason".into(),
        Err(TicketError::Invalid(_)) if action == "copy-add" => "error=not-colleague".into(),
        Err(TicketError::Invalid(_)) => "error=note-required".into(),
        Err(TicketError::Db(e)) => return Err(AppError::internal(e)),
    };
    leptos_axum::redirect(&format!("{page}{sep}{outcome}"));
    Ok(())
}

/// Up to three articles matching what the reader is typing in the ticket form.
#[server(endpoint = "ticket-suggestions")]
pub async fn ticket_suggestions(locale: String, text: String) -> Result<Vec<crate::model::Suggestion>, AppError> {
    let mut found = super::suggest(locale, text.split_whitespace().take(12).collect::<Vec<_>>().join(" ")).await?;
    found.truncate(3);
    Ok(found)
}

/// A suggested article opened from the ticket form (counted as a deflection unless that form
/// is filed after all).
#[server(endpoint = "suggestion-opened")]
pub async fn suggestion_opened(form_session: String, article: String) -> Result<(), AppError> {
    use super::ssr::*;
    let tenant = tenant().await?;
    let state = state()?;
    let ok_session = !form_session.is_empty() && form_session.len() <= 64 && form_session.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !ok_session || !article.starts_with('/') || article.len() > 300 {
        return Err(AppError::BadRequest("bad suggestion".into()));
    }
    atrium_core::ticket::suggestion_opened(&state.pool, &tenant.id, &form_session, &article, state.clock.now()).await.map_err(AppError::internal)
}
