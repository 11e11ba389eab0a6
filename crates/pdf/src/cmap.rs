//! Predefined CJK CMaps whose codes are a character set we can decode without Adobe's CMap files:
//! the GBK/GB 2312/GB 18030 EUC CMaps (codes are the GBK bytes) and the Unicode CMaps (codes are
//! UTF-16BE). Also the simple fonts that are declared WinAnsi but whose strings are GBK bytes.

/// How the codes of a string in one font are cut and turned into characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeDecoder {
    /// Mixed one-byte (ASCII) and multi-byte GBK / GB 18030 codes (`GBK-EUC-H`, `GBKp-EUC-H`,
    /// `GBK2K-H`, `GB-EUC-H`, and simple fonts that are GBK in disguise).
    Gbk,
    /// Two-byte UCS-2 or UTF-16BE codes with surrogate pairs (`UniGB-UCS2-H`, `UniGB-UTF16-H`,
    /// and the same for the Japanese, Traditional Chinese and Korean Unicode CMaps).
    Utf16,
}

/// One code of a string: how many bytes it took and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Bytes the code used.
    pub len: usize,
    /// The characters, empty when the bytes decode to nothing.
    pub text: String,
    /// Whether the character is full width (two-byte GBK, CJK in UTF-16).
    pub wide: bool,
}

impl CodeDecoder {
    /// The decoder for a predefined CMap name given as a font's `/Encoding`, `None` when the
    /// name is not one we can decode (Identity, other character sets, embedded CMaps).
    pub fn for_cmap(name: &[u8]) -> Option<CodeDecoder> {
        let name = std::str::from_utf8(name).ok()?;
        let stem = name
            .strip_suffix("-H")
            .or_else(|| name.strip_suffix("-V"))?;
        match stem {
            "GBK-EUC" | "GBKp-EUC" | "GBK2K" | "GB-EUC" | "GBpc-EUC" | "GBT-EUC" | "GBTpc-EUC" => {
                Some(CodeDecoder::Gbk)
            }
            _ if stem.starts_with("Uni")
                && (stem.ends_with("-UCS2") || stem.ends_with("-UTF16")) =>
            {
                Some(CodeDecoder::Utf16)
            }
            _ => None,
        }
    }

    /// Cuts `bytes` into codes, in order.
    pub fn codes(self, bytes: &[u8]) -> Vec<Code> {
        let mut codes = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let code = match self {
                CodeDecoder::Gbk => gbk_code(&bytes[at..]),
                CodeDecoder::Utf16 => utf16_code(&bytes[at..]),
            };
            at += code.len.max(1);
            codes.push(code);
        }
        codes
    }
}

fn gbk_code(bytes: &[u8]) -> Code {
    let lead = bytes[0];
    if lead <= 0x80 || lead == 0xff || bytes.len() < 2 {
        let text = if lead < 0x80 {
            char::from(lead).to_string()
        } else {
            String::new()
        };
        return Code {
            len: 1,
            text,
            wide: false,
        };
    }
    // GB 18030 four-byte codes have a digit as their second byte.
    let len = if bytes[1].is_ascii_digit() && bytes.len() >= 4 {
        4
    } else {
        2
    };
    let (text, malformed) = encoding_rs::GB18030.decode_without_bom_handling(&bytes[..len]);
    Code {
        len,
        text: if malformed {
            String::new()
        } else {
            text.into_owned()
        },
        wide: true,
    }
}

fn utf16_code(bytes: &[u8]) -> Code {
    if bytes.len() < 2 {
        return Code {
            len: 1,
            text: String::new(),
            wide: false,
        };
    }
    let first = u16::from_be_bytes([bytes[0], bytes[1]]);
    let mut units = vec![first];
    if (0xd800..0xdc00).contains(&first) && bytes.len() >= 4 {
        units.push(u16::from_be_bytes([bytes[2], bytes[3]]));
    }
    let text: String = char::decode_utf16(units.iter().copied())
        .filter_map(Result::ok)
        .collect();
    let wide = text.chars().next().is_some_and(is_wide);
    Code {
        len: units.len() * 2,
        text,
        wide,
    }
}

/// Whether a character is drawn full width in CJK fonts.
pub fn is_wide(ch: char) -> bool {
    matches!(ch,
        '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}' | '\u{20000}'..='\u{3fffd}')
}

/// Whether a simple (one-byte) font without a ToUnicode map and without an embedded font file is
/// really a Chinese system font whose strings are GBK bytes: its name is GBK bytes (宋体, 黑体,
/// 仿宋_GB2312) or a known Chinese font name.
pub fn is_gbk_font_name(base_font: &[u8]) -> bool {
    // Subset prefixes (`ABCDEF+`) and style suffixes (`,Bold`) do not matter.
    let name = match base_font.iter().position(|&byte| byte == b'+') {
        Some(6) => &base_font[7..],
        _ => base_font,
    };
    if name.iter().any(|&byte| byte >= 0x80) {
        let (decoded, malformed) = encoding_rs::GBK.decode_without_bom_handling(name);
        return !malformed
            && decoded
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch));
    }
    let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
    const KNOWN: [&str; 14] = [
        "simsun",
        "nsimsun",
        "simhei",
        "simkai",
        "simfang",
        "fangsong",
        "kaiti",
        "stsong",
        "stheiti",
        "stkaiti",
        "stfangsong",
        "stzhongsong",
        "microsoftyahei",
        "gb2312",
    ];
    KNOWN
        .iter()
        .any(|known| lower.replace([' ', '-', '_'], "").contains(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(decoder: CodeDecoder, bytes: &[u8]) -> String {
        decoder
            .codes(bytes)
            .into_iter()
            .map(|code| code.text)
            .collect()
    }

    #[test]
    fn cmap_names_choose_their_decoder() {
        assert_eq!(CodeDecoder::for_cmap(b"GBK-EUC-H"), Some(CodeDecoder::Gbk));
        assert_eq!(CodeDecoder::for_cmap(b"GBKp-EUC-V"), Some(CodeDecoder::Gbk));
        assert_eq!(CodeDecoder::for_cmap(b"GBK2K-H"), Some(CodeDecoder::Gbk));
        assert_eq!(
            CodeDecoder::for_cmap(b"UniGB-UTF16-H"),
            Some(CodeDecoder::Utf16)
        );
        assert_eq!(
            CodeDecoder::for_cmap(b"UniJIS-UCS2-H"),
            Some(CodeDecoder::Utf16)
        );
        assert_eq!(CodeDecoder::for_cmap(b"Identity-H"), None);
        assert_eq!(CodeDecoder::for_cmap(b"90ms-RKSJ-H"), None);
    }

    #[test]
    fn gbk_codes_mix_ascii_and_two_bytes() {
        let (bytes, _, _) = encoding_rs::GBK.encode("第1条 通知");
        assert_eq!(text(CodeDecoder::Gbk, &bytes), "第1条 通知");
        let codes = CodeDecoder::Gbk.codes(&bytes);
        assert_eq!(codes.len(), 6);
        assert!(codes[0].wide && !codes[1].wide);
        let (bytes, _, _) = encoding_rs::GB18030.encode("㐀𠀀");
        assert_eq!(text(CodeDecoder::Gbk, &bytes), "㐀𠀀");
        // A lone lead byte at the end is dropped, not a panic.
        assert_eq!(text(CodeDecoder::Gbk, &[b'a', 0xb5]), "a");
    }

    #[test]
    fn utf16_codes_with_surrogates() {
        let bytes: Vec<u8> = "目录𠀀a"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let codes = CodeDecoder::Utf16.codes(&bytes);
        assert_eq!(codes.len(), 4);
        assert_eq!(text(CodeDecoder::Utf16, &bytes), "目录𠀀a");
        assert!(codes[0].wide && !codes[3].wide);
        assert_eq!(text(CodeDecoder::Utf16, &[0x76]), "");
    }

    #[test]
    fn chinese_font_names_are_recognised() {
        assert!(is_gbk_font_name(b"\xcb\xce\xcc\xe5"));
        assert!(is_gbk_font_name(b"\xb7\xc2\xcb\xce_GB2312"));
        assert!(is_gbk_font_name(b"ABCDEF+SimSun,Bold"));
        assert!(is_gbk_font_name(b"FangSong_GB2312"));
        assert!(!is_gbk_font_name(b"TimesNewRomanPSMT"));
        assert!(!is_gbk_font_name(b"Helvetica"));
    }
}
