//! Highlighted passages. Analysing a hit's whole excerpt with its language's stemmer took most of
//! a query's time (the search bench measured it), so only the words that start like a matched
//! term are stemmed, and only up to a little past the first match; the passage is the stretch
//! around the matches that holds the most of them.

use super::{Field, SearchError};
use std::collections::{BTreeMap, HashMap};
use tantivy::{
    tokenizer::{TextAnalyzer, TokenStream},
    Index,
};

/// Characters of a passage, how much of it goes before its first match, and how far past the
/// first match of the text other matches are looked for.
const PASSAGE_CHARS: usize = 180;
const LEAD_CHARS: usize = 40;
const SCAN_AFTER: usize = 500;

/// How much of a word's start must be a term's start for the word to be analysed.
const PREFIX_BYTES: usize = 3;

/// Each language's analyzer, made when a hit of that language first needs it, and what it made
/// of each word already seen: the hits of one query share most of their words.
#[derive(Default)]
pub(crate) struct Snippets {
    languages: HashMap<String, Language>,
}

struct Language {
    analyzer: TextAnalyzer,
    /// Word → its matched tokens as (start, end, weight) within the word.
    seen: HashMap<String, Vec<(usize, usize, f32)>>,
}

/// A matched word: byte range in the text and the weight of the term it matched.
#[derive(Debug, Clone, Copy)]
struct Match {
    from: usize,
    to: usize,
    weight: f32,
}

impl Snippets {
    /// The passage of `text` that best shows `terms`, as HTML with `<mark>` around matched words
    /// and everything else escaped; `None` when no term is in the text.
    pub fn html(&mut self, index: &Index, lang: &str, body: Field, terms: &BTreeMap<String, f32>, text: &str) -> Result<Option<String>, SearchError> {
        if !self.languages.contains_key(lang) {
            let analyzer = index.tokenizer_for_field(body)?;
            self.languages.insert(lang.to_string(), Language { analyzer, seen: HashMap::new() });
        }
        let language = self.languages.get_mut(lang).expect("just made");
        let found = matches(text, terms, language);
        Ok((!found.is_empty()).then(|| render(text, &found)))
    }
}

/// The words of `text` that the analyzer turns into one of `terms`, from the first one to
/// `SCAN_AFTER` bytes past it. Only words sharing a term's first two letters are analysed.
fn matches(text: &str, terms: &BTreeMap<String, f32>, language: &mut Language) -> Vec<Match> {
    // Stems keep the start of their word (folded to ASCII): a word whose first three letters are
    // not those of any term cannot become one. Words with other letters there are analysed.
    // One sorted list of those starts (two letters for two-letter terms), looked up once a word.
    let mut starts: Vec<u32> = terms.keys().filter(|t| t.len() >= 2).map(|t| start_key(&t.as_bytes()[..t.len().min(PREFIX_BYTES)])).collect();
    starts.sort_unstable();
    starts.dedup();
    let two_letter_terms = terms.keys().any(|t| t.len() == 2);
    let mut found: Vec<Match> = Vec::new();
    for (at, word) in words(text) {
        if found.first().is_some_and(|first| at > first.from + SCAN_AFTER) {
            break;
        }
        let b = word.as_bytes();
        let head = &b[..b.len().min(PREFIX_BYTES)];
        let known_start = |n: usize| b.len() >= n && starts.binary_search(&start_key(&b[..n])).is_ok();
        let candidate = b.len() >= 2 && (!head.is_ascii() || known_start(PREFIX_BYTES) || (two_letter_terms && known_start(2)));
        if !candidate {
            continue;
        }
        if !language.seen.contains_key(word) {
            // A word is one token, but a run of CJK text is many pairs.
            let mut tokens = Vec::new();
            let mut stream = language.analyzer.token_stream(word);
            while let Some(token) = stream.next() {
                if let Some(weight) = terms.get(&token.text) {
                    tokens.push((token.offset_from, token.offset_to, *weight));
                }
            }
            language.seen.insert(word.to_string(), tokens);
        }
        for &(from, to, weight) in &language.seen[word] {
            let (from, to) = (at + from, at + to);
            // Overlapping CJK pairs merge into one highlighted run.
            match found.last_mut() {
                Some(last) if from <= last.to => {
                    last.to = last.to.max(to);
                    last.weight = last.weight.max(weight);
                }
                _ => found.push(Match { from, to, weight }),
            }
        }
    }
    found
}

/// A word's first bytes, lower-cased, as one number (with their count, so "ab" is not "ab\0").
fn start_key(bytes: &[u8]) -> u32 {
    bytes.iter().fold(bytes.len() as u32, |key, b| key << 8 | b.to_ascii_lowercase() as u32)
}

/// The words of `text` (runs of letters and digits) with their byte offsets. Most text is ASCII:
/// its bytes are tested directly, and only other characters are decoded.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    // Whether the character at byte `i` is a letter or digit, and its length.
    let at = move |i: usize| -> (bool, usize) {
        match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                (c.is_alphanumeric(), c.len_utf8())
            }
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let (letter, len) = at(i);
            if letter {
                break;
            }
            i += len;
        }
        let start = i;
        while i < bytes.len() {
            let (letter, len) = at(i);
            if !letter {
                break;
            }
            i += len;
        }
        (i > start).then(|| (start, &text[start..i]))
    })
}

/// The passage of about `PASSAGE_CHARS` that holds the heaviest matches, starting a little before
/// its first one, cut at word boundaries, with `…` where the text goes on.
fn render(text: &str, found: &[Match]) -> String {
    let span = |anchor: &Match| -> (usize, usize) {
        let from = text.floor_char_boundary(anchor.from.saturating_sub(LEAD_CHARS));
        (from, text.ceil_char_boundary((from + PASSAGE_CHARS).min(text.len())))
    };
    let weight_in = |(from, to): (usize, usize)| -> f32 { found.iter().filter(|m| m.from >= from && m.to <= to).map(|m| m.weight).sum() };
    // The earliest of the best passages: a reader meets the words where the text first uses them.
    let mut best = span(&found[0]);
    let mut best_weight = weight_in(best);
    for m in &found[1..] {
        let candidate = span(m);
        let w = weight_in(candidate);
        if w > best_weight {
            (best, best_weight) = (candidate, w);
        }
    }
    let (mut from, mut to) = best;
    // Never cut a word in two: move inwards to the nearest space, unless a match is there.
    let first_match = found.iter().find(|m| m.from >= from).map_or(to, |m| m.from);
    if from > 0 {
        if let Some((i, space)) = text[from..first_match].char_indices().find(|(_, c)| c.is_whitespace()) {
            from += i + space.len_utf8();
        }
    }
    let last_match_end = found.iter().rev().find(|m| m.to <= to).map_or(from, |m| m.to);
    if to < text.len() {
        if let Some(space) = text[last_match_end..to].rfind(char::is_whitespace) {
            to = last_match_end + space;
        }
    }
    let mut html = String::with_capacity(to - from + 64);
    if from > 0 {
        html.push('…');
    }
    let mut at = from;
    for m in found.iter().filter(|m| m.from >= from && m.to <= to) {
        html.push_str(&crate::escape_html(&text[at..m.from]));
        html.push_str("<mark>");
        html.push_str(&crate::escape_html(&text[m.from..m.to]));
        html.push_str("</mark>");
        at = m.to;
    }
    html.push_str(&crate::escape_html(text[at..to].trim_end()));
    if to < text.len() {
        html.push('…');
    }
    html
}

#[cfg(test)]
mod tests {
    use super::{matches, render, Language};
    use crate::search::analysis::analyzer;
    use std::collections::BTreeMap;

    /// The query words as the index holds them.
    fn terms(words: &[&str], lang: &str) -> BTreeMap<String, f32> {
        words.iter().flat_map(|w| crate::search::analysis::terms(lang, w)).map(|t| (t, 1.0)).collect()
    }

    fn snippet(text: &str, words: &[&str], lang: &str) -> Option<String> {
        let mut language = Language { analyzer: analyzer(lang), seen: Default::default() };
        let found = matches(text, &terms(words, lang), &mut language);
        (!found.is_empty()).then(|| render(text, &found))
    }

    #[test]
    fn the_passage_is_around_the_words_that_are_terms_once_analysed() {
        let text = format!("{} Importez les salariés depuis un fichier. {}", "x ".repeat(400), "y ".repeat(400));
        let s = snippet(&text, &["salarié", "importer"], "fr").unwrap();
        assert!(s.contains("<mark>Importez</mark> les <mark>salariés</mark> depuis"), "{s}");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.replace("<mark>", "").replace("</mark>", "").chars().count() <= super::PASSAGE_CHARS + 2, "{s}");
        // A word merely starting like the term is not a match: "emplacement" is not "employ".
        let s = snippet("un emplacement, puis les employés", &["employé"], "fr").unwrap();
        assert_eq!(s, "un emplacement, puis les <mark>employés</mark>");
        assert_eq!(snippet("un emplacement ici", &["employé"], "fr"), None);
        // Accented first letters are always analysed; inflected forms share their stem's start.
        assert_eq!(snippet("Ouvrez l'Écran de paie", &["écrans"], "fr").unwrap(), "Ouvrez l'<mark>Écran</mark> de paie");
        assert_eq!(snippet("Happy employees importing", &["happiness", "imports"], "en").unwrap(), "<mark>Happy</mark> employees <mark>importing</mark>");
    }

    #[test]
    fn the_passage_holding_more_matches_wins_and_markup_is_escaped() {
        let text = format!("Export once. {} <b>export</b> the payroll export file.", "filler words here ".repeat(15));
        let s = snippet(&text, &["exports", "payroll"], "en").unwrap();
        assert!(s.contains("&lt;b&gt;<mark>export</mark>&lt;/b&gt; the <mark>payroll</mark> <mark>export</mark>"), "{s}");
        assert!(!s.contains("Export once"), "{s}");
    }

    #[test]
    fn passages_are_cut_between_characters_whatever_their_width() {
        // Narrow no-break spaces and accented letters are several bytes long in UTF-8.
        for n in 0..80 {
            let text = format!("{}export{}", "é\u{202f}ü ".repeat(n), " ß\u{202f}".repeat(n));
            let s = snippet(&text, &["export"], "en").unwrap();
            assert!(s.contains("<mark>export</mark>"), "{n}: {s}");
        }
    }

    #[test]
    fn words_are_the_runs_of_letters_and_digits_with_their_offsets() {
        let text = "«Élève» n°2, x-ray\u{202f}über_alles 日本語";
        let expected: Vec<(usize, &str)> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
        assert_eq!(super::words(text).collect::<Vec<_>>(), expected);
        assert_eq!(super::words("").count(), 0);
        assert_eq!(super::words(" ,; ").count(), 0);
    }

    #[test]
    fn cjk_pairs_are_highlighted_as_one_run() {
        let s = snippet("設定を変更するには管理画面を開きます", &["管理画面"], "en").unwrap();
        assert!(s.contains("<mark>管理画面</mark>"), "{s}");
    }
}
