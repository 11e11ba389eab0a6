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
pub(super) const WINDOW: u32 = 4096;
const WORDS: usize = WINDOW as usize / 64;

/// What looking a term up in one document costs, in postings read in order: an optional term
/// is looked up in the documents still in reach only when they are fewer than its postings in
/// the window over this.
const LOOKUP_COST: u64 = 4;

/// How much a term's bound exceeds its weight: a BM25 term score is below its weight
/// (`freq / (freq + norm)` < 1), and the margin covers the rounding of sums of scores.
const BOUND_MARGIN: Score = 1.0 + 1e-4;

/// A field's lengths by document and its length norms by fieldnorm id.
pub(super) type LengthNorms = (FieldNormReader, Arc<[Score; 256]>);

/// A term's score in `doc`, which holds it `freq` times: `weight · freq / (freq + norm)`.
#[inline(always)]
fn term_score(weight: Score, (lengths, norms): &LengthNorms, doc: DocId, freq: Score) -> Score {
    let norm = norms[lengths.fieldnorm_id(doc) as usize];
    weight * (freq / (freq + norm))
}

/// Adds `cursor`'s scores of the window from `start` to the documents marked in `bits` whose
/// score so far reaches `reach`.
#[inline(always)]
fn add_to_marked(
    cursor: &mut Cursor,
    start: DocId,
    field: &LengthNorms,
    bits: &[u64; WORDS],
    scores: &mut [Score; WINDOW as usize],
    reach: Score,
) {
    let weight = cursor.weight;
    cursor.seek(start);
    cursor.scan(start, start.saturating_add(WINDOW), |slot, doc, freq| {
        if bits[slot / 64] & (1 << (slot % 64)) != 0 && scores[slot] >= reach {
            scores[slot] += term_score(weight, field, doc, freq);
        }
    });
}

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

    /// The frequency of `target`, or `None` when the term is not in it; moves to the first
    /// document at or after `target`, skipping whole blocks through the skip list. Targets
    /// must not decrease.
    fn probe(&mut self, target: DocId) -> Option<Score> {
        let docs = self.postings.docs();
        match docs.last() {
            None => return None,
            Some(&last) if last >= target => {
                let mut at = self.at;
                while docs[at] < target {
                    at += 1;
                }
                self.at = at;
            }
            Some(_) => {
                self.at = self.postings.seek(target);
                if self.settle() == TERMINATED {
                    return None;
                }
            }
        }
        let at = self.at;
        (self.postings.docs()[at] == target)
            .then(|| self.postings.freqs().get(at).copied().unwrap_or(1) as Score)
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
    fields: Vec<LengthNorms>,
    /// First document of the window.
    start: DocId,
    /// Documents of the window holding a term, one bit each; a word is cleared as it is taken.
    bits: [u64; WORDS],
    /// Scores of the window's documents; an entry is cleared as it is taken.
    scores: Box<[Score; WINDOW as usize]>,
    /// The window's documents the optional terms are looked up in (see [`TermsScorer::fill`]).
    candidates: Vec<u16>,
    /// Documents of the segment.
    max_doc: DocId,
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
        fields: Vec<LengthNorms>,
        max_doc: DocId,
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
            candidates: Vec::new(),
            max_doc,
            word: WORDS,
            pending: 0,
            doc: 0,
            score: 0.0,
        }
    }

    /// The number of lightest matching terms that cannot lift a document to `threshold` by
    /// themselves (with the bonus terms'): the optional terms of MaxScore.
    fn optional(&self, threshold: Score) -> usize {
        self.lighter
            .partition_point(|&bound| bound + self.bonus < threshold)
            .saturating_sub(1)
    }

    /// The postings of the matching terms: what reading every match costs.
    pub(super) fn postings(&self) -> u64 {
        self.cursors[..self.matching]
            .iter()
            .map(|cursor| u64::from(cursor.postings.doc_freq()))
            .sum()
    }

    /// Scores the window of documents from `start`.
    ///
    /// Only documents scoring at least `threshold` need exact scores (MaxScore, a window at a
    /// time): the lightest matching terms whose bounds together (with the bonus terms') stay
    /// below it cannot bring a document there on their own, so they add their scores only where
    /// the document's score so far and the bounds of the terms still to come reach the
    /// threshold. A document left short is below the threshold; every other score is exact.
    ///
    /// When `every` is set, those optional terms read all their postings of the window and mark
    /// their documents, so the window's marks are every match; otherwise only the other terms
    /// mark documents, and an optional term adds its score to the marked documents that can
    /// still reach the threshold: looked up in each, skipping the blocks of postings in
    /// between, when they are few against its postings, else read in order.
    fn fill(&mut self, start: DocId, threshold: Score, every: bool) {
        let optional = self.optional(threshold);
        let TermsScorer {
            cursors,
            matching,
            lighter,
            bonus,
            fields,
            bits,
            scores,
            candidates,
            max_doc,
            ..
        } = self;
        let end = start.saturating_add(WINDOW);
        let (matching, bonus) = (*matching, *bonus);
        for cursor in &mut cursors[optional..matching] {
            let field = &fields[cursor.field];
            let weight = cursor.weight;
            cursor.seek(start);
            cursor.scan(start, end, |slot, doc, freq| {
                scores[slot] += term_score(weight, field, doc, freq);
                bits[slot / 64] |= 1 << (slot % 64);
            });
        }
        if every {
            for at in (0..optional).rev() {
                let cursor = &mut cursors[at];
                let field = &fields[cursor.field];
                let (weight, reach) = (cursor.weight, threshold - (lighter[at + 1] + bonus));
                cursor.seek(start);
                cursor.scan(start, end, |slot, doc, freq| {
                    bits[slot / 64] |= 1 << (slot % 64);
                    if scores[slot] >= reach {
                        scores[slot] += term_score(weight, field, doc, freq);
                    }
                });
            }
        } else if optional > 0 {
            // The marked documents the optional terms could lift to the threshold; each term,
            // heaviest first, keeps those still in reach with its bound and the lighter ones'.
            candidates.clear();
            let reach = threshold - (lighter[optional] + bonus);
            for (at, &word) in bits.iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let slot = at * 64 + word.trailing_zeros() as usize;
                    word &= word - 1;
                    if scores[slot] >= reach {
                        candidates.push(slot as u16);
                    }
                }
            }
            for at in (0..optional).rev() {
                if candidates.is_empty() {
                    break;
                }
                let cursor = &mut cursors[at];
                let field = &fields[cursor.field];
                let (weight, reach) = (cursor.weight, threshold - (lighter[at + 1] + bonus));
                let in_window = u64::from(cursor.postings.doc_freq()) * u64::from(WINDOW)
                    / u64::from((*max_doc).max(1));
                if candidates.len() as u64 * LOOKUP_COST > in_window {
                    add_to_marked(cursor, start, field, bits, scores, reach);
                    candidates.retain(|&slot| scores[slot as usize] >= reach);
                    continue;
                }
                let mut kept = 0;
                for next in 0..candidates.len() {
                    let slot = candidates[next] as usize;
                    if scores[slot] < reach {
                        continue;
                    }
                    let doc = start + slot as DocId;
                    if let Some(freq) = cursor.probe(doc) {
                        scores[slot] += term_score(weight, field, doc, freq);
                    }
                    candidates[kept] = slot as u16;
                    kept += 1;
                }
                candidates.truncate(kept);
            }
        }
        let mut still = bonus;
        for cursor in &mut cursors[matching..] {
            add_to_marked(
                cursor,
                start,
                &fields[cursor.field],
                bits,
                scores,
                threshold - still,
            );
            still -= cursor.bound();
        }
        self.start = start;
        self.word = 0;
        self.pending = 0;
    }

    /// The first document any of `cursors` still holds, or `None`.
    fn first(cursors: &mut [Cursor]) -> Option<DocId> {
        let first = cursors.iter_mut().map(Cursor::settle).min()?;
        (first != TERMINATED).then_some(first)
    }

    /// Scores every document of the segment a window at a time, calls `every(doc)` for each
    /// live match of the counted windows and `collect(doc, score)` for each live document whose
    /// score reaches `threshold`, which `collect` returns again (raised as the hits it keeps
    /// allow; it never lowers it). The scorer must not have been advanced.
    ///
    /// The windows are a grid of doc ids; those whose number is a multiple of `stride` are
    /// counted (all of them when it is 1: every match goes to `every`). The others only score
    /// the documents that can reach the threshold, and are passed over where the terms that
    /// can lift a document there hold nothing.
    pub(super) fn for_each_competitive(
        &mut self,
        alive: Option<&AliveBitSet>,
        mut threshold: Score,
        stride: u32,
        mut every: impl FnMut(DocId),
        mut collect: impl FnMut(DocId, Score) -> Score,
    ) {
        let stride = stride.max(1);
        // The first window of the grid not yet scored.
        let mut next = 0;
        while let Some(any) = Self::first(&mut self.cursors[..self.matching]) {
            // Optional terms fall behind in windows not counted: `any` may be before `next`.
            let counted = (any / WINDOW).max(next).next_multiple_of(stride);
            let reaching = match stride {
                1 => None,
                // The first window where a term that can lift a document to the threshold holds
                // one.
                _ => {
                    let optional = self.optional(threshold);
                    Self::first(&mut self.cursors[optional..self.matching])
                }
            };
            let window = reaching.map_or(counted, |reaching| counted.min(reaching / WINDOW));
            let counting = window.is_multiple_of(stride);
            self.fill(window * WINDOW, threshold, counting);
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
                    if counting {
                        every(doc);
                    }
                    if score >= threshold {
                        threshold = collect(doc, score);
                    }
                }
            }
            next = window + 1;
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
            let Some(first) = Self::first(&mut self.cursors) else {
                self.doc = TERMINATED;
                return TERMINATED;
            };
            self.fill(first, Score::NEG_INFINITY, true);
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
        self.postings().min(u64::from(u32::MAX)) as u32
    }
}

impl Scorer for TermsScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
