//! Answers by mail through a real mailbox: a reply is delivered into Dovecot over LMTP, as a mail
//! server would, and the jobs read it over IMAP onto the ticket. Each case tries to break a check.

mod common;

use atrium_core::mail::{mailbox::SupportMailbox, reply_address};
use axum::http::StatusCode;
use common::{dovecot::Dovecot, *};

const ACME: &str = "127.0.0.1:3000";
const FROM: &str = "Atrium Help Centre <help@atrium.example>";

async fn pass(state: &atrium_app::state::AppState, dovecot: &Dovecot) {
    let mailer = atrium_core::mail::Mailer::new(None, FROM).unwrap();
    let mut schedule = atrium_server::jobs::Schedule::single_node();
    schedule.inbox = Some(SupportMailbox::parse(&dovecot.url("help@atrium.example")).unwrap());
    atrium_server::jobs::run_once(state, &mailer, &schedule).await;
}

async fn comments(state: &atrium_app::state::AppState) -> Vec<String> {
    atrium_core::sqlx::query_as::<_, (String,)>("SELECT body FROM ticket_events WHERE kind = 'comment' ORDER BY at, id")
        .fetch_all(&state.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(b,)| b)
        .collect()
}

/// A help centre where Ada filed ticket 1: the app, its state, Ada's session and the ticket's
/// signed reply address.
async fn ticket_filed_by_ada() -> (axum::Router, atrium_app::state::AppState, String, String) {
    let (app, state) = app_with_state().await;
    let ada = signed_in(&app, ACME, "ada@acme.example").await;
    let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let (ticket_id,): (String,) = atrium_core::sqlx::query_as("SELECT id FROM tickets").fetch_one(&state.pool).await.unwrap();
    let key = atrium_core::secret::stored_key(&state.pool, reply_address::KEY_NAME).await.unwrap();
    let reply_to = reply_address::reply_address(&key, &FROM.parse().unwrap(), &ticket_id).unwrap().email.to_string();
    (app, state, ada, reply_to)
}

#[test]
fn a_reply_delivered_to_the_support_mailbox_lands_on_the_ticket_once() {
    let dovecot = Dovecot::start();
    on_shared_runtime(async move {
        let (app, state, ada, reply_to) = ticket_filed_by_ada().await;
        let (outbox_id,): (String,) =
            atrium_core::sqlx::query_as("SELECT id FROM mail_outbox WHERE recipient = 'ada@acme.example'").fetch_one(&state.pool).await.unwrap();

        // Ada answers from her mail program: the answer above, our mail quoted below.
        let reply = format!(
            "From: Ada Lovelace <ada@acme.example>\r\nTo: {reply_to}\r\nSubject: Re: Ticket #1 received\r\nMessage-ID: <answer-1@acme.example>\r\n\
             In-Reply-To: <{outbox_id}@atrium.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             It also fails for the Lyon site.\r\n\r\nOn Mon, 7 Dec 2026, Atrium Help Centre <{reply_to}> wrote:\r\n> ##- Reply above this line -##\r\n> We have received your ticket.\r\n"
        );
        dovecot.deliver("ada@acme.example", &reply_to, &reply);
        // Machines are read too, and set aside: an out-of-office reply and a bounce.
        dovecot.deliver(
            "ada@acme.example",
            &reply_to,
            "From: ada@acme.example\r\nTo: help@atrium.example\r\nSubject: Out of office\r\nMessage-ID: <away-1@acme.example>\r\nAuto-Submitted: auto-replied\r\n\r\nAway until Monday.\r\n",
        );
        dovecot.deliver(
            "",
            "help@atrium.example",
            "From: MAILER-DAEMON@mx.acme.example\r\nTo: help@atrium.example\r\nSubject: Undelivered\r\nMessage-ID: <bounce-1@mx.acme.example>\r\n\r\nNo such user.\r\n",
        );
        pass(&state, &dovecot).await;
        assert_eq!(comments(&state).await, ["It also fails for the Lyon site."]);
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await;
        assert!(page.body.contains("It also fails for the Lyon site.") && !page.body.contains("We have received your ticket."));
        let (read,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM inbound_mails").fetch_one(&state.pool).await.unwrap();
        assert_eq!(read, 3, "every mail was read once");

        // The next pass finds them seen; the same mail delivered again adds nothing.
        dovecot.deliver("ada@acme.example", &reply_to, &reply);
        pass(&state, &dovecot).await;
        pass(&state, &dovecot).await;
        assert_eq!(comments(&state).await.len(), 1);

        // Bob of Acme writes to Ada's ticket's address: refused, with a mail that says why.
        let intruder = format!("From: bob@acme.example\r\nTo: {reply_to}\r\nSubject: Re\r\nMessage-ID: <bob-1@acme.example>\r\n\r\nMe too.\r\n");
        dovecot.deliver("bob@acme.example", &reply_to, &intruder);
        pass(&state, &dovecot).await;
        assert_eq!(comments(&state).await.len(), 1);
        let (subject,): (String,) =
            atrium_core::sqlx::query_as("SELECT subject FROM mail_outbox WHERE recipient = 'bob@acme.example'").fetch_one(&state.pool).await.unwrap();
        assert_eq!(subject, "Your mail was not added to a ticket");
    });
}

#[test]
fn a_mailbox_that_refuses_the_password_is_a_failed_job_and_nothing_is_lost() {
    let dovecot = Dovecot::start();
    on_shared_runtime(async move {
        let (_, state) = app_with_state().await;
        let wrong = SupportMailbox::parse(&format!("imap://help%40atrium.example:wrong@127.0.0.1:{}/INBOX", dovecot.imap)).unwrap();
        assert!(wrong.unseen(10).await.is_err());
        dovecot.deliver("ada@acme.example", "help@atrium.example", "From: ada@acme.example\r\nSubject: Hi\r\nMessage-ID: <x@acme.example>\r\n\r\nHello\r\n");
        let right = SupportMailbox::parse(&dovecot.url("help@atrium.example")).unwrap();
        assert_eq!(right.unseen(10).await.unwrap().len(), 1, "still there for the next pass");
        let _ = state;
    });
}

#[test]
fn a_tenant_that_files_by_mail_gets_a_new_ticket_from_a_mail_answering_none_and_others_get_the_form() {
    let dovecot = Dovecot::start();
    on_shared_runtime(async move {
        let (app, state) = app_with_state().await;
        let new_mail = |from: &str, id: &str, subject: &str| {
            format!(
                "From: {from}\r\nTo: help@atrium.example\r\nSubject: {subject}\r\nMessage-ID: <{id}@example>\r\nMIME-Version: 1.0\r\n\
                 Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe bonus column is empty.\r\n\
                 --b\r\nContent-Type: text/plain; name=export.log\r\nContent-Disposition: attachment; filename=export.log\r\n\r\nERROR bonus not mapped\r\n--b--\r\n"
            )
        };
        // Before the contract says so, Ada is pointed to the form.
        dovecot.deliver("ada@acme.example", "help@atrium.example", &new_mail("ada@acme.example", "new-1", "Bonus column"));
        pass(&state, &dovecot).await;
        let tickets = || async {
            atrium_core::sqlx::query_as::<_, (String, String, String)>("SELECT tenant_id, subject, module FROM tickets").fetch_all(&state.pool).await.unwrap()
        };
        assert!(tickets().await.is_empty());
        let (told,): (i64,) =
            atrium_core::sqlx::query_as("SELECT COUNT(*) FROM inbound_mails WHERE outcome = 'use-the-form'").fetch_one(&state.pool).await.unwrap();
        assert_eq!(told, 1);

        atrium_core::tenant::set_tickets_by_mail(&state.pool, "acme", true).await.unwrap();
        assert!(atrium_core::tenant::set_tickets_by_mail(&state.pool, "vendor", true).await.is_err(), "the vendor files no tickets with itself");
        dovecot.deliver("ada@acme.example", "help@atrium.example", &new_mail("Ada Lovelace <ada@acme.example>", "new-2", "Bonus column missing"));
        // Globex does not file by mail; an auto-reply never becomes a ticket.
        dovecot.deliver("grace@globex.example", "help@atrium.example", &new_mail("grace@globex.example", "new-3", "Globex too"));
        dovecot.deliver(
            "ada@acme.example",
            "help@atrium.example",
            "From: ada@acme.example\r\nTo: help@atrium.example\r\nSubject: Out of office\r\nMessage-ID: <away-9@acme.example>\r\nAuto-Submitted: auto-replied\r\n\r\nAway.\r\n",
        );
        pass(&state, &dovecot).await;
        pass(&state, &dovecot).await;
        assert_eq!(tickets().await, [("acme".to_string(), "Bonus column missing".to_string(), String::new())], "one ticket, Acme's, in no module yet");
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("The bonus column is empty.") && page.contains(r#"download="export.log""#) && page.contains("Not classified yet"));
        let (filed,): (i64,) =
            atrium_core::sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'ada@acme.example' AND subject LIKE '%received%'")
                .fetch_one(&state.pool)
                .await
                .unwrap();
        assert_eq!(filed, 1, "Ada is told her ticket was received, as from the form");
    });
}

#[test]
fn a_relay_delivering_over_lmtp_lands_an_answer_on_its_ticket_like_the_mailbox() {
    on_shared_runtime(async move {
        let (_app, state, _ada, reply_to) = ticket_filed_by_ada().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(atrium_server::mail_relay::serve(listener, state.clone(), FROM.to_string()));
        // Python's own LMTP client, as a relay would deliver: an answer, and the same mail again.
        let client = format!(
            "import smtplib\nmsg = 'From: Ada Lovelace <ada@acme.example>\\r\\nTo: {reply_to}\\r\\nSubject: Re: Ticket #1\\r\\nMessage-ID: <relay-1@acme.example>\\r\\n\\r\\n\
             Relayed: it fails in Lyon too.\\r\\n\\r\\n> ##- Reply above this line -##\\r\\n'\n\
             for _ in range(2):\n    s = smtplib.LMTP('127.0.0.1', {port})\n    s.sendmail('ada@acme.example', ['{reply_to}'], msg)\n    s.quit()\n"
        );
        let out = tokio::task::spawn_blocking(move || std::process::Command::new("python3").args(["-c", &client]).output().unwrap()).await.unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(comments(&state).await, ["Relayed: it fails in Lyon too."], "once, without the quote");
        // A stranger's mail through the relay is refused as from the mailbox.
        let stranger = format!(
            "import smtplib\ns = smtplib.LMTP('127.0.0.1', {port})\ns.sendmail('eve@evil.example', ['{reply_to}'], 'From: eve@evil.example\\r\\nSubject: x\\r\\nMessage-ID: <e@evil.example>\\r\\n\\r\\nhi\\r\\n')\ns.quit()\n"
        );
        let out = tokio::task::spawn_blocking(move || std::process::Command::new("python3").args(["-c", &stranger]).output().unwrap()).await.unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(comments(&state).await.len(), 1);
    });
}
