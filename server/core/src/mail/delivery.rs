//! Handing the outbox to the SMTP relay, at most once per mail.
//!
//! A node claims a row, opens the SMTP transaction (MAIL, RCPT, DATA) and only then writes a
//! `sending_at` mark, just before the message and its final dot go out. A node that dies before the
//! mark leaves a claim that expires, and another node sends the mail: the relay never had all of
//! it. A node that dies after the mark leaves a mail that may have arrived: no node sends it again
//! by itself; it is listed as uncertain (`atrium mail-uncertain`, and the
//! `atrium_mail_uncertain` gauge) for an operator to resend or to mark as arrived.

use super::{message_id, reply_address, thread_id, AutoSubmitted, ListUnsubscribe};
use crate::{clock::Clock, db::Pool};
use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    transport::smtp::{
        authentication::{Credentials, Mechanism},
        client::AsyncSmtpConnection,
        commands::{Data, Mail as MailFrom, Rcpt},
        extension::{ClientId, Extension, MailBodyParameter, MailParameter},
    },
};
use std::time::Duration;

/// A claim older than this is taken to be from a node that died before it began handing the mail
/// over (every SMTP step before the mark is bounded by [`SMTP_TIMEOUT`]).
const STALE_CLAIM_SECS: i64 = 300;
const MAX_ATTEMPTS: i64 = 10;
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail setting `{0}` is invalid: {1}")]
    Config(&'static str, String),
    #[error("no mail {0:?} is waiting for an operator's decision")]
    NotUncertain(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Where mail goes: a relay on the same network, reached in plain SMTP (the local MTA handles TLS
/// onwards).
#[derive(Clone)]
struct Relay {
    host: String,
    port: u16,
    credentials: Option<Credentials>,
}

impl Relay {
    /// `smtp://[user:password@]host[:port]`, user and password percent-encoded.
    fn parse(url: &str) -> Option<Relay> {
        let url = url::Url::parse(url).ok()?;
        if url.scheme() != "smtp" || !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return None;
        }
        let host = super::server_host(&url)?;
        let decode = super::percent_decoded;
        let credentials = match url.username() {
            "" => None,
            user => Some(Credentials::new(decode(user)?, decode(url.password().unwrap_or(""))?)),
        };
        Some(Relay { host, port: url.port().unwrap_or(25), credentials })
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, lettre::transport::smtp::Error> {
        let mut connection = AsyncSmtpConnection::connect_tokio1((self.host.as_str(), self.port), Some(SMTP_TIMEOUT), &ClientId::default(), None, None).await?;
        if let Some(credentials) = &self.credentials {
            connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials).await?;
        }
        Ok(connection)
    }
}

/// Sends the outbox over SMTP; without an SMTP server configured, mails are logged instead.
#[derive(Clone)]
pub struct Mailer {
    relay: Option<Relay>,
    from: Mailbox,
}

/// A mail whose node died, or whose connection broke, after the message went to the relay.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainMail {
    pub id: String,
    pub tenant_id: String,
    pub recipient: String,
    pub subject: String,
    pub sending_at: i64,
    pub last_error: Option<String>,
}

/// One outbox row waiting to go.
#[derive(sqlx::FromRow)]
struct Waiting {
    id: String,
    recipient: String,
    subject: String,
    text_body: String,
    html_body: String,
    list_unsubscribe: Option<String>,
    thread: Option<String>,
    from_person: i64,
}

/// What a mail's headers say beyond its sender, recipient and subject.
#[derive(Debug, Clone, Default)]
pub(super) struct Headers {
    pub unsubscribe: Option<String>,
    pub thread: Option<String>,
    pub from_person: bool,
    /// Where answers go: a ticket's signed reply address.
    pub reply_to: Option<Mailbox>,
}

/// How handing one mail over ended.
enum Handover {
    Sent,
    /// The relay never took it (no connection, a refusal): it may be sent again.
    Refused(String),
    /// The message went out but no answer came back: it may have arrived.
    Uncertain(String),
    /// Another node took the claim over first; that node sends it.
    Lost,
}

impl Mailer {
    /// `smtp_url` such as `smtp://127.0.0.1:1025` or `smtp://user:password@relay:25`.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from.parse().map_err(|e| MailError::Config("mail_from", format!("{from:?}: {e}")))?;
        let relay = match smtp_url {
            Some(url) => Some(Relay::parse(url).ok_or_else(|| MailError::Config("smtp_url", format!("{url:?}: expected smtp://[user:password@]host[:port]")))?),
            None => None,
        };
        Ok(Mailer { relay, from })
    }

    /// Sends what is waiting; returns how many mails went out. Each claim is stamped with the time
    /// it is taken, not the pass's start, so a long pass never hands another node a claim that
    /// is still being worked on.
    pub async fn send_pending(&self, pool: &Pool, clock: &dyn Clock) -> Result<usize, sqlx::Error> {
        let waiting: Vec<Waiting> = sqlx::query_as(
            "SELECT id, recipient, subject, text_body, html_body, list_unsubscribe, thread, from_person FROM mail_outbox \
             WHERE sent_at IS NULL AND sending_at IS NULL AND attempts < $1 AND (claimed_at IS NULL OR claimed_at < $2) \
             ORDER BY created_at LIMIT 100",
        )
        .bind(MAX_ATTEMPTS)
        .bind(clock.now() - STALE_CLAIM_SECS)
        .fetch_all(pool)
        .await?;
        let mut connection = None;
        let mut sent = 0;
        let key = match waiting.iter().any(|m| m.thread.is_some()) {
            true => crate::secret::stored_key(pool, reply_address::KEY_NAME).await?,
            false => Vec::new(),
        };
        for mail in waiting {
            let claimed_at = clock.now();
            let claimed = sqlx::query(
                "UPDATE mail_outbox SET claimed_at = $1, attempts = attempts + 1 \
                 WHERE id = $2 AND sent_at IS NULL AND sending_at IS NULL AND (claimed_at IS NULL OR claimed_at < $3)",
            )
            .bind(claimed_at)
            .bind(&mail.id)
            .bind(claimed_at - STALE_CLAIM_SECS)
            .execute(pool)
            .await?
            .rows_affected();
            if claimed != 1 {
                continue; // another node has it
            }
            match self.hand_over(pool, &mut connection, &mail, &key, claimed_at, clock).await? {
                Handover::Sent => {
                    sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = NULL WHERE id = $2").bind(clock.now()).bind(&mail.id).execute(pool).await?;
                    sent += 1;
                }
                Handover::Refused(e) => {
                    tracing::warn!(mail = %mail.id, error = %e, "mail not sent; will retry");
                    sqlx::query("UPDATE mail_outbox SET claimed_at = NULL, sending_at = NULL, last_error = $1 WHERE id = $2")
                        .bind(e)
                        .bind(&mail.id)
                        .execute(pool)
                        .await?;
                }
                Handover::Uncertain(e) => {
                    tracing::error!(mail = %mail.id, error = %e, "mail may or may not have reached the relay; not sent again without an operator");
                    sqlx::query("UPDATE mail_outbox SET last_error = $1 WHERE id = $2").bind(e).bind(&mail.id).execute(pool).await?;
                }
                Handover::Lost => {}
            }
        }
        if let Some(mut c) = connection {
            let _ = c.quit().await;
        }
        Ok(sent)
    }

    /// Hands one claimed mail to the relay, reusing the pass's connection while it works.
    async fn hand_over(
        &self,
        pool: &Pool,
        connection: &mut Option<AsyncSmtpConnection>,
        mail: &Waiting,
        key: &[u8],
        claimed_at: i64,
        clock: &dyn Clock,
    ) -> Result<Handover, sqlx::Error> {
        let ticket = mail.thread.as_deref().and_then(super::thread_ticket);
        let headers = Headers {
            unsubscribe: mail.list_unsubscribe.clone(),
            thread: mail.thread.clone(),
            from_person: mail.from_person != 0,
            reply_to: ticket.and_then(|id| reply_address::reply_address(key, &self.from, id)),
        };
        let message = match self.message(&mail.id, &mail.recipient, &mail.subject, mail.text_body.clone(), mail.html_body.clone(), headers) {
            Ok(m) => m,
            Err(e) => return Ok(Handover::Refused(e)),
        };
        let Some(relay) = &self.relay else {
            tracing::info!(to = %mail.recipient, subject = %mail.subject, "no SMTP server configured; mail logged, not sent");
            return Ok(Handover::Sent);
        };
        let body = message.formatted();
        // Up to DATA nothing can arrive: a relay drops a transaction whose message never ended.
        let opened = match connection.take() {
            Some(c) => Ok(c),
            None => relay.connect().await,
        };
        let mut smtp = match opened {
            Ok(c) => c,
            Err(e) => return Ok(Handover::Refused(e.to_string())),
        };
        if let Err(e) = open_transaction(&mut smtp, message.envelope(), &body).await {
            return Ok(Handover::Refused(e.to_string()));
        }
        // The mark that keeps a mail from going twice, written only while this node's claim holds.
        let marked = sqlx::query("UPDATE mail_outbox SET sending_at = $1 WHERE id = $2 AND claimed_at = $3 AND sending_at IS NULL AND sent_at IS NULL")
            .bind(clock.now())
            .bind(&mail.id)
            .bind(claimed_at)
            .execute(pool)
            .await?
            .rows_affected();
        if marked != 1 {
            return Ok(Handover::Lost); // dropping the connection abandons the transaction
        }
        match smtp.message(&body).await {
            Ok(_) => {
                *connection = Some(smtp);
                Ok(Handover::Sent)
            }
            // The relay answered with a refusal: it did not take the mail.
            Err(e) if e.is_transient() || e.is_permanent() => Ok(Handover::Refused(e.to_string())),
            Err(e) => Ok(Handover::Uncertain(e.to_string())),
        }
    }

    /// The message as it goes out: its headers and both bodies.
    pub(super) fn message(&self, id: &str, to: &str, subject: &str, text: String, html: String, headers: Headers) -> Result<lettre::Message, String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
        let mut builder = lettre::Message::builder().from(self.from.clone()).to(to).subject(subject).message_id(Some(message_id(id, &self.from)));
        if let Some(url) = headers.unsubscribe {
            builder = builder.header(ListUnsubscribe(url));
        }
        if let Some(thread) = headers.thread {
            let root = thread_id(&thread, &self.from);
            builder = builder.in_reply_to(root.clone()).references(root);
        }
        if !headers.from_person {
            builder = builder.header(AutoSubmitted);
        }
        if let Some(reply_to) = headers.reply_to {
            builder = builder.reply_to(reply_to);
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(text))
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(html)),
            )
            .map_err(|e| e.to_string())
    }
}

/// MAIL, RCPT and DATA: everything but the message itself.
async fn open_transaction(smtp: &mut AsyncSmtpConnection, envelope: &lettre::address::Envelope, body: &[u8]) -> Result<(), lettre::transport::smtp::Error> {
    let mut parameters = vec![];
    if envelope.to().iter().chain(envelope.from()).any(|a| !a.to_string().is_ascii()) && smtp.server_info().supports_feature(Extension::SmtpUtfEight) {
        parameters.push(MailParameter::SmtpUtfEight);
    }
    if !body.is_ascii() && smtp.server_info().supports_feature(Extension::EightBitMime) {
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    smtp.command(MailFrom::new(envelope.from().cloned(), parameters)).await?;
    for to in envelope.to() {
        smtp.command(Rcpt::new(to.clone(), vec![])).await?;
    }
    smtp.command(Data).await?;
    Ok(())
}

/// Mails marked as being handed over longer ago than a claim lasts, and not known to be sent.
pub async fn uncertain_mails(pool: &Pool, now: i64) -> Result<Vec<UncertainMail>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, tenant_id, recipient, subject, sending_at, last_error FROM mail_outbox \
         WHERE sent_at IS NULL AND sending_at IS NOT NULL AND sending_at < $1 ORDER BY sending_at, id",
    )
    .bind(now - STALE_CLAIM_SECS)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, tenant_id, recipient, subject, sending_at, last_error)| UncertainMail { id, tenant_id, recipient, subject, sending_at, last_error })
        .collect())
}

/// An operator's decision on an uncertain mail: send it again, or record that it arrived.
pub async fn decide_uncertain(pool: &Pool, id: &str, resend: bool, now: i64) -> Result<(), MailError> {
    let decided = if resend {
        sqlx::query(
            "UPDATE mail_outbox SET sending_at = NULL, claimed_at = NULL, attempts = CASE WHEN attempts >= $1 THEN $1 - 1 ELSE attempts END \
             WHERE id = $2 AND sent_at IS NULL AND sending_at IS NOT NULL AND sending_at < $3",
        )
        .bind(MAX_ATTEMPTS)
        .bind(id)
        .bind(now - STALE_CLAIM_SECS)
        .execute(pool)
        .await?
    } else {
        sqlx::query("UPDATE mail_outbox SET sent_at = sending_at WHERE id = $1 AND sent_at IS NULL AND sending_at IS NOT NULL AND sending_at < $2")
            .bind(id)
            .bind(now - STALE_CLAIM_SECS)
            .execute(pool)
            .await?
    };
    if decided.rows_affected() != 1 {
        return Err(MailError::NotUncertain(id.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_are_checked() {
        assert!(Mailer::new(Some("smtp://127.0.0.1:1025"), "Help Centre <help@atrium.example>").is_ok());
        assert!(Mailer::new(Some("smtp://u:p@relay"), "help@atrium.example").is_ok());
        for bad in ["http://x", "smtp://", "smtp://host:notaport", "smtp://relay/path", "smtp://relay?tls=on"] {
            assert!(Mailer::new(Some(bad), "help@atrium.example").is_err(), "{bad}");
        }
        assert!(Mailer::new(None, "not an address").is_err());
    }

    #[test]
    fn relay_addresses_keep_their_port_and_decoded_credentials() {
        let relay = Relay::parse("smtp://mailer%40acme:p%40ss%3Aword@relay.acme.example:2525").unwrap();
        assert_eq!((relay.host.as_str(), relay.port), ("relay.acme.example", 2525));
        assert!(relay.credentials == Some(Credentials::new("mailer@acme".into(), "p@ss:word".into())));
        let v6 = Relay::parse("smtp://[::1]").unwrap();
        assert_eq!((v6.host.as_str(), v6.port, v6.credentials.is_none()), ("::1", 25, true));
    }

    #[test]
    fn every_mail_has_a_stable_message_id_and_subscriptions_an_unsubscribe_header() {
        let mailer = Mailer::new(None, "Help Centre <help@atrium.example>").unwrap();
        let text = |unsubscribe: Option<String>| {
            let headers = Headers { unsubscribe, ..Headers::default() };
            let m = mailer.message("0190-abc", "bob@acme.example", "Planned maintenance", "t".into(), "<p>h</p>".into(), headers).unwrap();
            String::from_utf8(m.formatted()).unwrap()
        };
        let plain = text(None);
        assert!(plain.contains("Message-ID: <0190-abc@atrium.example>"), "{plain}");
        assert!(!plain.contains("List-Unsubscribe"));
        // A second attempt at the same outbox row is the same message.
        assert!(text(None).contains("Message-ID: <0190-abc@atrium.example>"));
        let sub = text(Some("http://127.0.0.1:3000/en/maintenance/unsubscribe?token=abc".into()));
        assert!(sub.contains("List-Unsubscribe: <http://127.0.0.1:3000/en/maintenance/unsubscribe?token=abc>"), "{sub}");
    }

    #[test]
    fn ticket_mails_thread_together_and_only_a_persons_answer_is_not_auto_submitted() {
        let mailer = Mailer::new(None, "Help Centre <help@atrium.example>").unwrap();
        let text = |headers: Headers| {
            String::from_utf8(mailer.message("0190-def", "bob@acme.example", "Ticket 7", "t".into(), "<p>h</p>".into(), headers).unwrap().formatted()).unwrap()
        };
        let notice = text(Headers { thread: Some("ticket-0190-t7".into()), ..Headers::default() });
        assert!(notice.contains("In-Reply-To: <ticket-0190-t7@atrium.example>"), "{notice}");
        assert!(notice.contains("References: <ticket-0190-t7@atrium.example>"), "{notice}");
        assert!(notice.contains("Auto-Submitted: auto-generated"), "{notice}");
        let reply_to = reply_address::reply_address(b"k", &mailer.from, "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b");
        let answer = text(Headers { thread: Some("ticket-0190-t7".into()), from_person: true, reply_to, ..Headers::default() });
        assert!(answer.contains("Reply-To: \"Help Centre\" <help+0190a5b27c3d7e4f8a9b0c1d2e3f4a5b"), "{answer}");
        assert!(answer.contains("In-Reply-To: <ticket-0190-t7@atrium.example>") && !answer.contains("Auto-Submitted"), "{answer}");
    }
}
