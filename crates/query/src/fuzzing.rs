//! What the `query_parse` fuzz target in `fuzz/` checks, here so that `cargo test` replays its
//! corpus without libFuzzer (see `gongbao_core::fuzzing`).

use crate::parse::{parse, MAX_QUERY_CHARS};

/// `query_parse`: any text parses without panicking; the cut is flagged exactly when the text
/// is longer than [`MAX_QUERY_CHARS`], and every word, phrase and exclusion taken out holds
/// something to search, no control character, and no surrounding space.
pub fn query_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parsed = parse(&text);
    assert_eq!(
        parsed.truncated,
        text.chars().count() > MAX_QUERY_CHARS,
        "{text:?}"
    );
    for part in parsed
        .text
        .iter()
        .chain(&parsed.phrases)
        .chain(&parsed.excluded)
    {
        assert!(part.chars().any(char::is_alphanumeric), "{part:?}");
        assert!(!part.chars().any(char::is_control), "{part:?}");
        assert_eq!(part.trim(), part, "{text:?}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_query_parse_fuzz_corpus_replays() {
        assert!(gongbao_core::fuzzing::replay("query_parse", super::query_parse) > 0);
    }
}
