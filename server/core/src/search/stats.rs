//! BM25 statistics per language. Each language has its own text fields, and a field exists only
//! in that language's documents; tantivy's defaults divide by every document of the index, so a
//! language with few documents looked as if its documents were many times longer than average and
//! its words rarer than they are, and lost to English stand-ins (the search bench's German pairs
//! showed it). These statistics count only the documents that have the field.

use std::collections::HashMap;
use tantivy::{query::Bm25StatisticsProvider, schema::Field, Searcher, Term};

/// Per text field: how many documents have it, and its tokens scaled as if every document of the
/// index were like them. Counted once with the index: summing each field's tokens over the
/// segments for every term of every query was a few percent of a search's time.
#[derive(Clone)]
pub(crate) struct FieldTotals(HashMap<Field, (u64, u64)>);

impl FieldTotals {
    /// `documents`: text field → documents having it.
    pub fn count(searcher: &Searcher, documents: HashMap<Field, u64>) -> tantivy::Result<Self> {
        let total = searcher.num_docs().max(1) as f64;
        let mut totals = HashMap::with_capacity(documents.len());
        for (field, having) in documents {
            let tokens = Bm25StatisticsProvider::total_num_tokens(searcher, field)?;
            totals.insert(field, (having, (tokens as f64 * scale(total, having)) as u64));
        }
        Ok(FieldTotals(totals))
    }
}

/// How much larger the whole index (`total` documents) is than the `having` documents with a field.
fn scale(total: f64, having: u64) -> f64 {
    total / having.max(1) as f64
}

pub(crate) struct PerFieldStatistics<'a> {
    pub searcher: &'a Searcher,
    pub totals: &'a FieldTotals,
}

impl Bm25StatisticsProvider for PerFieldStatistics<'_> {
    /// Scaled so that the average length is over the documents having the field.
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.totals.0.get(&field) {
            Some((_, scaled)) => Ok(*scaled),
            None => Bm25StatisticsProvider::total_num_tokens(self.searcher, field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    /// Scaled so that a word's rarity is judged among the documents having the field.
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let df = self.searcher.doc_freq(term)?;
        let total = self.searcher.num_docs();
        let having = self.totals.0.get(&term.field()).map_or(0, |(having, _)| *having);
        Ok(((df as f64 * scale(total as f64, having)) as u64).min(total))
    }
}
