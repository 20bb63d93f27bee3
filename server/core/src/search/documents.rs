//! What the index holds of each article and release note, and what a hit shows of it. A hit's
//! title, summary and text come from the content already in memory (through `Entry`), not from
//! the index's document store: the index keeps no copy of them, and a hit costs no decompression.

use super::{Fields, TEXT_FIELDS};
use crate::content::{Article, ReleaseNote, Visibility};
use std::sync::Arc;
use tantivy::{schema::Facet, TantivyDocument};

/// How much of a text snippets are cut from.
const EXCERPT_BYTES: usize = 6000;

/// Every article and release note of `store` with the locales it is found in, in the index's
/// stable order.
pub(crate) fn of_store(store: &crate::content::ContentStore) -> Vec<(Entry, Vec<&str>)> {
    let articles = store.articles_by_reading_locale().into_iter().map(|(a, reading)| (Entry::Article(a), reading));
    let releases = store.releases_by_reading_locale().into_iter().map(|(n, reading)| (Entry::release(n), reading));
    articles.chain(releases).collect()
}

/// (publishing time, key) of every release note still in the index.
pub(crate) fn scheduled(entries: &[Entry], readings: &[Option<Vec<String>>]) -> Vec<(i64, String)> {
    entries
        .iter()
        .zip(readings)
        .filter(|(_, reading)| reading.is_some())
        .filter_map(|(entry, _)| match entry {
            Entry::Release { note, .. } => Some((note.publish_at, entry.key())),
            Entry::Article(_) => None,
        })
        .collect()
}

/// One indexed document as hits show it; its position in `SearchIndex::entries` is stored in the
/// document's `entry` fast field.
#[derive(Clone)]
pub(crate) enum Entry {
    Article(Arc<Article>),
    Release { note: Arc<ReleaseNote>, title: String, text: String },
}

impl Entry {
    pub fn release(note: Arc<ReleaseNote>) -> Self {
        let title = format!("{} ({})", note.title, note.version);
        let text = note.search_text();
        Entry::Release { note, title, text }
    }

    /// The path after the locale: the reader's locale leads it.
    pub fn path_in(&self, locale: &str) -> String {
        match self {
            Entry::Article(a) => format!("/{locale}/{}/{}", a.module, a.slug),
            Entry::Release { note, .. } => format!("/{locale}/releases/{}", note.slug),
        }
    }

    /// The language the document is written in.
    pub fn lang(&self) -> &str {
        match self {
            Entry::Article(a) => &a.locale,
            Entry::Release { note, .. } => &note.locale,
        }
    }

    /// A release note touches several modules: the first is shown.
    pub fn module(&self) -> &str {
        match self {
            Entry::Article(a) => &a.module,
            Entry::Release { note, .. } => note.modules.first().map(String::as_str).unwrap_or_default(),
        }
    }

    /// Every module the document is listed under: a release note's modules, an article's one.
    pub fn modules(&self) -> Vec<&str> {
        match self {
            Entry::Article(a) => vec![a.module.as_str()],
            Entry::Release { note, .. } => note.modules.iter().map(String::as_str).collect(),
        }
    }

    pub fn doc_type(&self) -> &'static str {
        match self {
            Entry::Article(_) => "article",
            Entry::Release { .. } => "release",
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Entry::Article(a) => &a.title,
            Entry::Release { title, .. } => title,
        }
    }

    pub fn summary(&self) -> &str {
        match self {
            Entry::Article(a) => &a.summary,
            Entry::Release { note, .. } => &note.summary,
        }
    }

    /// Where snippets are cut from: the first few thousand characters of the text.
    pub fn excerpt(&self) -> &str {
        let text = match self {
            Entry::Article(a) => a.plain_text.as_str(),
            Entry::Release { text, .. } => text.as_str(),
        };
        &text[..text.floor_char_boundary(EXCERPT_BYTES)]
    }

    /// The key a query uses to leave the document out (scheduled release notes): its own path.
    pub fn key(&self) -> String {
        self.path_in(self.lang())
    }

    /// The content file it comes from: unique, where keys repeat across customers' own articles.
    pub fn source(&self) -> &str {
        match self {
            Entry::Article(a) => &a.source,
            Entry::Release { note, .. } => &note.source,
        }
    }

    /// The same content: the same article or note in memory, not merely an equal one.
    pub fn same(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::Article(a), Entry::Article(b)) => Arc::ptr_eq(a, b),
            (Entry::Release { note: a, .. }, Entry::Release { note: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The tantivy document: found by readers of each of the `reading` locales.
    pub fn document(&self, fields: &Fields, ord: usize, reading: &[&str]) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.entry, ord as u64);
        doc.add_text(fields.source, self.source());
        doc.add_text(fields.key, self.key());
        for l in reading {
            doc.add_text(fields.locale, l);
        }
        doc.add_text(fields.doc_type, self.doc_type());
        doc.add_facet(fields.facets, Facet::from_path(["type", self.doc_type()]));
        let lang = self.lang();
        let (headings, summary, body) = match self {
            Entry::Article(article) => {
                doc.add_text(fields.module, &article.module);
                doc.add_facet(fields.facets, Facet::from_path(["module", article.module.as_str()]));
                doc.add_text(fields.visibility, visibility_key(&article.visibility));
                for g in &article.groups {
                    doc.add_text(fields.groups, g);
                }
                if let Some(tenant) = &article.tenant {
                    doc.add_text(fields.tenant, super::OWN_ARTICLE);
                    doc.add_text(fields.tenant, tenant);
                }
                let headings: Vec<&str> = article.toc.iter().map(|t| t.title.as_str()).collect();
                (headings.join(" · "), format!("{} {}", article.summary, article.tags.join(" ")), article.plain_text.as_str())
            }
            Entry::Release { note, text, .. } => {
                // Listed under every module it touches; release notes are public.
                for m in &note.modules {
                    doc.add_text(fields.module, m);
                    doc.add_facet(fields.facets, Facet::from_path(["module", m.as_str()]));
                }
                doc.add_text(fields.visibility, "public");
                let features: Vec<&str> = note.features.iter().map(|f| f.title.as_str()).collect();
                (features.join(" · "), note.summary.clone(), text.as_str())
            }
        };
        let [title_field, headings_field, summary_field, body_field] = TEXT_FIELDS.map(|name| fields.text(lang, name));
        doc.add_text(title_field, self.title());
        doc.add_text(headings_field, headings);
        doc.add_text(summary_field, summary);
        doc.add_text(body_field, body);
        doc
    }
}

fn visibility_key(v: &Visibility) -> &'static str {
    match v {
        Visibility::Public => "public",
        Visibility::SignedIn => "signed-in",
        Visibility::Restricted => "restricted",
    }
}
