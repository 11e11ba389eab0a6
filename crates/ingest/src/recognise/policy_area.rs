//! 主题分类 by a transparent keyword rule set: `data/policy-areas.tsv`, compiled in.

use std::sync::OnceLock;

use super::text::without_spaces;

/// The rule set: one line per category, its name, a tab and space-separated keywords.
const RULES: &str = include_str!("../../data/policy-areas.tsv");
/// Score of a keyword found in the title.
const TITLE_WEIGHT: usize = 3;
/// Most occurrences of one keyword counted in the body.
const BODY_CAP: usize = 3;
/// Least score that assigns a category.
const THRESHOLD: usize = 3;
/// The category every document gets when no other scores enough.
const FALLBACK: &str = "其他";

/// One category of the rule set.
struct Category {
    name: &'static str,
    keywords: Vec<&'static str>,
}

fn categories() -> &'static [Category] {
    static CATEGORIES: OnceLock<Vec<Category>> = OnceLock::new();
    CATEGORIES.get_or_init(|| {
        RULES
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let (name, keywords) = line.split_once('\t').unwrap_or((line, ""));
                let name = name.trim();
                (!name.is_empty()).then(|| Category {
                    name,
                    keywords: keywords.split_whitespace().collect(),
                })
            })
            .collect()
    })
}

fn score(category: &Category, title: &str, body: &str) -> usize {
    category
        .keywords
        .iter()
        .map(|keyword| {
            let in_title = if title.contains(keyword) {
                TITLE_WEIGHT
            } else {
                0
            };
            in_title + body.matches(keyword).take(BODY_CAP).count()
        })
        .sum()
}

/// Policy areas by the transparent keyword rule set in data/policy-areas.tsv (compiled in with include_str!).
pub fn policy_areas(title: &str, body: &str) -> Vec<Vec<String>> {
    let title = without_spaces(title);
    let body = without_spaces(body);
    let mut scored: Vec<(usize, &str)> = categories()
        .iter()
        .map(|category| (score(category, &title, &body), category.name))
        .filter(|(score, _)| *score >= THRESHOLD)
        .collect();
    // Highest score first; ties keep the order of the rule set.
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let Some(&(best, _)) = scored.first() else {
        return vec![vec![FALLBACK.to_owned()]];
    };
    scored
        .iter()
        .take(2)
        .filter(|(score, _)| *score * 2 >= best)
        .map(|(_, name)| vec![(*name).to_owned()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_set_is_well_formed() {
        let categories = categories();
        assert_eq!(categories.len(), 22);
        assert_eq!(
            categories.last().map(|category| category.name),
            Some(FALLBACK)
        );
        for category in &categories[..categories.len() - 1] {
            assert!(
                (15..=40).contains(&category.keywords.len()),
                "{} has {} keywords",
                category.name,
                category.keywords.len()
            );
        }
    }

    #[test]
    fn the_title_weighs_more_than_the_body() {
        let areas = policy_areas(
            "关于做好春耕备耕和农资供应工作的通知",
            "各地要抓好春耕生产，保障种子、化肥等农资运输畅通，确保粮食播种面积稳定。",
        );
        assert_eq!(areas, [["农业、林业、水利"]]);
    }

    #[test]
    fn a_close_second_category_is_kept() {
        let areas = policy_areas(
            "关于延期缴纳社会保险费的通知",
            "受疫情影响的企业可申请缓缴社保费，缓缴期间不影响职工养老保险、失业保险和工伤保险待遇。",
        );
        assert_eq!(areas, [["财政、金融、审计"], ["劳动、人事、监察"]]);
    }

    #[test]
    fn nothing_scored_gives_other() {
        assert_eq!(policy_areas("", "今天天气晴朗。"), [["其他"]]);
    }
}
