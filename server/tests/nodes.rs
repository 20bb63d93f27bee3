//! Two nodes of the real binary on one PostgreSQL database, as behind a load balancer: a session
//! made on one works on the other, a ticket filed on one is seen on the other, and the scheduled
//! jobs run on one node at a time, passing to the other when the first dies.
//! Needs `ATRIUM_TEST_POSTGRES` (scripts/with-postgres.sh sets it); skipped without it.

mod wire;

use atrium_core::sqlx;
use std::time::{Duration, Instant};
use wire::{atrium, file_ticket, header, http, http_on, post_form, sign_in, sign_in_on, start};

/// (node, started_at) of every pass of the ticket jobs so far.
async fn ticket_job_runs(pool: &sqlx::AnyPool) -> Vec<(String, i64)> {
    let runs = atrium_core::operations::lease::runs_since(pool, 0).await.unwrap();
    runs.into_iter().filter(|r| r.job == "tickets").map(|r| (r.node, r.started_at)).collect()
}

#[test]
fn two_nodes_share_sessions_and_tickets_and_run_the_jobs_once() {
    let Ok(server) = std::env::var("ATRIUM_TEST_POSTGRES") else {
        eprintln!("skipped: ATRIUM_TEST_POSTGRES is not set (run through scripts/with-postgres.sh)");
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = rt.block_on(atrium_core::db::new_test_database(&server));
    let data_a = tempfile::tempdir().unwrap();
    let data_b = tempfile::tempdir().unwrap();
    let seeded = atrium(&url, data_a.path()).arg("seed-demo").status().unwrap();
    assert!(seeded.success(), "seed-demo on PostgreSQL");
    let a = start(&url, data_a.path(), "node-a");
    let b = start(&url, data_b.path(), "node-b");

    // Signed in on A, files a ticket on B with that session…
    let cookie = sign_in(a.1, "ada@acme.example");
    let filed = file_ticket(b.1, &cookie, "Filed on node B").unwrap();
    assert_eq!(filed.status, 303, "{}", filed.body);
    assert_eq!(header(&filed, "location"), Some("/en/tickets/1?filed=1"), "the session made on A works on B");

    // …and reads it on A.
    let page = http(a.1, "GET", "/en/tickets/1", &[("cookie", cookie.clone())], b"").unwrap();
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Filed on node B"), "the ticket filed on B is shown on A");
    let other = http(a.1, "GET", "/en/tickets/1", &[], b"").unwrap();
    assert_ne!(other.status, 200, "without the session the ticket stays private");

    // The jobs run every second, on one node only while both are alive.
    let pool = rt.block_on(sqlx::any::AnyPoolOptions::new().max_connections(2).connect(&url)).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    let runs = rt.block_on(ticket_job_runs(&pool));
    assert!(runs.len() >= 3, "the jobs ran: {runs:?}");
    let leader = runs[0].0.clone();
    assert!(runs.iter().all(|(node, _)| *node == leader), "one node at a time: {runs:?}");
    let (mails,): (i64,) = rt.block_on(sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%received%'").fetch_one(&pool)).unwrap();
    assert_eq!(mails, 1, "one acknowledgement for one ticket");

    // The leader dies without a word; the other node takes over once its lease runs out.
    let (dead, survivor) = if leader == "node-a" { (a, "node-b") } else { (b, "node-a") };
    let killed_at = atrium_core::db::now();
    drop(dead);
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let runs = rt.block_on(ticket_job_runs(&pool));
        if runs.iter().any(|(node, at)| node == survivor && *at >= killed_at) {
            break;
        }
        assert!(Instant::now() < deadline, "{survivor} never took the jobs over: {runs:?}");
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Waits at most `limit` for `check` on another node; how long it took.
fn seen_within(limit: Duration, what: &str, check: impl Fn() -> bool) -> Duration {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < limit, "not seen on the other node within {limit:?}: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
    started.elapsed()
}

#[test]
fn a_tenant_or_setting_changed_on_one_node_is_served_the_same_way_on_the_other() {
    let Ok(server) = std::env::var("ATRIUM_TEST_POSTGRES") else {
        eprintln!("skipped: ATRIUM_TEST_POSTGRES is not set (run through scripts/with-postgres.sh)");
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = rt.block_on(atrium_core::db::new_test_database(&server));
    let (data_a, data_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert!(atrium(&url, data_a.path()).arg("seed-demo").status().unwrap().success());
    let a = start(&url, data_a.path(), "node-a");
    let b = start(&url, data_b.path(), "node-b");
    let limit = Duration::from_secs(2);
    let home = |port: u16, host: &str| http_on(port, host, "GET", "/en", &[], b"").unwrap();
    assert_eq!(home(b.1, "initech.localhost").status, 404, "no such help centre yet");

    // The vendor's super administrator creates a tenant on A: B serves it too.
    let root = sign_in_on(a.1, "support.localhost", "root@support.example");
    let form = "locale=en&id=initech&name=Initech&colour=%23336699&hosts=initech.localhost&admin_email=peter%40initech.example&admin_name=Peter";
    let created = post_form(a.1, "support.localhost", "/api/tenant-create", Some(&root), form);
    assert_eq!(created.status, 302, "{}", created.body);
    assert!(header(&created, "location").is_some_and(|l| !l.contains("error")), "{}", created.headers);
    seen_within(limit, "the new tenant", || home(b.1, "initech.localhost").body.contains("Initech"));

    // Readdressed (here by the command line, against the shared database): both nodes' links follow.
    let readdressed = atrium(&url, data_a.path()).args(["set-public-url", "--tenant", "initech", "--url", "https://help.initech.example"]).status();
    assert!(readdressed.unwrap().success());
    let feed = |port: u16| http_on(port, "initech.localhost", "GET", "/feeds/maintenance.atom", &[], b"").unwrap().body;
    for node in [&a, &b] {
        seen_within(limit, "the new public address in the feed", || feed(node.1).contains("https://help.initech.example/en/maintenance"));
    }

    // Sign-in rules saved on A apply on B: after three wrong passwords Bob is locked out there.
    let admin = sign_in_on(a.1, "127.0.0.1", "admin@acme.example");
    let rules = "locale=en&min_length=12&min_lowercase=1&min_uppercase=1&min_digits=1&min_symbols=1&history=5&max_failures=3&lock_minutes=15&expiry_days=0&idle_minutes=60&absolute_hours=12";
    let saved = post_form(a.1, "127.0.0.1", "/api/sign-in-settings", Some(&admin), rules);
    assert!(header(&saved, "location").is_some_and(|l| l.contains("done")), "{}", saved.headers);
    let wrong = "locale=en&email=bob%40acme.example&password=Wrong-password-1%21&return_to=%2Fen";
    for _ in 0..3 {
        post_form(b.1, "127.0.0.1", "/api/sign-in", None, wrong);
    }
    let right = format!("locale=en&email=bob%40acme.example&password={}&return_to=%2Fen", atrium_core::identity::DEMO_PASSWORD.replace('!', "%21"));
    let locked = post_form(b.1, "127.0.0.1", "/api/sign-in", None, &right);
    assert!(header(&locked, "set-cookie").is_none(), "B locks after three attempts, as A's rules say: {}", locked.headers);

    // A sign-in provider saved through one node (here straight into the shared database, where the
    // administrators' page on any node writes it) is offered on the other's sign-in page.
    let sign_in_page = |port: u16| http_on(port, "127.0.0.1", "GET", "/en/sign-in", &[], b"").unwrap().body;
    assert!(!sign_in_page(b.1).contains("Acme Entra"));
    let oidc = atrium_core::sso::OidcSettings {
        issuer: "https://login.acme.example".into(),
        client_id: "atrium".into(),
        client_secret: "s".into(),
        scopes: vec!["openid".into()],
        allowed_algs: vec!["RS256".into()],
        mapping: Default::default(),
    };
    let pool = rt.block_on(atrium_core::db::connect(&url)).unwrap();
    rt.block_on(atrium_core::sso::save_provider(&pool, "acme", "Acme Entra", &atrium_core::sso::ProviderSettings::Oidc(oidc), atrium_core::db::now())).unwrap();
    for node in [&a, &b] {
        seen_within(limit, "the new sign-in provider", || sign_in_page(node.1).contains("Acme Entra"));
    }

    // A vote cast on A counts on B's article page, which had read and kept the tally before.
    let article = |port: u16| http_on(port, "127.0.0.1", "GET", "/en/core-hr/import-employees", &[], b"").unwrap().body;
    assert!(article(b.1).contains("0 found this helpful"), "{}", article(b.1));
    let voted = post_form(
        a.1,
        "127.0.0.1",
        "/api/vote-helpful",
        None,
        "locale=en&module=core-hr&slug=import-employees&helpful=yes&return_to=%2Fen%2Fcore-hr%2Fimport-employees",
    );
    assert_eq!(voted.status, 302, "{}", voted.body);
    seen_within(limit, "the vote in the tally", || article(b.1).contains("1 found this helpful"));

    // An outage published on A (straight into the shared database, as A's maintenance page does)
    // shows in the banner of B, which had kept the tenant's banner announcements before.
    assert!(!home(b.1, "127.0.0.1").body.contains("Payroll exports are failing"));
    let (agent_id, _) = rt.block_on(atrium_core::identity::agents(&pool, "acme")).unwrap().into_iter().next().expect("the demo agent");
    let now = atrium_core::db::now();
    let form = atrium_core::maintenance::AnnouncementForm {
        title: "Payroll exports are failing".into(),
        body: "We are looking into it.".into(),
        kind: "outage".into(),
        impact: "major".into(),
        modules: vec!["payroll".into()],
        starts_at: chrono::DateTime::from_timestamp(now - 600, 0).unwrap().format("%Y-%m-%dT%H:%M").to_string(),
        ends_at: chrono::DateTime::from_timestamp(now + 3600, 0).unwrap().format("%Y-%m-%dT%H:%M").to_string(),
        time_zone: "UTC".into(),
        ..Default::default()
    };
    let outage = atrium_core::maintenance::validate(&form, &["payroll".to_string()], now).unwrap();
    rt.block_on(atrium_core::maintenance::publish(&pool, &["acme".to_string()], &agent_id, &outage, now)).unwrap();
    seen_within(limit, "the outage in the banner", || home(b.1, "127.0.0.1").body.contains("Payroll exports are failing"));

    // An article published in the studio on A is served and found on B within a few seconds.
    let editor = sign_in_on(a.1, "127.0.0.1", "rita@acme.example");
    let page = |port: u16| http_on(port, "127.0.0.1", "GET", "/fr/core-hr/teletravail", &[], b"").unwrap();
    assert_eq!(page(b.1).status, 404);
    let article = "language=fr&module=core-hr&slug=teletravail&new=1&base=0&title=D%C3%A9clarer+le+t%C3%A9l%C3%A9travail&visibility=public&body=Les+jours+de+t%C3%A9l%C3%A9travail+se+d%C3%A9clarent+dans+Absences.&action=publish";
    let published = post_form(a.1, "127.0.0.1", "/fr/studio/save", Some(&editor), article);
    assert!(header(&published, "location").is_some_and(|l| l.ends_with("published=1")), "{}", published.headers);
    let took = seen_within(Duration::from_secs(5), "the published article", || page(b.1).body.contains("Déclarer le télétravail"));
    let search = |port: u16| http_on(port, "127.0.0.1", "GET", "/fr/search?q=t%C3%A9l%C3%A9travail", &[], b"").unwrap().body;
    assert!(search(b.1).contains("Déclarer le télétravail"), "found by search on B");
    eprintln!("published on A, served on B after {took:?}");
    // The command line exports the folder with the publication on top, in the folder's format.
    let export = data_a.path().join("export");
    assert!(atrium(&url, data_a.path()).arg("export-content").arg(&export).status().unwrap().success());
    let written = std::fs::read_to_string(export.join("fr/core-hr/teletravail.md")).unwrap();
    assert!(written.starts_with("---\ntitle: Déclarer le télétravail\n") && written.contains("se déclarent dans Absences."), "{written}");
    assert!(export.join("en/core-hr/org-chart.md").exists() && export.join("_modules/core-hr.yml").exists(), "the folder's own files too");

    // Destroyed: gone from both nodes.
    let certificate = data_a.path().join("certificate.txt");
    let destroyed =
        atrium(&url, data_a.path()).args(["destroy-tenant", "--tenant", "initech", "--confirm", "initech", "--certificate"]).arg(&certificate).status();
    assert!(destroyed.unwrap().success());
    for node in [&a, &b] {
        seen_within(limit, "the destroyed tenant gone", || home(node.1, "initech.localhost").status == 404);
    }
}
