//! The columns of one segment a document's lifecycle is read from without its stored metadata:
//! its dates and its chain of versions. Opened once per segment; the one column-side reading of
//! "issued" and "takes effect", as [`super::decide::issued`] reads them from a document.

use gongbao_core::schema::names;
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, SegmentReader};
use time::Date;

/// Date and chain columns of one segment (a column the segment lacks reads as empty).
pub(crate) struct LifecycleColumns {
    published: Option<Column<DateTime>>,
    written: Option<Column<DateTime>>,
    effective: Option<Column<DateTime>>,
    expires: Option<Column<DateTime>>,
    stated_since: Option<Column<DateTime>>,
    chain: Option<Column<u64>>,
}

fn day(column: &Option<Column<DateTime>>, doc: DocId) -> Option<Date> {
    column
        .as_ref()?
        .first(doc)
        .map(|date| date.into_utc().date())
}

impl LifecycleColumns {
    pub(crate) fn of(reader: &SegmentReader) -> LifecycleColumns {
        let fast = reader.fast_fields();
        let date = |name: &str| fast.date(name).ok();
        LifecycleColumns {
            published: date(names::PUBLISHED),
            written: date(names::WRITTEN),
            effective: date(names::EFFECTIVE),
            expires: date(names::EXPIRES),
            stated_since: date(names::STATED_SINCE),
            chain: fast.u64(names::VERSION_KEY).ok(),
        }
    }

    /// Published, else written, else in force.
    pub(crate) fn issued(&self, doc: DocId) -> Option<Date> {
        day(&self.published, doc)
            .or_else(|| day(&self.written, doc))
            .or_else(|| day(&self.effective, doc))
    }

    /// In force, else issued.
    pub(crate) fn takes_effect(&self, doc: DocId) -> Option<Date> {
        day(&self.effective, doc).or_else(|| self.issued(doc))
    }

    /// The last day in force the text gives.
    pub(crate) fn expires(&self, doc: DocId) -> Option<Date> {
        day(&self.expires, doc)
    }

    /// The day the stated validity applies from.
    pub(crate) fn stated_since(&self, doc: DocId) -> Option<Date> {
        day(&self.stated_since, doc)
    }

    /// The chain of versions ([`gongbao_core::lifecycle::version_key`]).
    pub(crate) fn chain(&self, doc: DocId) -> Option<u64> {
        self.chain.as_ref()?.first(doc)
    }
}
