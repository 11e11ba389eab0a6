//! Weighted terms scored together: what a `BooleanQuery` of boosted `TermQuery` should-clauses
//! scores (the sum, over the terms a document holds, of each term's BM25 score times its weight),
//! computed a window of documents at a time.
//!
//! A long question becomes some seventy term clauses. As separate tantivy queries each clause
//! cost about a microsecond and a half before reading a posting (its own idf explanation and
//! table of length norms, a boxed weight and scorer moved into a union): about a fifth of a
//! search. Here the terms of one field share one table of norms, the query has one weight and one
//! scorer per segment, and each term's postings are read a block at a time into the window's
//! score table.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::statistics::idf;

/// BM25's term-frequency saturation, as tantivy's.
const K1: Score = 1.2;
/// BM25's length normalisation, as tantivy's.
const B: Score = 0.75;
/// Documents scored at once.
const WINDOW: u32 = 4096;
const WORDS: usize = WINDOW as usize / 64;

/// Documents holding any of the terms, scored by the sum of the weighted BM25 scores of the
/// terms they hold. A term listed twice counts twice, as two clauses would.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermsQuery {
    terms: Vec<(Term, Score)>,
}

impl TermsQuery {
    /// Adds `term` with `weight` (a clause's boost).
    pub(crate) fn push(&mut self, term: Term, weight: Score) {
        self.terms.push((term, weight));
    }

    /// Whether the query has no term (it matches nothing).
    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl Query for TermsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut fields: Vec<(Field, Arc<[Score; 256]>)> = Vec::new();
        let mut terms = Vec::with_capacity(self.terms.len());
        let docs = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => statistics_provider.total_num_docs()?,
            EnableScoring::Disabled { .. } => 0,
        };
        for (term, boost) in &self.terms {
            let field = term.field();
            let at = match fields.iter().position(|(known, _)| *known == field) {
                Some(at) => at,
                None => {
                    fields.push((field, norms(&scoring, field)?));
                    fields.len() - 1
                }
            };
            let mut weight = match scoring {
                EnableScoring::Enabled {
                    statistics_provider,
                    ..
                } => idf(statistics_provider.doc_freq(term)?, docs) * (1.0 + K1),
                EnableScoring::Disabled { .. } => 1.0,
            };
            // Multiplied as tantivy boosts a term's weight, so scores are the same numbers.
            if *boost != 1.0 {
                weight *= boost;
            }
            terms.push(WeightedTerm {
                term: term.clone(),
                weight,
                field: at,
            });
        }
        Ok(Box::new(TermsWeight { terms, fields }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.terms {
            visitor(term, false);
        }
    }
}

/// The length norm of each fieldnorm id of `field`: `K1 · (1 − B + B · length / average)`.
fn norms(scoring: &EnableScoring<'_>, field: Field) -> tantivy::Result<Arc<[Score; 256]>> {
    let average = match scoring {
        EnableScoring::Enabled {
            statistics_provider,
            ..
        } => {
            let tokens = statistics_provider.total_num_tokens(field)?;
            let docs = statistics_provider.total_num_docs()?;
            tokens as Score / docs as Score
        }
        EnableScoring::Disabled { .. } => 1.0,
    };
    let mut norms = [0.0; 256];
    for (id, norm) in norms.iter_mut().enumerate() {
        let length = FieldNormReader::id_to_fieldnorm(id as u8);
        *norm = K1 * (1.0 - B + B * length as Score / average);
    }
    Ok(Arc::new(norms))
}

struct WeightedTerm {
    term: Term,
    /// idf · (1 + K1) · boost.
    weight: Score,
    /// Index of the term's field in [`TermsWeight::fields`].
    field: usize,
}

struct TermsWeight {
    terms: Vec<WeightedTerm>,
    /// Each field of the terms with its norms.
    fields: Vec<(Field, Arc<[Score; 256]>)>,
}

impl Weight for TermsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for (field, norms) in &self.fields {
            let lengths = match reader.fieldnorms_readers().get_field(*field)? {
                Some(lengths) => lengths,
                None => FieldNormReader::constant(reader.max_doc(), 1),
            };
            fields.push((reader.inverted_index(*field)?, lengths, Arc::clone(norms)));
        }
        let mut cursors = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            let inverted = &fields[term.field].0;
            let Some(info) = inverted.get_term_info(&term.term)? else {
                continue;
            };
            let postings =
                inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
            let mut weight = term.weight;
            if boost != 1.0 {
                weight *= boost;
            }
            let mut cursor = Cursor {
                postings,
                at: 0,
                weight,
                field: term.field,
            };
            if cursor.settle() != TERMINATED {
                cursors.push(cursor);
            }
        }
        if cursors.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        let fields = fields
            .into_iter()
            .map(|(_, lengths, norms)| (lengths, norms))
            .collect();
        let mut scorer = TermsScorer {
            cursors,
            fields,
            start: 0,
            bits: [0; WORDS],
            scores: Box::new([0.0; WINDOW as usize]),
            word: WORDS,
            pending: 0,
            doc: 0,
            score: 0.0,
        };
        scorer.advance();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} holds none of the terms"
            )));
        }
        Ok(Explanation::new(
            "sum of the weighted BM25 scores of the terms held",
            scorer.score(),
        ))
    }
}

/// A term's postings, read a block at a time; `at` is the next document's place in the block.
struct Cursor {
    postings: BlockSegmentPostings,
    at: usize,
    weight: Score,
    field: usize,
}

impl Cursor {
    /// Moves to the next block while this one is used up; the next document, or `TERMINATED`.
    fn settle(&mut self) -> DocId {
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

    /// Skips to the first document at or after `target`.
    fn seek(&mut self, target: DocId) {
        if self.settle() < target {
            self.at = self.postings.seek(target);
            self.settle();
        }
    }
}

/// The documents of a segment holding any term, in order, scored a window at a time.
struct TermsScorer {
    cursors: Vec<Cursor>,
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
    /// Scores the next window, from the first document any term still holds; false when none
    /// is left.
    fn fill(&mut self) -> bool {
        let TermsScorer {
            cursors,
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
        for cursor in cursors.iter_mut() {
            let (lengths, norms) = &fields[cursor.field];
            loop {
                let docs = cursor.postings.docs();
                if docs.is_empty() {
                    break;
                }
                let freqs = cursor.postings.freqs();
                let mut at = cursor.at;
                while let Some(&doc) = docs.get(at) {
                    if doc >= end {
                        break;
                    }
                    // A field indexed without frequencies counts each term once.
                    let freq = freqs.get(at).copied().unwrap_or(1) as Score;
                    let norm = norms[lengths.fieldnorm_id(doc) as usize];
                    let slot = (doc - first) as usize;
                    scores[slot] += cursor.weight * (freq / (freq + norm));
                    bits[slot / 64] |= 1 << (slot % 64);
                    at += 1;
                }
                if at < docs.len() {
                    cursor.at = at;
                    break;
                }
                cursor.postings.advance();
                cursor.at = 0;
            }
        }
        *start = first;
        *word = 0;
        *pending = 0;
        true
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
            if !self.fill() {
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
        let postings: u64 = self
            .cursors
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use gongbao_core::{Document, GongbaoIndex, UserDictionary};
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::{DocAddress, Searcher, TantivyDocument};

    use super::*;

    const PHRASES: [&str; 6] = [
        "全面推进政务公开工作",
        "政务服务事项清单向社会公开",
        "依法公开政府信息",
        "加强政务数据共享",
        "推进政务信息化，做好信息公开",
        "各部门按要求公开政务公开目录",
    ];

    /// Documents with a rare title. Seeking from the second to the third skips to the next window
    /// of the first segment, whose documents take places that the first window left scored or
    /// marked; 4337 holds none of the terms, but its place is that of 137, which does.
    const RARE: [usize; 6] = [0, 100, 4200, 4337, 4350, 4700];

    /// Whether document `n` holds none of the terms of the tests.
    fn unrelated(n: usize) -> bool {
        n % 9 == 8
    }

    /// Two segments, the first longer than a window.
    fn index() -> (tempfile::TempDir, GongbaoIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        let documents: Vec<Document> = (0..5000)
            .map(|n| {
                let (title, body) = if unrelated(n) {
                    ("决定", "本决定自发布之日起施行。".to_owned())
                } else {
                    let body = format!(
                        "{}。{}",
                        PHRASES[n % PHRASES.len()],
                        PHRASES[n % 4].repeat(1 + n % 3)
                    );
                    ("通知", body)
                };
                let title = if RARE.contains(&n) {
                    format!("特别{title}")
                } else {
                    title.to_owned()
                };
                Document {
                    id: format!("{n:05}"),
                    title,
                    body,
                    ..Document::default()
                }
            })
            .collect();
        // One writer thread with room for every document: the first segment spans two windows.
        let mut writer = index
            .index
            .writer_with_num_threads::<TantivyDocument>(1, 200_000_000)
            .unwrap();
        for (n, document) in documents.iter().enumerate() {
            writer
                .add_document(index.fields.to_tantivy(document).unwrap())
                .unwrap();
            if n == 4499 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        (dir, index)
    }

    /// Every hit of `query` with its score.
    fn scores(searcher: &Searcher, query: &dyn Query) -> BTreeMap<DocAddress, Score> {
        let all = TopDocs::with_limit(10_000).order_by_score();
        let hits = searcher.search(query, &all).unwrap();
        hits.into_iter()
            .map(|(score, address)| (address, score))
            .collect()
    }

    fn assert_same(found: &BTreeMap<DocAddress, Score>, expected: &BTreeMap<DocAddress, Score>) {
        assert_eq!(found.len(), expected.len());
        for ((address, score), (expected_address, expected_score)) in found.iter().zip(expected) {
            assert_eq!(address, expected_address);
            let tolerance = 1e-5 * expected_score.abs().max(1.0);
            assert!(
                (score - expected_score).abs() <= tolerance,
                "{address:?}: {score} vs {expected_score}"
            );
        }
    }

    #[test]
    fn scores_are_those_of_a_boolean_query_of_boosted_term_clauses() {
        let (_dir, index) = index();
        let searcher = index.index.reader().unwrap().searcher();
        let sizes: Vec<u32> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.max_doc())
            .collect();
        assert_eq!(sizes, [4500, 500]);
        let fields = &index.fields;
        let weighted = [
            (fields.body_grams, "政务", 1.0),
            (fields.body_grams, "公开", 1.0),
            (fields.body_grams, "信息", 0.7),
            (fields.title_grams, "通知", 0.3),
            (fields.body, "政务", 1.0),
            (fields.body_grams, "立法", 1.0),
            (fields.body_grams, "公开", 1.0),
        ];
        let mut terms = TermsQuery::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, text, boost) in weighted {
            let term = Term::from_field_text(field, text);
            terms.push(term.clone(), boost);
            let clause = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            clauses.push((Occur::Should, Box::new(BoostQuery::new(clause, boost))));
        }
        let expected = scores(&searcher, &BooleanQuery::new(clauses));
        let related = (0..5000).filter(|&n| !unrelated(n)).count();
        assert_eq!(expected.len(), related);
        assert_same(&scores(&searcher, &terms), &expected);

        // Intersected with a rare title word, the query is skipped through (seek) across windows.
        let rare = || -> Box<dyn Query> {
            let term = Term::from_field_text(fields.title_grams, "特别");
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
        };
        let reference = BooleanQuery::new(vec![
            (Occur::Must, rare()),
            (
                Occur::Must,
                Box::new(BooleanQuery::new(
                    weighted
                        .iter()
                        .map(|&(field, text, boost)| {
                            let term = Term::from_field_text(field, text);
                            let clause = TermQuery::new(term, IndexRecordOption::WithFreqs);
                            let clause: Box<dyn Query> =
                                Box::new(BoostQuery::new(Box::new(clause), boost));
                            (Occur::Should, clause)
                        })
                        .collect(),
                )),
            ),
        ]);
        let expected = scores(&searcher, &reference);
        let rare_related = RARE.iter().filter(|&&n| !unrelated(n)).count();
        assert_eq!(expected.len(), rare_related, "{expected:?}");
        let intersected =
            BooleanQuery::new(vec![(Occur::Must, rare()), (Occur::Must, Box::new(terms))]);
        assert_same(&scores(&searcher, &intersected), &expected);
    }

    #[test]
    fn a_query_of_unknown_terms_matches_nothing_and_explains_a_hit() {
        let (_dir, index) = index();
        let searcher = index.index.reader().unwrap().searcher();
        let mut unknown = TermsQuery::default();
        unknown.push(Term::from_field_text(index.fields.body_grams, "立法"), 1.0);
        assert!(scores(&searcher, &unknown).is_empty());
        assert!(scores(&searcher, &TermsQuery::default()).is_empty());

        let mut known = TermsQuery::default();
        known.push(Term::from_field_text(index.fields.body_grams, "共享"), 1.0);
        let hits = scores(&searcher, &known);
        let (&address, &score) = hits.iter().next().unwrap();
        let explanation = known.explain(&searcher, address).unwrap();
        assert!((explanation.value() - score).abs() < 1e-6);
    }
}
