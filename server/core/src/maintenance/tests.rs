use super::*;
use crate::{
    db,
    identity::{self, Role},
};
use icalendar::Component;

fn paris(s: &str) -> i64 {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    chrono_tz::Europe::Paris.from_local_datetime(&naive).earliest().unwrap().timestamp()
}

fn form(kind: &str, starts: &str, ends: &str) -> AnnouncementForm {
    AnnouncementForm {
        title: "Database upgrade".into(),
        body: "We upgrade the **database** cluster.".into(),
        kind: kind.into(),
        impact: "major".into(),
        modules: vec!["compensation".into(), "unknown".into()],
        starts_at: starts.into(),
        ends_at: ends.into(),
        time_zone: "Europe/Paris".into(),
        ..Default::default()
    }
}

const NOW: &str = "2026-11-23 10:00";

#[test]
fn planned_maintenance_needs_seven_days_notice_unless_it_is_an_emergency() {
    let modules = vec!["compensation".to_string()];
    let now = paris(NOW);
    let ok = validate(&form("planned", "2026-12-01T22:00", "2026-12-02T02:00"), &modules, now).unwrap();
    assert_eq!((ok.starts_at, ok.modules.clone()), (paris("2026-12-01 22:00"), modules.clone()));
    assert!(!ok.counts_as_downtime, "planned maintenance is not downtime unless marked");
    let errors = validate(&form("planned", "2026-11-25T22:00", "2026-11-26T02:00"), &modules, now).unwrap_err();
    assert_eq!(errors, vec![FieldError::with_detail("starts_at", "too-soon", "2026-11-30 10:00")]);
    let mut emergency = form("planned", "2026-11-25T22:00", "2026-11-26T02:00");
    emergency.emergency = true;
    assert_eq!(validate(&emergency, &modules, now).unwrap_err(), vec![FieldError::new("emergency_reason", "required")]);
    emergency.emergency_reason = "Security patch for CVE-2026-1234".into();
    assert!(validate(&emergency, &modules, now).is_ok());
    // Outages are reported as they happen, and count as downtime.
    let outage = validate(&form("outage", "2026-11-23T09:00", "2026-11-23T09:40"), &modules, now).unwrap();
    assert!(outage.counts_as_downtime);
}

#[test]
fn bad_windows_and_zones_are_named() {
    let errors = validate(&form("planned", "2026-12-02T02:00", "2026-12-01T22:00"), &[], paris(NOW)).unwrap_err();
    assert_eq!(errors, vec![FieldError::new("ends_at", "before-start")]);
    let mut f = form("nope", "tomorrow", "2026-12-01T22:00");
    f.time_zone = "Mars/Olympus".into();
    f.title.clear();
    let fields: Vec<String> = validate(&f, &[], paris(NOW)).unwrap_err().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "kind", "time_zone", "starts_at", "ends_at"]);
}

#[test]
fn the_recurring_windows_follow_the_service_document() {
    // Monday 23 November 2026 from 00:00: the daily restart, then the weekly release at 18:30.
    let week = recurring_occurrences(chrono_tz::Europe::Paris, paris("2026-11-23 00:00"), 7);
    let keys: Vec<&str> = week.iter().map(|o| o.0).collect();
    assert_eq!(keys, ["daily-restart", "weekly-release", "daily-restart", "daily-restart", "daily-restart", "daily-restart", "saturday-window"]);
    assert_eq!(week[1].1, paris("2026-11-23 18:30"));
    assert_eq!(week[6], ("saturday-window", paris("2026-11-28 06:00"), paris("2026-11-28 08:00")));
}

#[tokio::test]
async fn the_lifecycle_the_banner_and_both_feeds() {
    let pool = db::connect_for_test().await;
    crate::tenant::seed_demo(&pool).await.unwrap();
    let agent = identity::create_user(&pool, "acme", "agent@acme.example", "Sam", None, Role::SupportAgent, &[], crate::db::now()).await.unwrap();
    let now = paris(NOW);
    let v = validate(&form("planned", "2026-12-01T22:00", "2026-12-02T02:00"), &["compensation".to_string()], now).unwrap();
    publish(&pool, &["acme".to_string()], &agent.id, &v, now).await.unwrap();
    let list = list(&pool, "acme", None).await.unwrap();
    assert_eq!(list.len(), 1);
    assert!(super::list(&pool, "globex", None).await.unwrap().is_empty(), "other tenants see nothing");
    assert!(super::list(&pool, "acme", Some("core-hr")).await.unwrap().is_empty(), "filtered by module");
    // The banner, from what one query reads: not yet (8 days ahead), then in the week before, then
    // during the window; never on another tenant's pages.
    let (cache, versions) = (std::sync::Arc::new(BannerCache::default()), std::sync::Arc::new(crate::shared::Versions::default()));
    let shown = |tenant: &'static str, at: i64| {
        let (pool, cache, versions) = (pool.clone(), cache.clone(), versions.clone());
        async move { banner(&cache.candidates(&pool, &versions, tenant, at).await.unwrap(), at).map(|a| a.id.clone()) }
    };
    assert!(banner(&list, now).is_none());
    assert_eq!(shown("acme", now).await, None);
    assert_eq!(shown("acme", paris("2026-11-25 10:00")).await.as_ref(), Some(&list[0].id));
    assert_eq!(shown("acme", paris("2026-12-01 23:00")).await.as_ref(), Some(&list[0].id));
    assert_eq!(shown("globex", paris("2026-12-01 23:00")).await, None);
    assert_eq!(shown("acme", paris("2026-12-02 02:00")).await, None, "the window is over");
    let a = &list[0];
    assert!(matches!(set_state(&pool, "acme", &a.id, State::Completed, None, &agent.id, now).await, Err(AnnouncementError::NotAllowed { .. })));
    set_state(&pool, "acme", &a.id, State::InProgress, Some("Started"), &agent.id, paris("2026-12-01 22:00")).await.unwrap();
    assert_eq!(shown("acme", paris("2026-12-01 23:00")).await.as_ref(), Some(&a.id));
    set_state(&pool, "acme", &a.id, State::Completed, Some("Done early"), &agent.id, paris("2026-12-01 23:00")).await.unwrap();
    // The page right after no longer shows it: the node's copy of the banner was dropped.
    assert_eq!(shown("acme", paris("2026-12-01 23:00") + 5).await, None, "a completed window leaves the banner at once");
    assert!(matches!(set_state(&pool, "globex", &a.id, State::Cancelled, None, &agent.id, now).await, Err(AnnouncementError::NotFound)));
    let list = super::list(&pool, "acme", None).await.unwrap();
    assert_eq!(list[0].updates.iter().map(|u| u.1).collect::<Vec<_>>(), vec![State::Scheduled, State::InProgress, State::Completed]);
    assert!(banner(&list, paris("2026-12-01 23:30")).is_none(), "a completed window has no banner");
    assert_eq!(shown("acme", paris("2026-12-01 23:30")).await, None, "nor is it read for one");

    // Both feeds parse back with the same crates and carry the announcement.
    let atom_text = atom(&list, "http://127.0.0.1:3000/en/maintenance", "Maintenance", &|a| a.kind.key().to_string());
    let feed: atom_syndication::Feed = atom_text.parse().unwrap();
    assert_eq!(feed.entries().len(), 1);
    assert_eq!(feed.entries()[0].title().as_str(), "Database upgrade");
    assert!(feed.entries()[0].content().unwrap().value().unwrap().contains("<strong>database</strong>"));
    let ics = ical(&list, "http://127.0.0.1:3000/en/maintenance", "Maintenance", chrono_tz::Europe::Paris, &|k| k.to_string());
    let calendar: icalendar::Calendar = ics.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 1 + RECURRING.len());
    assert_eq!(events[0].get_summary(), Some("Database upgrade"));
    assert_eq!(events[0].property_value("STATUS"), Some("CONFIRMED"));
    assert!(events.iter().any(|e| e.property_value("RRULE") == Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")));
}

#[tokio::test]
async fn an_outage_reported_after_it_ended_is_published_completed_and_one_under_way_in_progress() {
    let pool = db::connect_for_test().await;
    crate::tenant::seed_demo(&pool).await.unwrap();
    let agent = identity::create_user(&pool, "acme", "agent@acme.example", "Sam", None, Role::SupportAgent, &[], crate::db::now()).await.unwrap();
    let now = paris(NOW);
    let modules = ["compensation".to_string()];
    let ended = validate(&form("outage", "2026-11-23T08:00", "2026-11-23T09:40"), &modules, now).unwrap();
    let ongoing = validate(&form("outage", "2026-11-23T09:30", "2026-11-23T11:00"), &modules, now).unwrap();
    publish(&pool, &["acme".to_string()], &agent.id, &ended, now).await.unwrap();
    publish(&pool, &["acme".to_string()], &agent.id, &ongoing, now).await.unwrap();
    let list = list(&pool, "acme", None).await.unwrap();
    let state_of = |starts: i64| list.iter().find(|a| a.starts_at == starts).unwrap();
    let ended = state_of(paris("2026-11-23 08:00"));
    assert_eq!(ended.state, State::Completed);
    assert_eq!(ended.updates.iter().map(|u| u.1).collect::<Vec<_>>(), vec![State::Completed]);
    assert!(matches!(set_state(&pool, "acme", &ended.id, State::InProgress, None, &agent.id, now).await, Err(AnnouncementError::NotAllowed { .. })));
    assert_eq!(state_of(paris("2026-11-23 09:30")).state, State::InProgress);
}

#[tokio::test]
async fn search_finds_announcements_by_their_words_and_the_labels_readers_see() {
    let pool = db::connect_for_test().await;
    crate::tenant::seed_demo(&pool).await.unwrap();
    let agent = identity::create_user(&pool, "acme", "agent@acme.example", "Sam", None, Role::SupportAgent, &[], crate::db::now()).await.unwrap();
    let now = paris(NOW);
    let modules = ["compensation".to_string()];
    let outage = validate(&form("outage", "2026-11-23T08:00", "2026-11-23T09:40"), &modules, now).unwrap();
    let planned = validate(&form("planned", "2026-12-01T22:00", "2026-12-02T02:00"), &modules, now).unwrap();
    publish(&pool, &["acme".to_string()], &agent.id, &outage, now).await.unwrap();
    publish(&pool, &["acme".to_string()], &agent.id, &planned, now).await.unwrap();
    let list = list(&pool, "acme", None).await.unwrap();
    let label = |a: &Announcement| match a.kind {
        Kind::Outage => "Outage".to_string(),
        _ => "Planned maintenance".to_string(),
    };
    assert_eq!(matching(&list, "outage", "en", &label).len(), 1);
    assert_eq!(matching(&list, "maintenance", "en", &label).len(), 1);
    assert_eq!(matching(&list, "the database upgrade", "en", &label).len(), 2, "stop words aside, both are about it");
    assert_eq!(matching(&list, "datab", "en", &label).len(), 2, "words are matched by their beginning");
    assert!(matching(&list, "zeppelin", "en", &label).is_empty());
    assert!(matching(&list, "", "en", &label).is_empty());
    assert!(super::list(&pool, "globex", None).await.unwrap().is_empty(), "another tenant's list has none to find");
}
