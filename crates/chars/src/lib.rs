//! Character classes of Chinese text: the one definition the analyzer (`gongbao-core`) and the
//! OCR clean-up (`gongbao-ocr`) share, so what counts as a Chinese character never differs
//! between a recognised page and the index. No dependencies: the PDF and OCR crates stay free of
//! the index.

/// Whether a character belongs to a Chinese run: CJK ideographs, their extensions and
/// compatibility forms, and 〇.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '〇')
}

#[cfg(test)]
mod tests {
    use super::is_han;

    #[test]
    fn ideographs_of_every_plane_and_ling_are_han() {
        for c in ['国', '㐀', '豈', '𠀀', '〇'] {
            assert!(is_han(c), "{c}");
        }
        for c in ['a', '1', '，', '（', 'ア', ' '] {
            assert!(!is_han(c), "{c:?}");
        }
    }
}
