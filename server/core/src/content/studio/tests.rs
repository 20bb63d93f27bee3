use super::*;
use crate::{db, identity, tenant};
use chrono::NaiveDate;
use std::path::Path;

fn demo_content() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
}

fn form(body: &str) -> ArticleForm {
    ArticleForm {
        language: "fr".into(),
        module: "core-hr".into(),
        slug: "teletravail".into(),
        new: true,
        title: "Déclarer le télétravail".into(),
        summary: "Les jours de télétravail".into(),
        tags: "télétravail, absences".into(),
        body: body.into(),
        ..Default::default()
    }
}

#[test]
fn the_form_becomes_the_folders_own_file_text_and_opens_again_as_typed() {
    let (store, _) = crate::content::load(&demo_content());
    let text = form("Déclarez vos jours dans **Absences**.").check(&store, &[], day()).unwrap();
    assert!(text.starts_with("---\ntitle: Déclarer le télétravail\n"), "{text}");
    assert!(text.contains("updated: 2026-12-06\n") && text.ends_with("---\nDéclarez vos jours dans **Absences**.\n"), "{text}");
    let again = ArticleForm::from_text("fr/core-hr/teletravail.md", &text, 1).unwrap();
    assert_eq!((again.title.as_str(), again.tags.as_str(), again.order.as_str(), again.base), ("Déclarer le télétravail", "télétravail, absences", "100", 1));
    assert_eq!(again.check(&store, &[], day()).unwrap(), text, "saving an opened article unchanged writes the same text");
}

#[test]
fn problems_are_reported_next_to_their_fields() {
    let (store, _) = crate::content::load(&demo_content());
    let mut bad = form("See [the missing page](nowhere-at-all.md).");
    bad.title = " ".into();
    bad.visibility = "restricted".into();
    bad.versions = "1999.1".into();
    bad.order = "first".into();
    let errors = bad.check(&store, &[], day()).unwrap_err();
    let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.problem.as_str())).collect();
    for expected in [("title", "required"), ("groups", "required-restricted"), ("versions", "unknown"), ("order", "number")] {
        assert!(fields.contains(&expected), "{expected:?} missing from {fields:?}");
    }
    let errors = form("See [the missing page](nowhere-at-all.md).").check(&store, &[], day()).unwrap_err();
    assert_eq!(errors, vec![crate::form::FieldError::with_detail("body", "broken-link", "core-hr/nowhere-at-all")]);
    assert!(form("See [records](employee-records.md).").check(&store, &[], day()).is_ok(), "a link to an existing article is fine");

    let mut taken = form("x");
    taken.language = "en".into();
    taken.slug = "employee-records".into();
    assert_eq!(taken.check(&store, &[], day()).unwrap_err()[0], crate::form::FieldError::new("slug", "taken"));
    let saved_only = form("x");
    assert_eq!(saved_only.check(&store, &["fr/core-hr/teletravail.md".into()], day()).unwrap_err()[0].problem, "taken");
}

#[test]
fn script_in_the_body_never_reaches_the_preview() {
    let f = form("Hello <script>alert(1)</script> <img src=x onerror=alert(2)> **there**");
    let html = f.preview_html();
    assert!(html.contains("<strong>there</strong>"), "{html}");
    assert!(!html.contains("<script") && !html.contains("onerror"), "{html}");
}

#[test]
fn the_diff_shows_what_changed_with_context() {
    let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    let lines = diff(old, new);
    let changed: Vec<(Change, &str)> = lines.iter().filter(|l| l.change != Change::Same).map(|l| (l.change, l.text.as_str())).collect();
    assert_eq!(changed, vec![(Change::Removed, "b"), (Change::Added, "B"), (Change::Gap, ""), (Change::Added, "k")]);
}

#[tokio::test]
async fn revisions_conflict_instead_of_overwriting_and_publishing_picks_one() {
    let pool = db::connect_for_test().await;
    tenant::seed_demo(&pool).await.unwrap();
    let eddie = identity::create_user(&pool, "acme", "ed@acme.example", "Eddie", None, identity::Role::ContentEditor, &[], 1).await.unwrap();
    let path = "fr/core-hr/teletravail.md";
    assert_eq!(save(&pool, path, 0, "one", &eddie, 10).await.unwrap(), 1);
    assert_eq!(save(&pool, path, 1, "two", &eddie, 20).await.unwrap(), 2);
    // A second editor who opened revision 1 is told, and nothing is overwritten.
    assert!(matches!(save(&pool, path, 1, "other", &eddie, 30).await, Err(StudioError::Conflict { base: 1, latest: 2 })));
    assert_eq!(history(&pool, path).await.unwrap().iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), vec!["two", "one"]);

    assert!(published(&pool).await.unwrap().is_empty(), "nothing is published by saving");
    publish(&pool, path, 1, &eddie, 40).await.unwrap();
    assert_eq!(published(&pool).await.unwrap(), vec![(path.to_string(), "one".to_string())]);
    assert!(matches!(publish(&pool, path, 9, &eddie, 41).await, Err(StudioError::NotFound)));
    assert_eq!(latest_numbers(&pool).await.unwrap(), vec![(path.to_string(), 2, Some(1))]);

    // Restoring revision 1 saves its text as revision 3; the published one stays until published.
    assert_eq!(restore(&pool, path, 1, 2, &eddie, 50).await.unwrap(), 3);
    assert_eq!(revision(&pool, path, 3).await.unwrap().unwrap().text, "one");
    let audit: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_log WHERE actor_id = $1 ORDER BY at").bind(&eddie.id).fetch_all(&pool).await.unwrap();
    assert_eq!(audit, vec![("article-published".to_string(),), ("article-restored".to_string(),)]);
}

fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Export, then load the export as a content folder and export it again: the same files.
#[test]
fn export_then_import_then_export_gives_identical_files() {
    let (store, _) = crate::content::load(&demo_content());
    let new = form("Déclarez vos jours dans **Absences**.").check(&store, &[], day()).unwrap();
    let original = std::fs::read_to_string(demo_content().join("en/core-hr/org-chart.md")).unwrap();
    let changed = original.replace("title: Organisation chart", "title: The organisation chart");
    assert_ne!(changed, original);
    let published = vec![("en/core-hr/org-chart.md".to_string(), changed.clone()), ("fr/core-hr/teletravail.md".to_string(), new)];

    let scratch = tempfile::tempdir().unwrap();
    let (first, second) = (scratch.path().join("first"), scratch.path().join("second"));
    export(&demo_content(), &published, &first).unwrap();
    let (imported, problems) = crate::content::load(&first);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(imported.all_articles().any(|a| a.slug == "teletravail" && a.locale == "fr"));
    assert!(imported.all_articles().any(|a| a.title == "The organisation chart"));
    export(&first, &[], &second).unwrap();
    assert_eq!(files(&first), files(&second));
    assert_eq!(std::fs::read_to_string(first.join("en/core-hr/org-chart.md")).unwrap(), changed);

    // Loading the folder with the publications on top gives what the export holds.
    let (merged, _) = crate::content::load_with(&demo_content(), &published);
    assert_eq!(merged.all_articles().count(), imported.all_articles().count());
}

#[tokio::test]
async fn a_review_goes_back_and_forth_then_publishes_at_the_chosen_time() {
    let pool = db::connect_for_test().await;
    tenant::seed_demo(&pool).await.unwrap();
    let eddie = identity::create_user(&pool, "acme", "ed@acme.example", "Eddie", None, identity::Role::ContentEditor, &[], 1).await.unwrap();
    let rita = identity::create_user(&pool, "acme", "rita@acme.example", "Rita", None, identity::Role::ContentEditor, &[PUBLISHERS], 1).await.unwrap();
    identity::create_user(&pool, "globex", "gina@globex.example", "Gina", None, identity::Role::ContentEditor, &[PUBLISHERS], 1).await.unwrap();
    assert!(!may_publish(&eddie) && may_publish(&rita));
    let names: Vec<String> = publishers(&pool, "acme", None).await.unwrap().into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, vec!["Rita".to_string()], "only this tenant's publishers");

    let step = |by, to, now| Step { by, to, locale: "fr", origin: "https://help.acme.example", title: "Télétravail", now };
    let path = "fr/core-hr/teletravail.md";
    save(&pool, path, 0, "one", &eddie, 10).await.unwrap();
    request_review(&pool, path, 1, "Peux-tu relire ?", &step(&eddie, &rita, 20)).await.unwrap();
    assert_eq!(review(&pool, path).await.unwrap().unwrap().state, ReviewState::InReview);
    send_back(&pool, path, "Ajoute un exemple.", &step(&rita, &eddie, 30)).await.unwrap();
    assert!(matches!(approve(&pool, path, "", None, &step(&rita, &eddie, 35)).await, Err(StudioError::NotFound)), "nothing to approve once sent back");
    save(&pool, path, 1, "two", &eddie, 40).await.unwrap();
    request_review(&pool, path, 2, "", &step(&eddie, &rita, 50)).await.unwrap();
    let at = 1_000;
    assert_eq!(approve(&pool, path, "Parfait.", Some(at), &step(&rita, &eddie, 60)).await.unwrap(), Approved::Scheduled(at));
    assert_eq!(review(&pool, path).await.unwrap().unwrap().publish_at, Some(at));

    assert_eq!(publish_due(&pool, at - 1).await.unwrap(), 0, "not before its time");
    assert!(published(&pool).await.unwrap().is_empty());
    assert_eq!(publish_due(&pool, at).await.unwrap(), 1);
    assert_eq!(published(&pool).await.unwrap(), vec![(path.to_string(), "two".to_string())]);
    assert!(review(&pool, path).await.unwrap().is_none(), "the review ends with the publication");
    assert_eq!(publish_due(&pool, at + 60).await.unwrap(), 0, "published once");

    let thread: Vec<(String, String)> = notes(&pool, path).await.unwrap().into_iter().map(|n| (n.kind, n.body)).collect();
    assert_eq!(
        thread,
        [("request", "Peux-tu relire ?"), ("changes", "Ajoute un exemple."), ("request", ""), ("approved", "Parfait.")]
            .map(|(k, b)| (k.to_string(), b.to_string()))
    );
    // Each step mailed the person it concerns, in French, with the tenant's own address.
    let mails: Vec<(String, String, String)> =
        sqlx::query_as("SELECT recipient, subject, text_body FROM mail_outbox ORDER BY created_at").fetch_all(&pool).await.unwrap();
    let to: Vec<(&str, &str)> = mails.iter().map(|(r, s, _)| (r.as_str(), s.as_str())).collect();
    assert_eq!(
        to,
        [
            ("rita@acme.example", "Relecture demandée : Télétravail"),
            ("ed@acme.example", "Modifications demandées : Télétravail"),
            ("rita@acme.example", "Relecture demandée : Télétravail"),
            ("ed@acme.example", "Approuvé : Télétravail"),
        ]
    );
    assert!(
        mails[0].2.contains("Peux-tu relire ?") && mails[0].2.contains("https://help.acme.example/fr/studio/edit?path=fr%2Fcore-hr%2Fteletravail.md"),
        "{}",
        mails[0].2
    );
}

#[tokio::test]
async fn approving_without_a_later_time_publishes_at_once() {
    let pool = db::connect_for_test().await;
    tenant::seed_demo(&pool).await.unwrap();
    let eddie = identity::create_user(&pool, "acme", "ed@acme.example", "Eddie", None, identity::Role::ContentEditor, &[], 1).await.unwrap();
    let rita = identity::create_user(&pool, "acme", "rita@acme.example", "Rita", None, identity::Role::ContentEditor, &[PUBLISHERS], 1).await.unwrap();
    let step = |by, to, now| Step { by, to, locale: "en", origin: "https://help.acme.example", title: "Remote work", now };
    let path = "en/core-hr/remote-work.md";
    save(&pool, path, 0, "one", &eddie, 10).await.unwrap();
    request_review(&pool, path, 1, "", &step(&eddie, &rita, 20)).await.unwrap();
    assert_eq!(approve(&pool, path, "", Some(5), &step(&rita, &eddie, 30)).await.unwrap(), Approved::Published(1), "a time already past");
    assert_eq!(published(&pool).await.unwrap().len(), 1);
}

#[test]
fn a_translation_records_the_english_date_it_matches_when_the_translator_says_so() {
    let (store, _) = crate::content::load(&demo_content());
    let text = std::fs::read_to_string(demo_content().join("fr/core-hr/org-chart.md")).unwrap();
    let mut f = ArticleForm::from_text("fr/core-hr/org-chart.md", &text, 0).unwrap();
    let english = f.source(&store).expect("the English article it translates").updated;
    f.in_sync = true;
    assert!(f.check(&store, &[], day()).unwrap().contains(&format!("\nsource_updated: {english}\n")));
    f.in_sync = false;
    f.source_updated = "2020-01-01".into();
    assert!(f.check(&store, &[], day()).unwrap().contains("\nsource_updated: 2020-01-01\n"), "kept as it was");
    let english_form =
        ArticleForm::from_text("en/core-hr/org-chart.md", &std::fs::read_to_string(demo_content().join("en/core-hr/org-chart.md")).unwrap(), 0).unwrap();
    assert!(english_form.source(&store).is_none() && !english_form.check(&store, &[], day()).unwrap().contains("source_updated"));
}

#[test]
fn only_article_paths_inside_the_content_folder_are_accepted() {
    assert_eq!(split_path("fr/core-hr/teletravail.md"), Some(("fr", "core-hr", "teletravail")));
    assert_eq!(split_path("pt-br/core-hr/a1.md"), Some(("pt-br", "core-hr", "a1")));
    for bad in [
        "../../etc/passwd.md",
        "fr/../x.md",
        "/etc/core-hr/x.md",
        "fr/core-hr/../x.md",
        "fr\\core-hr/x.md",
        "fr/core-hr/x.txt",
        "fr/core-hr/.md",
        "fr/core-hr/a/b.md",
        "FR/core-hr/x.md",
        "_tenants/../fr/core-hr/x.md",
        "_tenants/acme/../../x.md",
        "_tenants/Acme/fr/core-hr/x.md",
        "_tenants//fr/core-hr/x.md",
    ] {
        assert_eq!(split_path(bad), None, "{bad}");
    }
    assert_eq!(split_path("_tenants/acme/fr/core-hr/x.md"), Some(("fr", "core-hr", "x")));
}

/// A customer's own article: its path is under its tenant's folder, its links may lead to the
/// vendor's articles, it is read on its tenant alone, and it exports to and loads from that
/// folder.
#[test]
fn a_customers_own_article_lives_in_its_tenants_folder_and_is_read_there_alone() {
    let (store, _) = crate::content::load(&demo_content());
    let mut own = form("Voir [l'organigramme](/fr/core-hr/org-chart).");
    own.tenant = "acme".into();
    assert_eq!(own.path(), "_tenants/acme/fr/core-hr/teletravail.md");
    let text = own.check(&store, &[], day()).unwrap();
    // The vendor's address is not free for a customer's article: it would hide the vendor's.
    let mut taken = own.clone();
    taken.language = "en".into();
    taken.slug = "org-chart".into();
    let errors = taken.check(&store, &[], day()).unwrap_err();
    assert!(errors.iter().any(|e| e.field == "slug" && e.problem == "taken"), "{errors:?}");

    let published = vec![(own.path(), text)];
    let (merged, problems) = crate::content::load_with(&demo_content(), &published);
    assert!(problems.is_empty(), "{problems:?}");
    let find = |reader: &crate::content::Reader| matches!(merged.article("fr", "core-hr", "teletravail", reader), crate::content::ArticleLookup::Found { .. });
    assert!(find(&crate::content::Reader::on("acme")));
    assert!(!find(&crate::content::Reader::on("globex")) && !find(&crate::content::Reader::anonymous()));
    let listed = |tenant: &str| merged.module_articles("fr", "core-hr", &crate::content::Reader::on(tenant)).iter().any(|(a, _)| a.slug == "teletravail");
    assert!(listed("acme") && !listed("globex"));
    assert!(merged.translation_status(None, "fr").iter().all(|(a, _, _)| a.tenant.is_none()), "the vendor's dashboard holds the vendor's articles");

    let scratch = tempfile::tempdir().unwrap();
    export(&demo_content(), &published, scratch.path()).unwrap();
    assert!(scratch.path().join("_tenants/acme/fr/core-hr/teletravail.md").is_file());
    let (imported, problems) = crate::content::load(scratch.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert!(imported.all_articles().any(|a| a.slug == "teletravail" && a.tenant.as_deref() == Some("acme")));
}

/// A release note typed in the editor is written as the folder's own file, opens again as
/// typed, and is read by the same reader readers' pages use.
#[test]
fn a_release_note_form_becomes_the_folders_file_and_opens_again_as_typed() {
    let (store, _) = crate::content::load(&demo_content());
    let tz = chrono_tz::Europe::Paris;
    let form = ReleaseForm {
        language: "en".into(),
        slug: "2027-week-07".into(),
        new: true,
        title: "Week 7: calendar sync".into(),
        version: "2027.1.0".into(),
        date: "2027-02-15".into(),
        publish_at: "2026-12-10T09:00".into(),
        modules: "core-hr".into(),
        reminder_on: "2026-12-15".into(),
        features: vec![
            FeatureRow {
                title: "Calendar sync".into(),
                module: "core-hr".into(),
                state: "delivered-deactivated".into(),
                activation: "Administration > Payroll".into(),
            },
            FeatureRow::default(),
        ],
        body: "Pay dates follow the calendar.".into(),
        ..Default::default()
    };
    let saved_on = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let text = form.check(&store, &[], tz, saved_on).unwrap();
    assert!(text.contains("publish_at: 2026-12-10T09:00:00+01:00") && text.contains("reminder_on: 2026-12-15"), "{text}");
    assert!(text.contains("updated: 2026-12-07") && !text.contains("source_updated"), "an English note records its day, and follows nothing: {text}");
    let again = ReleaseForm::from_text(&form.path(), &text, 1, tz).unwrap();
    assert_eq!((again.title.as_str(), again.publish_at.as_str(), again.features.len()), ("Week 7: calendar sync", "2026-12-10T09:00", 1));
    let (merged, problems) = crate::content::load_with(&demo_content(), &[(form.path(), text)]);
    assert!(problems.is_empty(), "{problems:?}");
    let note = merged.all_releases().find(|r| r.slug == "2027-week-07").unwrap();
    assert_eq!(note.reminder_on, NaiveDate::from_ymd_opt(2026, 12, 15));

    // Each problem next to its field.
    let bad = ReleaseForm {
        version: String::new(),
        reminder_on: "2027-03-01".into(),
        features: vec![FeatureRow { title: "Calendar sync".into(), state: "delivered-deactivated".into(), ..Default::default() }],
        modules: "nowhere".into(),
        ..form
    };
    let errors: Vec<(String, String)> = bad.check(&store, &[], tz, saved_on).unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect();
    for expected in [("version", "required"), ("reminder_on", "after-release"), ("features", "activation-required"), ("modules", "unknown")] {
        assert!(errors.iter().any(|(f, p)| (f.as_str(), p.as_str()) == expected), "{expected:?} in {errors:?}");
    }
}
