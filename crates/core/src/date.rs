//! Dates as Chinese documents write them: 2017年6月6日, 二〇一七年六月六日, 2017-06-06.

use std::sync::OnceLock;

use regex::Regex;
use time::{Date, Month};

/// A date found in a text, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// The date.
    pub date: Date,
    /// Byte range in the searched text.
    pub range: std::ops::Range<usize>,
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<year>\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*
            (?P<month>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*
            (?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日
            |(?P<iso_year>(?:19|20)\d{2})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})",
        )
        .expect("date pattern is valid")
    })
}

/// Every valid date in a text, in order.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    pattern()
        .captures_iter(text)
        .filter_map(|captures| {
            let part = |name: &str, iso: &str| {
                captures
                    .name(name)
                    .or_else(|| captures.name(iso))
                    .map(|found| found.as_str())
            };
            let year = parse_number(part("year", "iso_year")?)?;
            let month = parse_number(part("month", "iso_month")?)?;
            let day = parse_number(part("day", "iso_day")?)?;
            let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
            let date =
                Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()?;
            Some(DateMatch {
                date,
                range: captures.get(0)?.range(),
            })
        })
        .collect()
}

/// Parses a text that is one date in any supported form.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let found = find_dates(text).into_iter().next()?;
    (found.range.start == 0 && found.range.end == text.len()).then_some(found.date)
}

/// Parses a date written exactly `YYYY-MM-DD` (any year from 0000 to 9999), as API parameters
/// and clerks write them; [`parse_date`] reads the dates of documents.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    fn digits(part: &str, len: usize) -> Option<&str> {
        (part.len() == len && part.bytes().all(|byte| byte.is_ascii_digit())).then_some(part)
    }
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year: i32 = digits(year, 4)?.parse().ok()?;
    let month: u8 = digits(month, 2)?.parse().ok()?;
    let day: u8 = digits(day, 2)?.parse().ok()?;
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Reads Arabic digits, digit-by-digit Chinese numerals (二〇一七) and Chinese numbers up to
/// thirty-one (十二, 二十六).
fn parse_number(text: &str) -> Option<u32> {
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' | '○' | 'Ｏ' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None => chars
            .iter()
            .try_fold(0, |value, &c| Some(value * 10 + digit(c)?)),
        Some(at) => {
            let tens = if at == 0 { 1 } else { digit(chars[0])? };
            let ones = match chars.get(at + 1) {
                Some(&c) => digit(c)?,
                None => 0,
            };
            (at <= 1 && chars.len() <= at + 2).then_some(tens * 10 + ones)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn iso_dates_are_exactly_four_two_two_digits() {
        assert_eq!(parse_iso_date("2017-01-31"), Some(date!(2017 - 01 - 31)));
        assert_eq!(parse_iso_date("9437-09-17"), Some(date!(9437 - 09 - 17)));
        for bad in [
            "2017-1-31",
            "2017-13-01",
            "2017-02-30",
            "17-01-31",
            "2017-01-31-1",
            "",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn arabic_and_chinese_numerals_give_the_same_date() {
        assert_eq!(parse_date("2017年6月6日"), Some(date!(2017 - 06 - 06)));
        assert_eq!(parse_date("2017 年 6 月 6 日"), Some(date!(2017 - 06 - 06)));
        assert_eq!(
            parse_date("二〇一七年六月六日"),
            Some(date!(2017 - 06 - 06))
        );
        assert_eq!(
            parse_date("二〇二〇年十二月三十一日"),
            Some(date!(2020 - 12 - 31))
        );
        assert_eq!(
            parse_date("二○一九年十月二十日"),
            Some(date!(2019 - 10 - 20))
        );
        assert_eq!(parse_date("2020-05-14"), Some(date!(2020 - 05 - 14)));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(parse_date("2017年2月30日"), None);
        assert_eq!(parse_date("2017年13月1日"), None);
    }

    #[test]
    fn dates_are_found_with_byte_ranges() {
        let text = "2018年9月6日 国务院第23次常务会议修订通过";
        let found = find_dates(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "2018年9月6日");
        assert_eq!(format_date(found[0].date), "2018-09-06");
    }
}
