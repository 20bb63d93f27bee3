//! Operations on a real SQLite file: retention purges, a tenant's export and destruction, and
//! backup with restore.

use atrium_core::{
    db::{self, Pool},
    files::FileStore,
    identity::{self, Role, User},
    operations::{audit, backup, destroy, export, purge, Retention},
    sla::Severity,
    sqlx,
    ticket::{self, attachment::Attachment, Impact, Kind, Ticket, TicketSettings, ValidTicket},
};
use std::path::Path;

const DAY: i64 = 86_400;

struct World {
    pool: Pool,
    url: String,
    ada: User,
    agent: User,
    grace: User,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("atrium.db").display());
    let pool = db::connect(&url).await.unwrap();
    atrium_core::tenant::seed_demo(&pool).await.unwrap();
    let mk = |t: &'static str, e: &'static str, r: Role| {
        let pool = pool.clone();
        async move { identity::create_user(&pool, t, e, e.split('@').next().unwrap(), None, r, &[], db::now()).await.unwrap() }
    };
    World {
        ada: mk("acme", "ada@acme.example", Role::CustomerUser).await,
        agent: mk("vendor", "desk@support.example", Role::SupportAgent).await,
        grace: mk("globex", "grace@globex.example", Role::CustomerUser).await,
        pool,
        url,
        _dir: dir,
    }
}

async fn file_with_screenshot(w: &World, who: &User, subject: &str, at: i64) -> Ticket {
    file_into(w, &TicketSettings::default(), who, subject, at).await
}

async fn file_into(w: &World, settings: &TicketSettings, who: &User, subject: &str, at: i64) -> Ticket {
    let valid = ValidTicket {
        kind: Kind::Anomaly,
        severity: Severity::Minor,
        impact: Some(Impact::Degradation),
        subject: subject.into(),
        description: "It stops at 50 %.".into(),
        module: "compensation".into(),
        article_path: None,
        action_path: "Compensation > Payroll export".into(),
        incident_at: None,
        extra: vec![],
        form_session: None,
        follows: None,
        turnaround_days: None,
    };
    let shot = Attachment { filename: format!("{subject}.png"), content_type: "image/png", bytes: vec![0x89, b'P', b'N', b'G', 1, 2, 3] };
    ticket::create(&w.pool, settings, who, "en", "http://127.0.0.1:3000", valid, vec![shot], at).await.unwrap()
}

async fn close(pool: &Pool, t: &Ticket, at: i64) {
    sqlx::query("UPDATE tickets SET status = 'closed', closed_at = $1 WHERE id = $2").bind(at).bind(&t.id).execute(pool).await.unwrap();
}

async fn count(pool: &Pool, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).fetch_one(pool).await.unwrap().0
}

#[tokio::test]
async fn purges_remove_only_what_is_past_its_retention_and_twice_removes_nothing_more() {
    let w = world().await;
    let now = db::now();
    let old_closed = file_with_screenshot(&w, &w.ada, "old-closed", now - 200 * DAY).await;
    close(&w.pool, &old_closed, now - 100 * DAY).await;
    let recent_closed = file_with_screenshot(&w, &w.ada, "recent-closed", now - 20 * DAY).await;
    close(&w.pool, &recent_closed, now - 10 * DAY).await;
    let open = file_with_screenshot(&w, &w.ada, "still-open", now - 300 * DAY).await;
    audit::record(&w.pool, "acme", Some(&w.ada.id), audit::Action::SignedIn, None, now - 400 * DAY).await.unwrap();
    audit::record(&w.pool, "acme", Some(&w.ada.id), audit::Action::SignedIn, None, now - 300 * DAY).await.unwrap();
    atrium_core::search::log::record_search(&w.pool, "acme", "en", None, "payslip", 3, now).await.unwrap();
    sqlx::query("INSERT INTO search_log (id, tenant_id, locale, query, result_count, created_at) VALUES ('old', 'acme', 'en', 'old query', 0, $1)")
        .bind(now - 40 * DAY)
        .execute(&w.pool)
        .await
        .unwrap();
    let logs = tempfile::tempdir().unwrap();
    let today = chrono::DateTime::from_timestamp(now, 0).unwrap().date_naive();
    for name in [format!("atrium.log.{}", today - chrono::Days::new(91)), format!("atrium.log.{today}"), "notes.txt".to_string()] {
        std::fs::write(logs.path().join(name), "x").unwrap();
    }

    let retention = Retention { search_log_days: 30, ..Retention::default() };
    let report = purge(&w.pool, &FileStore::Database, retention, now, Some(logs.path())).await.unwrap();
    assert_eq!(report.ticket_files, 1, "only the ticket closed 100 days ago loses its file: {report:?}");
    assert_eq!(report.audit_entries, 1, "the entry of 400 days ago: {report:?}");
    assert_eq!(report.search_entries, 1, "the search of 40 days ago, with a 30-day setting: {report:?}");
    assert_eq!(report.log_files, 1, "{report:?}");
    let mut left: Vec<String> = std::fs::read_dir(logs.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    assert_eq!(left, vec![format!("atrium.log.{today}"), "notes.txt".to_string()]);

    // The requester still sees the file's name in the history, marked removed, and cannot download it.
    let history = ticket::history(&w.pool, &w.ada, &old_closed).await.unwrap();
    let file = history.iter().flat_map(|e| &e.attachments).next().expect("the file's name stays");
    assert!(file.removed && file.filename == "old-closed.png", "{file:?}");
    assert!(ticket::attachment(&w.pool, &FileStore::Database, &w.ada, &old_closed, &file.id).await.unwrap().is_none());
    for kept in [&recent_closed, &open] {
        let h = ticket::history(&w.pool, &w.ada, kept).await.unwrap();
        let f = h.iter().flat_map(|e| &e.attachments).next().unwrap();
        assert!(!f.removed);
        assert_eq!(ticket::attachment(&w.pool, &FileStore::Database, &w.ada, kept, &f.id).await.unwrap().unwrap().2, vec![0x89, b'P', b'N', b'G', 1, 2, 3]);
    }
    assert_eq!(count(&w.pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'signed-in'").await, 1);

    let again = purge(&w.pool, &FileStore::Database, retention, now, Some(logs.path())).await.unwrap();
    assert_eq!(again.total(), 0, "{again:?}");
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[tokio::test]
async fn a_tenants_export_has_every_table_as_csv_with_a_readme_and_nothing_of_other_tenants() {
    let w = world().await;
    let now = db::now();
    let t = file_with_screenshot(&w, &w.ada, "acme, \"quoted\" subject", now).await;
    file_with_screenshot(&w, &w.grace, "globex secret plan", now).await;
    identity::start_session(&w.pool, "acme", &w.ada.id, db::now()).await.unwrap();
    let live = "5e".repeat(32);
    let mut conn = w.pool.acquire().await.unwrap();
    atrium_core::mail::enqueue(&mut conn, "acme", &identity::reset_mail("en", "ada@acme.example", "http://127.0.0.1:3000", &live), now).await.unwrap();
    drop(conn);
    let out = tempfile::tempdir().unwrap();
    let to = out.path().join("acme-export");

    let report = export::export_tenant(&w.pool, &FileStore::Database, "acme", &to, now).await.unwrap();
    let files: Vec<&str> = report.files.iter().map(|(f, _)| f.as_str()).collect();
    for expected in ["tenants.csv", "users.csv", "tickets.csv", "ticket_events.csv", "ticket_attachments.csv", "audit_log.csv", "mail_outbox.csv"] {
        assert!(files.contains(&expected), "{expected} missing from {files:?}");
    }
    assert!(!files.contains(&"sessions.csv") && !to.join("sessions.csv").exists(), "credentials are not exported");

    // A CSV reader gets the ticket back exactly, commas and quotes included.
    let mut tickets = csv::Reader::from_path(to.join("tickets.csv")).unwrap();
    let header = tickets.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = tickets.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("subject")], "acme, \"quoted\" subject");
    assert_eq!(&rows[0][col("id")], t.id.as_str());
    assert_eq!(&rows[0][col("requester_id")], w.ada.id.as_str());
    let mails = read(&to, "mail_outbox.csv");
    assert!(mails.contains("/en/account/link?token=REDACTED") && !mails.contains(&live), "a working reset link left the service: {mails}");
    let users = read(&to, "users.csv");
    assert!(users.contains("ada@acme.example") && !users.lines().next().unwrap().contains("password_hash"), "{users}");
    let audit_csv = read(&to, "audit_log.csv");
    assert!(audit_csv.contains("signed-in") && audit_csv.contains("ticket-filed"), "{audit_csv}");
    // An empty table still has its header row.
    assert!(read(&to, "tenant_sla.csv").starts_with("tenant_id,"), "{}", read(&to, "tenant_sla.csv"));

    let readme = read(&to, "README.md");
    for (file, _) in &report.files {
        assert!(readme.contains(&format!("## {file}")), "README describes {file}");
    }
    assert!(readme.contains("`requester_id` | links to users.id"), "{readme}");
    assert!(readme.contains("`sessions` is not exported"), "{readme}");
    assert!(readme.contains("Not included: password_hash"), "{readme}");
    // The "Left out" section lists what is not there, before the files' descriptions.
    let left_out = readme.split("Left out:\n").nth(1).unwrap().split("\n## ").next().unwrap();
    assert!(left_out.contains("`sessions` is not exported") && left_out.contains("password_hash") && left_out.contains("REDACTED"), "{left_out}");

    for entry in std::fs::read_dir(&to).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("globex") && !text.contains("grace@"), "another tenant leaked into the export");
    }
    assert!(
        matches!(export::export_tenant(&w.pool, &FileStore::Database, "acme", &to, now).await, Err(export::ExportError::NotEmpty(_))),
        "no export overwrites another"
    );
    assert!(matches!(
        export::export_tenant(&w.pool, &FileStore::Database, "nobody", &out.path().join("x"), now).await,
        Err(export::ExportError::UnknownTenant(_))
    ));
}

#[tokio::test]
async fn destroying_a_tenant_leaves_no_row_that_mentions_it_and_certifies_what_went() {
    let w = world().await;
    let now = db::now();
    let acme_ticket = file_with_screenshot(&w, &w.ada, "acme ticket", now).await;
    ticket::assign(&w.pool, &TicketSettings::default(), &w.agent, &acme_ticket, &w.agent, now).await.unwrap();
    let globex_ticket = file_with_screenshot(&w, &w.grace, "globex ticket", now).await;
    identity::start_session(&w.pool, "acme", &w.ada.id, db::now()).await.unwrap();
    atrium_core::search::log::record_search(&w.pool, "acme", "en", None, "payslip", 2, now).await.unwrap();
    // Acme's content editor wrote and published one of the vendor's shared articles.
    let eddie = identity::create_user(&w.pool, "acme", "eddie@acme.example", "Eddie Editor", None, Role::ContentEditor, &[], now).await.unwrap();
    let shared = "en/core-hr/parental-leave.md";
    atrium_core::content::studio::save(&w.pool, shared, 0, "---\ntitle: Parental leave\n---\nHow to declare it.\n", &eddie, now).await.unwrap();
    atrium_core::content::studio::publish(&w.pool, shared, 1, &eddie, now).await.unwrap();

    assert!(matches!(destroy::destroy_tenant(&w.pool, &FileStore::Database, "vendor", now).await, Err(destroy::DestroyError::VendorTenant(_))));
    assert!(matches!(destroy::destroy_tenant(&w.pool, &FileStore::Database, "nobody", now).await, Err(destroy::DestroyError::UnknownTenant(_))));
    let certificate = destroy::destroy_tenant(&w.pool, &FileStore::Database, "acme", now).await.unwrap();

    // Every row of every table, every text cell: nothing names the tenant, its hosts or its people.
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> '_sqlx_migrations'").fetch_all(&w.pool).await.unwrap();
    let mut cells = 0;
    for (table,) in tables {
        let rows = sqlx::query(&format!("SELECT * FROM \"{table}\"")).fetch_all(&w.pool).await.unwrap();
        for row in rows {
            use sqlx::Row;
            for i in 0..row.len() {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) {
                    cells += 1;
                    for trace in ["acme", &w.ada.id, &acme_ticket.id, &eddie.id, "eddie"] {
                        assert!(!text.to_lowercase().contains(trace), "{table} still mentions {trace}: {text}");
                    }
                }
            }
        }
    }
    assert!(cells > 50, "the scan read the other tenants' rows too ({cells} cells)");
    assert!(ticket::get_by_id(&w.pool, "globex", &globex_ticket.id).await.unwrap().is_some(), "other tenants keep their tickets");
    assert!(identity::load_user(&w.pool, "vendor", &w.agent.id).await.unwrap().is_some(), "the vendor's agent stays");
    // The shared article stays published, its history no longer naming Acme's editor.
    let kept = atrium_core::content::studio::history(&w.pool, shared).await.unwrap();
    assert_eq!(kept.iter().map(|r| r.author.as_str()).collect::<Vec<_>>(), [destroy::FORMER_AUTHOR]);
    assert_eq!(atrium_core::content::studio::published(&w.pool).await.unwrap().len(), 1);

    let text = certificate.to_text();
    assert!(text.contains("Acme Logistics") && text.contains("acme.localhost"), "{text}");
    let tickets = certificate.rows.iter().find(|(t, _)| *t == "tickets").unwrap().1;
    assert_eq!(tickets, 1, "{text}");
    assert!(certificate.total() >= 8, "{text}");
    assert!(matches!(destroy::destroy_tenant(&w.pool, &FileStore::Database, "acme", now).await, Err(destroy::DestroyError::UnknownTenant(_))));
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_and_the_replaced_database_is_kept() {
    let w = world().await;
    let now = db::now();
    file_with_screenshot(&w, &w.ada, "before the backup", now).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("nightly.db");
    let bytes = backup::backup(&w.url, &copy).await.unwrap();
    assert!(bytes > 0);
    assert!(matches!(backup::backup(&w.url, &copy).await, Err(backup::BackupError::Exists(_))), "a backup is never overwritten");
    file_with_screenshot(&w, &w.ada, "after the backup", now).await;

    // A file that is not a backup is refused and the database is left as it was.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database at all").unwrap();
    let refused = backup::restore(&w.url, &junk).await.unwrap_err();
    assert!(matches!(refused, backup::BackupError::NotABackup(..)), "{refused}");
    assert_eq!(count(&w.pool, "SELECT COUNT(*) FROM tickets").await, 2);

    w.pool.close().await;
    let kept = backup::restore(&w.url, &copy).await.unwrap().expect("the replaced database is kept");
    let restored = db::connect(&w.url).await.unwrap();
    let subjects: Vec<(String,)> = sqlx::query_as("SELECT subject FROM tickets").fetch_all(&restored).await.unwrap();
    assert_eq!(subjects, vec![("before the backup".to_string(),)]);
    let ada = identity::load_user(&restored, "acme", &w.ada.id).await.unwrap().unwrap();
    let tickets = ticket::activities(&restored, &ada, None, ticket::ACTIVITIES_PAGE).await.unwrap().tickets;
    let h = ticket::history(&restored, &ada, &tickets[0]).await.unwrap();
    let f = h.iter().flat_map(|e| &e.attachments).next().unwrap();
    assert!(ticket::attachment(&restored, &FileStore::Database, &ada, &tickets[0], &f.id).await.unwrap().is_some(), "files come back with the backup");
    let previous = db::connect(&format!("sqlite://{}", kept.display())).await.unwrap();
    assert_eq!(count(&previous, "SELECT COUNT(*) FROM tickets").await, 2, "nothing is lost by a restore");
}

/// Files in a directory store (the several-nodes set-up) follow their rows: read back, exported,
/// purged with the retention, destroyed with the tenant.
#[tokio::test]
async fn a_directory_file_store_is_read_exported_purged_and_destroyed_with_its_rows() {
    let w = world().await;
    let now = db::now();
    let root = tempfile::tempdir().unwrap();
    let store = FileStore::Directory(root.path().to_path_buf());
    let settings = TicketSettings { files: store.clone(), ..TicketSettings::default() };
    let old = file_into(&w, &settings, &w.ada, "old", now - 200 * DAY).await;
    close(&w.pool, &old, now - 100 * DAY).await;
    let open = file_into(&w, &settings, &w.ada, "open", now).await;
    let id_of = |t: &Ticket| {
        let (pool, ada, t) = (w.pool.clone(), w.ada.clone(), t.clone());
        async move { ticket::history(&pool, &ada, &t).await.unwrap().iter().flat_map(|e| e.attachments.clone()).next().unwrap().id }
    };
    let (old_id, open_id) = (id_of(&old).await, id_of(&open).await);
    assert!(root.path().join("acme").join(&open_id).is_file(), "the bytes are a file");
    assert_eq!(count(&w.pool, "SELECT COUNT(*) FROM ticket_attachments WHERE data <> ''").await, 0, "and not in the database");
    let png = vec![0x89, b'P', b'N', b'G', 1, 2, 3];
    assert_eq!(ticket::attachment(&w.pool, &store, &w.ada, &open, &open_id).await.unwrap().unwrap().2, png);

    let out = tempfile::tempdir().unwrap();
    export::export_tenant(&w.pool, &store, "acme", &out.path().join("e"), now).await.unwrap();
    assert_eq!(std::fs::read(out.path().join("e/files").join(&open_id)).unwrap(), png);
    assert!(read(&out.path().join("e"), "README.md").contains("## files/"));

    let report = purge(&w.pool, &store, Retention::default(), now, None).await.unwrap();
    assert_eq!(report.ticket_files, 1);
    assert!(!root.path().join("acme").join(&old_id).exists(), "the expired file left the store");
    assert!(root.path().join("acme").join(&open_id).is_file());

    let grace_ticket = file_into(&w, &settings, &w.grace, "globex", now).await;
    let certificate = destroy::destroy_tenant(&w.pool, &store, "acme", now).await.unwrap();
    assert_eq!(certificate.stored_files, 1, "{}", certificate.to_text());
    assert!(!root.path().join("acme").exists(), "no file of the tenant is left");
    let grace_file = ticket::history(&w.pool, &w.grace, &grace_ticket).await.unwrap().iter().flat_map(|e| e.attachments.clone()).next().unwrap();
    assert!(ticket::attachment(&w.pool, &store, &w.grace, &grace_ticket, &grace_file.id).await.unwrap().is_some(), "other tenants keep theirs");
}

/// `seed-demo --with-tickets`: the living demo's surveys and maintenance windows come on top of
/// its desk, each once.
#[tokio::test]
async fn the_living_demo_answers_surveys_and_announces_maintenance_once() {
    let pool = db::connect_for_test().await;
    atrium_core::tenant::seed_demo(&pool).await.unwrap();
    identity::seed_demo_users(&pool).await.unwrap();
    let now = db::now();
    ticket::seed_demo_desk(&pool, &TicketSettings::default(), now).await.unwrap();
    assert_eq!(atrium_core::survey::seed_demo_answers(&pool, 30, now).await.unwrap(), 1, "the closed ticket's survey is answered");
    assert_eq!(atrium_core::survey::seed_demo_answers(&pool, 30, now).await.unwrap(), 0);
    let (root,): (String,) = sqlx::query_as("SELECT id FROM users WHERE email = 'root@support.example'").fetch_one(&pool).await.unwrap();
    assert!(atrium_core::maintenance::seed_demo_windows(&pool, &root, now).await.unwrap());
    assert!(!atrium_core::maintenance::seed_demo_windows(&pool, &root, now).await.unwrap(), "once");
    for tenant in ["acme", "globex"] {
        let told = atrium_core::maintenance::list(&pool, tenant, None).await.unwrap();
        let states: Vec<&str> = told.iter().map(|a| a.state.key()).collect();
        assert!(states.contains(&"scheduled") && states.contains(&"completed"), "{tenant}: {states:?}");
    }
}
