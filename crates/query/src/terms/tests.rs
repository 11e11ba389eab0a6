use std::collections::BTreeMap;

use gongbao_core::{Document, Fields, GongbaoIndex, UserDictionary};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
use tantivy::{DocAddress, Searcher, SegmentReader, TantivyDocument};

use super::*;
use crate::best::BestHits;
use crate::rescore::Scored;
use crate::statistics::Statistics;

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

/// Test document `n`: related ones hold some of the phrases, some of them repeated.
fn document(n: usize) -> Document {
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
}

/// Test document `n` of phrases and filler drawn by a hash of `n`: lengths and terms vary, and
/// one in five has the rare title.
fn mixed(n: usize) -> Document {
    let hash = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
    let phrases =
        (0..1 + hash % 4).map(|k| PHRASES[(hash >> (3 * k + 2)) as usize % PHRASES.len()]);
    let filler = "本决定自发布之日起施行。".repeat((hash >> 16) as usize % 5);
    Document {
        id: format!("{n:05}"),
        title: if hash.is_multiple_of(5) {
            "特别通知"
        } else {
            "通知"
        }
        .to_owned(),
        body: phrases.collect::<Vec<_>>().join("。") + &filler,
        ..Document::default()
    }
}

/// Two segments, the first longer than a window.
fn index() -> (tempfile::TempDir, GongbaoIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let documents: Vec<Document> = (0..5000).map(document).collect();
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

/// The weighted terms of the tests: a term twice, one in no document, one of a title field and
/// one of a field without positions.
fn weighted(fields: &Fields) -> [(Field, &'static str, Score); 7] {
    [
        (fields.body_grams, "政务", 1.0),
        (fields.body_grams, "公开", 1.0),
        (fields.body_grams, "信息", 0.7),
        (fields.title_grams, "通知", 0.3),
        (fields.body, "政务", 1.0),
        (fields.body_grams, "立法", 1.0),
        (fields.body_grams, "公开", 1.0),
    ]
}

/// `weighted` as one query of terms and as a boolean query of boosted term clauses.
fn queries(weighted: &[(Field, &str, Score)]) -> (TermsQuery, BooleanQuery) {
    let mut terms = TermsQuery::default();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for &(field, text, boost) in weighted {
        let term = Term::from_field_text(field, text);
        terms.push(term.clone(), boost);
        let clause = Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
        clauses.push((Occur::Should, Box::new(BoostQuery::new(clause, boost))));
    }
    (terms, BooleanQuery::new(clauses))
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
    let weighted = weighted(fields);
    let (terms, clauses) = queries(&weighted);
    let expected = scores(&searcher, &clauses);
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

/// The bonus weight of the rare title: small enough that the light terms can be passed over.
const BONUS: Score = 0.2;

/// `weighted` with a bonus for the rare title 特别.
fn with_bonus(fields: &Fields) -> (TermsQuery, BooleanQuery) {
    let (mut terms, clauses) = queries(&weighted(fields));
    let rare = Term::from_field_text(fields.title_grams, "特别");
    terms.push_bonus(rare.clone(), BONUS);
    let rare = Box::new(TermQuery::new(rare, IndexRecordOption::WithFreqs));
    let reference = BooleanQuery::new(vec![
        (Occur::Must, Box::new(clauses) as Box<dyn Query>),
        (Occur::Should, Box::new(BoostQuery::new(rare, BONUS))),
    ]);
    (terms, reference)
}

#[test]
fn a_bonus_term_raises_the_documents_the_others_match_and_matches_none() {
    let (_dir, index) = index();
    let searcher = index.index.reader().unwrap().searcher();
    let (terms, reference) = with_bonus(&index.fields);
    let expected = scores(&searcher, &reference);
    let found = scores(&searcher, &terms);
    assert_same(&found, &expected);
    // 4337 has the rare title but none of the other terms; 4350 has both.
    let address = |n: u32| DocAddress::new(0, n);
    assert!(!found.contains_key(&address(4337)));
    let plain = scores(&searcher, &queries(&weighted(&index.fields)).0);
    assert!(found[&address(4350)] > plain[&address(4350)] + 1.0 * BONUS);

    let mut only_bonus = TermsQuery::default();
    only_bonus.push_bonus(Term::from_field_text(index.fields.title_grams, "特别"), 1.0);
    assert!(only_bonus.is_empty());
    assert!(scores(&searcher, &only_bonus).is_empty());
}

/// The total and best hits of `terms` by [`TermsQuery::search_best`] counting as `counting`
/// says, and as counting every hit and handing each to the same collector gives them.
fn best_both_ways(
    searcher: &Searcher,
    terms: &TermsQuery,
    body: Field,
    size: usize,
    counting: Counting,
) -> ((u64, Vec<Scored>), (u64, Vec<Scored>)) {
    let best = || BestHits::new(Vec::new(), body, size);
    let statistics = Statistics::new(searcher);
    let every = (Total, Shown);
    let ((total, mut shown), top, exact) = terms
        .search_best(&statistics, counting, &every, &best())
        .unwrap();
    shown.sort();
    // Every match of the counted windows is handed to the collector of all of them, each once,
    // and the total is their number scaled to each segment.
    let matched = searcher.search(terms, &DocSetCollector).unwrap();
    let counted = |address: &DocAddress| (address.doc_id / WINDOW).is_multiple_of(counting.stride);
    let mut expected: Vec<DocAddress> = matched.iter().copied().filter(counted).collect();
    expected.sort();
    assert!(
        shown == expected,
        "{} shown, {} expected",
        shown.len(),
        expected.len()
    );
    let mut scaled = 0;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let in_segment = shown.iter().filter(|a| a.segment_ord == ord as u32).count();
        let sample = Sample::windows(reader.max_doc(), WINDOW, counting.stride);
        scaled += sample.scale(in_segment as u64);
    }
    assert_eq!(total, scaled);
    let whole = searcher
        .segment_readers()
        .iter()
        .all(|reader| Sample::windows(reader.max_doc(), WINDOW, counting.stride).is_whole());
    assert_eq!(exact, whole);
    let (expected_count, expected_top) = searcher.search(terms, &(Count, best())).unwrap();
    ((total, top), (expected_count as u64, expected_top))
}

/// The matches a search shows its collector of every match, in order.
struct Shown;

/// One segment's [`Shown`].
struct SegmentShown(u32, Vec<DocAddress>);

impl Collector for Shown {
    type Fruit = Vec<DocAddress>;
    type Child = SegmentShown;

    fn for_segment(&self, ord: u32, _: &SegmentReader) -> tantivy::Result<SegmentShown> {
        Ok(SegmentShown(ord, Vec::new()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<DocAddress>>) -> tantivy::Result<Vec<DocAddress>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentShown {
    type Fruit = Vec<DocAddress>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.1.push(DocAddress::new(self.0, doc));
    }

    fn harvest(self) -> Vec<DocAddress> {
        self.1
    }
}

impl Sampled for SegmentShown {
    fn sampled(&mut self, _: Sample) {}
}

/// The pruned best hits are the best hits: each ranked as the full count ranks the same place
/// (scores equal but for rounding: the terms of a document may be added in another order), with
/// its own exact score.
fn assert_same_best(pruned: &[Scored], every: &[Scored], all: &[Scored]) {
    assert_eq!(pruned.len(), every.len());
    let exact: BTreeMap<DocAddress, Score> = all.iter().map(|(key, at)| (*at, key.1)).collect();
    for (((key, at), (expected, _)), place) in pruned.iter().zip(every).zip(0..) {
        let tolerance = 1e-5 * expected.1.abs().max(1.0);
        assert!(
            (key.1 - expected.1).abs() <= tolerance,
            "place {place}: {key:?} vs {expected:?}"
        );
        assert!(
            (key.1 - exact[at]).abs() <= tolerance,
            "{at:?}: {} vs {}",
            key.1,
            exact[at]
        );
    }
}

#[test]
fn the_best_hits_are_those_of_scoring_every_match() {
    let (_dir, index) = index();
    let fields = &index.fields;
    let mut writer: tantivy::IndexWriter =
        index.index.writer_with_num_threads(1, 50_000_000).unwrap();
    // Deleted documents are neither counted nor ranked, the best one among them included.
    let searcher = index.index.reader().unwrap().searcher();
    let (bonus, _) = with_bonus(fields);
    let (_, before) = best_both_ways(&searcher, &bonus, fields.body_grams, 1, Counting::EXACT);
    // A third segment of three windows, which starts from the first segments' best, of mixed
    // documents: scores near the best hits' differ, so passing over a term wrongly shows.
    for n in 5000..17_000 {
        writer
            .add_document(fields.to_tantivy(&mixed(n)).unwrap())
            .unwrap();
    }
    // Document n is the nth of the first segment (of 4,500) or the (n − 4,500)th of the second.
    let best = before.1[0].1;
    let best_id = format!("{:05}", best.doc_id + 4500 * best.segment_ord);
    let deleted: std::collections::BTreeSet<&str> = [best_id.as_str(), "00003", "04700"].into();
    for id in &deleted {
        writer.delete_term(Term::from_field_text(fields.id, id));
    }
    writer.commit().unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    assert_eq!(searcher.num_docs(), 17_000 - deleted.len() as u64);
    // Counted exactly, and from one window in two of every segment (the 4,500-document ones
    // have two windows, the third segment three): the best hits are the same.
    let sampled = Counting {
        exact_postings: 0,
        stride: 2,
    };
    let exact = Counting::EXACT;
    for (terms, _) in [queries(&weighted(fields)), with_bonus(fields)] {
        let (_, (_, all)) = best_both_ways(&searcher, &terms, fields.body_grams, 17_000, exact);
        for size in [1, 10, 40, 17_000] {
            for counting in [exact, sampled] {
                let ((total, pruned), (expected_total, every)) =
                    best_both_ways(&searcher, &terms, fields.body_grams, size, counting);
                if counting == exact {
                    assert_eq!(total, expected_total);
                } else {
                    // Estimated from the sample: the documents are alike throughout.
                    let error = total.abs_diff(expected_total) as f64 / expected_total as f64;
                    assert!(error < 0.1, "{total} estimated, {expected_total} matched");
                }
                assert_same_best(&pruned, &every, &all);
            }
        }
    }
    let (_, (_, all)) = best_both_ways(&searcher, &bonus, fields.body_grams, 17_000, exact);
    let related = (0..5000).filter(|&n| !unrelated(n)).count() + 12_000;
    assert_eq!(all.len(), related - deleted.len());
}
