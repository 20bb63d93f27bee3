//! Two nodes of the real binary on one PostgreSQL database, as behind a load balancer: a session
//! made on one works on the other, a ticket filed on one is seen on the other, and the scheduled
//! jobs run on one node at a time, passing to the other when the first dies.
//! Needs `ATRIUM_TEST_POSTGRES` (scripts/with-postgres.sh sets it); skipped without it.

use atrium_core::sqlx;
use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

struct Node(Child, u16);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// One HTTP/1.1 exchange on loopback; a chunked body is put back together.
fn http(port: u16, method: &str, path: &str, extra_headers: &[(&str, String)], body: &[u8]) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in extra_headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (headers, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = headers.to_lowercase();
    let body = if headers.contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.to_string() };
    Ok(Reply { status, headers, body })
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { break };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.lines().find_map(|l| l.strip_prefix(&format!("{name}: ")))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn atrium(database_url: &str, data: &std::path::Path) -> Command {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_atrium"));
    cmd.env("ATRIUM_DATABASE_URL", database_url)
        .env("ATRIUM_DATA_DIR", data)
        .env("ATRIUM_CONTENT_DIR", root.join("content"))
        .env("ATRIUM_LOG", "warn")
        // Cheap password hashes: the test signs in, it does not measure argon2.
        .env("ATRIUM_ARGON2_MEMORY_KIB", "8192")
        .env("ATRIUM_ARGON2_ITERATIONS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn start(database_url: &str, data: &std::path::Path, name: &str) -> Node {
    let port = free_port();
    let child = atrium(database_url, data)
        .arg("serve")
        .env("ATRIUM_ADDR", format!("127.0.0.1:{port}"))
        .env("ATRIUM_NODE_NAME", name)
        .env("ATRIUM_JOBS_INTERVAL_SECS", "1")
        .spawn()
        .expect("the atrium binary");
    let node = Node(child, port);
    let started = Instant::now();
    while !http(port, "GET", "/readyz", &[], b"").is_ok_and(|r| r.status == 200) {
        assert!(started.elapsed() < Duration::from_secs(90), "node {name} did not become ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    node
}

fn origin(port: u16) -> (&'static str, String) {
    ("origin", format!("http://127.0.0.1:{port}"))
}

async fn fresh_database(server: &str) -> String {
    sqlx::any::install_default_drivers();
    let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&format!("{server}/postgres")).await.unwrap();
    let name = format!("atrium_nodes_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&mut admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    format!("{server}/{name}")
}

/// (node, started_at) of every pass of the ticket jobs so far.
async fn ticket_job_runs(pool: &sqlx::AnyPool) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT node, started_at FROM job_runs WHERE job = 'tickets' ORDER BY started_at, id").fetch_all(pool).await.unwrap()
}

#[test]
fn two_nodes_share_sessions_and_tickets_and_run_the_jobs_once() {
    let Ok(server) = std::env::var("ATRIUM_TEST_POSTGRES") else {
        eprintln!("skipped: ATRIUM_TEST_POSTGRES is not set (run through scripts/with-postgres.sh)");
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = rt.block_on(fresh_database(server.trim_end_matches('/')));
    let data_a = tempfile::tempdir().unwrap();
    let data_b = tempfile::tempdir().unwrap();
    let seeded = atrium(&url, data_a.path()).arg("seed-demo").status().unwrap();
    assert!(seeded.success(), "seed-demo on PostgreSQL");
    let a = start(&url, data_a.path(), "node-a");
    let b = start(&url, data_b.path(), "node-b");

    // Signed in on A…
    let form = "locale=en&email=ada%40acme.example&password=".to_string() + &atrium_core::identity::DEMO_PASSWORD.replace('!', "%21") + "&return_to=%2Fen";
    let signed = http(a.1, "POST", "/api/sign-in", &[origin(a.1), ("accept", "text/html".into()), ("content-type", "application/x-www-form-urlencoded".into())], form.as_bytes()).unwrap();
    assert_eq!(signed.status, 302, "{}", signed.body);
    let cookie = header(&signed, "set-cookie").unwrap().split(';').next().unwrap().to_string();

    // …files a ticket on B with that session…
    let boundary = "nodes-test-boundary";
    let mut body = String::new();
    for (name, value) in [
        ("module", "compensation"),
        ("kind", "anomaly"),
        ("severity", "major"),
        ("impact", "degradation"),
        ("subject", "Filed on node B"),
        ("description", "It stops at 50 %."),
        ("action_path", "Compensation > Export to payroll"),
        ("extra.pay-period", "2026-11"),
    ] {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let filed = http(
        b.1,
        "POST",
        "/en/tickets",
        &[origin(b.1), ("cookie", cookie.clone()), ("content-type", format!("multipart/form-data; boundary={boundary}"))],
        body.as_bytes(),
    )
    .unwrap();
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
