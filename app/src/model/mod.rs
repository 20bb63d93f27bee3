//! What the server functions return to the pages: plain serialisable view models, so the pages
//! (and the WASM islands) never depend on the server's domain types.

use serde::{Deserialize, Serialize};

/// The tenant's name and colour shown in the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Brand {
    pub name: String,
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleCard {
    pub folder: String,
    pub title: String,
    pub description: String,
    pub icon: String,
    pub article_count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleLink {
    pub path: String,
    pub title: String,
    pub summary: String,
    pub module_title: String,
    pub updated: String,
    /// An English article standing in for a missing translation.
    pub fallback: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub modules: Vec<ModuleCard>,
    pub recently_updated: Vec<ArticleLink>,
    /// The latest published release notes, newest first.
    pub latest_releases: Vec<ReleaseLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseLink {
    pub title: String,
    pub path: String,
    pub version: String,
    /// `YYYY-MM-DD`, shown in a `<time>`.
    pub date: String,
    pub summary: String,
    /// An English note standing in for a missing translation.
    pub fallback: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionRow {
    pub version: String,
    pub released: String,
    /// standard | end-of-sale | extended | end-of-support
    pub phase: String,
    pub next_change: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleView {
    pub folder: String,
    pub title: String,
    pub description: String,
    pub articles: Vec<ArticleLink>,
    pub versions: Vec<VersionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocItem {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleView {
    /// The locale the article is written in (English when it stands in for a translation).
    pub content_locale: String,
    pub module: String,
    pub module_title: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub html: String,
    pub toc: Vec<TocItem>,
    pub updated: String,
    pub fallback: bool,
    /// For a translation older than its English source: that article's path and date.
    pub newer_source: Option<(String, String)>,
    /// Set when the article is about versions past Standard support.
    pub upgrade: Option<UpgradeAdviceView>,
    /// Locale code → path of that locale's version (or the path that falls back to English).
    pub translations: Vec<(String, String)>,
    /// Set when the URL used another locale's slug: the page redirects there.
    pub redirect: Option<String>,
    /// Set after a vote without JavaScript: the page shows the thank-you state.
    pub helpful_votes: (i64, i64),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpgradeAdviceView {
    pub version: String,
    /// end-of-sale | extended | end-of-support
    pub phase: String,
    pub recommended: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Where the result link goes: through the click log, then to the article.
    pub href: String,
    pub path: String,
    pub title: String,
    pub module_title: String,
    /// Escaped text with `<mark>` around the matched words.
    pub snippet_html: String,
    pub fallback: bool,
    /// `article` or `release`.
    pub doc_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleFacet {
    pub folder: String,
    pub title: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchView {
    pub query: String,
    pub module: Option<String>,
    /// `article` or `release` when the reader filtered by type.
    pub doc_type: Option<String>,
    /// Type → matching documents, for the type facet.
    pub types: Vec<(String, i64)>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub hits: Vec<SearchHit>,
    pub facets: Vec<ModuleFacet>,
    pub did_you_mean: Option<String>,
}

/// One entry of the search-as-you-type list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub path: String,
    pub title: String,
    pub module_title: String,
}

/// One row of the search insights table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryRow {
    pub query: String,
    pub searches: i64,
    pub zero_results: i64,
    pub clicks: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsightsView {
    pub module: Option<String>,
    pub modules: Vec<(String, String)>,
    pub top: Vec<QueryRow>,
    pub zero_results: Vec<QueryRow>,
    /// Articles suggested by the ticket form that answered the reader: (path, title, readers).
    pub deflections: Vec<(String, String, i64)>,
}

mod accounts;
mod maintenance;
mod releases;
mod studio;
mod studio_release;
mod surveys;
mod tickets;
pub use accounts::*;
pub use maintenance::*;
pub use releases::*;
pub use studio::*;
pub use studio_release::*;
pub use surveys::*;
pub use tickets::*;
