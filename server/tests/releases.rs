//! Release notes over HTTP: scheduled publishing against a moved clock (page, note, search and
//! feed), the module and version filters, the locales, and the Atom feed parsed back; and the
//! support phases of the versions an article describes.

mod common;

use atrium_core::clock::ManualClock;
use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";

fn entry_titles(body: &str) -> Vec<String> {
    let feed: atom_syndication::Feed = body.parse().expect("the feed parses back");
    feed.entries().iter().map(|e| e.title().as_str().to_string()).collect()
}

fn search_total(body: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(body).unwrap()["total"].as_u64().unwrap()
}

#[test]
fn a_scheduled_note_appears_at_its_time_and_not_before() {
    on_shared_runtime(async {
        // Monday 23 November 2026, 10:00 in Paris; week 48's note is scheduled for 18:30.
        let clock = ManualClock::at(1_795_424_400);
        let moved = clock.clone();
        let (app, _state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;

        let page = get(&app, ACME, "/en/releases").await.body;
        assert!(page.contains("Week 47: dry run for imports and calendar sync"), "published notes are listed");
        assert!(!page.contains("Week 48"), "not before its time");
        assert!(page.contains("Delivered deactivated") && page.contains("connect your Microsoft 365 tenant"), "states and how to activate");
        assert_eq!(get(&app, ACME, "/en/releases/2026-week-48").await.status, StatusCode::NOT_FOUND);
        assert_eq!(search_total(&get(&app, ACME, "/api/search?q=multiposting&locale=en").await.body), 0);
        let feed = get(&app, ACME, "/feeds/releases.atom?locale=en").await;
        assert_eq!(feed.headers[header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
        let titles = entry_titles(&feed.body);
        assert_eq!(titles.len(), 7, "{titles:?}");
        assert_eq!(titles[0], "Week 47: dry run for imports and calendar sync (2026.2.7)");

        // 18:31: there, without a restart or a reindex.
        clock.advance(8 * 3600 + 31 * 60);
        assert!(get(&app, ACME, "/en/releases").await.body.contains("Week 48: job board multiposting"));
        let note = get(&app, ACME, "/en/releases/2026-week-48").await;
        assert_eq!(note.status, StatusCode::OK);
        assert!(note.body.contains("Multiposting to job boards"));
        let found: serde_json::Value = serde_json::from_str(&get(&app, ACME, "/api/search?q=multiposting&locale=en").await.body).unwrap();
        assert_eq!(found["results"][0]["path"], "/en/releases/2026-week-48");
        assert_eq!(found["results"][0]["type"], "release");
        assert_eq!(entry_titles(&get(&app, ACME, "/feeds/releases.atom?locale=en").await.body)[0], "Week 48: job board multiposting (2026.2.8)");
        // Week 49 is still a week away.
        assert!(!get(&app, ACME, "/en/releases").await.body.contains("Week 49"));
    })
}

#[test]
fn notes_filter_by_module_and_version_and_speak_the_readers_language() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_424_400);
        let (app, _state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(clock)).await;

        let training = get(&app, ACME, "/en/releases?module=training").await.body;
        assert!(training.contains("Week 47") && training.contains("Week 42: training waiting lists"));
        assert!(!training.contains("Week 43"), "a recruiting-only note is filtered out");
        let one = get(&app, ACME, "/en/releases?version=2026.2.3").await.body;
        assert!(one.contains("Week 43: interview scheduling") && !one.contains("Week 42:") && !one.contains("Week 44:"));
        let line = get(&app, ACME, "/en/releases?version=2026.2").await.body;
        assert!(line.contains("Week 41:") && line.contains("Week 47:"), "a version line matches its weekly versions");

        let fr = get(&app, ACME, "/fr/releases").await.body;
        assert!(fr.contains("Semaine 47 : import à blanc") && fr.contains("Livré désactivé"));
        assert!(entry_titles(&get(&app, ACME, "/feeds/releases.atom?locale=fr").await.body)[0].starts_with("Semaine 47"));
        // German readers get the English notes, flagged.
        let de = get(&app, ACME, "/de/releases").await.body;
        assert!(de.contains("Week 47:") && de.contains("Versionshinweise"));

        // Search offers a type facet and filters on it.
        let all: serde_json::Value = serde_json::from_str(&get(&app, ACME, "/api/search?q=import&locale=en").await.body).unwrap();
        assert!(all["types"]["article"].as_u64().unwrap() > 0 && all["types"]["release"].as_u64().unwrap() > 0, "{}", all["types"]);
        let releases: serde_json::Value = serde_json::from_str(&get(&app, ACME, "/api/search?q=import&locale=en&type=release").await.body).unwrap();
        let hits = releases["results"].as_array().unwrap();
        assert!(!hits.is_empty() && hits.iter().all(|h| h["type"] == "release"));
        assert_eq!(get(&app, ACME, "/api/search?q=import&locale=en&type=spam").await.status, StatusCode::BAD_REQUEST);
        let page = get(&app, ACME, "/en/search?q=import&type=release").await.body;
        assert!(page.contains("Release notes") && page.contains("/en/releases/"));
    })
}

#[test]
fn articles_about_versions_past_standard_warn_and_recommend_an_upgrade() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_424_400); // 2026-11-23
        let moved = clock.clone();
        let (app, _state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let old = get(&app, ACME, "/en/core-hr/org-chart-visio-export").await.body;
        assert!(old.contains("This article describes Core HR 2025.2, now in the “Extended” phase."), "warning missing");
        assert!(old.contains("We recommend upgrading to 2026.2."));
        let fr = get(&app, ACME, "/fr/core-hr/org-chart-visio-export").await.body;
        assert!(fr.contains("désormais en phase « Étendu »"), "French warning");
        assert!(!get(&app, ACME, "/en/core-hr/org-chart").await.body.contains("upgrade-warning"), "no warning on articles for every version");
        let module = get(&app, ACME, "/en/core-hr").await.body;
        assert!(module.contains("2025.2") && module.contains("Extended"));

        // Back on 1 February 2026, 2025.2 was still in Standard support: no warning.
        clock.set(1_769_936_400);
        assert!(!get(&app, ACME, "/en/core-hr/org-chart-visio-export").await.body.contains("upgrade-warning"));
    })
}
