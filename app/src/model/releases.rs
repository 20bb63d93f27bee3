//! View models of the release notes page.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseFeatureView {
    pub title: String,
    pub module_title: Option<String>,
    /// `active` or `delivered-deactivated`.
    pub state: String,
    pub activation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseNoteView {
    pub slug: String,
    pub title: String,
    pub version: String,
    pub date: String,
    pub modules: Vec<String>,
    pub summary: String,
    pub features: Vec<ReleaseFeatureView>,
    /// Rendered from Markdown and sanitised on the server.
    pub html: String,
    /// An English note standing in for a missing translation.
    pub fallback: bool,
    /// For a translation the English note changed after: that note's address and its day.
    pub newer_source: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleasesView {
    pub notes: Vec<ReleaseNoteView>,
    /// (folder, title) of every module, for the filter.
    pub modules: Vec<(String, String)>,
    /// Every published version, newest first, for the filter.
    pub versions: Vec<String>,
    pub module: String,
    pub version: String,
}
