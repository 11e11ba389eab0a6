//! Rescoring the best hits with the clauses that read positions.
//!
//! Verbatim runs and proximity are phrase queries over the body's bigrams: evaluated on every
//! hit they cost about half of a search, because a long question matches nearly every document.
//! They only add to the score of documents the text query matches, so they are evaluated on the
//! best [`Ranking::rescore_window`] hits by the text query alone (Elasticsearch's rescore
//! window), which are then ordered again. A document outside the window keeps its place below
//! the window.

use std::cmp::Ordering;

use tantivy::query::{EnableScoring, Query};
use tantivy::schema::Field;
use tantivy::{DocAddress, DocSet, Score, Searcher, SeekDangerResult};

use crate::error::Result;
use crate::ranking::Ranking;
use crate::statistics::Statistics;

/// A hit's rank key: whether the query names it by number, then its score, then its place in its
/// segment's id order reversed (within a segment, ties go to the smaller id whatever order
/// documents were indexed in; ingest merges into one segment).
pub(crate) type Key = (bool, Score, u32);

/// A hit ranked by relevance.
pub(crate) type Scored = (Key, DocAddress);

/// Adds the scores of `clauses` to `hits` (the best hits, best first) and orders them again.
/// Each added score is raised by the length factor of the document's body (`body`, the bigram
/// field whose length counts), as the text query's score was.
pub(crate) fn rescore(
    statistics: &Statistics,
    searcher: &Searcher,
    clauses: &[Box<dyn Query>],
    body: Field,
    hits: &mut [Scored],
) -> Result<()> {
    if clauses.is_empty() || hits.is_empty() {
        return Ok(());
    }
    let ranking = Ranking::current();
    let scoring = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
    let weights = clauses
        .iter()
        .map(|clause| clause.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // Scorers only move forward: visit the hits segment by segment, in document order.
    let mut order: Vec<(DocAddress, usize)> = hits
        .iter()
        .enumerate()
        .map(|(index, hit)| (hit.1, index))
        .collect();
    order.sort_unstable();
    for segment_hits in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let segment = searcher.segment_reader(segment_hits[0].0.segment_ord);
        let lengths = segment.get_fieldnorms_reader(body)?;
        let mut added: Vec<Score> = vec![0.0; segment_hits.len()];
        let first = segment_hits[0].0.doc_id;
        for weight in &weights {
            // A phrase scorer's `seek` runs on to the next match, which costs what scoring every
            // hit would; `seek_danger` only says whether the hit itself matches.
            let (mut found, mut scorer) = weight.scorer_danger(segment, first, 1.0)?;
            for (slot, (address, _)) in segment_hits.iter().enumerate() {
                if slot > 0 {
                    found = match found {
                        SeekDangerResult::SeekLowerBound(bound) if bound > address.doc_id => found,
                        _ => scorer.seek_danger(address.doc_id),
                    };
                }
                if found == SeekDangerResult::Found {
                    added[slot] += scorer.score();
                }
            }
        }
        for (&(address, index), added) in segment_hits.iter().zip(added) {
            let length = lengths.fieldnorm(address.doc_id);
            hits[index].0 .1 += added * ranking.length_factor(length);
        }
    }
    hits.sort_by(best_first);
    Ok(())
}

/// Pinned hits first, then by score, then by id; equal keys in document order, as tantivy
/// breaks ties.
fn best_first(a: &Scored, b: &Scored) -> Ordering {
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
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;

    use super::*;

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
    fn rescored_hits_score_and_rank_as_the_whole_query_would() {
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
        let phrase = PhraseQuery::new(vec![term("政务"), term("务公"), term("公开")]);
        let clauses: Vec<Box<dyn Query>> = vec![Box::new(BoostQuery::new(Box::new(phrase), 0.5))];
        let whole = BooleanQuery::new(vec![
            (Occur::Should, terms.box_clone()),
            (Occur::Should, clauses[0].box_clone()),
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
        let statistics = Statistics::new(&searcher);
        rescore(&statistics, &searcher, &clauses, grams, &mut hits).unwrap();

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
