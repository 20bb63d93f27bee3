//! Storing announcements and their updates; every query names the tenant.

use super::{
    subscriptions::{notify, Notice},
    Impact, Kind, State, ValidAnnouncement,
};
use crate::db::{self, Pool};

#[derive(Debug, Clone, PartialEq)]
pub struct Announcement {
    pub id: String,
    pub tenant_id: String,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub impact: Impact,
    pub modules: Vec<String>,
    pub state: State,
    pub emergency_reason: Option<String>,
    pub counts_as_downtime: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// (when, new state, note), oldest first.
    pub updates: Vec<(i64, State, Option<String>)>,
}

impl Announcement {
    /// Whether readers of `module` are concerned: it is named, or no module is.
    pub fn affects(&self, module: &str) -> bool {
        self.modules.is_empty() || self.modules.iter().any(|m| m == module)
    }

    /// `2026-12-01 22:00 – 2026-12-02 02:00 (Europe/Paris)`.
    pub fn window(&self) -> String {
        self.window_between(self.starts_at, self.ends_at)
    }

    /// The same text for another window of this announcement (its former dates, say).
    pub fn window_between(&self, starts_at: i64, ends_at: i64) -> String {
        format!("{} – {} ({})", local_time(starts_at, &self.time_zone), local_time(ends_at, &self.time_zone), self.time_zone)
    }
}

/// `YYYY-MM-DD HH:MM` of `t` in the time zone named `tz` (Paris when the name is unknown).
pub fn local_time(t: i64, tz: &str) -> String {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Europe::Paris);
    chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

#[derive(Debug, thiserror::Error)]
pub enum AnnouncementError {
    #[error("no such announcement")]
    NotFound,
    #[error("an announcement cannot go from {from:?} to {to:?}")]
    NotAllowed { from: State, to: State },
    /// A new window that breaks a rule (end before start, planned start within the notice).
    #[error("the new window is refused")]
    Window(Vec<crate::form::FieldError>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Publishes in each of `tenants` (a tenant's agents: their own; the vendor's desk: every
/// customer). Returns the series id shared by the copies.
pub async fn publish(pool: &Pool, tenants: &[String], author_id: &str, a: &ValidAnnouncement, now: i64) -> Result<String, sqlx::Error> {
    let series = db::new_id();
    // An outage told after it ended is published as Completed, one already under way as In
    // progress: neither is "Scheduled" with a Start button.
    let state = if a.ends_at <= now {
        State::Completed
    } else if a.starts_at <= now {
        State::InProgress
    } else {
        State::Scheduled
    };
    let mut tx = crate::db::begin(pool).await?;
    for tenant in tenants {
        let id = db::new_id();
        sqlx::query(
            "INSERT INTO announcements (id, tenant_id, series, kind, title, body, starts_at, ends_at, time_zone, impact, modules, state, \
             emergency_reason, counts_as_downtime, author_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $16, $12, $13, $14, $15, $15)",
        )
        .bind(&id)
        .bind(tenant)
        .bind(&series)
        .bind(a.kind.key())
        .bind(&a.title)
        .bind(&a.body)
        .bind(a.starts_at)
        .bind(a.ends_at)
        .bind(a.time_zone.name())
        .bind(a.impact.key())
        .bind(a.modules.join(","))
        .bind(&a.emergency_reason)
        .bind(a.counts_as_downtime as i64)
        .bind(author_id)
        .bind(now)
        .bind(state.key())
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO announcement_updates (id, tenant_id, announcement_id, at, state, note, author_id) VALUES ($1, $2, $3, $4, $6, NULL, $5)")
            .bind(db::new_id())
            .bind(tenant)
            .bind(&id)
            .bind(now)
            .bind(author_id)
            .bind(state.key())
            .execute(&mut *tx)
            .await?;
        let published = Announcement {
            id,
            tenant_id: tenant.clone(),
            kind: a.kind,
            title: a.title.clone(),
            body: a.body.clone(),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            time_zone: a.time_zone.name().to_string(),
            impact: a.impact,
            modules: a.modules.clone(),
            state,
            emergency_reason: a.emergency_reason.clone(),
            counts_as_downtime: a.counts_as_downtime,
            created_at: now,
            updated_at: now,
            updates: vec![],
        };
        notify(&mut tx, tenant, &published, Notice::Published, now).await?;
    }
    crate::shared::changed(&mut *tx, crate::shared::ANNOUNCEMENTS).await?;
    tx.commit().await?;
    crate::shared::committed(crate::shared::ANNOUNCEMENTS);
    Ok(series)
}

/// Moves an announcement along its lifecycle, with a timestamped note.
pub async fn set_state(pool: &Pool, tenant: &str, id: &str, to: State, note: Option<&str>, author_id: &str, now: i64) -> Result<(), AnnouncementError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT state FROM announcements WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(id).fetch_optional(pool).await?;
    let from = row.and_then(|(s,)| State::from_key(&s)).ok_or(AnnouncementError::NotFound)?;
    if !from.may_become(to) {
        return Err(AnnouncementError::NotAllowed { from, to });
    }
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query("UPDATE announcements SET state = $1, updated_at = $2 WHERE tenant_id = $3 AND id = $4 AND state = $5")
        .bind(to.key())
        .bind(now)
        .bind(tenant)
        .bind(id)
        .bind(from.key())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed != 1 {
        return Err(AnnouncementError::NotAllowed { from, to });
    }
    sqlx::query("INSERT INTO announcement_updates (id, tenant_id, announcement_id, at, state, note, author_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(db::new_id())
        .bind(tenant)
        .bind(id)
        .bind(now)
        .bind(to.key())
        .bind(note.map(str::trim).filter(|n| !n.is_empty()))
        .bind(author_id)
        .execute(&mut *tx)
        .await?;
    if to == State::Completed {
        if let Some(a) = one(&mut tx, tenant, id).await? {
            notify(&mut tx, tenant, &a, Notice::Completed, now).await?;
        }
    }
    crate::shared::changed(&mut *tx, crate::shared::ANNOUNCEMENTS).await?;
    tx.commit().await?;
    crate::shared::committed(crate::shared::ANNOUNCEMENTS);
    Ok(())
}

/// Moves an announcement's window (`starts_at`/`ends_at` as typed, in its own time zone), with
/// a timestamped update; subscribers are told of the new dates. Planned maintenance cannot be
/// brought forward inside the notice period.
#[allow(clippy::too_many_arguments)]
pub async fn reschedule(
    pool: &Pool,
    tenant: &str,
    id: &str,
    starts_at: &str,
    ends_at: &str,
    note: Option<&str>,
    author_id: &str,
    now: i64,
) -> Result<(), AnnouncementError> {
    let mut tx = crate::db::begin(pool).await?;
    let a = one(&mut tx, tenant, id).await?.ok_or(AnnouncementError::NotFound)?;
    if matches!(a.state, State::Completed | State::Cancelled) {
        return Err(AnnouncementError::NotAllowed { from: a.state, to: a.state });
    }
    let (starts, ends) = super::new_window(&a, starts_at, ends_at, now).map_err(AnnouncementError::Window)?;
    if (starts, ends) == (a.starts_at, a.ends_at) {
        return Ok(());
    }
    sqlx::query("UPDATE announcements SET starts_at = $1, ends_at = $2, updated_at = $3 WHERE tenant_id = $4 AND id = $5")
        .bind(starts)
        .bind(ends)
        .bind(now)
        .bind(tenant)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO announcement_updates (id, tenant_id, announcement_id, at, state, note, author_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(db::new_id())
        .bind(tenant)
        .bind(id)
        .bind(now)
        .bind(a.state.key())
        .bind(note.map(str::trim).filter(|n| !n.is_empty()))
        .bind(author_id)
        .execute(&mut *tx)
        .await?;
    let moved = Announcement { starts_at: starts, ends_at: ends, updated_at: now, ..a.clone() };
    notify(&mut tx, tenant, &moved, Notice::Rescheduled { starts_at: a.starts_at, ends_at: a.ends_at }, now).await?;
    crate::shared::changed(&mut *tx, crate::shared::ANNOUNCEMENTS).await?;
    tx.commit().await?;
    crate::shared::committed(crate::shared::ANNOUNCEMENTS);
    Ok(())
}

async fn one(conn: &mut sqlx::AnyConnection, tenant: &str, id: &str) -> Result<Option<Announcement>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE tenant_id = $1 AND id = $2")).bind(tenant).bind(id).fetch_all(&mut *conn).await?;
    Ok(rows.into_iter().next().map(|r| from_row(r, &[])))
}

type Row = (String, String, String, String, String, i64, i64, String, String, String, String, Option<String>, i64, i64, i64);

const SELECT: &str = "SELECT id, tenant_id, kind, title, body, starts_at, ends_at, time_zone, impact, modules, state, emergency_reason, \
     counts_as_downtime, created_at, updated_at FROM announcements";

fn from_row(row: Row, updates: &[(String, i64, String, Option<String>)]) -> Announcement {
    let (id, tenant_id, kind, title, body, starts_at, ends_at, time_zone, impact, modules, state, emergency_reason, downtime, created_at, updated_at) = row;
    Announcement {
        updates: updates.iter().filter(|u| u.0 == id).filter_map(|u| Some((u.1, State::from_key(&u.2)?, u.3.clone()))).collect(),
        modules: modules.split(',').filter(|m| !m.is_empty()).map(str::to_string).collect(),
        id,
        tenant_id,
        kind: Kind::from_key(&kind).unwrap_or(Kind::Planned),
        title,
        body,
        starts_at,
        ends_at,
        time_zone,
        impact: Impact::from_key(&impact).unwrap_or(Impact::Minor),
        state: State::from_key(&state).unwrap_or(State::Scheduled),
        emergency_reason,
        counts_as_downtime: downtime != 0,
        created_at,
        updated_at,
    }
}

/// What the banner may show from `now` on, in one query: announcements neither completed nor
/// cancelled whose window is not over and opens by `starts_by` (see [`super::banner`]). Pages
/// read them through [`super::BannerCache`].
pub async fn banner_candidates(pool: &Pool, tenant: &str, now: i64, starts_by: i64) -> Result<Vec<Announcement>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE tenant_id = $1 AND ends_at > $2 AND starts_at <= $3 AND state NOT IN ('completed', 'cancelled') ORDER BY starts_at"
    ))
    .bind(tenant)
    .bind(now)
    .bind(starts_by)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| from_row(r, &[])).collect())
}

/// A tenant's announcements, soonest window first; with `module`, those that affect it (or no
/// module in particular).
pub async fn list(pool: &Pool, tenant: &str, module: Option<&str>) -> Result<Vec<Announcement>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE tenant_id = $1 ORDER BY starts_at")).bind(tenant).fetch_all(pool).await?;
    let updates: Vec<(String, i64, String, Option<String>)> =
        sqlx::query_as("SELECT announcement_id, at, state, note FROM announcement_updates WHERE tenant_id = $1 ORDER BY at, id")
            .bind(tenant)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|r| from_row(r, &updates)).filter(|a| module.is_none_or(|m| a.affects(m))).collect())
}

/// For the demo (`seed-demo --with-tickets`): planned maintenance next week and an outage last
/// week, told to every customer tenant by the vendor's `author_id`; once.
pub async fn seed_demo_windows(pool: &Pool, author_id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let (told,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM announcements WHERE tenant_id = 'acme'").fetch_one(pool).await?;
    if told > 0 {
        return Ok(false);
    }
    let tenants: Vec<String> = crate::tenant::customer_tenants(pool).await?.into_iter().map(|(id, _)| id).collect();
    const DAY: i64 = 86_400;
    let window = |title: &str, body: &str, kind: Kind, impact: Impact, starts_at: i64, hours: i64| ValidAnnouncement {
        title: title.into(),
        body: body.into(),
        kind,
        impact,
        modules: vec!["compensation".into()],
        starts_at,
        ends_at: starts_at + hours * 3_600,
        time_zone: chrono_tz::Europe::Paris,
        emergency_reason: None,
        counts_as_downtime: kind == Kind::Outage,
    };
    let planned = window(
        "Database upgrade",
        "The payroll database moves to a new version. Exports are unavailable during the window.",
        Kind::Planned,
        Impact::Major,
        now + 8 * DAY,
        4,
    );
    let outage = window(
        "Payroll exports failed",
        "Exports to payroll failed for two hours after a storage fault. All exports were replayed.",
        Kind::Outage,
        Impact::Critical,
        now - 6 * DAY,
        2,
    );
    publish(pool, &tenants, author_id, &planned, now).await?;
    publish(pool, &tenants, author_id, &outage, now).await?;
    Ok(true)
}
