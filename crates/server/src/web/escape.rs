//! Escaping: every text that reaches a page goes through [`Html`] or [`url_component`].

use std::fmt::{self, Display, Write};

/// Text written into HTML (element content or a quoted attribute) with `& < > " '` escaped.
pub(crate) struct Html<'a>(pub(crate) &'a str);

impl Display for Html<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            out.write_str(&rest[..at])?;
            out.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        out.write_str(rest)
    }
}

/// `text` percent-encoded for a query-string value or a path segment: everything but ASCII
/// letters, digits and `-._~` is encoded, so the result is safe in an attribute too.
pub(crate) fn url_component(text: &str) -> String {
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
pub(crate) fn url_path(id: &str) -> String {
    id.split('/')
        .map(url_component)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let text = Html("<script>alert('x')</script> & \"q\"").to_string();
        assert_eq!(
            text,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(
            Html("江政办发〔2023〕12号").to_string(),
            "江政办发〔2023〕12号"
        );
    }

    #[test]
    fn encodes_components_and_paths() {
        assert_eq!(url_component("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(url_component("税"), "%E7%A8%8E");
        assert_eq!(url_path("规章/a b.md"), "%E8%A7%84%E7%AB%A0/a%20b.md");
    }
}
