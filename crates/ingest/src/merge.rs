//! How an ingest leaves the index's segments: merged into one while the index is small or when
//! the ingest wrote most of it, left to tantivy's log merge policy otherwise.
//!
//! One segment means each query term is looked up once and equal scores are broken by id across
//! the whole index (as the peer's `forceMerge(1)`): on a million documents, searches take a third
//! less time than over the thirteen segments the log policy leaves. But it costs a rewrite of the
//! whole index: right after building an index or rewriting most of it (a bulk load, where the
//! merge rewrites at most twice what the ingest wrote), wrong after adding a thousand documents
//! to a million, which would rewrite gigabytes. So an ingest ends merged when the index holds at
//! most [`SINGLE_SEGMENT_LIMIT`] documents or when it wrote at least half of them; otherwise the
//! segments stay in logarithmic layers, so a small ingest writes a small segment and is
//! searchable as soon as it is committed.
//!
//! Our own merge never races tantivy's: the background merges of the writer that indexed are
//! waited for (`wait_merging_threads`), and the closing merge runs in a second writer without a
//! merge policy, over the segment ids committed at that moment.

use gongbao_core::GongbaoIndex;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::{IndexWriter, TantivyDocument};

use crate::error::IngestError;

/// Documents up to which an ingest ends merged into one segment whatever it wrote.
pub const SINGLE_SEGMENT_LIMIT: u64 = 100_000;

/// Memory of the writer that only merges: it indexes nothing.
const MERGE_WRITER_MEMORY: usize = 15_000_000;

/// The merge policy of the writer that indexes: log layers, where a segment of which a third of
/// the documents were replaced is merged again, and a merge never exceeds five million documents.
pub(crate) fn log_merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_del_docs_ratio_before_merge(0.3);
    policy.set_max_docs_before_merge(5_000_000);
    policy
}

/// Ends an ingest that `wrote` documents: waits for the writer's background merges, then merges
/// every committed segment into one when the index holds at most `single_segment_limit` live
/// documents or the ingest wrote at least half of them. Returns the number of segments left.
pub(crate) fn finish(
    writer: IndexWriter,
    index: &GongbaoIndex,
    single_segment_limit: u64,
    wrote: u64,
) -> Result<usize, IngestError> {
    writer.wait_merging_threads()?;
    let segments = index.index.searchable_segment_ids()?;
    if segments.len() <= 1 {
        return Ok(segments.len());
    }
    let live = live_documents(index)?;
    if live > single_segment_limit && wrote.saturating_mul(2) < live {
        return Ok(segments.len());
    }
    let mut merger: IndexWriter<TantivyDocument> = index
        .index
        .writer_with_num_threads(1, MERGE_WRITER_MEMORY)?;
    merger.set_merge_policy(Box::new(NoMergePolicy));
    merger.merge(&segments).wait()?;
    merger.wait_merging_threads()?;
    Ok(index.index.searchable_segment_ids()?.len())
}

/// Documents of the committed segments, deleted ones left out.
fn live_documents(index: &GongbaoIndex) -> Result<u64, IngestError> {
    let metas = index.index.searchable_segment_metas()?;
    Ok(metas.iter().map(|meta| u64::from(meta.num_docs())).sum())
}
