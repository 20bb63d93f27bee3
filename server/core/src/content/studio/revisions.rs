//! Revisions in the database: every save is a new numbered revision of its article's path, and
//! publishing points the path at one of them for every node.

use crate::{db, identity::User, operations::audit, shared};

/// One saved state of an article: its whole file text.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub number: i64,
    pub text: String,
    pub author: String,
    pub at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum StudioError {
    /// Someone saved on top of the revision this editor started from.
    #[error("revision {latest} was saved after revision {base}, which this edit started from")]
    Conflict { base: i64, latest: i64 },
    #[error("no such revision")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Files(#[from] std::io::Error),
}

/// Saves `text` as the next revision of `path`, if `base` is still its latest (0: none yet);
/// returns the new revision's number. Two editors who opened the same revision cannot both
/// save over it: the second is told, and keeps their text to merge.
pub async fn save(pool: &db::Pool, path: &str, base: i64, text: &str, author: &User, now: i64) -> Result<i64, StudioError> {
    let mut tx = db::begin(pool).await?;
    db::lock_numbering(&mut tx, &format!("content:{path}")).await?;
    let latest = latest_in(&mut tx, path).await?;
    if latest != base {
        return Err(StudioError::Conflict { base, latest });
    }
    let number = latest + 1;
    sqlx::query("INSERT INTO content_revisions (id, path, number, text, author_id, author_name, created_at, scope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(db::new_id())
        .bind(path)
        .bind(number)
        .bind(text)
        .bind(&author.id)
        .bind(&author.display_name)
        .bind(now)
        .bind(super::path_scope(path))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(number)
}

/// Saves `text` as [`save`] does, unless `reuse` is asked and the latest revision of `path` is
/// `base` with the same text (by `same`): then that revision's number comes back unsaved, so that
/// publishing or asking for a review of what is already saved does not save it again. Only the
/// latest: an unchanged older revision is saved, and so refused as a conflict, never published
/// over a newer one someone else saved.
#[allow(clippy::too_many_arguments)]
pub async fn save_or_reuse(
    pool: &db::Pool,
    path: &str,
    base: i64,
    text: &str,
    reuse: bool,
    same: fn(&str, &str) -> bool,
    author: &User,
    now: i64,
) -> Result<i64, StudioError> {
    if reuse {
        let (latest, _) = numbers(pool, path).await?;
        if latest == base && revision(pool, path, base).await?.is_some_and(|r| same(&r.text, text)) {
            return Ok(base);
        }
    }
    save(pool, path, base, text, author, now).await
}

async fn latest_in(tx: &mut sqlx::Transaction<'static, sqlx::Any>, path: &str) -> Result<i64, sqlx::Error> {
    let (latest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(number) FROM content_revisions WHERE path = $1").bind(path).fetch_one(&mut **tx).await?;
    Ok(latest.unwrap_or(0))
}

/// Saves revision `number`'s text again as the newest revision, recorded in the audit log.
pub async fn restore(pool: &db::Pool, path: &str, number: i64, base: i64, author: &User, now: i64) -> Result<i64, StudioError> {
    let old = revision(pool, path, number).await?.ok_or(StudioError::NotFound)?;
    let saved = save(pool, path, base, &old.text, author, now).await?;
    audit::record(pool, &author.tenant_id, Some(&author.id), audit::Action::ArticleRestored, Some(&format!("{path}#{number}")), now).await?;
    Ok(saved)
}

/// Every revision of `path`, newest first.
pub async fn history(pool: &db::Pool, path: &str) -> Result<Vec<Revision>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT number, text, author_name, created_at FROM content_revisions WHERE path = $1 ORDER BY number DESC")
            .bind(path)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(number, text, author, at)| Revision { number, text, author, at }).collect())
}

pub async fn revision(pool: &db::Pool, path: &str, number: i64) -> Result<Option<Revision>, sqlx::Error> {
    let row: Option<(i64, String, String, i64)> =
        sqlx::query_as("SELECT number, text, author_name, created_at FROM content_revisions WHERE path = $1 AND number = $2")
            .bind(path)
            .bind(number)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(number, text, author, at)| Revision { number, text, author, at }))
}

/// Makes revision `number` the one readers of `path` see, on every node; recorded in the audit
/// log.
pub async fn publish(pool: &db::Pool, path: &str, number: i64, by: &User, now: i64) -> Result<(), StudioError> {
    let mut tx = db::begin(pool).await?;
    publish_in(&mut tx, path, number, by, now).await?;
    tx.commit().await?;
    shared::committed(shared::CONTENT);
    Ok(())
}

/// [`publish`] inside a transaction the caller commits (then calls `shared::committed`). A
/// review in progress on the article ends with it.
pub(super) async fn publish_in(tx: &mut sqlx::Transaction<'static, sqlx::Any>, path: &str, number: i64, by: &User, now: i64) -> Result<(), StudioError> {
    exists(tx, path, number).await?;
    sqlx::query("DELETE FROM content_published WHERE path = $1").bind(path).execute(&mut **tx).await?;
    sqlx::query("INSERT INTO content_published (path, number, published_by, published_at, scope) VALUES ($1, $2, $3, $4, $5)")
        .bind(path)
        .bind(number)
        .bind(&by.id)
        .bind(now)
        .bind(super::path_scope(path))
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM content_reviews WHERE path = $1").bind(path).execute(&mut **tx).await?;
    audit::record(&mut **tx, &by.tenant_id, Some(&by.id), audit::Action::ArticlePublished, Some(&format!("{path}#{number}")), now).await?;
    shared::changed(&mut **tx, shared::CONTENT).await?;
    Ok(())
}

/// `NotFound` unless `path` has a revision `number`.
pub(super) async fn exists(tx: &mut sqlx::Transaction<'static, sqlx::Any>, path: &str, number: i64) -> Result<(), StudioError> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT number FROM content_revisions WHERE path = $1 AND number = $2").bind(path).bind(number).fetch_optional(&mut **tx).await?;
    found.map(|_| ()).ok_or(StudioError::NotFound)
}

/// The published text of every article the studio has published, by path.
pub async fn published(pool: &db::Pool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT p.path, r.text FROM content_published p JOIN content_revisions r ON r.path = p.path AND r.number = p.number ORDER BY p.path")
        .fetch_all(pool)
        .await
}

/// The number of `path`'s latest revision and of its published one (0: none).
pub async fn numbers(pool: &db::Pool, path: &str) -> Result<(i64, i64), sqlx::Error> {
    let (latest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(number) FROM content_revisions WHERE path = $1").bind(path).fetch_one(pool).await?;
    let published: Option<(i64,)> = sqlx::query_as("SELECT number FROM content_published WHERE path = $1").bind(path).fetch_optional(pool).await?;
    Ok((latest.unwrap_or(0), published.map_or(0, |(n,)| n)))
}

/// For every path the studio has saved: its latest revision's number and the published one's.
pub async fn latest_numbers(pool: &db::Pool) -> Result<Vec<(String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.path, MAX(r.number), MAX(p.number) FROM content_revisions r LEFT JOIN content_published p ON p.path = r.path GROUP BY r.path ORDER BY r.path",
    )
    .fetch_all(pool)
    .await
}
