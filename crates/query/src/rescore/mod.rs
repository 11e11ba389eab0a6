//! Rescoring the best hits by what the positions of the query's body bigrams say.
//!
//! Verbatim runs, proximity and the best passage read positions: evaluated on every hit they
//! would cost most of a search, because a long question matches nearly every document. They only
//! add to the score of documents the text query matches, so they are evaluated on the best
//! [`Ranking::rescore_window`] hits by the text query alone (Elasticsearch's rescore window),
//! which are then ordered again. A document outside the window keeps its place below the window.
//!
//! Each bigram's positions are read once per hit and serve every run, pair and the passage that
//! hold it. Runs and pairs score as tantivy's phrase queries would (BM25 over the phrase count,
//! with the summed idf of its bigrams); a test holds them to it.

mod kept;
mod positions;

use std::cmp::Ordering;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, Term};

pub(crate) use self::kept::{GramPositions, KeptPositions, Lists};
pub(crate) use self::positions::run_starts;
use self::positions::{near_count, passage_share, run_count, PassageWeights, Spans};
use crate::build::MAX_PROXIMITY_WORDS;
use crate::error::Result;
use crate::plan::Plan;
use crate::ranking::Ranking;
use crate::statistics::{idf, Statistics};

/// A hit's rank key: whether the query names it by number, then its score, then its place in its
/// segment's id order reversed (within a segment, ties go to the smaller id whatever order
/// documents were indexed in; ingest merges into one segment).
pub(crate) type Key = (bool, Score, u32);

/// A hit ranked by relevance.
pub(crate) type Scored = (Key, DocAddress);

/// What the best hits are rescored by: the query's distinct body bigrams, and the runs and
/// neighbouring pairs they form.
#[derive(Debug)]
pub(crate) struct Rescoring {
    /// The query's distinct body bigrams, in query order.
    grams: Vec<Term>,
    /// Runs of two or more bigrams (indices into `grams`), each scored where it stands verbatim.
    runs: Vec<Vec<usize>>,
    /// The last bigram of one part of the query and the first of the next, scored where they
    /// stand within [`Ranking::proximity_slop`] positions.
    pairs: Vec<(usize, usize)>,
    /// Whether each of `grams` is one of the plan's joins of two words.
    joins: Vec<bool>,
}

impl Rescoring {
    /// The rescoring of `plan` over the bigram field `body`. Parts (runs split by question words
    /// or punctuation) of a single character take no part in proximity; queries of more than
    /// [`MAX_PROXIMITY_WORDS`] parts get none: a pasted paragraph is matched by its runs.
    pub(crate) fn new(body: Field, plan: &Plan) -> Rescoring {
        let mut grams: Vec<Term> = Vec::new();
        let mut index_of = |gram: &String| {
            let term = Term::from_field_text(body, gram);
            match grams.iter().position(|known| *known == term) {
                Some(index) => index,
                None => {
                    grams.push(term);
                    grams.len() - 1
                }
            }
        };
        let indexed: Vec<Vec<usize>> = plan
            .runs
            .iter()
            .map(|run| run.iter().map(&mut index_of).collect())
            .collect();
        let runs = indexed
            .iter()
            .filter(|run| run.len() >= 2)
            .cloned()
            .collect();
        let parts: Vec<&Vec<usize>> = plan
            .runs
            .iter()
            .zip(&indexed)
            .filter(|(run, _)| run.first().is_some_and(|gram| gram.chars().count() >= 2))
            .map(|(_, indexed)| indexed)
            .collect();
        let mut pairs = Vec::new();
        if parts.len() <= MAX_PROXIMITY_WORDS {
            for pair in parts.windows(2) {
                if let (Some(&last), Some(&first)) = (pair[0].last(), pair[1].first()) {
                    pairs.push((last, first));
                }
            }
        }
        let joins = grams
            .iter()
            .map(|term| {
                term.value()
                    .as_str()
                    .is_some_and(|gram| plan.joins.contains(gram))
            })
            .collect();
        Rescoring {
            grams,
            runs,
            pairs,
            joins,
        }
    }

    /// Whether each of [`Rescoring::grams`] only joins two words of the question.
    pub(crate) fn joins(&self) -> &[bool] {
        &self.joins
    }

    /// The query's distinct body bigrams, in query order.
    pub(crate) fn grams(&self) -> &[Term] {
        &self.grams
    }

    /// The runs of two or more bigrams, as indices into [`Rescoring::grams`].
    pub(crate) fn runs(&self) -> &[Vec<usize>] {
        &self.runs
    }
}

/// The weights of one search's rescoring.
struct Weights {
    /// BM25 of each run's count, boosted by [`Ranking::run_boost`].
    runs: Vec<Bm25Weight>,
    /// BM25 of each pair's count, boosted by [`Ranking::proximity_boost`].
    pairs: Vec<Bm25Weight>,
    /// Each bigram's idf, for the passage share.
    passage: PassageWeights,
}

impl Weights {
    fn new(statistics: &Statistics, rescoring: &Rescoring, ranking: &Ranking) -> Result<Weights> {
        let phrase = |grams: &[usize], boost: f32| -> Result<Bm25Weight> {
            let terms: Vec<Term> = grams.iter().map(|&g| rescoring.grams[g].clone()).collect();
            Ok(Bm25Weight::for_terms(statistics, &terms)?.boost_by(boost))
        };
        let runs = rescoring
            .runs
            .iter()
            .map(|run| phrase(run, ranking.run_boost))
            .collect::<Result<_>>()?;
        let pairs = rescoring
            .pairs
            .iter()
            .map(|&(left, right)| phrase(&[left, right], ranking.proximity_boost))
            .collect::<Result<_>>()?;
        let docs = statistics.total_num_docs()?;
        let idf = rescoring
            .grams
            .iter()
            .map(|term| Ok(idf(statistics.doc_freq(term)?, docs)))
            .collect::<Result<Vec<f32>>>()?;
        Ok(Weights {
            runs,
            pairs,
            passage: PassageWeights::new(&idf),
        })
    }
}

/// Adds what the positions of `rescoring`'s bigrams say to the scores of `hits` (the best hits,
/// best first) and orders them again. The runs' and pairs' scores are raised by the length factor
/// of the document's body, as the text query's score was; the passage share, a fraction of the
/// query, is not. The positions read are added to `kept` when it is given.
pub(crate) fn rescore(
    statistics: &Statistics,
    searcher: &Searcher,
    rescoring: &Rescoring,
    ranking: &Ranking,
    hits: &mut [Scored],
    mut kept: Option<&mut KeptPositions>,
) -> Result<()> {
    let Some(body) = rescoring.grams.first().map(Term::field) else {
        return Ok(());
    };
    if hits.is_empty() {
        return Ok(());
    }
    let weights = Weights::new(statistics, rescoring, ranking)?;
    let passage_boost = ranking.passage_boost;
    // Postings only move forward: visit the hits segment by segment, in document order.
    let mut order: Vec<(DocAddress, usize)> = hits
        .iter()
        .enumerate()
        .map(|(index, hit)| (hit.1, index))
        .collect();
    order.sort_unstable();
    let mut positions: Vec<Vec<u32>> = vec![Vec::new(); rescoring.grams.len()];
    let (mut starts, mut spans) = (Vec::new(), Spans::default());
    for segment_hits in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let segment = searcher.segment_reader(segment_hits[0].0.segment_ord);
        let lengths = segment.get_fieldnorms_reader(body)?;
        let mut postings =
            open_postings(statistics, segment_hits[0].0.segment_ord, &rescoring.grams)?;
        for &(address, index) in segment_hits {
            let doc = address.doc_id;
            read_positions(&mut postings, doc, &mut positions);
            if let Some(kept) = kept.as_deref_mut() {
                kept.push(address, positions.iter().map(Vec::as_slice));
            }
            let of = |gram: usize| positions[gram].as_slice();
            let length_id = lengths.fieldnorm_id(doc);
            let mut added: Score = 0.0;
            for (run, weight) in rescoring.runs.iter().zip(&weights.runs) {
                let run: Vec<&[u32]> = run.iter().map(|&gram| of(gram)).collect();
                let count = run_count(&run, &mut starts);
                if count > 0 {
                    added += weight.score(length_id, count);
                }
            }
            for (&(left, right), weight) in rescoring.pairs.iter().zip(&weights.pairs) {
                let count = near_count(of(left), of(right), ranking.proximity_slop);
                if count > 0 {
                    added += weight.score(length_id, count);
                }
            }
            added *= ranking.length_factor(lengths.fieldnorm(doc));
            if passage_boost > 0.0 {
                let grams: Vec<&[u32]> = positions.iter().map(Vec::as_slice).collect();
                let share =
                    passage_share(&grams, &weights.passage, ranking.passage_width, &mut spans);
                added += passage_boost * share;
            }
            hits[index].0 .1 += added;
        }
    }
    hits.sort_by(best_first);
    Ok(())
}

/// The postings with positions of each of `grams` (terms of one field) in segment `ordinal` of
/// the searcher of `statistics`, from the dictionary entries the statistics already looked up.
pub(crate) fn open_postings(
    statistics: &Statistics,
    ordinal: SegmentOrdinal,
    grams: &[Term],
) -> Result<Vec<Option<SegmentPostings>>> {
    let Some(field) = grams.first().map(Term::field) else {
        return Ok(Vec::new());
    };
    let segment = statistics.searcher().segment_reader(ordinal);
    let inverted = segment.inverted_index(field)?;
    grams
        .iter()
        .map(|term| {
            let info = statistics.term_infos(term)?[ordinal as usize].clone();
            let postings = info
                .map(|info| {
                    inverted.read_postings_from_terminfo(
                        &info,
                        IndexRecordOption::WithFreqsAndPositions,
                    )
                })
                .transpose()
                .map_err(tantivy::TantivyError::from)?;
            Ok(postings)
        })
        .collect()
}

/// Each term's positions in document `doc` into `positions` (empty where it is absent). Postings
/// only move forward: documents are visited in order.
pub(crate) fn read_positions(
    postings: &mut [Option<SegmentPostings>],
    doc: DocId,
    positions: &mut [Vec<u32>],
) {
    for (postings, positions) in postings.iter_mut().zip(positions) {
        positions.clear();
        let Some(postings) = postings else { continue };
        if postings.doc() < doc {
            postings.seek(doc);
        }
        if postings.doc() == doc {
            postings.positions(positions);
        }
    }
}

/// Pinned hits first, then by score, then by id; equal keys in document order, as tantivy
/// breaks ties.
pub(crate) fn best_first(a: &Scored, b: &Scored) -> Ordering {
    let (key_a, key_b) = (a.0, b.0);
    key_b
        .0
        .cmp(&key_a.0)
        .then_with(|| key_b.1.total_cmp(&key_a.1))
        .then_with(|| key_b.2.cmp(&key_a.2))
        .then_with(|| a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use gongbao_core::{Document, GongbaoIndex, UserDictionary};
    use tantivy::collector::TopDocs;
    use tantivy::query::Query;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, TermQuery};

    use super::*;

    /// Rescores `hits`, every one of them, with the searcher's own statistics.
    fn rescore_all(
        searcher: &Searcher,
        rescoring: &Rescoring,
        ranking: &Ranking,
        hits: &mut [Scored],
    ) {
        let statistics = Statistics::new(searcher);
        rescore(&statistics, searcher, rescoring, ranking, hits, None).unwrap();
    }

    /// Bodies with 政务 and 公开 verbatim, apart, or only one of them, in two segments.
    const BODIES: [&[&str]; 2] = [
        &[
            "全面推进政务公开工作。",
            "政务服务事项清单向社会公开。",
            "依法公开。",
            "政务公开，政务公开，重在落实。",
        ],
        &[
            "推进政务信息化，做好信息公开。",
            "政务公开标准化规范化。",
            "加强政务数据共享。",
            "各部门按要求公开政务公开目录。",
        ],
    ];

    fn index() -> (tempfile::TempDir, GongbaoIndex) {
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        for (segment, bodies) in BODIES.iter().enumerate() {
            let documents: Vec<Document> = bodies
                .iter()
                .enumerate()
                .map(|(n, body)| Document {
                    id: format!("{segment}-{n}"),
                    title: "通知".to_owned(),
                    body: (*body).to_owned(),
                    ..Document::default()
                })
                .collect();
            index.add_documents(&documents).unwrap();
        }
        (dir, index)
    }

    #[test]
    fn runs_and_pairs_score_and_rank_as_tantivy_phrase_queries_would() {
        let (_dir, index) = index();
        let searcher = index.index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let grams = index.fields.body_grams;
        let term = |text: &str| Term::from_field_text(grams, text);
        let terms: Box<dyn Query> = Box::new(BooleanQuery::new(
            ["政务", "公开"]
                .iter()
                .map(|gram| {
                    let query = TermQuery::new(term(gram), IndexRecordOption::WithFreqs);
                    (Occur::Should, Box::new(query) as Box<dyn Query>)
                })
                .collect(),
        ));
        // The run 政务公开, and 政务 near 公开 (the pair of a query 政务 … 公开).
        let rescoring = Rescoring {
            grams: vec![term("政务"), term("务公"), term("公开")],
            runs: vec![vec![0, 1, 2]],
            pairs: vec![(0, 2)],
            joins: vec![false; 3],
        };
        let ranking = Ranking {
            passage_boost: 0.0,
            ..Ranking::default()
        };
        let run = PhraseQuery::new(vec![term("政务"), term("务公"), term("公开")]);
        let near = PhraseQuery::new_with_offset_and_slop(
            vec![(0, term("政务")), (1, term("公开"))],
            ranking.proximity_slop,
        );
        let whole = BooleanQuery::new(vec![
            (Occur::Should, terms.box_clone()),
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(run), ranking.run_boost)),
            ),
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(near), ranking.proximity_boost)),
            ),
        ]);
        let all = TopDocs::with_limit(10).order_by_score();
        let expected = searcher.search(&whole, &all).unwrap();

        let mut hits: Vec<Scored> = searcher
            .search(terms.as_ref(), &all)
            .unwrap()
            .into_iter()
            .map(|(score, address)| ((false, score, 0), address))
            .collect();
        assert_eq!(hits.len(), expected.len());
        rescore_all(&searcher, &rescoring, &ranking, &mut hits);

        for (((_, score, _), address), (expected_score, expected_address)) in
            hits.iter().zip(&expected)
        {
            assert_eq!(address, expected_address);
            assert!(
                (score - expected_score).abs() < 1e-4,
                "{score} {expected_score}"
            );
        }
        // The documents holding 政务公开 verbatim come first.
        let verbatim = BODIES
            .iter()
            .flat_map(|bodies| bodies.iter())
            .filter(|body| body.contains("政务公开"))
            .count();
        let stored = gongbao_core::StoredDocuments::new(&searcher, &index.fields);
        for (_, address) in &hits[..verbatim] {
            assert!(stored.document(*address).unwrap().body.contains("政务公开"));
        }
    }

    #[test]
    fn the_passage_raises_a_hit_by_the_share_of_the_query_it_holds() {
        let (_dir, index) = index();
        let searcher = index.index.reader().unwrap().searcher();
        let term = |text: &str| Term::from_field_text(index.fields.body_grams, text);
        // 政务 and 公开, rare, and 推进, which only two bodies hold.
        let rescoring = Rescoring {
            grams: vec![term("政务"), term("公开"), term("推进")],
            runs: Vec::new(),
            pairs: Vec::new(),
            joins: vec![false; 3],
        };
        let ranking = Ranking::default();
        let mut hits: Vec<Scored> = searcher
            .segment_readers()
            .iter()
            .enumerate()
            .flat_map(|(segment, reader)| {
                (0..reader.max_doc())
                    .map(move |doc| ((false, 0.0, 0), DocAddress::new(segment as u32, doc)))
            })
            .collect();
        rescore_all(&searcher, &rescoring, &ranking, &mut hits);
        // Every body is shorter than a passage: its share is the idf of the bigrams it holds over
        // the idf of all three. 政务 and 公开 stand in 7 of the 8 bodies, 推进 in 2.
        let idf = |holding: f32| (1.0 + (8.0 - holding + 0.5) / (holding + 0.5)).ln();
        let weights = [("政务", idf(7.0)), ("公开", idf(7.0)), ("推进", idf(2.0))];
        let total: f32 = weights.iter().map(|(_, weight)| weight).sum();
        let stored = gongbao_core::StoredDocuments::new(&searcher, &index.fields);
        for ((_, score, _), address) in &hits {
            let body = stored.document(*address).unwrap().body;
            let held: f32 = weights
                .iter()
                .filter(|(gram, _)| body.contains(gram))
                .map(|(_, weight)| weight)
                .sum();
            let share = score / ranking.passage_boost;
            assert!((share - held / total).abs() < 1e-5, "{body}: {share}");
        }
        // The two bodies holding 推进 come first.
        for (_, address) in &hits[..2] {
            assert!(stored.document(*address).unwrap().body.contains("推进"));
        }
        // Hits are ordered by the added scores.
        assert!(hits.windows(2).all(|pair| pair[0].0 .1 >= pair[1].0 .1));
    }

    #[test]
    fn pinned_hits_stay_first_and_ties_go_by_id_then_document() {
        let hit = |pinned, score, tie, doc| ((pinned, score, tie), DocAddress::new(0, doc));
        let mut hits = vec![
            hit(false, 2.0, 0, 3),
            hit(true, 0.5, 0, 7),
            hit(false, 2.0, 0, 1),
            hit(false, 2.0, 5, 9),
        ];
        hits.sort_by(best_first);
        let expected = vec![
            hit(true, 0.5, 0, 7),
            hit(false, 2.0, 5, 9),
            hit(false, 2.0, 0, 1),
            hit(false, 2.0, 0, 3),
        ];
        assert_eq!(hits, expected);
    }
}
