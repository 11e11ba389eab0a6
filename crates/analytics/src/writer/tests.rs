use std::fs;

use super::*;
use crate::reader::read_days;
use crate::record::{Open, Record, SearchId};

/// 2024-05-01 00:00 UTC.
const MAY_1: i64 = 1_714_521_600;
const DAY: i64 = 86_400;

fn open(t: i64, doc: &str) -> Record {
    Record::Open(Open {
        t,
        id: SearchId::random(),
        doc: doc.to_owned(),
    })
}

fn line_length(record: &Record) -> u64 {
    serde_json::to_string(record).unwrap().len() as u64 + 1
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn records_go_to_the_file_of_their_utc_day() {
    let dir = tempfile::tempdir().unwrap();
    let writer = Writer::start(dir.path(), WriterOptions::default()).unwrap();
    writer.log(open(MAY_1 - 1, "a"));
    writer.log(open(MAY_1, "b"));
    writer.log(open(MAY_1 + DAY - 1, "c"));
    drop(writer);
    assert_eq!(names(dir.path()), ["2024-04-30.jsonl", "2024-05-01.jsonl"]);
    let may_1 = fs::read_to_string(dir.path().join("2024-05-01.jsonl")).unwrap();
    assert_eq!(may_1.lines().count(), 2);
}

#[test]
fn records_reach_the_file_without_the_writer_stopping() {
    let dir = tempfile::tempdir().unwrap();
    let options = WriterOptions {
        flush_every: Duration::from_millis(20),
        ..WriterOptions::default()
    };
    let writer = Writer::start(dir.path(), options).unwrap();
    writer.log(open(MAY_1, "a"));
    let path = dir.path().join("2024-05-01.jsonl");
    let deadline = Instant::now() + Duration::from_secs(10);
    while fs::read_to_string(&path).map_or(true, |text| !text.ends_with('\n')) {
        assert!(
            Instant::now() < deadline,
            "the record never reached the file"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(writer.counts().written, 1);
}

#[test]
fn the_oldest_days_go_first_and_a_full_day_drops_records() {
    let dir = tempfile::tempdir().unwrap();
    let record = open(MAY_1, "doc");
    let length = line_length(&record);
    let options = WriterOptions {
        max_bytes: 3 * length,
        ..WriterOptions::default()
    };
    let writer = Writer::start(dir.path(), options.clone()).unwrap();
    for day in 0..3 {
        writer.log(open(MAY_1 + day * DAY, "doc"));
    }
    drop(writer);
    assert_eq!(
        names(dir.path()),
        ["2024-05-01.jsonl", "2024-05-02.jsonl", "2024-05-03.jsonl"]
    );
    // A restarted writer counts what is on disk: a fourth day deletes the first.
    let writer = Writer::start(dir.path(), options).unwrap();
    writer.log(open(MAY_1 + 3 * DAY, "doc"));
    writer.log(open(MAY_1 + 3 * DAY, "doc"));
    writer.log(open(MAY_1 + 3 * DAY, "doc"));
    // The fourth record of the day finds only its own day's file left: dropped.
    writer.log(open(MAY_1 + 3 * DAY, "doc"));
    while writer.counts().written + writer.counts().dropped_full < 4 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let counts = writer.counts();
    drop(writer);
    assert_eq!((counts.written, counts.dropped_full), (3, 1), "{counts:?}");
    assert_eq!(names(dir.path()), ["2024-05-04.jsonl"]);
    let total: u64 = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().len())
        .sum();
    assert!(total <= 3 * length);
}

#[test]
fn a_torn_last_line_stays_one_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let whole = serde_json::to_string(&open(MAY_1, "kept")).unwrap();
    let torn = &whole[..whole.len() - 5];
    let path = dir.path().join("2024-05-01.jsonl");
    fs::write(&path, format!("{whole}\n{torn}")).unwrap();
    let writer = Writer::start(dir.path(), WriterOptions::default()).unwrap();
    writer.log(open(MAY_1 + 10, "after"));
    drop(writer);
    let mut docs = Vec::new();
    let problems = read_days(dir.path(), utc_day(MAY_1), utc_day(MAY_1), |record| {
        if let Record::Open(open) = record {
            docs.push(open.doc);
        }
    })
    .unwrap();
    assert_eq!(docs, ["kept", "after"]);
    assert_eq!(problems.skipped_lines, 1);
}

#[test]
fn a_full_queue_drops_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let options = WriterOptions {
        capacity: 1,
        ..WriterOptions::default()
    };
    let writer = Writer::start(dir.path(), options).unwrap();
    for _ in 0..10_000 {
        writer.log(open(MAY_1, "doc"));
    }
    // Every record is written or dropped and counted; none waits for room.
    let settled = |counts: Counts| counts.written + counts.dropped_busy == 10_000;
    while !settled(writer.counts()) {
        std::thread::sleep(Duration::from_millis(5));
    }
    drop(writer);
}
