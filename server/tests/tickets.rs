//! Tickets over HTTP: filing with screenshots, who may see and touch a ticket, and the jobs
//! sending reminders to a real MailDev. Each security test tries to break a check.

mod common;

use atrium_core::clock::ManualClock;
use axum::{
    http::{header, StatusCode},
    Router,
};
use common::*;

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";

const GOOD: &[(&str, &str)] = TICKET_FORM;

async fn file_ticket(app: &Router, host: &str, cookie: &str, files: &[(&str, Vec<u8>)]) -> String {
    let r = send(app, multipart(host, "/en/tickets", GOOD, files, Some(cookie), &format!("http://{host}"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// A ZIP whose one entry deflates a thousandfold: 20 MB of zeros in about 20 kB.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("zeros.bin", zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
    w.write_all(&vec![0u8; 20 << 20]).unwrap();
    w.finish().unwrap().into_inner()
}

async fn ticket_count(state: &atrium_app::state::AppState) -> i64 {
    let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM tickets").fetch_one(&state.pool).await.unwrap();
    n
}

#[test]
fn filing_needs_a_signed_in_reader_and_a_post_from_this_site() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let r = send(&app, multipart(ACME, "/en/tickets", GOOD, &[], None, "http://127.0.0.1:3000")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(r.headers[header::LOCATION].to_str().unwrap().starts_with("/en/sign-in?return_to="));
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let r = send(&app, multipart(ACME, "/en/tickets", GOOD, &[], Some(&ada), "http://evil.example")).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "a cross-site form post is refused");
        assert_eq!(ticket_count(&state).await, 0);
        let location = file_ticket(&app, ACME, &ada, &[("shot.png", png())]).await;
        assert_eq!(location, "/en/tickets/1?filed=1");
        assert_eq!(ticket_count(&state).await, 1);
    })
}

#[test]
fn screenshots_are_checked_by_content_and_refusals_are_explained() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec();
        exe.resize(4096, 0);
        let mut polyglot = png();
        polyglot.extend_from_slice(b"PK\x03\x04hidden.zip");
        let mut oversize = png();
        oversize.resize(10 * 1024 * 1024 + 10, 0);
        let cases = [
            ("invoice.png", exe.clone(), "“invoice.png” is not a PNG, JPEG or WebP image."),
            ("chart.png", polyglot, "“chart.png” contains another kind of file hidden in the image and was refused."),
            ("huge.png", oversize, "“huge.png” is larger than the size limit."),
            // An executable renamed as a PDF, or sent as what it is.
            ("invoice.pdf", exe.clone(), "“invoice.pdf” is not what its name says: its content is of another kind, so it was refused."),
            ("setup.exe", exe, "“setup.exe” is not a kind of file that can be attached"),
            // A ZIP bomb: 20 MB of zeros in about 20 kB, refused from its directory, never unpacked.
            ("logs.zip", zip_bomb(), "“logs.zip” is an archive that would unpack to far more than it weighs, so it was refused."),
        ];
        for (name, bytes, message) in cases {
            let location = file_ticket(&app, ACME, &ada, &[(name, bytes)]).await;
            assert!(location.starts_with("/en/tickets/new?draft="), "{name}: {location}");
            let page = get_with_cookie(&app, ACME, location.split('#').next().unwrap(), &ada).await;
            assert!(page.body.contains(message), "{name}: message missing");
            // Everything typed is still there.
            assert!(page.body.contains("value=\"Payroll export stops halfway\""), "{name}: subject lost");
            assert!(page.body.contains("It stops at 50 %."), "{name}: description lost");
        }
        assert_eq!(ticket_count(&state).await, 0, "nothing was filed");
        // In the reader's language.
        let mut exe = b"MZ\x90\x00".to_vec();
        exe.resize(100, 0);
        let r = send(&app, multipart(ACME, "/fr/tickets", GOOD, &[("facture.png", exe)], Some(&ada), "http://127.0.0.1:3000")).await;
        let page = get_with_cookie(&app, ACME, r.headers[header::LOCATION].to_str().unwrap().split('#').next().unwrap(), &ada).await;
        assert!(page.body.contains("« facture.png » n’est pas une image PNG, JPEG ou WebP."));
    })
}

#[test]
fn a_ticket_is_hidden_from_other_users_and_other_tenants() {
    on_shared_runtime(async {
        let (app, _state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        file_ticket(&app, ACME, &ada, &[("shot.png", png())]).await;
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await;
        assert_eq!(page.status, StatusCode::OK);
        let file = page.body.split("/en/tickets/1/files/").nth(1).unwrap().split('"').next().unwrap().to_string();
        let file_url = format!("/en/tickets/1/files/{file}");
        let r = get_with_cookie(&app, ACME, &file_url, &ada).await;
        assert_eq!((r.status, r.headers[header::CONTENT_TYPE].to_str().unwrap()), (StatusCode::OK, "image/png"));
        assert!(r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("sandbox"));

        // The company's administrator sees it; a colleague does not, nor anyone of another tenant.
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/tickets/1", &admin).await.status, StatusCode::OK);
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        let grace = signed_in(&app, GLOBEX, "grace@globex.example").await;
        for (host, cookie) in [(ACME, &bob), (GLOBEX, &grace), (GLOBEX, &ada)] {
            let r = get_with_cookie(&app, host, "/en/tickets/1", cookie).await;
            assert!(!r.body.contains("Payroll export stops halfway"), "{host}");
            assert_ne!(r.status, StatusCode::OK, "{host}");
            assert_ne!(get_with_cookie(&app, host, &file_url, cookie).await.status, StatusCode::OK, "{host}: file");
            let r = send(&app, multipart(host, "/en/tickets/1/comments", &[("body", "let me in")], &[], Some(cookie), &format!("http://{host}"))).await;
            // Another user of the tenant is told "not found"; a cookie on the wrong host is no session.
            let answer = r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
            assert!(r.status == StatusCode::NOT_FOUND || answer.starts_with("/en/sign-in"), "{host}: comment answered {} {answer}", r.status);
            let r = send(&app, form(host, "/api/ticket-action", "locale=en&number=1&action=close", Some(cookie))).await;
            let answer = r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
            assert!(!answer.contains("done="), "{host}: close answered {answer}");
        }
        assert!(!get_with_cookie(&app, ACME, "/en/activities", &bob).await.body.contains("Payroll export stops halfway"));
        assert!(get_with_cookie(&app, ACME, "/en/activities", &admin).await.body.contains("Payroll export stops halfway"));
        // Still open: nothing above changed it.
        assert!(get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body.contains("status status-new"));
    })
}

#[test]
fn customers_cannot_make_the_agents_moves_and_internal_notes_stay_internal() {
    on_shared_runtime(async {
        let (app, _state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        file_ticket(&app, ACME, &ada, &[]).await;
        let r = send(&app, form(ACME, "/api/ticket-action", "locale=en&number=1&action=status&status=awaiting-approval", Some(&ada))).await;
        assert_eq!(r.headers[header::LOCATION], "/en/tickets/1?error=not-allowed");
        let r = send(&app, form(ACME, "/api/ticket-action", "locale=en&number=1&action=assign-me", Some(&ada))).await;
        // Refused: the form post gets the server function's error back, never `done=`.
        assert!(r.headers.contains_key("serverfnerror"), "{:?}", r.headers);
        assert!(!r.headers[header::LOCATION].to_str().unwrap().contains("done="));
        assert_eq!(get_with_cookie(&app, ACME, "/en/agent", &ada).await.status, StatusCode::FORBIDDEN);
        // An internal note, even one a customer tries to mark internal, is shown to agents only.
        let note = [("body", "Known bug 4711, fix in 2026.3"), ("internal", "1")];
        let r = send(&app, multipart(ACME, "/en/tickets/1/comments", &note, &[], Some(&agent), "http://127.0.0.1:3000")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let mine = [("body", "My own secret?"), ("internal", "1")];
        send(&app, multipart(ACME, "/en/tickets/1/comments", &mine, &[], Some(&ada), "http://127.0.0.1:3000")).await;
        let customer_view = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(!customer_view.contains("Known bug 4711"));
        assert!(customer_view.contains("My own secret?"), "a customer's comment is never internal");
        let agent_view = get_with_cookie(&app, ACME, "/en/tickets/1", &agent).await.body;
        assert!(agent_view.contains("Known bug 4711") && agent_view.contains("Internal note"));
        // The agent's queue lists it, sorted by SLA due time.
        assert!(get_with_cookie(&app, ACME, "/en/agent", &agent).await.body.contains("Payroll export stops halfway"));
    })
}

/// A real MailDev from `end2end/node_modules` (installed by `make setup`), on free ports.
struct MailDev {
    child: std::process::Child,
    web: u16,
    smtp: u16,
}

impl MailDev {
    fn start() -> MailDev {
        let free = || std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let (smtp, web) = (free(), free());
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/node_modules/maildev/bin/maildev");
        assert!(std::path::Path::new(script).exists(), "MailDev is missing: run `make setup` (npm ci in end2end/)");
        let child = std::process::Command::new("node")
            .args([script, "--smtp", &smtp.to_string(), "--web", &web.to_string(), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("node runs MailDev");
        let maildev = MailDev { child, web, smtp };
        // Bounded wait for it to answer: 20 s at most.
        for _ in 0..100 {
            if maildev.subjects().is_some() {
                return maildev;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        panic!("MailDev did not start");
    }

    /// (recipient, subject) of every caught mail, read from MailDev's REST API.
    fn subjects(&self) -> Option<Vec<(String, String)>> {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", self.web)).ok()?;
        s.write_all(b"GET /email HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
        let mut raw = String::new();
        s.read_to_string(&mut raw).ok()?;
        let body = raw.split("\r\n\r\n").nth(1)?;
        let mails: serde_json::Value = serde_json::from_str(body).ok()?;
        Some(
            mails
                .as_array()?
                .iter()
                .map(|m| (m["to"][0]["address"].as_str().unwrap_or_default().to_string(), m["subject"].as_str().unwrap_or_default().to_string()))
                .collect(),
        )
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_silent_pending_ticket_gets_two_reminders_then_closes_and_each_mail_arrives_once() {
    let maildev = MailDev::start();
    on_shared_runtime(async {
        // Monday 2 November 2026, 10:00 in Paris.
        let clock = ManualClock::at(1_793_610_000);
        let moved = clock.clone();
        let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let mailer = atrium_core::mail::Mailer::new(Some(&format!("smtp://127.0.0.1:{}", maildev.smtp)), "help@atrium.example").unwrap();
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        file_ticket(&app, ACME, &ada, &[]).await;
        clock.advance(3600);
        let r = send(&app, form(ACME, "/api/ticket-action", "locale=en&number=1&action=status&status=pending&note=Which+site%3F", Some(&agent))).await;
        assert_eq!(r.headers[header::LOCATION], "/en/tickets/1?done=status");
        // Thirty days of silence, the jobs running every four hours twice at once. Both passes
        // hold the lease (same node), so only the per-ticket claims keep each mail single.
        let schedule = atrium_server::jobs::Schedule::single_node();
        for _ in 0..(30 * 6) {
            clock.advance(4 * 3600);
            tokio::join!(atrium_server::jobs::run_once(&state, &mailer, &schedule), atrium_server::jobs::run_once(&state, &mailer, &schedule));
        }
        // A month has passed on the test's clock: Ada signs in again.
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("status status-closed"), "closed automatically");
        let count = |pattern: &str| maildev.subjects().unwrap().iter().filter(|(to, s)| to == "ada@acme.example" && s.contains(pattern)).count();
        assert_eq!(count("received"), 1);
        assert_eq!(count("needs your answer"), 1);
        assert_eq!(count("Reminder"), 2, "two reminders, each sent once");
        assert_eq!(count("is closed"), 1);
    });
}

#[test]
fn an_article_opened_from_the_ticket_form_and_no_ticket_filed_is_a_deflection() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_500_000);
        let moved = clock.clone();
        let (app, _state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        let opened = |session: &str| format!("form_session={session}&article=%2Fen%2Fcore-hr%2Fimport-employees");
        // Two readers leave after reading the suggestion; a third files the ticket anyway.
        for session in ["form-a", "form-b", "form-c"] {
            let r = send(&app, form(ACME, "/api/suggestion-opened", &opened(session), Some(&bob))).await;
            assert!(r.status.is_success() || r.status.is_redirection(), "{}", r.status);
        }
        let mut fields = GOOD.to_vec();
        fields.push(("form_session", "form-c"));
        send(&app, multipart(ACME, "/en/tickets", &fields, &[], Some(&bob), "http://127.0.0.1:3000")).await;
        let editor = signed_in(&app, ACME, "editor@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/insights/search", &editor).await.body;
        assert!(!page.contains("id=\"deflections\""), "not counted before the reader has had time to come back");
        clock.advance(2 * 3600);
        let page = get_with_cookie(&app, ACME, "/en/insights/search", &editor).await.body;
        let table = page.split("id=\"deflections\"").nth(1).expect("deflections listed");
        assert!(table.contains("Import employees from a spreadsheet"), "{table}");
        assert!(table.contains("<td>2</td>"), "{table}");
        // Only content editors see it.
        assert_eq!(get_with_cookie(&app, ACME, "/en/insights/search", &bob).await.status, StatusCode::FORBIDDEN);
    })
}

#[test]
fn the_vendors_desk_works_every_customers_tickets_and_customers_cannot_borrow_its_reach() {
    on_shared_runtime(async {
        let (app, _state) = app_with_state().await;
        const DESK: &str = "support.localhost:3000";
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let grace = signed_in(&app, GLOBEX, "grace@globex.example").await;
        file_ticket(&app, ACME, &ada, &[]).await;
        let mut globex_form = GOOD.to_vec();
        globex_form[4] = ("subject", "Globex cannot export");
        send(&app, multipart(GLOBEX, "/en/tickets", &globex_form, &[], Some(&grace), "http://localhost:3000")).await;
        let desk = signed_in(&app, DESK, "desk@support.example").await;
        let queue = get_with_cookie(&app, DESK, "/en/agent", &desk).await.body;
        assert!(queue.contains("Payroll export stops halfway") && queue.contains("Globex cannot export"));
        assert!(queue.contains("/en/tickets/1?tenant=globex"));
        let only_globex = get_with_cookie(&app, DESK, "/en/agent?tenant=globex", &desk).await.body;
        assert!(only_globex.contains("Globex cannot export") && !only_globex.contains("Payroll export stops halfway"));
        // The desk answers Globex's ticket; Grace reads the answer on her own host.
        let r = send(
            &app,
            multipart(DESK, "/en/tickets/1/comments?tenant=globex", &[("body", "Fixed in 2026.3")], &[], Some(&desk), "http://support.localhost:3000"),
        )
        .await;
        assert_eq!(r.headers[header::LOCATION], "/en/tickets/1?tenant=globex&done=comment#history");
        let r = send(&app, form(DESK, "/api/ticket-action", "locale=en&number=1&action=assign-me&in_tenant=globex", Some(&desk))).await;
        assert_eq!(r.headers[header::LOCATION], "/en/tickets/1?tenant=globex&done=assign-me");
        let grace_view = get_with_cookie(&app, GLOBEX, "/en/tickets/1", &grace).await.body;
        assert!(grace_view.contains("Fixed in 2026.3") && grace_view.contains("Dana Desk"));
        assert!(!get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body.contains("Fixed in 2026.3"));
        // Naming another tenant gets a customer nothing but their own tenant's ticket.
        let r = get_with_cookie(&app, GLOBEX, "/en/tickets/1?tenant=acme", &grace).await.body;
        assert!(r.contains("Globex cannot export") && !r.contains("Payroll export stops halfway"));
        let r = send(&app, multipart(GLOBEX, "/en/tickets/1/comments?tenant=acme", &[("body", "sneaky")], &[], Some(&grace), "http://localhost:3000")).await;
        assert_eq!(r.headers[header::LOCATION], "/en/tickets/1?done=comment#history", "the comment lands on Grace's own ticket");
        assert!(!get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body.contains("sneaky"));
    })
}

#[test]
fn support_answers_in_the_language_chosen_on_the_form() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let mut fields = GOOD.to_vec();
        fields.push(("language", "fr"));
        send(&app, multipart(ACME, "/en/tickets", &fields, &[], Some(&ada), "http://127.0.0.1:3000")).await;
        let (subject, text): (String, String) = atrium_core::sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE recipient = 'ada@acme.example'")
            .fetch_one(&state.pool)
            .await
            .unwrap();
        assert_eq!(subject, "Ticket n° 1 reçu : Payroll export stops halfway");
        assert!(text.contains("http://127.0.0.1:3000/fr/tickets/1"), "{text}");
        // A language the help centre does not speak falls back to the page's.
        let mut fields = GOOD.to_vec();
        fields.push(("language", "xx"));
        send(&app, multipart(ACME, "/de/tickets", &fields, &[], Some(&ada), "http://127.0.0.1:3000")).await;
        let (subject,): (String,) =
            atrium_core::sqlx::query_as("SELECT subject FROM mail_outbox WHERE recipient = 'ada@acme.example' ORDER BY created_at DESC, id DESC")
                .fetch_one(&state.pool)
                .await
                .unwrap();
        assert!(subject.starts_with("Ticket Nr. 2 eingegangen"), "{subject}");
    })
}

/// A busy queue and a long My Activities come a page at a time, with links that keep the filter.
#[test]
fn the_queue_and_my_activities_come_a_page_at_a_time() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let ada = atrium_core::identity::load_user(&state.pool, "acme", &{
            let (id,): (String,) = atrium_core::sqlx::query_as("SELECT id FROM users WHERE email = 'ada@acme.example'").fetch_one(&state.pool).await.unwrap();
            id
        })
        .await
        .unwrap()
        .unwrap();
        let settings = atrium_core::ticket::settings_for(&state.pool, &state.tickets, "acme").await.unwrap();
        let now = state.clock.now();
        for i in 0..130 {
            let form = atrium_core::ticket::ValidTicket {
                kind: atrium_core::ticket::Kind::Anomaly,
                severity: if i % 2 == 0 { atrium_core::sla::Severity::Major } else { atrium_core::sla::Severity::Minor },
                impact: Some(atrium_core::ticket::Impact::Degradation),
                subject: format!("Payroll export {i} stops halfway"),
                description: "It stops at 50 %.".into(),
                module: "compensation".into(),
                article_path: None,
                action_path: "Compensation > Export".into(),
                incident_at: None,
                extra: vec![],
                form_session: None,
                follows: None,
                turnaround_days: None,
            };
            atrium_core::ticket::create(&state.pool, &settings, &ada, "en", "http://127.0.0.1:3000", form, vec![], now - 130 + i).await.unwrap();
        }
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let first = get_with_cookie(&app, ACME, "/en/agent", &agent).await.body;
        assert_eq!(first.matches("<tr").count() - 1, 100, "one page of 100 tickets");
        assert!(first.contains("130 matching tickets"), "the count covers every page");
        assert!(first.contains("href=\"/en/agent?page=1\""), "a link to the next page");
        let second = get_with_cookie(&app, ACME, "/en/agent?page=1", &agent).await.body;
        assert_eq!(second.matches("<tr").count() - 1, 30);
        assert!(second.contains("href=\"/en/agent?page=0\"") && !second.contains("page=2"));
        let filtered = get_with_cookie(&app, ACME, "/en/agent?severity=major", &agent).await.body;
        assert!(filtered.contains("65 matching tickets") || !filtered.contains("matching tickets"), "65 fit on one page");
        assert_eq!(filtered.matches("<tr").count() - 1, 65);

        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let mine = get_with_cookie(&app, ACME, "/en/activities", &admin).await.body;
        assert_eq!(mine.matches("<tr").count() - 1, 50);
        assert!(mine.contains("50 of 130 tickets on this page"), "{}", mine.len());
        let next = mine.split("rel=\"next\" href=\"").nth(1).and_then(|s| s.split('"').next()).expect("a next page").replace("&amp;", "&");
        let later = get_with_cookie(&app, ACME, &next, &admin).await.body;
        assert_eq!(later.matches("<tr").count() - 1, 50);
        assert!(later.contains("Payroll export 79 stops halfway") && !later.contains("Payroll export 80 stops halfway"), "the next fifty, newest first");
    })
}

/// The PDF and CSV a customer sends with a ticket come back as downloads, never shown in the page.
#[test]
fn a_pdf_and_a_csv_are_attached_and_served_back_only_as_downloads() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".to_vec();
        let csv = "employee;amount\nAda;1234,50\nBj\u{f6}rn;99\n".as_bytes().to_vec();
        let location = file_ticket(&app, ACME, &ada, &[("Payslip export.pdf", pdf.clone()), ("import-failed.csv", csv.clone()), ("shot.png", png())]).await;
        assert_eq!(location, "/en/tickets/1?filed=1");
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await;
        assert!(page.body.contains("download=\"Payslip export.pdf\"") && page.body.contains("download=\"import-failed.csv\""), "{}", page.body);
        assert_eq!(page.body.matches("<img src=\"/en/tickets/1/files/").count(), 1, "only the image is shown in the page");
        let files: Vec<(String, String)> =
            atrium_core::sqlx::query_as("SELECT id, filename FROM ticket_attachments ORDER BY filename").fetch_all(&state.pool).await.unwrap();
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        for (id, name) in files {
            let r = get_with_cookie(&app, ACME, &format!("/en/tickets/1/files/{id}"), &ada).await;
            assert_eq!(r.status, StatusCode::OK, "{name}");
            assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().to_string();
            let content_type = r.headers[header::CONTENT_TYPE].to_str().unwrap().to_string();
            match name.as_str() {
                "Payslip export.pdf" => {
                    assert_eq!(content_type, "application/pdf");
                    assert!(disposition.starts_with("attachment; filename=\"Payslip export.pdf\"; filename*=UTF-8''Payslip%20export.pdf"), "{disposition}");
                    assert_eq!(r.body.as_bytes(), pdf.as_slice());
                }
                "import-failed.csv" => {
                    assert_eq!(content_type, "text/csv");
                    assert!(disposition.starts_with("attachment;"), "{disposition}");
                    assert_eq!(r.body.as_bytes(), csv.as_slice());
                }
                _ => assert!(disposition.starts_with("inline;") && content_type == "image/png", "{name}: {disposition}"),
            }
            // Another user of the same company gets nothing.
            assert_eq!(get_with_cookie(&app, ACME, &format!("/en/tickets/1/files/{id}"), &bob).await.status, StatusCode::NOT_FOUND, "{name}");
        }
    })
}
