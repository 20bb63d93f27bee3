//! Highlighted passages. Each document's excerpt is analysed once, when the index is built, into
//! the lexicon numbers of its terms and where each term is in the text; a query's matches in a hit
//! are then found by comparing numbers, where analysing the text at query time took a third of a
//! query's time (the search bench measured it). The passage is the stretch around the matches
//! that holds the most of them.

use super::lexicon::Lexicon;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Characters of a passage, how much of it goes before its first match, and how far past the
/// first match of the text other matches are looked for.
const PASSAGE_CHARS: usize = 180;
const LEAD_CHARS: usize = 40;
const SCAN_AFTER: usize = 500;

/// Terms kept of each excerpt: about the 6,000 bytes of a Latin-script excerpt. Chinese, Japanese
/// and Korean text has a term per character, three bytes each; without this bound their excerpts
/// took four fifths of the snippets' memory (12 of 15 MiB at 16k articles).
const MAX_EXCERPT_TERMS: usize = 1_000;

/// The terms of a document's excerpt, in order: lexicon ordinal, start byte and byte length of
/// each (excerpts are a few thousand bytes; the analyzer drops words of 40 bytes or more).
#[derive(Default, Clone)]
pub(crate) struct ExcerptTerms {
    ordinals: Box<[u32]>,
    starts: Box<[u16]>,
    lengths: Box<[u8]>,
}

impl ExcerptTerms {
    pub fn build(analyzer: &mut TextAnalyzer, lexicon: &Lexicon, lang: &str, text: &str) -> Self {
        let (mut ordinals, mut starts, mut lengths) = (Vec::new(), Vec::new(), Vec::new());
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            if ordinals.len() == MAX_EXCERPT_TERMS {
                break;
            }
            let (Ok(start), Ok(length)) = (u16::try_from(token.offset_from), u8::try_from(token.offset_to - token.offset_from)) else { break };
            // Every term of a document is in the lexicon: it was built from the same analysis.
            let Some((ordinal, _)) = lexicon.get(lang, &token.text) else { continue };
            ordinals.push(ordinal);
            starts.push(start);
            lengths.push(length);
        }
        ExcerptTerms { ordinals: ordinals.into(), starts: starts.into(), lengths: lengths.into() }
    }

    /// The same terms numbered as in a rebuilt lexicon: `table[old ordinal]` is the new one.
    pub fn remapped(&self, table: &[u32]) -> Self {
        let ordinals = self.ordinals.iter().map(|o| table.get(*o as usize).copied().unwrap_or(u32::MAX)).collect();
        ExcerptTerms { ordinals, starts: self.starts.clone(), lengths: self.lengths.clone() }
    }
}

/// A query's terms in one language, by lexicon ordinal, with their weights; a 256-bit filter
/// rules out most of a text's terms before the list is searched.
#[derive(Debug, Clone, Default)]
pub(crate) struct QueryTerms {
    sorted: Vec<(u32, f32)>,
    filter: [u64; 4],
}

impl QueryTerms {
    /// Adds a term, keeping the greater weight when it is there already.
    pub fn add(&mut self, ordinal: u32, weight: f32) {
        match self.sorted.binary_search_by_key(&ordinal, |(o, _)| *o) {
            Ok(i) => self.sorted[i].1 = self.sorted[i].1.max(weight),
            Err(i) => self.sorted.insert(i, (ordinal, weight)),
        }
        self.filter[(ordinal as usize >> 6) & 3] |= 1 << (ordinal & 63);
    }

    fn weight(&self, ordinal: u32) -> Option<f32> {
        if self.filter[(ordinal as usize >> 6) & 3] & 1 << (ordinal & 63) == 0 {
            return None;
        }
        self.sorted.binary_search_by_key(&ordinal, |(o, _)| *o).ok().map(|i| self.sorted[i].1)
    }
}

/// A matched word: byte range in the text and the weight of the term it matched.
#[derive(Debug, Clone, Copy)]
struct Match {
    from: usize,
    to: usize,
    weight: f32,
}

/// The passage of `text` that best shows `terms`, as HTML with `<mark>` around matched words and
/// everything else escaped; `None` when no term is in the text.
pub(crate) fn html(text: &str, excerpt: &ExcerptTerms, terms: &QueryTerms) -> Option<String> {
    let found = matches(excerpt, terms);
    (!found.is_empty()).then(|| render(text, &found))
}

/// The terms of the excerpt that are query terms, from the first one to `SCAN_AFTER` bytes past it.
fn matches(excerpt: &ExcerptTerms, terms: &QueryTerms) -> Vec<Match> {
    let mut found: Vec<Match> = Vec::new();
    for (i, &ordinal) in excerpt.ordinals.iter().enumerate() {
        let Some(weight) = terms.weight(ordinal) else { continue };
        let from = excerpt.starts[i] as usize;
        let to = from + excerpt.lengths[i] as usize;
        if found.first().is_some_and(|first| from > first.from + SCAN_AFTER) {
            break;
        }
        // Overlapping CJK pairs merge into one highlighted run.
        match found.last_mut() {
            Some(last) if from <= last.to => {
                last.to = last.to.max(to);
                last.weight = last.weight.max(weight);
            }
            _ => found.push(Match { from, to, weight }),
        }
    }
    found
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
        crate::push_escaped_html(&mut html, &text[at..m.from]);
        html.push_str("<mark>");
        crate::push_escaped_html(&mut html, &text[m.from..m.to]);
        html.push_str("</mark>");
        at = m.to;
    }
    crate::push_escaped_html(&mut html, text[at..to].trim_end());
    if to < text.len() {
        html.push('…');
    }
    html
}

#[cfg(test)]
mod tests {
    use super::{html, ExcerptTerms, QueryTerms};
    use crate::search::{analysis::analyzer, lexicon::Lexicon};

    /// The passage of `text` for `words`, with a lexicon made of the text's and the words' terms.
    fn snippet(text: &str, words: &[&str], lang: &str) -> Option<String> {
        let mut all = crate::search::analysis::terms(lang, text);
        let query: Vec<String> = words.iter().flat_map(|w| crate::search::analysis::terms(lang, w)).collect();
        all.extend(query.iter().cloned());
        let lexicon = Lexicon::of_words(lang, &all);
        let excerpt = ExcerptTerms::build(&mut analyzer(lang), &lexicon, lang, text);
        let mut terms = QueryTerms::default();
        for t in &query {
            terms.add(lexicon.get(lang, t).unwrap().0, 1.0);
        }
        html(text, &excerpt, &terms)
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
        // Accents and inflections do not matter.
        assert_eq!(
            snippet("Ouvrez l'Écran de paie", &["écrans"], "fr").unwrap(),
            "Ouvrez l&#x27;<mark>Écran</mark> de paie",
            "the apostrophe is escaped like every other character HTML reserves"
        );
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
    fn cjk_pairs_are_highlighted_as_one_run() {
        let s = snippet("設定を変更するには管理画面を開きます", &["管理画面"], "en").unwrap();
        assert!(s.contains("<mark>管理画面</mark>"), "{s}");
    }

    /// Snippets come from the first thousand terms: a Japanese page's match past them leaves the
    /// hit its summary (as a match past a Latin excerpt's 6,000 bytes does), one before is marked.
    #[test]
    fn excerpts_keep_their_first_thousand_terms() {
        let early = format!("{}管理画面{}", "設".repeat(900), "定".repeat(1_000));
        assert!(snippet(&early, &["管理画面"], "ja").unwrap().contains("<mark>管理画面</mark>"));
        let late = format!("{}管理画面", "設".repeat(1_100));
        assert_eq!(snippet(&late, &["管理画面"], "ja"), None);
    }

    #[test]
    fn query_terms_keep_the_greater_weight_and_reject_others() {
        let mut terms = QueryTerms::default();
        for (ordinal, weight) in [(700, 0.5), (3, 1.0), (700, 1.0), (64 * 4 + 3, 0.5)] {
            terms.add(ordinal, weight);
        }
        assert_eq!(terms.weight(700), Some(1.0));
        assert_eq!(terms.weight(3), Some(1.0));
        // Same filter bit as 3, not a query term.
        assert_eq!(terms.weight(64 * 8 + 3), None);
        assert_eq!(terms.weight(4), None);
    }
}
