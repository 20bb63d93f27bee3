//! Outgoing mail. Whatever causes a mail writes it to `mail_outbox` in the same transaction, and
//! a job sends it over SMTP (lettre): a crash never loses a mail, and the claim on each row means
//! two nodes never send the same one. Texts are Fluent strings in the recipient's language.

use crate::db::{self, Pool};
use fluent_templates::{fluent_bundle::FluentValue, LanguageIdentifier, Loader};
use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
};
use std::{borrow::Cow, collections::HashMap};

fluent_templates::static_loader! {
    static MAIL_TEXTS = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The mail text `key` in `locale` with its placeholders filled.
pub fn text(locale: &str, key: &str, args: &[(&'static str, String)]) -> String {
    let lang: LanguageIdentifier = locale.parse().unwrap_or_else(|_| "en".parse().expect("en"));
    let args: HashMap<Cow<'static, str>, FluentValue> = args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
    MAIL_TEXTS.lookup_with_args(&lang, key, &args)
}

/// A mail ready for the outbox: the same message as plain text and as HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// (label, URL) of each link, shown after the text.
    pub links: Vec<(String, String)>,
    /// The one-click way out of a subscription mail, sent as `List-Unsubscribe`.
    pub unsubscribe: Option<String>,
}

/// `List-Unsubscribe: <url>` (RFC 2369): mail programs show an unsubscribe button.
#[derive(Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.trim().trim_start_matches('<').trim_end_matches('>').to_string()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// The `Message-ID` of an outbox row: the same at every attempt, so a mail sent again after a
/// failure is recognisably the same message.
pub fn message_id(outbox_id: &str, from: &Mailbox) -> String {
    let domain = from.email.domain();
    format!("<{outbox_id}@{domain}>")
}

impl Mail {
    pub fn text_body(&self) -> String {
        let mut out = self.paragraphs.join("\n\n");
        for (label, url) in &self.links {
            out.push_str(&format!("\n\n{label}: {url}"));
        }
        out.push('\n');
        out
    }

    pub fn html_body(&self) -> String {
        let mut out = String::from("<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5\">");
        for p in &self.paragraphs {
            out.push_str(&format!("<p>{}</p>", crate::escape_html(p).replace('\n', "<br>")));
        }
        for (label, url) in &self.links {
            out.push_str(&format!("<p><a href=\"{}\">{}</a></p>", crate::escape_html(url), crate::escape_html(label)));
        }
        out.push_str("</body></html>");
        out
    }
}

/// Puts `mail` in the outbox; pass the transaction that makes the change the mail tells about.
pub async fn enqueue(conn: &mut sqlx::AnyConnection, tenant_id: &str, mail: &Mail, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, tenant_id, recipient, subject, text_body, html_body, created_at, attempts, list_unsubscribe) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
    )
    .bind(db::new_id())
    .bind(tenant_id)
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(mail.text_body())
    .bind(mail.html_body())
    .bind(now)
    .bind(&mail.unsubscribe)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sends the outbox over SMTP; without an SMTP server configured, mails are logged instead.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail setting `{0}` is invalid: {1}")]
    Config(&'static str, String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Wakes the mail job after a request queued a mail, so people do not wait a whole interval.
#[derive(Clone, Default)]
pub struct MailKick(std::sync::Arc<tokio::sync::Notify>);

impl MailKick {
    pub fn kick(&self) {
        self.0.notify_one();
    }

    pub async fn kicked(&self) {
        self.0.notified().await
    }
}

/// A claim older than this is taken to be from a node that died while sending.
const STALE_CLAIM_SECS: i64 = 300;
const MAX_ATTEMPTS: i64 = 10;

impl Mailer {
    /// `smtp_url` such as `smtp://127.0.0.1:1025` or `smtp://user:password@relay:25`: a plain
    /// connection to a relay on the same network (the local MTA handles TLS onwards).
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Self, MailError> {
        let from: Mailbox = from.parse().map_err(|e| MailError::Config("mail_from", format!("{from:?}: {e}")))?;
        let transport = match smtp_url {
            Some(url) => {
                Some(plain_transport(url).ok_or_else(|| MailError::Config("smtp_url", format!("{url:?}: expected smtp://[user:password@]host[:port]")))?)
            }
            None => None,
        };
        Ok(Mailer { transport, from })
    }

    /// Sends what is waiting; returns how many mails went out.
    pub async fn send_pending(&self, pool: &Pool, now: i64) -> Result<usize, sqlx::Error> {
        let waiting: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, recipient, subject, text_body, html_body, list_unsubscribe FROM mail_outbox \
             WHERE sent_at IS NULL AND attempts < $1 AND (claimed_at IS NULL OR claimed_at < $2) ORDER BY created_at LIMIT 100",
        )
        .bind(MAX_ATTEMPTS)
        .bind(now - STALE_CLAIM_SECS)
        .fetch_all(pool)
        .await?;
        let mut sent = 0;
        for (id, to, subject, text, html, unsubscribe) in waiting {
            let claimed = sqlx::query(
                "UPDATE mail_outbox SET claimed_at = $1, attempts = attempts + 1 \
                 WHERE id = $2 AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < $3)",
            )
            .bind(now)
            .bind(&id)
            .bind(now - STALE_CLAIM_SECS)
            .execute(pool)
            .await?
            .rows_affected();
            if claimed != 1 {
                continue; // another node has it
            }
            let outcome = self.deliver(&id, &to, &subject, text, html, unsubscribe).await;
            match outcome {
                Ok(()) => {
                    sqlx::query("UPDATE mail_outbox SET sent_at = $1, last_error = NULL WHERE id = $2").bind(now).bind(&id).execute(pool).await?;
                    sent += 1;
                }
                Err(e) => {
                    tracing::warn!(mail = %id, error = %e, "mail not sent; will retry");
                    // Unclaim so the next run retries it.
                    sqlx::query("UPDATE mail_outbox SET claimed_at = NULL, last_error = $1 WHERE id = $2").bind(e).bind(&id).execute(pool).await?;
                }
            }
        }
        Ok(sent)
    }

    async fn deliver(&self, id: &str, to: &str, subject: &str, text: String, html: String, unsubscribe: Option<String>) -> Result<(), String> {
        let Some(transport) = &self.transport else {
            tracing::info!(%to, %subject, "no SMTP server configured; mail logged, not sent");
            return Ok(());
        };
        let message = self.message(id, to, subject, text, html, unsubscribe)?;
        transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }

    /// The message as it goes out: its headers and both bodies.
    fn message(&self, id: &str, to: &str, subject: &str, text: String, html: String, unsubscribe: Option<String>) -> Result<lettre::Message, String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
        let mut builder = lettre::Message::builder().from(self.from.clone()).to(to).subject(subject).message_id(Some(message_id(id, &self.from)));
        if let Some(url) = unsubscribe {
            builder = builder.header(ListUnsubscribe(url));
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

fn plain_transport(url: &str) -> Option<AsyncSmtpTransport<Tokio1Executor>> {
    let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
    let (credentials, host_port) = match rest.rsplit_once('@') {
        Some((c, h)) => (Some(c), h),
        None => (None, rest),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()?),
        None => (host_port, 25),
    };
    if host.is_empty() {
        return None;
    }
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port);
    if let Some((user, password)) = credentials.and_then(|c| c.split_once(':')) {
        builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(user.into(), password.into()));
    }
    Some(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_mail_text() {
        let keys = |l: &str| -> Vec<String> {
            std::fs::read_to_string(format!("{}/locales/{l}/mail.ftl", env!("CARGO_MANIFEST_DIR")))
                .unwrap()
                .lines()
                .filter(|x| !x.starts_with(' ') && !x.starts_with('#'))
                .filter_map(|x| x.split_once(" =").map(|(k, _)| k.trim().to_string()))
                .collect()
        };
        let en = keys("en");
        assert!(en.len() > 10);
        for l in crate::LOCALES {
            assert_eq!(keys(l), en, "{l} mail texts differ from English");
        }
    }

    #[test]
    fn smtp_urls_are_checked() {
        assert!(Mailer::new(Some("smtp://127.0.0.1:1025"), "Help Centre <help@atrium.example>").is_ok());
        assert!(Mailer::new(Some("smtp://u:p@relay"), "help@atrium.example").is_ok());
        for bad in ["http://x", "smtp://", "smtp://host:notaport"] {
            assert!(Mailer::new(Some(bad), "help@atrium.example").is_err(), "{bad}");
        }
        assert!(Mailer::new(None, "not an address").is_err());
    }

    #[test]
    fn every_mail_has_a_stable_message_id_and_subscriptions_an_unsubscribe_header() {
        let mailer = Mailer::new(None, "Help Centre <help@atrium.example>").unwrap();
        let text = |unsubscribe: Option<String>| {
            let m = mailer.message("0190-abc", "bob@acme.example", "Planned maintenance", "t".into(), "<p>h</p>".into(), unsubscribe).unwrap();
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
    fn html_bodies_escape_what_users_typed() {
        let m = Mail { to: "a@b.c".into(), subject: "s".into(), paragraphs: vec!["<img src=x onerror=alert(1)>".into()], links: vec![], unsubscribe: None };
        assert!(m.html_body().contains("&lt;img"));
        assert!(!m.html_body().contains("<img"));
    }

    #[test]
    fn texts_come_in_the_recipients_language() {
        let args = [("number", "7".to_string())];
        assert_ne!(text("fr", "mail-closed-subject", &args), text("en", "mail-closed-subject", &args));
        assert!(text("de", "mail-closed-subject", &args).contains('7'));
    }
}
