//! Two nodes of the real binary on one PostgreSQL database, as behind a load balancer: a session
//! made on one works on the other, a ticket filed on one is seen on the other, and the scheduled
//! jobs run on one node at a time, passing to the other when the first dies.
//! Needs `ATRIUM_TEST_POSTGRES` (scripts/with-postgres.sh sets it); skipped without it.

mod wire;

use atrium_core::sqlx;
use std::time::{Duration, Instant};
use wire::{atrium, file_ticket, header, http, sign_in, start};

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
