//! Files from multipart forms: read with a cap, and checked off the async workers.

use atrium_core::ticket::attachment;
use axum::extract::multipart::Field;

/// Decoding an image takes milliseconds of CPU and up to the pixel budget in memory: it runs on
/// the blocking pool, at most two at once, so readers' pages keep the async workers.
pub async fn check_off_the_workers(filename: String, bytes: Vec<u8>) -> Result<attachment::Screenshot, attachment::UploadError> {
    static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);
    let _permit = DECODING.acquire().await.map_err(|_| attachment::UploadError::NotAnImage)?;
    tokio::task::spawn_blocking(move || attachment::check_screenshot(&filename, bytes)).await.unwrap_or(Err(attachment::UploadError::NotAnImage))
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
