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

/// Replaces the locale segment of `path` (`/fr/core-hr` → `/de/core-hr`).
pub fn switch_path(path: &str, to: Locale) -> String {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let first = parts.next().unwrap_or_default();
    let rest = parts.next();
    match (Locale::from_code(first), rest) {
        (Some(_), Some(rest)) if !rest.is_empty() => format!("/{}/{}", to.code(), rest),
        _ => format!("/{}", to.code()),
    }
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
        assert_eq!(switch_path("/fr/core-hr/import", Locale::De), "/de/core-hr/import");
        assert_eq!(switch_path("/fr", Locale::En), "/en");
        assert_eq!(switch_path("/", Locale::Sv), "/sv");
    }
}
