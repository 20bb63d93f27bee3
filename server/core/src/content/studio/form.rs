//! The editor's form: the front matter as fields and the Markdown body, checked with the same
//! rules as the content folder, and written as the same file text.

use super::super::{loader, markdown, model::*, ContentStore};
use crate::form::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the editor posts, and what a refused or previewed form is kept as.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleForm {
    /// The customer whose own article this is, empty for the vendor's: set on the server from
    /// who is editing, never from what a form posts.
    pub tenant: String,
    pub language: String,
    pub module: String,
    pub slug: String,
    /// The revision the editor started from; 0 for a new article or a file never saved here.
    pub base: i64,
    /// A new article: its path must not be taken yet.
    pub new: bool,
    pub title: String,
    pub summary: String,
    /// Comma-separated, as typed.
    pub tags: String,
    pub order: String,
    pub visibility: String,
    pub groups: String,
    pub versions: String,
    pub translation_key: String,
    pub body: String,
    /// For a translation: the English article's date it was last brought in line with, as kept.
    pub source_updated: String,
    /// The translator says it now matches the current English article.
    pub in_sync: bool,
    pub owner: String,
    /// `YYYY-MM-DD`, or empty.
    pub review_by: String,
}

/// The front matter as the studio writes it: only what differs from the defaults.
#[derive(Serialize)]
struct WrittenFrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    updated: NaiveDate,
    order: i32,
    #[serde(skip_serializing_if = "is_public")]
    visibility: &'a Visibility,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    versions: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_updated: Option<NaiveDate>,
    #[serde(skip_serializing_if = "str::is_empty")]
    owner: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: Option<NaiveDate>,
}

fn is_public(v: &&Visibility) -> bool {
    **v == Visibility::Public
}

fn list(text: &str) -> Vec<&str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

impl ArticleForm {
    pub fn path(&self) -> String {
        super::article_path(self.tenant(), &self.language, &self.module, &self.slug)
    }

    fn tenant(&self) -> Option<&str> {
        Some(self.tenant.as_str()).filter(|t| !t.is_empty())
    }

    /// The form for an article's file text, as the editor opens it.
    pub fn from_text(path: &str, text: &str, base: i64) -> Option<ArticleForm> {
        let (language, module, slug) = super::split_path(path)?;
        let (front, body) = loader::split_front_matter(path, text).ok()?;
        let fm: FrontMatter = serde_yaml_ng::from_str(front).ok()?;
        Some(ArticleForm {
            tenant: crate::content::split_tenant(path).0.unwrap_or_default().to_string(),
            language: language.into(),
            module: module.into(),
            slug: slug.into(),
            base,
            new: false,
            title: fm.title,
            summary: fm.summary,
            tags: fm.tags.join(", "),
            order: fm.order.to_string(),
            visibility: visibility_key(&fm.visibility).into(),
            groups: fm.groups.join(", "),
            versions: fm.versions.join(", "),
            translation_key: fm.translation_key.unwrap_or_default(),
            body: body.to_string(),
            // A translation never brought in line in the studio matches its source as of its own date.
            source_updated: fm.source_updated.unwrap_or(fm.updated).to_string(),
            in_sync: false,
            owner: fm.owner.unwrap_or_default(),
            review_by: fm.review_by.map(|d| d.to_string()).unwrap_or_default(),
        })
    }

    /// The article's file text dated `updated`, or every problem next to its field. Links to
    /// other articles must lead to one in `store` (or to this one); a new article's path must be
    /// free there and among `saved_paths`.
    pub fn check(&self, store: &ContentStore, saved_paths: &[String], updated: NaiveDate) -> Result<String, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !store.has_language(&self.language) {
            errors.push(FieldError::new("language", "unknown"));
        }
        let module = store.module(&self.module);
        if module.is_none() {
            errors.push(FieldError::new("module", "unknown"));
        }
        if self.slug.is_empty() || !self.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            errors.push(FieldError::new("slug", "invalid"));
        } else if self.new && self.taken(store, saved_paths) {
            errors.push(FieldError::new("slug", "taken"));
        }
        if self.title.trim().is_empty() {
            errors.push(FieldError::new("title", "required"));
        }
        let order = match self.order.trim() {
            "" => 100,
            o => o.parse::<i32>().unwrap_or_else(|_| {
                errors.push(FieldError::new("order", "number"));
                100
            }),
        };
        let visibility = match self.visibility.as_str() {
            "" | "public" => Visibility::Public,
            "signed-in" => Visibility::SignedIn,
            "restricted" => Visibility::Restricted,
            _ => {
                errors.push(FieldError::new("visibility", "unknown"));
                Visibility::Public
            }
        };
        if visibility == Visibility::Restricted && list(&self.groups).is_empty() {
            errors.push(FieldError::new("groups", "required-restricted"));
        }
        if let Some(module) = module {
            for v in list(&self.versions).into_iter().filter(|v| !module.descriptor.versions.iter().any(|k| k.version == *v)) {
                errors.push(FieldError::with_detail("versions", "unknown", v));
            }
        }
        let review_by = match self.review_by.trim() {
            "" => None,
            d => d.parse::<NaiveDate>().map(Some).unwrap_or_else(|_| {
                errors.push(FieldError::new("review_by", "date"));
                None
            }),
        };
        if markdown::too_deep(&self.body).is_some() {
            errors.push(FieldError::new("body", "too-deep"));
        } else {
            // Broken links are told with the other problems, not only once those are fixed.
            let links = markdown::render(&self.body, &self.language, &self.module).article_links;
            errors.extend(self.broken(store, &links));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let key = self.translation_key.trim();
        let front = WrittenFrontMatter {
            owner: self.owner.trim(),
            review_by,
            source_updated: self.source_updated(store),
            title: self.title.trim(),
            summary: self.summary.trim(),
            tags: list(&self.tags),
            updated,
            order,
            visibility: &visibility,
            groups: list(&self.groups),
            translation_key: (!key.is_empty() && key != self.slug).then_some(key),
            versions: list(&self.versions),
        };
        let yaml = serde_yaml_ng::to_string(&front).map_err(|_| vec![FieldError::new("body", "invalid")])?;
        let body = self.body.replace("\r\n", "\n");
        let text = format!("---\n{yaml}---\n{}\n", body.trim_end());
        let path = self.path();
        match loader::parse_article(&path, &text, store.modules()) {
            Ok(_) => Ok(text),
            Err(problems) => Err(problems.into_iter().map(|p| FieldError::with_detail("body", "invalid", &p.message)).collect()),
        }
    }

    /// Whether a new article's address is in use: in its own scope, or, for a customer's own
    /// article, by the vendor's documentation, which a customer's article never hides.
    fn taken(&self, store: &ContentStore, saved_paths: &[String]) -> bool {
        let vendor = super::article_path(None, &self.language, &self.module, &self.slug);
        saved_paths.contains(&self.path())
            || store.path_taken(self.tenant(), &self.language, &self.module, &self.slug)
            || (self.tenant().is_some() && (saved_paths.contains(&vendor) || store.path_taken(None, &self.language, &self.module, &self.slug)))
    }

    /// The English article this one translates, if it is a translation of one.
    pub fn source<'s>(&self, store: &'s ContentStore) -> Option<&'s std::sync::Arc<Article>> {
        if self.language == crate::FALLBACK_LOCALE {
            return None;
        }
        let key = match self.translation_key.trim() {
            "" => self.slug.as_str(),
            key => key,
        };
        store.translation_in(self.tenant(), &self.module, key, crate::FALLBACK_LOCALE)
    }

    /// What a save records as the English date this translation matches: today's English article
    /// when the translator says so, else what it recorded before.
    fn source_updated(&self, store: &ContentStore) -> Option<NaiveDate> {
        let source = self.source(store)?;
        if self.in_sync {
            return Some(source.updated);
        }
        self.source_updated.trim().parse().ok()
    }

    /// A problem for each link to an article that is neither in `store` nor this one.
    fn broken(&self, store: &ContentStore, links: &[(String, String, usize)]) -> Vec<FieldError> {
        links
            .iter()
            .filter(|(m, s, _)| {
                let itself = m == &self.module && s == &self.slug;
                !itself && !store.exists_or_falls_back(self.tenant(), &self.language, m, s)
            })
            .map(|(m, s, _)| FieldError::with_detail("body", "broken-link", &format!("{m}/{s}")))
            .collect()
    }

    /// The body as readers will see it: the published page's renderer and sanitiser.
    pub fn preview_html(&self) -> String {
        markdown::render(&self.body, &self.language, &self.module).html
    }
}

fn visibility_key(v: &Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::SignedIn => "signed-in",
        Visibility::Restricted => "restricted",
    }
}

/// One line of a comparison between two revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Same,
    Removed,
    Added,
    /// Unchanged lines left out between two changes.
    Gap,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedLine {
    pub change: Change,
    pub text: String,
}

/// The lines that differ from `old` to `new`, with three lines around each change.
pub fn diff(old: &str, new: &str) -> Vec<ChangedLine> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(ChangedLine { change: Change::Gap, text: String::new() });
        }
        for op in group {
            for c in diff.iter_changes(op) {
                let change = match c.tag() {
                    similar::ChangeTag::Equal => Change::Same,
                    similar::ChangeTag::Delete => Change::Removed,
                    similar::ChangeTag::Insert => Change::Added,
                };
                out.push(ChangedLine { change, text: c.value().trim_end_matches('\n').to_string() });
            }
        }
    }
    out
}
