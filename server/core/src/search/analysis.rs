//! Text analysis per language: split words, drop very long tokens, lower-case, fold accents
//! (so `employe` finds `employé`), then stem with the language's Snowball stemmer.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, TokenStream,
    TokenizerManager,
};

fn stemmer_language(locale: &str) -> Language {
    match locale {
        "fr" => Language::French,
        "de" => Language::German,
        "nl" => Language::Dutch,
        "es" => Language::Spanish,
        "sv" => Language::Swedish,
        "da" => Language::Danish,
        _ => Language::English,
    }
}

pub fn tokenizer_name(locale: &str) -> String {
    format!("atrium_{locale}")
}

pub fn analyzer(locale: &str) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(stemmer_language(locale)))
        .build()
}

pub fn register(manager: &TokenizerManager) {
    for locale in crate::LOCALES {
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

#[cfg(test)]
mod tests {
    use super::terms;

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
}
