//! The documentation: Markdown files with YAML front matter under
//! `content/<locale>/<module>/<slug>.md`, module descriptors under `content/_modules/<module>.yml`.

mod loader;
mod markdown;
mod model;
mod store;

pub use loader::{load, ContentProblem};
pub use markdown::{render, Rendered, TocEntry};
pub use model::*;
pub use store::{ArticleLookup, ContentStore};
