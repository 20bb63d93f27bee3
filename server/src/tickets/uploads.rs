//! Files from multipart forms: read with a cap, and checked off the async workers.

use atrium_core::ticket::attachment;
use axum::extract::multipart::Field;

/// Decoding an image takes milliseconds of CPU and up to the pixel budget in memory (and
/// reading an archive's directory a little): checks run on the blocking pool, at most two at
/// once, so readers' pages keep the async workers.
async fn off_the_workers(
    check: impl FnOnce() -> Result<attachment::Attachment, attachment::UploadError> + Send + 'static,
) -> Result<attachment::Attachment, attachment::UploadError> {
    static CHECKING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _permit = CHECKING.acquire().await.map_err(|_| attachment::UploadError::NotAnImage)?;
    tokio::task::spawn_blocking(check).await.unwrap_or(Err(attachment::UploadError::NotAnImage))
}

/// An image for an article: PNG, JPEG or WebP only.
pub async fn check_off_the_workers(filename: String, bytes: Vec<u8>) -> Result<attachment::Attachment, attachment::UploadError> {
    off_the_workers(move || attachment::check_screenshot(&filename, bytes)).await
}

/// A file attached to a ticket or comment: any accepted kind, up to `max_bytes`.
pub async fn check_attachment_off_the_workers(filename: String, bytes: Vec<u8>, max_bytes: usize) -> Result<attachment::Attachment, attachment::UploadError> {
    off_the_workers(move || atrium_core::ticket::documents::check_attachment(&filename, bytes, max_bytes)).await
}

/// The field's bytes, or `None` once they pass `cap` (the rest is drained unread).
pub async fn read_capped(mut field: Field<'_>, cap: usize) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut over = false;
    while let Ok(Some(chunk)) = field.chunk().await {
        if !over && bytes.len() + chunk.len() > cap {
            over = true;
            bytes = Vec::new();
        }
        if !over {
            bytes.extend_from_slice(&chunk);
        }
    }
    (!over).then_some(bytes)
}
