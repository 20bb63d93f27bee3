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

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(super::query_value("a b&c=d/é"), "a+b%26c%3Dd/%C3%A9");
    }
}
