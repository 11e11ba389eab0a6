use std::collections::HashSet;

use gongbao_core::{Document, GongbaoIndex, UserDictionary};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::*;

/// What ranked hits before: tantivy's top documents by the same key.
fn reference(
    searcher: &Searcher,
    query: &dyn Query,
    pinned: &HashSet<DocAddress>,
    body: Field,
    size: usize,
) -> Vec<Scored> {
    let ranking = Ranking::current();
    let pinned = pinned.clone();
    let collector = TopDocs::with_limit(size).tweak_score(move |segment: &SegmentReader| {
        let lengths = segment.get_fieldnorms_reader(body).ok();
        let factors = ranking.length_factors();
        let ids = id_order(segment).unwrap_or_default();
        let pinned = pinned.clone();
        let segment_ord = searcher_ord(segment);
        move |doc: DocId, score: Score| {
            let length = lengths
                .as_ref()
                .map_or(0, |lengths| lengths.fieldnorm_id(doc));
            let id = ids.get(doc as usize).copied().unwrap_or(u32::MAX);
            (
                pinned.contains(&DocAddress::new(segment_ord, doc)),
                score * factors[length as usize],
                u32::MAX - id,
            )
        }
    });
    searcher.search(query, &collector).unwrap()
}

/// Segments here are told apart by their first document's id: `seg{N}-…`.
fn searcher_ord(segment: &SegmentReader) -> u32 {
    let ids = segment.fast_fields().str("id").unwrap().unwrap();
    let mut id = String::new();
    let ord = ids.term_ords(0).next().unwrap();
    ids.ord_to_str(ord, &mut id).unwrap();
    id[3..4].parse().unwrap()
}

#[test]
fn the_best_hits_are_those_a_full_sort_gives_pinned_first_and_ties_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let phrases = [
        "政务公开",
        "信息公开目录",
        "推进政务服务",
        "公开",
        "财政预算公开",
    ];
    // Three segments; bodies of many lengths, many with equal scores (the same body).
    for segment in 0..3 {
        let documents: Vec<Document> = (0..200)
            .map(|n| {
                let repeat = 1 + (n * 7 + segment * 3) % 40;
                let body = format!("{}。", phrases[n % phrases.len()]).repeat(repeat)
                    + &"其他内容。".repeat(n % 50);
                Document {
                    id: format!("seg{segment}-{:03}", (n * 37) % 200),
                    title: format!("文件{n}"),
                    body,
                    ..Document::default()
                }
            })
            .collect();
        index.add_documents(&documents).unwrap();
    }
    let searcher = index.index.reader().unwrap().searcher();
    let body = index.fields.body_grams;
    let query = BooleanQuery::new(
        ["政务", "公开", "信息"]
            .iter()
            .map(|gram| {
                let term = Term::from_field_text(body, gram);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, query)
            })
            .collect(),
    );
    let segment_of: Vec<u32> = searcher
        .segment_readers()
        .iter()
        .map(searcher_ord)
        .collect();
    let pinned_sets: [HashSet<DocAddress>; 3] = [
        HashSet::new(),
        [DocAddress::new(1, 150), DocAddress::new(2, 3)]
            .into_iter()
            .collect(),
        (0..60).map(|doc| DocAddress::new(0, doc)).collect(),
    ];
    for pinned in &pinned_sets {
        // The reference keys pinned addresses by segment name; ours by ordinal.
        let by_ordinal: Vec<DocAddress> = pinned
            .iter()
            .map(|address| {
                let ord = segment_of
                    .iter()
                    .position(|&name| name == address.segment_ord)
                    .unwrap();
                DocAddress::new(ord as u32, address.doc_id)
            })
            .collect();
        for size in [1, 5, 40, 100, 700] {
            let expected = reference(&searcher, &query, pinned, body, size);
            let got = searcher
                .search(&query, &BestHits::new(by_ordinal.clone(), body, size))
                .unwrap();
            assert_eq!(got, expected, "size {size}, pinned {}", pinned.len());
            assert_eq!(got.len(), size.min(600));
        }
    }
}
