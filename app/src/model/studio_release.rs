//! What the release-note editor shows.

use serde::{Deserialize, Serialize};

/// One feature row of the editor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureValues {
    pub title: String,
    pub module: String,
    pub state: String,
    pub activation: String,
}

/// The release-note form's values, as typed or as saved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseFormValues {
    pub language: String,
    pub slug: String,
    pub base: i64,
    pub new: bool,
    pub title: String,
    pub version: String,
    pub date: String,
    pub publish_at: String,
    pub modules: String,
    pub summary: String,
    pub reminder_on: String,
    /// The note's features, then a few empty rows to add more.
    pub features: Vec<FeatureValues>,
    pub body: String,
    pub source_updated: String,
    pub in_sync: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReleaseEditorView {
    pub form: ReleaseFormValues,
    pub path: String,
    pub errors: Vec<super::FieldProblem>,
    pub preview_html: String,
    pub languages: Vec<(String, String)>,
    /// Folder and title of each module, for the features' module choice.
    pub modules: Vec<(String, String)>,
    pub latest: i64,
    pub published: i64,
    pub can_publish: bool,
    /// Where readers find the note once published.
    pub live_href: Option<String>,
    pub review: super::ReviewParts,
    pub time_zone: String,
    /// For a translation: its English note.
    pub source: Option<super::TranslationSource>,
}

/// A release note in the studio's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseRow {
    pub path: String,
    pub title: String,
    pub version: String,
    pub date: String,
    /// `folder`, `published`, `changed`, `draft` or `scheduled` (published, not yet shown).
    pub state: String,
    pub latest: i64,
}
