//! The loaded documentation, indexed for the pages' questions. Immutable once built: a reload
//! builds a new store and swaps it in.

use super::{model::*, release::ReleaseNote};
use chrono::NaiveDate;
use std::{collections::HashMap, sync::Arc};

pub struct ContentStore {
    modules: Vec<Module>,
    articles: Vec<Arc<Article>>,
    /// (tenant or "" for the vendor's, locale, module, slug) → index.
    by_path: HashMap<(String, String, String, String), usize>,
    /// (tenant or "", module, translation key) → locale → index.
    by_key: HashMap<(String, String, String), HashMap<String, usize>>,
    /// Locale → groups of words and phrases that mean the same (`content/_synonyms/<locale>.yml`).
    synonyms: HashMap<String, Vec<Vec<String>>>,
    /// Newest first.
    releases: Vec<Arc<ReleaseNote>>,
    /// The interface's locales, then every other language some content is written in.
    languages: Vec<String>,
}

/// The answer to "show me /<locale>/<module>/<slug>".
#[derive(Debug, Clone)]
pub enum ArticleLookup {
    Found {
        article: Arc<Article>,
        fallback: bool,
    },
    /// The slug belongs to another locale's article whose translation lives elsewhere.
    Moved(String),
    /// Exists, but only for signed-in readers.
    SignInRequired,
    NotFound,
}

impl ContentStore {
    pub fn new(modules: Vec<Module>, articles: Vec<Article>, releases: Vec<ReleaseNote>) -> Self {
        Self::from_shared(modules, articles.into_iter().map(Arc::new).collect(), releases.into_iter().map(Arc::new).collect())
    }

    /// A store over articles and notes already in memory, some perhaps shared with another store.
    pub fn from_shared(modules: Vec<Module>, articles: Vec<Arc<Article>>, mut releases: Vec<Arc<ReleaseNote>>) -> Self {
        let mut by_path = HashMap::new();
        let mut by_key: HashMap<(String, String, String), HashMap<String, usize>> = HashMap::new();
        for (i, a) in articles.iter().enumerate() {
            let scope = a.tenant.clone().unwrap_or_default();
            by_path.insert((scope.clone(), a.locale.clone(), a.module.clone(), a.slug.clone()), i);
            by_key.entry((scope, a.module.clone(), a.translation_key.clone())).or_default().insert(a.locale.clone(), i);
        }
        releases.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.version.cmp(&a.version)));
        let others: std::collections::BTreeSet<&str> =
            articles.iter().map(|a| a.locale.as_str()).chain(releases.iter().map(|r| r.locale.as_str())).filter(|l| !crate::is_locale(l)).collect();
        let languages = crate::LOCALES.iter().copied().chain(others).map(String::from).collect();
        ContentStore { modules, articles, by_path, by_key, synonyms: HashMap::new(), releases, languages }
    }

    pub fn with_synonyms(mut self, synonyms: HashMap<String, Vec<Vec<String>>>) -> Self {
        self.synonyms = synonyms;
        self
    }

    /// Every language's synonyms, for a store made from this one.
    pub fn all_synonyms(&self) -> &HashMap<String, Vec<Vec<String>>> {
        &self.synonyms
    }

    pub fn synonyms(&self, locale: &str) -> &[Vec<String>] {
        self.synonyms.get(locale).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The release notes published by `now` as a reader of `locale` sees them, newest first: the
    /// locale's own, with English ones (flagged) standing in for notes not translated.
    pub fn releases(&self, locale: &str, now: i64) -> Vec<(Arc<ReleaseNote>, bool)> {
        let own = |slug: &str| self.releases.iter().any(|r| r.locale == locale && r.slug == slug);
        self.releases
            .iter()
            .filter(|r| r.published_by(now))
            .filter(|r| r.locale == locale || (r.locale == crate::FALLBACK_LOCALE && !own(&r.slug)))
            .map(|r| (r.clone(), r.locale != locale))
            .collect()
    }

    /// One release note, if published by `now`; English stands in for a missing translation.
    pub fn release(&self, locale: &str, slug: &str, now: i64) -> Option<(Arc<ReleaseNote>, bool)> {
        self.releases(locale, now).into_iter().find(|(r, _)| r.slug == slug)
    }

    /// Every release note, scheduled ones included: for the search index, which applies the
    /// publishing time inside each query.
    pub fn all_releases(&self) -> impl Iterator<Item = &Arc<ReleaseNote>> {
        self.releases.iter()
    }

    /// The interface's seven locales, then the other languages content is written in (`ja`,
    /// `pt-br`…), which readers reach with the English interface around them.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// Whether `/<code>/…` leads to content: an interface locale, or a language some content is in.
    pub fn has_language(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l == code)
    }

    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    pub fn module(&self, folder: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.folder == folder)
    }

    pub fn all_articles(&self) -> impl Iterator<Item = &Arc<Article>> {
        self.articles.iter()
    }

    pub(super) fn article_at(&self, index: usize) -> Arc<Article> {
        self.articles[index].clone()
    }

    /// The article at a path of `tenant`'s own articles, or of the vendor's for `None`.
    fn get_in(&self, tenant: Option<&str>, locale: &str, module: &str, slug: &str) -> Option<&Arc<Article>> {
        let key = (tenant.unwrap_or_default().to_string(), locale.to_string(), module.to_string(), slug.to_string());
        self.by_path.get(&key).map(|&i| &self.articles[i])
    }

    /// What a link from an article of `tenant` (or the vendor's) may lead to: that tenant's own
    /// article first, then the vendor's, in `locale` or in English.
    fn get(&self, tenant: Option<&str>, locale: &str, module: &str, slug: &str) -> Option<&Arc<Article>> {
        tenant.and_then(|t| self.get_in(Some(t), locale, module, slug)).or_else(|| self.get_in(None, locale, module, slug))
    }

    /// Whether a link written in an article of `tenant` (or the vendor's) leads to an article.
    pub fn exists_or_falls_back(&self, tenant: Option<&str>, locale: &str, module: &str, slug: &str) -> bool {
        self.get(tenant, locale, module, slug).is_some() || self.get(tenant, crate::FALLBACK_LOCALE, module, slug).is_some()
    }

    /// Whether `tenant`'s own articles (or the vendor's) already use this address.
    pub fn path_taken(&self, tenant: Option<&str>, locale: &str, module: &str, slug: &str) -> bool {
        self.get_in(tenant, locale, module, slug).is_some()
    }

    /// The translation of `article` into `locale`, if one was written.
    pub fn translation(&self, article: &Article, locale: &str) -> Option<&Arc<Article>> {
        self.translation_in(article.tenant.as_deref(), &article.module, &article.translation_key, locale)
    }

    /// The vendor's article of `module` with translation key `key` in `locale`, if one was written.
    pub fn translation_of(&self, module: &str, key: &str, locale: &str) -> Option<&Arc<Article>> {
        self.translation_in(None, module, key, locale)
    }

    /// The same among `tenant`'s own articles (the vendor's for `None`).
    pub fn translation_in(&self, tenant: Option<&str>, module: &str, key: &str, locale: &str) -> Option<&Arc<Article>> {
        let key = (tenant.unwrap_or_default().to_string(), module.to_string(), key.to_string());
        self.by_key.get(&key).and_then(|m| m.get(locale)).map(|&i| &self.articles[i])
    }

    /// Finds the article for a URL. A missing translation falls back to English (flagged so the
    /// page can say so); an article the reader may not see is reported without its content.
    pub fn article(&self, locale: &str, module: &str, slug: &str, reader: &Reader) -> ArticleLookup {
        // The reader's company's own article first: a customer's folder may hold one at an
        // address the vendor's documentation also uses (the studio refuses such an address).
        let own = reader.tenant.as_deref();
        let (article, fallback) = match self.get(own, locale, module, slug) {
            Some(a) => (a, false),
            None => {
                // A slug from another locale: send the reader to this locale's own slug if the
                // article was translated under another name.
                let in_reach = |a: &&Arc<Article>| a.tenant.is_none() || a.tenant.as_deref() == own;
                let other = self.articles.iter().filter(in_reach).find(|a| a.module == module && a.slug == slug);
                let Some(other) = other else { return ArticleLookup::NotFound };
                if let Some(t) = self.translation(other, locale) {
                    if !t.readable_by(reader) {
                        return hidden(t);
                    }
                    return ArticleLookup::Moved(t.path());
                }
                match self.translation(other, crate::FALLBACK_LOCALE) {
                    Some(en) => (en, true),
                    None => return ArticleLookup::NotFound,
                }
            }
        };
        if !article.readable_by(reader) {
            return hidden(article);
        }
        ArticleLookup::Found { article: article.clone(), fallback }
    }

    /// The article a page address (`/<locale>/<module>/<slug>`, as the ticket form's suggestions
    /// record it) shows `reader`, if it shows one.
    pub fn article_at_address(&self, address: &str, reader: &Reader) -> Option<Arc<Article>> {
        let parts: Vec<&str> = address.trim_matches('/').split('/').collect();
        let [locale, module, slug] = parts.as_slice() else { return None };
        match self.article(locale, module, slug, reader) {
            ArticleLookup::Found { article, .. } => Some(article),
            _ => None,
        }
    }

    /// The module's articles a reader may see in `locale`, with English stand-ins (flagged) for
    /// articles not yet translated, ordered by `order` then title.
    pub fn module_articles(&self, locale: &str, module: &str, reader: &Reader) -> Vec<(Arc<Article>, bool)> {
        let mut list = self.module_articles_unfiltered(locale, module);
        list.retain(|(a, _)| a.readable_by(reader));
        list
    }

    /// The same list whatever the reader's rights: for the search index, which applies the rights
    /// inside each query instead.
    pub fn module_articles_unfiltered(&self, locale: &str, module: &str) -> Vec<(Arc<Article>, bool)> {
        let mut list: Vec<(Arc<Article>, bool)> = Vec::new();
        for ((_tenant, m, _key), locales) in &self.by_key {
            if m != module {
                continue;
            }
            let pick = locales.get(locale).map(|&i| (i, false)).or_else(|| locales.get(crate::FALLBACK_LOCALE).map(|&i| (i, true)));
            if let Some((i, fallback)) = pick {
                list.push((self.articles[i].clone(), fallback));
            }
        }
        list.sort_by(|(a, _), (b, _)| a.order.cmp(&b.order).then_with(|| a.title.cmp(&b.title)));
        list
    }

    /// Every article of a known module and locale with the reading locales it is found in: its
    /// own, and for an English article every locale it stands in for. The search index holds each
    /// article once with these locales, not once per reading locale.
    pub fn articles_by_reading_locale(&self) -> Vec<(Arc<Article>, Vec<&str>)> {
        let known = |m: &str| self.modules.iter().any(|module| module.folder == m);
        let mut out = Vec::new();
        for ((_tenant, module, _key), locales) in &self.by_key {
            if !known(module) {
                continue;
            }
            for (locale, &i) in locales {
                let Some(reading) = reading_locales(&self.languages, locale, |l| locales.contains_key(l)) else { continue };
                out.push((self.articles[i].clone(), reading));
            }
        }
        // A stable order keeps the index, and so ties in ranking, the same from run to run.
        out.sort_by(|(a, _), (b, _)| (&a.tenant, &a.locale, &a.module, &a.slug).cmp(&(&b.tenant, &b.locale, &b.module, &b.slug)));
        out
    }

    /// Every release note, scheduled ones included, with the reading locales it is found in (as
    /// for articles): for the search index, which applies the publishing time inside each query.
    pub fn releases_by_reading_locale(&self) -> Vec<(Arc<ReleaseNote>, Vec<&str>)> {
        let translated = |slug: &str, l: &str| self.releases.iter().any(|r| r.locale == l && r.slug == slug);
        self.releases.iter().filter_map(|r| Some((r.clone(), reading_locales(&self.languages, &r.locale, |l| translated(&r.slug, l))?))).collect()
    }

    /// Most recently updated readable articles across modules, newest first.
    pub fn recently_updated(&self, locale: &str, reader: &Reader, limit: usize) -> Vec<Arc<Article>> {
        let mut list: Vec<Arc<Article>> = self.modules.iter().flat_map(|m| self.module_articles(locale, &m.folder, reader)).map(|(a, _)| a).collect();
        list.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.title.cmp(&b.title)));
        list.truncate(limit);
        list
    }
}

/// Where a translation stands against its English source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranslationState {
    Missing,
    /// The English article was updated after the translation was last brought in line with it.
    Outdated,
    UpToDate,
}

impl TranslationState {
    pub fn key(self) -> &'static str {
        match self {
            TranslationState::Missing => "missing",
            TranslationState::Outdated => "outdated",
            TranslationState::UpToDate => "up-to-date",
        }
    }
}

impl ContentStore {
    /// The English article `article` translates, when it was updated after the translation was
    /// last brought in line with it (`source_updated`, or else the translation's own date).
    pub fn newer_source(&self, article: &Article) -> Option<&Arc<Article>> {
        if article.locale == crate::FALLBACK_LOCALE {
            return None;
        }
        let source = self.translation(article, crate::FALLBACK_LOCALE)?;
        (source.updated > article.source_updated.unwrap_or(article.updated)).then_some(source)
    }

    /// Every English article of a known module among `tenant`'s own (the vendor's for `None`),
    /// with its translation into `language` and where that stands, by module then position: the
    /// content team's translation dashboard.
    pub fn translation_status(&self, tenant: Option<&str>, language: &str) -> Vec<(Arc<Article>, Option<Arc<Article>>, TranslationState)> {
        let mut rows: Vec<(Arc<Article>, Option<Arc<Article>>, TranslationState)> = self
            .articles
            .iter()
            .filter(|a| a.tenant.as_deref() == tenant && a.locale == crate::FALLBACK_LOCALE && self.module(&a.module).is_some())
            .map(|source| match self.translation(source, language) {
                None => (source.clone(), None, TranslationState::Missing),
                Some(t) if self.newer_source(t).is_some() => (source.clone(), Some(t.clone()), TranslationState::Outdated),
                Some(t) => (source.clone(), Some(t.clone()), TranslationState::UpToDate),
            })
            .collect();
        let module_order = |m: &str| self.modules.iter().position(|x| x.folder == m).unwrap_or(usize::MAX);
        rows.sort_by(|(a, _, _), (b, _, _)| (module_order(&a.module), a.order, &a.title).cmp(&(module_order(&b.module), b.order, &b.title)));
        rows
    }
}

impl ContentStore {
    /// The English note a translated release note follows, when it changed after the
    /// translation was last brought in line with it.
    pub fn newer_release_source(&self, note: &ReleaseNote) -> Option<&Arc<ReleaseNote>> {
        if note.locale == crate::FALLBACK_LOCALE {
            return None;
        }
        let source = self.releases.iter().find(|r| r.locale == crate::FALLBACK_LOCALE && r.slug == note.slug)?;
        (source.updated > note.source_updated.unwrap_or(note.updated)).then_some(source)
    }

    /// Every English release note, newest first, with its translation into `language` and where
    /// that stands: the release notes' half of the translation dashboard.
    pub fn release_translation_status(&self, language: &str) -> Vec<(Arc<ReleaseNote>, Option<Arc<ReleaseNote>>, TranslationState)> {
        let mut rows: Vec<_> = self
            .releases
            .iter()
            .filter(|r| r.locale == crate::FALLBACK_LOCALE)
            .map(|source| match self.releases.iter().find(|r| r.locale == language && r.slug == source.slug) {
                None => (source.clone(), None, TranslationState::Missing),
                Some(t) if self.newer_release_source(t).is_some() => (source.clone(), Some(t.clone()), TranslationState::Outdated),
                Some(t) => (source.clone(), Some(t.clone()), TranslationState::UpToDate),
            })
            .collect();
        rows.sort_by(|(a, _, _), (b, _, _)| (b.date, &b.slug).cmp(&(a.date, &a.slug)));
        rows
    }
}

/// Why an article is on the content team's "needs review" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewReason {
    /// Its review date has come.
    Due(NaiveDate),
    /// A release note published after the article was last updated names its module.
    Release { version: String, date: NaiveDate },
}

impl ContentStore {
    /// The articles in `language` among `tenant`'s own (the vendor's for `None`) that need a
    /// look: those whose review date has come by `today`,
    /// then those whose module a release note published by `now` touched after their last update
    /// (documentation follows the weekly releases), oldest reason first.
    pub fn needs_review(&self, tenant: Option<&str>, language: &str, today: NaiveDate, now: i64) -> Vec<(Arc<Article>, ReviewReason)> {
        let mut list: Vec<(Arc<Article>, ReviewReason)> = Vec::new();
        for article in self.articles.iter().filter(|a| a.tenant.as_deref() == tenant && a.locale == language) {
            if let Some(due) = article.review_by.filter(|d| *d <= today) {
                list.push((article.clone(), ReviewReason::Due(due)));
                continue;
            }
            // Release notes are written once in English and translated; the English notes count.
            let release = self
                .releases
                .iter()
                .filter(|r| r.locale == crate::FALLBACK_LOCALE && r.published_by(now) && r.date > article.updated && r.modules.contains(&article.module))
                .min_by_key(|r| r.date);
            if let Some(r) = release {
                list.push((article.clone(), ReviewReason::Release { version: r.version.clone(), date: r.date }));
            }
        }
        let when = |r: &ReviewReason| match r {
            ReviewReason::Due(d) => (0, *d),
            ReviewReason::Release { date, .. } => (1, *date),
        };
        list.sort_by(|(a, x), (b, y)| (when(x), &a.title).cmp(&(when(y), &b.title)));
        list
    }
}

/// Signed-in articles admit they exist (so the reader can sign in); restricted ones do not, so
/// their titles never leak.
fn hidden(article: &Article) -> ArticleLookup {
    match article.visibility {
        Visibility::SignedIn => ArticleLookup::SignInRequired,
        _ => ArticleLookup::NotFound,
    }
}

/// The reading locales a text written in `locale` is found in: its own, and for an English text
/// every other of the `languages` it is not `translated` into, where it stands in. `None` for a
/// language not among them.
fn reading_locales<'a>(languages: &'a [String], locale: &str, translated: impl Fn(&str) -> bool) -> Option<Vec<&'a str>> {
    let own = languages.iter().find(|l| *l == locale)?.as_str();
    let mut reading = vec![own];
    if own == crate::FALLBACK_LOCALE {
        reading.extend(languages.iter().map(String::as_str).filter(|l| *l != own && !translated(l)));
    }
    Some(reading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn article(locale: &str, module: &str, slug: &str, key: &str, visibility: Visibility) -> Article {
        Article {
            locale: locale.into(),
            module: module.into(),
            slug: slug.into(),
            translation_key: key.into(),
            title: format!("{locale} {slug}"),
            summary: String::new(),
            tags: vec![],
            updated: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            order: 1,
            versions: vec![],
            source_updated: None,
            owner: None,
            review_by: None,
            groups: if visibility == Visibility::Restricted { vec!["payroll".into()] } else { vec![] },
            visibility,
            html: Default::default(),
            toc: vec![],
            plain_text: String::new(),
            source: String::new(),
            tenant: None,
        }
    }

    fn store() -> ContentStore {
        ContentStore::new(
            vec![],
            vec![
                article("en", "hr", "import", "import", Visibility::Public),
                article("fr", "hr", "importer", "import", Visibility::Public),
                article("en", "hr", "only-english", "only-english", Visibility::Public),
                article("en", "hr", "payroll-secrets", "payroll-secrets", Visibility::Restricted),
                article("en", "hr", "members", "members", Visibility::SignedIn),
            ],
            vec![],
        )
    }

    #[test]
    fn a_translation_older_than_its_english_source_is_outdated_until_brought_in_line() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let mut en = article("en", "hr", "import", "import", Visibility::Public);
        en.updated = day(20);
        let mut fr = article("fr", "hr", "importer", "import", Visibility::Public);
        fr.updated = day(10);
        let mut de = article("de", "hr", "import", "import", Visibility::Public);
        de.updated = day(10);
        de.source_updated = Some(day(20));
        let s = ContentStore::new(vec![], vec![en, fr, de], vec![]);
        let fr = s.translation(&s.articles[0], "fr").unwrap();
        assert_eq!(s.newer_source(fr).map(|a| a.slug.as_str()), Some("import"), "the English article changed after the French one");
        let de = s.translation(&s.articles[0], "de").unwrap();
        assert!(s.newer_source(de).is_none(), "brought in line with the 20 November English text");
        assert!(s.newer_source(&s.articles[0]).is_none(), "English is the source");
    }

    #[test]
    fn articles_past_their_review_date_or_behind_a_release_of_their_module_need_review() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let mut due = article("en", "hr", "import", "import", Visibility::Public);
        due.review_by = Some(day(15));
        let mut later = article("en", "hr", "later", "later", Visibility::Public);
        later.review_by = Some(day(30));
        later.updated = day(25);
        let mut behind = article("en", "hr", "behind", "behind", Visibility::Public);
        behind.updated = day(2);
        let mut other = article("en", "pay", "other", "other", Visibility::Public);
        other.updated = day(2);
        let note = |version: &str, date: NaiveDate, publish_at: i64| crate::content::ReleaseNote {
            locale: "en".into(),
            slug: version.into(),
            title: version.into(),
            version: version.into(),
            date,
            modules: vec!["hr".into()],
            summary: String::new(),
            publish_at,
            reminder_on: None,
            features: vec![],
            updated: date,
            source_updated: None,
            html: String::new(),
            plain_text: String::new(),
            source: String::new(),
        };
        let s = ContentStore::new(vec![], vec![due, later, behind, other], vec![note("2026.11", day(10), 0), note("2026.12", day(28), 9_999)]);
        let list: Vec<(String, ReviewReason)> = s.needs_review(None, "en", day(20), 1_000).into_iter().map(|(a, r)| (a.slug.clone(), r)).collect();
        assert_eq!(
            list,
            vec![
                ("import".to_string(), ReviewReason::Due(day(15))),
                ("behind".to_string(), ReviewReason::Release { version: "2026.11".into(), date: day(10) })
            ],
            "not before its date, not for another module, not for a release not yet published"
        );
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        match store().article("fr", "hr", "only-english", &Reader::anonymous()) {
            ArticleLookup::Found { article, fallback } => {
                assert!(fallback);
                assert_eq!(article.locale, "en");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn another_locales_slug_redirects_to_the_translation() {
        assert!(matches!(store().article("fr", "hr", "import", &Reader::anonymous()), ArticleLookup::Moved(p) if p == "/fr/hr/importer"));
    }

    #[test]
    fn restricted_articles_are_not_found_and_signed_in_ones_ask_to_sign_in() {
        let s = store();
        assert!(matches!(s.article("en", "hr", "payroll-secrets", &Reader::anonymous()), ArticleLookup::NotFound));
        assert!(matches!(s.article("fr", "hr", "payroll-secrets", &Reader::anonymous()), ArticleLookup::NotFound));
        assert!(matches!(s.article("en", "hr", "members", &Reader::anonymous()), ArticleLookup::SignInRequired));
        let payroll = Reader { signed_in: true, groups: vec!["payroll".into()], tenant: None };
        assert!(matches!(s.article("en", "hr", "payroll-secrets", &payroll), ArticleLookup::Found { .. }));
    }

    #[test]
    fn module_listing_hides_what_the_reader_cannot_see_and_flags_fallbacks() {
        let list = store().module_articles("fr", "hr", &Reader::anonymous());
        let slugs: Vec<(&str, bool)> = list.iter().map(|(a, f)| (a.slug.as_str(), *f)).collect();
        assert_eq!(slugs.len(), 2, "{slugs:?}");
        assert!(slugs.contains(&("importer", false)));
        assert!(slugs.contains(&("only-english", true)));
    }
}
