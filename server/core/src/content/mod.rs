//! The documentation: Markdown files with YAML front matter under
//! `content/<locale>/<module>/<slug>.md`, module descriptors under `content/_modules/<module>.yml`.
//! A customer's own articles, read on their tenant alone, live under
//! `content/_tenants/<tenant>/<locale>/<module>/<slug>.md`.

mod feed;
mod loader;
mod markdown;
mod model;
mod release;
mod store;
pub mod studio;

pub use feed::articles_atom;
pub use loader::{load, load_with, with_changes};
pub use markdown::{render, Rendered, TocEntry};
pub use model::*;

/// `content/<locale>/releases/`: release notes, not a module.
pub const RELEASES_FOLDER: &str = "releases";

/// `content/_modules/<module>.yml`: each module's descriptor.
pub const MODULES_FOLDER: &str = "_modules";

/// `content/_tenants/<tenant>/`: the articles a customer administrator wrote for their company.
pub const TENANTS_FOLDER: &str = "_tenants";

/// The tenant a content path belongs to and the path inside that tenant's folder; the vendor's
/// shared documentation has no tenant.
pub fn split_tenant(path: &str) -> (Option<&str>, &str) {
    let Some(rest) = path.strip_prefix(TENANTS_FOLDER).and_then(|r| r.strip_prefix('/')) else { return (None, path) };
    match rest.split_once('/') {
        Some((tenant, inner)) if !tenant.is_empty() => (Some(tenant), inner),
        _ => (None, path),
    }
}

/// The content path of `inner` (`<locale>/<module>/<slug>.md`) for `tenant`'s own articles, or
/// the vendor's.
pub fn tenant_path(tenant: Option<&str>, inner: &str) -> String {
    match tenant {
        Some(t) => format!("{TENANTS_FOLDER}/{t}/{inner}"),
        None => inner.to_string(),
    }
}
pub use release::{atom as release_atom, FeatureState, ReleaseFeature, ReleaseNote};
pub use store::{ArticleLookup, ContentStore, ReviewReason, TranslationState};
