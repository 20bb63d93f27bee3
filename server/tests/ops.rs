//! A running node as operators see it: the real binary started on loopback with JSON logs.

mod wire;

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};
use wire::{header, http, Node};

#[test]
fn json_logs_carry_each_requests_id_and_the_reply_sends_it_back() {
    let data = tempfile::tempdir().unwrap();
    let port = wire::free_port();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let child = Command::new(env!("CARGO_BIN_EXE_atrium"))
        .arg("serve")
        .env("ATRIUM_DATA_DIR", data.path())
        .env("ATRIUM_CONTENT_DIR", root.join("content"))
        .env("ATRIUM_ADDR", format!("127.0.0.1:{port}"))
        .env("ATRIUM_LOG_FORMAT", "json")
        .env("ATRIUM_LOG", "info")
        .env("ATRIUM_LOG_DIR", data.path().join("logs"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the atrium binary");
    let mut server = Node(child, port);
    let started = Instant::now();
    while !http(port, "GET", "/readyz", &[], b"").is_ok_and(|r| r.status == 200) {
        assert!(started.elapsed() < Duration::from_secs(60), "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }

    let given = http(port, "GET", "/readyz", &[("x-request-id", "ops-test-42".into())], b"").unwrap();
    assert_eq!(given.status, 200, "{}", given.headers);
    assert_eq!(header(&given, "x-request-id"), Some("ops-test-42"), "the caller's id is sent back: {}", given.headers);
    let made = http(port, "GET", "/healthz", &[], b"").unwrap();
    let made_id = header(&made, "x-request-id").expect("an id is made when none is sent").to_string();
    assert_eq!(made_id.len(), 36, "a UUID: {made_id}");

    // With a log folder, the same lines also go to today's file (purged after the retention).
    let today = chrono::Utc::now().date_naive();
    let file = data.path().join("logs").join(format!("atrium.log.{today}"));
    let started = Instant::now();
    while !std::fs::read_to_string(&file).is_ok_and(|t| t.contains("ops-test-42")) {
        assert!(started.elapsed() < Duration::from_secs(10), "no request line in {}", file.display());
        std::thread::sleep(Duration::from_millis(100));
    }

    let _ = server.0.kill();
    let stdout = server.0.stdout.take().unwrap();
    let lines: Vec<serde_json::Value> =
        BufReader::new(stdout).lines().map_while(Result::ok).map(|l| serde_json::from_str(&l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    let logged = |id: &str| lines.iter().find(|l| l["span"]["request_id"] == id && l["fields"]["status"] == 200);
    let readyz = logged("ops-test-42").unwrap_or_else(|| panic!("no response line for ops-test-42 in {lines:#?}"));
    assert_eq!(readyz["span"]["path"], "/readyz");
    assert!(readyz["fields"]["latency"].is_string(), "{readyz}");
    assert!(logged(&made_id).is_some(), "the made id is the logged one");
}

/// The operators' commands on a SQLite data folder, as in the README: back up, export a tenant,
/// destroy it (only with the confirmation), then restore the backup and find it again.
#[test]
fn backup_export_destroy_and_restore_through_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_atrium"))
            .args(args)
            .env("ATRIUM_DATA_DIR", data.path())
            .env("ATRIUM_CONTENT_DIR", root.join("content"))
            .env("ATRIUM_ARGON2_MEMORY_KIB", "8192")
            .env("ATRIUM_ARGON2_ITERATIONS", "1")
            .output()
            .expect("the atrium binary");
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let path = |name: &str| data.path().join(name).display().to_string();
    assert_eq!(run(&["seed-demo"]).0, 0);
    let (code, said) = run(&["backup", "--to", &path("backups/before.db")]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = run(&["backup", "--to", &path("backups/before.db")]);
    assert_ne!(code, 0, "an existing backup is not overwritten: {said}");

    let (code, said) = run(&["export-tenant", "--tenant", "acme", "--to", &path("export")]);
    assert_eq!(code, 0, "{said}");
    let users = std::fs::read_to_string(data.path().join("export/users.csv")).unwrap();
    assert!(users.contains("ada@acme.example") && !users.contains("grace@globex.example"), "{users}");
    assert!(data.path().join("export/README.md").is_file());

    let (code, said) = run(&["destroy-tenant", "--tenant", "acme", "--certificate", &path("certificate.txt"), "--confirm", "acne"]);
    assert_eq!(code, 2, "a mistyped confirmation deletes nothing: {said}");
    assert!(said.contains("nothing was deleted"), "{said}");
    let (code, said) = run(&["export-tenant", "--tenant", "acme", "--to", &path("export-2")]);
    assert_eq!(code, 0, "acme is still there: {said}");

    let (code, said) = run(&["destroy-tenant", "--tenant", "acme", "--certificate", &path("certificate.txt"), "--confirm", "acme"]);
    assert_eq!(code, 0, "{said}");
    let certificate = std::fs::read_to_string(data.path().join("certificate.txt")).unwrap();
    assert!(certificate.contains("CERTIFICATE OF DATA DESTRUCTION") && certificate.contains("Acme Logistics"), "{certificate}");
    let (code, said) = run(&["export-tenant", "--tenant", "acme", "--to", &path("export-3")]);
    assert_ne!(code, 0, "acme is gone: {said}");
    assert!(said.contains("no tenant"), "{said}");

    let (code, said) = run(&["restore", "--from", &path("certificate.txt")]);
    assert_ne!(code, 0, "a file that is not a backup is refused: {said}");
    assert!(said.contains("not an Atrium backup"), "{said}");
    let (code, said) = run(&["restore", "--from", &path("backups/before.db")]);
    assert_eq!(code, 0, "{said}");
    let (code, said) = run(&["export-tenant", "--tenant", "acme", "--to", &path("export-4")]);
    assert_eq!(code, 0, "the backup brought acme back: {said}");
}

/// A node listens at once: while its content loads, `/healthz` answers 200, `/readyz` 503 and
/// pages 503 with `Retry-After`; once loaded, all answer as usual.
#[test]
fn a_node_answers_probes_while_its_content_loads() {
    let data = tempfile::tempdir().unwrap();
    let content = data.path().join("content");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    assert!(Command::new("cp").arg("-r").arg(&root).arg(&content).status().unwrap().success());
    // Enough articles that loading and indexing them takes a while.
    let many = content.join("en/core-hr");
    for i in 0..4000 {
        let text =
            format!("---\ntitle: Office {i}\nupdated: 2026-11-20\n---\nThe office number {i} keeps its employee records here, with payroll and leave.\n");
        std::fs::write(many.join(format!("office-{i}.md")), text).unwrap();
    }
    let url = format!("sqlite://{}?mode=rwc", data.path().join("atrium.db").display());
    assert!(wire::atrium(&url, data.path()).arg("seed-demo").status().unwrap().success());
    let port = wire::free_port();
    let child =
        wire::atrium(&url, data.path()).arg("serve").env("ATRIUM_CONTENT_DIR", &content).env("ATRIUM_ADDR", format!("127.0.0.1:{port}")).spawn().unwrap();
    let _node = Node(child, port);
    let started = Instant::now();
    while http(port, "GET", "/healthz", &[], b"").is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the port never opened");
        std::thread::sleep(Duration::from_millis(10));
    }
    let ready = http(port, "GET", "/readyz", &[], b"").unwrap();
    assert_eq!(ready.status, 503, "alive but not ready while loading: {}", ready.body);
    assert!(ready.body.contains("loading"), "{}", ready.body);
    let page = http(port, "GET", "/en", &[], b"").unwrap();
    assert_eq!((page.status, header(&page, "retry-after")), (503, Some("5")));
    while http(port, "GET", "/readyz", &[], b"").unwrap().status != 200 {
        assert!(started.elapsed() < Duration::from_secs(120), "never became ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(http(port, "GET", "/en/core-hr/office-3999", &[], b"").unwrap().status, 200);
}
