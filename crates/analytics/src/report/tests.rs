use std::fs;
use std::io::Write;

use time::macros::{date, offset};

use super::*;
use crate::record::{Open, Search};

/// 2024-05-01 00:00 +08:00 (a Wednesday of ISO week 18).
const MAY_1_BEIJING: i64 = 1_714_492_800;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

struct Log {
    dir: tempfile::TempDir,
    lines: Vec<(i64, String)>,
}

impl Log {
    fn new() -> Log {
        Log {
            dir: tempfile::tempdir().unwrap(),
            lines: Vec::new(),
        }
    }

    fn search(&mut self, t: i64, query: &str, hits: u64, page: u64, via: Via) -> SearchId {
        let mut search = Search::now(query, via);
        search.t = t;
        search.hits = hits;
        search.page = page;
        let id = search.id;
        self.push(&Record::Search(search));
        id
    }

    fn open(&mut self, t: i64, id: SearchId) {
        self.push(&Record::Open(Open {
            t,
            id,
            doc: "doc".to_owned(),
        }));
    }

    fn push(&mut self, record: &Record) {
        let line = serde_json::to_string(record).unwrap();
        self.lines.push((record.time(), line));
    }

    /// Writes the lines into their UTC day files, as the writer would.
    fn report(&self, days: u32, today: Date) -> Report {
        for (t, line) in &self.lines {
            let name = crate::files::file_name(crate::files::utc_day(*t));
            let mut file = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(self.dir.path().join(name))
                .unwrap();
            writeln!(file, "{line}").unwrap();
        }
        let options = ReportOptions {
            days,
            today,
            offset: offset!(+8),
            limit: 20,
            period_limit: 5,
        };
        report(self.dir.path(), &options).unwrap()
    }
}

fn queries(list: &[QueryStat]) -> Vec<(&str, u64)> {
    list.iter()
        .map(|stat| (stat.query.as_str(), stat.searches))
        .collect()
}

#[test]
fn top_zero_and_unopened_queries_by_day_and_week() {
    let mut log = Log::new();
    // 2024-05-01 Beijing, 00:30: before 08:00 it is still April 30th in UTC.
    let morning = MAY_1_BEIJING + HOUR / 2;
    let opened = log.search(morning, "社会保险", 40, 1, Via::Web);
    log.open(morning + 20, opened);
    log.search(morning + 60, "社會保險", 40, 1, Via::Web);
    log.search(morning + 90, "社会保险", 40, 2, Via::Web);
    log.search(morning + 120, "火星移民补贴", 0, 1, Via::Web);
    log.search(morning + 180, "火星移民补贴", 0, 1, Via::Api);
    log.search(morning + 240, "营业执照", 12, 1, Via::Web);
    log.search(morning + 300, "营业执照", 12, 1, Via::Api);
    // May 6th is a Monday: ISO week 19.
    let monday = MAY_1_BEIJING + 5 * DAY + 10 * HOUR;
    let later = log.search(monday, "公积金", 7, 1, Via::Api);
    log.open(monday + 5, later);
    log.open(monday + 6, later);
    // Outside the period: the day before and an open of an unknown search.
    log.search(MAY_1_BEIJING - HOUR, "过去", 3, 1, Via::Web);
    log.open(monday, SearchId::random());

    let report = log.report(6, date!(2024 - 05 - 06));
    assert_eq!(
        (report.from.as_str(), report.to.as_str()),
        ("2024-05-01", "2024-05-06")
    );
    assert_eq!(report.utc_offset, "+08:00");
    let total = &report.total;
    assert_eq!(
        total.summary,
        Summary {
            searches: 7,
            zero_result: 2,
            web_searches: 4,
            opened: 2,
            opens: 3,
        }
    );
    assert_eq!(
        queries(&total.top_queries),
        [
            ("火星移民补贴", 2),
            ("社会保险", 2),
            ("营业执照", 2),
            ("公积金", 1)
        ]
    );
    // 社會保險 is counted with 社会保险, shown as most often typed; its page 2 adds no search.
    assert_eq!(total.top_queries[1].opens, 1);
    assert_eq!(queries(&total.zero_result_queries), [("火星移民补贴", 2)]);
    // 营业执照 was searched on the page, found documents, and none was opened; 公积金 was only
    // searched through the API.
    assert_eq!(queries(&total.unopened_queries), [("营业执照", 2)]);
    assert_eq!(report.unmatched_opens, 1);

    assert_eq!(report.days.len(), 6);
    assert_eq!(report.days[0].period, "2024-05-01");
    assert_eq!(report.days[0].summary.searches, 6);
    assert_eq!(report.days[1].summary, Summary::default());
    assert_eq!(queries(&report.days[5].top_queries), [("公积金", 1)]);
    let weeks: Vec<(&str, u64)> = report
        .weeks
        .iter()
        .map(|week| (week.period.as_str(), week.summary.searches))
        .collect();
    assert_eq!(weeks, [("2024-W18", 6), ("2024-W19", 1)]);
    assert!(report.problems.is_empty());
}

#[test]
fn a_bad_line_is_reported_and_the_rest_counted() {
    let mut log = Log::new();
    log.search(MAY_1_BEIJING + 9 * HOUR, "环境保护", 5, 1, Via::Web);
    log.lines.push((
        MAY_1_BEIJING + 9 * HOUR,
        "{\"type\":\"search\",\"t\":".to_owned(),
    ));
    log.search(MAY_1_BEIJING + 10 * HOUR, "环境保护", 5, 1, Via::Web);
    let report = log.report(1, date!(2024 - 05 - 01));
    assert_eq!(report.total.summary.searches, 2);
    assert_eq!(report.problems.skipped_lines, 1);
}

#[test]
fn offsets_read_and_write() {
    assert_eq!(parse_offset("+08:00"), Some(offset!(+8)));
    assert_eq!(parse_offset("+8"), Some(offset!(+8)));
    assert_eq!(parse_offset("-05:30"), Some(offset!(-5:30)));
    assert_eq!(parse_offset("Z"), Some(UtcOffset::UTC));
    assert_eq!(parse_offset("8"), None);
    assert_eq!(offset_name(offset!(-5:30)), "-05:30");
    assert_eq!(offset_name(UtcOffset::UTC), "+00:00");
}
