//! Understanding what a user typed: phrases, exclusions, document numbers and free text.
//!
//! The grammar is deliberately small and forgiving. Users never meet tantivy's query syntax, and
//! no input is an error: unbalanced quotes become plain text, lone operators are dropped, control
//! characters become spaces and an over-long query is cut to [`MAX_QUERY_CHARS`].

use gongbao_core::analyzer::fold;
use gongbao_core::docnum::DocNumber;

/// Characters of a query that are read; the rest is ignored (and the response says so). A long
/// pasted paragraph still finds its document from its first sentences.
pub const MAX_QUERY_CHARS: usize = 256;

/// Opening quotes and the quotes that may close them.
const QUOTES: [(char, &[char]); 5] = [
    ('"', &['"']),
    ('“', &['”', '"']),
    ('「', &['」']),
    ('『', &['』']),
    ('‘', &['’']),
];

/// Closing quotes met without an opening one: read as spaces.
const STRAY_QUOTES: [char; 4] = ['”', '」', '』', '’'];

/// A query taken apart. All text is NFKC-folded (full-width letters, digits and brackets become
/// their ASCII forms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Free text, as whitespace-separated chunks.
    pub text: Vec<String>,
    /// Quoted phrases that every hit must contain.
    pub phrases: Vec<String>,
    /// Words and phrases (after a leading `-`) that no hit may contain.
    pub excluded: Vec<String>,
    /// Document numbers found anywhere in the query.
    pub numbers: Vec<NumberMention>,
    /// Whether the query was longer than [`MAX_QUERY_CHARS`] and was cut.
    pub truncated: bool,
}

/// A document number written in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberMention {
    /// The number as parsed; its code may carry words typed before it (关于东政办发…), which
    /// [`DocNumber::candidate_keys`] strips.
    pub number: DocNumber,
    /// Whether a `-` before it excludes the document.
    pub excluded: bool,
}

impl ParsedQuery {
    /// Whether nothing at all was asked for (every hit then matches).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
            && self.phrases.is_empty()
            && self.excluded.is_empty()
            && self.numbers.is_empty()
    }
}

/// Takes a query apart. Never fails: whatever the input, the result can be searched.
pub fn parse(query: &str) -> ParsedQuery {
    let char_count = query.chars().count();
    let cleaned: String = query
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut folded = fold(&cleaned);
    let mut parsed = ParsedQuery {
        truncated: char_count > MAX_QUERY_CHARS,
        ..ParsedQuery::default()
    };
    take_numbers(&mut folded, &mut parsed);
    let rest = take_phrases(&folded, &mut parsed);
    for chunk in rest.split_whitespace() {
        match chunk.strip_prefix('-') {
            Some(negated) => {
                let negated = negated.trim_start_matches('-');
                if has_content(negated) {
                    parsed.excluded.push(negated.to_owned());
                }
            }
            None => {
                if has_content(chunk) {
                    parsed.text.push(chunk.to_owned());
                }
            }
        }
    }
    parsed
}

/// Whether a text holds anything an analyzer would index.
fn has_content(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Moves document numbers (and a `-` before one) out of `folded` into `parsed`.
fn take_numbers(folded: &mut String, parsed: &mut ParsedQuery) {
    let found = DocNumber::find_all(folded);
    for found in found.into_iter().rev() {
        let mut start = found.range.start;
        let excluded = folded[..start].ends_with('-');
        if excluded {
            start -= 1;
        }
        folded.replace_range(start..found.range.end, " ");
        parsed.numbers.push(NumberMention {
            number: found.number,
            excluded,
        });
    }
    parsed.numbers.reverse();
}

/// Moves quoted phrases out of `folded` into `parsed`, returning the text outside quotes.
fn take_phrases(folded: &str, parsed: &mut ParsedQuery) -> String {
    let mut rest = String::with_capacity(folded.len());
    let mut chars = folded.char_indices();
    while let Some((at, c)) = chars.next() {
        if STRAY_QUOTES.contains(&c) {
            rest.push(' ');
            continue;
        }
        let Some((_, closers)) = QUOTES.iter().find(|(open, _)| *open == c) else {
            rest.push(c);
            continue;
        };
        let inner_start = at + c.len_utf8();
        let Some(inner_len) = folded[inner_start..].find(|next| closers.contains(&next)) else {
            // An unbalanced quote is read as a space; the words after it are free text.
            rest.push(' ');
            continue;
        };
        let inner = &folded[inner_start..inner_start + inner_len];
        let negated = rest.ends_with('-');
        if negated {
            rest.pop();
        }
        if has_content(inner) {
            let phrase = inner.trim().to_owned();
            if negated {
                parsed.excluded.push(phrase);
            } else {
                parsed.phrases.push(phrase);
            }
        }
        rest.push(' ');
        // Skip the phrase and its closing quote.
        let close_end = inner_start + inner_len;
        while let Some((next_at, _)) = chars.clone().next() {
            if next_at > close_end {
                break;
            }
            chars.next();
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_of_every_kind_make_phrases() {
        for query in [
            "\"政务公开\" 要点",
            "“政务公开” 要点",
            "「政务公开」 要点",
            "『政务公开』要点",
        ] {
            let parsed = parse(query);
            assert_eq!(parsed.phrases, ["政务公开"], "{query}");
            assert_eq!(parsed.text, ["要点"], "{query}");
        }
    }

    #[test]
    fn a_leading_minus_excludes_words_and_phrases() {
        let parsed = parse("疫情防控 -境外 -“入境人员” 2017-06-06");
        assert_eq!(parsed.text, ["疫情防控", "2017-06-06"]);
        let mut excluded = parsed.excluded.clone();
        excluded.sort();
        assert_eq!(excluded, ["入境人员", "境外"]);
    }

    #[test]
    fn document_numbers_are_taken_out_in_any_bracket_form() {
        for query in [
            "东政办发〔2017〕15号",
            "东政办发[2017]15号 要点",
            "东政办发【2017】15号",
            "东政办发（2017）15号",
            "东政办发(2017)15号",
            "东政办发2017年15号",
            "东政办发［２０１７］１５号",
        ] {
            let parsed = parse(query);
            assert_eq!(parsed.numbers.len(), 1, "{query}");
            let keys = parsed.numbers[0].number.candidate_keys();
            assert!(
                keys.contains(&"东政办发/2017/15".to_owned()),
                "{query}: {keys:?}"
            );
            assert!(
                parsed.text.iter().all(|chunk| !chunk.contains("2017")),
                "{query}"
            );
        }
        let excluded = parse("政务公开 -东政办发〔2017〕15号");
        assert!(excluded.numbers[0].excluded);
        assert_eq!(excluded.text, ["政务公开"]);
    }

    #[test]
    fn hostile_input_never_panics() {
        let long = "政".repeat(10_000);
        let hostile = [
            "",
            " ",
            "\"",
            "“未闭合的引号",
            "」反向」引号「",
            "-",
            "- *",
            "a:(^",
            "((([[[〔〔【",
            "，。！？、；：",
            "\u{0}\u{7}\u{1b}[31m控制\r\n字符\t",
            "--\"\"--“”",
            "-“”",
            "\"-\"",
            "〔2017〕15号",
            "第〔2017〕号",
            long.as_str(),
        ];
        for query in hostile {
            let parsed = parse(query);
            for text in parsed
                .text
                .iter()
                .chain(&parsed.phrases)
                .chain(&parsed.excluded)
            {
                assert!(has_content(text), "{query:?}: {parsed:?}");
                assert!(!text.chars().any(char::is_control), "{query:?}");
            }
        }
        assert!(parse(&long).truncated);
        assert_eq!(parse(&long).text[0].chars().count(), MAX_QUERY_CHARS);
        assert!(parse("- *").is_empty());
        assert!(parse("，。！？").is_empty());
        assert_eq!(parse("“未闭合的引号").text, ["未闭合的引号"]);
    }
}
