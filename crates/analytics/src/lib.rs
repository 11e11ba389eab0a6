//! The search log of gongbao and the report clerks read from it.
//!
//! A [`Record`] is a search (the query as typed, its grouping key, unit, filters, hits, page, a
//! random [`SearchId`] and whether it came from the search page or the API) or the opening of
//! one of a search's results. No record holds an address, a cookie, a user agent or anything
//! else that names the person searching.
//!
//! The [`Writer`] appends records as JSON Lines to one file per UTC day under
//! `<index root>/analytics/` ([`log_dir`]), on its own thread, never blocking a search; it
//! bounds the files' total size by deleting the oldest days. [`read_days`] reads them back,
//! skipping and counting lines that are not records (a line torn by a crash among them), and
//! [`report()`] counts the top queries, the queries without results and the queries whose
//! results nobody opened, for the whole period, each day and each ISO week.
#![warn(missing_docs)]

mod error;
mod files;
mod reader;
mod record;
mod report;
mod writer;

pub use error::{Error, Result};
pub use files::{log_dir, DIRECTORY};
pub use reader::{read_days, Problems};
pub use record::{query_key, unix_now, InvalidSearchId, Open, Record, Search, SearchId, Via};
pub use report::{
    offset_name, parse_offset, report, Period, QueryStat, Report, ReportOptions, Summary, MAX_DAYS,
};
pub use writer::{Counts, Writer, WriterOptions, DEFAULT_MAX_BYTES};
