//! Highlighted passages. Analysing a hit's whole excerpt with its language's stemmer took most of
//! a query's time (the search bench measured it), so only the words that start like a matched term
//! are stemmed to find the first real match, and the passage is chosen in a window around it.

use super::{Field, SearchError};
use std::collections::BTreeMap;
use tantivy::{
    snippet::SnippetGenerator,
    tokenizer::{TextAnalyzer, TokenStream},
    Index,
};

/// Characters of a passage, and of the window it is chosen in around the first match.
const PASSAGE_CHARS: usize = 180;
const BEFORE: usize = 200;
const AFTER: usize = 500;

/// Per language, made when a hit of that language first needs it: the snippet generator and the
/// field's analyzer.
#[derive(Default)]
pub(crate) struct Snippets {
    languages: BTreeMap<String, (SnippetGenerator, TextAnalyzer)>,
}

impl Snippets {
    /// The passage of `text` that best shows `terms`, as HTML with `<mark>`; `None` when no term
    /// is in the text.
    pub fn html(&mut self, index: &Index, lang: &str, body: Field, terms: &BTreeMap<String, f32>, text: &str) -> Result<Option<String>, SearchError> {
        if !self.languages.contains_key(lang) {
            let analyzer = index.tokenizer_for_field(body)?;
            let generator = SnippetGenerator::new(terms.clone(), analyzer.clone(), body, PASSAGE_CHARS);
            self.languages.insert(lang.to_string(), (generator, analyzer));
        }
        let (generator, analyzer) = self.languages.get_mut(lang).expect("just made");
        let Some(part) = window(text, terms, analyzer) else { return Ok(None) };
        let mut snippet = generator.snippet(part);
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        Ok((!snippet.is_empty()).then(|| snippet.to_html()))
    }
}

/// The part of `text` around its first word that the analyzer turns into one of `terms`. Only
/// words sharing a term's first two letters are analysed.
fn window<'a>(text: &'a str, terms: &BTreeMap<String, f32>, analyzer: &mut TextAnalyzer) -> Option<&'a str> {
    let starts: Vec<&[u8]> = terms.keys().filter(|t| t.len() >= 2).map(|t| &t.as_bytes()[..2]).collect();
    let mut first = None;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        // `word` is a slice of `text`: its offset is the distance between their starts.
        let at = word.as_ptr() as usize - text.as_ptr() as usize;
        let b = word.as_bytes();
        let candidate = b.len() >= 2 && (!b[..2].is_ascii() || starts.iter().any(|s| s.eq_ignore_ascii_case(&b[..2])));
        if !candidate {
            continue;
        }
        // A word is one token, but a run of CJK text is many pairs.
        let mut stream = analyzer.token_stream(word);
        while let Some(token) = stream.next() {
            if terms.contains_key(&token.text) {
                first = Some(at + token.offset_from);
                break;
            }
        }
        if first.is_some() {
            break;
        }
    }
    let first = first?;
    Some(&text[text.floor_char_boundary(first.saturating_sub(BEFORE))..text.ceil_char_boundary(first + AFTER)])
}

#[cfg(test)]
mod tests {
    use super::window;
    use crate::search::analysis::analyzer;
    use std::collections::BTreeMap;

    fn terms(words: &[&str]) -> BTreeMap<String, f32> {
        words.iter().map(|w| (w.to_string(), 1.0)).collect()
    }

    #[test]
    fn the_window_is_around_the_first_word_that_is_a_term_once_analysed() {
        let text = format!("{} Importez les salariés depuis un fichier. {}", "x ".repeat(400), "y ".repeat(400));
        let w = window(&text, &terms(&["salar"]), &mut analyzer("fr")).unwrap();
        assert!(w.contains("salariés depuis"), "{w}");
        assert!(w.len() < 800);
        // A word merely starting like the term is not a match: "emplacement" is not "employe".
        let w = window("un emplacement, puis les employés", &terms(&["employ"]), &mut analyzer("fr")).unwrap();
        assert!(w.starts_with("un emplacement"));
        assert_eq!(window("un emplacement ici", &terms(&["employ"]), &mut analyzer("fr")), None);
    }
}
