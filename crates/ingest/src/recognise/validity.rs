//! Validity markers: "（已废止）" in a title, "效力状态：已废止" on a line of its own.
//!
//! Only explicit markers count. Running text such as "本办法自…起废止" or "原办法同时废止"
//! repeals another document, so it never marks this one.

use std::sync::OnceLock;

use gongbao_core::Validity;
use regex::Regex;

use super::text::fold_width;

/// A bracketed marker in a title: （已废止）, 【失效】, (已失效).
fn title_marker() -> &'static Regex {
    static MARKER: OnceLock<Regex> = OnceLock::new();
    MARKER.get_or_init(|| {
        Regex::new(r"[(【\[]\s*(已废止|废止|已失效|失效)\s*[)】\]]")
            .expect("marker pattern is valid")
    })
}

/// A labelled statement at the start of a line: 效力状态：已废止, 时效性：失效.
fn labelled_marker() -> &'static Regex {
    static MARKER: OnceLock<Regex> = OnceLock::new();
    MARKER.get_or_init(|| {
        Regex::new(
            r"(?m)^\s*(?:效力状态|效力|时效性|时效状态|有效性|状态)\s*[:]\s*(现行有效|有效|已修改|已废止|废止|已失效|失效)\s*$",
        )
        .expect("marker pattern is valid")
    })
}

/// The validity a title or text states, if any. 尚未生效 is never read from text: whether a
/// document is in force yet depends on the day of the search.
pub(crate) fn validity(title: &str, text: &str) -> Option<Validity> {
    let title = fold_width(title);
    let text = fold_width(text);
    let head: String = text.chars().take(200).collect();
    let stated = title_marker()
        .captures(&title)
        .or_else(|| title_marker().captures(&head))
        .or_else(|| labelled_marker().captures(&text))?;
    Validity::parse(stated.get(1)?.as_str()).filter(|validity| *validity != Validity::NotYetInForce)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_the_title_or_a_labelled_line() {
        assert_eq!(
            validity(
                "滨海市出租汽车管理办法（已废止）",
                "第一条 为了规范出租汽车经营"
            ),
            Some(Validity::Repealed)
        );
        assert_eq!(
            validity(
                "关于做好防汛工作的通知",
                "发布日期：2015年6月1日\n效力状态：失效\n各区县："
            ),
            Some(Validity::Expired)
        );
        assert_eq!(
            validity("关于做好防汛工作的通知", "时效性：现行有效\n"),
            Some(Validity::InForce)
        );
    }

    #[test]
    fn repealing_another_document_does_not_mark_this_one() {
        let text =
            "第三十条 本办法自2020年1月1日起施行。《滨海市出租汽车管理暂行办法》同时废止。\n\
                    第三十一条 本办法自2025年12月31日起废止。";
        assert_eq!(validity("滨海市网络预约出租汽车管理办法", text), None);
        assert_eq!(
            validity("关于公布已废止规范性文件目录的通知", "下列文件已废止："),
            None
        );
    }
}
