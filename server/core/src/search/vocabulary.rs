//! The words "did you mean" may offer: every word of the public articles, per language, with how
//! often it occurs. One finite-state map per language, searched with a Levenshtein automaton:
//! comparing a misspelt word with every word of the language took milliseconds per query on the
//! benchmark corpus, and a string per word held megabytes.

use super::{analysis, lexicon, query};
use crate::content::{ContentStore, Visibility};
use std::collections::HashMap;
use tantivy_fst::{IntoStreamer, Map, Streamer};

/// How many words within reach of a misspelt one are compared: the closest, most frequent wins.
const CANDIDATES: usize = 64;

pub(crate) struct Vocabulary {
    /// Language → word → occurrences in public articles.
    languages: HashMap<String, Map<Vec<u8>>>,
}

impl Vocabulary {
    /// The vendor's public articles only, so a suggestion can never reveal a word that only
    /// restricted ones, or one customer's own, hold.
    pub fn build(store: &ContentStore) -> Self {
        let mut counts: HashMap<String, HashMap<String, u64>> = HashMap::new();
        for article in store.all_articles().filter(|a| a.visibility == Visibility::Public && a.tenant.is_none()) {
            let words = counts.entry(article.locale.clone()).or_default();
            for text in [&article.title, &article.summary, &article.plain_text] {
                for word in text.split(|c: char| !c.is_alphanumeric()) {
                    // Runs of CJK text are sentences, not words: nothing to suggest from.
                    if word.len() < 3 || word.chars().count() < 3 || word.chars().any(analysis::is_cjk) {
                        continue;
                    }
                    // Most words are already lower case: those are counted without a copy.
                    if word.chars().any(char::is_uppercase) {
                        *words.entry(word.to_lowercase()).or_insert(0) += 1;
                    } else if let Some(n) = words.get_mut(word) {
                        *n += 1;
                    } else {
                        words.insert(word.to_string(), 1);
                    }
                }
            }
        }
        let languages = counts
            .into_iter()
            .map(|(lang, words)| {
                let mut sorted: Vec<(String, u64)> = words.into_iter().collect();
                sorted.sort_unstable();
                let map = Map::from_iter(sorted).expect("sorted, distinct words");
                (lang, map)
            })
            .collect();
        Vocabulary { languages }
    }

    fn knows(&self, languages: &[&str], word: &str) -> bool {
        languages.iter().any(|l| self.languages.get(*l).is_some_and(|m| m.contains_key(word)))
    }

    /// Each word the vocabulary does not know, replaced by its nearest well-known word (at most
    /// two edits, one for words of five letters or fewer; two only after a right first letter;
    /// the most frequent wins a tie). `None` when nothing changes.
    pub fn correct(&self, languages: &[&str], raw: &str) -> Option<String> {
        let mut changed = false;
        let mut out = Vec::new();
        for word in query::words(&query::clean(raw)) {
            let chars = word.chars().count();
            if chars < 3 || self.knows(languages, &word) {
                out.push(word);
                continue;
            }
            let budget = if chars <= 5 { 1 } else { 2 };
            let mut best: Option<(usize, std::cmp::Reverse<u64>, String)> = None;
            for lang in languages {
                let (Some(map), Some(automaton)) = (self.languages.get(*lang), lexicon::within(&word, budget)) else { continue };
                let mut stream = map.search(automaton).into_stream();
                let mut seen = 0;
                while let Some((candidate, count)) = stream.next() {
                    let Ok(candidate) = std::str::from_utf8(candidate) else { continue };
                    let key = (strsim::damerau_levenshtein(&word, candidate), std::cmp::Reverse(count), candidate.to_string());
                    if best.as_ref().is_none_or(|b| key < *b) {
                        best = Some(key);
                    }
                    seen += 1;
                    if seen >= CANDIDATES {
                        break;
                    }
                }
            }
            match best {
                Some((_, _, candidate)) => {
                    out.push(candidate);
                    changed = true;
                }
                None => out.push(word),
            }
        }
        changed.then(|| out.join(" "))
    }
}
