//! Faults an operator meets: a full disk under the database, a burst of costly password hashes.

mod common;

use axum::http::{header, StatusCode};
use common::*;
use std::path::{Path, PathBuf};

const ACME: &str = "127.0.0.1:3000";

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    /// None where mounting is not allowed (not root): the test then says it was skipped.
    fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        let ok = std::process::Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(dir).status().is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }

    /// Takes every free byte with a file of its own.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_refuses_filings_in_the_readers_language_and_recovers_by_itself() {
    on_shared_runtime(async {
        let dir = tempfile::tempdir().unwrap();
        let Some(disk) = SmallDisk::mount(dir.path(), "24m") else {
            eprintln!("skipped: cannot mount a small tmpfs here (needs root, as CI has)");
            return;
        };
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("atrium.db").display());
        let (app, state) = app_on(url, |_| {}).await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(get(&app, ACME, "/readyz").await.status, StatusCode::OK);

        let filler = disk.fill();
        for _ in 0..5 {
            let r = send(&app, multipart(ACME, "/de/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
            assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
            assert!(r.headers.contains_key(header::RETRY_AFTER));
            assert!(r.body.contains("nicht gespeichert"), "told in the reader's language: {}", r.body);
        }
        let ready = get(&app, ACME, "/readyz").await;
        assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "a node that cannot write is not ready: {}", ready.body);
        assert!(ready.body.contains("read-only or full"), "{}", ready.body);
        let page = get_with_cookie(&app, ACME, "/en/activities", &ada).await;
        assert_eq!(page.status, StatusCode::OK, "reading still works while the disk is full");
        assert!(page.body.contains("Payroll export stops halfway"), "the ticket filed before is still there");

        std::fs::remove_file(filler).unwrap();
        for _ in 0..5 {
            let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "filing works again without a restart: {}", r.body);
        }
        assert_eq!(get(&app, ACME, "/readyz").await.status, StatusCode::OK);
        let count: i64 = atrium_core::sqlx::query_scalar("SELECT COUNT(*) FROM tickets").fetch_one(&state.pool).await.unwrap();
        assert_eq!(count, 6, "one ticket before, none while full, five after");
    })
}

/// Password hashing runs off the async workers: while a burst of sign-ins hashes, pages are still
/// served, before any of those sign-ins is done (it used to take both workers until they were).
#[test]
fn pages_are_served_while_a_burst_of_sign_ins_hashes() {
    // A costly hash (set once for this test binary), so that the burst lasts a while.
    let _ = atrium_core::identity::configure_hashing(atrium_core::identity::HashCost { memory_kib: 64 * 1024, iterations: 20, parallelism: 1 });
    on_shared_runtime(async {
        let app = app().await;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let people = ["ada", "bob", "admin", "editor", "agent"];
        let sign_ins: Vec<_> = people
            .iter()
            .map(|who| {
                let (app, done) = (app.clone(), done.clone());
                let form_body = sign_in_form(&format!("{who}@acme.example"), atrium_core::identity::DEMO_PASSWORD, "/en");
                tokio::spawn(async move {
                    let r = send(&app, form(ACME, "/api/sign-in", &form_body, None)).await;
                    done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    r.headers.get(header::SET_COOKIE).is_some()
                })
            })
            .collect();
        // Let the burst reach its hashes first.
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let page = get(&app, ACME, "/en/core-hr/import-employees").await;
        assert_eq!(page.status, StatusCode::OK);
        let finished = done.load(std::sync::atomic::Ordering::SeqCst);
        assert_eq!(finished, 0, "the page was served while every sign-in was still hashing");
        for s in sign_ins {
            assert!(s.await.unwrap(), "each sign-in succeeds");
        }
    })
}
