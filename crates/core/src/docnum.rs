//! Document numbers (发文字号) and the keys that make every bracket form of one number equal.
//!
//! 东政办发〔2017〕15号, 东政办发[2017]15号, 东政办发【2017】15号, 东政办发（2017）15号,
//! 东政办发(2017)15号 and 东政办发2017年15号 all have the key `东政办发/2017/15`; numbers without
//! a year, such as 国务院令第656号, have the key `国务院令//656`.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A document number split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    /// Issuing-body code, e.g. 东政办发 or 国务院令.
    pub code: String,
    /// Year, when the number carries one.
    pub year: Option<u16>,
    /// Serial number within the year.
    pub serial: u32,
}

/// A document number found in a text, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberMatch {
    /// The parsed number.
    pub number: DocNumber,
    /// Byte range of the whole number in the searched text.
    pub range: std::ops::Range<usize>,
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<code>[\p{Han}A-Za-z]{1,24}?)
            \s*
            (?:
                (?:[〔\[【（(［〖]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]】）)］〗]|(?P<year_nian>(?:19|20)\d{2})\s*年)
                \s*第?\s*(?P<serial>\d{1,6})\s*号
              |
                第\s*(?P<serial_only>\d{1,6})\s*号
            )",
        )
        .expect("document number pattern is valid")
    })
}

impl DocNumber {
    /// Parses a text that is a document number, allowing surrounding spaces and width variants.
    pub fn parse(text: &str) -> Option<DocNumber> {
        let folded: String = text.trim().nfkc().collect();
        let found = DocNumber::find_all(&folded).into_iter().next()?;
        (found.range.start == 0 && found.range.end == folded.len()).then_some(found.number)
    }

    /// Every document number in a text, in order. Byte ranges refer to `text`; fold width first
    /// (NFKC) when the text may hold full-width digits.
    pub fn find_all(text: &str) -> Vec<DocNumberMatch> {
        pattern()
            .captures_iter(text)
            .filter_map(|captures| {
                let whole = captures.get(0)?;
                let code = captures.name("code")?.as_str();
                let year = captures
                    .name("year")
                    .or_else(|| captures.name("year_nian"))
                    .and_then(|year| year.as_str().parse().ok());
                let serial = captures
                    .name("serial")
                    .or_else(|| captures.name("serial_only"))?
                    .as_str()
                    .parse()
                    .ok()?;
                // "第656号" alone is an article or list number, not a document number: a
                // number without a year must name an order (令) or a notice (公告).
                if year.is_none() && !(code.ends_with('令') || code.ends_with("公告")) {
                    return None;
                }
                Some(DocNumberMatch {
                    number: DocNumber {
                        code: code.to_owned(),
                        year,
                        serial,
                    },
                    range: whole.range(),
                })
            })
            .collect()
    }

    /// The key under which this number is indexed: the same for every bracket form.
    pub fn key(&self) -> String {
        format_key(&self.code, self.year, self.serial)
    }

    /// Keys for this number and for the same number with a shorter code, so that a number found
    /// in running text ("关于鲁政办发〔2017〕39号") still matches the indexed key of 鲁政办发.
    pub fn candidate_keys(&self) -> Vec<String> {
        let starts: Vec<usize> = self.code.char_indices().map(|(at, _)| at).collect();
        let char_count = starts.len();
        starts
            .iter()
            .enumerate()
            .filter(|(index, _)| char_count - index >= 2 || char_count == 1)
            .map(|(_, &at)| format_key(&self.code[at..], self.year, self.serial))
            .collect()
    }
}

/// The indexed form of an issuing code (the `doc_org` term): trimmed and folded as the analyzers
/// fold text, so a code typed in full-width or traditional characters finds it.
pub fn code_term(code: &str) -> String {
    crate::analyzer::fold(code.trim())
}

fn format_key(code: &str, year: Option<u16>, serial: u32) -> String {
    match year {
        Some(year) => format!("{code}/{year}/{serial}"),
        None => format!("{code}//{serial}"),
    }
}

impl fmt::Display for DocNumber {
    /// The standard form, with the year in 〔〕 brackets.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(formatter, "{}〔{}〕{}号", self.code, year, self.serial),
            None => write!(formatter, "{}第{}号", self.code, self.serial),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bracket_form_gives_one_key() {
        let forms = [
            "东政办发〔2017〕15号",
            "东政办发[2017]15号",
            "东政办发【2017】15号",
            "东政办发（2017）15号",
            "东政办发(2017)15号",
            "东政办发2017年15号",
            "东政办发［２０１７］１５号",
            "东政办发〔2017〕第15号",
            " 东政办发 〔2017〕 15 号 ",
        ];
        for form in forms {
            let number = DocNumber::parse(form).unwrap_or_else(|| panic!("{form} parses"));
            assert_eq!(number.key(), "东政办发/2017/15", "{form}");
            assert_eq!(number.code, "东政办发");
            assert_eq!(number.year, Some(2017));
            assert_eq!(number.serial, 15);
        }
    }

    #[test]
    fn order_numbers_have_no_year() {
        let number = DocNumber::parse("国务院令第656号").unwrap();
        assert_eq!(number.key(), "国务院令//656");
        assert_eq!(number.to_string(), "国务院令第656号");
    }

    #[test]
    fn numbers_are_found_in_running_text_with_byte_ranges() {
        let text = "围绕《通知》（鲁政办发〔2017〕39 号）和（东办发〔2016〕39 号）要求";
        let found = DocNumber::find_all(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].number.key(), "鲁政办发/2017/39");
        assert_eq!(&text[found[0].range.clone()], "鲁政办发〔2017〕39 号");
        assert_eq!(found[1].number.key(), "东办发/2016/39");
    }

    #[test]
    fn candidate_keys_shorten_the_code() {
        let found = DocNumber::find_all("关于鲁政办发〔2017〕39号");
        let keys = found[0].number.candidate_keys();
        assert!(keys.contains(&"鲁政办发/2017/39".to_owned()), "{keys:?}");
        assert!(!keys.contains(&"发/2017/39".to_owned()));
    }

    #[test]
    fn article_numbers_are_not_document_numbers() {
        assert!(DocNumber::find_all("依照本法第12号").is_empty());
        assert!(DocNumber::parse("第十二条").is_none());
    }
}
