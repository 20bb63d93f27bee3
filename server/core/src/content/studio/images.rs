//! Images uploaded into articles: the bytes checked as ticket screenshots are (what they are, not
//! what they are called), stored where ticket files are so every node serves them, and linked from
//! the Markdown by an address that names no tenant and cannot be guessed.

use super::StudioError;
use crate::{db, files::FileStore, identity::User, ticket::attachment::Attachment};

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
    let alt = match alt.trim() {
        "" => image.filename.rsplit_once('.').map_or(image.filename.as_str(), |(stem, _)| stem),
        alt => alt,
    };
    // Brackets and line breaks would end the Markdown's alternative text early.
    let alt: String = alt.chars().map(|c| if matches!(c, '[' | ']' | '\n' | '\r') { ' ' } else { c }).collect();
    Ok(format!("![{}]({})", alt.trim(), image_url(&id, image.content_type)))
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
