//! Answers by mail against a real (in-memory) SQLite: what lands on a ticket, what is refused
//! with a mail, and what is set aside. Each case tries to break a check.

use super::tests::{file, paris, world, World};
use super::*;
use crate::{identity, mail::reply_address};
use lettre::message::Mailbox;

const KEY: &[u8] = b"test reply key";

fn ours() -> Mailbox {
    "Help Centre <help@atrium.example>".parse().unwrap()
}

fn reply_to(ticket: &Ticket) -> String {
    reply_address::reply_address(KEY, &ours(), &ticket.id).unwrap().email.to_string()
}

fn mail(from: &str, to: &str, id: &str, headers: &str, body: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: {to}\r\nSubject: Re: your ticket\r\nMessage-ID: <{id}@mail.example>\r\n{headers}\r\n{body}").into_bytes()
}

async fn receive(w: &World, raw: Vec<u8>, at: i64) -> MailOutcome {
    let from = ours();
    receive_mail(&w.pool, &w.settings, &SupportAddress { from: &from, key: KEY }, &raw, at).await.unwrap()
}

async fn comments(w: &World, t: &Ticket) -> Vec<String> {
    history(&w.pool, &w.agent, t).await.unwrap().into_iter().filter(|e| e.kind == EventKind::Comment).filter_map(|e| e.body).collect()
}

async fn mails_to(w: &World, to: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at, id").bind(to).fetch_all(&w.pool).await.unwrap()
}

#[tokio::test]
async fn a_reply_lands_on_its_ticket_once_without_the_quoted_mail() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 09:00")).await;
    let t = assign(&w.pool, &w.settings, &w.agent, &t, &w.agent, paris("2026-11-23 09:30")).await.unwrap();
    let t = change_status(&w.pool, &w.settings, &w.agent, &t, Status::Pending, Some("Which site?"), paris("2026-11-23 10:00")).await.unwrap();
    let body = "All employees of the Lyon site.\r\n\r\nOn Mon, 23 Nov 2026, Help Centre <help@atrium.example> wrote:\r\n> ##- Reply above this line -##\r\n> Which site?\r\n";
    let raw = mail("Ada Lovelace <ADA@acme.example>", &reply_to(&t), "r1", "", body);
    assert_eq!(receive(&w, raw.clone(), paris("2026-11-23 11:00")).await, MailOutcome::Commented { tenant: "acme".into(), number: t.number });
    // Read again (a second node, a pass that failed to mark it seen): nothing more.
    assert_eq!(receive(&w, raw, paris("2026-11-23 11:01")).await, MailOutcome::AlreadyRead);
    assert_eq!(comments(&w, &t).await, ["All employees of the Lyon site."]);
    let t = get_for(&w.pool, &w.ada, None, t.number).await.unwrap();
    assert_eq!(t.status, Status::Open, "the customer's answer hands the ticket back");
    let told = mails_to(&w, "agent@acme.example").await;
    assert!(told.last().unwrap().0.contains("Customer reply"), "{told:?}");

    // The agent answers by mail too, through the In-Reply-To chain alone: the customer is mailed.
    let (outbox_id,): (String,) =
        sqlx::query_as("SELECT id FROM mail_outbox WHERE recipient = 'agent@acme.example' ORDER BY created_at DESC, id DESC").fetch_one(&w.pool).await.unwrap();
    let headers = format!("In-Reply-To: <{outbox_id}@atrium.example>\r\n");
    let raw = mail("agent@acme.example", "help@atrium.example", "r2", &headers, "Fixed in 2026.11.2, please try again.\r\n-- \r\nSam");
    assert!(matches!(receive(&w, raw, paris("2026-11-23 12:00")).await, MailOutcome::Commented { .. }));
    assert_eq!(comments(&w, &t).await.last().unwrap(), "Fixed in 2026.11.2, please try again.");
    assert!(mails_to(&w, "ada@acme.example").await.last().unwrap().1.contains("Fixed in 2026.11.2"));
}

#[tokio::test]
async fn images_come_with_the_reply_and_other_files_are_named_not_kept() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 09:00")).await;
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD.encode(crate::ticket::attachment::tests::png(4, 4));
    let body = format!(
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHere is the screen.\r\n--b\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename=screen.png\r\nContent-Transfer-Encoding: base64\r\n\r\n{png}\r\n--b\r\nContent-Type: application/x-msdownload\r\nContent-Disposition: attachment; filename=report.pdf\r\n\r\nMZ\x00\x00\r\n--b--\r\n"
    );
    let raw =
        format!("From: ada@acme.example\r\nTo: {}\r\nSubject: Re\r\nMessage-ID: <r3@acme.example>\r\nMIME-Version: 1.0\r\n{body}", reply_to(&t)).into_bytes();
    assert!(matches!(receive(&w, raw, paris("2026-11-23 10:00")).await, MailOutcome::Commented { .. }));
    let events = history(&w.pool, &w.ada, &t).await.unwrap();
    let comment = events.iter().find(|e| e.kind == EventKind::Comment).unwrap();
    assert_eq!(comment.attachments.iter().map(|a| a.filename.as_str()).collect::<Vec<_>>(), ["screen.png"]);
    let text = comment.body.as_deref().unwrap();
    assert!(text.starts_with("Here is the screen.") && text.contains("report.pdf"), "{text}");
}

#[tokio::test]
async fn a_sender_who_is_not_on_the_ticket_is_refused_with_a_mail_that_says_why() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 09:00")).await;
    // Bob works at Acme but the ticket is Ada's; Grace is another tenant's, holding Acme's address.
    for (who, id) in [("bob@acme.example", "b1"), ("grace@globex.example", "g1")] {
        let raw = mail(who, &reply_to(&t), id, "", "Me too!");
        assert_eq!(receive(&w, raw, paris("2026-11-23 10:00")).await, MailOutcome::Refused("not-participant"), "{who}");
        let told = mails_to(&w, who).await;
        assert_eq!(told.len(), 1, "{who}");
        assert!(told[0].0.contains("not added") && told[0].1.contains(who), "{told:?}");
    }
    assert!(comments(&w, &t).await.is_empty());

    // A forged signature names no ticket: Ada, who has an account, is pointed to the form.
    let forged = reply_to(&t).replace(&reply_to(&t)[reply_to(&t).find('@').unwrap() - 4..reply_to(&t).find('@').unwrap()], "0000");
    let raw = mail("ada@acme.example", &forged, "f1", "", "Let me in.");
    assert_eq!(receive(&w, raw, paris("2026-11-23 10:05")).await, MailOutcome::Refused("use-the-form"));
    assert!(mails_to(&w, "ada@acme.example").await.last().unwrap().1.contains("/en/tickets/new"));
    assert!(comments(&w, &t).await.is_empty());

    // A closed ticket takes no more answers.
    let closed = change_status(&w.pool, &w.settings, &w.ada, &t, Status::Closed, None, paris("2026-11-23 11:00")).await.unwrap();
    let raw = mail("ada@acme.example", &reply_to(&closed), "c1", "", "One more thing");
    assert_eq!(receive(&w, raw, paris("2026-11-25 11:00")).await, MailOutcome::Refused("closed"));
}

#[tokio::test]
async fn machines_never_get_an_answer_and_two_help_desks_cannot_loop() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 09:00")).await;
    let before = mails_to(&w, "ada@acme.example").await.len();
    let away = mail("ada@acme.example", &reply_to(&t), "o1", "Auto-Submitted: auto-replied\r\n", "I am away until Monday.");
    assert_eq!(receive(&w, away, paris("2026-11-23 10:00")).await, MailOutcome::SetAside("auto-reply"));
    let bounce = mail("MAILER-DAEMON@mx.acme.example", "help@atrium.example", "d1", "", "Delivery failed");
    assert_eq!(receive(&w, bounce, paris("2026-11-23 10:00")).await, MailOutcome::SetAside("bounce"));
    let ours = mail("help@atrium.example", &reply_to(&t), "l1", "", "Our own mail came back");
    assert_eq!(receive(&w, ours, paris("2026-11-23 10:00")).await, MailOutcome::SetAside("own-mail"));
    assert!(comments(&w, &t).await.is_empty());
    assert_eq!(mails_to(&w, "ada@acme.example").await.len(), before, "no answer to a machine");

    // Acme's own help desk has an account and acknowledges every mail it gets with a new one,
    // without marking it automatic: it gets one pointer to the form, then nothing, then is
    // set aside as a flood.
    identity::create_user(&w.pool, "acme", "helpdesk@acme.example", "Acme IT", None, identity::Role::CustomerUser, &[], 0).await.unwrap();
    let mut outcomes = Vec::new();
    for i in 0..40 {
        let ack = mail("helpdesk@acme.example", "help@atrium.example", &format!("ack{i}"), "", "We received your request.");
        outcomes.push(receive(&w, ack, paris("2026-11-23 10:00") + i).await);
    }
    assert_eq!(mails_to(&w, "helpdesk@acme.example").await.len(), 1);
    assert_eq!(outcomes.iter().filter(|o| **o == MailOutcome::SetAside("flood")).count(), 10);
    // Nobody at all: nothing is sent to an address a spammer may have forged.
    let spam = mail("someone@spam.example", "help@atrium.example", "s1", "", "Cheap watches");
    assert_eq!(receive(&w, spam, paris("2026-11-23 10:00")).await, MailOutcome::SetAside("unknown-sender"));
    assert!(mails_to(&w, "someone@spam.example").await.is_empty());
}
