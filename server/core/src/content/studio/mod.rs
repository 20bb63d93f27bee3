//! The content studio: articles written, previewed, saved and published in the browser.
//!
//! Where the truth lives: the database keeps every revision the studio saves and which one of
//! each article is published; the content folder stays the base layer that docs-as-code teams
//! edit in git. A published path replaces the folder's file at the same path, or adds one, so the
//! help centre serves the folder with the studio's publications on top, and `atrium
//! export-content` writes that merged set back as files in the folder's own format.

mod export;
mod form;
mod images;
mod module_form;
mod release_form;
mod review;
mod revisions;

pub use export::export;
pub use form::{diff, ArticleForm, Change, ChangedLine};
pub use images::{add_image, choices as image_choices, image, image_url, library, remove_unused, reuse_image, LibraryImage, StoredImage, UNUSED_GRACE_SECS};
pub use module_form::{module_path, split_module_path, ModuleForm, ModuleText};
pub use release_form::{release_path, split_release_path, FeatureRow, ReleaseForm, FREE_FEATURE_ROWS};
pub use review::{
    approve, notes, publish_due, publishers, request as request_review, review, reviews, send_back, Approved, Note, Review, ReviewState, Step, PUBLISHERS,
};
pub use revisions::{history, latest_numbers, numbers, publish, published, restore, revision, save, save_or_reuse, Revision, StudioError};

use crate::identity::{Role, User};

/// The vendor's content team and super administrators write the shared documentation; a
/// customer administrator writes their own company's articles.
pub fn may_edit(user: &User) -> bool {
    matches!(user.role, Role::ContentEditor | Role::SuperAdmin | Role::CustomerAdmin)
}

/// Reviewing and publishing is a right of its own, checked on the server whatever the page
/// offers: super administrators, content editors in the publishers' access group, and a
/// customer administrator for their own company's articles (the only ones they may open).
pub fn may_publish(user: &User) -> bool {
    match user.role {
        Role::SuperAdmin | Role::CustomerAdmin => true,
        Role::ContentEditor => user.groups.iter().any(|g| g == PUBLISHERS),
        _ => false,
    }
}

/// Whose articles `user` writes: their own company's for a customer administrator (`Some`
/// tenant), the vendor's shared documentation for the vendor's team (`None`).
pub fn scope(user: &User) -> Option<String> {
    (user.role == Role::CustomerAdmin).then(|| user.tenant_id.clone())
}

/// Whether `path` is an article `user` may open in the studio: an article path in their
/// [`scope`], so a customer never opens the vendor's articles or another customer's.
pub fn may_open(user: &User, path: &str) -> bool {
    match split_module_path(path) {
        // Module descriptors are the vendor's documentation.
        Some(_) => scope(user).is_none(),
        None => split_path(path).is_some() && crate::content::split_tenant(path).0 == scope(user).as_deref(),
    }
}

/// The studio page that edits `path`: `release` for a release note, `edit` for an article. Mails,
/// lists and redirects all send people to the editor through this.
pub fn editor_page(path: &str) -> &'static str {
    if split_release_path(path).is_some() {
        "release"
    } else if split_module_path(path).is_some() {
        "module"
    } else {
        "edit"
    }
}

/// The address of the studio page that edits `path`, its path (or module) in the query.
pub fn editor_address(locale: &str, path: &str) -> String {
    match split_module_path(path) {
        Some(folder) => format!("/{locale}/studio/module?folder={folder}"),
        // Studio paths hold only lower-case letters, digits, dashes, dots and slashes.
        None => format!("/{locale}/studio/{}?path={path}", editor_page(path)),
    }
}

/// The title in a revision's text, an article's or a release note's.
pub fn title_of(path: &str, text: &str, tz: chrono_tz::Tz) -> Option<String> {
    if split_module_path(path).is_some() {
        let form = ModuleForm::from_text(path, text, 0, &[crate::FALLBACK_LOCALE.to_string()])?;
        return form.texts.into_iter().next().map(|t| t.title);
    }
    match split_release_path(path) {
        Some(_) => ReleaseForm::from_text(path, text, 0, tz).map(|f| f.title),
        None => ArticleForm::from_text(path, text, 0).map(|f| f.title),
    }
}

/// The customer whose own article `path` is, or "" for the vendor's: what export and
/// destruction find a tenant's studio rows by.
pub(crate) fn path_scope(path: &str) -> &str {
    crate::content::split_tenant(path).0.unwrap_or_default()
}

/// `<language>/<module>/<slug>.md`, the path of an article in the content folder, under
/// `_tenants/<tenant>/` for a customer's own.
pub fn article_path(tenant: Option<&str>, language: &str, module: &str, slug: &str) -> String {
    crate::content::tenant_path(tenant, &format!("{language}/{module}/{slug}.md"))
}

/// The language, module and slug of an article path, if it is one: three names of lower-case
/// letters, digits and dashes (after `_tenants/<tenant>/`, a name too), so that no path from a
/// form or a URL leads out of the content folder (`..`, absolute paths, backslashes).
pub fn split_path(path: &str) -> Option<(&str, &str, &str)> {
    let name = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let (tenant, inner) = crate::content::split_tenant(path);
    if tenant.is_some_and(|t| !name(t)) {
        return None;
    }
    let mut parts = inner.split('/');
    let (language, module, file) = (parts.next()?, parts.next()?, parts.next()?);
    let slug = file.strip_suffix(".md")?;
    (parts.next().is_none() && name(language) && name(module) && name(slug)).then_some((language, module, slug))
}

#[cfg(test)]
mod tests;
