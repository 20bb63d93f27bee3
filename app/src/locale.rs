use serde::{Deserialize, Serialize};

/// The seven languages of the help centre; `En` is the fallback for missing translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    En,
    Fr,
    De,
    Nl,
    Es,
    Sv,
    Da,
}

impl Locale {
    pub const ALL: [Locale; 7] = [Locale::En, Locale::Fr, Locale::De, Locale::Nl, Locale::Es, Locale::Sv, Locale::Da];

    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::Nl => "nl",
            Locale::Es => "es",
            Locale::Sv => "sv",
            Locale::Da => "da",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's name in itself, as people look for it in a language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::De => "Deutsch",
            Locale::Nl => "Nederlands",
            Locale::Es => "Español",
            Locale::Sv => "Svenska",
            Locale::Da => "Dansk",
        }
    }
}

/// Replaces the language segment of `path` (`/fr/core-hr` → `/de/core-hr`, `/ja/guides` →
/// `/en/guides`).
pub fn switch_path(path: &str, to: &str) -> String {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let first = parts.next().unwrap_or_default();
    let rest = parts.next();
    match rest {
        Some(rest) if !rest.is_empty() && looks_like_language(first) => format!("/{to}/{rest}"),
        _ => format!("/{to}"),
    }
}

/// A lower-case language tag such as `fr`, `ja` or `pt-br`: every path of the site starts with one.
fn looks_like_language(segment: &str) -> bool {
    let (primary, region) = segment.split_once('-').map_or((segment, None), |(p, r)| (p, Some(r)));
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
        assert_eq!(Locale::from_code("xx"), None);
    }

    #[test]
    fn switching_keeps_the_rest_of_the_path() {
        assert_eq!(switch_path("/fr/core-hr/import", "de"), "/de/core-hr/import");
        assert_eq!(switch_path("/fr", "en"), "/en");
        assert_eq!(switch_path("/", "sv"), "/sv");
        assert_eq!(switch_path("/pt-br/guides/deploy", "en"), "/en/guides/deploy");
        assert_eq!(switch_path("/en/guides", "ja"), "/ja/guides");
        assert_eq!(switch_path("/Not-A-Language/x", "fr"), "/fr");
    }
}
