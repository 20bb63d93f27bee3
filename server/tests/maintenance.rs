//! Maintenance announcements over HTTP: the 7-day rule, who may publish, the banner, the feeds.

mod common;

use atrium_core::clock::ManualClock;
use axum::http::{header, StatusCode};
use common::*;
use icalendar::Component;

const ACME: &str = "127.0.0.1:3000";

fn announcement(starts: &str, ends: &str) -> String {
    format!(
        "title=Database+upgrade&kind=planned&impact=major&modules=compensation&modules=core-hr&starts_at={}&ends_at={}&time_zone=Europe%2FParis&body=We+upgrade+the+**database**.",
        starts.replace(':', "%3A"),
        ends.replace(':', "%3A")
    )
}

#[test]
fn planned_maintenance_needs_a_weeks_notice_and_then_shows_in_the_banner_and_the_feeds() {
    on_shared_runtime(async {
        // Monday 23 November 2026, 10:00 in Paris.
        let clock = ManualClock::at(1_795_424_400);
        let moved = clock.clone();
        let (app, _state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;

        // Two days ahead: refused, with the earliest allowed start, and the form kept.
        let r = send(&app, form(ACME, "/en/maintenance", &announcement("2026-11-25T22:00", "2026-11-26T02:00"), Some(&agent))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let back = r.headers[header::LOCATION].to_str().unwrap().split('#').next().unwrap().to_string();
        assert!(back.starts_with("/en/maintenance?draft="), "{back}");
        let page = get_with_cookie(&app, ACME, &back, &agent).await.body;
        assert!(
            page.contains("Planned maintenance must be announced at least 7 days ahead: start on 2026-11-30 10:00 or later"),
            "message missing: {}",
            page.split("id=\"publish\"").nth(1).unwrap_or("no form")
        );
        assert!(page.contains("value=\"Database upgrade\""));
        assert!(page.contains("No maintenance or outage announced."), "nothing was published");

        // A customer may not publish, nor may another site post for the agent.
        let r = send(&app, form(ACME, "/en/maintenance", &announcement("2026-12-01T22:00", "2026-12-02T02:00"), Some(&ada))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let mut cross = form(ACME, "/en/maintenance", &announcement("2026-12-01T22:00", "2026-12-02T02:00"), Some(&agent));
        cross.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);

        // Eight days ahead: published.
        let r = send(&app, form(ACME, "/en/maintenance", &announcement("2026-12-01T22:00", "2026-12-02T02:00"), Some(&agent))).await;
        assert_eq!(r.headers[header::LOCATION], "/en/maintenance?published=1");
        let page = get(&app, ACME, "/en/maintenance").await.body;
        assert!(page.contains("Database upgrade") && page.contains("2026-12-01 22:00 – 2026-12-02 02:00 (Europe/Paris)"));
        assert!(page.contains("<strong>database</strong>"), "the body is Markdown");
        assert!(!get(&app, ACME, "/en").await.body.contains("maintenance-banner"), "no banner 8 days ahead");
        // In the week before, every page carries the banner; Globex's pages do not.
        clock.advance(2 * 86_400);
        assert!(get(&app, ACME, "/en").await.body.contains("Planned maintenance:"));
        assert!(get(&app, ACME, "/fr/core-hr").await.body.contains("Maintenance planifiée :"));
        assert!(!get(&app, "localhost:3000", "/en").await.body.contains("maintenance-banner"));

        // The feeds carry it, filtered by module, and parse back.
        let atom = get(&app, ACME, "/feeds/maintenance.atom?module=compensation").await;
        assert_eq!(atom.headers[header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
        let feed: atom_syndication::Feed = atom.body.parse().unwrap();
        assert_eq!(feed.entries().iter().map(|e| e.title().as_str()).collect::<Vec<_>>(), vec!["Database upgrade"]);
        let none: atom_syndication::Feed = get(&app, ACME, "/feeds/maintenance.atom?module=training").await.body.parse().unwrap();
        assert!(none.entries().is_empty());
        let ics = get(&app, ACME, "/feeds/maintenance.ics").await;
        assert_eq!(ics.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
        let calendar: icalendar::Calendar = ics.body.parse().unwrap();
        let upgrade = calendar.events().find(|e| e.get_summary() == Some("Database upgrade")).expect("event in the calendar");
        assert_eq!(upgrade.property_value("DTSTART"), Some("20261201T210000Z"));
        assert!(calendar.events().any(|e| e.get_summary() == Some("Weekly release")));
        assert!(get(&app, "localhost:3000", "/feeds/maintenance.ics")
            .await
            .body
            .parse::<icalendar::Calendar>()
            .unwrap()
            .events()
            .all(|e| e.get_summary() != Some("Database upgrade")));

        // An outage of 90 minutes this morning: (259,200 − 90) / 259,200 = 99.965 %, shown 99.96 %.
        // Days have passed on the test's clock since the agent signed in: a new session.
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let outage = "title=Sign-in+outage&kind=outage&impact=critical&starts_at=2026-11-25T07%3A00&ends_at=2026-11-25T08%3A30&time_zone=Europe%2FParis&body=";
        assert_eq!(send(&app, form(ACME, "/en/maintenance", outage, Some(&agent))).await.status, StatusCode::SEE_OTHER);
        let page = get(&app, ACME, "/en/maintenance").await.body;
        let availability =
            page.split("id=\"availability-heading\"").nth(1).and_then(|s| s.split("announcements-heading").next()).expect("availability section");
        assert!(availability.contains("99.96 %") && availability.contains("meets the 99.50 % commitment"), "{availability}");
        assert!(availability.contains("Sign-in outage") && !availability.contains("Database upgrade"), "planned maintenance is not counted");
        assert!(get(&app, ACME, "/fr/maintenance").await.body.contains("99,96 %"));
        assert!(get(&app, "localhost:3000", "/en/maintenance").await.body.contains("100.00 %"), "another tenant's outage does not count");
    })
}

async fn mails_to(state: &atrium_app::state::AppState, to: &str) -> Vec<(String, String)> {
    atrium_core::sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at, id")
        .bind(to)
        .fetch_all(&state.pool)
        .await
        .unwrap()
}

#[test]
fn subscribers_hear_of_new_announcements_new_dates_and_completion_and_leave_in_one_click() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_424_400); // Monday 23 November 2026, 10:00 Paris
        let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(clock)).await;
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;

        // Signed-in readers subscribe their own address; nobody else can, nor from another site.
        assert!(get(&app, ACME, "/en/maintenance").await.body.contains("Sign in to receive announcements by email"));
        let r = send(&app, form(ACME, "/api/maintenance-subscribe", "locale=en&module=", Some(&ada))).await;
        assert!(r.headers[header::LOCATION].to_str().unwrap().contains("subscription=on"));
        send(&app, form(ACME, "/api/maintenance-subscribe", "locale=en&module=training", Some(&bob))).await;
        let mut cross = form(ACME, "/api/maintenance-subscribe", "locale=en&module=", Some(&agent));
        cross.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
        assert!(get_with_cookie(&app, ACME, "/en/maintenance", &ada).await.body.contains("are sent to ada@acme.example"));

        // A new announcement reaches Ada (every module), not Bob (training only).
        send(&app, form(ACME, "/en/maintenance", &announcement("2026-12-01T22:00", "2026-12-02T02:00"), Some(&agent))).await;
        let to_ada = mails_to(&state, "ada@acme.example").await;
        assert_eq!(to_ada.len(), 1, "{to_ada:?}");
        assert_eq!(to_ada[0].0, "Planned maintenance: Database upgrade");
        assert!(to_ada[0].1.contains("2026-12-01 22:00 – 2026-12-02 02:00 (Europe/Paris)"));
        assert!(mails_to(&state, "bob@acme.example").await.is_empty());
        let (id,): (String,) =
            atrium_core::sqlx::query_as("SELECT id FROM announcements WHERE title = 'Database upgrade'").fetch_one(&state.pool).await.unwrap();

        // Brought forward inside the notice: refused, nothing sent. Moved later: everyone told.
        let dates = |s: &str, e: &str| format!("locale=en&id={id}&starts_at={}&ends_at={}&note=Vendor+delay", s.replace(':', "%3A"), e.replace(':', "%3A"));
        let r = send(&app, form(ACME, "/api/announcement-dates", &dates("2026-11-26T22:00", "2026-11-27T02:00"), Some(&agent))).await;
        assert!(r.headers[header::LOCATION].to_str().unwrap().contains("error=too-soon"), "{:?}", r.headers);
        // A customer cannot move it: the server function answers with its error, not the change.
        let r = send(&app, form(ACME, "/api/announcement-dates", &dates("2026-12-04T22:00", "2026-12-05T02:00"), Some(&ada))).await;
        assert!(r.headers.get(header::LOCATION).is_none_or(|l| !l.to_str().unwrap().contains("done=dates")), "{:?}", r.headers);
        assert_eq!(mails_to(&state, "ada@acme.example").await.len(), 1);
        let r = send(&app, form(ACME, "/api/announcement-dates", &dates("2026-12-03T22:00", "2026-12-04T02:00"), Some(&agent))).await;
        assert!(r.headers[header::LOCATION].to_str().unwrap().contains("done=dates"));
        let moved = mails_to(&state, "ada@acme.example").await;
        assert_eq!(moved[1].0, "New dates: Database upgrade");
        assert!(moved[1].1.contains("has moved to 2026-12-03 22:00 – 2026-12-04 02:00 (Europe/Paris) (it was 2026-12-01 22:00"), "{}", moved[1].1);
        let page = get(&app, ACME, "/en/maintenance").await.body;
        assert!(page.contains("2026-12-03 22:00 – 2026-12-04 02:00") && page.contains("Vendor delay"));

        // Completion.
        for to in ["in-progress", "completed"] {
            send(&app, form(ACME, "/api/announcement-state", &format!("locale=en&id={id}&to_state={to}&note="), Some(&agent))).await;
        }
        let done = mails_to(&state, "ada@acme.example").await;
        assert_eq!(done.len(), 3);
        assert_eq!(done[2].0, "Completed: Database upgrade");

        // One click leaves, without signing in; the token means nothing on another tenant's site.
        let link = done[2].1.split_whitespace().find(|w| w.contains("/maintenance/unsubscribe?token=")).unwrap().to_string();
        let path = &link[link.find("/en/").unwrap()..];
        assert!(get(&app, "localhost:3000", path).await.body.contains("This link is no longer valid"));
        assert!(get(&app, ACME, path).await.body.contains("You are unsubscribed"));
        assert!(get(&app, ACME, path).await.body.contains("This link is no longer valid"), "a used link says so");
        send(&app, form(ACME, "/en/maintenance", &announcement("2026-12-08T22:00", "2026-12-09T02:00"), Some(&agent))).await;
        assert_eq!(mails_to(&state, "ada@acme.example").await.len(), 3, "no mail after unsubscribing");
    })
}
