//! The real binary under a bounded mixed load (search, article pages, ticket filing) on SQLite:
//! no request fails. Then `kill -9` in the middle of ticket filing and a restart: every ticket
//! that was answered with success is there. `ATRIUM_TEST_LOAD_SECS` sets the load's length
//! (60 s by default). On SQLite, or on PostgreSQL when `ATRIUM_TEST_POSTGRES` is set.

mod wire;

use std::{
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};
use wire::{atrium, file_ticket, header, http, sign_in, start_on};

const CLIENTS: usize = 4;

/// The ticket number in a successful filing's redirect (`/en/tickets/7?filed=1`).
fn filed_number(reply: &wire::Reply) -> Option<u64> {
    if reply.status != 303 {
        return None;
    }
    header(reply, "location")?.strip_prefix("/en/tickets/")?.split('?').next()?.parse().ok()
}

#[test]
fn a_mixed_load_has_no_failures_and_a_kill_9_loses_no_acknowledged_ticket() {
    let seconds: u64 = std::env::var("ATRIUM_TEST_LOAD_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let data = tempfile::tempdir().unwrap();
    let url = match std::env::var("ATRIUM_TEST_POSTGRES") {
        Ok(server) => tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(atrium_core::db::new_test_database(&server)),
        Err(_) => format!("sqlite://{}?mode=rwc", data.path().join("atrium.db").display()),
    };
    assert!(atrium(&url, data.path()).arg("seed-demo").status().unwrap().success());
    let port = wire::free_port();
    let node = start_on(&url, data.path(), "load", port);
    let cookie = sign_in(port, "ada@acme.example");

    // Phase 1: every client cycles through a search, an article and a filing until time is up.
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let filed = Arc::new(Mutex::new(Vec::<u64>::new()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (failures, filed, cookie) = (failures.clone(), filed.clone(), cookie.clone());
            std::thread::spawn(move || {
                let mut round = 0;
                while Instant::now() < until {
                    round += 1;
                    let steps: [(&str, std::io::Result<wire::Reply>); 3] = [
                        ("search", http(port, "GET", "/en/search?q=pasword+resett", &[], b"")),
                        ("article", http(port, "GET", "/en/core-hr/import-employees", &[], b"")),
                        ("filing", file_ticket(port, &cookie, &format!("Load {client}-{round}"))),
                    ];
                    for (what, reply) in steps {
                        match reply {
                            Ok(r) if what == "filing" => match filed_number(&r) {
                                Some(n) => filed.lock().unwrap().push(n),
                                None => failures.lock().unwrap().push(format!("{what}: {} {}", r.status, r.body.chars().take(200).collect::<String>())),
                            },
                            Ok(r) if r.status == 200 => {}
                            Ok(r) => failures.lock().unwrap().push(format!("{what}: {}", r.status)),
                            Err(e) => failures.lock().unwrap().push(format!("{what}: {e}")),
                        }
                    }
                }
            })
        })
        .collect();
    for c in clients {
        c.join().unwrap();
    }
    let failures = failures.lock().unwrap().clone();
    assert!(failures.is_empty(), "{} failed requests under load, first: {:?}", failures.len(), &failures[..failures.len().min(5)]);
    let under_load = filed.lock().unwrap().len();
    assert!(under_load >= CLIENTS, "tickets were filed under load ({under_load})");

    // Phase 2: filing goes on from every client while the server is killed without warning.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<u64>::new()));
    let filers: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (stop, acknowledged, cookie) = (stop.clone(), acknowledged.clone(), cookie.clone());
            std::thread::spawn(move || {
                let mut round = 0;
                // Bounded: the server is gone after the kill, so every attempt then fails at once.
                while !stop.load(Ordering::Relaxed) && round < 10_000 {
                    round += 1;
                    if let Ok(r) = file_ticket(port, &cookie, &format!("Crash {client}-{round}")) {
                        if let Some(n) = filed_number(&r) {
                            acknowledged.lock().unwrap().push(n);
                        }
                    }
                }
            })
        })
        .collect();
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 10 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut node = node;
    node.0.kill().unwrap(); // SIGKILL: no shutdown, no flush
    node.0.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for f in filers {
        f.join().unwrap();
    }
    drop(node);
    let mut acknowledged = acknowledged.lock().unwrap().clone();
    acknowledged.extend(filed.lock().unwrap().iter());
    assert!(acknowledged.len() >= 10 + CLIENTS, "{acknowledged:?}");

    let restarted = start_on(&url, data.path(), "load-restarted", wire::free_port());
    for number in &acknowledged {
        let page = http(restarted.1, "GET", &format!("/en/tickets/{number}"), &[("cookie", cookie.clone())], b"").unwrap();
        assert_eq!(page.status, 200, "ticket {number} was acknowledged before the kill but is gone");
    }
}
