//! The studio's image library: every image uploaded into the editor's articles, with what shows
//! it. Removing is the server's form handler (it works without JavaScript); this only reads.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[server(endpoint = "studio-images")]
pub async fn get_image_library(locale: String) -> Result<ImageLibraryView, AppError> {
    use super::ssr::*;
    use atrium_core::content::studio;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = super::studio::editor()?;
    let state = state()?;
    let store = state.content();
    let scope = studio::scope(&session.user);
    let tz = state.tickets.calendar.tz.name();
    let now = state.clock.now();
    let images = studio::library(&state.pool, &store, scope.as_deref())
        .await?
        .into_iter()
        .map(|image| {
            let used_in = image.used_in.iter().map(|(path, title)| (title.clone(), studio::editor_address(&locale, path))).collect();
            LibraryImageRow {
                markdown: image.markdown(),
                removable: image.removable(now),
                id: image.id,
                url: image.url,
                filename: image.filename,
                size_kb: (image.size + 1023) / 1024,
                uploaded_by: image.uploaded_by,
                uploaded_at: atrium_core::maintenance::local_time(image.created_at, tz),
                used_in,
            }
        })
        .collect();
    Ok(ImageLibraryView { company: super::studio::company(&session, &tenant), images })
}
