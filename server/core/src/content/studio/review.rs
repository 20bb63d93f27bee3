//! Review before publication: an editor asks a publisher to review a revision, with a note; the
//! reviewer sends it back with comments, or approves it, publishing it at once or at a chosen time
//! (the scheduled jobs publish it then). Every step is a note in the article's review thread, and
//! the person it concerns gets a mail in the language they work in.

use super::revisions::{self, StudioError};
use crate::{db, identity::User, mail};

/// The access group that gives a content editor the right to review and publish.
pub const PUBLISHERS: &str = "publishers";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    InReview,
    ChangesRequested,
    /// Approved, to be published at `publish_at`.
    Scheduled,
}

impl ReviewState {
    pub fn key(self) -> &'static str {
        match self {
            ReviewState::InReview => "in-review",
            ReviewState::ChangesRequested => "changes-requested",
            ReviewState::Scheduled => "scheduled",
        }
    }

    fn from_key(key: &str) -> Self {
        match key {
            "changes-requested" => ReviewState::ChangesRequested,
            "scheduled" => ReviewState::Scheduled,
            _ => ReviewState::InReview,
        }
    }
}

/// Where an article's review stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub path: String,
    pub number: i64,
    pub state: ReviewState,
    pub requester_id: String,
    pub requester: String,
    pub reviewer_id: String,
    pub reviewer: String,
    pub publish_at: Option<i64>,
}

/// One step of the review thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub number: i64,
    /// `request`, `changes` or `approved`.
    pub kind: String,
    pub author: String,
    pub body: String,
    pub at: i64,
}

/// One step of a review: who takes it, who it concerns (mailed in the language the step was
/// taken in, with a link on the tenant's canonical address, never the request's Host header),
/// the article's title, and when.
pub struct Step<'a> {
    pub by: &'a User,
    pub to: &'a User,
    pub locale: &'a str,
    pub origin: &'a str,
    pub title: &'a str,
    pub now: i64,
}

impl Step<'_> {
    fn mail(&self, path: &str, subject: &str, first: &str, note: &str) -> mail::Mail {
        let l = self.locale;
        let args = [("title", self.title.to_string()), ("name", self.by.display_name.clone())];
        let mut paragraphs = vec![mail::text(l, first, &args)];
        if !note.trim().is_empty() {
            paragraphs.push(mail::text(l, "mail-review-note", &[("note", note.trim().to_string())]));
        }
        let url = format!("{}/{l}/studio/{}?path={}", self.origin, super::editor_page(path), path.replace('/', "%2F"));
        mail::Mail {
            to: self.to.email.clone(),
            subject: mail::text(l, subject, &args),
            paragraphs,
            links: vec![(mail::text(l, "mail-review-open", &[]), url)],
            unsubscribe: None,
            ..Default::default()
        }
    }

    async fn note(&self, tx: &mut sqlx::Transaction<'static, sqlx::Any>, path: &str, number: i64, kind: &str, body: &str) -> Result<(), sqlx::Error> {
        add_note(tx, path, number, self.by, kind, body, self.now).await
    }

    async fn send(&self, tx: &mut sqlx::Transaction<'static, sqlx::Any>, m: &mail::Mail) -> Result<(), sqlx::Error> {
        mail::enqueue(tx, &self.to.tenant_id, m, self.now).await
    }
}

async fn add_note(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    path: &str,
    number: i64,
    by: &User,
    kind: &str,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO content_review_notes (id, path, number, author_id, author_name, kind, body, at, scope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(db::new_id())
    .bind(path)
    .bind(number)
    .bind(&by.id)
    .bind(&by.display_name)
    .bind(kind)
    .bind(body.trim())
    .bind(now)
    .bind(super::path_scope(path))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Asks `step.to` to review revision `number` of `path`, with `note`; mails them.
pub async fn request(pool: &db::Pool, path: &str, number: i64, note: &str, step: &Step<'_>) -> Result<(), StudioError> {
    let mut tx = db::begin(pool).await?;
    revisions::exists(&mut tx, path, number).await?;
    sqlx::query("DELETE FROM content_reviews WHERE path = $1").bind(path).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO content_reviews (path, number, state, requester_id, requester_name, reviewer_id, reviewer_name, publish_at, updated_at, scope) \
         VALUES ($1, $2, 'in-review', $3, $4, $5, $6, NULL, $7, $8)",
    )
    .bind(path)
    .bind(number)
    .bind(&step.by.id)
    .bind(&step.by.display_name)
    .bind(&step.to.id)
    .bind(&step.to.display_name)
    .bind(step.now)
    .bind(super::path_scope(path))
    .execute(&mut *tx)
    .await?;
    step.note(&mut tx, path, number, "request", note).await?;
    step.send(&mut tx, &step.mail(path, "mail-review-request-subject", "mail-review-request-body", note)).await?;
    tx.commit().await?;
    Ok(())
}

/// The reviewer sends the revision back with `comments`; the editor who asked (`step.to`) is mailed.
pub async fn send_back(pool: &db::Pool, path: &str, comments: &str, step: &Step<'_>) -> Result<(), StudioError> {
    let mut tx = db::begin(pool).await?;
    let number = under_review(&mut tx, path).await?;
    sqlx::query("UPDATE content_reviews SET state = 'changes-requested', updated_at = $1 WHERE path = $2").bind(step.now).bind(path).execute(&mut *tx).await?;
    step.note(&mut tx, path, number, "changes", comments).await?;
    step.send(&mut tx, &step.mail(path, "mail-review-changes-subject", "mail-review-changes-body", comments)).await?;
    tx.commit().await?;
    Ok(())
}

/// What an approval did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approved {
    Published(i64),
    Scheduled(i64),
}

/// Approves the revision under review: published now, or at `publish_at` when that is later.
/// The editor who asked (`step.to`) is mailed either way.
pub async fn approve(pool: &db::Pool, path: &str, comments: &str, publish_at: Option<i64>, step: &Step<'_>) -> Result<Approved, StudioError> {
    let now = step.now;
    let mut tx = db::begin(pool).await?;
    let number = under_review(&mut tx, path).await?;
    step.note(&mut tx, path, number, "approved", comments).await?;
    step.send(&mut tx, &step.mail(path, "mail-review-approved-subject", "mail-review-approved-body", comments)).await?;
    match publish_at.filter(|at| *at > now) {
        Some(at) => {
            sqlx::query("UPDATE content_reviews SET state = 'scheduled', publish_at = $1, updated_at = $2 WHERE path = $3")
                .bind(at)
                .bind(now)
                .bind(path)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Approved::Scheduled(at))
        }
        None => {
            revisions::publish_in(&mut tx, path, number, step.by, now).await?;
            tx.commit().await?;
            crate::shared::committed(crate::shared::CONTENT);
            Ok(Approved::Published(number))
        }
    }
}

/// The revision an article has under review (asked, not yet approved), or `NotFound`.
async fn under_review(tx: &mut sqlx::Transaction<'static, sqlx::Any>, path: &str) -> Result<i64, StudioError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT number FROM content_reviews WHERE path = $1 AND state = 'in-review'").bind(path).fetch_optional(&mut **tx).await?;
    row.map(|(n,)| n).ok_or(StudioError::NotFound)
}

type ReviewRow = (String, i64, String, String, String, String, String, Option<i64>);

fn review_of(r: ReviewRow) -> Review {
    Review { path: r.0, number: r.1, state: ReviewState::from_key(&r.2), requester_id: r.3, requester: r.4, reviewer_id: r.5, reviewer: r.6, publish_at: r.7 }
}

// An account destroyed with its tenant leaves its review without an id; its name stays.
const REVIEW_COLUMNS: &str = "path, number, state, COALESCE(requester_id, ''), requester_name, COALESCE(reviewer_id, ''), reviewer_name, publish_at";

pub async fn review(pool: &db::Pool, path: &str) -> Result<Option<Review>, sqlx::Error> {
    let row: Option<ReviewRow> =
        sqlx::query_as(&format!("SELECT {REVIEW_COLUMNS} FROM content_reviews WHERE path = $1")).bind(path).fetch_optional(pool).await?;
    Ok(row.map(review_of))
}

/// Every review in progress (asked, sent back or scheduled), oldest change first.
pub async fn reviews(pool: &db::Pool) -> Result<Vec<Review>, sqlx::Error> {
    let rows: Vec<ReviewRow> = sqlx::query_as(&format!("SELECT {REVIEW_COLUMNS} FROM content_reviews ORDER BY updated_at")).fetch_all(pool).await?;
    Ok(rows.into_iter().map(review_of).collect())
}

/// The review thread of `path`, oldest first.
pub async fn notes(pool: &db::Pool, path: &str) -> Result<Vec<Note>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64)> =
        sqlx::query_as("SELECT number, kind, author_name, body, at FROM content_review_notes WHERE path = $1 ORDER BY at, id")
            .bind(path)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(number, kind, author, body, at)| Note { number, kind, author, body, at }).collect())
}

/// Publishes every approved revision whose time has come; returns how many.
pub async fn publish_due(pool: &db::Pool, now: i64) -> Result<usize, StudioError> {
    let due: Vec<(String, i64, String, String)> = sqlx::query_as(
        "SELECT r.path, r.number, r.reviewer_id, u.tenant_id FROM content_reviews r JOIN users u ON u.id = r.reviewer_id \
         WHERE r.state = 'scheduled' AND r.publish_at <= $1",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut published = 0;
    for (path, number, reviewer_id, tenant) in due {
        let Some(reviewer) = crate::identity::load_user(pool, &tenant, &reviewer_id).await? else { continue };
        let mut tx = db::begin(pool).await?;
        // Another node may have published it in between: only a row still scheduled is taken.
        let taken = sqlx::query("DELETE FROM content_reviews WHERE path = $1 AND state = 'scheduled' AND number = $2")
            .bind(&path)
            .bind(number)
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() == 0 {
            continue;
        }
        revisions::publish_in(&mut tx, &path, number, &reviewer, now).await?;
        tx.commit().await?;
        crate::shared::committed(crate::shared::CONTENT);
        published += 1;
    }
    Ok(published)
}

/// Who in `tenant` may review and publish articles of `scope`: for the vendor's documentation
/// (`None`), content editors in the publishers' group and super administrators; for a customer's
/// own, that customer's administrators. (id, display name).
pub async fn publishers(pool: &db::Pool, tenant: &str, scope: Option<&str>) -> Result<Vec<(String, String)>, sqlx::Error> {
    if scope.is_some() {
        return sqlx::query_as("SELECT id, display_name FROM users WHERE tenant_id = $1 AND role = 'customer-admin' ORDER BY display_name")
            .bind(tenant)
            .fetch_all(pool)
            .await;
    }
    sqlx::query_as(
        "SELECT id, display_name FROM users WHERE tenant_id = $1 AND (role = 'super-admin' OR (role = 'content-editor' AND id IN \
         (SELECT user_id FROM user_groups WHERE tenant_id = $1 AND group_name = $2))) ORDER BY display_name",
    )
    .bind(tenant)
    .bind(PUBLISHERS)
    .fetch_all(pool)
    .await
}
