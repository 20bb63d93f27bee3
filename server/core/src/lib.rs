//! Atrium's server-side domain logic. Nothing here knows about HTTP or Leptos, so the domain can be
//! tested with plain `cargo test -p atrium-core` and reached from the app's server functions
//! without a dependency cycle (app → core, server → app + core).

pub mod clock;
pub mod config;
pub mod content;
pub mod db;
pub mod feedback;
pub mod files;
pub mod identity;
pub mod import;
pub mod mail;
pub mod maintenance;
pub mod operations;
pub mod search;
pub mod secret;
pub mod survey;
pub mod sla;
pub mod sso;
pub mod tenant;
pub mod ticket;

/// The locales the help centre is written in. The first is the fallback for missing translations.
/// Re-exported so the server and its tests use the very same sqlx build.
pub use sqlx;

pub const LOCALES: [&str; 7] = ["en", "fr", "de", "nl", "es", "sv", "da"];
pub const FALLBACK_LOCALE: &str = "en";

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    push_escaped_html(&mut out, s);
    out
}

/// Appends `s` to `out` with `&`, `<`, `>` and `"` escaped, in one pass: snippets escape every
/// hit's passage piece by piece.
pub fn push_escaped_html(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

pub fn is_locale(code: &str) -> bool {
    LOCALES.contains(&code)
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
    }
}
