//! Building URLs in pages and redirects.

/// Percent-encodes a value for a URL query (`+` for spaces, as HTML forms do).
pub fn query_value(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `url` (which already has a query) with `&return_to=` added when there is a page to return to.
pub fn with_return_to(mut url: String, return_to: Option<&str>) -> String {
    if let Some(r) = return_to.filter(|r| !r.is_empty()) {
        url.push_str("&return_to=");
        url.push_str(&query_value(r));
    }
    url
}

/// A same-site path to go back to, or `None`: never an open redirect (no scheme, no `//host`,
/// no backslash that a browser would read as a slash).
pub fn safe_return(path: &str) -> Option<String> {
    let path = path.trim();
    let ok = path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.contains("://") && !path.chars().any(char::is_control);
    ok.then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_same_site_paths_are_returned_to() {
        assert_eq!(super::safe_return("/en/compensation").as_deref(), Some("/en/compensation"));
        for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "evil", "/en\r\nSet-Cookie:x", ""] {
            assert_eq!(super::safe_return(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(super::query_value("a b&c=d/é"), "a+b%26c%3Dd/%C3%A9");
    }
}
