//! The content studio over HTTP: an editor previews, saves and publishes; readers see only the
//! published revision; history restores; nobody else may write; two editors never overwrite
//! each other silently; an editor without the publishing right asks a publisher to review, who
//! sends it back or approves it for a later time.

mod common;

use atrium_core::{clock::ManualClock, sqlx};
use axum::http::{header, StatusCode};
use common::*;
use std::time::Duration;

const ACME: &str = "127.0.0.1:3000";

fn article(base: i64, new: bool, title: &str, body: &str, action: &str) -> String {
    let mut fields = vec![
        ("language", "fr"),
        ("module", "core-hr"),
        ("slug", "teletravail"),
        ("title", title),
        ("summary", "Déclarer ses jours de télétravail"),
        ("tags", "télétravail, absences"),
        ("order", "5"),
        ("visibility", "public"),
        ("body", body),
        ("action", action),
    ];
    let base = base.to_string();
    fields.push(("base", &base));
    if new {
        fields.push(("new", "1"));
    }
    serde_urlencoded::to_string(&fields).unwrap()
}

#[test]
fn an_editor_previews_saves_and_publishes_and_readers_see_only_what_is_published() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let editor = signed_in(&app, ACME, "rita@acme.example").await;

        // The studio lists the folder's articles, and the editor opens one from its file.
        let list = get_with_cookie(&app, ACME, "/fr/studio?language=en", &editor).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("Employee records") && !list.body.contains("From the content folder"), "French interface");
        assert!(list.body.contains("Issu du dossier de contenu"));
        let open = get_with_cookie(&app, ACME, "/en/studio/edit?path=en/core-hr/employee-records.md", &editor).await;
        assert!(open.body.contains("value=\"Employee records\"") && open.body.contains("An employee record is the single source"), "{}", open.body);

        // Preview without JavaScript: the form comes back with every typed value and the text
        // rendered below, sanitised; nothing is stored.
        let body = "Déclarez vos jours dans **Absences**.\n\n<script>alert(1)</script>";
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &article(0, true, "Déclarer le télétravail", body, "preview"), Some(&editor))).await);
        assert!(to.contains("draft=") && to.ends_with("#preview"), "{to}");
        let preview = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &editor).await;
        assert!(preview.body.contains("<strong>Absences</strong>"), "{}", preview.body);
        assert!(preview.body.contains("value=\"Déclarer le télétravail\"") && preview.body.contains("&lt;script&gt;alert(1)"), "the text is kept as typed");
        assert!(!preview.body.contains("<script>alert(1)"), "no script reaches the page: {}", preview.body);
        assert!(atrium_core::content::studio::history(&state.pool, "fr/core-hr/teletravail.md").await.unwrap().is_empty());

        // Saved, not published: readers and search do not see it.
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &article(0, true, "Déclarer le télétravail", body, "save"), Some(&editor))).await);
        assert!(to.ends_with("&saved=1"), "{to}");
        assert!(get_with_cookie(&app, ACME, &to, &editor).await.body.contains("Révision 1 enregistrée"));
        assert_eq!(get(&app, ACME, "/fr/core-hr/teletravail").await.status, StatusCode::NOT_FOUND);
        assert_eq!(finds(&state, "fr", "télétravail"), 0);

        // Published: the page, the module and search have it, and the page holds no script.
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &article(1, false, "Déclarer le télétravail", body, "publish"), Some(&editor))).await);
        assert!(to.ends_with("&published=1"), "publishing the unchanged revision does not save it again: {to}");
        eventually("the published article on its page", async || get(&app, ACME, "/fr/core-hr/teletravail").await.status == StatusCode::OK).await;
        let page = get(&app, ACME, "/fr/core-hr/teletravail").await.body;
        assert!(page.contains("Déclarer le télétravail") && page.contains("<strong>Absences</strong>") && !page.contains("alert(1)"), "{page}");
        assert!(get(&app, ACME, "/fr/core-hr").await.body.contains("Déclarer le télétravail"));
        assert_eq!(finds(&state, "fr", "télétravail"), 1);

        // A second save is not shown until it is published.
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &article(1, false, "Le télétravail", "Texte revu.", "save"), Some(&editor))).await);
        assert!(to.ends_with("&saved=2"), "{to}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(get(&app, ACME, "/fr/core-hr/teletravail").await.body.contains("Déclarer le télétravail"));
        let list = get_with_cookie(&app, ACME, "/fr/studio", &editor).await.body;
        assert!(list.contains("Modifications non publiées (révision 2)"), "{list}");

        // History: the diff between the two, and revision 1 restored as revision 3.
        let history = get_with_cookie(&app, ACME, "/fr/studio/history?path=fr/core-hr/teletravail.md", &editor).await.body;
        assert!(
            history.contains("<del class=\"diff-line\">- title: Déclarer le télétravail")
                && history.contains("<ins class=\"diff-line\">+ title: Le télétravail"),
            "{history}"
        );
        let restore = "path=fr%2Fcore-hr%2Fteletravail.md&number=1&base=2";
        let to = location(&send(&app, form(ACME, "/fr/studio/restore", restore, Some(&editor))).await);
        assert!(to.contains("saved=3&restored=1"), "{to}");
        let revisions = atrium_core::content::studio::history(&state.pool, "fr/core-hr/teletravail.md").await.unwrap();
        assert_eq!(revisions.len(), 3);
        assert_eq!(revisions[0].text, revisions[2].text);
    });
}

#[test]
fn only_content_editors_write_and_nothing_is_stored_for_anyone_else() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let body = article(0, true, "Intrusion", "Texte", "publish");
        // Anonymous: sent to sign in. A customer, their administrator and an agent: refused.
        let r = send(&app, form(ACME, "/fr/studio/save", &body, None)).await;
        assert!(location(&r).starts_with("/fr/sign-in"));
        // (A customer administrator writes their company's own articles: `studio_company.rs`.)
        for who in ["ada@acme.example", "agent@acme.example"] {
            let cookie = signed_in(&app, ACME, who).await;
            let r = send(&app, form(ACME, "/fr/studio/save", &body, Some(&cookie))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
            assert!(r.body.contains("Accès non autorisé"), "{}", r.body);
            let r = send(&app, form(ACME, "/fr/studio/restore", "path=en%2Fcore-hr%2Forg-chart.md&number=1&base=1", Some(&cookie))).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
            let page = get_with_cookie(&app, ACME, "/fr/studio", &cookie).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{who}");
            assert!(!page.body.contains("studio-list"));
            assert_eq!(get_with_cookie(&app, ACME, "/fr/studio/edit?path=en/core-hr/org-chart.md", &cookie).await.status, StatusCode::FORBIDDEN);
        }
        // No path from a URL leads out of the content folder, even for an editor: here to a
        // Markdown file beside it that looks like an article.
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let outside = format!("studio-outside-{}.md", std::process::id());
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target").join(&outside);
        std::fs::write(
            &file,
            "---
title: Not an article
updated: 2026-01-01
---
Outside the content folder.
",
        )
        .unwrap();
        for url in [
            format!("/en/studio/edit?path=../target/{outside}"),
            format!("/en/studio/edit?translate=../target/{outside}&language=fr"),
            format!("/en/studio/history?path=../target/{outside}"),
        ] {
            let r = get_with_cookie(&app, ACME, &url, &rita).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{url}");
            assert!(!r.body.contains("Outside the content folder"), "{url}");
        }
        let _ = std::fs::remove_file(&file);
        // A cross-site post from a signed-in editor's browser is refused before it is read.
        let editor = signed_in(&app, ACME, "editor@acme.example").await;
        let mut cross = form(ACME, "/fr/studio/save", &body, Some(&editor));
        cross.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
        assert!(atrium_core::content::studio::latest_numbers(&state.pool).await.unwrap().is_empty(), "nothing was stored");
    });
}

#[test]
fn a_second_editor_saving_on_the_same_revision_is_told_and_keeps_their_text() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let editor = signed_in(&app, ACME, "editor@acme.example").await;
        let first = article(0, true, "Télétravail", "Premier texte.", "save");
        assert!(location(&send(&app, form(ACME, "/fr/studio/save", &first, Some(&editor))).await).ends_with("saved=1"));
        // Both opened revision 1; the first saves revision 2, the second is told.
        let mine = article(1, false, "Télétravail", "Mon texte.", "save");
        assert!(location(&send(&app, form(ACME, "/fr/studio/save", &mine, Some(&editor))).await).ends_with("saved=2"));
        let theirs = article(1, false, "Télétravail", "Leur texte, tout aussi précieux.", "save");
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &theirs, Some(&editor))).await);
        assert!(to.contains("draft="), "{to}");
        let back = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &editor).await.body;
        assert!(back.contains("a enregistré la révision 2 pendant que vous modifiiez"), "{back}");
        assert!(back.contains("Leur texte, tout aussi précieux."), "their text is kept");
        let history = atrium_core::content::studio::history(&state.pool, "fr/core-hr/teletravail.md").await.unwrap();
        assert_eq!(history.iter().map(|r| r.number).collect::<Vec<_>>(), vec![2, 1], "nothing overwritten");
        // Publishing the revision they opened, unchanged, would bring revision 1 back over
        // revision 2: it is refused as a conflict too, and revision 2 stays.
        let stale = article(1, false, "Télétravail", "Premier texte.", "publish");
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &stale, Some(&rita))).await);
        assert!(to.contains("draft="), "{to}");
        assert!(atrium_core::content::studio::published(&state.pool).await.unwrap().is_empty(), "nothing published");
        // Saving again from the page they were sent back to (it starts from revision 2) saves.
        assert!(back.contains("name=\"base\" value=\"2\""));
        let again = article(2, false, "Télétravail", "Leur texte, tout aussi précieux.", "save");
        assert!(location(&send(&app, form(ACME, "/fr/studio/save", &again, Some(&editor))).await).ends_with("saved=3"));
    });
}

#[test]
fn problems_come_back_next_to_their_fields_in_the_editors_language() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let editor = signed_in(&app, ACME, "editor@acme.example").await;
        let broken = article(0, true, "", "Voir [la page](nulle-part.md).", "save");
        let to = location(&send(&app, form(ACME, "/de/studio/save", &broken, Some(&editor))).await);
        let back = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &editor).await.body;
        assert!(back.contains("Der Link auf core-hr/nulle-part führt zu keinem Artikel."), "{back}");
        assert!(back.contains("id=\"err-title\""), "the empty title is marked at its field");
        assert!(back.contains("Voir [la page](nulle-part.md)."), "the text is kept");
        // A new article may not take the address of an existing one.
        let taken = serde_urlencoded::to_string([
            ("language", "en"),
            ("module", "core-hr"),
            ("slug", "employee-records"),
            ("new", "1"),
            ("base", "0"),
            ("title", "Mine now"),
            ("body", "x"),
            ("action", "save"),
        ])
        .unwrap();
        let to = location(&send(&app, form(ACME, "/en/studio/save", &taken, Some(&editor))).await);
        assert!(get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &editor).await.body.contains("Another article already has this address."));
        assert!(atrium_core::content::studio::latest_numbers(&state.pool).await.unwrap().is_empty(), "nothing was stored");
        assert!(get(&app, ACME, "/en/core-hr/employee-records").await.body.contains("Employee records"));
    });
}

fn review_form(decision: &str, comments: &str, publish_at: &str) -> String {
    serde_urlencoded::to_string([("path", "fr/core-hr/teletravail.md"), ("decision", decision), ("comments", comments), ("publish_at", publish_at)]).unwrap()
}

#[test]
fn an_editor_asks_a_publisher_who_sends_it_back_then_approves_it_for_a_later_time() {
    on_shared_runtime(async {
        // Monday 7 December 2026, 10:00 in Paris.
        let clock = ManualClock::at(1_796_634_000);
        let moved = clock.clone();
        let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        follow_studio(&state);
        let eddie = signed_in(&app, ACME, "editor@acme.example").await;
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let (rita_id,): (String,) = sqlx::query_as("SELECT id FROM users WHERE email = 'rita@acme.example'").fetch_one(&state.pool).await.unwrap();

        // Eddie may save but not publish: the server says so, whatever the page offers.
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &article(0, true, "Télétravail", "Premier jet.", "publish"), Some(&eddie))).await);
        let back = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &eddie).await.body;
        assert!(back.contains("Votre compte peut enregistrer des brouillons mais pas les publier."), "{back}");
        assert!(!back.contains("value=\"publish\""), "no Publish button for him");

        // He asks Rita, with a note: she gets a mail in French with a link to the article.
        let mut ask = article(0, true, "Télétravail", "Premier jet.", "review");
        ask.push_str(&format!("&reviewer={rita_id}&note=Peux-tu+relire+%3F"));
        let to = location(&send(&app, form(ACME, "/fr/studio/save", &ask, Some(&eddie))).await);
        assert!(to.contains("asked=1"), "{to}");
        let (subject, body): (String, String) =
            sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE recipient = 'rita@acme.example'").fetch_one(&state.pool).await.unwrap();
        assert_eq!(subject, "Relecture demandée : Télétravail");
        assert!(body.contains("Peux-tu relire ?") && body.contains("http://127.0.0.1:3000/fr/studio/edit?path=fr%2Fcore-hr%2Fteletravail.md"), "{body}");
        let list = get_with_cookie(&app, ACME, "/fr/studio", &rita).await.body;
        assert!(list.contains("vous attend") && list.contains("La révision 1 attend la relecture de Rita Reviewer."), "{list}");

        // Eddie cannot decide on his own article; Rita sends it back with comments.
        let r = send(&app, form(ACME, "/fr/studio/review", &review_form("approve", "", ""), Some(&eddie))).await;
        assert!(location(&r).contains("review_error=may-not-publish"));
        let r = send(&app, form(ACME, "/fr/studio/review", &review_form("changes", "Ajoute un exemple.", ""), Some(&rita))).await;
        assert!(location(&r).contains("review=sent-back"));
        let page = get_with_cookie(&app, ACME, "/fr/studio/edit?path=fr/core-hr/teletravail.md", &eddie).await.body;
        assert!(page.contains("Rita Reviewer a renvoyé la révision 1") && page.contains("Ajoute un exemple."), "{page}");

        // He fixes it and asks again; she approves it for 14:00 Paris time: not served before.
        let mut again = article(1, false, "Télétravail", "Avec un exemple : le bureau de Quokkaville.", "review");
        again.push_str(&format!("&reviewer={rita_id}"));
        assert!(location(&send(&app, form(ACME, "/fr/studio/save", &again, Some(&eddie))).await).contains("asked=2"));
        let r = send(&app, form(ACME, "/fr/studio/review", &review_form("approve", "Parfait.", "2026-12-07T14:00"), Some(&rita))).await;
        assert!(location(&r).contains("review=scheduled"));
        let page = get_with_cookie(&app, ACME, "/fr/studio/edit?path=fr/core-hr/teletravail.md", &eddie).await.body;
        assert!(page.contains("sera publiée le 2026-12-07 14:00 (heure Europe/Paris)"), "{page}");
        let mailer = atrium_core::mail::Mailer::new(None, "help@atrium.example").unwrap();
        atrium_server::jobs::run_once(&state, &mailer, &atrium_server::jobs::Schedule::single_node()).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(get(&app, ACME, "/fr/core-hr/teletravail").await.status, StatusCode::NOT_FOUND);

        // At 14:00 the scheduled jobs publish it, and every node reloads.
        clock.advance(4 * 3600);
        atrium_server::jobs::run_once(&state, &mailer, &atrium_server::jobs::Schedule::single_node()).await;
        eventually("the scheduled article", async || get(&app, ACME, "/fr/core-hr/teletravail").await.body.contains("Quokkaville")).await;
        assert_eq!(finds(&state, "fr", "quokkaville"), 1);
        let subjects: Vec<(String,)> = sqlx::query_as("SELECT subject FROM mail_outbox WHERE recipient = 'editor@acme.example' ORDER BY created_at, id")
            .fetch_all(&state.pool)
            .await
            .unwrap();
        assert_eq!(subjects, vec![("Modifications demandées : Télétravail".to_string(),), ("Approuvé : Télétravail".to_string(),)]);
    });
}

fn fields(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

#[test]
fn a_translation_shows_as_outdated_when_its_english_source_changes_until_brought_in_line() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let notice = "La version anglaise de cet article a été mise à jour le";
        assert!(!get(&app, ACME, "/fr/core-hr/org-chart").await.body.contains(notice));
        let dashboard = || async { get_with_cookie(&app, ACME, "/fr/studio/translations?language=fr", &rita).await.body };
        assert!(dashboard().await.contains(", 0 à mettre à jour,"), "{}", dashboard().await);
        // German lacks translations: each is listed with a way to start one from the English text.
        let german = get_with_cookie(&app, ACME, "/de/studio/translations?language=de", &rita).await.body;
        assert!(german.contains("Fehlt") && german.contains("/de/studio/edit?translate=en/core-hr/org-chart-visio-export.md&amp;language=de"), "{german}");
        let start = get_with_cookie(&app, ACME, "/de/studio/edit?translate=en/core-hr/org-chart-visio-export.md&language=de", &rita).await.body;
        assert!(
            start.contains("value=\"Export the organisation chart to Visio\"")
                && start.contains("name=\"new\" value=\"1\"")
                && start.contains("Englische Vorlage"),
            "{start}"
        );

        // The English article changes: the French one is outdated on its page and the dashboard.
        let english = fields(&[
            ("language", "en"),
            ("module", "core-hr"),
            ("slug", "org-chart"),
            ("base", "0"),
            ("title", "Organisation chart"),
            ("body", "The chart now has a **new layout**."),
            ("action", "publish"),
        ]);
        assert!(location(&send(&app, form(ACME, "/en/studio/save", &english, Some(&rita))).await).contains("published=1"));
        eventually("the French page flagged", async || get(&app, ACME, "/fr/core-hr/org-chart").await.body.contains(notice)).await;
        assert!(get(&app, ACME, "/fr/core-hr/org-chart").await.body.contains("href=\"/en/core-hr/org-chart\""));
        assert!(dashboard().await.contains(", 1 à mettre à jour,"));
        // The translator sees the new English text beside the French one.
        let editor = get_with_cookie(&app, ACME, "/fr/studio/edit?path=fr/core-hr/org-chart.md", &rita).await.body;
        assert!(editor.contains("Source anglaise, mise à jour le") && editor.contains("The chart now has a **new layout**."), "{editor}");
        assert!(editor.contains("La version anglaise a été mise à jour le"));

        // Saved without saying it matches: still outdated. Saying so: up to date again.
        // The form carries the date the French text was last brought in line (its own, 18 September).
        assert!(editor.contains("name=\"source_updated\" value=\"2026-09-18\""));
        let mut french = vec![
            ("language", "fr"),
            ("module", "core-hr"),
            ("slug", "org-chart"),
            ("title", "Organigramme"),
            ("body", "Nouvelle **présentation**."),
            ("source_updated", "2026-09-18"),
        ];
        french.extend([("base", "0"), ("action", "publish")]);
        assert!(location(&send(&app, form(ACME, "/fr/studio/save", &fields(&french), Some(&rita))).await).contains("published=1"));
        eventually("the French edit", async || get(&app, ACME, "/fr/core-hr/org-chart").await.body.contains("Nouvelle")).await;
        assert!(get(&app, ACME, "/fr/core-hr/org-chart").await.body.contains(notice), "a typo fix does not bring it in line");
        french[6] = ("base", "1");
        french.push(("in_sync", "1"));
        assert!(location(&send(&app, form(ACME, "/fr/studio/save", &fields(&french), Some(&rita))).await).contains("published=2"));
        eventually("the notice gone", async || !get(&app, ACME, "/fr/core-hr/org-chart").await.body.contains(notice)).await;
        assert!(dashboard().await.contains(", 0 à mettre à jour,"));
    });
}

#[test]
fn an_article_past_its_review_date_is_listed_until_its_date_moves() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let article = |base: &str, review_by: &str| {
            fields(&[
                ("language", "en"),
                ("module", "core-hr"),
                ("slug", "employee-records"),
                ("base", base),
                ("title", "Employee records"),
                ("body", "What an employee record holds."),
                ("owner", "HR documentation team"),
                ("review_by", review_by),
                ("action", "publish"),
            ])
        };
        let bad = location(&send(&app, form(ACME, "/en/studio/save", &article("0", "next spring"), Some(&rita))).await);
        assert!(get_with_cookie(&app, ACME, bad.split('#').next().unwrap(), &rita).await.body.contains("Enter a date such as 2027-03-31."));
        assert!(location(&send(&app, form(ACME, "/en/studio/save", &article("0", "2026-01-31"), Some(&rita))).await).contains("published=1"));
        let listed = || async { get_with_cookie(&app, ACME, "/en/studio", &rita).await.body };
        eventually("the article on the list", async || listed().await.contains("Review date 2026-01-31 has come")).await;
        assert!(listed().await.contains("HR documentation team"));
        assert!(location(&send(&app, form(ACME, "/en/studio/save", &article("1", "2030-01-31"), Some(&rita))).await).contains("published=2"));
        eventually("the article off the list", async || !listed().await.contains("Review date 2026-01-31 has come")).await;
    });
}
