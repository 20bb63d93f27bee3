//! Helpers every server function uses: state, tenant, reader, locale.
use crate::state::{AppState, Session};
use crate::{error::AppError, model::*};
use atrium_core::{
    content::{Article, ContentStore, Reader},
    tenant::Tenant,
};
use leptos::prelude::*;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// The tenant the host-resolving middleware put on the request.
pub async fn tenant() -> Result<Tenant, AppError> {
    let axum::Extension(tenant) = leptos_axum::extract::<axum::Extension<Tenant>>().await.map_err(|_| AppError::NotFound)?;
    Ok(tenant)
}

/// The signed-in session the session middleware put on the request, if any.
pub fn session() -> Option<Session> {
    use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Session>().cloned())
}

/// Who is reading: anonymous, or a signed-in user with their access groups, on the tenant the
/// request came to.
pub fn reader() -> Reader {
    let tenant = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Tenant>().map(|t| t.id.clone()));
    match session() {
        Some(s) => Reader { signed_in: true, groups: s.user.groups.clone(), tenant },
        None => Reader { tenant, ..Reader::anonymous() },
    }
}

/// The session of a signed-in reader holding one of `roles`; checked on the server for every
/// request, whatever the page shows.
pub fn require_role(roles: &[atrium_core::identity::Role]) -> Result<Session, AppError> {
    let session = session().ok_or(AppError::SignInRequired)?;
    if roles.contains(&session.user.role) {
        Ok(session)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Who may administer accounts and sign-in: customer administrators (their customer's accounts
/// only) and super administrators.
pub fn accounts_admin() -> Result<Session, AppError> {
    require_role(&[atrium_core::identity::Role::CustomerAdmin, atrium_core::identity::Role::SuperAdmin])
}

/// A same-site path to go back to after a form, or `None`: never an open redirect.
pub fn safe_return_path(path: Option<&str>) -> Option<String> {
    crate::url::safe_return(path?)
}

pub fn check_locale(code: &str) -> Result<(), AppError> {
    atrium_core::is_locale(code).then_some(()).ok_or(AppError::NotFound)
}

/// An interface locale, or another language some of the content is written in (`ja`): what
/// documentation pages, searches and votes accept.
pub fn check_language(code: &str) -> Result<(), AppError> {
    if state()?.content().has_language(code) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A list entry for `a` as seen from `locale`. An English stand-in keeps the reader's locale
/// in its URL: that URL serves the English text with a notice.
pub fn link(store: &ContentStore, a: &Article, fallback: bool, locale: &str) -> ArticleLink {
    ArticleLink {
        path: if fallback { a.path_in(locale) } else { a.path() },
        title: a.title.clone(),
        summary: a.summary.clone(),
        module_title: store.module(&a.module).map(|m| m.title(locale)).unwrap_or_default(),
        updated: a.updated.to_string(),
        fallback,
    }
}

/// The signed-in reader and the ticket with this number, if they may see it; anyone else is
/// answered "not found", exactly as for a ticket that does not exist.
/// The vendor's support staff name the customer tenant in `in_tenant`; anyone else's is ignored.
pub async fn visible_ticket(number: i64, in_tenant: Option<&str>) -> Result<(Session, atrium_core::ticket::Ticket), AppError> {
    let _tenant = tenant().await?;
    let session = session().ok_or(AppError::SignInRequired)?;
    let ticket = atrium_core::ticket::get_for(&state()?.pool, &session.user, in_tenant, number).await.map_err(|e| match e {
        atrium_core::ticket::TicketError::NotFound => AppError::NotFound,
        e => AppError::internal(e),
    })?;
    Ok((session, ticket))
}

/// The ticket rules of a tenant: the deployment's, with the tenant's own SLA terms on top.
pub async fn ticket_settings(tenant_id: &str) -> Result<atrium_core::ticket::TicketSettings, AppError> {
    let state = state()?;
    atrium_core::ticket::settings_for(&state.pool, &state.tickets, tenant_id).await.map_err(AppError::internal)
}
