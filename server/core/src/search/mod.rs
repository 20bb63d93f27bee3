//! Full-text search over everything the help centre publishes, with tantivy. The index is built
//! in memory from the content store and swapped whole when content changes; access rights are part
//! of every query, so restricted documents never reach results, counts or facets.

mod analysis;
mod at_least;
mod cache;
mod documents;
mod facets;
mod lexicon;
pub mod log;
pub use analysis::without_stop_words;
mod query;
mod snippet;
mod stats;
mod update;
mod vocabulary;

use crate::content::{ContentStore, Reader};
use query::Strictness;
use std::collections::BTreeMap;
use tantivy::{
    collector::{Count, TopDocs},
    schema::{FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STRING},
    Index, IndexReader, ReloadPolicy, Term,
};

/// Recent results kept unless configured otherwise (`ATRIUM_SEARCH_CACHE_MB`).
pub const DEFAULT_RESULT_CACHE_BYTES: u64 = 16 << 20;

/// Below this many results (half a page), a corrected query is offered, and the query is widened
/// to half its words.
const FEW_RESULTS: usize = 5;

/// The `tenant` field's mark on every customer's own article, beside its tenant's id.
const OWN_ARTICLE: &str = "*own";

/// The text fields of every language, in the order of `Weights::as_array`.
const TEXT_FIELDS: [&str; 4] = ["title", "headings", "summary", "body"];

/// How much a match in each text field counts against one in the body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub title: f32,
    pub headings: f32,
    /// The summary and the tags.
    pub summary: f32,
    pub body: f32,
    /// A match in the reader's language against one in an English stand-in.
    pub own_language: f32,
}

impl Weights {
    /// Chosen by the search bench's tuning run (`BENCH_TUNE=1 cargo bench -p atrium-core --bench
    /// search`) on half of the astro relevance pairs, kept in the order title, headings, summary,
    /// body, and checked on the other half: MRR@10 0.662 there with the earlier hand-set
    /// 4/2/1.5/1 and no language boost, 0.671 with these.
    pub const TUNED: Weights = Weights { title: 3.0, headings: 2.0, summary: 1.1, body: 1.0, own_language: 1.5 };

    pub(crate) fn as_array(&self) -> [f32; 4] {
        [self.title, self.headings, self.summary, self.body]
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub locale: &'a str,
    pub query: &'a str,
    pub module: Option<&'a str>,
    pub reader: &'a Reader,
    pub limit: usize,
    pub offset: usize,
    /// Unix seconds: release notes scheduled after this stay out.
    pub now: i64,
    /// `article` or `release`; every type when `None`.
    pub doc_type: Option<&'a str>,
    /// What the query does beyond exact words; `Features::ALL` for readers.
    pub features: Features,
}

/// What a query does beyond matching exact words. Readers always get all of it; the search bench
/// turns each off in turn to show what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Features {
    /// Words within a typo budget sized by word length.
    pub typos: bool,
    /// Completions of the word being typed.
    pub prefix: bool,
    /// Counts per module and type.
    pub facets: bool,
    /// Highlighted passages; without them a hit shows its summary.
    pub snippets: bool,
}

impl Features {
    pub const ALL: Features = Features { typos: true, prefix: true, facets: true, snippets: true };
    pub const NONE: Features = Features { typos: false, prefix: false, facets: false, snippets: false };
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub path: String,
    pub title: String,
    pub module: String,
    /// HTML: the matching passage with `<mark>` around matched words, everything else escaped.
    pub snippet: String,
    pub score: f32,
    /// `article` or `release`.
    pub doc_type: String,
    /// An English article standing in for a missing translation.
    pub fallback: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Module → number of matching documents the reader may see (ignoring the module filter).
    pub modules: BTreeMap<String, u64>,
    /// Type (`article`, `release`) → number of matching documents (ignoring the filters).
    pub types: BTreeMap<String, u64>,
    /// A corrected query from the index's own vocabulary, offered when results are few.
    pub did_you_mean: Option<String>,
}

#[derive(Clone)]
pub(crate) struct Fields {
    /// Position in `SearchIndex::entries` (fast field): what a hit shows.
    entry: Field,
    /// The content file the document comes from, unique: how an update replaces it.
    source: Field,
    locale: Field,
    module: Field,
    doc_type: Field,
    /// The document's own path, one per document: how a scheduled release note is left out.
    key: Field,
    visibility: Field,
    /// A customer's own article: [`OWN_ARTICLE`] and its tenant's id.
    tenant: Field,
    groups: Field,
    facets: Field,
    /// (locale, weight name) → field.
    text: BTreeMap<(String, &'static str), Field>,
    /// The languages with text fields: the store's, interface locales first.
    languages: Vec<String>,
}

impl Fields {
    pub(crate) fn text(&self, locale: &str, name: &str) -> Field {
        self.text[&(locale.to_string(), *TEXT_FIELDS.iter().find(|n| **n == name).expect("known field"))]
    }

    fn has_language(&self, locale: &str) -> bool {
        self.languages.iter().any(|l| l == locale)
    }
}

pub struct SearchIndex {
    /// Kept so that a publication updates only its own documents (see `update`).
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The source of "did you mean": words of public documents only.
    vocabulary: vocabulary::Vocabulary,
    synonyms: std::collections::HashMap<String, Vec<Vec<String>>>,
    weights: Weights,
    /// The BM25 statistics of each language's fields.
    field_totals: stats::FieldTotals,
    lexicon: lexicon::Lexicon,
    /// (publishing time, key) of every release note: a query leaves out those whose time has not
    /// come, so nothing is rebuilt when it comes.
    scheduled: Vec<(i64, String)>,
    entries: Vec<documents::Entry>,
    /// The locales each entry is found in, in the same order; `None` for an entry whose document
    /// a later update replaced or removed.
    readings: Vec<Option<Vec<String>>>,
    /// The analysed excerpt of each entry, in the same order: where snippets find matches.
    excerpts: Vec<snippet::ExcerptTerms>,
    /// The modules and type of each entry, in the same order: what facets count.
    facet_table: std::sync::Arc<facets::FacetTable>,
    results: cache::ResultCache,
}

/// How many live entries have each language's text fields: what BM25's averages divide by.
fn field_documents(fields: &Fields, entries: &[documents::Entry], readings: &[Option<Vec<String>>]) -> std::collections::HashMap<Field, u64> {
    let mut counts = std::collections::HashMap::new();
    for (entry, _) in entries.iter().zip(readings).filter(|(_, r)| r.is_some()) {
        for name in TEXT_FIELDS {
            *counts.entry(fields.text(entry.lang(), name)).or_default() += 1;
        }
    }
    counts
}

/// Each entry's excerpt analysed against `lexicon`, one analyzer per language.
fn excerpts_of(entries: &[documents::Entry], lexicon: &lexicon::Lexicon) -> Vec<snippet::ExcerptTerms> {
    let mut analyzers: std::collections::HashMap<String, tantivy::tokenizer::TextAnalyzer> = Default::default();
    entries
        .iter()
        .map(|entry| {
            let lang = entry.lang();
            let analyzer = analyzers.entry(lang.to_string()).or_insert_with(|| analysis::analyzer(lang));
            snippet::ExcerptTerms::build(analyzer, lexicon, lang, entry.excerpt())
        })
        .collect()
}

fn synonyms_of(store: &ContentStore) -> std::collections::HashMap<String, Vec<Vec<String>>> {
    store.languages().iter().map(|l| (l.clone(), store.synonyms(l).to_vec())).collect()
}

/// Text fields for each of `languages`, each analysed as that language is.
fn schema(languages: &[String]) -> (Schema, Fields) {
    let mut b = Schema::builder();
    let entry = b.add_u64_field("entry", FAST);
    let source = b.add_text_field("source", STRING);
    let locale = b.add_text_field("locale", STRING);
    let module = b.add_text_field("module", STRING);
    let doc_type = b.add_text_field("doc_type", STRING);
    let key = b.add_text_field("key", STRING);
    let visibility = b.add_text_field("visibility", STRING);
    let groups = b.add_text_field("groups", STRING);
    let tenant = b.add_text_field("tenant", STRING);
    let facets = b.add_facet_field("facets", FacetOptions::default());
    let mut text = BTreeMap::new();
    for locale in languages {
        for name in TEXT_FIELDS {
            let indexing = TextFieldIndexing::default().set_tokenizer(&analysis::tokenizer_name(locale)).set_index_option(IndexRecordOption::WithFreqs);
            let options = TextOptions::default().set_indexing_options(indexing);
            text.insert((locale.to_string(), name), b.add_text_field(&format!("{name}_{locale}"), options));
        }
    }
    (b.build(), Fields { entry, source, locale, module, doc_type, key, visibility, groups, tenant, facets, text, languages: languages.to_vec() })
}

impl SearchIndex {
    /// Indexes every article and release note once, found by readers of its own locale and, for
    /// English ones, of every locale they stand in for until translated.
    pub fn build(store: &ContentStore) -> Result<Self, SearchError> {
        let (schema, fields) = schema(store.languages());
        let index = Index::create_in_ram(schema);
        analysis::register(index.tokenizers(), store.languages().iter().map(String::as_str));
        let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
        let vocabulary = vocabulary::Vocabulary::build(store);
        // Rights are ignored here: they are in the index and in every query.
        let mut entries = Vec::new();
        let mut readings = Vec::new();
        for (entry, reading) in documents::of_store(store) {
            writer.add_document(entry.document(&fields, entries.len(), &reading))?;
            entries.push(entry);
            readings.push(Some(reading.into_iter().map(String::from).collect()));
        }
        writer.commit()?;
        let scheduled = documents::scheduled(&entries, &readings);
        // Only a new `SearchIndex` sees a later update's commit: this one's entries never change.
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let lexicon = lexicon::Lexicon::build(&reader.searcher(), &fields)?;
        let field_totals = stats::FieldTotals::count(&reader.searcher(), field_documents(&fields, &entries, &readings))?;
        let excerpts = excerpts_of(&entries, &lexicon);
        let facet_table = std::sync::Arc::new(facets::FacetTable::build(&entries));
        let synonyms = synonyms_of(store);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            vocabulary,
            synonyms,
            weights: Weights::TUNED,
            field_totals,
            lexicon,
            scheduled,
            facet_table,
            entries,
            readings,
            excerpts,
            results: cache::ResultCache::new(DEFAULT_RESULT_CACHE_BYTES),
        })
    }

    /// How many documents the index holds: each article and release note once.
    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// How many segments the index is made of: each one repeats a query's per-term work.
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The same index ranking with other field weights: how the bench tunes them.
    pub fn with_weights(mut self, weights: Weights) -> Self {
        self.weights = weights;
        // Results ranked with the old weights are not these weights' results.
        self.results = cache::ResultCache::new(self.results.capacity());
        self
    }

    /// The same index keeping about `bytes` of recent results (none at 0).
    pub fn with_result_cache(mut self, bytes: u64) -> Self {
        self.results = cache::ResultCache::new(bytes);
        self
    }

    /// How many bytes of recent results this index keeps: a rebuilt index keeps as many.
    pub fn result_cache_bytes(&self) -> u64 {
        self.results.capacity()
    }

    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = std::time::Instant::now();
        let published = self.scheduled.iter().filter(|(at, _)| *at <= req.now).count();
        let results = self.results.get_or_run(req, published, || self.search_untimed(req));
        metrics::histogram!("atrium_search_duration_seconds").record(started.elapsed().as_secs_f64());
        results
    }

    fn search_untimed(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        if !self.fields.has_language(req.locale) {
            // No content was ever written in this language: nothing to find, nothing to suggest.
            return Ok(SearchResults::default());
        }
        let searcher = self.reader.searcher();
        let languages = query::languages(req.locale);
        let mut highlight = query::Highlights::new();
        let Some(plans) = self.with_synonyms(&languages, req, &mut highlight) else {
            // No word of the query is in the index: perhaps a corrected one is.
            return Ok(SearchResults { did_you_mean: self.did_you_mean(req, &languages)?, ..Default::default() });
        };
        let (mut top, mut total, mut facet_counts) = self.collect(&searcher, req, plans.query(Strictness::Strict))?;
        // A handful of results with every word (but one): the documents with half of them follow.
        let strict_total = total;
        if total < FEW_RESULTS.min(req.offset + req.limit) && plans.can_relax() {
            (top, total, facet_counts) = self.collect(&searcher, req, plans.query(Strictness::Relaxed))?;
        }
        let (modules, types) = facet_counts.named(&self.facet_table);

        let mut hits = Vec::with_capacity(top.len());
        // Opening a fast-field column costs more than reading it: once per segment.
        let mut columns: BTreeMap<u32, tantivy::columnar::Column<u64>> = BTreeMap::new();
        for (score, address) in top {
            if let std::collections::btree_map::Entry::Vacant(slot) = columns.entry(address.segment_ord) {
                slot.insert(searcher.segment_reader(address.segment_ord).fast_fields().u64("entry")?);
            }
            let Some(ord) = columns[&address.segment_ord].first(address.doc_id).map(|i| i as usize) else { continue };
            let (Some(entry), Some(excerpt)) = (self.entries.get(ord), self.excerpts.get(ord)) else { continue };
            let lang = entry.lang();
            let snippet = match highlight.get(lang) {
                Some(terms) if req.features.snippets => snippet::html(entry.excerpt(), excerpt, terms),
                _ => None,
            };
            hits.push(Hit {
                path: entry.path_in(req.locale),
                title: entry.title().to_string(),
                // A release note touches several modules: under a module filter, it is listed there.
                module: req.module.unwrap_or(entry.module()).to_string(),
                doc_type: entry.doc_type().to_string(),
                snippet: snippet.unwrap_or_else(|| crate::escape_html(entry.summary())),
                score,
                fallback: lang != req.locale,
            });
        }
        let did_you_mean = if strict_total < FEW_RESULTS { self.did_you_mean(req, &languages)? } else { None };
        Ok(SearchResults { total, hits, modules, types, did_you_mean })
    }

    /// The page of `text_query`'s results the request asks for, how many there are, and their
    /// facet counts, within the reader's scope.
    fn collect(&self, searcher: &tantivy::Searcher, req: &SearchRequest, text_query: Box<dyn tantivy::query::Query>) -> Result<Collected, SearchError> {
        let top_docs = TopDocs::with_limit(req.limit.clamp(1, 100)).and_offset(req.offset).order_by_score();
        let scope = |module, doc_type| query::Scope { locale: req.locale, reader: req.reader, now: req.now, scheduled: &self.scheduled, module, doc_type };
        let scoped = query::scoped(&self.fields, text_query.box_clone(), &scope(None, None));
        let filtered = req.module.is_some() || req.doc_type.is_some();
        let stats = stats::PerFieldStatistics { searcher, totals: &self.field_totals };
        // Facets count across modules and types; without a filter one pass gives results and facets.
        let count_facets = || facets::CountFacets(self.facet_table.clone());
        Ok(if req.features.facets && !filtered {
            searcher.search_with_statistics_provider(&scoped, &(top_docs, Count, count_facets()), &stats)?
        } else {
            let facet_counts = if req.features.facets { searcher.search(&scoped, &count_facets())? } else { Default::default() };
            let filtered = query::scoped(&self.fields, text_query, &scope(req.module, req.doc_type));
            let (top, total) = searcher.search_with_statistics_provider(&filtered, &(top_docs, Count), &stats)?;
            (top, total, facet_counts)
        })
    }

    /// The query's plan, and its rewrites' with the locale's synonyms (weighted a little lower,
    /// so the reader's own words win a tie).
    fn with_synonyms(&self, languages: &[&str], req: &SearchRequest, highlight: &mut query::Highlights) -> Option<Plans> {
        let plan = |text: &str, highlight| query::text_plan(&self.lexicon, &self.fields, &self.weights, languages, text, req.features, highlight);
        let mut plans: Vec<(query::TextPlan, f32)> = plan(req.query, Some(highlight)).map(|p| (p, 1.0)).into_iter().collect();
        let groups = self.synonyms.get(req.locale).map(Vec::as_slice).unwrap_or(&[]);
        // A query of words the index lacks may still have synonyms it holds.
        plans.extend(query::synonym_variants(groups, req.query).iter().filter_map(|v| plan(v, None)).map(|p| (p, 0.8)));
        (!plans.is_empty()).then_some(Plans(plans))
    }

    /// Replaces each query word by the closest, most common word of the index when that finds
    /// more for this reader; never suggests a word only restricted documents contain.
    fn did_you_mean(&self, req: &SearchRequest, languages: &[&str]) -> Result<Option<String>, SearchError> {
        let searcher = self.reader.searcher();
        let corrected = self.vocabulary.correct(languages, req.query);
        let Some(corrected) = corrected.filter(|c| !c.eq_ignore_ascii_case(req.query.trim())) else { return Ok(None) };
        let Some(exact) = query::text_plan(&self.lexicon, &self.fields, &self.weights, languages, &corrected, Features::NONE, None) else { return Ok(None) };
        let exact = exact.query(Strictness::Strict);
        let scoped = query::scoped(
            &self.fields,
            exact,
            &query::Scope { locale: req.locale, reader: req.reader, now: req.now, scheduled: &self.scheduled, module: None, doc_type: None },
        );
        let count = searcher.search(&scoped, &Count)?;
        Ok((count > 0).then_some(corrected))
    }
}

/// A query's text plans: its own words (weight 1) and its synonym rewrites (lower).
struct Plans(Vec<(query::TextPlan, f32)>);

impl Plans {
    fn query(&self, strictness: Strictness) -> Box<dyn tantivy::query::Query> {
        use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query};
        if let [(plan, _)] = self.0.as_slice() {
            return plan.query(strictness);
        }
        let clauses = self.0.iter().map(|(plan, boost)| (Occur::Should, Box::new(BoostQuery::new(plan.query(strictness), *boost)) as Box<dyn Query>));
        Box::new(BooleanQuery::new(clauses.collect()))
    }

    fn can_relax(&self) -> bool {
        self.0.iter().any(|(plan, _)| plan.can_relax())
    }
}

pub(crate) fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

#[cfg(test)]
mod tests;

/// Scored hits of one page, the number of matches, and the facet counts.
type Collected = (Vec<(f32, tantivy::DocAddress)>, usize, facets::FacetCounts);
