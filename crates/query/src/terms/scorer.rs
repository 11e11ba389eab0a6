//! The scorer of [`super::TermsQuery`]: a window of documents at a time, every term's postings
//! added into the window's table of scores; and the same loop passing over the documents that
//! cannot reach a threshold (see [`TermsScorer::for_each_competitive`]).

use std::sync::Arc;

use tantivy::fastfield::AliveBitSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, TERMINATED};

/// Documents scored at once.
const WINDOW: u32 = 4096;
const WORDS: usize = WINDOW as usize / 64;

/// How much a term's bound exceeds its weight: a BM25 term score is below its weight
/// (`freq / (freq + norm)` < 1), and the margin covers the rounding of sums of scores.
const BOUND_MARGIN: Score = 1.0 + 1e-4;

/// A term's postings, read a block at a time; `at` is the next document's place in the block.
pub(super) struct Cursor {
    pub(super) postings: BlockSegmentPostings,
    pub(super) at: usize,
    /// idf · (1 + K1) · boost.
    pub(super) weight: Score,
    /// Index of the term's field in [`TermsScorer::fields`].
    pub(super) field: usize,
}

impl Cursor {
    /// Moves to the next block while this one is used up; the next document, or `TERMINATED`.
    pub(super) fn settle(&mut self) -> DocId {
        loop {
            let docs = self.postings.docs();
            if docs.is_empty() {
                return TERMINATED;
            }
            if let Some(&doc) = docs.get(self.at) {
                return doc;
            }
            self.postings.advance();
            self.at = 0;
        }
    }

    /// What no document's score for this term exceeds (a term weighed below zero lowers
    /// scores, so adds at most nothing).
    fn bound(&self) -> Score {
        self.weight.max(0.0) * BOUND_MARGIN
    }

    /// Skips to the first document at or after `target`.
    fn seek(&mut self, target: DocId) {
        if self.settle() < target {
            self.at = self.postings.seek(target);
            self.settle();
        }
    }

    /// Calls `visit(slot, doc, freq)` for each document before `end` (`slot` counted from
    /// `first`), and stops at the first document at or after `end`.
    #[inline(always)]
    fn scan(&mut self, first: DocId, end: DocId, mut visit: impl FnMut(usize, DocId, Score)) {
        loop {
            let docs = self.postings.docs();
            if docs.is_empty() {
                return;
            }
            let freqs = self.postings.freqs();
            let mut at = self.at;
            while let Some(&doc) = docs.get(at) {
                if doc >= end {
                    break;
                }
                // A field indexed without frequencies counts each term once.
                let freq = freqs.get(at).copied().unwrap_or(1) as Score;
                visit((doc - first) as usize, doc, freq);
                at += 1;
            }
            if at < docs.len() {
                self.at = at;
                return;
            }
            self.postings.advance();
            self.at = 0;
        }
    }
}

/// The documents of a segment holding any matching term, in order, scored a window at a time.
pub(super) struct TermsScorer {
    /// The matching terms' cursors, the lightest first, then the bonus terms' (which only raise
    /// the scores of documents the matching terms hold).
    cursors: Vec<Cursor>,
    /// How many of `cursors` are matching terms.
    matching: usize,
    /// `lighter[i]`: the bound of the first `i` matching terms together.
    lighter: Vec<Score>,
    /// The bound of the bonus terms together.
    bonus: Score,
    /// Per field: the segment's fieldnorms and the norms by fieldnorm id.
    fields: Vec<(FieldNormReader, Arc<[Score; 256]>)>,
    /// First document of the window.
    start: DocId,
    /// Documents of the window holding a term, one bit each; a word is cleared as it is taken.
    bits: [u64; WORDS],
    /// Scores of the window's documents; an entry is cleared as it is taken.
    scores: Box<[Score; WINDOW as usize]>,
    /// The word of `bits` being taken, and its documents not yet taken.
    word: usize,
    pending: u64,
    doc: DocId,
    score: Score,
}

impl TermsScorer {
    /// A scorer over `cursors` (each settled on its first document) of which the first
    /// `matching` match documents and the others are bonus terms; before its first document.
    pub(super) fn new(
        mut cursors: Vec<Cursor>,
        matching: usize,
        fields: Vec<(FieldNormReader, Arc<[Score; 256]>)>,
    ) -> TermsScorer {
        cursors[..matching].sort_by(|a, b| a.weight.total_cmp(&b.weight));
        let mut lighter = Vec::with_capacity(matching + 1);
        let mut sum = 0.0;
        lighter.push(sum);
        for cursor in &cursors[..matching] {
            sum += cursor.bound();
            lighter.push(sum);
        }
        let bonus = cursors[matching..].iter().map(Cursor::bound).sum();
        TermsScorer {
            cursors,
            matching,
            lighter,
            bonus,
            fields,
            start: 0,
            bits: [0; WORDS],
            scores: Box::new([0.0; WINDOW as usize]),
            word: WORDS,
            pending: 0,
            doc: 0,
            score: 0.0,
        }
    }

    /// Scores the next window, from the first document any term still holds; false when none
    /// is left.
    ///
    /// Only documents scoring at least `threshold` need exact scores (MaxScore, a window at a
    /// time): the lightest matching terms whose bounds together (with the bonus terms') stay
    /// below it cannot bring a document there on their own, so they mark their documents as
    /// matching but add their scores only where the document's score so far and the bounds of
    /// the terms still to come reach the threshold. A document left short is below the
    /// threshold; every other score is exact.
    fn fill(&mut self, threshold: Score) -> bool {
        let TermsScorer {
            cursors,
            matching,
            lighter,
            bonus,
            fields,
            start,
            bits,
            scores,
            word,
            pending,
            ..
        } = self;
        let first = cursors
            .iter_mut()
            .map(Cursor::settle)
            .min()
            .unwrap_or(TERMINATED);
        if first == TERMINATED {
            return false;
        }
        let end = first.saturating_add(WINDOW);
        let (matching, bonus) = (*matching, *bonus);
        // The lightest terms that cannot lift a document to the threshold by themselves.
        let optional = lighter
            .partition_point(|&bound| bound + bonus < threshold)
            .saturating_sub(1);
        for cursor in &mut cursors[optional..matching] {
            let (lengths, norms) = &fields[cursor.field];
            let weight = cursor.weight;
            cursor.scan(first, end, |slot, doc, freq| {
                let norm = norms[lengths.fieldnorm_id(doc) as usize];
                scores[slot] += weight * (freq / (freq + norm));
                bits[slot / 64] |= 1 << (slot % 64);
            });
        }
        for at in (0..optional).rev() {
            let cursor = &mut cursors[at];
            let (lengths, norms) = &fields[cursor.field];
            let (weight, reach) = (cursor.weight, threshold - (lighter[at + 1] + bonus));
            cursor.scan(first, end, |slot, doc, freq| {
                bits[slot / 64] |= 1 << (slot % 64);
                if scores[slot] >= reach {
                    let norm = norms[lengths.fieldnorm_id(doc) as usize];
                    scores[slot] += weight * (freq / (freq + norm));
                }
            });
        }
        let mut still = bonus;
        for cursor in &mut cursors[matching..] {
            let (lengths, norms) = &fields[cursor.field];
            let (weight, reach) = (cursor.weight, threshold - still);
            cursor.scan(first, end, |slot, doc, freq| {
                if bits[slot / 64] & (1 << (slot % 64)) != 0 && scores[slot] >= reach {
                    let norm = norms[lengths.fieldnorm_id(doc) as usize];
                    scores[slot] += weight * (freq / (freq + norm));
                }
            });
            still -= cursor.bound();
        }
        *start = first;
        *word = 0;
        *pending = 0;
        true
    }

    /// Scores every document of the segment a window at a time, calls `every(doc)` for each
    /// live one and `collect(doc, score)` for each whose score reaches `threshold`, which
    /// `collect` returns again (raised as the hits it keeps allow; it never lowers it). The
    /// scorer must not have been advanced.
    pub(super) fn for_each_competitive(
        &mut self,
        alive: Option<&AliveBitSet>,
        mut threshold: Score,
        mut every: impl FnMut(DocId),
        mut collect: impl FnMut(DocId, Score) -> Score,
    ) {
        while self.fill(threshold) {
            for word in 0..WORDS {
                let mut pending = std::mem::take(&mut self.bits[word]);
                while pending != 0 {
                    let at = word * 64 + pending.trailing_zeros() as usize;
                    pending &= pending - 1;
                    let score = std::mem::take(&mut self.scores[at]);
                    let doc = self.start + at as DocId;
                    if alive.is_some_and(|alive| !alive.is_alive(doc)) {
                        continue;
                    }
                    every(doc);
                    if score >= threshold {
                        threshold = collect(doc, score);
                    }
                }
            }
        }
        self.doc = TERMINATED;
    }
}

impl DocSet for TermsScorer {
    fn advance(&mut self) -> DocId {
        loop {
            if self.pending != 0 {
                let bit = self.pending.trailing_zeros();
                self.pending &= self.pending - 1;
                let at = self.word * 64 + bit as usize;
                self.doc = self.start + at as DocId;
                self.score = std::mem::take(&mut self.scores[at]);
                return self.doc;
            }
            if self.word + 1 < WORDS {
                self.word += 1;
                self.pending = std::mem::take(&mut self.bits[self.word]);
                continue;
            }
            if !self.fill(Score::NEG_INFINITY) {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            self.pending = std::mem::take(&mut self.bits[0]);
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if target >= self.start.saturating_add(WINDOW) {
            // Past this window: drop what is left of it and skip every term's postings.
            self.bits = [0; WORDS];
            self.scores.fill(0.0);
            self.word = WORDS;
            self.pending = 0;
            for cursor in &mut self.cursors {
                cursor.seek(target);
            }
        }
        loop {
            let doc = self.advance();
            if doc >= target {
                return doc;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        let postings: u64 = self.cursors[..self.matching]
            .iter()
            .map(|cursor| u64::from(cursor.postings.doc_freq()))
            .sum();
        postings.min(u64::from(u32::MAX)) as u32
    }
}

impl Scorer for TermsScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
