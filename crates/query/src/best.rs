//! The best hits by relevance: pinned hits first, then the score raised by the body's length
//! ([`Ranking::length_factor`]), then the id's order — the [`Key`] of every ranked hit.
//!
//! A query over a million documents matches most of them, and most matches cannot enter the
//! list: once it is full, a document whose score times the largest length factor is below the
//! last key's score is passed over before its length, id and key are read. The list is the one
//! a full sort would give, ties included (equal keys keep the lower address first).

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::schema::Field;
use tantivy::{DocAddress, DocId, Score, SegmentReader};

use crate::columns::{id_order, SegmentCache};
use crate::ranking::Ranking;
use crate::rescore::{Key, Scored};
use crate::terms::Threshold;

/// The `size` best hits of a search by [`Key`]; `pinned` hits (sorted addresses) rank before
/// all others. `body` is the bigram field whose length counts.
pub(crate) struct BestHits {
    pinned: Vec<DocAddress>,
    body: Field,
    size: usize,
    factors: Arc<[Score; 256]>,
}

impl BestHits {
    pub(crate) fn new(mut pinned: Vec<DocAddress>, body: Field, size: usize) -> BestHits {
        pinned.sort_unstable();
        BestHits {
            pinned,
            body,
            size,
            factors: Arc::new(Ranking::current().length_factors()),
        }
    }
}

/// The largest fieldnorm id of `field` in `segment`, read once per segment.
fn longest_body(
    segment: &SegmentReader,
    field: Field,
    lengths: Option<&FieldNormReader>,
) -> tantivy::Result<u8> {
    static CACHE: SegmentCache<u32, u8> = SegmentCache::new();
    let Some(lengths) = lengths else {
        return Ok(0);
    };
    let longest = CACHE.get_or_read(segment, field.field_id(), || {
        Ok((0..segment.max_doc())
            .map(|doc| lengths.fieldnorm_id(doc))
            .max()
            .unwrap_or(0))
    })?;
    Ok(*longest)
}

/// `a` against `b`, the better one greater: pinned, then score, then id order.
fn compare(a: &Key, b: &Key) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal))
        .then_with(|| a.2.cmp(&b.2))
}

/// A kept hit, ordered so that the worst is the greatest (the top of a max-heap): the lower
/// key, or of equal keys the later document.
struct Kept {
    key: Key,
    doc: DocId,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Kept) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Kept) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Kept) -> Ordering {
        compare(&other.key, &self.key).then_with(|| self.doc.cmp(&other.doc))
    }
}

impl Collector for BestHits {
    type Fruit = Vec<Scored>;
    type Child = BestOfSegment;

    fn for_segment(
        &self,
        segment_ord: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<BestOfSegment> {
        let pinned = self
            .pinned
            .iter()
            .filter(|address| address.segment_ord == segment_ord)
            .map(|address| address.doc_id)
            .collect();
        let lengths = segment.get_fieldnorms_reader(self.body).ok();
        // The factors only grow with the length: the longest body of the segment has the largest.
        let longest = longest_body(segment, self.body, lengths.as_ref())?;
        Ok(BestOfSegment {
            segment_ord,
            size: self.size,
            pinned,
            largest_factor: self.factors[usize::from(longest)],
            lengths,
            ids: id_order(segment).unwrap_or_default(),
            factors: Arc::clone(&self.factors),
            kept: BinaryHeap::with_capacity(self.size + 1),
            floor: None,
            carried: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Scored>>) -> tantivy::Result<Vec<Scored>> {
        let mut all: Vec<Scored> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|(a, a_at), (b, b_at)| compare(b, a).then_with(|| a_at.cmp(b_at)));
        all.truncate(self.size);
        Ok(all)
    }
}

/// The best hits of one segment.
pub(crate) struct BestOfSegment {
    segment_ord: u32,
    size: usize,
    /// Pinned documents of this segment, sorted.
    pinned: Vec<DocId>,
    lengths: Option<FieldNormReader>,
    ids: Arc<Vec<u32>>,
    factors: Arc<[Score; 256]>,
    largest_factor: Score,
    kept: BinaryHeap<Kept>,
    /// When the list is full: the worst kept key's score, or `None` while it may still take
    /// any document (not full, or its worst hit is pinned and only pinned ones can enter).
    floor: Option<Score>,
    /// The floor an earlier segment's list reached ([`Threshold::carry`]): no document below it
    /// can be among the best of all segments.
    carried: Option<Score>,
}

impl BestOfSegment {
    fn is_pinned(&self, doc: DocId) -> bool {
        !self.pinned.is_empty() && self.pinned.binary_search(&doc).is_ok()
    }
}

impl SegmentCollector for BestOfSegment {
    type Fruit = Vec<Scored>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.size == 0 {
            return;
        }
        let pinned = self.is_pinned(doc);
        let full = self.kept.len() == self.size;
        if full
            && !pinned
            && self
                .floor
                .is_none_or(|floor| score * self.largest_factor < floor)
        {
            // Every kept hit is pinned, or even the longest body could not lift it.
            return;
        }
        let length = self
            .lengths
            .as_ref()
            .map_or(0, |lengths| lengths.fieldnorm_id(doc));
        let raised = score * self.factors[length as usize];
        if full && !pinned && self.floor.is_some_and(|floor| raised < floor) {
            return;
        }
        let id = self.ids.get(doc as usize).copied().unwrap_or(u32::MAX);
        let key = (pinned, raised, u32::MAX - id);
        if full {
            let mut worst = self.kept.peek_mut().expect("a full list");
            // Of equal keys the earlier document stays.
            if compare(&key, &worst.key) != Ordering::Greater {
                return;
            }
            *worst = Kept { key, doc };
        } else {
            self.kept.push(Kept { key, doc });
        }
        if self.kept.len() == self.size {
            let worst = &self.kept.peek().expect("a full list").key;
            self.floor = (!worst.0).then_some(worst.1);
        }
    }

    fn harvest(self) -> Vec<Scored> {
        let segment_ord = self.segment_ord;
        self.kept
            .into_iter()
            .map(|kept| (kept.key, DocAddress::new(segment_ord, kept.doc)))
            .collect()
    }
}

/// The higher of two floors, where `None` is none.
fn higher(a: Option<Score>, b: Option<Score>) -> Option<Score> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

impl Threshold for BestOfSegment {
    fn threshold(&self) -> Score {
        match higher(self.floor, self.carried) {
            // A score whose raise by the longest body stays below the floor is passed over; the
            // margin keeps the division's rounding from passing over one that is not.
            Some(floor) => floor / self.largest_factor * (1.0 - 1e-5),
            None => Score::NEG_INFINITY,
        }
    }

    /// A full list's worst key beats every key below it, in any segment.
    fn carried(&self) -> Option<Score> {
        higher(self.floor, self.carried)
    }

    fn carry(&mut self, carried: Score) {
        self.carried = Some(carried);
    }
}

#[cfg(test)]
mod tests;
