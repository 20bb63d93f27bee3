//! Text analysis per language: split words, drop very long tokens, lower-case, fold accents
//! (so `employe` finds `employé`), then stem with the language's Snowball stemmer. Chinese,
//! Japanese and Korean text, which has no stemmer and (but for Korean) no spaces, is cut into
//! overlapping pairs of characters, as Lucene's CJK analyzer does, instead of one token per
//! sentence.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
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
                for k in i..j {
                    push(chars[k].0, end_of(k + 1));
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
    use super::terms;

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
