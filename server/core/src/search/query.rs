//! Turning what a reader typed into tantivy queries: per-language analysis, typo tolerance sized
//! by word length, prefix matching on the word being typed, and the rights and locale scope.

use super::{analysis, term, Fields, WEIGHTS};
use crate::content::Reader;
use std::collections::{BTreeMap, HashMap};
use tantivy::{
    query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery},
    schema::IndexRecordOption,
    Searcher,
};

/// Longest query considered: anything beyond is cut, never an error.
const MAX_QUERY_CHARS: usize = 256;

/// The languages whose fields a reader of `locale` searches: their own, and English for the
/// English articles that stand in for missing translations.
pub fn languages(locale: &str) -> Vec<&str> {
    if locale == crate::FALLBACK_LOCALE { vec![locale] } else { vec![locale, crate::FALLBACK_LOCALE] }
}

/// What is left of a query once control characters, operators and quotes are treated as spaces.
pub fn clean(query: &str) -> String {
    query
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| if c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' { c } else { ' ' })
        .collect()
}

/// Lower-cased words as a reader would write them.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase())
}

/// Typo budget: none for short words (too many false friends), one for medium, two for long.
fn distance_for(term: &str) -> u8 {
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The text part of a search. `tolerant` adds typo tolerance and prefix matching of the last
/// word (search as you type); exact matches always weigh more than tolerant ones.
pub fn text_query(searcher: &Searcher, fields: &Fields, languages: &[&str], raw: &str, tolerant: bool) -> Option<Box<dyn Query>> {
    let cleaned = clean(raw);
    let typing_last_word = !raw.ends_with(char::is_whitespace);
    let mut per_language: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for lang in languages {
        let tokens = analysis::terms(lang, &cleaned);
        if tokens.is_empty() {
            continue;
        }
        let last = tokens.len() - 1;
        let mut per_token: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut known = 0;
        for (i, token) in tokens.iter().enumerate() {
            if exists(searcher, fields, lang, token, tolerant && (i == last && typing_last_word)) {
                known += 1;
            }
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (name, weight) in WEIGHTS {
                let t = term(fields.text(lang, name), token);
                alternatives.push((Occur::Should, Box::new(BoostQuery::new(Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs)), weight))));
                if !tolerant {
                    continue;
                }
                let d = distance_for(token);
                if d > 0 {
                    alternatives.push((Occur::Should, Box::new(BoostQuery::new(Box::new(FuzzyTermQuery::new(t.clone(), d, true)), weight * 0.4))));
                }
                if i == last && typing_last_word && token.chars().count() >= 2 {
                    alternatives.push((Occur::Should, Box::new(BoostQuery::new(Box::new(FuzzyTermQuery::new_prefix(t, 0, true)), weight * 0.6))));
                }
            }
            per_token.push((Occur::Should, Box::new(BooleanQuery::new(alternatives))));
        }
        // Every word the index knows must match when there are one or two; one may be missing in
        // longer queries. Words found nowhere (another script, a typo beyond repair) only rank.
        let required = if known <= 2 { known.max(1) } else { known - 1 };
        per_language.push((Occur::Should, Box::new(BooleanQuery::with_minimum_required_clauses(per_token, required))));
    }
    (!per_language.is_empty()).then(|| Box::new(BooleanQuery::new(per_language)) as Box<dyn Query>)
}

/// Whether `token` (or, when `tolerant`, a word within its typo budget or starting with it) is
/// in any of the language's fields.
fn exists(searcher: &Searcher, fields: &Fields, lang: &str, token: &str, as_prefix: bool) -> bool {
    let text_fields: Vec<_> = WEIGHTS.iter().map(|(name, _)| fields.text(lang, name)).collect();
    if text_fields.iter().any(|f| searcher.doc_freq(&term(*f, token)).unwrap_or(0) > 0) {
        return true;
    }
    // A Levenshtein automaton depends only on the word: build each once, probe every field with it.
    let d = distance_for(token);
    let mut probes = Vec::new();
    if d > 0 {
        probes.push(FuzzyTermQuery::new(term(text_fields[0], token), d, true));
    }
    if as_prefix {
        probes.push(FuzzyTermQuery::new_prefix(term(text_fields[0], token), 0, true));
    }
    probes.into_iter().any(|q| {
        let Ok(automaton) = q.automaton() else { return false };
        text_fields.iter().any(|field| {
            searcher.segment_readers().iter().any(|segment| {
                let Ok(inverted) = segment.inverted_index(*field) else { return false };
                let found = inverted.terms().search(&automaton).into_stream().is_ok_and(|mut stream| stream.advance());
                found
            })
        })
    })
}

/// Restricts `text` to one locale's documents the reader may see, and optionally one module.
pub fn scoped(fields: &Fields, text: Box<dyn Query>, locale: &str, reader: &Reader, module: Option<&str>) -> BooleanQuery {
    let must = |f, v: &str| -> (Occur, Box<dyn Query>) {
        (Occur::Must, Box::new(TermQuery::new(term(f, v), IndexRecordOption::Basic)))
    };
    let mut rights: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Should, Box::new(TermQuery::new(term(fields.visibility, "public"), IndexRecordOption::Basic)))];
    if reader.signed_in {
        rights.push((Occur::Should, Box::new(TermQuery::new(term(fields.visibility, "signed-in"), IndexRecordOption::Basic))));
        for g in &reader.groups {
            rights.push((Occur::Should, Box::new(TermQuery::new(term(fields.groups, g), IndexRecordOption::Basic))));
        }
    }
    let mut clauses = vec![(Occur::Must, text), must(fields.locale, locale), (Occur::Must, Box::new(BooleanQuery::new(rights)) as Box<dyn Query>)];
    if let Some(m) = module {
        clauses.push(must(fields.module, m));
    }
    BooleanQuery::new(clauses)
}

/// The index terms each query word matched (itself, its typo-tolerant neighbours, and for the
/// last word its completions), per language, to highlight them in snippets.
pub fn highlight_terms(
    searcher: &Searcher,
    fields: &Fields,
    languages: &[&str],
    raw: &str,
) -> tantivy::Result<HashMap<String, BTreeMap<String, f32>>> {
    let cleaned = clean(raw);
    let typing_last_word = !raw.ends_with(char::is_whitespace);
    let mut out: HashMap<String, BTreeMap<String, f32>> = HashMap::new();
    for lang in languages {
        let field = fields.text(lang, "body");
        let tokens = analysis::terms(lang, &cleaned);
        let last = tokens.len().saturating_sub(1);
        let terms = out.entry(lang.to_string()).or_default();
        for (i, token) in tokens.iter().enumerate() {
            terms.insert(token.clone(), 1.0);
            let mut automata = Vec::new();
            let d = distance_for(token);
            if d > 0 {
                automata.push(FuzzyTermQuery::new(term(field, token), d, true));
            }
            if i == last && typing_last_word && token.chars().count() >= 2 {
                automata.push(FuzzyTermQuery::new_prefix(term(field, token), 0, true));
            }
            for q in automata {
                let automaton = q.automaton()?;
                for segment in searcher.segment_readers() {
                    let inverted = segment.inverted_index(field)?;
                    let mut stream = inverted.terms().search(&automaton).into_stream()?;
                    let mut found = 0;
                    while stream.advance() && found < 20 {
                        if let Ok(text) = std::str::from_utf8(stream.key()) {
                            terms.insert(text.to_string(), 0.5);
                            found += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Each word the vocabulary does not know, replaced by its nearest well-known word (at most two
/// edits, fewer for short words; the most frequent wins a tie). `None` when nothing changes.
pub fn correct_words(vocabulary: &BTreeMap<String, HashMap<String, u32>>, languages: &[&str], raw: &str) -> Option<String> {
    let mut changed = false;
    let mut out = Vec::new();
    for word in words(&clean(raw)) {
        let known = languages.iter().any(|l| vocabulary.get(*l).is_some_and(|v| v.contains_key(&word)));
        if known || word.chars().count() < 3 {
            out.push(word);
            continue;
        }
        let budget = if word.chars().count() <= 5 { 1 } else { 2 };
        let best = languages
            .iter()
            .filter_map(|l| vocabulary.get(*l))
            .flat_map(|v| v.iter())
            .filter_map(|(candidate, count)| {
                let d = strsim::damerau_levenshtein(&word, candidate);
                (d <= budget).then_some((d, std::cmp::Reverse(*count), candidate))
            })
            .min();
        match best {
            Some((_, _, candidate)) => {
                out.push(candidate.clone());
                changed = true;
            }
            None => out.push(word),
        }
    }
    changed.then(|| out.join(" "))
}

/// The query rewritten with each synonym of each word or phrase it contains (whole words only),
/// at most four rewrites.
pub fn synonym_variants(groups: &[Vec<String>], raw: &str) -> Vec<String> {
    let text = format!(" {} ", words(&clean(raw)).collect::<Vec<_>>().join(" "));
    let mut out = Vec::new();
    for group in groups {
        for phrase in group {
            let needle = format!(" {phrase} ");
            if !text.contains(&needle) {
                continue;
            }
            for other in group.iter().filter(|o| *o != phrase) {
                let variant = text.replacen(&needle, &format!(" {other} "), 1).trim().to_string();
                if !out.contains(&variant) {
                    out.push(variant);
                }
            }
        }
    }
    out.truncate(4);
    out
}
