//! BM25 statistics per language. Each language has its own text fields, and a field exists only
//! in that language's documents; tantivy's defaults divide by every document of the index, so a
//! language with few documents looked as if its documents were many times longer than average and
//! its words rarer than they are, and lost to English stand-ins (the search bench's German pairs
//! showed it). These statistics count only the documents that have the field.

use std::collections::HashMap;
use tantivy::{query::Bm25StatisticsProvider, schema::Field, Searcher, Term};

pub(crate) struct PerFieldStatistics<'a> {
    pub searcher: &'a Searcher,
    /// Field → how many documents have it.
    pub documents: &'a HashMap<Field, u64>,
}

impl PerFieldStatistics<'_> {
    /// How much larger the whole index is than the documents having `field`.
    fn scale(&self, field: Field) -> f64 {
        let total = self.searcher.num_docs().max(1) as f64;
        let with_field = self.documents.get(&field).copied().unwrap_or(0).max(1) as f64;
        total / with_field
    }
}

impl Bm25StatisticsProvider for PerFieldStatistics<'_> {
    /// Scaled so that the average length is over the documents having the field.
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        Ok((tokens as f64 * self.scale(field)) as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    /// Scaled so that a word's rarity is judged among the documents having the field.
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let df = self.searcher.doc_freq(term)?;
        let total = self.searcher.num_docs();
        Ok(((df as f64 * self.scale(term.field())) as u64).min(total))
    }
}
