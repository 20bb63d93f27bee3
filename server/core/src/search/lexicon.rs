//! Each language's words, merged from its four text fields and every segment into one finite-state
//! map, built once with the index. Typo tolerance and prefix matching walk one automaton over it,
//! where they walked each field of each segment before: the search bench's profile showed those
//! walks as the largest cost of a tolerant query.

use super::{Fields, TEXT_FIELDS};
use std::collections::{BTreeMap, HashMap};
use tantivy::{
    query::{DfaWrapper, FuzzyTermQuery},
    schema::Field,
    Searcher, Term,
};
use tantivy_fst::{Automaton, IntoStreamer, Map, Streamer};

/// How many words of the index one automaton may visit: enough for any typo, and a cap on what a
/// two-letter prefix costs.
const VISIT_LIMIT: usize = 256;

/// Document counts are kept below 2^36: they only rank a word's neighbours.
const DOCS_MAX: u64 = (1 << 36) - 1;

/// An index word, its number in its language's lexicon, and which text fields hold it (bit k for
/// `TEXT_FIELDS[k]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub ordinal: u32,
    pub fields: u8,
}

impl Word {
    pub fn in_field(&self, k: usize) -> bool {
        self.fields & (1 << k) != 0
    }
}

/// Word → its ordinal (its place in the sorted list) << 40 | documents having it (summed over
/// fields) << 4 | field bits, per language. Snippets find a hit's matches by ordinal.
#[derive(Clone)]
pub(crate) struct Lexicon {
    /// Shared: an update that changes nothing keeps the same maps.
    languages: HashMap<String, std::sync::Arc<Map<Vec<u8>>>>,
}

impl Lexicon {
    pub fn build(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Self> {
        let mut languages = HashMap::new();
        for lang in &fields.languages {
            let mut words: BTreeMap<Vec<u8>, (u64, u8)> = BTreeMap::new();
            for (k, name) in TEXT_FIELDS.iter().enumerate() {
                collect(searcher, fields.text(lang, name), k, &mut words)?;
            }
            let map =
                Map::from_iter(words.into_iter().enumerate().map(|(i, (word, (docs, bits)))| (word, (i as u64) << 40 | docs.min(DOCS_MAX) << 4 | bits as u64)))
                    .map_err(|e| tantivy::TantivyError::InternalError(format!("lexicon: {e}")))?;
            languages.insert(lang.to_string(), std::sync::Arc::new(map));
        }
        Ok(Lexicon { languages })
    }

    /// A lexicon of one language holding `words` in the body field, for tests of what uses one.
    #[cfg(test)]
    pub fn of_words(lang: &str, words: &[String]) -> Self {
        let sorted: std::collections::BTreeSet<&[u8]> = words.iter().map(|w| w.as_bytes()).collect();
        let map = Map::from_iter(sorted.into_iter().enumerate().map(|(i, w)| (w, (i as u64) << 40 | 1 << 4 | 1 << 3))).unwrap();
        Lexicon { languages: HashMap::from([(lang.to_string(), std::sync::Arc::new(map))]) }
    }

    /// For each ordinal of `lang` here, the same word's ordinal in `newer` (`u32::MAX` when it is
    /// gone): how excerpts analysed against this lexicon follow a rebuilt one.
    pub fn remap(&self, newer: &Lexicon, lang: &str) -> Vec<u32> {
        let Some(old) = self.languages.get(lang) else { return Vec::new() };
        let new = newer.languages.get(lang);
        let mut table = Vec::with_capacity(old.len());
        let mut stream = old.stream();
        while let Some((word, _)) = stream.next() {
            table.push(new.and_then(|m| m.get(word)).map_or(u32::MAX, |v| (v >> 40) as u32));
        }
        table
    }

    /// `word`'s ordinal in `lang` and which text fields hold it exactly.
    pub fn get(&self, lang: &str, word: &str) -> Option<(u32, u8)> {
        self.languages.get(lang).and_then(|m| m.get(word)).map(|value| ((value >> 40) as u32, (value & 0xf) as u8))
    }

    /// The words of `lang` the automaton accepts, the most frequent first, at most `limit`. Only
    /// the words that enter the running top `limit` are copied out of the map.
    pub fn matching<A: Automaton>(&self, lang: &str, automaton: A, limit: usize) -> Vec<Word> {
        let Some(map) = self.languages.get(lang) else { return Vec::new() };
        // (documents, word), kept sorted most frequent first, alphabetical within a count.
        let mut top: Vec<(u64, Word)> = Vec::with_capacity(limit + 1);
        let mut stream = map.search(automaton).into_stream();
        let mut visited = 0;
        while let Some((key, value)) = stream.next() {
            visited += 1;
            let docs = value >> 4 & DOCS_MAX;
            // Words come in alphabetical order: an equal count never displaces an earlier word.
            if top.len() < limit || top.last().is_some_and(|(d, _)| docs > *d) {
                if let Ok(text) = std::str::from_utf8(key) {
                    let word = Word { text: text.to_string(), ordinal: (value >> 40) as u32, fields: (value & 0xf) as u8 };
                    let at = top.partition_point(|(d, _)| *d >= docs);
                    top.insert(at, (docs, word));
                    top.truncate(limit);
                }
            }
            if visited >= VISIT_LIMIT {
                break;
            }
        }
        top.into_iter().map(|(_, w)| w).collect()
    }
}

/// Accepts the words within a typo budget of one word (a swap of two letters is one typo). Two
/// typos are allowed only after a right first letter: a Levenshtein automaton of distance two let
/// loose on a whole word map explores most of it, and readers rarely get the first letter wrong
/// (one typo there is still forgiven).
pub(crate) struct Typos {
    one: DfaWrapper,
    two: Option<DfaWrapper>,
    first: u8,
}

/// The words within `distance` (1 or 2) typos of `word`; `None` for an empty word.
pub(crate) fn within(word: &str, distance: u8) -> Option<Typos> {
    // The automata are tantivy's (their builders are made once); the field is not used.
    let automaton = |d| FuzzyTermQuery::new(Term::from_field_text(Field::from_field_id(0), word), d, true).automaton().ok();
    let first = *word.as_bytes().first()?;
    Some(Typos { one: automaton(1)?, two: if distance >= 2 { automaton(2) } else { None }, first })
}

/// (state within one typo, state within two while the first byte was right, whether a byte was read).
type TyposState = (u32, Option<u32>, bool);

impl Automaton for Typos {
    type State = TyposState;

    fn start(&self) -> TyposState {
        (self.one.start(), self.two.as_ref().map(|t| t.start()), false)
    }

    fn is_match(&self, (one, two, started): &TyposState) -> bool {
        self.one.is_match(one) || (*started && two.zip(self.two.as_ref()).is_some_and(|(s, t)| t.is_match(&s)))
    }

    fn can_match(&self, (one, two, _): &TyposState) -> bool {
        self.one.can_match(one) || two.zip(self.two.as_ref()).is_some_and(|(s, t)| t.can_match(&s))
    }

    fn accept(&self, (one, two, started): &TyposState, byte: u8) -> TyposState {
        let two = match (two, &self.two) {
            (Some(s), Some(t)) if *started || byte == self.first => Some(t.accept(s, byte)),
            _ => None,
        };
        (self.one.accept(one, byte), two, true)
    }
}

/// Accepts the words that start with these bytes: the word being typed. A plain walk down the
/// word map, where a Levenshtein automaton of distance zero had to be built for each query.
pub(crate) struct Prefix<'a>(pub &'a [u8]);

impl Automaton for Prefix<'_> {
    /// How many bytes of the prefix matched so far; `None` once one did not.
    type State = Option<usize>;

    fn start(&self) -> Option<usize> {
        Some(0)
    }

    fn is_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn can_match(&self, state: &Option<usize>) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Option<usize>) -> bool {
        *state == Some(self.0.len())
    }

    fn accept(&self, state: &Option<usize>, byte: u8) -> Option<usize> {
        match *state {
            Some(n) if n == self.0.len() => Some(n),
            Some(n) if self.0[n] == byte => Some(n + 1),
            _ => None,
        }
    }
}

fn collect(searcher: &Searcher, field: Field, k: usize, words: &mut BTreeMap<Vec<u8>, (u64, u8)>) -> tantivy::Result<()> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let entry = words.entry(stream.key().to_vec()).or_default();
            entry.0 += stream.value().doc_freq as u64;
            entry.1 |= 1 << k;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of<A: Automaton>(words: &[&str], automaton: A) -> Vec<String> {
        let mut sorted = words.to_vec();
        sorted.sort_unstable();
        let map = Map::from_iter(sorted.iter().map(|w| (w.as_bytes().to_vec(), 0u64))).unwrap();
        let mut stream = map.search(automaton).into_stream();
        let mut out = Vec::new();
        while let Some((key, _)) = stream.next() {
            out.push(String::from_utf8(key.to_vec()).unwrap());
        }
        out
    }

    #[test]
    fn a_prefix_accepts_exactly_the_words_starting_with_it() {
        let words = ["cal", "calibr", "calibrat", "calm", "cama"];
        assert_eq!(words_of(&words, Prefix(b"calib")), ["calibr", "calibrat"]);
        assert_eq!(words_of(&words, Prefix(b"cal")), ["cal", "calibr", "calibrat", "calm"]);
        assert!(words_of(&words, Prefix(b"x")).is_empty());
    }

    #[test]
    fn two_typos_only_after_a_right_first_letter() {
        let words = ["configuration", "konfiguration", "configurations", "konfigurazion", "xonfiguratio", "config"];
        // One typo anywhere, the first letter included; a swap of two letters is one.
        assert_eq!(words_of(&words, within("configuration", 1).unwrap()), ["configuration", "configurations", "konfiguration"]);
        assert_eq!(words_of(&["cart", "chart"], within("chrat", 1).unwrap()), ["chart"]);
        // Two typos only when the first letter is right.
        assert_eq!(words_of(&["configuratoin", "configuraton", "konfigurazion"], within("configuration", 2).unwrap()), ["configuratoin", "configuraton"]);
        assert!(words_of(&words, within("xonfiguratio", 2).unwrap()).contains(&"xonfiguratio".to_string()));
        assert!(within("", 2).is_none());
    }
}
