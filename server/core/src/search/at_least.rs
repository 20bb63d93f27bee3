//! "At least k of these groups of clauses", scored as the sum of the clauses that match: what a
//! query asks of its words (each word a group of alternatives: its fields, near-spellings and
//! completions; all words, or all but one in longer queries). tantivy's minimum-should-match pops
//! a heap of the clauses for every document, and a union per word zeroed a 16 kB buffer per query;
//! the search bench's profile showed both among the largest costs of a query. This scorer takes
//! each clause in turn over a window of documents, marking which groups each document matched and
//! summing scores, then walks the window's documents with enough groups.

use tantivy::{
    query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight},
    DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED,
};

/// Documents per window: a bitset of 64 words marks the ones touched.
const WINDOW: u32 = 4096;

/// Groups one query may have: one bit each per document.
pub(crate) const MAX_GROUPS: usize = 64;

#[derive(Debug)]
pub(crate) struct AtLeast {
    /// (group, clause); groups are below `MAX_GROUPS`.
    clauses: Vec<(usize, Box<dyn Query>)>,
    k: usize,
    preferred: Option<Preferred>,
}

/// Documents matching at least `groups` groups score `bonus` more: a relaxed query's documents
/// that would have met the strict one come first.
#[derive(Debug, Clone, Copy)]
struct Preferred {
    groups: u32,
    bonus: Score,
}

impl AtLeast {
    /// Documents matching clauses of at least `k` distinct groups.
    pub fn groups(clauses: Vec<(usize, Box<dyn Query>)>, k: usize) -> Self {
        debug_assert!(clauses.iter().all(|(g, _)| *g < MAX_GROUPS));
        AtLeast { clauses: clauses.into_iter().filter(|(g, _)| *g < MAX_GROUPS).collect(), k: k.max(1), preferred: None }
    }

    /// The same, with `bonus` added to the score of documents matching at least `groups` groups.
    pub fn preferring(mut self, groups: usize, bonus: Score) -> Self {
        self.preferred = Some(Preferred { groups: groups as u32, bonus });
        self
    }

    /// Documents matching at least `k` of the clauses.
    #[cfg(test)]
    pub fn new(clauses: Vec<Box<dyn Query>>, k: usize) -> Self {
        Self::groups(clauses.into_iter().enumerate().collect(), k)
    }
}

impl Clone for AtLeast {
    fn clone(&self) -> Self {
        AtLeast { clauses: self.clauses.iter().map(|(g, c)| (*g, c.box_clone())).collect(), k: self.k, preferred: self.preferred }
    }
}

impl Query for AtLeast {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self.clauses.iter().map(|(g, c)| Ok((*g as u8, c.weight(enable_scoring)?))).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastWeight { weights, k: self.k, preferred: self.preferred }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for (_, c) in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct AtLeastWeight {
    weights: Vec<(u8, Box<dyn Weight>)>,
    k: usize,
    preferred: Option<Preferred>,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        let mut groups: u64 = 0;
        for (g, w) in &self.weights {
            let s = w.scorer(reader, boost)?;
            // A clause with no document in this segment can never count.
            if s.doc() != TERMINATED {
                groups |= 1 << g;
                scorers.push((*g, s));
            }
        }
        if (groups.count_ones() as usize) < self.k {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(AtLeastScorer::new(scorers, self.k as u32, self.preferred)))
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
    /// (group, clause).
    scorers: Vec<(u8, Box<dyn Scorer>)>,
    k: u32,
    /// Never met when there is no preference.
    preferred: Preferred,
    /// First document of the window.
    offset: DocId,
    /// Per document of the window: the groups it matched, and its summed score.
    groups: Box<[u64]>,
    sums: Box<[Score]>,
    touched: [u64; (WINDOW / 64) as usize],
    /// Word of `touched` being walked.
    word: usize,
    doc: DocId,
    score: Score,
}

impl AtLeastScorer {
    fn new(scorers: Vec<(u8, Box<dyn Scorer>)>, k: u32, preferred: Option<Preferred>) -> Self {
        let mut s = AtLeastScorer {
            scorers,
            k,
            preferred: preferred.unwrap_or(Preferred { groups: u32::MAX, bonus: 0.0 }),
            offset: 0,
            // Zeroed allocations, not arrays moved from the stack.
            groups: vec![0; WINDOW as usize].into_boxed_slice(),
            sums: vec![0.0; WINDOW as usize].into_boxed_slice(),
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
        let Some(start) = self.scorers.iter().map(|(_, s)| s.doc()).min().filter(|d| *d != TERMINATED) else { return false };
        self.offset = start;
        self.word = 0;
        let end = start.saturating_add(WINDOW);
        for (group, scorer) in &mut self.scorers {
            let mut d = scorer.doc();
            while d < end {
                let i = (d - start) as usize;
                self.groups[i] |= 1 << *group;
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
                let (groups, sum) = (self.groups[i], self.sums[i]);
                self.groups[i] = 0;
                self.sums[i] = 0.0;
                let matched = groups.count_ones();
                if matched >= self.k {
                    self.doc = self.offset + i as DocId;
                    self.score = if matched >= self.preferred.groups { sum + self.preferred.bonus } else { sum };
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
                self.groups[i] = 0;
                self.sums[i] = 0.0;
                bits &= bits - 1;
            }
            self.touched[w] = 0;
        }
        for (_, scorer) in &mut self.scorers {
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
        self.scorers.iter().map(|(_, s)| s.size_hint()).max().unwrap_or(0)
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
        schema::{Field, IndexRecordOption, Schema, TEXT},
        Index, IndexWriter, Searcher, TantivyDocument, Term,
    };

    /// 10,000 documents of six words among w0…w11: three windows.
    fn fixture() -> (Searcher, Field) {
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
        (index.reader().unwrap().searcher(), body)
    }

    fn term(body: Field, w: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(body, w), IndexRecordOption::WithFreqs))
    }

    /// Both queries find the same documents with the same scores, alone and inside an
    /// intersection (which seeks); how many documents they found.
    fn same_hits(searcher: &Searcher, body: Field, ours: Box<dyn Query>, theirs: Box<dyn Query>, label: &str) -> usize {
        let with_w2 = |q: Box<dyn Query>| -> Box<dyn Query> { Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, term(body, "w2"))])) };
        let mut found = 0;
        for (a, b) in [(ours.box_clone(), theirs.box_clone()), (with_w2(ours), with_w2(theirs))] {
            let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(20_000).order_by_score()).unwrap();
            let (mut x, mut y) = (top(a.as_ref()), top(b.as_ref()));
            assert_eq!(x.len(), y.len(), "{label}");
            x.sort_by_key(|(_, d)| *d);
            y.sort_by_key(|(_, d)| *d);
            for ((sa, da), (sb, db)) in x.iter().zip(&y) {
                assert_eq!(da, db, "{label}");
                assert!((sa - sb).abs() < 1e-3, "{label}: {sa} against {sb}");
            }
            found = found.max(x.len());
        }
        found
    }

    /// Same documents and scores as tantivy's minimum-should-match, over several windows.
    #[test]
    fn matches_what_minimum_should_match_matches() {
        let (searcher, body) = fixture();
        let words = ["w1", "w3", "w5", "w7", "w11"];
        for n in 3..=words.len() {
            for k in 2..=n {
                let ours = Box::new(AtLeast::new(words[..n].iter().map(|w| term(body, w)).collect(), k));
                let theirs = Box::new(BooleanQuery::with_minimum_required_clauses(words[..n].iter().map(|w| (Occur::Should, term(body, w))).collect(), k));
                let found = same_hits(&searcher, body, ours, theirs, &format!("n={n} k={k}"));
                assert!(found > 0 || k == n, "n={n} k={k}: nothing matched");
            }
        }
    }

    /// A preference adds its bonus to exactly the documents the stricter query finds, so they come
    /// first, with their own scores otherwise.
    #[test]
    fn preferred_documents_are_those_of_the_stricter_query() {
        let (searcher, body) = fixture();
        let words = ["w1", "w3", "w5", "w7"];
        let clauses = || words.iter().map(|w| term(body, w)).collect::<Vec<_>>();
        let top = |q: &dyn Query| searcher.search(q, &TopDocs::with_limit(20_000).order_by_score()).unwrap();
        let strict: std::collections::HashMap<_, _> = top(&AtLeast::new(clauses(), 3)).into_iter().map(|(s, d)| (d, s)).collect();
        let loose = top(&AtLeast::new(clauses(), 2));
        let relaxed = top(&AtLeast::new(clauses(), 2).preferring(3, 1000.0));
        assert!(relaxed.len() == loose.len() && relaxed.len() > strict.len() && !strict.is_empty());
        for (i, (score, doc)) in relaxed.iter().enumerate() {
            match strict.get(doc) {
                Some(s) => assert!(i < strict.len() && (score - 1000.0 - s).abs() < 1e-3, "{doc:?}"),
                None => assert!(i >= strict.len() && *score < 1000.0, "{doc:?}"),
            }
        }
    }

    /// A group (a word's alternatives) counts once however many of its clauses match, and its
    /// clauses' scores add up: the same as a union per group under minimum-should-match.
    #[test]
    fn a_group_counts_once_however_many_of_its_clauses_match() {
        let (searcher, body) = fixture();
        let groups: [&[&str]; 3] = [&["w1", "w2"], &["w3"], &["w5", "w6", "w7"]];
        for k in 1..=3 {
            let ours = AtLeast::groups(groups.iter().enumerate().flat_map(|(g, words)| words.iter().map(move |w| (g, term(body, w)))).collect(), k);
            let unions: Vec<(Occur, Box<dyn Query>)> = groups
                .iter()
                .map(|words| (Occur::Should, Box::new(BooleanQuery::new(words.iter().map(|w| (Occur::Should, term(body, w))).collect())) as Box<dyn Query>))
                .collect();
            let theirs = Box::new(BooleanQuery::with_minimum_required_clauses(unions, k));
            assert!(same_hits(&searcher, body, Box::new(ours), theirs, &format!("k={k}")) > 0, "k={k}: nothing matched");
        }
    }
}
