//! Percent-encoding for the links pages make: query-string values and document ids as paths.
//!
//! HTML escaping is not done here: maud escapes every value a page renders.

use std::fmt::Write;

/// `text` percent-encoded for a query-string value or a path segment: everything but ASCII
/// letters, digits and `-._~` is encoded.
pub(crate) fn component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A document id as a URL path: each `/`-separated segment encoded, the slashes kept.
pub(crate) fn path(id: &str) -> String {
    id.split('/').map(component).collect::<Vec<_>>().join("/")
}

/// The address of the page of the document `id`.
pub(crate) fn document(id: &str) -> String {
    format!("/documents/{}", path(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_components_and_paths() {
        assert_eq!(component("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(component("税"), "%E7%A8%8E");
        assert_eq!(path("规章/a b.md"), "%E8%A7%84%E7%AB%A0/a%20b.md");
        assert_eq!(document("规章/a.md"), "/documents/%E8%A7%84%E7%AB%A0/a.md");
    }
}
