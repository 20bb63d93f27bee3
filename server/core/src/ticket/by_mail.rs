//! Answers by mail. A mail read from the support mailbox lands on its ticket as a comment from
//! its author; one that cannot is refused with a mail that says why; one a machine wrote
//! (auto-reply, bounce, list, a loop) is set aside without a word, so two help desks never answer
//! each other for ever.

use super::{actions::comment_in, can_see, documents::check_attachment, get_by_id, Status, Ticket, TicketError, TicketSettings};
use crate::{
    db::Pool,
    identity::User,
    mail::{self, inbound::Inbound, reply_address},
};
use lettre::message::Mailbox;

/// Mails from one sender in an hour beyond which the rest are set aside: a loop or a flood.
const SENDER_MAILS_PER_HOUR: i64 = 30;
/// Mails read per pass, so one pass stays short whatever waits.
const MAILS_PER_PASS: usize = 50;
/// At most one refusal or pointer to the form per sender a day: a refusal that is itself
/// answered by a machine gets no second one.
const REFUSALS_PER_DAY: i64 = 1;

/// What became of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    /// Added to the ticket of that tenant with that number.
    Commented { tenant: String, number: i64 },
    /// Filed as a new ticket of that tenant (its contract allows filing by mail).
    Filed { tenant: String, number: i64 },
    /// Not added; the sender was told why (or had been told today already).
    Refused(&'static str),
    /// Set aside without a reply, for the reason given.
    SetAside(&'static str),
    /// Read before, on this node or another.
    AlreadyRead,
}

impl MailOutcome {
    fn key(&self) -> &'static str {
        match self {
            MailOutcome::Commented { .. } => "comment",
            MailOutcome::Filed { .. } => "filed",
            MailOutcome::Refused(why) | MailOutcome::SetAside(why) => why,
            MailOutcome::AlreadyRead => "already-read",
        }
    }
}

/// The help centre's side of the mailbox: its own address, and the key its reply addresses are
/// signed with.
pub struct SupportAddress<'a> {
    pub from: &'a Mailbox,
    pub key: &'a [u8],
}

/// Deals with one raw mail from the support mailbox.
pub async fn receive_mail(pool: &Pool, base: &TicketSettings, ours: &SupportAddress<'_>, raw: &[u8], now: i64) -> Result<MailOutcome, TicketError> {
    let Some(mail) = mail::inbound::read(raw) else {
        return Ok(MailOutcome::SetAside("unreadable"));
    };
    // The address is read lower-case: one sender, one hash.
    let sender = crate::secret::token_hash(&mail.from);
    let seen: Option<(String,)> = sqlx::query_as("SELECT outcome FROM inbound_mails WHERE mail_key = $1").bind(&mail.key).fetch_optional(pool).await?;
    if seen.is_some() {
        return Ok(MailOutcome::AlreadyRead);
    }
    let own = mail.from.eq_ignore_ascii_case(ours.from.email.as_ref()) || mail.from.is_empty();
    let (recent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inbound_mails WHERE sender_hash = $1 AND received_at > $2")
        .bind(&sender)
        .bind(now - 3_600)
        .fetch_one(pool)
        .await?;
    let set_aside = match (own, mail.automatic) {
        (true, _) => Some("own-mail"),
        (_, Some(kind)) => Some(kind.key()),
        _ if recent >= SENDER_MAILS_PER_HOUR => Some("flood"),
        _ => None,
    };
    if let Some(why) = set_aside {
        return settle(pool, &mail, &sender, MailOutcome::SetAside(why), None, now).await;
    }
    let Some(ticket) = ticket_answered(pool, ours, &mail).await? else {
        return not_about_a_ticket(pool, base, &mail, &sender, now).await;
    };
    let settings = super::settings_for(pool, base, &ticket.tenant_id).await?;
    let Some(author) = participant(pool, &ticket, &mail.from).await? else {
        let words = mail::text(&ticket.locale, "mail-inbound-not-participant", &[("address", mail.from.clone())]);
        let link = (mail::text(&ticket.locale, "mail-view-ticket", &[]), format!("{}/{}/tickets/{}", ticket.origin, ticket.locale, ticket.number));
        let told = refusal(&mail.from, &ticket.locale, words, link);
        return settle(pool, &mail, &sender, MailOutcome::Refused("not-participant"), Some((&ticket.tenant_id, told)), now).await;
    };
    if ticket.status == Status::Closed {
        let words = mail::text(&ticket.locale, "mail-inbound-closed", &[("number", ticket.number.to_string())]);
        let link = (mail::text(&ticket.locale, "mail-inbound-file-ticket", &[]), format!("{}/{}/tickets/new", ticket.origin, ticket.locale));
        let told = refusal(&mail.from, &ticket.locale, words, link);
        return settle(pool, &mail, &sender, MailOutcome::Refused("closed"), Some((&ticket.tenant_id, told)), now).await;
    }
    // Files are checked as the form checks them; one refused is named in the comment, not kept.
    let (screenshots, not_kept) = checked_files(&mail, &settings);
    let mut body = mail.text.clone();
    if !not_kept.is_empty() {
        body.push_str("\n\n");
        body.push_str(&mail::text(&ticket.locale, "mail-inbound-not-attached", &[("names", not_kept.join(", "))]));
    }
    if mail.text.is_empty() && screenshots.is_empty() {
        return settle(pool, &mail, &sender, MailOutcome::SetAside("empty"), None, now).await;
    }
    let mut tx = crate::db::begin(pool).await?;
    if !mark_read(&mut tx, &mail, &sender, "comment", now).await? {
        return Ok(MailOutcome::AlreadyRead);
    }
    comment_in(&mut tx, &settings, &author, &ticket, &body, false, screenshots, now).await?;
    tx.commit().await?;
    Ok(MailOutcome::Commented { tenant: ticket.tenant_id, number: ticket.number })
}

/// One mail a relay delivered over LMTP, handled as one read from the support mailbox.
pub async fn receive_relayed(pool: &Pool, base: &TicketSettings, mail_from: &str, raw: &[u8], now: i64) -> Result<MailOutcome, String> {
    let from: Mailbox = mail_from.parse().map_err(|e| format!("mail_from {mail_from:?}: {e}"))?;
    let key = crate::secret::stored_key(pool, reply_address::KEY_NAME).await.map_err(|e| e.to_string())?;
    receive_mail(pool, base, &SupportAddress { from: &from, key: &key }, raw, now).await.map_err(|e| e.to_string())
}

/// One pass over the support mailbox: every unseen mail is dealt with and marked seen; a mail
/// whose handling failed (the database away) stays unseen for the next pass. Returns how many
/// were dealt with.
pub async fn read_support_mailbox(
    pool: &Pool,
    base: &TicketSettings,
    mailbox: &mail::mailbox::SupportMailbox,
    mail_from: &str,
    now: i64,
) -> Result<usize, String> {
    let from: Mailbox = mail_from.parse().map_err(|e| format!("mail_from {mail_from:?}: {e}"))?;
    let key = crate::secret::stored_key(pool, reply_address::KEY_NAME).await.map_err(|e| e.to_string())?;
    let ours = SupportAddress { from: &from, key: &key };
    let unseen = mailbox.unseen(MAILS_PER_PASS).await.map_err(|e| e.to_string())?;
    let mut dealt_with = Vec::new();
    for (uid, raw) in unseen {
        match receive_mail(pool, base, &ours, &raw, now).await {
            Ok(outcome) => {
                tracing::info!(outcome = outcome.key(), "support mailbox: mail read");
                dealt_with.push(uid);
            }
            Err(e) => tracing::error!(error = %e, "support mailbox: mail not handled; will retry"),
        }
    }
    mailbox.mark_seen(&dealt_with).await.map_err(|e| e.to_string())?;
    Ok(dealt_with.len())
}

/// The ticket a mail answers: named by a signed reply address it was sent to, or by one of our
/// mails it answers (`In-Reply-To`/`References` naming an outbox row of a ticket's thread).
async fn ticket_answered(pool: &Pool, ours: &SupportAddress<'_>, mail: &Inbound) -> Result<Option<Ticket>, sqlx::Error> {
    let mut id = mail.recipients.iter().find_map(|r| reply_address::ticket_in(ours.key, ours.from, r));
    if id.is_none() {
        let domain = format!("@{}", ours.from.email.domain());
        for answered in &mail.answers {
            let Some(outbox_id) = answered.strip_suffix(domain.as_str()) else { continue };
            let thread: Option<(Option<String>,)> = sqlx::query_as("SELECT thread FROM mail_outbox WHERE id = $1").bind(outbox_id).fetch_optional(pool).await?;
            if let Some(ticket) = thread.and_then(|(t,)| t).and_then(|t| mail::thread_ticket(&t).map(str::to_string)) {
                id = Some(ticket);
                break;
            }
        }
    }
    let Some(id) = id else { return Ok(None) };
    let tenant: Option<(String,)> = sqlx::query_as("SELECT tenant_id FROM tickets WHERE id = $1").bind(&id).fetch_optional(pool).await?;
    match tenant {
        Some((tenant,)) => get_by_id(pool, &tenant, &id).await,
        None => Ok(None),
    }
}

/// The account behind `address` that may answer on `ticket`: one of its tenant's (the
/// requester, a customer administrator, an agent) or one of the vendor's support staff.
async fn participant(pool: &Pool, ticket: &Ticket, address: &str) -> Result<Option<User>, sqlx::Error> {
    let accounts: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.tenant_id, u.id FROM users u JOIN tenants t ON t.id = u.tenant_id \
         WHERE LOWER(u.email) = $1 AND (u.tenant_id = $2 OR t.is_vendor = 1) ORDER BY t.is_vendor",
    )
    .bind(address.to_ascii_lowercase())
    .bind(&ticket.tenant_id)
    .fetch_all(pool)
    .await?;
    for (tenant, id) in accounts {
        if let Some(user) = crate::identity::load_user(pool, &tenant, &id).await? {
            if can_see(&user, ticket) {
                return Ok(Some(user));
            }
        }
    }
    Ok(None)
}

/// A mail that answers no ticket: a person with an account is pointed to the help centre's form
/// (tickets are filed there, service document); anyone else gets nothing, so the mailbox never
/// sends mail to addresses spammers forged.
async fn not_about_a_ticket(pool: &Pool, base: &TicketSettings, mail: &Inbound, sender: &str, now: i64) -> Result<MailOutcome, TicketError> {
    let account: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT u.tenant_id, u.id, t.tickets_by_mail FROM users u JOIN tenants t ON t.id = u.tenant_id \
         WHERE LOWER(u.email) = $1 AND t.is_vendor = 0 AND (u.valid_until IS NULL OR u.valid_until > $2) ORDER BY u.created_at LIMIT 1",
    )
    .bind(&mail.from)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some((tenant, user_id, by_mail)) = account else {
        return settle(pool, mail, sender, MailOutcome::SetAside("unknown-sender"), None, now).await;
    };
    // Their language: the one of their latest ticket, else the vendor's.
    let locale: Option<(String,)> = sqlx::query_as(
        "SELECT t.locale FROM tickets t JOIN users u ON u.id = t.requester_id WHERE t.tenant_id = $1 AND LOWER(u.email) = $2 ORDER BY t.created_at DESC LIMIT 1",
    )
    .bind(&tenant)
    .bind(&mail.from)
    .fetch_optional(pool)
    .await?;
    let locale = locale.map(|(l,)| l).unwrap_or_else(|| crate::FALLBACK_LOCALE.into());
    let mut conn = pool.acquire().await?;
    let origin = crate::tenant::origin_of(&mut conn, &base.public_url, &tenant).await?.unwrap_or_else(|| base.public_url.origin());
    drop(conn);
    if by_mail != 0 {
        if let Some(requester) = crate::identity::load_user(pool, &tenant, &user_id).await? {
            return file_by_mail(pool, base, mail, sender, &requester, &locale, &origin, now).await;
        }
    }
    let words = mail::text(&locale, "mail-inbound-use-form", &[]);
    let link = (mail::text(&locale, "mail-inbound-file-ticket", &[]), format!("{origin}/{locale}/tickets/new"));
    let told = refusal(&mail.from, &locale, words, link);
    settle(pool, mail, sender, MailOutcome::Refused("use-the-form"), Some((&tenant, told)), now).await
}

/// A new ticket from a mail, for a tenant that files by mail: a question of minor severity in no
/// module yet, which the desk reclassifies. The mail is claimed first, so a mail read on two
/// nodes files one ticket; a filing that fails releases it for the next pass.
#[allow(clippy::too_many_arguments)]
async fn file_by_mail(
    pool: &Pool,
    base: &TicketSettings,
    mail: &Inbound,
    sender: &str,
    requester: &User,
    locale: &str,
    origin: &str,
    now: i64,
) -> Result<MailOutcome, TicketError> {
    let settings = super::settings_for(pool, base, &requester.tenant_id).await?;
    let (files, not_kept) = checked_files(mail, &settings);
    let mut description = mail.text.trim().to_string();
    if !not_kept.is_empty() {
        description.push_str("\n\n");
        description.push_str(&mail::text(locale, "mail-inbound-not-attached", &[("names", not_kept.join(", "))]));
    }
    let subject: String = mail.subject.chars().filter(|c| !c.is_control()).take(super::MAX_SUBJECT).collect();
    let subject = match subject.trim() {
        "" => mail::text(locale, "mail-inbound-no-subject", &[]),
        s => s.to_string(),
    };
    if description.is_empty() && files.is_empty() {
        return settle(pool, mail, sender, MailOutcome::SetAside("empty"), None, now).await;
    }
    let mut tx = crate::db::begin(pool).await?;
    if !mark_read(&mut tx, mail, sender, "filed", now).await? {
        return Ok(MailOutcome::AlreadyRead);
    }
    tx.commit().await?;
    let description: String = description.chars().take(super::MAX_DESCRIPTION).collect();
    let valid = super::ValidTicket::plain(super::Kind::Question, crate::sla::Severity::Minor, "", subject, description);
    match super::create(pool, &settings, requester, locale, origin, valid, files, now).await {
        Ok(t) => Ok(MailOutcome::Filed { tenant: t.tenant_id, number: t.number }),
        Err(e) => {
            sqlx::query("DELETE FROM inbound_mails WHERE mail_key = $1").bind(&mail.key).execute(pool).await?;
            Err(e)
        }
    }
}

/// A mail's files checked as the form checks them: those kept, and the names of those refused.
fn checked_files(mail: &Inbound, settings: &TicketSettings) -> (Vec<super::attachment::Attachment>, Vec<String>) {
    let mut kept = Vec::new();
    let mut not_kept = Vec::new();
    for (name, bytes) in mail.attachments.iter().take(super::attachment::MAX_FILES * 2) {
        match check_attachment(name, bytes.clone(), settings.attachment_max_bytes) {
            Ok(s) if kept.len() < super::attachment::MAX_FILES => kept.push(s),
            _ => not_kept.push(name.clone()),
        }
    }
    (kept, not_kept)
}

fn refusal(to: &str, locale: &str, words: String, link: (String, String)) -> mail::Mail {
    mail::Mail {
        to: to.to_string(),
        subject: mail::text(locale, "mail-inbound-refused-subject", &[]),
        paragraphs: vec![words],
        links: vec![link],
        ..Default::default()
    }
}

/// Records the mail as read with its outcome and, unless the sender was already told today,
/// queues the mail that tells them, in one transaction.
async fn settle(
    pool: &Pool,
    mail: &Inbound,
    sender: &str,
    outcome: MailOutcome,
    tell: Option<(&str, mail::Mail)>,
    now: i64,
) -> Result<MailOutcome, TicketError> {
    let mut tx = crate::db::begin(pool).await?;
    let (told_today,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM inbound_mails WHERE sender_hash = $1 AND received_at > $2 AND outcome IN ('not-participant', 'closed', 'use-the-form')",
    )
    .bind(sender)
    .bind(now - 86_400)
    .fetch_one(&mut *tx)
    .await?;
    if !mark_read(&mut tx, mail, sender, outcome.key(), now).await? {
        return Ok(MailOutcome::AlreadyRead);
    }
    if let Some((tenant, told)) = tell.filter(|_| told_today < REFUSALS_PER_DAY) {
        mail::enqueue(&mut tx, tenant, &told, now).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Marks the mail read; `false` when another pass got there first.
async fn mark_read(tx: &mut sqlx::AnyConnection, mail: &Inbound, sender: &str, outcome: &str, now: i64) -> Result<bool, sqlx::Error> {
    let inserted =
        sqlx::query("INSERT INTO inbound_mails (mail_key, sender_hash, outcome, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (mail_key) DO NOTHING")
            .bind(&mail.key)
            .bind(sender)
            .bind(outcome)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    Ok(inserted == 1)
}
