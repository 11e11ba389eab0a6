//! Cleaning Chinese OCR output safely, character by character within one line: no spaces
//! between Chinese characters, half-width punctuation next to Chinese text made full-width, and
//! look-alikes tesseract confuses replaced only where the neighbours leave no doubt.

/// Whether `ch` is a CJK ideograph (or 〇).
pub fn is_han(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '〇')
}

/// Whether `ch` is full-width Chinese punctuation.
fn is_cjk_punctuation(ch: char) -> bool {
    matches!(ch, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Chinese text on this side: an ideograph or full-width punctuation.
fn chinese(ch: Option<char>) -> bool {
    ch.is_some_and(|ch| is_han(ch) || is_cjk_punctuation(ch))
}

const NUMERALS: &str = "一二三四五六七八九十百千〇零";

/// One character with the horizontal extent it was given on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// The character.
    pub ch: char,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
}

/// Cleans one line. Spaces go (the layout puts one back between Latin words by their gap);
/// `, ; : ? !` beside Chinese text become `，；：？！`, a `.` after Chinese text `。`, `( )`
/// around or beside Chinese text `（ ）`, `< >` beside Chinese text `〈 〉`; between Chinese
/// characters `-`/`_` is `一` and `=` is `二`; `o O 0` between Chinese numerals is `〇`.
pub fn clean_line(line: &[Placed]) -> Vec<Placed> {
    let kept: Vec<Placed> = line
        .iter()
        .copied()
        .filter(|placed| !placed.ch.is_whitespace())
        .collect();
    let chars: Vec<char> = kept.iter().map(|placed| placed.ch).collect();
    let mut out = Vec::with_capacity(kept.len());
    for (index, placed) in kept.iter().enumerate() {
        let before = out.last().map(|placed: &Placed| placed.ch);
        let after = chars.get(index + 1).copied();
        let beside = chinese(before) || chinese(after);
        let between = chinese(before) && chinese(after);
        let numerals = |ch: Option<char>| ch.is_some_and(|ch| NUMERALS.contains(ch));
        let ch = match placed.ch {
            ',' | '，' if beside || after.is_none() && chinese(before) => '，',
            ';' if beside => '；',
            ':' if beside => '：',
            '?' if beside => '？',
            '!' if beside => '！',
            '.' if chinese(before) && !after.is_some_and(|ch| ch.is_ascii_digit()) => '。',
            '(' if chinese(after)
                || chinese(before) && !after.is_some_and(|c| c.is_ascii_alphanumeric()) =>
            {
                '（'
            }
            ')' if chinese(before) => '）',
            '<' if beside => '〈',
            '>' if beside => '〉',
            '-' | '_'
                if between && is_han(before.unwrap_or(' ')) && is_han(after.unwrap_or(' ')) =>
            {
                '一'
            }
            '=' if between => '二',
            'o' | 'O' | '0' if numerals(before) && (numerals(after) || after == Some('年')) => {
                '〇'
            }
            ch => ch,
        };
        out.push(Placed { ch, ..*placed });
    }
    out
}

/// The text of placed characters.
pub fn text(line: &[Placed]) -> String {
    line.iter().map(|placed| placed.ch).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(text: &str) -> String {
        let line: Vec<Placed> = text
            .chars()
            .enumerate()
            .map(|(i, ch)| Placed {
                ch,
                x0: i as f32,
                x1: i as f32 + 1.0,
            })
            .collect();
        super::text(&clean_line(&line))
    }

    #[test]
    fn spaces_between_chinese_characters_go() {
        assert_eq!(clean("中 华 人民 共和国"), "中华人民共和国");
    }

    #[test]
    fn punctuation_beside_chinese_is_full_width() {
        assert_eq!(clean("具体包括:"), "具体包括：");
        assert_eq!(clean("修船厂;"), "修船厂；");
        assert_eq!(clean("保护和改善海洋环境,根据"), "保护和改善海洋环境，根据");
        assert_eq!(
            clean("兵团人力资源社会保障厅(局):"),
            "兵团人力资源社会保障厅（局）："
        );
        assert_eq!(clean("修改<中华人民共和国"), "修改〈中华人民共和国");
        assert_eq!(clean("制定本条例."), "制定本条例。");
    }

    #[test]
    fn latin_and_numbers_keep_their_punctuation() {
        assert_eq!(
            clean("010-64842152,17600306916"),
            "010-64842152,17600306916"
        );
        assert_eq!(clean("10:30"), "10:30");
        assert_eq!(clean("第3.2条"), "第3.2条");
        assert_eq!(clean("http://www.osta.org.cn"), "http://www.osta.org.cn");
    }

    #[test]
    fn look_alikes_are_replaced_only_between_chinese_characters() {
        assert_eq!(clean("二O二O年"), "二〇二〇年");
        assert_eq!(clean("统-规划"), "统一规划");
        assert_eq!(clean("A-B"), "A-B");
        assert_eq!(clean("2020年"), "2020年");
    }
}
