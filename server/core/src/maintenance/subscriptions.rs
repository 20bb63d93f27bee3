//! Email subscriptions to announcements (cachet#2613 asked for date changes too): subscribers
//! hear of a new announcement, a change of its dates and its completion, each mail with a
//! one-click unsubscribe link. Mails go to the outbox in the transaction of the change.

use super::Announcement;
use crate::{
    db::{self, Pool},
    mail,
};

/// What a subscriber is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Published,
    /// The window moved; carries the former window.
    Rescheduled {
        starts_at: i64,
        ends_at: i64,
    },
    Completed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    pub email: String,
    /// `None`: every announcement.
    pub module: Option<String>,
}

/// Subscribes `email` (replacing an earlier choice of module); mails link back to `origin`.
pub async fn subscribe(pool: &Pool, tenant: &str, email: &str, locale: &str, module: Option<&str>, origin: &str, now: i64) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query("DELETE FROM maintenance_subscriptions WHERE tenant_id = $1 AND email = $2").bind(tenant).bind(email).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO maintenance_subscriptions (id, tenant_id, email, locale, module, origin, token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(db::new_id())
    .bind(tenant)
    .bind(email)
    .bind(locale)
    .bind(module)
    .bind(origin)
    .bind(crate::secret::new_token())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

pub async fn subscription(pool: &Pool, tenant: &str, email: &str) -> Result<Option<Subscription>, sqlx::Error> {
    let row: Option<(String, Option<String>)> = sqlx::query_as("SELECT email, module FROM maintenance_subscriptions WHERE tenant_id = $1 AND email = $2")
        .bind(tenant)
        .bind(email)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(email, module)| Subscription { email, module }))
}

/// Ends the subscription holding `token` on this tenant; `false` when there is none (already
/// unsubscribed, or a made-up token).
pub async fn unsubscribe(pool: &Pool, tenant: &str, token: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM maintenance_subscriptions WHERE tenant_id = $1 AND token = $2").bind(tenant).bind(token).execute(pool).await?;
    Ok(done.rows_affected() > 0)
}

/// Ends the subscription of `email`, from the maintenance page of a signed-in subscriber.
pub async fn unsubscribe_address(pool: &Pool, tenant: &str, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM maintenance_subscriptions WHERE tenant_id = $1 AND email = $2").bind(tenant).bind(email).execute(pool).await?;
    Ok(())
}

/// Puts one mail per interested subscriber of `tenant` in the outbox.
pub(super) async fn notify(conn: &mut sqlx::AnyConnection, tenant: &str, a: &Announcement, notice: Notice, now: i64) -> Result<usize, sqlx::Error> {
    let subscribers: Vec<(String, String, Option<String>, String, String)> =
        sqlx::query_as("SELECT email, locale, module, origin, token FROM maintenance_subscriptions WHERE tenant_id = $1 ORDER BY created_at")
            .bind(tenant)
            .fetch_all(&mut *conn)
            .await?;
    let mut sent = 0;
    for (email, locale, module, origin, token) in subscribers {
        if module.as_deref().is_none_or(|m| a.affects(m)) {
            mail::enqueue(&mut *conn, tenant, &notice_mail(a, notice, &email, &locale, &origin, &token), now).await?;
            sent += 1;
        }
    }
    Ok(sent)
}

fn notice_mail(a: &Announcement, notice: Notice, to: &str, l: &str, origin: &str, token: &str) -> mail::Mail {
    let args = [("title", a.title.clone()), ("kind", mail::text(l, &format!("mail-maintenance-kind-{}", a.kind.key()), &[])), ("window", a.window())];
    let (subject, first) = match notice {
        Notice::Published => ("mail-maintenance-new-subject", mail::text(l, "mail-maintenance-new-body", &args)),
        Notice::Rescheduled { starts_at, ends_at } => {
            let mut moved = args.to_vec();
            moved.push(("before", a.window_between(starts_at, ends_at)));
            ("mail-maintenance-moved-subject", mail::text(l, "mail-maintenance-moved-body", &moved))
        }
        Notice::Completed => ("mail-maintenance-done-subject", mail::text(l, "mail-maintenance-done-body", &args)),
    };
    let unsubscribe = format!("{origin}/{l}/maintenance/unsubscribe?token={token}");
    mail::Mail {
        to: to.to_string(),
        unsubscribe: Some(unsubscribe.clone()),
        subject: mail::text(l, subject, &args),
        paragraphs: vec![first, mail::text(l, "mail-maintenance-why", &[])],
        links: vec![
            (mail::text(l, "mail-maintenance-details", &[]), format!("{origin}/{l}/maintenance#announcement-{}", a.id)),
            (mail::text(l, "mail-maintenance-unsubscribe", &[]), unsubscribe),
        ],
        ..Default::default()
    }
}

/// How late a reminder may still go out: a note published after its reminder day, or jobs that
/// were stopped, remind within a week; older reminders are history, never mailed.
const REMINDER_GRACE_DAYS: i64 = 7;

/// Mails the reminder of every published release note whose reminder day has come to the
/// subscribers of every tenant who follow one of its modules (or all), each in their language,
/// linking to the note on their own help centre. Each note is claimed once across nodes.
pub async fn remind_releases(pool: &Pool, store: &crate::content::ContentStore, today: chrono::NaiveDate, now: i64) -> Result<usize, sqlx::Error> {
    let due = store.all_releases().filter(|r| {
        r.locale == crate::FALLBACK_LOCALE && r.published_by(now) && r.reminder_on.is_some_and(|d| d <= today && (today - d).num_days() <= REMINDER_GRACE_DAYS)
    });
    let mut sent = 0;
    for note in due {
        let mut tx = db::begin(pool).await?;
        let claimed = sqlx::query("INSERT INTO release_reminders (slug, sent_at) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
            .bind(&note.slug)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if claimed == 0 {
            continue;
        }
        let subscribers: Vec<(String, String, String, Option<String>, String, String)> =
            sqlx::query_as("SELECT tenant_id, email, locale, module, origin, token FROM maintenance_subscriptions ORDER BY tenant_id, created_at")
                .fetch_all(&mut *tx)
                .await?;
        for (tenant, email, locale, module, origin, token) in subscribers {
            if module.as_ref().is_some_and(|m| !note.modules.contains(m)) {
                continue;
            }
            // The subscriber's translation of the note when there is one.
            let shown = store.release(&locale, &note.slug, now).map(|(n, _)| n).unwrap_or_else(|| note.clone());
            let args = [("title", shown.title.clone()), ("version", shown.version.clone()), ("date", shown.date.to_string())];
            let unsubscribe = format!("{origin}/{locale}/maintenance/unsubscribe?token={token}");
            let mail = mail::Mail {
                to: email,
                unsubscribe: Some(unsubscribe.clone()),
                subject: mail::text(&locale, "mail-release-reminder-subject", &args),
                paragraphs: vec![mail::text(&locale, "mail-release-reminder-body", &args), mail::text(&locale, "mail-maintenance-why", &[])],
                links: vec![
                    (mail::text(&locale, "mail-release-reminder-read", &[]), format!("{origin}/{locale}/releases/{}", note.slug)),
                    (mail::text(&locale, "mail-maintenance-unsubscribe", &[]), unsubscribe),
                ],
                ..Default::default()
            };
            mail::enqueue(&mut tx, &tenant, &mail, now).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}
