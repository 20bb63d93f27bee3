//! Recent results, bounded by their size. Readers repeat each other's queries, and search as you
//! type asks for the same beginnings again; a repeated query is answered without running it.
//! The cache lives in the index, so a rebuilt index starts with an empty one; the reader's rights
//! and the release notes published by the query's time are part of the key.

use super::{Features, SearchRequest, SearchResults};
use quick_cache::{sync::Cache, Weighter};
use std::sync::Arc;

/// Everything a query's results depend on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    locale: String,
    query: String,
    module: Option<String>,
    doc_type: Option<String>,
    signed_in: bool,
    /// Sorted: the same groups in another order are the same rights.
    groups: Vec<String>,
    /// A customer's own articles are found on their tenant alone.
    tenant: Option<String>,
    limit: usize,
    offset: usize,
    features: Features,
    /// How many scheduled release notes are published by the query's time.
    published: usize,
}

#[derive(Clone)]
struct Cached {
    results: Arc<SearchResults>,
    bytes: u64,
}

#[derive(Clone)]
struct Bytes;

impl Weighter<Key, Cached> for Bytes {
    fn weight(&self, _key: &Key, value: &Cached) -> u64 {
        value.bytes
    }
}

pub(crate) struct ResultCache {
    cache: Option<Cache<Key, Cached, Bytes>>,
    bytes: u64,
}

impl ResultCache {
    /// A cache holding at most about `bytes` of results; none at 0.
    pub fn new(bytes: u64) -> Self {
        // About 6 kB per page of results.
        let cache = (bytes > 0).then(|| Cache::with_weighter((bytes / 6_000).max(16) as usize, bytes, Bytes));
        ResultCache { cache, bytes }
    }

    pub fn capacity(&self) -> u64 {
        self.bytes
    }

    /// The results of `req` if it was answered recently, else those `run` gives (kept for next time).
    pub fn get_or_run<E>(&self, req: &SearchRequest, published: usize, run: impl FnOnce() -> Result<SearchResults, E>) -> Result<SearchResults, E> {
        let Some(cache) = &self.cache else { return run() };
        let mut groups = req.reader.groups.clone();
        groups.sort();
        let key = Key {
            locale: req.locale.to_string(),
            query: req.query.to_string(),
            module: req.module.map(str::to_string),
            doc_type: req.doc_type.map(str::to_string),
            signed_in: req.reader.signed_in,
            tenant: req.reader.tenant.clone(),
            groups,
            limit: req.limit,
            offset: req.offset,
            features: req.features,
            published,
        };
        if let Some(found) = cache.get(&key) {
            metrics::counter!("atrium_search_cache_hits_total").increment(1);
            return Ok((*found.results).clone());
        }
        let results = run()?;
        let bytes = size_of(&key, &results);
        cache.insert(key, Cached { results: Arc::new(results.clone()), bytes });
        Ok(results)
    }
}

/// Roughly what an entry takes in memory.
fn size_of(key: &Key, results: &SearchResults) -> u64 {
    let hits: usize = results.hits.iter().map(|h| 96 + h.path.len() + h.title.len() + h.module.len() + h.snippet.len() + h.doc_type.len()).sum();
    let facets: usize = results.modules.keys().chain(results.types.keys()).map(|k| 48 + k.len()).sum();
    (256 + key.query.len() + hits + facets) as u64
}
