//! The release-note editor's form: the note's front matter as fields, its features as rows,
//! written as the content folder's own release-note file and checked by the same reader.

use super::super::{
    loader, markdown,
    release::{ReleaseFrontMatter, ReleaseNote},
    ContentStore, FeatureState, ReleaseFeature, RELEASES_FOLDER,
};
use crate::form::FieldError;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// Empty feature rows the editor offers below the note's own, so that features are added
/// without JavaScript.
pub const FREE_FEATURE_ROWS: usize = 3;

/// One feature as the editor shows it; a row without a title is left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureRow {
    pub title: String,
    pub module: String,
    /// `active` or `delivered-deactivated`.
    pub state: String,
    pub activation: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReleaseForm {
    pub language: String,
    pub slug: String,
    pub base: i64,
    pub new: bool,
    pub title: String,
    pub version: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `YYYY-MM-DDTHH:MM` in the service's time zone, or empty for the release date at midnight.
    pub publish_at: String,
    /// Comma-separated module folders.
    pub modules: String,
    pub summary: String,
    /// `YYYY-MM-DD`, or empty.
    pub reminder_on: String,
    pub features: Vec<FeatureRow>,
    pub body: String,
    /// For a translation: the English note's `updated` day it was last brought in line with.
    pub source_updated: String,
    /// The translator says it now follows today's English note.
    pub in_sync: bool,
}

#[derive(Serialize)]
struct WrittenRelease<'a> {
    title: &'a str,
    version: &'a str,
    date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    publish_at: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    modules: Vec<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reminder_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    features: Vec<ReleaseFeature>,
    updated: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_updated: Option<NaiveDate>,
}

fn list(text: &str) -> Vec<&str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// `<language>/releases/<slug>.md`, and back.
pub fn release_path(language: &str, slug: &str) -> String {
    format!("{language}/{RELEASES_FOLDER}/{slug}.md")
}

/// The language and slug of a release note's path, if it is one (never a customer's).
pub fn split_release_path(path: &str) -> Option<(&str, &str)> {
    match super::split_path(path)? {
        (language, RELEASES_FOLDER, slug) if !path.starts_with(crate::content::TENANTS_FOLDER) => Some((language, slug)),
        _ => None,
    }
}

impl ReleaseForm {
    pub fn path(&self) -> String {
        release_path(&self.language, &self.slug)
    }

    /// The form for a release note's file text, its times shown in `tz`.
    pub fn from_text(path: &str, text: &str, base: i64, tz: chrono_tz::Tz) -> Option<ReleaseForm> {
        let (language, slug) = split_release_path(path)?;
        let (front, body) = loader::split_front_matter(path, text).ok()?;
        let fm: ReleaseFrontMatter = serde_yaml_ng::from_str(front).ok()?;
        let publish_at = fm
            .publish_at
            .as_deref()
            .and_then(|raw| chrono::DateTime::parse_from_rfc3339(raw.trim()).ok())
            .map(|t| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string())
            .unwrap_or_default();
        Some(ReleaseForm {
            language: language.into(),
            slug: slug.into(),
            base,
            new: false,
            title: fm.title,
            version: fm.version,
            date: fm.date.to_string(),
            publish_at,
            modules: fm.modules.join(", "),
            summary: fm.summary,
            reminder_on: fm.reminder_on.map(|d| d.to_string()).unwrap_or_default(),
            features: fm
                .features
                .into_iter()
                .map(|f| FeatureRow {
                    title: f.title,
                    module: f.module.unwrap_or_default(),
                    state: f.state.key().into(),
                    activation: f.activation.unwrap_or_default(),
                })
                .collect(),
            body: body.to_string(),
            source_updated: fm.source_updated.or(fm.updated).map(|d| d.to_string()).unwrap_or_default(),
            in_sync: false,
        })
    }

    /// The English note this one translates: the English note of the same address.
    pub fn source<'s>(&self, store: &'s ContentStore) -> Option<&'s std::sync::Arc<ReleaseNote>> {
        if self.language == crate::FALLBACK_LOCALE {
            return None;
        }
        store.all_releases().find(|r| r.locale == crate::FALLBACK_LOCALE && r.slug == self.slug)
    }

    /// What a save records as the English day this translation follows: the English note's
    /// when the translator says so, else what it recorded before.
    fn source_updated(&self, store: &ContentStore) -> Option<NaiveDate> {
        let source = self.source(store)?;
        if self.in_sync {
            return Some(source.updated);
        }
        self.source_updated.trim().parse().ok()
    }

    /// The note's file text, dated `updated`, or every problem next to its field. A new note's
    /// path must be free in `store` and among `saved_paths`; times are read in `tz`.
    pub fn check(&self, store: &ContentStore, saved_paths: &[String], tz: chrono_tz::Tz, updated: NaiveDate) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !store.has_language(&self.language) {
            errors.push(FieldError::new("language", "unknown"));
        }
        if self.slug.is_empty() || !self.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            errors.push(FieldError::new("slug", "invalid"));
        } else if self.new && (saved_paths.contains(&self.path()) || store.all_releases().any(|r| r.locale == self.language && r.slug == self.slug)) {
            errors.push(FieldError::new("slug", "taken"));
        }
        for (field, value) in [("title", &self.title), ("version", &self.version)] {
            if value.trim().is_empty() {
                errors.push(FieldError::new(field, "required"));
            }
        }
        let date = self.date.trim().parse::<NaiveDate>().map_err(|_| errors.push(FieldError::new("date", "date"))).ok();
        // The day readers first see the note: its own, or the release date.
        let mut shown_on = date;
        let publish_at = match self.publish_at.trim() {
            "" => None,
            local => match NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").ok().and_then(|t| tz.from_local_datetime(&t).earliest()) {
                Some(t) => {
                    shown_on = Some(t.date_naive());
                    Some(t.fixed_offset().to_rfc3339())
                }
                None => {
                    errors.push(FieldError::new("publish_at", "date"));
                    None
                }
            },
        };
        let reminder_on = match self.reminder_on.trim() {
            "" => None,
            d => match d.parse::<NaiveDate>() {
                // The reminder mails a link to the note: readers must see it by then.
                Ok(r) if shown_on.is_some_and(|s| s > r) && date.is_some_and(|date| r < date) => {
                    errors.push(FieldError::new("publish_at", "after-reminder"));
                    None
                }
                Ok(r) if date.is_none_or(|date| r < date) => Some(r),
                Ok(_) => {
                    errors.push(FieldError::new("reminder_on", "after-release"));
                    None
                }
                Err(_) => {
                    errors.push(FieldError::new("reminder_on", "date"));
                    None
                }
            },
        };
        for m in list(&self.modules).into_iter().filter(|m| store.module(m).is_none()) {
            errors.push(FieldError::with_detail("modules", "unknown", m));
        }
        let mut features = Vec::new();
        for row in self.features.iter().filter(|r| !r.title.trim().is_empty()) {
            let state = match row.state.as_str() {
                "delivered-deactivated" => FeatureState::DeliveredDeactivated,
                _ => FeatureState::Active,
            };
            let module = Some(row.module.trim()).filter(|m| !m.is_empty());
            if module.is_some_and(|m| store.module(m).is_none()) {
                errors.push(FieldError::with_detail("features", "unknown-module", row.title.trim()));
            }
            if state == FeatureState::DeliveredDeactivated && row.activation.trim().is_empty() {
                errors.push(FieldError::with_detail("features", "activation-required", row.title.trim()));
            }
            features.push(ReleaseFeature {
                title: row.title.trim().to_string(),
                module: module.map(str::to_string),
                state,
                activation: Some(row.activation.trim().to_string()).filter(|a| !a.is_empty()),
            });
        }
        if markdown::too_deep(&self.body).is_some() {
            errors.push(FieldError::new("body", "too-deep"));
        }
        let Some(date) = date else { return Err(errors) };
        if !errors.is_empty() {
            return Err(errors);
        }
        let front = WrittenRelease {
            title: self.title.trim(),
            version: self.version.trim(),
            date,
            publish_at,
            modules: list(&self.modules),
            summary: self.summary.trim(),
            reminder_on,
            features,
            updated,
            source_updated: self.source_updated(store),
        };
        let yaml = serde_yaml_ng::to_string(&front).map_err(|_| vec![FieldError::new("body", "invalid")])?;
        let body = self.body.replace("\r\n", "\n");
        let text = format!("---\n{yaml}---\n{}\n", body.trim_end());
        match loader::read_release(&text, &self.path(), &self.language, store.modules()) {
            Ok(_) => Ok(text),
            Err(problem) => Err(vec![FieldError::with_detail("body", "invalid", &problem.message)]),
        }
    }

    /// The body as readers will see it.
    pub fn preview_html(&self) -> String {
        markdown::render(&self.body, &self.language, "").html
    }
}
