//! What the content studio's pages show.

use serde::{Deserialize, Serialize};

/// The editor's fields, as typed (the same as the server's `ArticleForm`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleFormValues {
    pub language: String,
    pub module: String,
    pub slug: String,
    pub base: i64,
    pub new: bool,
    pub title: String,
    pub summary: String,
    pub tags: String,
    pub order: String,
    pub visibility: String,
    pub groups: String,
    pub versions: String,
    pub translation_key: String,
    pub body: String,
    pub source_updated: String,
    pub in_sync: bool,
    pub owner: String,
    pub review_by: String,
}

/// An article on the "needs review" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsReviewRow {
    pub path: String,
    pub title: String,
    pub module_title: String,
    pub owner: String,
    /// `due` (its review date has come) or `release` (a release note touched its module).
    pub reason: String,
    pub date: String,
    pub version: String,
}

/// The English article a translation is made from, shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationSource {
    pub title: String,
    pub updated: String,
    pub body: String,
    /// The English article changed after the translation was last brought in line with it.
    pub newer: bool,
}

/// One English article on the translations dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationRow {
    pub module_title: String,
    pub source_title: String,
    pub source_path: String,
    /// `missing`, `outdated` or `up-to-date`.
    pub state: String,
    pub translation_path: Option<String>,
    pub translation_title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranslationsView {
    pub language: String,
    /// The languages translations are made into: every content language but English.
    pub languages: Vec<(String, String)>,
    pub rows: Vec<TranslationRow>,
    /// The English release notes, newest first; `module_title` holds each one's version.
    pub releases: Vec<TranslationRow>,
}

/// One article in the studio's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudioRow {
    pub path: String,
    pub title: String,
    pub module_title: String,
    /// `folder` (never saved here), `published`, `changed` (saved after its publication) or
    /// `draft` (never published).
    pub state: String,
    pub latest: i64,
}

/// A review in progress, in the studio's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub path: String,
    /// The studio page that edits it: `edit` for an article, `release` for a release note.
    pub editor: String,
    pub title: String,
    /// `in-review`, `changes-requested` or `scheduled`.
    pub state: String,
    pub number: i64,
    pub requester: String,
    pub reviewer: String,
    /// The reader's own turn: a review asked of them, or their article sent back.
    pub yours: bool,
    pub publish_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StudioListView {
    /// For a customer administrator: their company's name, whose own articles the list holds.
    pub company: Option<String>,
    pub reviews: Vec<ReviewRow>,
    pub needs_review: Vec<NeedsReviewRow>,
    pub time_zone: String,
    pub language: String,
    /// Code and native name of each language content can be written in.
    pub languages: Vec<(String, String)>,
    pub modules: Vec<(String, String)>,
    pub rows: Vec<StudioRow>,
    /// The language's release notes, newest first; empty for a customer administrator.
    pub releases: Vec<super::ReleaseRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StudioEditorView {
    /// For a customer administrator: their company's name, the only tenant the article is read on.
    pub company: Option<String>,
    pub form: ArticleFormValues,
    pub errors: Vec<super::FieldProblem>,
    /// The body rendered and sanitised as readers will get it.
    pub preview_html: String,
    pub languages: Vec<(String, String)>,
    pub modules: Vec<(String, String)>,
    /// The article's newest revision and the published one (0: none).
    pub latest: i64,
    pub published: i64,
    /// Where readers find it, once it is served.
    pub live_href: Option<String>,
    pub can_publish: bool,
    pub review: ReviewParts,
    /// Images already in the library that may be inserted: (id, file name).
    pub library: Vec<(String, String)>,
    pub time_zone: String,
    /// For a translation: its English source.
    pub source: Option<TranslationSource>,
}

/// The review parts of a studio editor, an article's or a release note's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewParts {
    /// This tenant's publishers the editor may ask for a review: (id, name).
    pub reviewers: Vec<(String, String)>,
    pub current: Option<ReviewRow>,
    /// The review thread, oldest first.
    pub notes: Vec<ReviewNote>,
    /// The signed-in reader is the one to approve or send back.
    pub may_decide: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewNote {
    pub number: i64,
    /// `request`, `changes` or `approved`.
    pub kind: String,
    pub author: String,
    pub body: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: i64,
    pub author: String,
    /// Local time in the service's time zone, and the zone's name.
    pub at: String,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffRow {
    /// `same`, `removed`, `added` or `gap`.
    pub change: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StudioHistoryView {
    pub path: String,
    pub title: String,
    pub revisions: Vec<RevisionRow>,
    /// The two revisions compared (0: the content folder's file, or nothing).
    pub from: i64,
    pub to: i64,
    pub diff: Vec<DiffRow>,
    pub latest: i64,
    pub time_zone: String,
    /// The editor the revisions belong to: `release` for a release note, else `edit`.
    /// The studio page that edits it, with its query.
    pub editor_href: String,
}

/// One row of the content-gap report: a query to write an article for, or an article to fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapRow {
    /// `query` or `article`.
    pub kind: String,
    pub title: String,
    /// The article to edit, or a new one started from the query.
    pub href: String,
    pub score: i64,
    pub no_results: i64,
    pub tickets_after: i64,
    pub not_helpful: i64,
    pub missing: Vec<String>,
    pub suggested_then_filed: i64,
    /// `YYYY-MM-DD`, or empty.
    pub review_due: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GapsView {
    pub language: String,
    pub languages: Vec<(String, String)>,
    pub rows: Vec<GapRow>,
}

/// One image of the studio's library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryImageRow {
    pub id: String,
    pub url: String,
    pub filename: String,
    pub size_kb: i64,
    pub uploaded_by: String,
    pub uploaded_at: String,
    /// (title or path, editor address) of what shows it.
    pub used_in: Vec<(String, String)>,
    /// Unused and past its grace day: may be removed.
    pub removable: bool,
    /// What to paste into an article to show it.
    pub markdown: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageLibraryView {
    /// For a customer administrator: their company's name, whose images these are.
    pub company: Option<String>,
    pub images: Vec<LibraryImageRow>,
}

/// The module editor's values: each language as (code, name, title, description).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModuleFormValues {
    pub folder: String,
    pub base: i64,
    pub order: String,
    pub icon: String,
    pub texts: Vec<(String, String, String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModuleEditorView {
    pub form: ModuleFormValues,
    pub path: String,
    /// The module's title in the interface language, as readers see it now.
    pub title: String,
    pub errors: Vec<super::FieldProblem>,
    pub latest: i64,
    pub published: i64,
    pub can_publish: bool,
}
