//! The analysed query: the terms a parsed query stands for, in both analyzers' vocabularies.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use gongbao_core::analyzer::is_han;
use gongbao_core::Analyzer;
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::parse::ParsedQuery;
use crate::synonyms::{form_key, Expansion, Synonyms};

/// Question words and particles, one a line (`#` comments).
const STOPWORDS: &str = include_str!("stopwords.txt");

fn stopwords() -> &'static BTreeSet<&'static str> {
    static SET: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        STOPWORDS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Whether a (folded) word is a question word or particle that carries no content.
pub fn is_stopword(word: &str) -> bool {
    stopwords().contains(word)
}

/// A run of text that must occur as it is: a quoted phrase or an excluded word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Exact {
    /// Two or more bigram tokens at consecutive positions, for a phrase query on grams.
    Grams(Vec<String>),
    /// One bigram or a run of letters and digits, for a term query on grams.
    Gram(String),
    /// One Chinese character, for a term query on words.
    Char(String),
}

impl Exact {
    /// The exact form of `text`, or `None` when it holds nothing indexable.
    pub(crate) fn of(analyzer: &Analyzer, text: &str) -> Option<Exact> {
        let mut grams: Vec<String> = analyzer
            .grams(text)
            .into_iter()
            .map(|token| token.text)
            .collect();
        match grams.len() {
            0 => None,
            1 => {
                let gram = grams.remove(0);
                let mut chars = gram.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if is_han(c) => Some(Exact::Char(gram)),
                    _ => Some(Exact::Gram(gram)),
                }
            }
            _ => Some(Exact::Grams(grams)),
        }
    }
}

/// What the engine understood of a query, returned with every response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Understanding {
    /// Content words that score, as the word analyzer segments them.
    pub words: Vec<String>,
    /// Question words and particles left out of scoring.
    pub ignored: Vec<String>,
    /// Phrases every hit contains.
    pub phrases: Vec<String>,
    /// Words and phrases no hit contains.
    pub excluded: Vec<String>,
    /// Document numbers recognised, in standard form (东政办发〔2017〕15号).
    pub doc_numbers: Vec<String>,
    /// Forms of the query that were also searched as their equivalents (个税 → 个人所得税).
    pub synonyms: Vec<Expansion>,
    /// Laws and regulations the query names, by their titles in the index: ranked first, and
    /// the rest of the query searched within them.
    pub laws: Vec<String>,
    /// An issuing code the index holds, with the year typed after it (鲁政办发〔2017〕): the
    /// search keeps to that body's documents, listed in number order when nothing else was
    /// asked.
    pub partial_number: Option<String>,
    /// Whether the query was cut to its first characters.
    pub truncated: bool,
}

/// The analysed query.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Content words, deduplicated, in query order.
    pub words: Vec<String>,
    /// Bigrams of each run of content words (positions consecutive within a run).
    pub runs: Vec<Vec<String>>,
    /// Quoted phrases.
    pub phrases: Vec<(String, Exact)>,
    /// Excluded words and phrases.
    pub excluded: Vec<Exact>,
    /// Question words left out.
    pub ignored: Vec<String>,
    /// Bigrams of `runs` that only ever join the last character of one word to the first of the
    /// next (民出 in 公民出国): they hold no word of the question.
    pub joins: FxHashSet<String>,
    /// Equivalents of forms of the query ([`Synonyms`]).
    pub alternatives: Alternatives,
}

/// What the equivalents of a query's forms add to it: scored below what was typed, marked in
/// highlights, never required.
#[derive(Debug, Clone, Default)]
pub(crate) struct Alternatives {
    /// The forms found and their equivalents.
    pub expansions: Vec<Expansion>,
    /// Content words of the equivalents that the query does not already have.
    pub words: Vec<String>,
    /// Bigrams of each equivalent.
    pub runs: Vec<Vec<String>>,
}

impl Plan {
    /// Analyses the free text and phrases of `parsed`, plus `extra` free text (words typed before
    /// a document number).
    pub(crate) fn new(analyzer: &Analyzer, parsed: &ParsedQuery, extra: &[String]) -> Plan {
        let mut plan = Plan::default();
        for phrase in &parsed.phrases {
            if let Some(exact) = Exact::of(analyzer, phrase) {
                plan.phrases.push((phrase.clone(), exact));
            }
        }
        plan.excluded = parsed
            .excluded
            .iter()
            .filter_map(|text| Exact::of(analyzer, text))
            .collect();
        let chunks: Vec<&String> = parsed.text.iter().chain(extra).collect();
        let tokenized: Vec<_> = chunks
            .iter()
            .map(|chunk| (chunk.as_str(), analyzer.words(chunk)))
            .collect();
        let any_content = tokenized
            .iter()
            .flat_map(|(_, tokens)| tokens)
            .any(|token| !is_stopword(&token.text));
        // Question words count only when nothing else was asked.
        let keep_stopwords = !any_content && plan.phrases.is_empty();
        let mut seen = BTreeSet::new();
        let mut inner: FxHashSet<String> = FxHashSet::default();
        for (chunk, tokens) in &tokenized {
            let mut run: Option<(usize, usize)> = None;
            // The word before, when nothing stands between it and the next.
            let mut previous: Option<(&str, usize)> = None;
            for token in tokens {
                if !keep_stopwords && is_stopword(&token.text) {
                    if !plan.ignored.contains(&token.text) {
                        plan.ignored.push(token.text.clone());
                    }
                    plan.push_run(analyzer, chunk, run.take());
                    previous = None;
                    continue;
                }
                let chars: Vec<char> = token.text.chars().collect();
                for pair in chars.windows(2) {
                    inner.insert(pair.iter().collect());
                }
                let before = previous
                    .filter(|&(_, end)| end == token.offset_from)
                    .and_then(|(word, _)| word.chars().last());
                if let (Some(last), Some(&first)) = (before, chars.first()) {
                    if is_han(last) && is_han(first) {
                        plan.joins.insert([last, first].iter().collect());
                    }
                }
                previous = Some((&token.text, token.offset_to));
                if seen.insert(token.text.clone()) {
                    plan.words.push(token.text.clone());
                }
                run = Some(match run {
                    Some((start, _)) => (start, token.offset_to),
                    None => (token.offset_from, token.offset_to),
                });
            }
            plan.push_run(analyzer, chunk, run);
        }
        plan.joins.retain(|gram| !inner.contains(gram));
        plan
    }

    /// Adds the equivalents of the forms of the free text (and `extra`) that `synonyms` knows.
    /// Quoted phrases are searched as typed.
    pub(crate) fn with_synonyms(
        mut self,
        analyzer: &Analyzer,
        synonyms: &Synonyms,
        parsed: &ParsedQuery,
        extra: &[String],
    ) -> Plan {
        let mut alternatives = Alternatives::default();
        for chunk in parsed.text.iter().chain(extra) {
            alternatives
                .expansions
                .extend(synonyms.expansions(analyzer, chunk));
        }
        // An equivalent that holds the form typed (税务总局 → 国家税务总局) finds nothing more,
        // and its other words would only add noise to the ranking.
        let scored = alternatives.expansions.iter().flat_map(|expansion| {
            let typed = form_key(&expansion.typed);
            expansion
                .equivalents
                .iter()
                .filter(move |equivalent| !form_key(equivalent).contains(&typed))
        });
        for equivalent in scored {
            for token in analyzer.words(equivalent) {
                if !is_stopword(&token.text)
                    && !self.words.contains(&token.text)
                    && !alternatives.words.contains(&token.text)
                {
                    alternatives.words.push(token.text);
                }
            }
            let grams: Vec<String> = analyzer
                .grams(equivalent)
                .into_iter()
                .map(|token| token.text)
                .collect();
            if !grams.is_empty() {
                alternatives.runs.push(grams);
            }
        }
        self.alternatives = alternatives;
        self
    }

    fn push_run(&mut self, analyzer: &Analyzer, chunk: &str, run: Option<(usize, usize)>) {
        let Some((start, end)) = run else {
            return;
        };
        let text = &chunk[start..end];
        // A lone Chinese character is found through the word fields alone.
        if text.chars().count() == 1 && text.chars().all(is_han) {
            return;
        }
        let grams: Vec<String> = analyzer
            .grams(text)
            .into_iter()
            .map(|token| token.text)
            .collect();
        if !grams.is_empty() {
            self.runs.push(grams);
        }
    }

    /// Whether the plan scores anything.
    pub(crate) fn has_positive(&self) -> bool {
        !self.words.is_empty() || !self.phrases.is_empty()
    }

    /// Every word, bigram and phrase token a highlighter should mark.
    pub(crate) fn highlight_terms(&self) -> HighlightTerms {
        let mut terms = HighlightTerms::default();
        terms.words.extend(self.words.iter().cloned());
        terms.units.extend(self.words.iter().cloned());
        terms
            .units
            .extend(self.phrases.iter().map(|(text, _)| text.to_lowercase()));
        for run in &self.runs {
            terms.grams.extend(run.iter().cloned());
            if run.len() == 1 {
                terms.whole_grams.extend(run.iter().cloned());
            }
        }
        // Whichever form a document uses is marked.
        terms.words.extend(self.alternatives.words.iter().cloned());
        for run in &self.alternatives.runs {
            terms.grams.extend(run.iter().cloned());
            if run.len() == 1 {
                terms.whole_grams.extend(run.iter().cloned());
            }
        }
        for (_, exact) in &self.phrases {
            match exact {
                Exact::Char(c) => {
                    terms.words.insert(c.clone());
                }
                Exact::Gram(gram) => {
                    terms.whole_grams.insert(gram.clone());
                    terms.grams.insert(gram.clone());
                }
                Exact::Grams(grams) => terms.grams.extend(grams.iter().cloned()),
            }
        }
        terms
    }
}

/// The terms a highlighter marks in a text. Every token of a passage's body is looked up in
/// these sets, so they hash (quickly: FxHash) rather than compare.
#[derive(Debug, Clone, Default)]
pub(crate) struct HighlightTerms {
    /// Word tokens.
    pub words: FxHashSet<String>,
    /// Bigram tokens, marked where two or more follow each other.
    pub grams: FxHashSet<String>,
    /// Bigram tokens that are a whole query run, marked even alone.
    pub whole_grams: FxHashSet<String>,
    /// What the user asked for (content words and phrases, folded), to judge which passage
    /// answers most of the query.
    pub units: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use gongbao_core::UserDictionary;

    fn plan(query: &str) -> Plan {
        let analyzer = Analyzer::new(UserDictionary::built_in());
        Plan::new(&analyzer, &parse(query), &[])
    }

    #[test]
    fn question_words_are_ignored_unless_alone() {
        let asked = plan("请问如何申请创业担保贷款呢");
        assert!(
            asked.words.iter().all(|word| !is_stopword(word)),
            "{asked:?}"
        );
        assert!(asked.ignored.contains(&"如何".to_owned()), "{asked:?}");
        assert!(asked.words.contains(&"申请".to_owned()), "{asked:?}");
        // No bigram spans a question word.
        assert!(
            asked.runs.iter().flatten().all(|gram| gram != "何申"),
            "{asked:?}"
        );
        let only = plan("什么");
        assert_eq!(only.words, ["什么"]);
        assert!(only.ignored.is_empty());
    }

    #[test]
    fn equivalents_are_searched_and_marked_but_not_what_the_form_typed_already_finds() {
        let analyzer = Analyzer::new(UserDictionary::built_in());
        let synonyms = Synonyms::parse("个税 = 个人所得税\n税务总局 = 国家税务总局\n", "test");
        let parsed = parse("个税 税务总局 公告");
        let plan =
            Plan::new(&analyzer, &parsed, &[]).with_synonyms(&analyzer, &synonyms, &parsed, &[]);
        let typed: Vec<&str> = plan
            .alternatives
            .expansions
            .iter()
            .map(|expansion| expansion.typed.as_str())
            .collect();
        assert_eq!(typed, ["个税", "税务总局"]);
        // 国家税务总局 holds 税务总局: only 个人所得税 is scored.
        assert_eq!(
            plan.alternatives.runs,
            [vec!["个人", "人所", "所得", "得税"]]
        );
        let terms = plan.highlight_terms();
        assert!(terms.grams.contains("所得") && !terms.grams.contains("国家"));
        // A quoted phrase is searched as typed.
        let quoted = parse("“个税”");
        let plan =
            Plan::new(&analyzer, &quoted, &[]).with_synonyms(&analyzer, &synonyms, &quoted, &[]);
        assert!(plan.alternatives.expansions.is_empty());
    }

    #[test]
    fn bigrams_joining_two_words_are_told_from_those_inside_one() {
        let joins = |plan: &Plan| {
            let mut joins: Vec<String> = plan.joins.iter().cloned().collect();
            joins.sort_unstable();
            joins
        };
        let asked = plan("公民出国办理护照手续");
        assert_eq!(asked.words, ["公民", "出国", "办理", "护照", "手续"]);
        assert_eq!(
            asked.runs,
            [[
                "公民", "民出", "出国", "国办", "办理", "理护", "护照", "照手", "手续"
            ]]
        );
        assert_eq!(joins(&asked), ["国办", "民出", "照手", "理护"]);
        // 动合 joins 劳动 to 合同法, but stands inside the word 劳动合同: never a join.
        let law = plan("劳动合同法");
        assert_eq!(law.words, ["劳动", "合同法"]);
        assert_eq!(joins(&law), ["动合"]);
        let inside = plan("劳动合同法 劳动合同");
        assert!(inside.words.contains(&"劳动合同".to_owned()), "{inside:?}");
        assert!(joins(&inside).is_empty(), "{inside:?}");
        // Folded first (出國 is 出国); words apart (a comma between them) are not joined.
        let folded = plan("公民出國，辦理");
        assert_eq!(folded.words, ["公民", "出国", "办理"]);
        assert_eq!(joins(&folded), ["民出"]);
    }

    #[test]
    fn phrases_become_exact_grams() {
        let quoted = plan("“市长江” “江” \"GDP\"");
        let exact: Vec<&Exact> = quoted.phrases.iter().map(|(_, exact)| exact).collect();
        assert_eq!(
            exact,
            [
                &Exact::Grams(vec!["市长".into(), "长江".into()]),
                &Exact::Char("江".into()),
                &Exact::Gram("gdp".into()),
            ]
        );
    }
}
