//! IT maintenance and outages (service document §3.2): announcements with a window, an impact and
//! affected modules, a Scheduled → In progress → Completed/Cancelled lifecycle with timestamped
//! updates, the 7-day notice for planned maintenance, the recurring windows, and the Atom and
//! iCalendar feeds.

mod availability;
mod banner_cache;
mod feeds;
mod store;
mod subscriptions;

pub use availability::{availability, counts_as_downtime, Availability, COMMITMENT_PERCENT, TOTAL_MINUTES};
pub use banner_cache::BannerCache;
pub use feeds::{atom, ical};
pub use store::*;
pub use subscriptions::{remind_releases, subscribe, subscription, unsubscribe, unsubscribe_address, Notice, Subscription};

use crate::form::FieldError;
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Planned maintenance is announced at least this long before it starts.
pub const NOTICE_DAYS: i64 = 7;

macro_rules! keyed {
    ($name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),+ } }
            pub fn from_key(key: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.key() == key) }
        }
    };
}

keyed!(Kind { Planned => "planned", Unplanned => "unplanned", Outage => "outage", Resolved => "resolved" });
keyed!(Impact { NoImpact => "none", Minor => "minor", Major => "major", Critical => "critical" });
keyed!(State { Scheduled => "scheduled", InProgress => "in-progress", Completed => "completed", Cancelled => "cancelled" });

impl State {
    /// Scheduled → In progress → Completed; anything not finished may be cancelled.
    pub fn may_become(self, to: State) -> bool {
        matches!(
            (self, to),
            (State::Scheduled, State::InProgress) | (State::InProgress, State::Completed) | (State::Scheduled | State::InProgress, State::Cancelled)
        )
    }
}

/// What the publisher typed, kept as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementForm {
    pub title: String,
    pub body: String,
    pub kind: String,
    pub impact: String,
    pub modules: Vec<String>,
    /// `YYYY-MM-DDTHH:MM` in `time_zone`.
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub emergency: bool,
    pub emergency_reason: String,
    pub counts_as_downtime: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidAnnouncement {
    pub title: String,
    pub body: String,
    pub kind: Kind,
    pub impact: Impact,
    pub modules: Vec<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: Tz,
    pub emergency_reason: Option<String>,
    pub counts_as_downtime: bool,
}

/// Checks an announcement, the 7-day notice for planned maintenance included.
pub fn validate(form: &AnnouncementForm, known_modules: &[String], now: i64) -> Result<ValidAnnouncement, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = form.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new("title", if title.is_empty() { "required" } else { "too-long" }));
    }
    let kind = Kind::from_key(&form.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "required"));
    }
    let impact = Impact::from_key(&form.impact);
    if impact.is_none() {
        errors.push(FieldError::new("impact", "required"));
    }
    let tz: Option<Tz> = form.time_zone.parse().ok();
    if tz.is_none() {
        errors.push(FieldError::new("time_zone", "invalid"));
    }
    let (starts, ends) = typed_window(tz, &form.starts_at, &form.ends_at, &mut errors);
    let reason = form.emergency_reason.trim();
    let emergency = form.emergency && !reason.is_empty();
    if form.emergency && reason.is_empty() {
        errors.push(FieldError::new("emergency_reason", "required"));
    }
    if let (Some(Kind::Planned), Some(s)) = (kind, starts) {
        if s < earliest_start(now) && !form.emergency {
            errors.push(too_soon(tz, now));
        }
    }
    let modules: Vec<String> = form.modules.iter().filter(|m| known_modules.contains(m)).cloned().collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let kind = kind.expect("checked");
    Ok(ValidAnnouncement {
        title,
        body: form.body.replace("\r\n", "\n").trim().chars().take(20_000).collect(),
        kind,
        impact: impact.expect("checked"),
        modules,
        starts_at: starts.expect("checked"),
        ends_at: ends.expect("checked"),
        time_zone: tz.expect("checked"),
        emergency_reason: emergency.then(|| reason.to_string()),
        // Outages count as downtime; planned maintenance only when the publisher says so.
        counts_as_downtime: kind == Kind::Outage || form.counts_as_downtime,
    })
}

/// Checks a new window for `a` typed in its time zone: the end after the start, and planned
/// maintenance not brought forward inside the notice period (moving it later is always fine).
pub fn new_window(a: &Announcement, starts_at: &str, ends_at: &str, now: i64) -> Result<(i64, i64), Vec<FieldError>> {
    let tz = Some(a.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris));
    let mut errors = Vec::new();
    let (Some(s), Some(e)) = typed_window(tz, starts_at, ends_at, &mut errors) else { return Err(errors) };
    if a.kind == Kind::Planned && a.emergency_reason.is_none() && s < a.starts_at && s < earliest_start(now) {
        errors.push(too_soon(tz, now));
    }
    if errors.is_empty() {
        Ok((s, e))
    } else {
        Err(errors)
    }
}

/// A window typed as `datetime-local` values in `tz` (every time is invalid in an unknown zone),
/// with an error for each unreadable time and for an end not after the start.
fn typed_window(tz: Option<Tz>, starts_at: &str, ends_at: &str, errors: &mut Vec<FieldError>) -> (Option<i64>, Option<i64>) {
    let at = |raw: &str| -> Option<i64> {
        let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M").ok()?;
        tz?.from_local_datetime(&naive).earliest().map(|d| d.timestamp())
    };
    let (starts, ends) = (at(starts_at), at(ends_at));
    if starts.is_none() {
        errors.push(FieldError::new("starts_at", "invalid"));
    }
    if ends.is_none() {
        errors.push(FieldError::new("ends_at", "invalid"));
    }
    if let (Some(s), Some(e)) = (starts, ends) {
        if e <= s {
            errors.push(FieldError::new("ends_at", "before-start"));
        }
    }
    (starts, ends)
}

/// The earliest start planned maintenance published at `now` may have.
fn earliest_start(now: i64) -> i64 {
    now + NOTICE_DAYS * 86_400
}

/// The 7-day notice refused, naming the earliest allowed start in the publisher's time zone.
fn too_soon(tz: Option<Tz>, now: i64) -> FieldError {
    let day = tz.and_then(|tz| tz.timestamp_opt(earliest_start(now), 0).single()).map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
    FieldError::with_detail("starts_at", "too-soon", &day)
}

/// A recurring window of the service document (§3.2), as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecurringWindow {
    /// The UI string naming it.
    pub key: &'static str,
    pub days: &'static [Weekday],
    pub start: (u32, u32),
    pub minutes: i64,
}

/// Monday–Friday daily restart at 07:00, Saturday 06:00–08:00 (possible interruption), Monday
/// 18:30–19:30 weekly release; in the service's time zone (`ATRIUM_TIME_ZONE`, Europe/Paris by
/// default).
pub const RECURRING: [RecurringWindow; 3] = [
    RecurringWindow { key: "daily-restart", days: &[Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri], start: (7, 0), minutes: 15 },
    RecurringWindow { key: "saturday-window", days: &[Weekday::Sat], start: (6, 0), minutes: 120 },
    RecurringWindow { key: "weekly-release", days: &[Weekday::Mon], start: (18, 30), minutes: 60 },
];

/// The recurring windows' occurrences over `days` days from `from`, in order: (key, start, end).
pub fn recurring_occurrences(tz: Tz, from: i64, days: i64) -> Vec<(&'static str, i64, i64)> {
    let first = DateTime::from_timestamp(from, 0).unwrap_or_default().with_timezone(&tz).date_naive();
    let mut out = Vec::new();
    for d in 0..days {
        let date = first + Duration::days(d);
        for w in RECURRING {
            if w.days.contains(&date.weekday()) {
                let time = NaiveTime::from_hms_opt(w.start.0, w.start.1, 0).expect("valid time");
                if let Some(start) = tz.from_local_datetime(&date.and_time(time)).earliest() {
                    let start = start.timestamp();
                    if start + w.minutes * 60 > from {
                        out.push((w.key, start, start + w.minutes * 60));
                    }
                }
            }
        }
    }
    out.sort_by_key(|o| o.1);
    out
}

/// What the banner on every page shows: an announcement whose window is open now, else a planned
/// one starting within the notice period; never a completed or cancelled one.
pub fn banner(list: &[Announcement], now: i64) -> Option<&Announcement> {
    let live = |a: &&Announcement| !matches!(a.state, State::Completed | State::Cancelled);
    list.iter()
        .filter(live)
        .find(|a| a.starts_at <= now && now < a.ends_at)
        .or_else(|| list.iter().filter(live).filter(|a| a.starts_at > now && a.starts_at - now <= NOTICE_DAYS * 86_400).min_by_key(|a| a.starts_at))
}

/// The announcements a search finds: every word the reader typed (stop words aside) begins a
/// word of the title, the text, or the labels the reader sees on it (its kind, such as "Outage"
/// or "Planned maintenance", its state and modules), newest first. Announcements are a tenant's
/// own and few, so they are searched where they are stored rather than in the content index.
pub fn matching<'a>(list: &'a [Announcement], query: &str, locale: &str, labels: &dyn Fn(&Announcement) -> String) -> Vec<&'a Announcement> {
    let query = crate::search::without_stop_words(&[locale], &query.to_lowercase(), false);
    let wanted: Vec<String> = query.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2).map(str::to_string).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<&Announcement> = list
        .iter()
        .filter(|a| {
            let text = format!("{} {} {}", a.title, a.body, labels(a)).to_lowercase();
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
            wanted.iter().all(|w| words.iter().any(|t| t.starts_with(w.as_str())))
        })
        .collect();
    found.sort_by_key(|a| std::cmp::Reverse(a.starts_at));
    found
}

#[cfg(test)]
mod tests;
