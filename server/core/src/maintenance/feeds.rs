//! Subscriptions: an Atom feed (atom_syndication) and an iCalendar feed (icalendar) of the
//! announcements, the recurring windows included in the calendar as weekly rules.

use super::{Announcement, RECURRING};
use atom_syndication::{ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, Text};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike};

fn utc(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

fn fixed(t: i64) -> DateTime<FixedOffset> {
    utc(t).fixed_offset()
}

/// The announcements as Atom. `page` is the maintenance page's absolute URL; each entry's id is
/// stable, its `updated` the last change (so readers notice a new date or the completion).
pub fn atom(list: &[Announcement], page: &str, title: &str, labels: &dyn Fn(&Announcement) -> String) -> String {
    let updated = list.iter().map(|a| a.updated_at).max().unwrap_or(0);
    let entries = list
        .iter()
        .map(|a| {
            let mut html = format!("<p><strong>{}</strong></p>", crate::escape_html(&labels(a)));
            html.push_str(&crate::content::render(&a.body, "en", "").html);
            EntryBuilder::default()
                .id(format!("urn:atrium:announcement:{}", a.id))
                .title(Text::plain(a.title.clone()))
                .updated(fixed(a.updated_at))
                .published(Some(fixed(a.created_at)))
                .links(vec![LinkBuilder::default().href(format!("{page}#announcement-{}", a.id)).rel("alternate").build()])
                .content(Some(ContentBuilder::default().value(Some(html)).content_type(Some("html".into())).build()))
                .build()
        })
        .collect::<Vec<_>>();
    FeedBuilder::default()
        .id(format!("{page}#feed"))
        .title(Text::plain(title))
        .updated(fixed(updated))
        .links(vec![LinkBuilder::default().href(page.to_string()).rel("alternate").build()])
        .entries(entries)
        .build()
        .to_string()
}

/// The announcements and the recurring windows as iCalendar events.
/// The recurring windows are given in `tz`, the service's time zone.
pub fn ical(list: &[Announcement], page: &str, name: &str, tz: chrono_tz::Tz, recurring_names: &dyn Fn(&str) -> String) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for a in list {
        let status = match a.state {
            super::State::Cancelled => "CANCELLED",
            super::State::Scheduled => "TENTATIVE",
            _ => "CONFIRMED",
        };
        calendar.push(
            Event::new()
                .uid(&format!("announcement-{}@atrium", a.id))
                .summary(&a.title)
                .description(&a.body)
                .starts(utc(a.starts_at))
                .ends(utc(a.ends_at))
                .timestamp(utc(a.updated_at))
                .url(&format!("{page}#announcement-{}", a.id))
                .add_property("STATUS", status)
                .add_property("LAST-MODIFIED", utc(a.updated_at).format("%Y%m%dT%H%M%SZ").to_string())
                .done(),
        );
    }
    for w in RECURRING {
        // The first occurrence on or after 2026-01-05 (a Monday), then every week on its days.
        let first_day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
        let first = (0..7).map(|d| first_day + chrono::Duration::days(d)).find(|d| chrono::Datelike::weekday(d) == w.days[0]).unwrap_or(first_day);
        let start = first.and_hms_opt(w.start.0, w.start.1, 0).expect("valid time");
        let end = start + chrono::Duration::minutes(w.minutes);
        let days: Vec<&str> = w
            .days
            .iter()
            .map(|d| match d {
                chrono::Weekday::Mon => "MO",
                chrono::Weekday::Tue => "TU",
                chrono::Weekday::Wed => "WE",
                chrono::Weekday::Thu => "TH",
                chrono::Weekday::Fri => "FR",
                chrono::Weekday::Sat => "SA",
                chrono::Weekday::Sun => "SU",
            })
            .collect();
        calendar.push(
            Event::new()
                .uid(&format!("recurring-{}@atrium", w.key))
                .summary(&recurring_names(w.key))
                .starts(CalendarDateTime::WithTimezone { date_time: start, tzid: tz.name().into() })
                .ends(CalendarDateTime::WithTimezone { date_time: end, tzid: tz.name().into() })
                .timestamp(utc(tz.from_local_datetime(&start).earliest().map(|d| d.timestamp()).unwrap_or(0)))
                .add_property("RRULE", format!("FREQ=WEEKLY;BYDAY={}", days.join(",")))
                .done(),
        );
    }
    calendar.done().to_string()
}
