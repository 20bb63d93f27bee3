//! "At least k of these clauses", scored as the sum of those that match: what a query of three
//! known words or more asks (all but one must match). tantivy's minimum-should-match pops a heap
//! of the clauses for every document; the search bench's profile showed it as the largest single
//! cost of a query. This scorer instead takes each clause in turn over a window of documents,
//! counting and summing per document, then walks the window's documents that have enough.

use tantivy::{
    query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight},
    DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED,
};

/// Documents per window: a bitset of 64 words marks the ones touched.
const WINDOW: u32 = 4096;

#[derive(Debug)]
pub(crate) struct AtLeast {
    clauses: Vec<Box<dyn Query>>,
    k: usize,
}

impl AtLeast {
    pub fn new(clauses: Vec<Box<dyn Query>>, k: usize) -> Self {
        AtLeast { clauses, k: k.max(1) }
    }
}

impl Clone for AtLeast {
    fn clone(&self) -> Self {
        AtLeast { clauses: self.clauses.iter().map(|c| c.box_clone()).collect(), k: self.k }
    }
}

impl Query for AtLeast {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self.clauses.iter().map(|c| c.weight(enable_scoring)).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastWeight { weights, k: self.k }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for c in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct AtLeastWeight {
    weights: Vec<Box<dyn Weight>>,
    k: usize,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for w in &self.weights {
            let s = w.scorer(reader, boost)?;
            // A clause with no document in this segment can never count.
            if s.doc() != TERMINATED {
                scorers.push(s);
            }
        }
        if scorers.len() < self.k {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(AtLeastScorer::new(scorers, self.k as u32)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new_with_string(format!("at least {} clauses", self.k), scorer.score()))
    }
}

pub(crate) struct AtLeastScorer {
    scorers: Vec<Box<dyn Scorer>>,
    k: u32,
    /// First document of the window.
    offset: DocId,
    counts: Box<[u8; WINDOW as usize]>,
    sums: Box<[Score; WINDOW as usize]>,
    touched: [u64; (WINDOW / 64) as usize],
    /// Word of `touched` being walked.
    word: usize,
    doc: DocId,
    score: Score,
}

impl AtLeastScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>, k: u32) -> Self {
        let mut s = AtLeastScorer {
            scorers,
            k,
            offset: 0,
            counts: Box::new([0; WINDOW as usize]),
            sums: Box::new([0.0; WINDOW as usize]),
            touched: [0; (WINDOW / 64) as usize],
            word: 0,
            doc: 0,
            score: 0.0,
        };
        s.refill();
        s.advance_in_windows();
        s
    }

    /// Fills the next window, starting at the first document any clause is on; false when every
    /// clause is done.
    fn refill(&mut self) -> bool {
        let Some(start) = self.scorers.iter().map(|s| s.doc()).min().filter(|d| *d != TERMINATED) else { return false };
        self.offset = start;
        self.word = 0;
        let end = start.saturating_add(WINDOW);
        for scorer in &mut self.scorers {
            let mut d = scorer.doc();
            while d < end {
                let i = (d - start) as usize;
                self.counts[i] = self.counts[i].saturating_add(1);
                self.sums[i] += scorer.score();
                self.touched[i / 64] |= 1 << (i % 64);
                d = scorer.advance();
            }
        }
        true
    }

    /// Moves to the next document of the window with enough clauses, refilling as needed.
    fn advance_in_windows(&mut self) -> DocId {
        loop {
            while self.word < self.touched.len() {
                let bits = self.touched[self.word];
                if bits == 0 {
                    self.word += 1;
                    continue;
                }
                let bit = bits.trailing_zeros() as usize;
                self.touched[self.word] = bits & (bits - 1);
                let i = self.word * 64 + bit;
                let (count, sum) = (self.counts[i], self.sums[i]);
                self.counts[i] = 0;
                self.sums[i] = 0.0;
                if count as u32 >= self.k {
                    self.doc = self.offset + i as DocId;
                    self.score = sum;
                    return self.doc;
                }
            }
            if !self.refill() {
                self.doc = TERMINATED;
                return TERMINATED;
            }
        }
    }
}

impl DocSet for AtLeastScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.advance_in_windows()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if target < self.offset.saturating_add(WINDOW) {
            // Within this window: walk on.
            while self.doc < target {
                self.advance_in_windows();
            }
            return self.doc;
        }
        // Beyond it: drop the rest of the window and move every clause there.
        for w in self.word..self.touched.len() {
            let mut bits = self.touched[w];
            while bits != 0 {
                let i = w * 64 + bits.trailing_zeros() as usize;
                self.counts[i] = 0;
                self.sums[i] = 0.0;
                bits &= bits - 1;
            }
            self.touched[w] = 0;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.word = self.touched.len();
        self.advance_in_windows()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers.iter().map(|s| s.size_hint()).max().unwrap_or(0)
    }
}

impl Scorer for AtLeastScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use super::AtLeast;
    use tantivy::{
        collector::TopDocs,
        query::{BooleanQuery, Occur, Query, TermQuery},
        schema::{IndexRecordOption, Schema, TEXT},
        Index, IndexWriter, TantivyDocument, Term,
    };

    /// Same documents and scores as tantivy's minimum-should-match, over several windows, alone
    /// and inside an intersection (which seeks).
    #[test]
    fn matches_what_minimum_should_match_matches() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        let mut seed: u64 = 7;
        for _ in 0..10_000 {
            let mut text = String::new();
            for _ in 0..6 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(&format!("w{} ", (seed >> 33) % 12));
            }
            let mut doc = TantivyDocument::default();
            doc.add_text(body, &text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |w: &str| -> Box<dyn Query> { Box::new(TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs)) };
        let words = ["w1", "w3", "w5", "w7", "w11"];
        for n in 3..=words.len() {
            for k in 2..=n {
                let ours: Box<dyn Query> = Box::new(AtLeast::new(words[..n].iter().map(|w| term(w)).collect(), k));
                let theirs: Box<dyn Query> =
                    Box::new(BooleanQuery::with_minimum_required_clauses(words[..n].iter().map(|w| (Occur::Should, term(w))).collect(), k));
                for (a, b) in [(ours.box_clone(), theirs.box_clone()), (with_w2(ours, &term), with_w2(theirs, &term))] {
                    let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(20_000).order_by_score()).unwrap();
                    let (mut x, mut y) = (top(a.as_ref()), top(b.as_ref()));
                    assert!(!x.is_empty() || k == n, "n={n} k={k}: nothing matched");
                    assert_eq!(x.len(), y.len(), "n={n} k={k}");
                    x.sort_by_key(|(_, d)| *d);
                    y.sort_by_key(|(_, d)| *d);
                    for ((sa, da), (sb, db)) in x.iter().zip(&y) {
                        assert_eq!(da, db, "n={n} k={k}");
                        assert!((sa - sb).abs() < 1e-3, "n={n} k={k}: {sa} against {sb}");
                    }
                }
            }
        }
    }

    fn with_w2(q: Box<dyn Query>, term: &dyn Fn(&str) -> Box<dyn Query>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, term("w2"))]))
    }
}
