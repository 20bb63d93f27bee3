//! Release notes: the list filtered by module and version, and one note. Scheduled notes are
//! left out until their `publish_at`, read against the clock on every request.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn note_view(note: &atrium_core::content::ReleaseNote, fallback: bool, store: &atrium_core::content::ContentStore, locale: &str) -> ReleaseNoteView {
    let title = |m: &str| store.module(m).map(|x| x.title(locale)).unwrap_or_else(|| m.to_string());
    ReleaseNoteView {
        slug: note.slug.clone(),
        title: note.title.clone(),
        version: note.version.clone(),
        date: note.date.to_string(),
        modules: note.modules.iter().map(|m| title(m)).collect(),
        summary: note.summary.clone(),
        features: note
            .features
            .iter()
            .map(|f| ReleaseFeatureView {
                title: f.title.clone(),
                module_title: f.module.as_deref().map(title),
                state: f.state.key().into(),
                activation: f.activation.clone(),
            })
            .collect(),
        html: note.html.clone(),
        fallback,
        newer_source: store.newer_release_source(note).map(|en| (en.path(), en.updated.to_string())),
    }
}

/// A version filter matches the version itself and the versions of its line (`2026.2` matches
/// `2026.2.6`).
#[cfg(feature = "ssr")]
fn version_matches(filter: &str, version: &str) -> bool {
    version == filter || version.strip_prefix(filter).is_some_and(|rest| rest.starts_with('.'))
}

#[server(endpoint = "releases")]
pub async fn get_releases(locale: String, module: Option<String>, version: Option<String>) -> Result<ReleasesView, AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let published = store.releases(&locale, state.clock.now());
    let module = module.filter(|m| store.module(m).is_some()).unwrap_or_default();
    let version = version.map(|v| v.trim().to_string()).unwrap_or_default();
    let mut versions: Vec<String> = Vec::new();
    for (note, _) in &published {
        if !versions.contains(&note.version) {
            versions.push(note.version.clone());
        }
    }
    let notes = published
        .iter()
        .filter(|(n, _)| module.is_empty() || n.modules.contains(&module))
        .filter(|(n, _)| version.is_empty() || version_matches(&version, &n.version))
        .map(|(n, fallback)| note_view(n, *fallback, &store, &locale))
        .collect();
    Ok(ReleasesView { notes, modules: store.modules().iter().map(|m| (m.folder.clone(), m.title(&locale))).collect(), versions, module, version })
}

#[server(endpoint = "release")]
pub async fn get_release(locale: String, slug: String) -> Result<ReleaseNoteView, AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    // A scheduled note is not found before its time, exactly like a missing one.
    let (note, fallback) = store.release(&locale, &slug, state.clock.now()).ok_or(AppError::NotFound)?;
    Ok(note_view(&note, fallback, &store, &locale))
}
