//! Keyword columns of a segment as plain tables, read once per segment and process.
//!
//! A fast column answers "which values has document d" through an optional index whose `rank`
//! lookup, done for every hit of every search, cost more than the counting itself, and turning an
//! ordinal into its text means reading a dictionary block. Segments never change, so each column
//! is turned once into the terms by ordinal and, per document, its distinct ordinals.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

use gongbao_core::schema::names;
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::{DocId, SegmentReader};

/// One keyword column of one segment.
#[derive(Debug, Default)]
pub(crate) struct ColumnTable {
    /// Terms by ordinal.
    pub terms: Vec<String>,
    /// `ords[offsets[d]..offsets[d + 1]]` are document d's distinct ordinals, ascending.
    offsets: Vec<u32>,
    ords: Vec<u32>,
}

impl ColumnTable {
    fn read(column: &StrColumn, max_doc: DocId) -> tantivy::Result<ColumnTable> {
        let mut terms = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream()?;
        while stream.advance() {
            terms.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        Ok(ColumnTable::of(terms, max_doc, |doc| {
            column.term_ords(doc).map(|ord| ord as u32)
        }))
    }

    fn read_numbers(column: &Column<u64>, max_doc: DocId) -> ColumnTable {
        let mut distinct: Vec<u64> = (0..max_doc)
            .flat_map(|doc| column.values_for_doc(doc))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let terms = distinct.iter().map(u64::to_string).collect();
        ColumnTable::of(terms, max_doc, |doc| {
            column
                .values_for_doc(doc)
                .filter_map(|value| distinct.binary_search(&value).ok())
                .map(|ord| ord as u32)
        })
    }

    /// The table of `terms` whose document d has the ordinals `ords_of(d)`.
    pub(crate) fn of<I: Iterator<Item = u32>>(
        terms: Vec<String>,
        max_doc: DocId,
        mut ords_of: impl FnMut(DocId) -> I,
    ) -> ColumnTable {
        let mut offsets = Vec::with_capacity(max_doc as usize + 1);
        let mut ords = Vec::new();
        offsets.push(0);
        for doc in 0..max_doc {
            let start = ords.len();
            ords.extend(ords_of(doc));
            ords[start..].sort_unstable();
            let distinct = dedup_tail(&mut ords, start);
            ords.truncate(distinct);
            offsets.push(ords.len() as u32);
        }
        ColumnTable {
            terms,
            offsets,
            ords,
        }
    }

    /// The offsets and the ordinals: `ords[offsets[d]..offsets[d + 1]]` are document d's.
    pub(crate) fn into_parts(self) -> (Vec<u32>, Vec<u32>) {
        (self.offsets, self.ords)
    }

    /// The distinct ordinals of `doc`, ascending.
    pub fn ords(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.offsets.get(doc), self.offsets.get(doc + 1)) {
            (Some(&start), Some(&end)) => &self.ords[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// Removes repeated values from the sorted `values[start..]`, returning the new length.
fn dedup_tail(values: &mut [u32], start: usize) -> usize {
    let mut write = start;
    for read in start..values.len() {
        if write == start || values[write - 1] != values[read] {
            values[write] = values[read];
            write += 1;
        }
    }
    write
}

/// The table of the keyword column `name` in `segment` (empty when the segment has no values).
pub(crate) fn column_table(
    segment: &SegmentReader,
    name: &'static str,
) -> tantivy::Result<Arc<ColumnTable>> {
    table(segment, name, false)
}

/// The table of the `u64` column `name` in `segment`; its terms are the values in decimal,
/// ascending.
pub(crate) fn number_table(
    segment: &SegmentReader,
    name: &'static str,
) -> tantivy::Result<Arc<ColumnTable>> {
    table(segment, name, true)
}

fn table(
    segment: &SegmentReader,
    name: &'static str,
    numeric: bool,
) -> tantivy::Result<Arc<ColumnTable>> {
    static CACHE: SegmentCache<&'static str, ColumnTable> = SegmentCache::new();
    CACHE.get_or_read(segment, name, || {
        let fast = segment.fast_fields();
        if numeric {
            return Ok(ColumnTable::read_numbers(
                &fast.u64(name)?,
                segment.max_doc(),
            ));
        }
        match fast.str(name)? {
            Some(column) => ColumnTable::read(&column, segment.max_doc()),
            None => Ok(ColumnTable::default()),
        }
    })
}

/// Each document's place among the segment's ids in id order (`u32::MAX` without an id): ties
/// in score within a segment are broken by it, so equal documents keep one order however they
/// were indexed. Places in different segments do not compare.
pub(crate) fn id_order(segment: &SegmentReader) -> tantivy::Result<Arc<Vec<u32>>> {
    static CACHE: SegmentCache<(), Vec<u32>> = SegmentCache::new();
    CACHE.get_or_read(segment, (), || {
        let Some(column) = segment.fast_fields().str(names::ID)? else {
            return Ok(vec![u32::MAX; segment.max_doc() as usize]);
        };
        Ok((0..segment.max_doc())
            .map(|doc| {
                column
                    .term_ords(doc)
                    .next()
                    .map_or(u32::MAX, |ord| ord as u32)
            })
            .collect())
    })
}

/// Cached values by segment and key.
type Entries<K, V> = Mutex<HashMap<(SegmentId, K), Arc<V>>>;

/// Values derived from a segment, computed once per process: segments never change.
pub(crate) struct SegmentCache<K, V> {
    entries: OnceLock<Entries<K, V>>,
}

impl<K: Eq + Hash + Clone, V> SegmentCache<K, V> {
    /// Entries kept before the cache starts over (segments merged away leave theirs behind).
    const MAX_ENTRIES: usize = 1024;

    /// An empty cache.
    pub(crate) const fn new() -> SegmentCache<K, V> {
        SegmentCache {
            entries: OnceLock::new(),
        }
    }

    /// The value for `key` in `segment`, computed by `read` the first time.
    pub(crate) fn get_or_read(
        &self,
        segment: &SegmentReader,
        key: K,
        read: impl FnOnce() -> tantivy::Result<V>,
    ) -> tantivy::Result<Arc<V>> {
        let entries = self.entries.get_or_init(Default::default);
        let lock = || {
            entries
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        let key = (segment.segment_id(), key);
        if let Some(value) = lock().get(&key) {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(read()?);
        let mut entries = lock();
        if entries.len() >= Self::MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Arc::clone(&value));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_are_removed_from_the_tail_only() {
        let mut values = vec![3, 3, 1, 1, 2, 2, 2, 5];
        let end = dedup_tail(&mut values, 2);
        assert_eq!(&values[..end], &[3, 3, 1, 2, 5]);
        let mut empty: Vec<u32> = vec![7];
        assert_eq!(dedup_tail(&mut empty, 1), 1);
    }
}
