//! A node killed while it hands a mail to the SMTP relay: the mail goes out once, never twice.
//! The relay here is a small SMTP server on loopback that records each message it takes in full
//! and goes silent at one step of one transaction, as a relay does while the node talking to it
//! is killed; MailDev cannot be told to stall.

mod wire;

use std::{
    io::{BufRead, BufReader, Write},
    net::TcpListener,
    process::Stdio,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};
use wire::{atrium, file_ticket, sign_in, start_with};

/// Where the relay goes silent, once, for the first transaction to `stall_for`.
#[derive(Clone, Copy, PartialEq)]
enum Silent {
    /// No answer to RCPT: the message was never sent.
    AtRecipient,
    /// The whole message and its final dot taken, and no answer: it may count as delivered.
    AfterTheDot,
}

#[derive(Default)]
struct Seen {
    /// Every complete message, as received.
    messages: Vec<String>,
    /// Whether the relay has gone silent.
    stalled: bool,
}

struct Relay {
    port: u16,
    seen: Arc<Mutex<Seen>>,
}

impl Relay {
    fn start(silent: Silent, stall_for: &'static str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let shared = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = shared.clone();
                std::thread::spawn(move || converse(stream, &seen, silent, stall_for));
            }
        });
        Relay { port, seen }
    }

    fn count(&self, message_id: &str) -> usize {
        self.seen.lock().unwrap().messages.iter().filter(|m| m.contains(message_id)).count()
    }

    fn wait_stalled(&self) {
        wait_for(Duration::from_secs(30), "the relay to be talked to", || self.seen.lock().unwrap().stalled);
    }
}

/// One SMTP session: just what lettre says, answered as a relay would.
fn converse(stream: std::net::TcpStream, seen: &Mutex<Seen>, silent: Silent, stall_for: &str) {
    let mut out = stream.try_clone().unwrap();
    let mut lines = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes()).is_ok();
    let go_silent = |lines: &mut BufReader<std::net::TcpStream>| {
        seen.lock().unwrap().stalled = true;
        // Hold the connection without a word until the node on the other end dies.
        let mut rest = String::new();
        while lines.read_line(&mut rest).is_ok_and(|n| n > 0) {}
    };
    let mut target = false;
    say("220 relay.test ESMTP");
    let mut line = String::new();
    loop {
        line.clear();
        if !lines.read_line(&mut line).is_ok_and(|n| n > 0) {
            return;
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") || command.starts_with("HELO") {
            say("250 relay.test");
        } else if command.starts_with("MAIL") || command.starts_with("RSET") || command.starts_with("NOOP") {
            target = false;
            say("250 OK");
        } else if command.starts_with("RCPT") {
            target = command.contains(&stall_for.to_ascii_uppercase()) && !seen.lock().unwrap().stalled;
            if target && silent == Silent::AtRecipient {
                return go_silent(&mut lines);
            }
            say("250 OK");
        } else if command == "DATA" {
            say("354 end with <CRLF>.<CRLF>");
            let mut message = String::new();
            loop {
                line.clear();
                if !lines.read_line(&mut line).is_ok_and(|n| n > 0) {
                    return; // cut off before the dot: nothing was taken
                }
                if line == ".\r\n" {
                    break;
                }
                message.push_str(&line);
            }
            seen.lock().unwrap().messages.push(message);
            if target && silent == Silent::AfterTheDot {
                return go_silent(&mut lines);
            }
            say("250 queued");
        } else if command == "QUIT" {
            say("221 bye");
            return;
        } else {
            say("502 not here");
        }
    }
}

fn wait_for(limit: Duration, what: &str, check: impl Fn() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The help centre with the demo seeded, its mail going to a relay.
struct Site {
    data: tempfile::TempDir,
    url: String,
    rt: tokio::runtime::Runtime,
}

impl Site {
    /// On PostgreSQL under scripts/with-postgres.sh, else on SQLite.
    fn new() -> Site {
        let data = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let url = match std::env::var("ATRIUM_TEST_POSTGRES") {
            Ok(server) => rt.block_on(atrium_core::db::new_test_database(&server)),
            Err(_) => format!("sqlite://{}?mode=rwc", data.path().join("atrium.db").display()),
        };
        assert!(atrium(&url, data.path()).arg("seed-demo").status().unwrap().success());
        Site { data, url, rt }
    }

    fn node(&self, relay: &Relay) -> wire::Node {
        start_with(&self.url, self.data.path(), "node-a", wire::free_port(), &[("ATRIUM_SMTP_URL", format!("smtp://127.0.0.1:{}", relay.port))])
    }

    fn sql<T: Send + Unpin + for<'r> atrium_core::sqlx::FromRow<'r, atrium_core::sqlx::any::AnyRow>>(&self, query: &str) -> Vec<T> {
        self.rt.block_on(async {
            let pool = atrium_core::db::connect(&self.url).await.unwrap();
            let rows = atrium_core::sqlx::query_as(query).fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows
        })
    }

    /// The acknowledgement of the filed ticket: its outbox id, and the Message-ID it goes out with.
    fn acknowledgement(&self) -> (String, String) {
        let rows: Vec<(String,)> = self.sql("SELECT id FROM mail_outbox WHERE recipient = 'ada@acme.example' AND subject LIKE '%received%'");
        assert_eq!(rows.len(), 1, "one acknowledgement queued");
        let id = rows[0].0.clone();
        let message_id = format!("Message-ID: <{id}@");
        (id, message_id)
    }

    /// Time passes while no node runs: every claim and mark is ten minutes old.
    fn ten_minutes_pass(&self) {
        self.sql::<(i64,)>("UPDATE mail_outbox SET claimed_at = claimed_at - 600, sending_at = sending_at - 600 RETURNING attempts");
    }

    fn operator(&self, args: &[&str]) -> String {
        let out = atrium(&self.url, self.data.path()).arg("mail-uncertain").args(args).stdout(Stdio::piped()).output().unwrap();
        assert!(out.status.success(), "atrium mail-uncertain {args:?}");
        String::from_utf8(out.stdout).unwrap()
    }
}

fn file_the_ticket(node: &wire::Node) {
    let cookie = sign_in(node.1, "ada@acme.example");
    let filed = file_ticket(node.1, &cookie, "Payroll export stops").unwrap();
    assert_eq!(filed.status, 303, "{}", filed.body);
}

#[test]
fn a_mail_cut_off_before_its_end_is_sent_by_the_next_node_once() {
    let site = Site::new();
    let relay = Relay::start(Silent::AtRecipient, "ada@acme.example");
    let mut node = site.node(&relay);
    file_the_ticket(&node);
    relay.wait_stalled();
    let (_, message_id) = site.acknowledgement();
    node.0.kill().unwrap(); // SIGKILL, mid-conversation
    node.0.wait().unwrap();
    assert_eq!(relay.count(&message_id), 0, "the relay never had the whole message");

    site.ten_minutes_pass();
    let _next = site.node(&relay);
    wait_for(Duration::from_secs(20), "the acknowledgement to go out", || relay.count(&message_id) == 1);
    std::thread::sleep(Duration::from_secs(3)); // three more passes of the mail job
    assert_eq!(relay.count(&message_id), 1, "sent once");
    assert!(site.operator(&[]).contains("no uncertain mail"));
}

#[test]
fn a_mail_whose_node_died_after_handing_it_over_is_never_sent_twice() {
    let site = Site::new();
    let relay = Relay::start(Silent::AfterTheDot, "ada@acme.example");
    let mut node = site.node(&relay);
    file_the_ticket(&node);
    relay.wait_stalled();
    let (id, message_id) = site.acknowledgement();
    node.0.kill().unwrap(); // SIGKILL before the relay's answer and the sent mark
    node.0.wait().unwrap();
    assert_eq!(relay.count(&message_id), 1, "the relay took the message");

    // The claim has long expired; the restarted node still does not send it again.
    site.ten_minutes_pass();
    let _next = site.node(&relay);
    std::thread::sleep(Duration::from_secs(4)); // four passes of the mail job
    assert_eq!(relay.count(&message_id), 1, "not sent a second time");

    // The operator is told, and decides.
    let listed = site.operator(&[]);
    assert!(listed.contains(&id) && listed.contains("ada@acme.example"), "{listed}");
    assert!(site.operator(&["--resend", &id]).contains("sent again"));
    wait_for(Duration::from_secs(20), "the resent mail", || relay.count(&message_id) == 2);
    assert!(site.operator(&[]).contains("no uncertain mail"));
    let refused = atrium(&site.url, site.data.path()).args(["mail-uncertain", "--arrived", &id]).stderr(Stdio::piped()).output().unwrap();
    assert!(!refused.status.success(), "a sent mail is no longer the operator's to decide");
}
