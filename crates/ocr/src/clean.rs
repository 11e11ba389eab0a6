//! Cleaning Chinese OCR output safely, character by character within one line: no spaces
//! between Chinese characters, half-width punctuation next to Chinese text made full-width, and
//! look-alikes tesseract confuses replaced only where the neighbours leave no doubt.

use gongbao_chars::is_han;

/// Whether `ch` is full-width Chinese punctuation.
fn is_cjk_punctuation(ch: char) -> bool {
    matches!(ch, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Whether `ch` is Chinese text: an ideograph or full-width punctuation.
pub fn is_chinese(ch: char) -> bool {
    is_han(ch) || is_cjk_punctuation(ch)
}

/// Chinese text on this side.
fn chinese(ch: Option<char>) -> bool {
    ch.is_some_and(is_chinese)
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

/// Pairs brackets tesseract confuses: an opener `《 〈 【 [` closed within a few characters by
/// `）` or `)` was a parenthesis (`（一）` read as `《一）`), and a closer `》 〉` whose opener is a
/// parenthesis was one too; `【2020]】24号`-like year brackets of a document number are
/// `〔2020〕24号`; a line that is only a number between dashes (`一 7 一`) is a page number
/// `—7—`.
pub fn fix_brackets(line: &mut Vec<Placed>) {
    const OPENERS: &str = "(（《〈【[〔";
    const CLOSERS: &str = ")）》〉】]〕";
    let chars: Vec<char> = line.iter().map(|placed| placed.ch).collect();
    let page_number = chars.len() >= 3
        && chars.iter().any(char::is_ascii_digit)
        && chars
            .iter()
            .all(|ch| ch.is_ascii_digit() || "一—–-－─_".contains(*ch))
        && !chars[0].is_ascii_digit()
        && !chars[chars.len() - 1].is_ascii_digit();
    if page_number {
        for placed in line.iter_mut().filter(|placed| !placed.ch.is_ascii_digit()) {
            placed.ch = '—';
        }
        line.dedup_by(|b, a| a.ch == '—' && b.ch == '—');
        return;
    }
    // Document-number years: opener, four digits, one or two closers, digits, 号.
    let mut index = 0;
    while index + 6 < line.len() {
        let at = |i: usize| line.get(i).map_or(' ', |placed: &Placed| placed.ch);
        let year = (1..=4).all(|k| at(index + k).is_ascii_digit());
        let mut after = index + 5;
        let closers = (0..2)
            .take_while(|k| CLOSERS.contains(at(after + k)))
            .count();
        after += closers;
        if OPENERS.contains(at(index)) && year && closers > 0 && at(after).is_ascii_digit() {
            let mut end = after;
            while at(end).is_ascii_digit() {
                end += 1;
            }
            if at(end) == '号' {
                line[index].ch = '〔';
                line[index + 5].ch = '〕';
                if closers == 2 {
                    line.remove(index + 6);
                }
            }
        }
        index += 1;
    }
    for close in 0..line.len() {
        let closer = line[close].ch;
        if !CLOSERS.contains(closer) {
            continue;
        }
        let open = (close.saturating_sub(12)..close)
            .rev()
            .find(|&i| OPENERS.contains(line[i].ch) || CLOSERS.contains(line[i].ch))
            .filter(|&i| OPENERS.contains(line[i].ch));
        let Some(open) = open else { continue };
        let opener = line[open].ch;
        match (opener, closer) {
            ('《' | '〈' | '【' | '[', '）') => line[open].ch = '（',
            ('《' | '〈' | '【' | '[', ')') => line[open].ch = '(',
            ('（', '》' | '〉') => line[close].ch = '）',
            ('(', '》' | '〉') => line[close].ch = ')',
            _ => {}
        }
    }
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

    fn brackets(text: &str) -> String {
        let mut line: Vec<Placed> = text
            .chars()
            .map(|ch| Placed {
                ch,
                x0: 0.0,
                x1: 1.0,
            })
            .collect();
        fix_brackets(&mut line);
        super::text(&line)
    }

    #[test]
    fn brackets_are_paired_and_page_numbers_recognised() {
        assert_eq!(brackets("《一）开荒"), "（一）开荒");
        assert_eq!(brackets("违反第〈一）项"), "违反第（一）项");
        assert_eq!(brackets("（局〉："), "（局）：");
        assert_eq!(
            brackets("《中华人民共和国文物保护法》"),
            "《中华人民共和国文物保护法》"
        );
        assert_eq!(brackets("根据《条例（草案）》"), "根据《条例（草案）》");
        assert_eq!(brackets("人社厅函【2020]】24号"), "人社厅函〔2020〕24号");
        assert_eq!(brackets("人社厅发【2019]117号"), "人社厅发〔2019〕117号");
        assert_eq!(brackets("一7一"), "—7—");
        assert_eq!(brackets("——12——"), "—12—");
        assert_eq!(brackets("一二三"), "一二三");
        assert_eq!(brackets("2020-01"), "2020-01");
    }

    #[test]
    fn look_alikes_are_replaced_only_between_chinese_characters() {
        assert_eq!(clean("二O二O年"), "二〇二〇年");
        assert_eq!(clean("统-规划"), "统一规划");
        assert_eq!(clean("A-B"), "A-B");
        assert_eq!(clean("2020年"), "2020年");
    }
}
