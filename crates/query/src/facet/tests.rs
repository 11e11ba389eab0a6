use std::collections::BTreeMap;

use gongbao_core::{Document, GongbaoIndex, UserDictionary};
use tantivy::{TantivyDocument, Term};
use time::{Date, Month};

use super::*;

/// Document `n` of a sampled segment: a type and a department that vary with `n`; one in eight
/// does not hold the term searched (enough hold it that the unsampled count would walk the
/// others instead).
fn document(n: usize) -> Document {
    let body = if n % 8 == 7 {
        "本决定自发布之日起施行。"
    } else {
        "推进政务公开工作。"
    };
    Document {
        id: format!("{n:05}"),
        title: "通知".to_owned(),
        body: body.to_owned(),
        doc_type: Some(["通知", "意见", "办法"][n % 3].to_owned()),
        departments: vec![format!("部门{}", n % 5)],
        ..Document::default()
    }
}

#[test]
fn the_facets_of_a_sampled_segment_are_its_counted_windows_scaled() {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let documents = 12_000;
    // One writer thread with room for every document: one segment of three windows, doc ids in
    // the order written.
    let mut writer = index
        .index
        .writer_with_num_threads::<TantivyDocument>(1, 200_000_000)
        .unwrap();
    for n in 0..documents {
        let document = index.fields.to_tantivy(&document(n)).unwrap();
        writer.add_document(document).unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    assert_eq!(searcher.segment_readers().len(), 1);
    let day = Date::from_calendar_date(2026, Month::January, 1).unwrap();
    let sources = Sources {
        authority: Arc::new(Authority::built_in()),
        statuses: StatusTable::compute(&index, &searcher, day).unwrap(),
    };
    let mut terms = TermsQuery::default();
    terms.push(Term::from_field_text(index.fields.body_grams, "政务"), 1.0);
    let statistics = Statistics::new(&searcher);
    let best = BestHits::new(Vec::new(), index.fields.body_grams, 10);
    let counting = Counting {
        exact_postings: 0,
        stride: 2,
    };
    let every = every_facet(&sources, &[]);
    let (counted, top, exact) = terms
        .search_best(&statistics, counting, &every, &best)
        .unwrap();
    let (total, counts) = with_children(counted, exact);
    assert!(!exact && !counts.exact);
    assert_eq!(top.len(), 10);

    // Windows 0 and 2 (documents 0 to 4,095 and 8,192 to 11,999) are counted, and scaled to the
    // segment.
    let sample = Sample::windows(documents as DocId, 4096, 2);
    let in_sample = |n: &usize| (n / 4096).is_multiple_of(2);
    let matching: Vec<Document> = (0..documents)
        .filter(in_sample)
        .map(document)
        .filter(|document| document.body.contains("政务"))
        .collect();
    let tally = |values: Vec<String>| {
        let mut counts = BTreeMap::new();
        for value in values {
            *counts.entry(value).or_insert(0) += 1;
        }
        counts
            .into_iter()
            .map(|(value, count)| (value, sample.scale(count)))
            .collect::<BTreeMap<String, u64>>()
    };
    let found = |values: &[FacetValue]| {
        values
            .iter()
            .map(|value| (value.value.to_string(), value.count))
            .collect::<BTreeMap<String, u64>>()
    };
    assert_eq!(total, sample.scale(matching.len() as u64));
    let all_matching = (0..documents).filter(|n| n % 8 != 7).count() as u64;
    assert!(
        total.abs_diff(all_matching) * 50 < all_matching,
        "{total} vs {all_matching}"
    );
    let types = matching.iter().filter_map(|d| d.doc_type.clone()).collect();
    assert_eq!(found(&counts.doc_types), tally(types));
    let departments = matching
        .iter()
        .flat_map(|d| d.departments.clone())
        .collect();
    assert_eq!(found(&counts.departments), tally(departments));
    let validity = matching
        .iter()
        .map(|_| Validity::Unknown.label().to_owned())
        .collect();
    assert_eq!(found(&counts.validity), tally(validity));
}
