//! The maintenance and outages page, the banner on every page, and moving an announcement along
//! its lifecycle. Publishing (a form with several modules) is the server's form handler.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod view {
    use crate::model::*;
    use atrium_core::maintenance::{Announcement, State};

    pub use atrium_core::maintenance::local_time as local;

    pub fn availability(list: &[Announcement], now: i64) -> AvailabilityView {
        let a = atrium_core::maintenance::availability(list, now);
        let by_id = |id: &str| list.iter().find(|x| x.id == id);
        AvailabilityView {
            percent: (a.percent * 100.0).floor() / 100.0,
            commitment: atrium_core::maintenance::COMMITMENT_PERCENT,
            unavailable_minutes: a.unavailable_minutes,
            total_minutes: a.total_minutes,
            meets: a.meets_commitment,
            counted: a.counted.iter().filter_map(|(id, minutes)| by_id(id).map(|x| (x.title.clone(), x.window(), *minutes))).collect(),
        }
    }

    fn input(t: i64, tz: &str) -> String {
        local(t, tz).replace(' ', "T")
    }

    pub fn announcement(a: &Announcement, locale: &str, module_title: &dyn Fn(&str) -> String, publisher: bool) -> AnnouncementView {
        let editable = publisher && !matches!(a.state, State::Completed | State::Cancelled);
        AnnouncementView {
            id: a.id.clone(),
            kind: a.kind.key().into(),
            title: a.title.clone(),
            body_html: atrium_core::content::render(&a.body, locale, "").html,
            window: a.window(),
            impact: a.impact.key().into(),
            modules: a.modules.iter().map(|m| module_title(m)).collect(),
            state: a.state.key().into(),
            emergency_reason: a.emergency_reason.clone(),
            updates: a.updates.iter().map(|(at, s, note)| (local(*at, &a.time_zone), s.key().to_string(), note.clone())).collect(),
            next_states: if publisher { State::ALL.iter().filter(|s| a.state.may_become(**s)).map(|s| s.key().to_string()).collect() } else { Vec::new() },
            starts_input: if editable { input(a.starts_at, &a.time_zone) } else { String::new() },
            ends_input: if editable { input(a.ends_at, &a.time_zone) } else { String::new() },
        }
    }
}

/// Support agents and super administrators publish; the vendor's desk publishes to every customer.
#[cfg(feature = "ssr")]
pub fn may_publish(user: &atrium_core::identity::User) -> bool {
    atrium_core::ticket::is_agent(user)
}

#[server(endpoint = "maintenance")]
pub async fn get_maintenance(locale: String, module: Option<String>, draft: Option<String>) -> Result<MaintenanceView, AppError> {
    use super::ssr::*;
    use atrium_core::maintenance;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let module = module.filter(|m| store.module(m).is_some());
    let now = state.clock.now();
    let publisher = session().is_some_and(|s| may_publish(&s.user));
    let subscription = match session() {
        None => SubscriptionView::default(),
        Some(s) => {
            let current = maintenance::subscription(&state.pool, &tenant.id, &s.user.email).await?;
            SubscriptionView {
                signed_in: true,
                email: s.user.email.clone(),
                subscribed: current.is_some(),
                module: current.and_then(|c| c.module).unwrap_or_default(),
            }
        }
    };
    let title = |m: &str| store.module(m).map(|x| x.title(&locale)).unwrap_or_else(|| m.to_string());
    let everything = maintenance::list(&state.pool, &tenant.id, None).await?;
    let availability = view::availability(&everything, now);
    let list: Vec<_> = everything.into_iter().filter(|a| module.as_deref().is_none_or(|m| a.affects(m))).collect();
    // What is on or coming first, then the past, most recent first.
    let (mut current, mut past): (Vec<_>, Vec<_>) =
        list.iter().partition(|a| a.ends_at > now && !matches!(a.state, maintenance::State::Completed | maintenance::State::Cancelled));
    current.sort_by_key(|a| a.starts_at);
    past.sort_by_key(|a| std::cmp::Reverse(a.starts_at));
    // The service's time zone: new announcements default to it, the recurring windows are in it.
    let tz = state.tickets.calendar.tz;
    let (mut values, mut errors) =
        (AnnouncementFormValues { time_zone: tz.name().into(), kind: "planned".into(), impact: "minor".into(), ..Default::default() }, Vec::new());
    if let (Some(s), Some(id)) = (session(), draft) {
        if let Some((fields, problems)) = atrium_core::ticket::load_draft(&state.pool, &s.user, &id).await? {
            values = serde_json::from_str(&fields).unwrap_or(values);
            errors = serde_json::from_str(&problems).unwrap_or_default();
        }
    }
    Ok(MaintenanceView {
        announcements: current.into_iter().chain(past).map(|a| view::announcement(a, &locale, &title, publisher)).collect(),
        recurring: maintenance::recurring_occurrences(tz, now, 7)
            .into_iter()
            .map(|(key, s, e)| (key.to_string(), format!("{} – {}", view::local(s, tz.name()), &view::local(e, tz.name())[11..])))
            .collect(),
        modules: store.modules().iter().map(|m| (m.folder.clone(), m.title(&locale))).collect(),
        module: module.unwrap_or_default(),
        can_publish: publisher,
        values,
        errors,
        availability,
        subscription,
    })
}

/// The announcement for the banner on every page, if one is open or coming within 7 days.
#[server(endpoint = "maintenance-banner")]
pub async fn get_banner(locale: String) -> Result<Option<BannerView>, AppError> {
    use super::ssr::*;
    use atrium_core::maintenance;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let now = state.clock.now();
    let list = state.banner.candidates(&state.pool, &state.versions, &tenant.id, now).await?;
    Ok(maintenance::banner(&list, now).map(|a| BannerView {
        id: a.id.clone(),
        title: a.title.clone(),
        window: a.window(),
        active: a.starts_at <= now,
        kind: a.kind.key().into(),
    }))
}

/// Moves an announcement along its lifecycle with a note (agents only).
#[server(endpoint = "announcement-state")]
pub async fn set_announcement_state(locale: String, id: String, to_state: String, note: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::maintenance::{self, AnnouncementError, State};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = session().ok_or(AppError::SignInRequired)?;
    if !may_publish(&session.user) {
        return Err(AppError::Forbidden);
    }
    let to = State::from_key(&to_state).ok_or_else(|| AppError::BadRequest("unknown state".into()))?;
    let app = state()?;
    let outcome = maintenance::set_state(&app.pool, &tenant.id, &id, to, note.as_deref(), &session.user.id, app.clock.now()).await;
    let back = format!("/{locale}/maintenance");
    match outcome {
        Ok(()) => leptos_axum::redirect(&format!("{back}?done=state#announcement-{id}")),
        Err(AnnouncementError::NotAllowed { .. }) => leptos_axum::redirect(&format!("{back}?error=state#announcement-{id}")),
        Err(AnnouncementError::NotFound) => return Err(AppError::NotFound),
        Err(AnnouncementError::Window(_)) => leptos_axum::redirect(&format!("{back}?error=state#announcement-{id}")),
        Err(AnnouncementError::Db(e)) => return Err(AppError::internal(e)),
    }
    Ok(())
}

/// Subscribes the signed-in reader's address to announcements (of one module, or all); posting
/// again changes the choice, `module=off` ends it.
#[server(endpoint = "maintenance-subscribe")]
pub async fn subscribe_maintenance(locale: String, module: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::maintenance;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = session().ok_or(AppError::SignInRequired)?;
    let app = state()?;
    let module = module.filter(|m| !m.is_empty());
    if module.as_deref() == Some("off") {
        maintenance::unsubscribe_address(&app.pool, &tenant.id, &session.user.email).await?;
        leptos_axum::redirect(&format!("/{locale}/maintenance?subscription=off#subscribe"));
        return Ok(());
    }
    let store = app.content();
    if module.as_deref().is_some_and(|m| store.module(m).is_none()) {
        return Err(AppError::BadRequest("unknown module".into()));
    }
    maintenance::subscribe(&app.pool, &tenant.id, &session.user.email, &locale, module.as_deref(), &tenant.origin, app.clock.now()).await?;
    leptos_axum::redirect(&format!("/{locale}/maintenance?subscription=on#subscribe"));
    Ok(())
}

/// The one-click link of every subscription mail: ends the subscription at once, no sign-in.
/// `true` when it ended one, `false` when the link was already used or never valid.
#[server(endpoint = "maintenance-unsubscribe")]
pub async fn unsubscribe_maintenance(locale: String, token: String) -> Result<bool, AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let app = state()?;
    atrium_core::maintenance::unsubscribe(&app.pool, &tenant.id, token.trim()).await.map_err(AppError::internal)
}

/// Moves an announcement's window (agents only); subscribers are told of the new dates.
#[server(endpoint = "announcement-dates")]
pub async fn reschedule_announcement(locale: String, id: String, starts_at: String, ends_at: String, note: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::maintenance::{self, AnnouncementError};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = session().ok_or(AppError::SignInRequired)?;
    if !may_publish(&session.user) {
        return Err(AppError::Forbidden);
    }
    let app = state()?;
    let outcome = maintenance::reschedule(&app.pool, &tenant.id, &id, &starts_at, &ends_at, note.as_deref(), &session.user.id, app.clock.now()).await;
    let back = format!("/{locale}/maintenance");
    match outcome {
        Ok(()) => leptos_axum::redirect(&format!("{back}?done=dates#announcement-{id}")),
        Err(AnnouncementError::Window(errors)) => {
            let first = errors.first();
            let problem = first.map(|e| e.problem.clone()).unwrap_or_default();
            let detail = first.and_then(|e| e.detail.clone()).unwrap_or_default();
            leptos_axum::redirect(&format!("{back}?error={problem}&detail={}&on={id}#announcement-{id}", crate::url::query_value(&detail)))
        }
        Err(AnnouncementError::NotAllowed { .. }) => leptos_axum::redirect(&format!("{back}?error=state#announcement-{id}")),
        Err(AnnouncementError::NotFound) => return Err(AppError::NotFound),
        Err(AnnouncementError::Db(e)) => return Err(AppError::internal(e)),
    }
    Ok(())
}
