//! Counting a hierarchical facet field from its fast column: hits per direct child of a node.
//!
//! tantivy's `FacetCollector` looks every counted value up in the column's dictionary (a block
//! read per value): on every search that cost more than the counting. Here the column is read
//! once per segment ([`column_table`]) and hits are counted by ordinal.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::columns::{column_table, ColumnTable, SegmentCache};
use crate::facet::AreaCount;
use crate::terms::{Sample, Sampled};

/// Hits per direct child of `parent` (the top level when `parent` is empty) in a facet field;
/// a hit counts once per child, however many of its values lie below that child.
pub(crate) struct ChildCounts {
    /// The facet field.
    pub field: &'static str,
    /// The node whose children are counted, top level first.
    pub parent: Vec<String>,
}

pub(crate) struct SegmentChildCounts {
    table: Arc<ColumnTable>,
    children: Arc<Children>,
    counts: Vec<u64>,
    seen: Vec<usize>,
    /// The part of the segment whose matches were shown.
    sample: Sample,
}

/// The direct children of a node in one segment's column.
pub(crate) struct Children {
    /// For each term ordinal, the child it lies below, if any.
    pub child_of: Vec<Option<usize>>,
    /// The children's names.
    pub names: Vec<String>,
}

impl Children {
    /// The children of `parent` (the top level when empty) in a facet column's table.
    pub(crate) fn of(table: &ColumnTable, parent: &[String]) -> Children {
        let mut names: Vec<String> = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let child_of = table
            .terms
            .iter()
            .map(|encoded| {
                let facet = Facet::from_encoded(encoded.as_bytes().to_vec()).ok()?;
                let path = facet.to_path();
                let below = path.len() > parent.len()
                    && path.iter().zip(parent).all(|(a, b)| *a == b.as_str());
                let child = below.then(|| path[parent.len()].to_owned())?;
                let next = names.len();
                let index = *index_of.entry(child.clone()).or_insert(next);
                if index == next {
                    names.push(child);
                }
                Some(index)
            })
            .collect();
        Children { child_of, names }
    }
}

impl Collector for ChildCounts {
    type Fruit = Vec<AreaCount>;
    type Child = SegmentChildCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentChildCounts> {
        static CACHE: SegmentCache<(&'static str, Vec<String>), Children> = SegmentCache::new();
        let table = column_table(segment, self.field)?;
        let key = (self.field, self.parent.clone());
        let children =
            CACHE.get_or_read(segment, key, || Ok(Children::of(&table, &self.parent)))?;
        Ok(SegmentChildCounts {
            table,
            counts: vec![0; children.names.len()],
            children,
            seen: Vec::new(),
            sample: Sample::whole(segment.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(String, u64)>>) -> tantivy::Result<Vec<AreaCount>> {
        let mut merged: BTreeMap<String, u64> = BTreeMap::new();
        for (child, count) in fruits.into_iter().flatten() {
            *merged.entry(child).or_default() += count;
        }
        let mut counts: Vec<AreaCount> = merged
            .into_iter()
            .map(|(child, count)| {
                let mut path = self.parent.clone();
                path.push(child);
                AreaCount { path, count }
            })
            .collect();
        counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path)));
        Ok(counts)
    }
}

impl SegmentCollector for SegmentChildCounts {
    type Fruit = Vec<(String, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.seen.clear();
        for &ord in self.table.ords(doc) {
            if let Some(Some(child)) = self.children.child_of.get(ord as usize) {
                if !self.seen.contains(child) {
                    self.seen.push(*child);
                    self.counts[*child] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Vec<(String, u64)> {
        let sample = self.sample;
        self.children
            .names
            .iter()
            .zip(self.counts)
            .filter(|(_, count)| *count > 0)
            .map(|(name, count)| (name.clone(), sample.scale(count)))
            .collect()
    }
}

impl Sampled for SegmentChildCounts {
    fn sampled(&mut self, sample: Sample) {
        self.sample = sample;
    }
}
