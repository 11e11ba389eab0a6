//! The log directory: one JSON Lines file per UTC day, `YYYY-MM-DD.jsonl`. Other files are left
//! alone.

use std::fs;
use std::path::{Path, PathBuf};

use time::{Date, Month, OffsetDateTime};

use crate::error::{io_error, Result};

/// The name of the log directory under an index root.
pub const DIRECTORY: &str = "analytics";

/// The log directory of the index root `root`.
pub fn log_dir(root: &Path) -> PathBuf {
    root.join(DIRECTORY)
}

/// The UTC day of `t` (seconds since 1970-01-01 UTC); times out of range fall on 1970-01-01.
pub(crate) fn utc_day(t: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(t)
        .map_or(OffsetDateTime::UNIX_EPOCH.date(), OffsetDateTime::date)
}

/// The file name of `day`.
pub(crate) fn file_name(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}.jsonl",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// The day a file name stands for, when it is a day file's name.
pub(crate) fn day_of(name: &str) -> Option<Date> {
    let stem = name.strip_suffix(".jsonl")?;
    let mut parts = stem.splitn(3, '-');
    let year = parts.next()?;
    let month = parts.next()?;
    let day = parts.next()?;
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// A day file and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DayFile {
    pub(crate) day: Date,
    pub(crate) path: PathBuf,
    pub(crate) bytes: u64,
}

/// The day files of `dir`, oldest first; none when `dir` does not exist.
pub(crate) fn day_files(dir: &Path) -> Result<Vec<DayFile>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(io_error(dir)(error)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(dir))?;
        let Some(day) = entry.file_name().to_str().and_then(day_of) else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if metadata.is_file() {
            files.push(DayFile {
                day,
                path: entry.path(),
                bytes: metadata.len(),
            });
        }
    }
    files.sort_by_key(|file| file.day);
    Ok(files)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn names_and_days_round_trip() {
        let day = date!(2024 - 03 - 09);
        assert_eq!(file_name(day), "2024-03-09.jsonl");
        assert_eq!(day_of("2024-03-09.jsonl"), Some(day));
        for other in [
            "2024-3-9.jsonl",
            "2024-02-30.jsonl",
            "notes.txt",
            "2024-03-09.json",
        ] {
            assert_eq!(day_of(other), None, "{other}");
        }
        assert_eq!(utc_day(1_709_942_399), date!(2024 - 03 - 08));
        assert_eq!(utc_day(1_709_942_400), day);
    }
}
