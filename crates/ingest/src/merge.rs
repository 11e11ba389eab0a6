//! How an ingest leaves the index's segments: merged into one while the index is small; after
//! a bulk load of a large index (an ingest that wrote at least half of it: a first load, a
//! rebuild) merged into one segment per core, in parallel; otherwise left to tantivy's log
//! merge policy.
//!
//! One segment means each query term is looked up once and equal scores are broken by id across
//! the whole index (as the peer's `forceMerge(1)`), but it costs a rewrite of the whole index
//! after every ingest: right for thousands of documents, wrong for a million, where adding a
//! thousand documents would rewrite gigabytes. Above [`SINGLE_SEGMENT_LIMIT`] documents the
//! segments are merged in logarithmic layers, so a small ingest writes a small segment and is
//! searchable as soon as it is committed. A bulk load leaves a dozen layers behind, and every
//! search pays for each (a term looked up, a scorer and collector set up per segment: top-10
//! p50 −20% from five segments to one at 300,000 documents), so it ends in as many segments as
//! there are cores: each merge runs on its own core, and the log policy leaves segments that
//! large alone while small ingests add layers beside them.
//!
//! Our own merge never races tantivy's: the background merges of the writer that indexed are
//! waited for (`wait_merging_threads`), and the closing merge runs in a second writer without a
//! merge policy, over the segment ids committed at that moment.

use gongbao_core::GongbaoIndex;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::{IndexWriter, TantivyDocument};

use crate::error::IngestError;

/// Documents up to which an ingest ends merged into one segment.
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

/// Ends an ingest that indexed `added` documents: waits for the writer's background merges,
/// then merges every committed segment into one when the index holds at most
/// `single_segment_limit` documents, or into `cores` segments of about equal size when the
/// ingest wrote at least half of a larger index. Returns the number of segments left.
pub(crate) fn finish(
    writer: IndexWriter,
    index: &GongbaoIndex,
    single_segment_limit: u64,
    added: u64,
    cores: usize,
) -> Result<usize, IngestError> {
    writer.wait_merging_threads()?;
    let metas = index.index.searchable_segment_metas()?;
    let live: u64 = metas.iter().map(|meta| u64::from(meta.num_docs())).sum();
    let groups = if live <= single_segment_limit {
        vec![metas.iter().map(SegmentMeta::id).collect()]
    } else if added.saturating_mul(2) >= live {
        balanced(&metas, cores.max(1))
    } else {
        return Ok(metas.len());
    };
    let groups: Vec<Vec<SegmentId>> = groups.into_iter().filter(|ids| ids.len() > 1).collect();
    if groups.is_empty() {
        return Ok(metas.len());
    }
    let mut merger: IndexWriter<TantivyDocument> = index
        .index
        .writer_with_num_threads(1, MERGE_WRITER_MEMORY)?;
    merger.set_merge_policy(Box::new(NoMergePolicy));
    // Started together, the merges run on the writer's merge threads side by side.
    let merges: Vec<_> = groups.iter().map(|ids| merger.merge(ids)).collect();
    for merge in merges {
        merge.wait()?;
    }
    merger.wait_merging_threads()?;
    Ok(index.index.searchable_segment_ids()?.len())
}

/// The segments in `count` groups of about equal documents: largest first, each to the group
/// with the fewest so far.
fn balanced(metas: &[SegmentMeta], count: usize) -> Vec<Vec<SegmentId>> {
    let mut by_size: Vec<&SegmentMeta> = metas.iter().collect();
    by_size.sort_by_key(|meta| std::cmp::Reverse(meta.max_doc()));
    let mut groups: Vec<(u64, Vec<SegmentId>)> = vec![(0, Vec::new()); count.min(metas.len())];
    for meta in by_size {
        if let Some((documents, ids)) = groups.iter_mut().min_by_key(|(documents, _)| *documents) {
            *documents += u64::from(meta.max_doc());
            ids.push(meta.id());
        }
    }
    groups.into_iter().map(|(_, ids)| ids).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use tantivy::schema::Schema;
    use tantivy::Index;

    #[test]
    fn groups_hold_about_equal_documents_largest_first() {
        let index = Index::create_in_ram(Schema::builder().build());
        let sizes = [100, 10, 60, 40, 30, 5, 5];
        let metas: Vec<SegmentMeta> = sizes
            .iter()
            .map(|&size| index.new_segment_meta(SegmentId::generate_random(), size))
            .collect();
        let size_of = |id: &SegmentId| {
            metas
                .iter()
                .find(|meta| meta.id() == *id)
                .map_or(0, SegmentMeta::max_doc)
        };
        let groups = balanced(&metas, 2);
        let totals: Vec<u32> = groups
            .iter()
            .map(|ids| ids.iter().map(size_of).sum())
            .collect();
        // 100 + 30 = 130 and 60 + 40 + 10 + 5 + 5 = 120.
        assert_eq!(totals.iter().sum::<u32>(), 250);
        assert!(
            totals.iter().all(|&total| (115..=135).contains(&total)),
            "{totals:?}"
        );
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), sizes.len());
        // Never more groups than segments.
        assert_eq!(balanced(&metas[..1], 4).len(), 1);
    }
}
