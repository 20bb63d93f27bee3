//! Release notes in the studio: a publisher writes the weekly note (features, their state and
//! how to activate them), previews it without JavaScript, publishes it to the releases page and
//! feed; a note announcing a major feature ahead carries a reminder day, when the subscribers
//! who follow its modules are mailed, once.

mod common;

use atrium_core::sqlx;
use axum::http::StatusCode;
use common::*;

const ACME: &str = "127.0.0.1:3000";

fn note(date: &str, reminder: &str, activation: &str, action: &str) -> String {
    note_shown(date, "", reminder, activation, action)
}

fn note_shown(date: &str, publish_at: &str, reminder: &str, activation: &str, action: &str) -> String {
    serde_urlencoded::to_string([
        ("language", "en"),
        ("slug", "2027-payroll-calendar"),
        ("new", "1"),
        ("base", "0"),
        ("title", "Payroll calendar sync"),
        ("version", "2027.1.0"),
        ("date", date),
        ("publish_at", publish_at),
        ("modules", "core-hr"),
        ("summary", "Pay dates follow the company calendar."),
        ("reminder_on", reminder),
        ("feature_title_0", "Calendar sync for pay dates"),
        ("feature_module_0", "core-hr"),
        ("feature_state_0", "delivered-deactivated"),
        ("feature_activation_0", activation),
        ("feature_title_1", ""),
        ("feature_module_1", ""),
        ("feature_state_1", "active"),
        ("feature_activation_1", ""),
        ("body", "Pay dates now follow **the company calendar**."),
        ("action", action),
    ])
    .unwrap()
}

#[test]
fn a_publisher_writes_previews_and_publishes_a_release_note_and_its_reminder_is_mailed_once() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let today = state.today();
        let date = (today + chrono::Months::new(2)).to_string();
        let list = get_with_cookie(&app, ACME, "/en/studio", &rita).await.body;
        assert!(list.contains("Release notes") && list.contains("Week 49"), "the folder's notes are listed");

        // Preview without JavaScript: every value comes back, the text rendered below.
        let to =
            location(&send(&app, form(ACME, "/en/studio/release", &note(&date, &today.to_string(), "Administration > Payroll", "preview"), Some(&rita))).await);
        assert!(to.contains("draft=") && to.ends_with("#preview"), "{to}");
        let preview = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body;
        assert!(preview.contains("<strong>the company calendar</strong>") && preview.contains("value=\"Calendar sync for pay dates\""), "{preview}");

        // Problems next to their fields: a deactivated feature without its activation, a
        // reminder after the release.
        let to = location(&send(&app, form(ACME, "/en/studio/release", &note(&date, &date, "", "publish"), Some(&rita))).await);
        let refused = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body;
        assert!(refused.contains("Say how to activate “Calendar sync for pay dates”"), "{refused}");
        assert!(refused.contains("The reminder must come before the release date."));
        assert!(atrium_core::content::studio::latest_numbers(&state.pool).await.unwrap().is_empty(), "nothing saved");

        // Announced ahead with a reminder, it must be shown by the reminder day.
        let to =
            location(&send(&app, form(ACME, "/en/studio/release", &note(&date, &today.to_string(), "Administration > Payroll", "publish"), Some(&rita))).await);
        assert!(get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body.contains("must be shown by its reminder day"));

        // Published now: on the releases page and in the feed, with how to activate the feature.
        let shown = chrono::DateTime::from_timestamp(state.clock.now() - 120, 0)
            .unwrap()
            .with_timezone(&state.tickets.calendar.tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let publish = note_shown(&date, &shown, &today.to_string(), "Administration > Payroll", "publish");
        let to = location(&send(&app, form(ACME, "/en/studio/release", &publish, Some(&rita))).await);
        assert!(to.ends_with("&published=1"), "{to}");
        eventually("the note on the releases page", async || get(&app, ACME, "/en/releases").await.body.contains("Payroll calendar sync")).await;
        let page = get(&app, ACME, "/en/releases/2027-payroll-calendar").await.body;
        assert!(page.contains("Administration &gt; Payroll") && page.contains("the company calendar"), "{page}");
        assert!(get(&app, ACME, "/feeds/releases.atom?locale=en").await.body.contains("Payroll calendar sync"));
        // Its history leads back to the release editor, not the article editor.
        let history = get_with_cookie(&app, ACME, "/en/studio/history?path=en/releases/2027-payroll-calendar.md", &rita).await.body;
        assert!(history.contains("href=\"/en/studio/release?path=en/releases/2027-payroll-calendar.md\""), "{history}");

        // The reminder: to Acme's subscriber who follows Core HR (in French, on Acme's own help
        // centre), not to the one who follows only Compensation; once, however often the jobs run.
        let now = state.clock.now();
        for (email, module) in [("ops@acme.example", "core-hr"), ("pay@acme.example", "compensation")] {
            atrium_core::maintenance::subscribe(&state.pool, "acme", email, "fr", Some(module), "http://127.0.0.1:3000", now).await.unwrap();
        }
        let store = state.content();
        assert_eq!(atrium_core::maintenance::remind_releases(&state.pool, &store, today - chrono::Days::new(1), now).await.unwrap(), 0, "not before its day");
        assert_eq!(atrium_core::maintenance::remind_releases(&state.pool, &store, today, now).await.unwrap(), 1);
        assert_eq!(atrium_core::maintenance::remind_releases(&state.pool, &store, today, now).await.unwrap(), 0, "once");
        let mails: Vec<(String, String, String)> =
            sqlx::query_as("SELECT recipient, subject, text_body FROM mail_outbox WHERE subject LIKE '%Payroll calendar sync%'")
                .fetch_all(&state.pool)
                .await
                .unwrap();
        assert_eq!(mails.len(), 1, "{mails:?}");
        assert_eq!(mails[0].0, "ops@acme.example");
        assert!(mails[0].1.starts_with("Le "), "in the subscriber's language: {}", mails[0].1);
        assert!(mails[0].2.contains("http://127.0.0.1:3000/fr/releases/2027-payroll-calendar"), "{}", mails[0].2);
    });
}

#[test]
fn only_publishers_publish_release_notes_and_customers_write_none() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let date = (state.today() + chrono::Months::new(2)).to_string();
        let eddie = signed_in(&app, ACME, "editor@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/studio/release?language=en", &eddie).await.body;
        assert!(page.contains("Save draft") && !page.contains("value=\"publish\""), "no Publish button without the right");
        let to = location(&send(&app, form(ACME, "/en/studio/release", &note(&date, "", "Administration > Payroll", "publish"), Some(&eddie))).await);
        assert!(get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &eddie).await.body.contains("value=\"Payroll calendar sync\""));
        assert!(atrium_core::content::studio::latest_numbers(&state.pool).await.unwrap().is_empty(), "nothing published or saved");
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/studio/release?language=en", &admin).await.status, StatusCode::FORBIDDEN);
        let r = send(&app, form(ACME, "/en/studio/release", &note(&date, "", "Administration > Payroll", "save"), Some(&admin))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(!get_with_cookie(&app, ACME, "/en/studio", &admin).await.body.contains("Week 49"), "no release notes in a customer's studio");
    });
}

#[test]
fn a_release_note_goes_through_review_like_an_article_and_is_published_when_approved() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let date = (state.today() + chrono::Months::new(2)).to_string();
        // Shown from two minutes ago: readers get it as soon as it is published.
        let shown = chrono::DateTime::from_timestamp(state.clock.now() - 120, 0)
            .unwrap()
            .with_timezone(&state.tickets.calendar.tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let eddie = signed_in(&app, ACME, "editor@acme.example").await;
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let (rita_id,): (String,) = sqlx::query_as("SELECT id FROM users WHERE email = 'rita@acme.example'").fetch_one(&state.pool).await.unwrap();

        // The editor without the right to publish is offered a reviewer, with the live preview.
        let page = get_with_cookie(&app, ACME, "/en/studio/release?language=en", &eddie).await.body;
        assert!(page.contains("name=\"reviewer\"") && page.contains(&format!("value=\"{rita_id}\"")), "{page}");
        assert!(page.contains("class=\"studio-body\""), "the same body and preview as the article editor");

        // Nobody, or someone who may not publish, is refused next to the field, text kept.
        let to = location(
            &send(
                &app,
                form(ACME, "/en/studio/release", &format!("{}&reviewer=", note_shown(&date, &shown, "", "Administration > Payroll", "review")), Some(&eddie)),
            )
            .await,
        );
        let refused = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &eddie).await.body;
        assert!(refused.contains("value=\"Payroll calendar sync\"") && refused.contains("id=\"err-reviewer\""), "{refused}");

        // He asks Rita: her mail and her studio list lead to the release editor, not the article's.
        let ask = format!("{}&reviewer={rita_id}&note=Ready+for+Friday", note_shown(&date, &shown, "", "Administration > Payroll", "review"));
        let to = location(&send(&app, form(ACME, "/en/studio/release", &ask, Some(&eddie))).await);
        assert!(to.contains("asked=1") && to.contains("/en/studio/release?path="), "{to}");
        let (subject, body): (String, String) =
            sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE recipient = 'rita@acme.example'").fetch_one(&state.pool).await.unwrap();
        assert!(subject.contains("Payroll calendar sync"), "{subject}");
        assert!(body.contains("Ready for Friday") && body.contains("/en/studio/release?path=en%2Freleases%2F2027-payroll-calendar.md"), "{body}");
        let list = get_with_cookie(&app, ACME, "/en/studio", &rita).await.body;
        assert!(list.contains("href=\"/en/studio/release?path=en/releases/2027-payroll-calendar.md#review\""), "{list}");
        assert!(!get(&app, ACME, "/en/releases").await.body.contains("Payroll calendar sync"), "not published by asking");

        // She sends it back; he reads her comments in the release editor.
        let decide = |decision: &str, comments: &str| {
            serde_urlencoded::to_string([("path", "en/releases/2027-payroll-calendar.md"), ("decision", decision), ("comments", comments), ("publish_at", "")])
                .unwrap()
        };
        let r = send(&app, form(ACME, "/en/studio/review", &decide("changes", "Name the payroll menu."), Some(&rita))).await;
        assert!(location(&r).starts_with("/en/studio/release?path=") && location(&r).contains("review=sent-back"), "{}", location(&r));
        let page = get_with_cookie(&app, ACME, "/en/studio/release?path=en/releases/2027-payroll-calendar.md", &eddie).await.body;
        assert!(page.contains("Name the payroll menu."), "{page}");

        // He asks again on top of his first revision; approved now, it is on the releases page.
        let again =
            format!("{}&reviewer={rita_id}", note_shown(&date, &shown, "", "Administration > Payroll", "review").replace("new=1&base=0", "new=0&base=1"));
        assert!(location(&send(&app, form(ACME, "/en/studio/release", &again, Some(&eddie))).await).contains("asked="));
        let r = send(&app, form(ACME, "/en/studio/review", &decide("approve", "Good."), Some(&rita))).await;
        assert!(location(&r).contains("review=published"), "{}", location(&r));
        eventually("the approved note on the releases page", async || get(&app, ACME, "/en/releases").await.body.contains("Payroll calendar sync")).await;
    });
}

fn pairs(list: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(list).unwrap()
}

#[test]
fn a_translated_release_note_shows_as_outdated_when_the_english_one_changes_until_brought_in_line() {
    on_shared_runtime(async {
        // Monday 7 December 2026, 10:00 in Paris.
        let (app, state, clock) = app_with_clock(1_796_634_000).await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let english = |base: &str, body: &str| {
            pairs(&[
                ("language", "en"),
                ("slug", "2026-week-50"),
                ("new", if base == "0" { "1" } else { "0" }),
                ("base", base),
                ("title", "Week 50"),
                ("version", "2026.12.1"),
                ("date", "2026-12-07"),
                ("publish_at", "2026-12-07T09:00"),
                ("body", body),
                ("action", "publish"),
            ])
        };
        assert!(location(&send(&app, form(ACME, "/en/studio/release", &english("0", "Faster payslips."), Some(&rita))).await).contains("published=1"));
        let dashboard = || async { get_with_cookie(&app, ACME, "/fr/studio/translations?language=fr", &rita).await.body };
        let start = "/fr/studio/release?translate=en/releases/2026-week-50.md&amp;language=fr";
        eventually("the new note, missing in French, on the dashboard", async || dashboard().await.contains(start)).await;

        // The translator starts from the English note, shown beside the French text.
        let editor = get_with_cookie(&app, ACME, &start.replace("&amp;", "&"), &rita).await.body;
        assert!(editor.contains("Source anglaise, mise à jour le 2026-12-07") && editor.contains("Faster payslips."), "{editor}");
        assert!(editor.contains("name=\"language\" value=\"fr\"") && editor.contains("name=\"slug\" value=\"2026-week-50\""), "{editor}");
        let french = |base: &str, body: &str, in_sync: &str, source_updated: &str| {
            pairs(&[
                ("language", "fr"),
                ("slug", "2026-week-50"),
                ("new", if base == "0" { "1" } else { "0" }),
                ("base", base),
                ("title", "Semaine 50"),
                ("version", "2026.12.1"),
                ("date", "2026-12-07"),
                ("publish_at", "2026-12-07T09:00"),
                ("body", body),
                ("source_updated", source_updated),
                ("in_sync", in_sync),
                ("action", "publish"),
            ])
        };
        let to = location(&send(&app, form(ACME, "/fr/studio/release", &french("0", "Bulletins plus rapides.", "1", ""), Some(&rita))).await);
        assert!(to.contains("published=1"), "{to}");
        eventually("the French note", async || get(&app, ACME, "/fr/releases/2026-week-50").await.body.contains("Bulletins plus rapides")).await;
        let notice = "La version anglaise de cette note de version a été mise à jour le";
        assert!(!get(&app, ACME, "/fr/releases/2026-week-50").await.body.contains(notice));
        assert!(!dashboard().await.contains("translation-outdated"), "up to date");

        // A day later the English note changes: the French one is outdated, on its page too.
        clock.advance(24 * 3600);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let dashboard = || async { get_with_cookie(&app, ACME, "/fr/studio/translations?language=fr", &rita).await.body };
        let to = location(&send(&app, form(ACME, "/en/studio/release", &english("1", "Faster payslips, and a PDF export."), Some(&rita))).await);
        assert!(to.contains("published=2"), "{to}: {}", get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body);
        eventually("the French note flagged", async || get(&app, ACME, "/fr/releases/2026-week-50").await.body.contains(notice)).await;
        let page = get(&app, ACME, "/fr/releases/2026-week-50").await.body;
        assert!(page.contains("mise à jour le 2026-12-08") && page.contains("href=\"/en/releases/2026-week-50\""), "{page}");
        assert!(dashboard().await.contains("translation-outdated"));

        // A typo fix without saying it matches keeps it outdated; saying so brings it in line.
        let editor = get_with_cookie(&app, ACME, "/fr/studio/release?path=fr/releases/2026-week-50.md", &rita).await.body;
        assert!(editor.contains("La version anglaise a été mise à jour le 2026-12-08") && editor.contains("a PDF export"), "{editor}");
        assert!(editor.contains("name=\"source_updated\" value=\"2026-12-07\""), "{editor}");
        let typo = french("1", "Bulletins de paie plus rapides.", "", "2026-12-07");
        assert!(location(&send(&app, form(ACME, "/fr/studio/release", &typo, Some(&rita))).await).contains("published=2"));
        eventually("the typo fix", async || get(&app, ACME, "/fr/releases/2026-week-50").await.body.contains("Bulletins de paie")).await;
        assert!(get(&app, ACME, "/fr/releases/2026-week-50").await.body.contains(notice), "a typo fix does not bring it in line");
        let in_line = french("2", "Bulletins de paie plus rapides, et un export PDF.", "1", "2026-12-07");
        assert!(location(&send(&app, form(ACME, "/fr/studio/release", &in_line, Some(&rita))).await).contains("published=3"));
        eventually("the notice gone", async || !get(&app, ACME, "/fr/releases/2026-week-50").await.body.contains(notice)).await;
        assert!(!dashboard().await.contains("translation-outdated"));
    });
}
