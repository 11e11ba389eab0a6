//! Partial document numbers typed in the search box: an issuing code (机关代字) the index holds,
//! with or without a year (鲁政办发 2017, 鲁政办发〔2017〕, 鲁政办发2017年, 鲁政办发).
//!
//! Such a query asks for that body's documents, as the national policy library lists them: alone,
//! it lists them (of that year) in number order, newest year first and serials ascending; with
//! other words, those words are searched within them (the code and year act as the filters
//! `doc_org` and `doc_year`). A code is recognised only when some document's number has it (a
//! term of `doc_org`), so ordinary words are never taken for one; a full number (鲁政办发〔2017〕
//! 39号) is read before this and keeps its exact pinning.

use std::fmt;
use std::sync::OnceLock;

use gongbao_core::docnum::code_term;
use gongbao_core::schema::names;
use gongbao_core::Fields;
use regex::Regex;
use tantivy::collector::{Collector, TopDocs};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, Term};

use crate::error::Result;
use crate::filter::Filters;
use crate::parse::ParsedQuery;

/// An issuing code and, when typed, a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartialNumber {
    /// The code as indexed ([`code_term`]).
    pub code: String,
    /// The year typed with it.
    pub year: Option<u16>,
}

/// A whole chunk that is a code, with a year attached in any bracket form or followed by 年.
fn code_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"^(?P<code>[\p{Han}A-Za-z]{2,24}?)(?:[〔\[【(〖]?(?P<year>(?:19|20)\d{2})[〕\]】)〗]?年?)?$",
        )
        .expect("code pattern is valid")
    })
}

/// A whole chunk that is a year alone: 2017, 〔2017〕, 2017年.
fn year_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"^[〔\[【(〖]?(?P<year>(?:19|20)\d{2})[〕\]】)〗]?年?$")
            .expect("year pattern is valid")
    })
}

fn year_of(captures: &regex::Captures<'_>) -> Option<u16> {
    captures.name("year")?.as_str().parse().ok()
}

impl PartialNumber {
    /// The first code the index holds among the free-text chunks of `parsed` (with its year, in
    /// the same chunk or the next), taken out of the text. A code or year that contradicts the
    /// request's own `doc_org` or `doc_year` filter is left as words.
    pub(crate) fn take(
        searcher: &Searcher,
        fields: &Fields,
        parsed: &mut ParsedQuery,
        filters: &Filters,
    ) -> Result<Option<PartialNumber>> {
        for at in 0..parsed.text.len() {
            let Some(captures) = code_pattern().captures(&parsed.text[at]) else {
                continue;
            };
            let code = code_term(&captures["code"]);
            let mut year = year_of(&captures);
            let mut taken = 1;
            if year.is_none() {
                if let Some(next) = parsed.text.get(at + 1) {
                    if let Some(captures) = year_pattern().captures(next) {
                        year = year_of(&captures);
                        taken = 2;
                    }
                }
            }
            let agrees = filters
                .doc_org
                .as_deref()
                .is_none_or(|wanted| code_term(wanted) == code)
                && filters
                    .doc_year
                    .zip(year)
                    .is_none_or(|(wanted, year)| wanted == i32::from(year));
            if !agrees {
                continue;
            }
            let term = Term::from_field_text(fields.doc_org, &code);
            if searcher.doc_freq(&term)? == 0 {
                continue;
            }
            parsed.text.drain(at..at + taken);
            return Ok(Some(PartialNumber { code, year }));
        }
        Ok(None)
    }

    /// `filters` restricted to this code and year.
    pub(crate) fn narrow(&self, filters: &Filters) -> Filters {
        Filters {
            doc_org: Some(self.code.clone()),
            doc_year: filters.doc_year.or(self.year.map(i32::from)),
            ..filters.clone()
        }
    }
}

impl fmt::Display for PartialNumber {
    /// The standard form: 鲁政办发〔2017〕, or the code alone.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(formatter, "{}〔{year}〕", self.code),
            None => formatter.write_str(&self.code),
        }
    }
}

/// The window `(start, size)` of the hits in number order: the number's year newest first
/// (numbers without one last), then serials ascending.
pub(crate) fn by_number(
    (start, size): (usize, usize),
) -> impl Collector<Fruit = Vec<(i64, DocAddress)>> {
    TopDocs::with_limit(size)
        .and_offset(start)
        .tweak_score(move |segment: &SegmentReader| {
            let fast = segment.fast_fields();
            let years = fast.u64(names::DOC_YEAR).ok();
            let serials = fast.u64(names::DOC_SERIAL).ok();
            move |doc: DocId, _: Score| {
                let year = years
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .unwrap_or(0);
                let serial = serials
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .unwrap_or(u64::from(u32::MAX));
                number_key(year, serial)
            }
        })
}

/// The key of a number in [`by_number`] order: greater comes first.
fn number_key(year: u64, serial: u64) -> i64 {
    let year = i64::try_from(year.min(0x7fff_ffff)).unwrap_or(0);
    let serial = i64::try_from(serial.min(u64::from(u32::MAX))).unwrap_or(0);
    (year << 32) | (i64::from(u32::MAX) - serial)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(chunk: &str) -> Option<(String, Option<u16>)> {
        let captures = code_pattern().captures(chunk)?;
        Some((captures["code"].to_owned(), year_of(&captures)))
    }

    #[test]
    fn codes_are_read_with_a_year_in_any_form() {
        for chunk in [
            "鲁政办发〔2017〕",
            "鲁政办发[2017]",
            "鲁政办发(2017)",
            "鲁政办发2017",
            "鲁政办发2017年",
        ] {
            assert_eq!(
                code(chunk),
                Some(("鲁政办发".into(), Some(2017))),
                "{chunk}"
            );
        }
        assert_eq!(code("国办发"), Some(("国办发".into(), None)));
        assert_eq!(code("发"), None);
        assert_eq!(code("鲁政办发〔2017〕39号"), None);
        assert!(year_pattern().is_match("〔2020〕"));
        assert!(year_pattern().is_match("2020年"));
        assert!(!year_pattern().is_match("2020-01-01"));
    }

    #[test]
    fn numbers_order_newest_year_first_then_serials_ascending() {
        assert!(number_key(2018, 40) > number_key(2017, 1));
        assert!(number_key(2017, 1) > number_key(2017, 39));
        assert!(number_key(2017, 39) > number_key(0, 1));
        assert!(number_key(0, 1) > number_key(0, u64::MAX));
    }
}
