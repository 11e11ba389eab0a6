//! Telling text from garbage: what a page extractor returns when a font has no usable
//! ToUnicode map is characters, just not the right ones.

/// Why the text of a page is not to be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Readable text.
    Text,
    /// No characters at all.
    Empty,
    /// Replacement, private-use or control characters, or Latin-1 letters where CJK was meant.
    Mojibake,
}

/// Judges the text of one page.
pub fn judge(text: &str) -> Verdict {
    let mut total = 0usize;
    let mut bad = 0usize;
    let mut cjk = 0usize;
    let mut latin1 = 0usize;
    let mut letters = 0usize;
    for ch in text.chars().filter(|ch| !ch.is_whitespace()) {
        total += 1;
        letters += usize::from(ch.is_alphanumeric());
        match ch {
            '\u{fffd}' | '\u{e000}'..='\u{f8ff}' => bad += 1,
            ch if ch.is_control() => bad += 1,
            '\u{c0}'..='\u{ff}' => latin1 += 1,
            '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' => cjk += 1,
            _ => {}
        }
    }
    if total == 0 {
        return Verdict::Empty;
    }
    let share = |count: usize| count as f32 / total as f32;
    if bad >= 3 && share(bad) > 0.05 {
        return Verdict::Mojibake;
    }
    // Punctuation without words: the glyphs drew, their characters did not map.
    if total >= 10 && letters * 5 < total {
        return Verdict::Mojibake;
    }
    // GBK bytes read as WinAnsi come out as pairs of Latin-1 letters with no CJK around them.
    if latin1 >= 4 && share(latin1) > 0.2 && cjk * 4 < latin1 {
        return Verdict::Mojibake;
    }
    Verdict::Text
}

/// Share of CJK ideographs among the non-whitespace characters.
pub fn cjk_share(text: &str) -> f32 {
    let mut total = 0usize;
    let mut cjk = 0usize;
    for ch in text.chars().filter(|ch| !ch.is_whitespace()) {
        total += 1;
        cjk += usize::from(matches!(ch, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'));
    }
    if total == 0 {
        0.0
    } else {
        cjk as f32 / total as f32
    }
}

/// Text that was GBK bytes read one byte per character through WinAnsi (a simple font named
/// like a Chinese font but declared WinAnsiEncoding): the bytes are recovered and decoded as GBK.
/// `None` when the text is not of that kind or does not decode to Chinese.
pub fn redecode_gbk(text: &str) -> Option<String> {
    let decoded = gbk_behind_winansi(text)?;
    (judge(&decoded) == Verdict::Text && cjk_share(&decoded) > 0.5).then_some(decoded)
}

/// One line of a page [`redecode_gbk`] accepted: decoded whenever it has GBK bytes and they
/// decode cleanly, however few ideographs it has (a line of `１` or of dot leaders is GBK too).
pub fn redecode_gbk_line(text: &str) -> Option<String> {
    let mut buffer = [0u8; 4];
    let high = text.chars().any(|ch| {
        let (encoded, _, unmappable) =
            encoding_rs::WINDOWS_1252.encode(ch.encode_utf8(&mut buffer));
        !unmappable && encoded.first().is_some_and(|&byte| byte >= 0x81)
    });
    if !high {
        return None;
    }
    gbk_behind_winansi(text).filter(|decoded| judge(decoded) != Verdict::Mojibake)
}

/// The characters as the WinAnsi bytes they were read from, decoded as GBK; `None` when a
/// character was no WinAnsi byte or the bytes are no clean GBK.
fn gbk_behind_winansi(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut trail = false;
    for ch in text.chars().filter(|ch| !ch.is_whitespace()) {
        let mut buffer = [0u8; 4];
        let (encoded, _, unmappable) =
            encoding_rs::WINDOWS_1252.encode(ch.encode_utf8(&mut buffer));
        if unmappable || encoded.len() != 1 {
            return None;
        }
        // A soft hyphen (0xAD, a common GBK trail byte) comes out of pdf-extract as '-'.
        let byte = if ch == '-' && trail { 0xad } else { encoded[0] };
        bytes.push(byte);
        trail = !trail && byte >= 0x81;
    }
    let (decoded, malformed) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
    (!malformed).then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_and_emptiness_are_detected() {
        assert_eq!(judge("关于进一步加强安全生产工作的通知"), Verdict::Text);
        assert_eq!(judge("Annual report 2020"), Verdict::Text);
        assert_eq!(judge("  \n "), Verdict::Empty);
        assert_eq!(judge("¹ØÓÚ½øÒ»²½¼ÓÇ¿°²È«Éú²ú"), Verdict::Mojibake);
        assert_eq!(
            judge("\u{fffd}\u{fffd}\u{fffd}\u{fffd}ab"),
            Verdict::Mojibake
        );
        assert!(cjk_share("通知abc") > 0.3);
        assert_eq!(judge("2 . ., ,. . , ,. , .. ,. . BM"), Verdict::Mojibake);
        let (gbk, _, _) = encoding_rs::GBK.encode("关于加强管理的通知");
        let (mojibake, _, _) = encoding_rs::WINDOWS_1252.decode(&gbk);
        assert_eq!(judge(&mojibake), Verdict::Mojibake);
        assert_eq!(
            redecode_gbk(&mojibake).as_deref(),
            Some("关于加强管理的通知")
        );
        assert_eq!(redecode_gbk("plain text"), None);
        // Lines of a GBK page with few ideographs: a page number, dot leaders.
        assert_eq!(redecode_gbk_line("£±").as_deref(), Some("１"));
        assert_eq!(
            redecode_gbk_line("¹ØÓ Úº ì¾ ü× ÷Õ ½µ ÄÔ -Ô ò ¡-¡ -¡ -¡ - £±").as_deref(),
            Some("关于红军作战的原则…………１")
        );
        assert_eq!(redecode_gbk_line("Annual report"), None);
    }
}
