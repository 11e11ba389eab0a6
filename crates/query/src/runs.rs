//! Runs of whole query words that name something: a synonym's form, a law's title.

use std::ops::Range;

use tantivy::tokenizer::Token;

use crate::error::Result;

/// The runs of `words` that `lookup` recognises, the longest from each word onwards, not
/// overlapping, in order: each with its range of word indices and what `lookup` gave for it.
/// `lookup` sees a run's folded text (its words' texts joined) and how many words it spans,
/// and answers `Ok(None)` when the run names nothing; runs of more than `max_chars`
/// characters are not tried.
pub(crate) fn longest_runs<T>(
    words: &[Token],
    max_chars: usize,
    mut lookup: impl FnMut(&str, usize) -> Result<Option<T>>,
) -> Result<Vec<(Range<usize>, T)>> {
    let mut found = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let mut matched = None;
        let mut run = String::new();
        for (end, word) in words.iter().enumerate().skip(start) {
            run.push_str(&word.text);
            if run.chars().count() > max_chars {
                break;
            }
            if let Some(value) = lookup(&run, end + 1 - start)? {
                matched = Some((end + 1, value));
            }
        }
        match matched {
            Some((end, value)) => {
                found.push((start..end, value));
                start = end;
            }
            None => start += 1,
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongbao_core::{Analyzer, UserDictionary};

    #[test]
    fn the_longest_run_from_each_word_wins_and_runs_do_not_overlap() {
        let analyzer = Analyzer::new(UserDictionary::built_in());
        let words = analyzer.words("个人所得税 专项附加扣除");
        let known = ["个人", "个人所得税", "专项"];
        let runs = longest_runs(&words, 40, |run, _| {
            Ok(known.contains(&run).then(|| run.to_owned()))
        })
        .unwrap();
        let found: Vec<&str> = runs.iter().map(|(_, run)| run.as_str()).collect();
        assert_eq!(found, ["个人所得税", "专项"]);
        // Ranges are of words: 专项 is the word after the run 个人所得税 ends.
        let first = &runs[0].0;
        assert_eq!(words[first.end].text, "专项");
    }
}
