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
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

pub fn is_locale(code: &str) -> bool {
    LOCALES.contains(&code)
}
