//! Turning what a reader typed into tantivy queries: per-language analysis, typo tolerance sized
//! by word length, prefix matching on the word being typed, and the rights and locale scope.

use super::{
    analysis,
    at_least::{AtLeast, MAX_GROUPS},
    lexicon::{self, Lexicon, Prefix, Word},
    snippet::QueryTerms,
    term, Fields, Weights, TEXT_FIELDS,
};
use crate::content::Reader;
use std::collections::HashMap;
use tantivy::{
    query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery},
    schema::IndexRecordOption,
};

/// Longest query considered: anything beyond is cut, never an error.
const MAX_QUERY_CHARS: usize = 256;

/// The languages whose fields a reader of `locale` searches: their own, and English for the
/// English articles that stand in for missing translations.
pub fn languages(locale: &str) -> Vec<&str> {
    if locale == crate::FALLBACK_LOCALE {
        vec![locale]
    } else {
        vec![locale, crate::FALLBACK_LOCALE]
    }
}

/// What is left of a query once control characters, operators and quotes are treated as spaces.
pub fn clean(query: &str) -> String {
    query.chars().take(MAX_QUERY_CHARS).map(|c| if c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' { c } else { ' ' }).collect()
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

/// How many neighbours of one word a query may use: the most frequent win.
const MAX_EXPANSIONS: usize = 12;

/// How many completions of the word being typed a query may use: the most frequent win.
const MAX_COMPLETIONS: usize = 6;

/// The index words of `lang` within the typo budget `distance` of `token`.
fn typos(lexicon: &Lexicon, lang: &str, token: &str, distance: u8) -> Vec<Word> {
    lexicon::within(token, distance).map_or_else(Vec::new, |automaton| lexicon.matching(lang, automaton, MAX_EXPANSIONS))
}

/// The index words of `lang` that start with `token`: the word being typed.
fn completions(lexicon: &Lexicon, lang: &str, token: &str) -> Vec<Word> {
    lexicon.matching(lang, Prefix(token.as_bytes()), MAX_COMPLETIONS)
}

/// Body-field words to highlight in snippets, per language: each query word and the index words
/// it matched (its typo-tolerant neighbours and, for the word being typed, its completions).
pub type Highlights = HashMap<String, QueryTerms>;

/// How many of a query's words a document must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// All of one or two words, all but one of more.
    Strict,
    /// Half of them, the documents the strict query finds first: for queries the strict one
    /// leaves with less than a page, such as long link texts quoting a page's title.
    Relaxed,
}

/// Added to the score of a relaxed query's documents that meet the strict one: more than any
/// document's score from matching words.
const RELAXED_BONUS: f32 = 10_000.0;

/// The text part of a search, its words expanded once, ready to be asked strictly or relaxed.
pub struct TextPlan {
    /// Per language searched: each known word's clauses (by group), how many words are known,
    /// and the language's boost.
    languages: Vec<LanguagePlan>,
}

/// One language's clauses (each with its word group), known words and boost.
type LanguagePlan = (Vec<(usize, Box<dyn Query>)>, usize, f32);

impl TextPlan {
    pub fn query(&self, strictness: Strictness) -> Box<dyn Query> {
        let per_language = self
            .languages
            .iter()
            .map(|(clauses, known, boost)| {
                let clauses: Vec<(usize, Box<dyn Query>)> = clauses.iter().map(|(g, q)| (*g, q.box_clone())).collect();
                // Every word the index knows must match when there are one or two; one may be
                // missing in longer queries.
                let needed = if *known <= 2 { *known } else { known - 1 };
                let matched: Box<dyn Query> = match strictness {
                    Strictness::Strict => Box::new(AtLeast::groups(clauses, needed)),
                    // Half the words, the documents with all but one first.
                    Strictness::Relaxed => Box::new(AtLeast::groups(clauses, known.div_ceil(2)).preferring(needed, RELAXED_BONUS)),
                };
                (Occur::Should, Box::new(BoostQuery::new(matched, *boost)) as Box<dyn Query>)
            })
            .collect();
        Box::new(BooleanQuery::new(per_language))
    }

    /// Whether a relaxed query may find more: some language has two known words or more.
    pub fn can_relax(&self) -> bool {
        self.languages.iter().any(|(_, known, _)| *known >= 2)
    }
}

/// The text part of a search. `features` may add typo tolerance and prefix matching of the last
/// word (search as you type); exact matches always weigh more than tolerant ones. When given
/// `highlights`, it records the words matched so snippets need not expand them again.
pub fn text_plan(
    lexicon: &Lexicon,
    fields: &Fields,
    weights: &Weights,
    languages: &[&str],
    raw: &str,
    features: super::Features,
    mut highlights: Option<&mut Highlights>,
) -> Option<TextPlan> {
    let cleaned = clean(raw);
    let typing_last_word = !raw.ends_with(char::is_whitespace);
    let mut per_language = Vec::new();
    for lang in languages {
        let cleaned = analysis::without_stop_words(&[languages[0], lang], &cleaned, typing_last_word);
        if *lang != languages[0] && !stand_ins_add(lexicon, languages[0], lang, &cleaned) {
            continue;
        }
        let tokens = analysis::terms(lang, &cleaned);
        if tokens.is_empty() {
            continue;
        }
        let text_fields: Vec<_> = TEXT_FIELDS.iter().map(|name| fields.text(lang, name)).collect();
        let last = tokens.len() - 1;
        let mut clauses: Vec<(usize, Box<dyn Query>)> = Vec::new();
        // Words the index knows (each a group of clauses); words beyond `MAX_GROUPS` are left out.
        let mut known = 0;
        for (i, token) in tokens.iter().enumerate() {
            let d = distance_for(token);
            let found = lexicon.get(lang, token);
            let exact_fields = found.map_or(0, |(_, fields)| fields);
            let exact = exact_fields != 0;
            // A word the index knows is taken as written: typo tolerance is for words it does not
            // know, and skipping it spares the costly automata on well-spelled queries. Only the
            // reader's own language is searched for near-spellings: walking the English stand-ins'
            // words too for every French or German word they lack doubled a query's time (the
            // search bench measured it) for no measurable gain in relevance.
            let fuzzy = if features.typos && d > 0 && !exact && *lang == languages[0] { typos(lexicon, lang, token, d) } else { Vec::new() };
            // A known word of five letters or more is taken as finished: its stem already covers
            // its inflections, and completing it only added other words (and cost).
            let chars = token.chars().count();
            let unfinished = chars >= 2 && (chars < 5 || !exact);
            let prefix = if features.prefix && *lang == languages[0] && i == last && typing_last_word && unfinished {
                completions(lexicon, lang, token)
            } else {
                Vec::new()
            };
            let body = TEXT_FIELDS.len() - 1;
            if let Some(h) = highlights.as_deref_mut() {
                let terms = h.entry(lang.to_string()).or_default();
                // Snippets are cut from the body's text.
                if let Some((ordinal, _)) = found.filter(|(_, fields)| fields & 1 << body != 0) {
                    terms.add(ordinal, 1.0);
                }
                for word in fuzzy.iter().chain(&prefix).filter(|w| w.in_field(body)) {
                    terms.add(word.ordinal, 0.5);
                }
            }
            // A word found nowhere (another script, a typo beyond repair) cannot match: leaving
            // it out lets the others decide.
            if !exact && fuzzy.is_empty() && prefix.is_empty() {
                continue;
            }
            // Each word is a group of alternatives: the fields holding it, its near-spellings
            // and completions; a document counts a word once, and its alternatives' scores add up.
            let group = known;
            if group >= MAX_GROUPS {
                break;
            }
            known += 1;
            let mut add = |field, word: &str, weight: f32| {
                let q = TermQuery::new(term(field, word), IndexRecordOption::WithFreqs);
                clauses.push((group, Box::new(BoostQuery::new(Box::new(q), weight)) as Box<dyn Query>));
            };
            // Only the fields that hold a word get a clause for it.
            for (k, weight) in weights.as_array().into_iter().enumerate() {
                let field = text_fields[k];
                if exact_fields & (1 << k) != 0 {
                    add(field, token, weight);
                }
                for word in fuzzy.iter().filter(|w| w.in_field(k) && w.text != *token) {
                    add(field, &word.text, weight * 0.15);
                }
                for word in prefix.iter().filter(|w| w.in_field(k) && w.text != *token) {
                    add(field, &word.text, weight * 0.3);
                }
            }
        }
        if known == 0 {
            continue;
        }
        // The reader's own language first: an English stand-in must match better to come first.
        let own = if *lang == languages[0] { weights.own_language } else { 1.0 };
        per_language.push((clauses, known, own));
    }
    (!per_language.is_empty()).then_some(TextPlan { languages: per_language })
}

/// Whether the English stand-ins' fields are worth searching for a reader of `own`: only when
/// the query has a word the stand-ins' language knows and the reader's own does not (an English
/// term, or any word when the reader's language has no articles yet). A query all of whose
/// words the reader's language knows matched the stand-ins only through shared words ("des",
/// "page"): the search bench measured French MRR@10 0.649 with them and 0.663 without, and
/// French queries 30 % faster.
fn stand_ins_add(lexicon: &Lexicon, own: &str, stand_in: &str, cleaned: &str) -> bool {
    words(cleaned).any(|word| {
        let known_in = |lang: &str| analysis::terms(lang, &word).iter().any(|t| lexicon.get(lang, t).is_some());
        known_in(stand_in) && !known_in(own)
    })
}

/// Restricts `text` to one locale's documents the reader may see, and optionally one module.
/// What the reader may not see is excluded rather than what they may see required: the hidden
/// documents are few, where requiring "public" meant walking nearly every document per query.
pub fn scoped(fields: &Fields, text: Box<dyn Query>, scope: &Scope) -> BooleanQuery {
    let term_query = |f, v: &str| -> Box<dyn Query> { Box::new(TermQuery::new(term(f, v), IndexRecordOption::Basic)) };
    let mut clauses = vec![(Occur::Must, text), (Occur::Must, term_query(fields.locale, scope.locale))];
    let reader = scope.reader;
    if reader.signed_in {
        // Restricted documents outside every group of the reader.
        let mut restricted = vec![(Occur::Must, term_query(fields.visibility, "restricted"))];
        restricted.extend(reader.groups.iter().map(|g| (Occur::MustNot, term_query(fields.groups, g))));
        clauses.push((Occur::MustNot, Box::new(BooleanQuery::new(restricted))));
    } else {
        clauses.push((Occur::MustNot, term_query(fields.visibility, "signed-in")));
        clauses.push((Occur::MustNot, term_query(fields.visibility, "restricted")));
    }
    // Customers' own articles outside the reader's tenant.
    let mut others = vec![(Occur::Must, term_query(fields.tenant, super::OWN_ARTICLE))];
    if let Some(tenant) = &reader.tenant {
        others.push((Occur::MustNot, term_query(fields.tenant, tenant)));
    }
    clauses.push((Occur::MustNot, Box::new(BooleanQuery::new(others))));
    // Scheduled release notes stay out until their time, without rebuilding the index.
    for (_, key) in scope.scheduled.iter().filter(|(at, _)| *at > scope.now) {
        clauses.push((Occur::MustNot, term_query(fields.key, key)));
    }
    if let Some(m) = scope.module {
        clauses.push((Occur::Must, term_query(fields.module, m)));
    }
    if let Some(t) = scope.doc_type {
        clauses.push((Occur::Must, term_query(fields.doc_type, t)));
    }
    BooleanQuery::new(clauses)
}

/// What a query may reach: the reader's locale and rights, the publishing time, and the
/// reader's filters.
pub struct Scope<'a> {
    pub locale: &'a str,
    pub reader: &'a Reader,
    pub now: i64,
    /// (publishing time, document key) of release notes published at a set time.
    pub scheduled: &'a [(i64, String)],
    pub module: Option<&'a str>,
    pub doc_type: Option<&'a str>,
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
