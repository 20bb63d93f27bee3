//! The documentation: Markdown files with YAML front matter under
//! `content/<locale>/<module>/<slug>.md`, module descriptors under `content/_modules/<module>.yml`.

mod loader;
mod markdown;
mod model;
mod release;
mod store;
pub mod studio;

pub use loader::{load, load_with};
pub use markdown::{render, Rendered, TocEntry};
pub use model::*;

/// `content/<locale>/releases/`: release notes, not a module.
pub const RELEASES_FOLDER: &str = "releases";
pub use release::{atom as release_atom, FeatureState, ReleaseFeature, ReleaseNote};
pub use store::{ArticleLookup, ContentStore, ReviewReason, TranslationState};
