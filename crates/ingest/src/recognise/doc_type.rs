//! 文种: the document type a title ends with.

use std::sync::OnceLock;

use regex::Regex;

/// Title endings and the document type each names. Checked longest ending first, so 办法 wins
/// over 法 and 通告 is not read as 告.
const ENDINGS: &[(&str, &str)] = &[
    ("通知", "通知"),
    ("通报", "通报"),
    ("意见", "意见"),
    ("办法", "办法"),
    ("规定", "规定"),
    ("条例", "条例"),
    ("决定", "决定"),
    ("决议", "决议"),
    ("批复", "批复"),
    ("公告", "公告"),
    ("通告", "通告"),
    ("公示", "公示"),
    ("细则", "细则"),
    ("规则", "规则"),
    ("方案", "方案"),
    ("规划", "规划"),
    ("计划", "计划"),
    ("纲要", "纲要"),
    ("要点", "要点"),
    ("措施", "措施"),
    ("指引", "指引"),
    ("指南", "指南"),
    ("解释", "解释"),
    ("命令", "命令"),
    ("报告", "报告"),
    ("请示", "请示"),
    ("纪要", "纪要"),
    ("公报", "公报"),
    ("章程", "章程"),
    ("准则", "准则"),
    ("标准", "标准"),
    ("倡议书", "倡议书"),
    ("复函", "函"),
    ("函", "函"),
    ("令", "令"),
    ("法", "法律"),
];

/// Endings that look like a type but are ordinary words.
const NOT_TYPES: &[&str] = &[
    "方法", "做法", "说法", "看法", "想法", "指令", "口令", "号令",
];

/// Trailing qualifiers that follow the type: （试行）, （2020年修订）, （第8号）, 第13号, （已废止）.
fn qualifier() -> &'static Regex {
    static QUALIFIER: OnceLock<Regex> = OnceLock::new();
    QUALIFIER.get_or_init(|| {
        Regex::new(r"(?:\s*(?:[（(【\[][^（）()【】\[\]]{0,20}[）)】\]]|第\s*[0-9０-９一二三四五六七八九十百]+\s*号))+\s*$")
            .expect("qualifier pattern is valid")
    })
}

/// The document type a title ends with (通知, 意见, 办法, 规定, 条例, 决定, 批复, 公告, 通告, 细则, 规则, 方案, 规划, 解释, 决议, 命令, 函, 报告 …), longest match first; None if none.
pub fn doc_type_of_title(title: &str) -> Option<String> {
    let title = title.trim().trim_end_matches(['。', '.', '”', '"', '》']);
    let title = qualifier().replace(title, "");
    let title = title.trim_end();
    if NOT_TYPES.iter().any(|word| title.ends_with(word)) {
        return None;
    }
    let mut endings: Vec<&(&str, &str)> = ENDINGS.iter().collect();
    endings.sort_by_key(|(ending, _)| std::cmp::Reverse(ending.len()));
    endings
        .into_iter()
        .find(|(ending, _)| title.ends_with(ending) && title.len() > ending.len())
        .map(|(_, doc_type)| (*doc_type).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(title: &str) -> Option<String> {
        doc_type_of_title(title)
    }

    #[test]
    fn types_are_read_from_the_end_of_the_title() {
        assert_eq!(
            of("市教育局关于做好春季开学准备工作的通知").as_deref(),
            Some("通知")
        );
        assert_eq!(of("滨海县城市道路停车管理办法").as_deref(), Some("办法"));
        assert_eq!(of("中华人民共和国种子法").as_deref(), Some("法律"));
        assert_eq!(
            of("省政府关于同意设立临港物流园区的批复").as_deref(),
            Some("批复")
        );
        assert_eq!(of("关于征求意见稿修改情况的复函").as_deref(), Some("函"));
        assert_eq!(of("全县防汛抗旱应急工作方案").as_deref(), Some("方案"));
        assert_eq!(
            of("某市疫情防控指挥部通告（第3号）").as_deref(),
            Some("通告")
        );
        assert_eq!(of("省防控应急指挥部令第5号").as_deref(), Some("令"));
        assert_eq!(
            of("某市物业服务收费管理办法（试行）（已废止）").as_deref(),
            Some("办法")
        );
        assert_eq!(
            of("最高人民法院关于审理借款合同纠纷案件若干问题的解释（二）").as_deref(),
            Some("解释")
        );
    }

    #[test]
    fn titles_without_a_type_give_none() {
        assert_eq!(of("全市春耕生产进展顺利").as_deref(), None);
        assert_eq!(of("防疫物资消毒的正确方法").as_deref(), None);
        assert_eq!(of("").as_deref(), None);
        assert_eq!(of("函").as_deref(), None);
    }
}
