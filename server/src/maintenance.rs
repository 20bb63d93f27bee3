//! Publishing an announcement (a form with several modules, so a plain handler reading repeated
//! fields) and the subscription feeds `/feeds/maintenance.atom` and `/feeds/maintenance.ics`.

use atrium_app::state::{AppState, Session};
use atrium_core::{maintenance, tenant::Tenant};
use axum::{
    extract::{Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension, Form,
};

fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_string())]).into_response()
}

fn failed(locale: &str, e: impl std::fmt::Display) -> Response {
    crate::failure::not_saved(locale, "announcement", e)
}

/// `POST /<locale>/maintenance`: publishes, or sends the form back with its problems.
pub async fn publish(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    session: Option<Extension<Session>>,
    Path(locale): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    if !atrium_core::is_locale(&locale) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(Extension(session)) = session else {
        return see_other(&format!("/{locale}/sign-in?return_to=/{locale}/maintenance"));
    };
    if !atrium_core::ticket::is_agent(&session.user) {
        return (StatusCode::FORBIDDEN, "Only support agents publish announcements.").into_response();
    }
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let form = maintenance::AnnouncementForm {
        title: get("title"),
        body: get("body"),
        kind: get("kind"),
        impact: get("impact"),
        modules: fields.iter().filter(|(n, _)| n == "modules").map(|(_, v)| v.clone()).collect(),
        starts_at: get("starts_at"),
        ends_at: get("ends_at"),
        time_zone: get("time_zone"),
        emergency: get("emergency") == "1",
        emergency_reason: get("emergency_reason"),
        counts_as_downtime: get("counts_as_downtime") == "1",
    };
    let now = state.clock.now();
    let known: Vec<String> = state.content().modules().iter().map(|m| m.folder.clone()).collect();
    match maintenance::validate(&form, &known, now) {
        Ok(valid) => {
            // The vendor's desk announces to every customer; a tenant's agents to their tenant.
            let tenants = if atrium_core::ticket::works_across_tenants(&session.user) {
                match atrium_core::tenant::customer_tenants(&state.pool).await {
                    Ok(t) => t.into_iter().map(|(id, _)| id).collect(),
                    Err(e) => return failed(&locale, e),
                }
            } else {
                vec![tenant.id.clone()]
            };
            match maintenance::publish(&state.pool, &tenants, &session.user.id, &valid, now).await {
                Ok(_) => see_other(&format!("/{locale}/maintenance?published=1")),
                Err(e) => failed(&locale, e),
            }
        }
        Err(errors) => {
            let fields = serde_json::to_string(&form).unwrap_or_default();
            let errors = serde_json::to_string(&errors).unwrap_or_default();
            match atrium_core::ticket::save_draft(&state.pool, &session.user, &fields, &errors, now).await {
                Ok(id) => see_other(&format!("/{locale}/maintenance?draft={id}#publish")),
                Err(e) => failed(&locale, e),
            }
        }
    }
}

#[derive(serde::Deserialize)]
pub struct FeedQuery {
    module: Option<String>,
    locale: Option<String>,
}

fn feed_context(tenant: &Tenant, q: &FeedQuery) -> (String, String) {
    let locale = q.locale.clone().filter(|l| atrium_core::is_locale(l)).unwrap_or_else(|| atrium_core::FALLBACK_LOCALE.into());
    (format!("{}/{locale}/maintenance", tenant.origin), locale)
}

/// `GET /feeds/maintenance.atom?module=&locale=`
pub async fn atom(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, Query(q): Query<FeedQuery>) -> Response {
    let (page, locale) = feed_context(&tenant, &q);
    let list = match maintenance::list(&state.pool, &tenant.id, q.module.as_deref().filter(|m| !m.is_empty())).await {
        Ok(l) => l,
        Err(e) => return crate::failure::not_served(&locale, "maintenance feed", e),
    };
    let labels = |a: &maintenance::Announcement| format!("{} · {} · {}", a.kind.key(), a.window(), a.state.key());
    let body = maintenance::atom(&list, &page, &format!("{} — maintenance and outages", tenant.name), &labels);
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response()
}

/// `GET /feeds/maintenance.ics?module=`
pub async fn ical(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, Query(q): Query<FeedQuery>) -> Response {
    let (page, locale) = feed_context(&tenant, &q);
    let list = match maintenance::list(&state.pool, &tenant.id, q.module.as_deref().filter(|m| !m.is_empty())).await {
        Ok(l) => l,
        Err(e) => return crate::failure::not_served(&locale, "maintenance feed", e),
    };
    let names = |key: &str| match key {
        "daily-restart" => "Daily restart".to_string(),
        "saturday-window" => "Saturday maintenance window (possible interruption)".to_string(),
        _ => "Weekly release".to_string(),
    };
    let body = maintenance::ical(&list, &page, &format!("{} — maintenance", tenant.name), state.tickets.calendar.tz, &names);
    ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CONTENT_DISPOSITION, "inline; filename=\"maintenance.ics\"")], body).into_response()
}
