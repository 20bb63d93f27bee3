//! Images uploaded into articles: the bytes checked as ticket screenshots are (what they are, not
//! what they are called), stored where ticket files are so every node serves them, and linked from
//! the Markdown by an address that names no tenant and cannot be guessed.

use super::StudioError;
use crate::{content::ContentStore, db, files::FileStore, identity::User, operations::audit, ticket::attachment::Attachment};

/// An image is kept this long after its upload whatever uses it: it may be waiting in an
/// editor's unsaved draft.
pub const UNUSED_GRACE_SECS: i64 = 24 * 3600;

/// A stored image: what the image address serves.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredImage {
    /// The customer whose own articles may show it; `None` for the vendor's documentation.
    pub scope: Option<String>,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// `/media/<id>.<ext>`: where readers' browsers fetch an article image.
pub fn image_url(id: &str, content_type: &str) -> String {
    let ext = match content_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        _ => "webp",
    };
    format!("/media/{id}.{ext}")
}

/// Stores a checked image for articles of `scope` and returns the Markdown that shows it, with
/// `alt` as its text (the file's name when none is given).
pub async fn add_image(
    pool: &db::Pool,
    files: &FileStore,
    by: &User,
    scope: Option<&str>,
    image: &Attachment,
    alt: &str,
    now: i64,
) -> Result<String, StudioError> {
    let id = db::new_id();
    // The row belongs to the customer whose article shows it, or to the vendor's tenant for the
    // vendor's documentation (the uploader's own when there is none).
    let owner = match scope {
        Some(tenant) => tenant.to_string(),
        None => {
            let vendor: Option<(String,)> = sqlx::query_as("SELECT id FROM tenants WHERE is_vendor = 1 ORDER BY id").fetch_optional(pool).await?;
            vendor.map_or_else(|| by.tenant_id.clone(), |(id,)| id)
        }
    };
    let data = files.put(&owner, &id, &image.bytes).await?;
    sqlx::query(
        "INSERT INTO content_images (id, tenant_id, scope, filename, content_type, size, data, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(&owner)
    .bind(scope.unwrap_or_default())
    .bind(&image.filename)
    .bind(image.content_type)
    .bind(image.bytes.len() as i64)
    .bind(&data)
    .bind(&by.display_name)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(markdown_for(&image.filename, alt, &image_url(&id, image.content_type)))
}

/// The image at `/media/<file>`, if `file` names one (its id and the extension its type gives).
pub async fn image(pool: &db::Pool, files: &FileStore, file: &str) -> Result<Option<StoredImage>, StudioError> {
    let Some((id, _ext)) = file.split_once('.') else { return Ok(None) };
    let row: Option<(String, String, String, String, String)> =
        sqlx::query_as("SELECT tenant_id, scope, filename, content_type, data FROM content_images WHERE id = $1").bind(id).fetch_optional(pool).await?;
    let Some((tenant, scope, filename, content_type, data)) = row else { return Ok(None) };
    if image_url(id, &content_type) != format!("/media/{file}") {
        return Ok(None);
    }
    let Some(bytes) = files.get(&tenant, id, &data).await? else { return Ok(None) };
    Ok(Some(StoredImage { scope: Some(scope).filter(|s| !s.is_empty()), filename, content_type, bytes }))
}

/// One image of the studio's library, with what uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryImage {
    pub id: String,
    pub url: String,
    pub filename: String,
    pub size: i64,
    pub uploaded_by: String,
    pub created_at: i64,
    /// The content that shows it, by path: (path, title), sorted by path.
    pub used_in: Vec<(String, String)>,
}

impl LibraryImage {
    /// Nothing shows it and it is past its grace time: clean-up may remove it.
    pub fn removable(&self, now: i64) -> bool {
        self.used_in.is_empty() && now - self.created_at >= UNUSED_GRACE_SECS
    }

    /// What to paste into an article to show it, its file's name as the alternative text.
    pub fn markdown(&self) -> String {
        markdown_for(&self.filename, "", &self.url)
    }
}

/// The images of `scope` (a customer's own, or the vendor's for `None`), newest first, each with
/// the paths that show it: any saved revision of that scope (restoring one must find its
/// images) and any served article or note (the content folder may link an image too).
pub async fn library(pool: &db::Pool, store: &ContentStore, scope: Option<&str>) -> Result<Vec<LibraryImage>, sqlx::Error> {
    let scope = scope.unwrap_or_default();
    let rows: Vec<(String, String, String, i64, String, i64)> =
        sqlx::query_as("SELECT id, filename, content_type, size, uploaded_by, created_at FROM content_images WHERE scope = $1 ORDER BY created_at DESC, id")
            .bind(scope)
            .fetch_all(pool)
            .await?;
    // Newest revision first, so that a path's title is its latest one's.
    let texts: Vec<(String, String)> =
        sqlx::query_as("SELECT path, text FROM content_revisions WHERE scope = $1 ORDER BY path, number DESC").bind(scope).fetch_all(pool).await?;
    let mut titles: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (path, text) in &texts {
        if !titles.contains_key(path.as_str()) {
            titles.insert(path, super::title_of(path, text, chrono_tz::UTC).unwrap_or_else(|| path.clone()));
        }
    }
    // Only this scope's pages can show its images (a customer's are served on their tenant alone).
    let articles =
        store.all_articles().filter(|a| a.tenant.as_deref().unwrap_or_default() == scope).map(|a| (a.source.clone(), a.title.clone(), a.html.unpack()));
    let notes = store.all_releases().filter(|_| scope.is_empty()).map(|r| (r.source.clone(), r.title.clone(), r.html.clone()));
    let served: Vec<(String, String, String)> = articles.chain(notes).filter(|(_, _, html)| html.contains("/media/")).collect();
    Ok(rows
        .into_iter()
        .map(|(id, filename, content_type, size, uploaded_by, created_at)| {
            let url = image_url(&id, &content_type);
            let mut used_in: Vec<(String, String)> = texts
                .iter()
                .filter(|(_, text)| text.contains(&url))
                .map(|(path, _)| (path.clone(), titles.get(path.as_str()).cloned().unwrap_or_else(|| path.clone())))
                .chain(served.iter().filter(|(_, _, html)| html.contains(&url)).map(|(path, title, _)| (path.clone(), title.clone())))
                .collect();
            used_in.sort();
            used_in.dedup_by(|a, b| a.0 == b.0);
            LibraryImage { id, url, filename, size, uploaded_by, created_at, used_in }
        })
        .collect())
}

/// Removes `scope`'s images that nothing shows and that are past their grace time: only `one`
/// when given, else all of them. Each removal is in the audit log. Returns how many went.
pub async fn remove_unused(
    pool: &db::Pool,
    files: &FileStore,
    store: &ContentStore,
    scope: Option<&str>,
    one: Option<&str>,
    by: &User,
    now: i64,
) -> Result<usize, StudioError> {
    let mut removed = 0;
    for image in library(pool, store, scope).await?.into_iter().filter(|i| i.removable(now) && one.is_none_or(|id| id == i.id)) {
        let owner: Option<(String,)> = sqlx::query_as("DELETE FROM content_images WHERE id = $1 AND scope = $2 RETURNING tenant_id")
            .bind(&image.id)
            .bind(scope.unwrap_or_default())
            .fetch_optional(pool)
            .await?;
        let Some((owner,)) = owner else { continue };
        files.remove(&owner, &image.id).await?;
        audit::record(pool, &by.tenant_id, Some(&by.id), audit::Action::ImageRemoved, Some(&image.url), now).await?;
        removed += 1;
    }
    Ok(removed)
}

/// The Markdown that shows one of `scope`'s images, with `alt` as its text (the file's name when
/// none is given), or `None` if the library of that scope has no such image.
pub async fn reuse_image(pool: &db::Pool, scope: Option<&str>, id: &str, alt: &str) -> Result<Option<String>, StudioError> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT filename, content_type FROM content_images WHERE id = $1 AND scope = $2")
        .bind(id)
        .bind(scope.unwrap_or_default())
        .fetch_optional(pool)
        .await?;
    Ok(row.map(|(filename, content_type)| markdown_for(&filename, alt, &image_url(id, &content_type))))
}

/// `![alt](url)`, the alternative text being `alt` or else the file's name without extension.
fn markdown_for(filename: &str, alt: &str, url: &str) -> String {
    let alt = match alt.trim() {
        "" => filename.rsplit_once('.').map_or(filename, |(stem, _)| stem),
        alt => alt,
    };
    // Brackets and line breaks would end the Markdown's alternative text early.
    let alt: String = alt.chars().map(|c| if matches!(c, '[' | ']' | '\n' | '\r') { ' ' } else { c }).collect();
    format!("![{}]({url})", alt.trim())
}

/// The images of `scope` an editor may insert again, newest first: (id, file name, upload time).
pub async fn choices(pool: &db::Pool, scope: Option<&str>) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, filename, created_at FROM content_images WHERE scope = $1 ORDER BY created_at DESC, id")
        .bind(scope.unwrap_or_default())
        .fetch_all(pool)
        .await
}
