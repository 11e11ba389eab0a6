//! Responsible departments, from the brackets that close each task of a work plan:
//! "（市发展改革委、市财政局按职责分工分别牵头落实）", "(市审计局牵头落实)",
//! "（责任单位：市商务局）".

use std::sync::OnceLock;

use regex::Regex;

use super::text::{char_len, ends_like_organisation, fold_width, without_spaces};

/// Longest department name, in characters.
const MAX_DEPARTMENT: usize = 30;

/// A bracket, after width folding, so （） and () are one form.
fn bracket() -> &'static Regex {
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    BRACKET.get_or_init(|| Regex::new(r"\(([^()]{2,400})\)").expect("bracket pattern is valid"))
}

/// What makes a bracket a list of responsible departments: it ends by assigning the task, or it
/// opens with a label.
fn assignment() -> &'static Regex {
    static ASSIGNMENT: OnceLock<Regex> = OnceLock::new();
    ASSIGNMENT.get_or_init(|| {
        Regex::new(r"(?:牵头|负责|配合|落实)$|^(?:责任|牵头|配合|主办|协办)(?:单位|部门):")
            .expect("assignment pattern is valid")
    })
}

/// Words around a department name that say what it does, not what it is.
fn role() -> &'static Regex {
    static ROLE: OnceLock<Regex> = OnceLock::new();
    ROLE.get_or_init(|| {
        Regex::new(
            r"^(?:由)|(?:等(?:部门|单位)?)?(?:按职责分工|按照职责分工|按职责)?(?:分别|共同)?(?:牵头|负责|配合|参与|落实|组织)*$",
        )
        .expect("role pattern is valid")
    })
}

/// The departments named as responsible in a text, first-seen order, no duplicates. Line and
/// page breaks inside a bracket are joined first; collective and vague entries (各县区,
/// 市政府有关部门) are dropped.
pub(crate) fn departments(text: &str) -> Vec<String> {
    let joined = without_spaces(&fold_width(text));
    let mut found: Vec<String> = Vec::new();
    for captures in bracket().captures_iter(&joined) {
        let Some(inner) = captures.get(1).map(|inner| inner.as_str()) else {
            continue;
        };
        if !assignment().is_match(inner) {
            continue;
        }
        for item in inner.split(['、', ',', '，', ';', '；']) {
            let item = item.rsplit(':').next().unwrap_or(item);
            let name = role().replace_all(item, "");
            if is_department(&name) && !found.iter().any(|known| *known == name) {
                found.push(name.into_owned());
            }
        }
    }
    found
}

fn is_department(name: &str) -> bool {
    (2..=MAX_DEPARTMENT).contains(&char_len(name))
        && ends_like_organisation(name)
        && !name.starts_with('各')
        && !name.ends_with("部门")
        && !name.contains("有关")
        && !name.contains("相关")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_are_read_from_both_bracket_widths() {
        let text = "做好春耕物资储备。（市农业农村局、市供销社按职责分工分别牵头落实）\n\
                    加强价格监测。(市发展改革委牵头落实)";
        assert_eq!(
            departments(text),
            ["市农业农村局", "市供销社", "市发展改革委"]
        );
    }

    #[test]
    fn a_bracket_broken_over_a_page_is_joined() {
        let text = "推进老旧小区改造。（市住房城乡建设局、市财政局、市自然资源\n\n局按职责分工分别牵头落实）";
        assert_eq!(
            departments(text),
            ["市住房城乡建设局", "市财政局", "市自然资源局"]
        );
    }

    #[test]
    fn collective_entries_are_dropped_and_names_deduplicated() {
        let text = "公开权责清单。（市编办、各县区、市政府有关部门负责落实）\
                    公开收费目录。（市编办、市物价局等部门按职责分工分别牵头落实）\
                    公开办事指南。（市、县区政务服务管理部门负责落实）";
        assert_eq!(departments(text), ["市编办", "市物价局"]);
    }

    #[test]
    fn labelled_and_lead_support_forms() {
        let text = "建设冷链物流中心（责任单位：市商务局；配合单位：市交通运输局）。\
                    开展专项检查（市市场监管局牵头，市公安局配合）。\
                    其他括号（以下简称“两清单”）不是部门。";
        assert_eq!(
            departments(text),
            ["市商务局", "市交通运输局", "市市场监管局", "市公安局"]
        );
    }
}
