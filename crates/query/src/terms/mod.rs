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
//!
//! Over a million documents nearly every one matches a long question and few can rank:
//! [`TermsQuery::search_best`] hands every match to the counting collectors but only those that
//! reach the best hits' [`Threshold`] to them, and lets the lightest terms of a window skip the
//! scoring of documents already out of reach (MaxScore).

mod sample;
mod scorer;

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::statistics::{idf, Statistics, TermInfos};
pub(crate) use sample::{Counting, Sample, Sampled, Total};
use scorer::{Cursor, TermsScorer, WINDOW};

/// BM25's term-frequency saturation, as tantivy's.
const K1: Score = 1.2;
/// BM25's length normalisation, as tantivy's.
const B: Score = 0.75;

/// Documents holding any of the matching terms, scored by the sum of the weighted BM25 scores of
/// the terms they hold (bonus terms included). A term listed twice counts twice, as two clauses
/// would.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermsQuery {
    terms: Vec<QueryTerm>,
}

#[derive(Debug, Clone)]
struct QueryTerm {
    term: Term,
    boost: Score,
    /// Raises the score of documents the other terms match, matches none by itself: what a
    /// should-clause beside a must-clause does.
    bonus: bool,
}

impl TermsQuery {
    /// Adds `term` with `weight` (a clause's boost).
    pub(crate) fn push(&mut self, term: Term, weight: Score) {
        self.terms.push(QueryTerm {
            term,
            boost: weight,
            bonus: false,
        });
    }

    /// Adds `term` with `weight` as a bonus: it adds its score to documents the other terms
    /// match and matches nothing by itself.
    pub(crate) fn push_bonus(&mut self, term: Term, weight: Score) {
        self.terms.push(QueryTerm {
            term,
            boost: weight,
            bonus: true,
        });
    }

    /// Whether the query has no matching term (it matches nothing).
    pub(crate) fn is_empty(&self) -> bool {
        self.terms.iter().all(|term| term.bonus)
    }

    /// What `every` makes of all the documents the query matches and the hits `best` keeps of
    /// them: what `searcher.search(self, &(every, best))` gives, without scoring exactly or
    /// handing to `best` the documents scored below its [`Threshold`] (`every` takes each match
    /// unscored, as a counter or facet counts do), and whether every match was counted.
    ///
    /// A segment whose matching terms hold more postings than `counting` allows is counted
    /// from a sample of its windows (see [`sample`]): `every` sees the matches of those
    /// windows and scales its counts; the best hits are the same.
    ///
    /// Each term is looked up in the segments' dictionaries once, for its statistics and its
    /// postings both.
    pub(crate) fn search_best<E, C>(
        &self,
        statistics: &Statistics,
        counting: Counting,
        every: &E,
        best: &C,
    ) -> tantivy::Result<(E::Fruit, C::Fruit, bool)>
    where
        E: Collector,
        E::Child: Sampled,
        C: Collector,
        C::Child: Threshold,
    {
        let searcher = statistics.searcher();
        let scoring = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
        let weight = self.terms_weight(scoring, Some(statistics))?;
        let segments = searcher.segment_readers();
        let (mut all, mut kept) = (
            Vec::with_capacity(segments.len()),
            Vec::with_capacity(segments.len()),
        );
        let mut carried: Option<Score> = None;
        let mut exact = true;
        for (ord, reader) in segments.iter().enumerate() {
            let mut matches = every.for_segment(ord as u32, reader)?;
            let mut child = best.for_segment(ord as u32, reader)?;
            if let Some(carried) = carried {
                child.carry(carried);
            }
            if let Some(mut scorer) = weight.terms_scorer(reader, Some(ord), 1.0)? {
                let threshold = child.threshold();
                let stride = counting.stride_for(scorer.postings());
                let sample = Sample::windows(reader.max_doc(), WINDOW, stride);
                if !sample.is_whole() {
                    matches.sampled(sample);
                    exact = false;
                }
                scorer.for_each_competitive(
                    reader.alive_bitset(),
                    threshold,
                    stride,
                    |doc| matches.collect(doc, 0.0),
                    |doc, score| {
                        child.collect(doc, score);
                        child.threshold()
                    },
                );
            }
            // A collector carries on what it was given.
            carried = child.carried().or(carried);
            all.push(matches.harvest());
            kept.push(child.harvest());
        }
        Ok((every.merge_fruits(all)?, best.merge_fruits(kept)?, exact))
    }

    /// The weight of the query; with the `statistics` of the searcher it will score, it keeps
    /// each term's dictionary entries.
    fn terms_weight(
        &self,
        scoring: EnableScoring<'_>,
        statistics: Option<&Statistics>,
    ) -> tantivy::Result<TermsWeight> {
        let mut fields: Vec<(Field, Arc<[Score; 256]>)> = Vec::new();
        let mut terms = Vec::with_capacity(self.terms.len());
        let docs = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => statistics_provider.total_num_docs()?,
            EnableScoring::Disabled { .. } => 0,
        };
        for QueryTerm { term, boost, bonus } in &self.terms {
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
                bonus: *bonus,
                infos: statistics.map(|s| s.term_infos(term)).transpose()?,
            });
        }
        Ok(TermsWeight { terms, fields })
    }
}

/// A segment's collector that can tell the least score a document needs to be kept now, and
/// what the segments after it can start from.
pub(crate) trait Threshold: SegmentCollector {
    /// Documents scored below this would be passed over by [`SegmentCollector::collect`]; it
    /// never falls as documents are collected.
    fn threshold(&self) -> Score;

    /// What this segment's kept hits tell the collectors of the segments after it (a document
    /// of theirs below it cannot be among the best either), or `None` when nothing yet.
    fn carried(&self) -> Option<Score>;

    /// Starts from what an earlier segment's collector [`Threshold::carried`].
    fn carry(&mut self, carried: Score);
}

impl Query for TermsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.terms_weight(scoring, None)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(&term.term, false);
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
    /// A bonus term ([`TermsQuery::push_bonus`]).
    bonus: bool,
    /// The term's entry in each segment's dictionary, when the weight was built with them.
    infos: Option<TermInfos>,
}

struct TermsWeight {
    terms: Vec<WeightedTerm>,
    /// Each field of the terms with its norms.
    fields: Vec<(Field, Arc<[Score; 256]>)>,
}

impl TermsWeight {
    /// The scorer of `reader`'s documents, before its first document; `None` when no matching
    /// term is in the segment. `ord` is the segment's place in the searcher whose dictionary
    /// entries the weight keeps, if it keeps them.
    fn terms_scorer(
        &self,
        reader: &SegmentReader,
        ord: Option<usize>,
        boost: Score,
    ) -> tantivy::Result<Option<TermsScorer>> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for (field, norms) in &self.fields {
            let lengths = match reader.fieldnorms_readers().get_field(*field)? {
                Some(lengths) => lengths,
                None => FieldNormReader::constant(reader.max_doc(), 1),
            };
            fields.push((reader.inverted_index(*field)?, lengths, Arc::clone(norms)));
        }
        let (mut matching, mut bonus) = (Vec::with_capacity(self.terms.len()), Vec::new());
        for term in &self.terms {
            let inverted = &fields[term.field].0;
            let info = match (&term.infos, ord) {
                (Some(infos), Some(ord)) => infos[ord].clone(),
                _ => inverted.get_term_info(&term.term)?,
            };
            let Some(info) = info else {
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
                if term.bonus {
                    &mut bonus
                } else {
                    &mut matching
                }
                .push(cursor);
            }
        }
        if matching.is_empty() {
            return Ok(None);
        }
        let fields = fields
            .into_iter()
            .map(|(_, lengths, norms)| (lengths, norms))
            .collect();
        let count = matching.len();
        matching.append(&mut bonus);
        Ok(Some(TermsScorer::new(
            matching,
            count,
            fields,
            reader.max_doc(),
        )))
    }
}

impl Weight for TermsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        match self.terms_scorer(reader, None, boost)? {
            Some(mut scorer) => {
                scorer.advance();
                Ok(Box::new(scorer))
            }
            None => Ok(Box::new(EmptyScorer)),
        }
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

#[cfg(test)]
mod tests;
