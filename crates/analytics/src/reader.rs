//! Reading the log back. A line that is not a record (torn by a crash, edited by hand, of a
//! later version) is skipped and counted; a day file that cannot be read is named. Neither stops
//! the reading: only a log directory that cannot be listed is an error.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Serialize;
use time::Date;

use crate::error::Result;
use crate::files::day_files;
use crate::record::Record;

/// Bad lines described in [`Problems::examples`]; the rest are only counted.
const EXAMPLES: usize = 10;

/// What reading found that was not a record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Problems {
    /// Lines skipped because they are not a record.
    pub skipped_lines: u64,
    /// The first few of them: file, line number and why.
    pub examples: Vec<String>,
    /// Day files that could not be read, with why.
    pub unreadable_files: Vec<String>,
}

impl Problems {
    fn skip(&mut self, file: &str, line: u64, reason: &dyn std::fmt::Display) {
        self.skipped_lines += 1;
        if self.examples.len() < EXAMPLES {
            self.examples.push(format!("{file} line {line}: {reason}"));
        }
    }

    /// Whether anything was skipped.
    pub fn is_empty(&self) -> bool {
        self.skipped_lines == 0 && self.unreadable_files.is_empty()
    }
}

/// Calls `each` with every record of the day files of `dir` from `from` to `to` (UTC days,
/// both included), in file order; what is not a record is skipped and described in the
/// answer. A missing directory holds no records.
pub fn read_days(
    dir: &Path,
    from: Date,
    to: Date,
    mut each: impl FnMut(Record),
) -> Result<Problems> {
    let mut problems = Problems::default();
    for file in day_files(dir)?
        .into_iter()
        .filter(|file| (from..=to).contains(&file.day))
    {
        let name = file
            .path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        if let Err(error) = read_file(&file.path, &name, &mut problems, &mut each) {
            problems.unreadable_files.push(format!("{name}: {error}"));
        }
    }
    Ok(problems)
}

/// The records of one file; an error only when the file cannot be opened or read.
fn read_file(
    path: &Path,
    name: &str,
    problems: &mut Problems,
    each: &mut impl FnMut(Record),
) -> std::io::Result<()> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(record) => each(record),
            Err(error) if line.last() != Some(&b'\n') => {
                problems.skip(
                    name,
                    number,
                    &format_args!("unfinished last line ({error})"),
                );
            }
            Err(error) => problems.skip(name, number, &error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use time::macros::date;

    use super::*;
    use crate::record::{Open, SearchId};

    fn open_line(t: i64) -> String {
        let record = Record::Open(Open {
            t,
            id: SearchId::random(),
            doc: "doc-1".to_owned(),
        });
        serde_json::to_string(&record).unwrap()
    }

    #[test]
    fn bad_and_torn_lines_are_skipped_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let good = open_line(1_714_521_600);
        let torn = &good[..good.len() / 2];
        let text = format!("{good}\nnot json\n\n{{\"type\":\"later\",\"t\":1}}\n{good}\n{torn}");
        fs::write(dir.path().join("2024-05-01.jsonl"), text).unwrap();
        fs::write(dir.path().join("2024-05-02.jsonl"), format!("{good}\n")).unwrap();
        fs::write(dir.path().join("README"), "not a day file").unwrap();
        let mut records = 0;
        let problems = read_days(
            dir.path(),
            date!(2024 - 05 - 01),
            date!(2024 - 05 - 01),
            |_| records += 1,
        )
        .unwrap();
        assert_eq!(records, 2);
        assert_eq!(problems.skipped_lines, 3);
        assert!(problems.examples[0].starts_with("2024-05-01.jsonl line 2: "));
        assert!(
            problems.examples[2].contains("line 6: unfinished last line"),
            "{problems:?}"
        );
        assert!(problems.unreadable_files.is_empty());
    }

    #[test]
    fn a_missing_directory_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let problems = read_days(
            &dir.path().join("analytics"),
            date!(2024 - 05 - 01),
            date!(2024 - 05 - 31),
            |_| panic!("no record"),
        )
        .unwrap();
        assert!(problems.is_empty());
    }
}
