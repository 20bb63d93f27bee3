//! Each language's words, merged from its four text fields and every segment into one finite-state
//! map, built once with the index. Typo tolerance and prefix matching walk one automaton over it,
//! where they walked each field of each segment before: the search bench's profile showed those
//! walks as the largest cost of a tolerant query.

use super::{Fields, TEXT_FIELDS};
use std::collections::{BTreeMap, HashMap};
use tantivy::{schema::Field, Searcher};
use tantivy_fst::{Automaton, IntoStreamer, Map, Streamer};

/// How many words of the index one automaton may visit: enough for any typo, and a cap on what a
/// two-letter prefix costs.
const VISIT_LIMIT: usize = 256;

/// An index word and which text fields hold it (bit k for `TEXT_FIELDS[k]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    pub fields: u8,
}

impl Word {
    pub fn in_field(&self, k: usize) -> bool {
        self.fields & (1 << k) != 0
    }
}

/// Word → (documents having it, summed over fields) << 4 | field bits, per language.
pub(crate) struct Lexicon {
    languages: HashMap<String, Map<Vec<u8>>>,
}

impl Lexicon {
    pub fn build(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Self> {
        let mut languages = HashMap::new();
        for lang in crate::LOCALES {
            let mut words: BTreeMap<Vec<u8>, (u64, u8)> = BTreeMap::new();
            for (k, name) in TEXT_FIELDS.iter().enumerate() {
                collect(searcher, fields.text(lang, name), k, &mut words)?;
            }
            let map = Map::from_iter(words.into_iter().map(|(word, (docs, bits))| (word, docs << 4 | bits as u64)))
                .map_err(|e| tantivy::TantivyError::InternalError(format!("lexicon: {e}")))?;
            languages.insert(lang.to_string(), map);
        }
        Ok(Lexicon { languages })
    }

    /// Which text fields of `lang` hold `word` exactly (no bit set when none does).
    pub fn fields_holding(&self, lang: &str, word: &str) -> u8 {
        self.languages.get(lang).and_then(|m| m.get(word)).map_or(0, |value| (value & 0xf) as u8)
    }

    /// The words of `lang` the automaton accepts, the most frequent first, at most `limit`.
    pub fn matching<A: Automaton>(&self, lang: &str, automaton: A, limit: usize) -> Vec<Word> {
        let Some(map) = self.languages.get(lang) else { return Vec::new() };
        let mut found: Vec<(u64, Word)> = Vec::new();
        let mut stream = map.search(automaton).into_stream();
        while let Some((key, value)) = stream.next() {
            if let Ok(text) = std::str::from_utf8(key) {
                found.push((value >> 4, Word { text: text.to_string(), fields: (value & 0xf) as u8 }));
            }
            if found.len() >= VISIT_LIMIT {
                break;
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.text.cmp(&b.1.text)));
        found.into_iter().take(limit).map(|(_, w)| w).collect()
    }
}

/// Accepts words starting with one byte. Two typos are allowed only after a right first letter:
/// a Levenshtein automaton of distance two let loose on the whole word map explores most of it,
/// and readers rarely get the first letter wrong (one typo there is still forgiven).
pub(crate) struct FirstByte(pub u8);

impl Automaton for FirstByte {
    /// 0 before the first byte, 1 once it matched, 2 when it did not.
    type State = u8;

    fn start(&self) -> u8 {
        0
    }

    fn is_match(&self, state: &u8) -> bool {
        *state == 1
    }

    fn can_match(&self, state: &u8) -> bool {
        *state != 2
    }

    fn will_always_match(&self, state: &u8) -> bool {
        *state == 1
    }

    fn accept(&self, state: &u8, byte: u8) -> u8 {
        match state {
            0 if byte == self.0 => 1,
            1 => 1,
            _ => 2,
        }
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
        let map = Map::from_iter(words.iter().map(|w| (w.as_bytes().to_vec(), 0u64))).unwrap();
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
    fn first_byte_accepts_only_words_with_that_first_letter() {
        assert_eq!(words_of(&["apple", "maple", "pale"], FirstByte(b'p')), ["pale"]);
    }
}
