//! Outgoing mail. Whatever causes a mail writes it to `mail_outbox` in the same transaction, and
//! a job sends it over SMTP (see [`delivery`]): a crash never loses a mail, and no mail is sent
//! twice. Texts are Fluent strings in the recipient's language.

mod delivery;
pub mod inbound;
pub mod lmtp;
pub mod mailbox;
pub mod reply_address;

pub use delivery::{decide_uncertain, uncertain_mails, MailError, Mailer, UncertainMail};

use crate::db;
use fluent_templates::{fluent_bundle::FluentValue, LanguageIdentifier, Loader};
use lettre::message::Mailbox;
use std::{borrow::Cow, collections::HashMap};

fluent_templates::static_loader! {
    static MAIL_TEXTS = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The host a mail server's address names (`smtp://`, `imap://`), IPv6 without brackets.
fn server_host(url: &url::Url) -> Option<String> {
    match url.host()? {
        url::Host::Domain(name) if !name.is_empty() => Some(name.to_string()),
        url::Host::Domain(_) => None,
        url::Host::Ipv4(ip) => Some(ip.to_string()),
        url::Host::Ipv6(ip) => Some(ip.to_string()),
    }
}

/// A user name or password from such an address, percent-decoded.
fn percent_decoded(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s).decode_utf8().map(|s| s.into_owned()).ok()
}

/// The mail text `key` in `locale` with its placeholders filled.
pub fn text(locale: &str, key: &str, args: &[(&'static str, String)]) -> String {
    let lang: LanguageIdentifier = locale.parse().unwrap_or_else(|_| "en".parse().expect("en"));
    let args: HashMap<Cow<'static, str>, FluentValue> = args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
    MAIL_TEXTS.lookup_with_args(&lang, key, &args)
}

/// A mail ready for the outbox: the same message as plain text and as HTML.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// (label, URL) of each link, shown after the text.
    pub links: Vec<(String, String)>,
    /// The one-click way out of a subscription mail, sent as `List-Unsubscribe`.
    pub unsubscribe: Option<String>,
    /// The conversation the mail belongs to (such as `ticket-<id>`): mail programs show every
    /// mail of one ticket as one thread.
    pub thread: Option<String>,
    /// Written by a person (an agent's answer), not by the help centre itself: sent without
    /// `Auto-Submitted`.
    pub from_person: bool,
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

/// `Auto-Submitted: auto-generated` (RFC 3834): mail systems send no auto-reply to it.
#[derive(Clone)]
struct AutoSubmitted;

impl lettre::message::header::Header for AutoSubmitted {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "auto-generated".into())
    }
}

/// The thread every mail about a ticket belongs to.
pub fn ticket_thread(ticket_id: &str) -> String {
    format!("ticket-{ticket_id}")
}

/// The ticket a thread is about, if it is a ticket's.
pub fn thread_ticket(thread: &str) -> Option<&str> {
    thread.strip_prefix("ticket-")
}

/// The message id every mail of a thread answers, so mail programs group them.
pub fn thread_id(thread: &str, from: &Mailbox) -> String {
    format!("<{thread}@{}>", from.email.domain())
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
        "INSERT INTO mail_outbox (id, tenant_id, recipient, subject, text_body, html_body, created_at, attempts, list_unsubscribe, thread, from_person) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10)",
    )
    .bind(db::new_id())
    .bind(tenant_id)
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(mail.text_body())
    .bind(mail.html_body())
    .bind(now)
    .bind(&mail.unsubscribe)
    .bind(&mail.thread)
    .bind(mail.from_person as i64)
    .execute(conn)
    .await?;
    Ok(())
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
    fn html_bodies_escape_what_users_typed() {
        let m = Mail { to: "a@b.c".into(), subject: "s".into(), paragraphs: vec!["<img src=x onerror=alert(1)>".into()], ..Mail::default() };
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
