//! Atrium's server-side domain logic. Nothing here knows about HTTP or Leptos, so the domain can be
//! tested with plain `cargo test -p atrium-core` and reached from the app's server functions
//! without a dependency cycle (app → core, server → app + core).

pub mod access_groups;
pub mod clock;
pub mod config;
pub mod content;
pub mod db;
pub mod feedback;
pub mod files;
pub mod form;
pub mod gaps;
pub mod identity;
pub mod import;
pub mod mail;
pub mod maintenance;
pub mod operations;
pub mod search;
pub mod secret;
pub mod shared;
pub mod sla;
pub mod sso;
pub mod survey;
pub mod tenant;
pub mod ticket;

/// The locales the help centre is written in. The first is the fallback for missing translations.
/// Re-exported so the server and its tests use the very same sqlx build.
pub use sqlx;

pub const LOCALES: [&str; 7] = ["en", "fr", "de", "nl", "es", "sv", "da"];
pub const FALLBACK_LOCALE: &str = "en";

/// Escapes text for HTML content and quoted attribute values: `&`, `<`, `>`, `"` and `'`.
pub fn escape_html(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

/// Appends `s` to `out`, escaped as [`escape_html`] does: snippets escape every hit's passage
/// piece by piece.
pub fn push_escaped_html(out: &mut String, s: &str) {
    html_escape::encode_quoted_attribute_to_string(s, out);
}

pub fn is_locale(code: &str) -> bool {
    LOCALES.contains(&code)
}

/// Languages documentation may be written in beyond the interface's seven, by their primary
/// subtag, with their names in themselves: imported documentation keeps its Japanese or Korean
/// pages, and their readers get the English interface around them.
const OTHER_CONTENT_LANGUAGES: [(&str, &str); 24] = [
    ("ar", "العربية"),
    ("bg", "Български"),
    ("cs", "Čeština"),
    ("el", "Ελληνικά"),
    ("fi", "Suomi"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hu", "Magyar"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("nb", "Norsk bokmål"),
    ("no", "Norsk"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("ru", "Русский"),
    ("sk", "Slovenčina"),
    ("ta", "தமிழ்"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("zh", "中文"),
];

/// A language content may be written in: one of [`LOCALES`], or another known language as a
/// lower-case tag with an optional region or script (`ja`, `zh-cn`, `pt-br`, `zh-hant`). Regions of
/// the interface's own languages (`fr-ca`) are not separate content languages.
pub fn is_content_language(code: &str) -> bool {
    is_locale(code) || other_language_name(code).is_some()
}

/// The name of a content language in itself, as a language menu shows it (`Português (BR)`).
pub fn language_name(code: &str) -> Option<String> {
    const INTERFACE: [&str; 7] = ["English", "Français", "Deutsch", "Nederlands", "Español", "Svenska", "Dansk"];
    if let Some(i) = LOCALES.iter().position(|l| *l == code) {
        return Some(INTERFACE[i].to_string());
    }
    let name = other_language_name(code)?;
    Some(match code.split_once('-') {
        Some((_, region)) => format!("{name} ({})", region.to_ascii_uppercase()),
        None => name.to_string(),
    })
}

fn other_language_name(code: &str) -> Option<&'static str> {
    let (primary, region) = code.split_once('-').map_or((code, None), |(p, r)| (p, Some(r)));
    let region_ok = region.is_none_or(|r| (r.len() == 2 || r.len() == 4) && r.bytes().all(|b| b.is_ascii_lowercase()));
    region_ok.then(|| OTHER_CONTENT_LANGUAGES.iter().find(|(c, _)| *c == primary).map(|(_, name)| *name)).flatten()
}

#[cfg(test)]
mod tests {
    /// Markup in content is shown as text wherever it is escaped, whatever surrounds it.
    #[test]
    fn html_is_escaped_in_one_pass() {
        assert_eq!(super::escape_html(r#"<a href="x">Tom & Jerry</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/a&gt;");
        assert_eq!(super::escape_html("plain été"), "plain été");
        assert_eq!(super::escape_html("&&"), "&amp;&amp;");
        assert_eq!(super::escape_html(""), "");
        // A single-quoted attribute cannot be closed early either.
        assert_eq!(super::escape_html("<a title='x' onclick='y'>"), "&lt;a title=&#x27;x&#x27; onclick=&#x27;y&#x27;&gt;");
        let mut out = String::from("kept ");
        super::push_escaped_html(&mut out, "l'<b>");
        assert_eq!(out, "kept l&#x27;&lt;b&gt;");
    }

    /// Imported folders keep their language when it is one people write documentation in; a
    /// typo or an odd tag is not taken for a language.
    #[test]
    fn content_languages_are_known_tags() {
        for code in ["en", "fr", "ja", "ko", "zh-cn", "zh-tw", "pt-br", "zh-hant", "ru"] {
            assert!(super::is_content_language(code), "{code}");
        }
        for code in ["xx", "fr-ca", "en-us", "JA", "zh-", "zh-c", "pt-brazil", "", "-", "_modules"] {
            assert!(!super::is_content_language(code), "{code}");
        }
        assert_eq!(super::language_name("pt-br").as_deref(), Some("Português (BR)"));
        assert_eq!(super::language_name("ja").as_deref(), Some("日本語"));
        assert_eq!(super::language_name("de").as_deref(), Some("Deutsch"));
        assert_eq!(super::language_name("xx"), None);
    }
}
