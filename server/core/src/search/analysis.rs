//! Text analysis per language: split words, drop very long tokens, lower-case, fold accents
//! (so `employe` finds `employé`), then stem with the language's Snowball stemmer. Chinese,
//! Japanese and Korean text, which has no stemmer and (but for Korean) no spaces, is cut into
//! overlapping pairs of characters, as Lucene's CJK analyzer does, instead of one token per
//! sentence.

use std::{collections::HashMap, sync::OnceLock};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
    TokenizerManager,
};

/// The Snowball stemmer of a content language, by its primary subtag (`pt-br` → Portuguese);
/// `None` for languages without one (Japanese, Polish…), whose words are kept as written.
fn stemmer_language(locale: &str) -> Option<Language> {
    Some(match locale.split('-').next().unwrap_or_default() {
        "en" => Language::English,
        "fr" => Language::French,
        "de" => Language::German,
        "nl" => Language::Dutch,
        "es" => Language::Spanish,
        "sv" => Language::Swedish,
        "da" => Language::Danish,
        "ar" => Language::Arabic,
        "el" => Language::Greek,
        "fi" => Language::Finnish,
        "hu" => Language::Hungarian,
        "it" => Language::Italian,
        "nb" | "no" => Language::Norwegian,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "ru" => Language::Russian,
        "ta" => Language::Tamil,
        "tr" => Language::Turkish,
        _ => return None,
    })
}

pub fn tokenizer_name(locale: &str) -> String {
    format!("atrium_{locale}")
}

pub fn analyzer(locale: &str) -> TextAnalyzer {
    let words = TextAnalyzer::builder(WordsAndCjkPairs).filter(RemoveLongFilter::limit(40)).filter(LowerCaser).filter(AsciiFoldingFilter);
    match stemmer_language(locale) {
        Some(language) => words.filter(Stemmer::new(language)).build(),
        None => words.build(),
    }
}

/// Registers the analyzer of each of the index's `languages`.
pub fn register<'a>(manager: &TokenizerManager, languages: impl IntoIterator<Item = &'a str>) {
    for locale in languages {
        manager.register(&tokenizer_name(locale), analyzer(locale));
    }
}

/// The terms `text` becomes in `locale`'s fields, in order.
pub fn terms(locale: &str, text: &str) -> Vec<String> {
    let mut analyzer = analyzer(locale);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// A word filter per language that has a stop-word list (Lucene's for English, Snowball's for the
/// others, as tantivy ships them), by primary subtag: it lets through a word that is not one.
fn stop_word_filters() -> &'static HashMap<&'static str, TextAnalyzer> {
    static FILTERS: OnceLock<HashMap<&'static str, TextAnalyzer>> = OnceLock::new();
    FILTERS.get_or_init(|| {
        [
            ("en", Language::English),
            ("fr", Language::French),
            ("de", Language::German),
            ("nl", Language::Dutch),
            ("es", Language::Spanish),
            ("sv", Language::Swedish),
            ("da", Language::Danish),
            ("fi", Language::Finnish),
            ("hu", Language::Hungarian),
            ("it", Language::Italian),
            ("nb", Language::Norwegian),
            ("no", Language::Norwegian),
            ("pt", Language::Portuguese),
            ("ru", Language::Russian),
        ]
        .into_iter()
        .filter_map(|(tag, language)| {
            let filter = StopWordFilter::new(language)?;
            Some((tag, TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).filter(filter).build()))
        })
        .collect()
    })
}

/// `text` without the words that are stop words in any of `languages` ("the", "de", "und"). They
/// are in nearly every document: they ranked nothing, and made a long query walk nearly every
/// document once per stop word. Every word is kept when all are stop words (a title such as "To be
/// or not to be"), and the last one when the reader is still typing it ("in" may become "install").
pub fn without_stop_words(languages: &[&str], text: &str, typing_last_word: bool) -> String {
    // A language given twice (the reader's, searched in its own fields) is one list to check.
    let mut tags: Vec<&str> = languages.iter().map(|l| l.split('-').next().unwrap_or_default()).collect();
    tags.dedup();
    let mut filters: Vec<TextAnalyzer> = tags.iter().filter_map(|tag| stop_word_filters().get(tag)).cloned().collect();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if filters.is_empty() {
        return words.join(" ");
    }
    let last = words.len().saturating_sub(1);
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, word)| (typing_last_word && *i == last) || filters.iter_mut().all(|f| f.token_stream(word).advance()))
        .map(|(_, word)| *word)
        .collect();
    if kept.is_empty() {
        words.join(" ")
    } else {
        kept.join(" ")
    }
}

/// Han, kana and hangul: scripts written without spaces between words (hangul with them, but
/// its words are long compounds), where pairs of characters make good terms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// Words of letters and digits, as tantivy's simple tokenizer cuts them, except that a run of CJK
/// characters becomes its overlapping pairs (a lone character stays one token).
#[derive(Clone, Default)]
pub struct WordsAndCjkPairs;

pub struct PrecomputedTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WordsAndCjkPairs {
    type TokenStream<'a> = PrecomputedTokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PrecomputedTokens {
        let mut tokens = Vec::new();
        let mut push = |from: usize, to: usize| {
            let position = tokens.len();
            tokens.push(Token { offset_from: from, offset_to: to, position, text: text[from..to].to_string(), position_length: 1 });
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |(o, _)| *o);
        let mut i = 0;
        while i < chars.len() {
            let (start, c) = chars[i];
            if is_cjk(c) {
                let mut j = i;
                while j + 1 < chars.len() && is_cjk(chars[j + 1].1) {
                    j += 1;
                }
                if i == j {
                    push(start, end_of(i));
                }
                for (k, (at, _)) in chars.iter().enumerate().take(j).skip(i) {
                    push(*at, end_of(k + 1));
                }
                i = j + 1;
            } else if c.is_alphanumeric() {
                let mut j = i;
                while j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() && !is_cjk(chars[j + 1].1) {
                    j += 1;
                }
                push(start, end_of(j));
                i = j + 1;
            } else {
                i += 1;
            }
        }
        PrecomputedTokens { tokens, next: 0 }
    }
}

impl TokenStream for PrecomputedTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::{terms, without_stop_words};

    /// A language's stop words leave a query, those of the reader's language and of the one
    /// searched; a query of nothing else keeps them, and the word being typed stays.
    #[test]
    fn stop_words_leave_a_query_unless_nothing_else_is_left() {
        assert_eq!(without_stop_words(&["en"], "add a component to the page", false), "add component page");
        assert_eq!(without_stop_words(&["fr"], "Ajouter l'intégration à la page", false), "Ajouter intégration page");
        assert_eq!(without_stop_words(&["de"], "Die Seite und das Layout", false), "Seite Layout");
        assert_eq!(without_stop_words(&["fr", "en"], "le guide of the SSO", false), "guide SSO");
        assert_eq!(without_stop_words(&["en"], "To be or not to be", false), "To be or not to be");
        assert_eq!(without_stop_words(&["en"], "how to install in", true), "how install in");
        // A language without a list keeps every word, CJK text included.
        assert_eq!(without_stop_words(&["ja"], "管理画面 の 設定", false), "管理画面 の 設定");
    }

    /// Text without spaces becomes pairs of characters, in every locale's analyzer, so a word of a
    /// Japanese, Chinese or Korean page can be found; Latin words around it stay words.
    #[test]
    fn cjk_text_becomes_pairs_of_characters() {
        assert_eq!(terms("en", "東京都"), ["東京", "京都"]);
        assert_eq!(terms("en", "パスワードを変更"), ["パス", "スワ", "ワー", "ード", "ドを", "を変", "変更"]);
        assert_eq!(terms("en", "비밀번호 재설정"), ["비밀", "밀번", "번호", "재설", "설정"]);
        assert_eq!(terms("fr", "Astro的组件"), ["astro", "的组", "组件"]);
        assert_eq!(terms("de", "字"), ["字"]);
        // A query's pairs are the page's pairs: 密码 is found inside 重置密码.
        let page = terms("en", "如何重置密码");
        assert!(terms("en", "密码").iter().all(|t| page.contains(t)));
    }

    /// Inflected forms of a word must meet at one term, in each language, and accents must not matter.
    #[test]
    fn each_language_brings_inflections_together() {
        let same = [
            ("en", "importing employees", "imported employee"),
            ("fr", "salariés importés", "salarie importe"),
            ("de", "Mitarbeitern", "Mitarbeiter"),
            ("nl", "medewerkers", "medewerker"),
            ("es", "empleados", "empleado"),
            ("sv", "anställda", "anstallda"),
            ("da", "medarbejderne", "medarbejdere"),
        ];
        for (locale, a, b) in same {
            assert_eq!(terms(locale, a), terms(locale, b), "{locale}: {a} / {b}");
        }
        // And a language's stemmer is not another's: French rules do not apply to English text.
        assert_ne!(terms("en", "salaries"), terms("fr", "salaries"));
    }

    /// Imported languages get their own stemmer where Snowball has one, by primary subtag, and
    /// words kept whole (lower-cased, accents folded) where it has none; never English rules.
    #[test]
    fn imported_languages_get_their_own_analysis() {
        assert_eq!(terms("pt-br", "componentes"), terms("pt-br", "componente"));
        assert_eq!(terms("it", "componenti"), terms("it", "componente"));
        assert_eq!(terms("ru", "компонентов"), terms("ru", "компоненты"));
        // Polish has no stemmer: words stay whole, not cut by English rules ("running" → "run").
        assert_eq!(terms("pl", "Instalacja running"), ["instalacja", "running"]);
        assert_eq!(terms("ja", "コンポーネント"), ["コン", "ンポ", "ポー", "ーネ", "ネン", "ント"]);
        assert_eq!(terms("zh-tw", "元件"), ["元件"]);
    }
}
