//! The content studio: articles written, previewed, saved and published in the browser.
//!
//! Where the truth lives: the database keeps every revision the studio saves and which one of
//! each article is published; the content folder stays the base layer that docs-as-code teams
//! edit in git. A published path replaces the folder's file at the same path, or adds one, so the
//! help centre serves the folder with the studio's publications on top, and `atrium
//! export-content` writes that merged set back as files in the folder's own format.

mod export;
mod form;
mod review;
mod revisions;

pub use export::export;
pub use form::{diff, ArticleForm, Change, ChangedLine};
pub use review::{
    approve, notes, publish_due, publishers, request as request_review, review, reviews, send_back, Approved, Note, Review, ReviewState, Step, PUBLISHERS,
};
pub use revisions::{history, latest_numbers, publish, published, restore, revision, save, Revision, StudioError};

use crate::identity::{Role, User};

/// The vendor's content team and super administrators write the shared documentation.
pub fn may_edit(user: &User) -> bool {
    matches!(user.role, Role::ContentEditor | Role::SuperAdmin)
}

/// Reviewing and publishing is a right of its own, checked on the server whatever the page
/// offers: super administrators, and content editors in the publishers' access group.
pub fn may_publish(user: &User) -> bool {
    user.role == Role::SuperAdmin || (user.role == Role::ContentEditor && user.groups.iter().any(|g| g == PUBLISHERS))
}

/// `<language>/<module>/<slug>.md`, the path of an article in the content folder.
pub fn article_path(language: &str, module: &str, slug: &str) -> String {
    format!("{language}/{module}/{slug}.md")
}

/// The language, module and slug of an article path, if it is one: three names of lower-case
/// letters, digits and dashes, so that no path from a form or a URL leads out of the content
/// folder (`..`, absolute paths, backslashes).
pub fn split_path(path: &str) -> Option<(&str, &str, &str)> {
    let mut parts = path.split('/');
    let (language, module, file) = (parts.next()?, parts.next()?, parts.next()?);
    let slug = file.strip_suffix(".md")?;
    let name = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    (parts.next().is_none() && name(language) && name(module) && name(slug)).then_some((language, module, slug))
}

#[cfg(test)]
mod tests;
