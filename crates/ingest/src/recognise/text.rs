//! Text helpers shared by the recognisers: width folding, removing the spaces a PDF puts between
//! Chinese characters, and telling an organisation name from other text.

/// Folds full-width ASCII variants (１２３, （）, ：) to ASCII, small brackets (﹝﹞) to 〔〕 and
/// ideographic spaces to spaces, the
/// part of NFKC that document numbers and dates need. Every other character is kept, so the
/// folded text has the same characters in the same order.
pub(crate) fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2002}' | '\u{2003}' => ' ',
            '\u{FE5D}' => '〔',
            '\u{FE5E}' => '〕',
            _ => c,
        })
        .collect()
}

/// Whether a character is one of the whitespace characters seen in government texts, including
/// the ideographic space, the no-break space and the en space.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{3000}' | '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{200B}'
                ..='\u{200D}' | '\u{FEFF}'
        )
}

/// Removes whitespace next to a non-ASCII character ("2017 年东营市政务公开 工作要点" becomes
/// "2017年东营市政务公开工作要点") and keeps one space between two ASCII words ("COVID 19").
pub(crate) fn squeeze_spaces(text: &str) -> String {
    let chars: Vec<char> = text.trim_matches(is_space).chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if !is_space(c) {
            out.push(c);
            at += 1;
            continue;
        }
        let run_end = chars[at..]
            .iter()
            .position(|&c| !is_space(c))
            .map_or(chars.len(), |offset| at + offset);
        let before = out.chars().last();
        let after = chars.get(run_end).copied();
        if let (Some(before), Some(after)) = (before, after) {
            if before.is_ascii() && after.is_ascii() {
                out.push(' ');
            }
        }
        at = run_end;
    }
    out
}

/// Removes all whitespace, for matching patterns that a line or page break may have cut.
pub(crate) fn without_spaces(text: &str) -> String {
    text.chars().filter(|&c| !is_space(c)).collect()
}

/// Endings of the names of government bodies and other organisations, longest first where one
/// ends another.
const ORGANISATION_ENDINGS: &[&str] = &[
    "办公室",
    "办公厅",
    "委员会",
    "指挥部",
    "领导小组",
    "办事处",
    "管委会",
    "工作组",
    "中心",
    "政府",
    "党委",
    "总局",
    "分局",
    "法院",
    "检察院",
    "学院",
    "学校",
    "医院",
    "银行",
    "公司",
    "集团",
    "协会",
    "联合会",
    "机构",
    "小组",
    "部门",
    "人大",
    "机制",
    "局",
    "厅",
    "委",
    "部",
    "办",
    "院",
    "署",
    "会",
    "所",
    "处",
    "室",
    "站",
    "行",
    "队",
    "社",
    "馆",
    "司",
    "组",
];

/// Whether a text ends the way the name of a government body or organisation does.
pub(crate) fn ends_like_organisation(text: &str) -> bool {
    ORGANISATION_ENDINGS
        .iter()
        .any(|ending| text.ends_with(ending))
}

/// Number of characters (not bytes).
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The first `max` characters of a text.
pub(crate) fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_chinese_characters_and_digits_are_removed() {
        assert_eq!(
            squeeze_spaces(" 市卫生健康委 关于印发 2021 年 全市健康促进工作要点的通知 "),
            "市卫生健康委关于印发2021年全市健康促进工作要点的通知"
        );
        assert_eq!(squeeze_spaces("推行 PPP 模式"), "推行PPP模式");
        assert_eq!(squeeze_spaces("COVID 19 防控"), "COVID 19防控");
    }

    #[test]
    fn full_width_forms_are_folded() {
        assert_eq!(fold_width("鲁政发（２０２１）３号："), "鲁政发(2021)3号:");
        assert_eq!(fold_width("甲\u{3000}乙"), "甲 乙");
    }

    #[test]
    fn organisation_endings() {
        assert!(ends_like_organisation("滨州市交通运输局"));
        assert!(ends_like_organisation("省疫情防控指挥部"));
        assert!(!ends_like_organisation("关于做好春耕生产的通知"));
        assert_eq!(truncate_chars("一二三四", 2), "一二");
    }
}
