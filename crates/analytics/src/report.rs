//! The report clerks read: over the last N days, and for each day and each ISO week of them,
//! the most frequent queries, the queries that found nothing and the queries whose results
//! nobody opened.
//!
//! Queries are grouped by their key ([`crate::query_key`]) and shown as most often typed. A
//! search counts once, on its first page; later pages only add the opens of their results. Days
//! are those of the report's UTC offset (China's +08:00 by default), not of the files' UTC days.
//! "Nobody opened" is judged on searches of the search page only, which reports every open;
//! the JSON API's clients may not.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use crate::error::Result;
use crate::reader::{read_days, Problems};
use crate::record::{Record, SearchId, Via};

/// Most days a report covers.
pub const MAX_DAYS: u32 = 3660;

/// What a report covers and how long its lists are.
#[derive(Debug, Clone, Copy)]
pub struct ReportOptions {
    /// Days covered, ending with `today`.
    pub days: u32,
    /// The last day covered, in `offset`.
    pub today: Date,
    /// The offset whose calendar days the report counts in.
    pub offset: UtcOffset,
    /// Length of each list of the whole period.
    pub limit: usize,
    /// Length of each list of a day or a week.
    pub period_limit: usize,
}

impl ReportOptions {
    /// The last `days` days up to today in `offset`, with lists of 20 (5 per day or week).
    pub fn last_days(days: u32, offset: UtcOffset) -> ReportOptions {
        ReportOptions {
            days,
            today: OffsetDateTime::now_utc().to_offset(offset).date(),
            offset,
            limit: 20,
            period_limit: 5,
        }
    }

    /// The first day covered.
    fn from(&self) -> Date {
        let back = i64::from(self.days.clamp(1, MAX_DAYS)) - 1;
        self.today
            .checked_sub(Duration::days(back))
            .unwrap_or(Date::MIN)
    }
}

/// Counts of a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Searches (first pages).
    pub searches: u64,
    /// Searches that found nothing.
    pub zero_result: u64,
    /// Searches from the search page, which reports opens.
    pub web_searches: u64,
    /// Searches with at least one result opened from their first page.
    pub opened: u64,
    /// Results opened, from any page of the period's searches.
    pub opens: u64,
}

/// One query in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryStat {
    /// The query as most often typed.
    pub query: String,
    /// Searches for it.
    pub searches: u64,
    /// Of them, searches that found nothing.
    pub zero_result: u64,
    /// Results opened.
    pub opens: u64,
    /// Hits of its latest search.
    pub hits: u64,
}

/// The lists and counts of a day, a week or the whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// `2024-05-01` for a day, `2024-W18` for an ISO week, `from–to` for the whole report.
    pub period: String,
    /// Its counts.
    pub summary: Summary,
    /// The most frequent queries.
    pub top_queries: Vec<QueryStat>,
    /// The queries that found nothing, most frequent first.
    pub zero_result_queries: Vec<QueryStat>,
    /// Queries searched on the search page, with results, none of which was opened.
    pub unopened_queries: Vec<QueryStat>,
}

/// The report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// First day covered (`2024-05-01`).
    pub from: String,
    /// Last day covered.
    pub to: String,
    /// The offset days are counted in (`+08:00`).
    pub utc_offset: String,
    /// The whole period.
    pub total: Period,
    /// Each day, oldest first, empty ones included.
    pub days: Vec<Period>,
    /// Each ISO week the days touch, oldest first (the first and last may be partial).
    pub weeks: Vec<Period>,
    /// Opens of searches outside the period (or unknown): counted nowhere else.
    pub unmatched_opens: u64,
    /// Lines skipped and files not read.
    pub problems: Problems,
}

/// A search kept for aggregation.
struct Row {
    t: i64,
    id: SearchId,
    key: u32,
    day: usize,
    hits: u64,
    first_page: bool,
    web: bool,
}

/// One query's counts in a period.
#[derive(Default)]
struct QueryCounts {
    searches: u64,
    zero_result: u64,
    web_searches: u64,
    opens: u64,
    hits: u64,
    latest: i64,
}

/// A period being counted.
#[derive(Default)]
struct Tally {
    summary: Summary,
    queries: HashMap<u32, QueryCounts>,
}

impl Tally {
    fn add(&mut self, row: &Row, opens: u64) {
        let query = self.queries.entry(row.key).or_default();
        if row.first_page {
            self.summary.searches += 1;
            query.searches += 1;
            if row.hits == 0 {
                self.summary.zero_result += 1;
                query.zero_result += 1;
            }
            if row.web {
                self.summary.web_searches += 1;
                query.web_searches += 1;
            }
            if opens > 0 {
                self.summary.opened += 1;
            }
        }
        self.summary.opens += opens;
        query.opens += opens;
        if row.t >= query.latest {
            query.latest = row.t;
            query.hits = row.hits;
        }
    }

    fn finish(self, period: String, names: &[String], limit: usize) -> Period {
        let list = |keep: &dyn Fn(&QueryCounts) -> bool, rank: &dyn Fn(&QueryCounts) -> u64| {
            let mut chosen: Vec<(&u32, &QueryCounts)> = self
                .queries
                .iter()
                .filter(|(_, counts)| keep(counts))
                .collect();
            chosen.sort_by(|a, b| {
                rank(b.1)
                    .cmp(&rank(a.1))
                    .then_with(|| names[*a.0 as usize].cmp(&names[*b.0 as usize]))
            });
            chosen
                .into_iter()
                .take(limit)
                .map(|(key, counts)| QueryStat {
                    query: names[*key as usize].clone(),
                    searches: counts.searches,
                    zero_result: counts.zero_result,
                    opens: counts.opens,
                    hits: counts.hits,
                })
                .collect()
        };
        Period {
            period,
            summary: self.summary,
            top_queries: list(&|counts| counts.searches > 0, &|counts| counts.searches),
            zero_result_queries: list(&|counts| counts.zero_result > 0, &|counts| {
                counts.zero_result
            }),
            unopened_queries: list(
                &|counts| {
                    counts.web_searches > 0
                        && counts.opens == 0
                        && counts.searches > counts.zero_result
                },
                &|counts| counts.web_searches,
            ),
        }
    }
}

/// The queries seen, by key: an index per key and the typed forms of each.
#[derive(Default)]
struct Queries {
    index: HashMap<String, u32>,
    typed: Vec<HashMap<String, u64>>,
}

impl Queries {
    fn intern(&mut self, key: String, typed: String) -> u32 {
        let next = u32::try_from(self.typed.len()).unwrap_or(u32::MAX);
        let at = *self.index.entry(key).or_insert(next);
        if at == next {
            self.typed.push(HashMap::new());
        }
        *self.typed[at as usize].entry(typed).or_default() += 1;
        at
    }

    /// Each key's most often typed form (the smallest of equals).
    fn names(self) -> Vec<String> {
        self.typed
            .into_iter()
            .map(|forms| {
                forms
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(form, _)| form)
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// `2024-W18`: the ISO week of `day`.
fn week_of(day: Date) -> String {
    let (year, week, _) = day.to_iso_week_date();
    format!("{year}-W{week:02}")
}

/// The report of the log in `dir`.
pub fn report(dir: &Path, options: &ReportOptions) -> Result<Report> {
    let from = options.from();
    let to = options.today;
    let days: Vec<Date> = std::iter::successors(Some(from), |day| day.next_day())
        .take_while(|day| *day <= to)
        .collect();
    let local_day = |t: i64| {
        OffsetDateTime::from_unix_timestamp(t)
            .ok()
            .map(|time| time.to_offset(options.offset).date())
    };
    let mut rows = Vec::new();
    let mut queries = Queries::default();
    let mut opens: HashMap<SearchId, u64> = HashMap::new();
    let mut opens_in_period: u64 = 0;
    // A local day spans two UTC days: read one more file on each side.
    let first_file = from.previous_day().unwrap_or(from);
    let last_file = to.next_day().unwrap_or(to);
    let problems = read_days(dir, first_file, last_file, |record| match record {
        Record::Search(search) => {
            let Some(day) = local_day(search.t).filter(|day| (from..=to).contains(day)) else {
                return;
            };
            rows.push(Row {
                t: search.t,
                id: search.id,
                key: queries.intern(search.key, search.q),
                day: (day - from).whole_days() as usize,
                hits: search.hits,
                first_page: search.page <= 1,
                web: search.via == Via::Web,
            });
        }
        Record::Open(open) => {
            if local_day(open.t).is_some_and(|day| day >= from) {
                *opens.entry(open.id).or_default() += 1;
                opens_in_period += 1;
            }
        }
    })?;
    let weeks: Vec<String> = days.iter().fold(Vec::new(), |mut weeks, day| {
        let week = week_of(*day);
        if weeks.last() != Some(&week) {
            weeks.push(week);
        }
        weeks
    });
    let week_index: Vec<usize> = days
        .iter()
        .map(|day| {
            let week = week_of(*day);
            weeks.iter().position(|w| *w == week).unwrap_or(0)
        })
        .collect();
    let mut total = Tally::default();
    let mut day_tallies: Vec<Tally> = days.iter().map(|_| Tally::default()).collect();
    let mut week_tallies: Vec<Tally> = weeks.iter().map(|_| Tally::default()).collect();
    for row in &rows {
        let opened = opens.get(&row.id).copied().unwrap_or(0);
        total.add(row, opened);
        day_tallies[row.day].add(row, opened);
        week_tallies[week_index[row.day]].add(row, opened);
    }
    let unmatched_opens = opens_in_period.saturating_sub(total.summary.opens);
    let names = queries.names();
    let limit = options.period_limit;
    Ok(Report {
        from: from.to_string(),
        to: to.to_string(),
        utc_offset: offset_name(options.offset),
        total: total.finish(format!("{from}–{to}"), &names, options.limit),
        days: day_tallies
            .into_iter()
            .zip(&days)
            .map(|(tally, day)| tally.finish(day.to_string(), &names, limit))
            .collect(),
        weeks: week_tallies
            .into_iter()
            .zip(weeks)
            .map(|(tally, week)| tally.finish(week, &names, limit))
            .collect(),
        unmatched_opens,
        problems,
    })
}

/// `+08:00`.
pub fn offset_name(offset: UtcOffset) -> String {
    let (hours, minutes, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!(
        "{sign}{:02}:{:02}",
        hours.unsigned_abs(),
        minutes.unsigned_abs()
    )
}

/// Reads `+08:00`, `-05:30`, `+8` or `Z`.
pub fn parse_offset(text: &str) -> Option<UtcOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return Some(UtcOffset::UTC);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let hours: i8 = hours.parse().ok()?;
    let minutes: i8 = minutes.parse().ok()?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

#[cfg(test)]
mod tests;
