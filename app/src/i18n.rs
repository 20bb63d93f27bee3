//! UI strings through Fluent (`app/locales/<locale>/main.ftl`). Islands get their strings as
//! props from the server, so the WASM bundle does not need to carry the translations.

use crate::locale::Locale;
use fluent_templates::{fluent_bundle::FluentValue, LanguageIdentifier, Loader};
use std::{borrow::Cow, collections::HashMap, sync::OnceLock};

fluent_templates::static_loader! {
    static TRANSLATIONS = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around placeables: our strings go into HTML and tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn language(locale: Locale) -> &'static LanguageIdentifier {
    static IDS: OnceLock<Vec<LanguageIdentifier>> = OnceLock::new();
    let ids = IDS.get_or_init(|| Locale::ALL.iter().map(|l| l.code().parse().expect("valid language id")).collect());
    &ids[Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)]
}

/// The UI string `key` in `locale` (English when the locale lacks it).
pub fn t(locale: Locale, key: &str) -> String {
    TRANSLATIONS.lookup(language(locale), key)
}

/// The UI string `key` with `{ $name }` placeholders filled.
pub fn t_with(locale: Locale, key: &str, args: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
    TRANSLATIONS.lookup_with_args(language(locale), key, &args)
}

/// The UI string `key` with a `{ $count }` that selects the plural form.
pub fn t_count(locale: Locale, key: &str, count: i64) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = [(Cow::Borrowed("count"), FluentValue::from(count))].into();
    TRANSLATIONS.lookup_with_args(language(locale), key, &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(locale: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(format!("{}/locales/{locale}/main.ftl", env!("CARGO_MANIFEST_DIR"))).unwrap();
        text.lines().filter(|l| !l.starts_with(' ') && !l.starts_with('#')).filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string())).collect()
    }

    #[test]
    fn every_locale_translates_every_key() {
        let english = keys("en");
        assert!(english.len() > 20);
        for l in Locale::ALL {
            let these = keys(l.code());
            let missing: Vec<_> = english.difference(&these).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", l.code());
        }
    }

    #[test]
    fn strings_are_really_translated() {
        assert_eq!(t(Locale::En, "nav-home"), "Home");
        assert_eq!(t(Locale::Fr, "nav-home"), "Accueil");
        assert_eq!(t(Locale::De, "nav-home"), "Startseite");
        assert_eq!(t_count(Locale::Fr, "module-article-count", 3), "3 articles");
        assert_eq!(t_count(Locale::En, "module-article-count", 1), "1 article");
        assert!(t_with(Locale::De, "fallback-notice", &[("language", "Deutsch".into())]).contains("Deutsch"));
    }
}
