//! 主题分类 by a transparent keyword rule set: `data/policy-areas.tsv`, compiled in.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

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

/// The rule set, and one automaton over every keyword so a body is scanned once.
struct Rules {
    categories: Vec<Category>,
    /// Keyword index in the automaton → its category.
    category_of: Vec<usize>,
    automaton: AhoCorasick,
}

#[cfg(test)]
fn categories() -> &'static [Category] {
    &rules().categories
}

fn rules() -> &'static Rules {
    static RULES_CELL: OnceLock<Rules> = OnceLock::new();
    RULES_CELL.get_or_init(|| {
        let categories: Vec<Category> = RULES
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
            .collect();
        let mut category_of = Vec::new();
        let mut keywords = Vec::new();
        for (index, category) in categories.iter().enumerate() {
            for keyword in &category.keywords {
                category_of.push(index);
                keywords.push(*keyword);
            }
        }
        let automaton =
            AhoCorasick::new(&keywords).expect("policy-area keywords build an automaton");
        Rules {
            categories,
            category_of,
            automaton,
        }
    })
}

/// Occurrences of every keyword (overlapping, so a keyword inside another still counts).
fn keyword_counts(rules: &Rules, text: &str) -> Vec<usize> {
    let mut counts = vec![0; rules.category_of.len()];
    for found in rules.automaton.find_overlapping_iter(text) {
        counts[found.pattern().as_usize()] += 1;
    }
    counts
}

/// Policy areas by the keyword rules: a keyword in the title scores
/// TITLE_WEIGHT, each body occurrence 1 (at most BODY_CAP per keyword); categories scoring at
/// least THRESHOLD are kept, the best and a second one scoring at least half as much.
pub fn policy_areas(title: &str, body: &str) -> Vec<Vec<String>> {
    let rules = rules();
    let title = without_spaces(title);
    let body = without_spaces(body);
    let in_title = keyword_counts(rules, &title);
    let in_body = keyword_counts(rules, &body);
    let mut scores = vec![0; rules.categories.len()];
    for (keyword, &category) in rules.category_of.iter().enumerate() {
        let title_score = if in_title[keyword] > 0 {
            TITLE_WEIGHT
        } else {
            0
        };
        scores[category] += title_score + in_body[keyword].min(BODY_CAP);
    }
    let mut scored: Vec<(usize, &str)> = scores
        .iter()
        .zip(&rules.categories)
        .map(|(&score, category)| (score, category.name))
        .filter(|(score, _)| *score >= THRESHOLD)
        .collect();
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
