//! Synonyms and abbreviations: groups of equivalent forms (个税 = 个人所得税) in a file a clerk
//! edits, applied when a query is read, so changing the file needs no reindex.
//!
//! The file has one group a line, its forms separated by `=`, and `#` comments:
//!
//! ```text
//! 个税 = 个人所得税
//! 医保 = 医疗保险 = 医疗保障
//! ```
//!
//! A form matches a query where it covers whole jieba words of it (社保 in 社保 缴费, not in
//! 社保卡 unless 社保卡 is a form too); forms are compared folded (simplified characters,
//! half-width, lower case), as the index compares text, and without punctuation or spaces.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use gongbao_core::analyzer::fold;
use gongbao_core::lines::LineProblem;
use gongbao_core::Analyzer;
use serde::Serialize;

use crate::runs::longest_runs;
use crate::watched::{ClerkFile, Watched};

/// The file name of the synonyms in an index root.
pub const SYNONYMS_FILE: &str = "synonyms.txt";
/// The synonyms shipped with gongbao (`dict/synonyms.txt`), used when an index has none.
const BUILT_IN: &str = include_str!("../../../dict/synonyms.txt");
/// Longest form, in characters: a form is a word or a name, not a sentence.
pub const MAX_FORM_CHARS: usize = 60;
/// How the built-in synonyms are named in messages.
pub const BUILT_IN_NAME: &str = "built-in synonyms.txt";

/// Groups of equivalent forms.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group's forms as written (trimmed), in file order.
    groups: Vec<Vec<String>>,
    /// Each form's key ([`form_key`]) → its group.
    by_form: HashMap<String, usize>,
    /// The longest form's key, in characters (a bound for matching).
    longest: usize,
    /// The lines skipped as malformed.
    problems: Vec<LineProblem>,
}

/// A form of a query that has equivalents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// The form as the query has it.
    pub typed: String,
    /// Its equivalents, in file order.
    pub equivalents: Vec<String>,
}

impl Synonyms {
    /// The synonyms shipped with gongbao.
    pub fn built_in() -> Arc<Synonyms> {
        static BUILT: OnceLock<Arc<Synonyms>> = OnceLock::new();
        Arc::clone(BUILT.get_or_init(|| Arc::new(Synonyms::parse(BUILT_IN, BUILT_IN_NAME))))
    }

    /// The text of the synonyms shipped with gongbao, as an index's copy starts.
    pub fn built_in_text() -> &'static str {
        BUILT_IN
    }

    /// Reads a synonyms file's text; `file` names it in the problems of the lines skipped.
    pub fn parse(text: &str, file: &str) -> Synonyms {
        let mut synonyms = Synonyms::default();
        let mut first_line: Vec<usize> = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let number = number + 1;
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            match synonyms.group_of_line(line, &first_line) {
                Ok(group) => {
                    for form in &group {
                        let key = form_key(form);
                        synonyms.longest = synonyms.longest.max(key.chars().count());
                        synonyms.by_form.insert(key, synonyms.groups.len());
                    }
                    synonyms.groups.push(group);
                    first_line.push(number);
                }
                Err(reason) => synonyms.problems.push(LineProblem {
                    file: file.to_owned(),
                    line: number,
                    reason,
                }),
            }
        }
        synonyms
    }

    /// The lines skipped as malformed when the synonyms were read.
    pub fn problems(&self) -> &[LineProblem] {
        &self.problems
    }

    /// The forms of one line, or why the line is wrong.
    fn group_of_line(&self, line: &str, first_line: &[usize]) -> Result<Vec<String>, String> {
        let forms: Vec<String> = line.split('=').map(|form| form.trim().to_owned()).collect();
        if forms.len() < 2 {
            return Err("a group needs two or more forms separated by `=`".to_owned());
        }
        let mut folded_seen: Vec<String> = Vec::new();
        for form in &forms {
            if form.is_empty() {
                return Err("a form is empty".to_owned());
            }
            if form.chars().count() > MAX_FORM_CHARS {
                return Err(format!(
                    "the form `{form}` is longer than {MAX_FORM_CHARS} characters"
                ));
            }
            let folded = form_key(form);
            if folded.is_empty() {
                return Err(format!(
                    "the form `{form}` has no letter, digit or character"
                ));
            }
            if let Some(&group) = self.by_form.get(&folded) {
                return Err(format!(
                    "`{form}` is already in the group of line {}",
                    first_line[group]
                ));
            }
            if folded_seen.contains(&folded) {
                return Err(format!("`{form}` is written twice"));
            }
            folded_seen.push(folded);
        }
        Ok(forms)
    }

    /// Groups read.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether no group was read.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The equivalents of `form` (folded before the look-up), in file order; empty when it has
    /// none.
    pub fn equivalents(&self, form: &str) -> Vec<&str> {
        let key = form_key(form);
        match self.by_form.get(&key) {
            Some(&group) => self.groups[group]
                .iter()
                .filter(|other| form_key(other) != key)
                .map(String::as_str)
                .collect(),
            None => Vec::new(),
        }
    }

    /// The forms of `text` that have equivalents: runs of whole words (as `analyzer` segments
    /// them) that are a form, longest first from each word, not overlapping, in text order.
    pub fn expansions(&self, analyzer: &Analyzer, text: &str) -> Vec<Expansion> {
        if self.is_empty() {
            return Vec::new();
        }
        let words = analyzer.words(text);
        let runs = longest_runs(&words, self.longest, |run, _| {
            Ok(self.by_form.get(run).copied())
        })
        .unwrap_or_default();
        runs.into_iter()
            .map(|(range, group)| {
                let typed = &text[words[range.start].offset_from..words[range.end - 1].offset_to];
                let key = form_key(typed);
                let equivalents = self.groups[group]
                    .iter()
                    .filter(|form| form_key(form) != key)
                    .cloned()
                    .collect();
                Expansion {
                    typed: typed.to_owned(),
                    equivalents,
                }
            })
            .collect()
    }
}

/// The synonyms of an index root, read from its [`SYNONYMS_FILE`] (the built-in ones when it
/// has none) and read again when the file changes.
pub(crate) type WatchedSynonyms = Watched<Synonyms>;

impl ClerkFile for Synonyms {
    const FILE: &'static str = SYNONYMS_FILE;
    const WHAT: &'static str = "synonyms file";

    fn built_in() -> Arc<Synonyms> {
        Synonyms::built_in()
    }

    fn parse(text: &str, file: &str) -> Synonyms {
        Synonyms::parse(text, file)
    }

    fn problems(&self) -> &[LineProblem] {
        Synonyms::problems(self)
    }
}

/// What a form is compared by: folded as the index folds text, letters, digits and characters
/// only (so 简政放权、放管结合 is typed with or without its 、).
pub(crate) fn form_key(form: &str) -> String {
    fold(form).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongbao_core::UserDictionary;

    fn analyzer() -> Analyzer {
        Analyzer::new(UserDictionary::built_in())
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line_and_skipped() {
        let text = "# 注释\n个税 = 个人所得税\n医保\n社保 = \n 公积金=住房公积金 # 常用\n个税 = 个人所得税法\n";
        let synonyms = Synonyms::parse(text, "synonyms.txt");
        assert_eq!(synonyms.len(), 2);
        let problems = synonyms.problems();
        let lines: Vec<usize> = problems.iter().map(|problem| problem.line).collect();
        assert_eq!(lines, [3, 4, 6]);
        assert_eq!(
            problems[2].to_string(),
            "synonyms.txt:6: `个税` is already in the group of line 2 (line skipped)"
        );
        assert_eq!(synonyms.equivalents("公积金"), ["住房公积金"]);
    }

    #[test]
    fn forms_match_whole_words_only() {
        let synonyms = Synonyms::parse("人大 = 人民代表大会\n个税 = 个人所得税\n", "test");
        let analyzer = analyzer();
        // 人大 stands inside 个人 大病 here, not as a word.
        assert!(synonyms.expansions(&analyzer, "个人大病保险").is_empty());
        let found = synonyms.expansions(&analyzer, "个税专项附加扣除 人大代表");
        assert_eq!(
            found,
            [Expansion {
                typed: "个税".into(),
                equivalents: vec!["个人所得税".into()]
            }]
        );
    }

    #[test]
    fn forms_are_folded_and_the_longest_wins() {
        let synonyms = Synonyms::parse("醫保 = 医疗保障\n医保局 = 医疗保障局\n", "test");
        let analyzer = analyzer();
        let found = synonyms.expansions(&analyzer, "医保局 医保");
        let typed: Vec<&str> = found.iter().map(|found| found.typed.as_str()).collect();
        assert_eq!(typed, ["医保局", "医保"]);
        assert_eq!(found[1].equivalents, ["医疗保障"]);
    }

    #[test]
    fn the_built_in_file_loads_without_a_skipped_line() {
        let synonyms = Synonyms::parse(BUILT_IN, "dict/synonyms.txt");
        assert!(synonyms.problems().is_empty(), "{:#?}", synonyms.problems());
        assert!(synonyms.len() >= 300, "{} groups", synonyms.len());
    }
}
