//! Counting the matches of a question over a large segment from a sample of its windows.
//!
//! Over a million documents a long question matches most of them, and counting the facets of
//! each match means reading every posting of its commonest bigrams, which rank nothing, and
//! walking the values of most documents. Where a segment's matching terms hold more postings
//! than [`Counting::exact_postings`], one window of documents in [`Counting::stride`] (a fixed
//! grid of doc ids, so the sample is spread over the whole segment) is counted exactly, and the
//! other windows only score the documents that can still enter the best hits; the total and the
//! facet counts are the sample's, scaled to the segment ([`Sample::scale`]), and the response
//! says they are estimates. A total alone costs little to count exactly, so searches without
//! facets count every match ([`Counting::EXACT`]): the windows passed over cost more in
//! look-ups than marking every match does.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// When a segment's matches are counted exactly, and how they are sampled otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counting {
    /// Postings a segment's matching terms may hold for every match to be counted (about a
    /// millisecond's reading).
    pub(crate) exact_postings: u64,
    /// Above that, one window in this many is counted.
    pub(crate) stride: u32,
}

impl Counting {
    /// What searches counting facets use.
    pub(crate) const FACETS: Counting = Counting {
        exact_postings: 1_000_000,
        stride: 16,
    };

    /// Every match counted, whatever it costs.
    pub(crate) const EXACT: Counting = Counting {
        exact_postings: u64::MAX,
        stride: 1,
    };

    /// The stride for a segment whose matching terms hold `postings` postings: 1 when every
    /// window is counted.
    pub(crate) fn stride_for(&self, postings: u64) -> u32 {
        if postings <= self.exact_postings {
            1
        } else {
            self.stride.max(1)
        }
    }
}

/// The part of a segment's documents whose matches were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sample {
    /// Documents in the counted windows.
    counted: u64,
    /// Documents of the segment (`max_doc`).
    of: u64,
}

impl Sample {
    /// Every document of a segment of `max_doc` counted: what a collector assumes until told
    /// otherwise.
    pub(crate) fn whole(max_doc: DocId) -> Sample {
        Sample {
            counted: u64::from(max_doc),
            of: u64::from(max_doc),
        }
    }

    /// The windows `k · window .. (k + 1) · window` with `k` a multiple of `stride` of a segment
    /// of `max_doc` documents.
    pub(crate) fn windows(max_doc: DocId, window: u32, stride: u32) -> Sample {
        let (max_doc, window, stride) = (u64::from(max_doc), u64::from(window), u64::from(stride));
        let counted = (0..max_doc.div_ceil(window))
            .step_by(stride.max(1) as usize)
            .map(|k| window.min(max_doc - k * window))
            .sum();
        Sample {
            counted,
            of: max_doc,
        }
    }

    /// Whether every document was counted.
    pub(crate) fn is_whole(&self) -> bool {
        self.counted == self.of
    }

    /// What `count` matches among the counted documents make in the whole segment.
    pub(crate) fn scale(&self, count: u64) -> u64 {
        if self.is_whole() || self.counted == 0 {
            return count;
        }
        let scaled = (u128::from(count) * u128::from(self.of) + u128::from(self.counted) / 2)
            / u128::from(self.counted);
        u64::try_from(scaled).unwrap_or(u64::MAX)
    }
}

/// A segment's collector of every match that is told, before its harvest, which part of the
/// segment it was shown, and scales what it counted to the whole.
pub(crate) trait Sampled: SegmentCollector {
    /// The documents this collector was shown are the matches among `sample`'s.
    fn sampled(&mut self, sample: Sample);
}

impl<T: Sampled> Sampled for Option<T> {
    fn sampled(&mut self, sample: Sample) {
        if let Some(collector) = self {
            collector.sampled(sample);
        }
    }
}

impl<A: Sampled, B: Sampled> Sampled for (A, B) {
    fn sampled(&mut self, sample: Sample) {
        self.0.sampled(sample);
        self.1.sampled(sample);
    }
}

impl<A: Sampled, B: Sampled, C: Sampled> Sampled for (A, B, C) {
    fn sampled(&mut self, sample: Sample) {
        self.0.sampled(sample);
        self.1.sampled(sample);
        self.2.sampled(sample);
    }
}

/// The number of matches, estimated from a sample where the segment was sampled: tantivy's
/// `Count` for [`super::TermsQuery::search_best`].
pub(crate) struct Total;

/// One segment's [`Total`].
pub(crate) struct SegmentTotal {
    count: u64,
    sample: Sample,
}

impl Collector for Total {
    type Fruit = u64;
    type Child = SegmentTotal;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentTotal> {
        Ok(SegmentTotal {
            count: 0,
            sample: Sample::whole(segment.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, totals: Vec<u64>) -> tantivy::Result<u64> {
        Ok(totals.into_iter().sum())
    }
}

impl SegmentCollector for SegmentTotal {
    type Fruit = u64;

    fn collect(&mut self, _: DocId, _: Score) {
        self.count += 1;
    }

    fn harvest(self) -> u64 {
        self.sample.scale(self.count)
    }
}

impl Sampled for SegmentTotal {
    fn sampled(&mut self, sample: Sample) {
        self.sample = sample;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counted_windows_spread_over_the_segment() {
        // 10,000 documents in windows of 1,000: windows 0, 4 and 8 counted.
        let sample = Sample::windows(10_000, 1_000, 4);
        assert_eq!(sample.counted, 3_000);
        assert!(!sample.is_whole());
        assert_eq!(sample.scale(300), 1_000);
        // The last window is short: 8,500 documents, windows 0, 4 and 8 (500 documents).
        assert_eq!(Sample::windows(8_500, 1_000, 4).counted, 2_500);
        // A stride of one counts everything, and so does a segment of one window.
        assert!(Sample::windows(8_500, 1_000, 1).is_whole());
        assert!(Sample::windows(700, 1_000, 16).is_whole());
        assert!(Sample::windows(5, 1_000, 16).is_whole());
        assert_eq!(Sample::whole(5).scale(3), 3);
    }

    #[test]
    fn counting_samples_only_above_its_budget() {
        let counting = Counting {
            exact_postings: 100,
            stride: 8,
        };
        assert_eq!(counting.stride_for(100), 1);
        assert_eq!(counting.stride_for(101), 8);
        assert_eq!(Counting::EXACT.stride_for(u64::MAX), 1);
    }
}
