//! Publication (发布) and in-force (施行) dates of a notice; the written date (成文) comes with
//! the signature block, in `issuer`.

use gongbao_core::date::find_dates;

use super::text::{fold_width, is_space, without_spaces};

/// Words after a date that make it the publication date ("2017 年 6 月 6 日印发").
const PUBLISHED: &[&str] = &["印发", "发布", "公布"];
/// Words after a date that make it the in-force date ("自2019年3月1日起施行").
const EFFECTIVE: &[&str] = &[
    "起施行",
    "起执行",
    "起实施",
    "起生效",
    "开始施行",
    "开始实施",
    "施行",
];

/// The date a notice was printed or published: the last date followed by 印发, 发布 or 公布 and
/// nothing more on its line ("2017 年 6 月 6 日印发").
pub(crate) fn published(text: &str) -> Option<gongbao_core::date::DateMatch> {
    let folded = fold_width(text);
    find_dates(&folded).into_iter().rev().find(|found| {
        let after = folded[found.range.end..].trim_start_matches(is_space);
        PUBLISHED.iter().any(|word| {
            after.strip_prefix(word).is_some_and(|rest| {
                rest.chars()
                    .next()
                    .is_none_or(|c| is_space(c) || "。，,;；)）".contains(c))
            })
        })
    })
}

/// The date a notice comes into force: the first date written as 自…起施行 (or 执行, 实施,
/// 生效). "自…起废止" repeals another document and is not an in-force date.
pub(crate) fn effective(text: &str) -> Option<gongbao_core::date::DateMatch> {
    let folded = without_spaces(&fold_width(text));
    find_dates(&folded).into_iter().find(|found| {
        let after = &folded[found.range.end..];
        let before = &folded[..found.range.start];
        let introduced = ["自", "从", "于"].iter().any(|word| before.ends_with(word));
        EFFECTIVE.iter().any(|word| after.starts_with(word))
            && (introduced || after.starts_with('起'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongbao_core::date::parse_date;

    #[test]
    fn the_printing_line_gives_the_publication_date() {
        let text = "滨海市人民政府办公室\n\n2021年3月2日\n\n抄送：市委各部门。\n\n滨海市人民政府办公室\n\n2021 年 3 月 5 日印发";
        assert_eq!(
            published(text).map(|found| found.date),
            parse_date("2021-03-05")
        );
        assert_eq!(published("住建厅于2021年3月5日发布通知，要求各地"), None);
    }

    #[test]
    fn in_force_dates_are_read_from_the_final_article() {
        let text = "第二十条 本办法自2022 年 1 月\n1 日起施行，有效期五年。";
        assert_eq!(
            effective(text).map(|found| found.date),
            parse_date("2022-01-01")
        );
        let text = "本规定自二〇二〇年七月一日起实施。";
        assert_eq!(
            effective(text).map(|found| found.date),
            parse_date("2020-07-01")
        );
    }

    #[test]
    fn a_repeal_date_is_not_an_in_force_date() {
        let text = "《滨海市犬只管理暂行办法》自2019年5月1日起废止。";
        assert_eq!(effective(text), None);
    }
}
