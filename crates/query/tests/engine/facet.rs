//! Facet counts, checked against counts made by hand over the same result set.

use std::collections::BTreeMap;

use gongbao_core::Document;
use gongbao_query::{FacetCounts, FacetValue, Filters, SearchRequest};

use crate::util::*;

fn tally(values: impl Iterator<Item = String>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
}

fn as_map(values: &[FacetValue]) -> BTreeMap<String, u64> {
    values
        .iter()
        .map(|value| (value.value.to_string(), value.count))
        .collect()
}

/// Counts each facet over `documents` by brute force and compares with `counts`.
fn check(counts: &FacetCounts, documents: &[&Document], area: &[String]) {
    let distinct = |values: Vec<String>| {
        let mut values = values;
        values.sort();
        values.dedup();
        values
    };
    let departments = tally(
        documents
            .iter()
            .flat_map(|d| distinct(d.departments.clone())),
    );
    assert_eq!(as_map(&counts.departments), departments);
    let top = tally(documents.iter().flat_map(|d| {
        distinct(
            d.policy_areas
                .iter()
                .filter_map(|p| p.first().cloned())
                .collect(),
        )
    }));
    let found: BTreeMap<String, u64> = counts
        .policy_areas
        .iter()
        .map(|area| (area.path.join("/"), area.count))
        .collect();
    assert_eq!(found, top);
    if !area.is_empty() {
        let children = tally(documents.iter().flat_map(|d| {
            distinct(
                d.policy_areas
                    .iter()
                    .filter(|p| p.len() > area.len() && p.starts_with(area))
                    .map(|p| p[..=area.len()].join("/"))
                    .collect(),
            )
        }));
        let found: BTreeMap<String, u64> = counts
            .policy_area_children
            .iter()
            .map(|area| (area.path.join("/"), area.count))
            .collect();
        assert_eq!(found, children);
    }
    assert_eq!(
        as_map(&counts.doc_types),
        tally(documents.iter().filter_map(|d| d.doc_type.clone()))
    );
    assert_eq!(
        as_map(&counts.issuers),
        tally(documents.iter().flat_map(|d| distinct(d.issuers.clone())))
    );
    assert_eq!(
        as_map(&counts.years),
        tally(
            documents
                .iter()
                .filter_map(|d| d.dates.year())
                .map(|y| y.to_string())
        )
    );
    assert_eq!(
        as_map(&counts.validity),
        tally(documents.iter().map(|d| d.validity.label().to_owned()))
    );
    for values in [
        &counts.departments,
        &counts.doc_types,
        &counts.issuers,
        &counts.validity,
    ] {
        // Most frequent first, equal counts in value order.
        assert!(values.windows(2).all(|pair| {
            let key = |value: &FacetValue| (std::cmp::Reverse(value.count), value.value.clone());
            key(&pair[0]) < key(&pair[1])
        }));
    }
    assert!(counts.policy_areas.windows(2).all(|pair| {
        let key =
            |area: &gongbao_query::AreaCount| (std::cmp::Reverse(area.count), area.path.clone());
        key(&pair[0]) < key(&pair[1])
    }));
    let years: Vec<u32> = counts
        .years
        .iter()
        .map(|year| year.value.parse().unwrap())
        .collect();
    assert!(years.windows(2).all(|pair| pair[0] > pair[1]), "{years:?}");
}

#[test]
fn facets_over_everything_match_brute_force() {
    let documents = documents();
    let all: Vec<&Document> = documents.iter().collect();
    check(&engine().facets().unwrap(), &all, &[]);
}

#[test]
fn facets_count_the_whole_result_set_not_the_page() {
    let documents = documents();
    let cases = [
        ("", Filters::default()),
        ("政务公开", Filters::default()),
        ("疫情", Filters::default()),
        (
            "",
            Filters {
                policy_area: vec!["卫生健康".into()],
                ..Filters::default()
            },
        ),
        (
            "",
            Filters {
                current_only: true,
                ..Filters::default()
            },
        ),
    ];
    for (query, filters) in cases {
        let whole = search(&SearchRequest {
            query: query.into(),
            filters: filters.clone(),
            page_size: 100,
            ..SearchRequest::default()
        });
        let ids = hit_ids(&whole);
        let matched: Vec<&Document> = documents.iter().filter(|d| ids.contains(&d.id)).collect();
        let page = search(&SearchRequest {
            query: query.into(),
            filters: filters.clone(),
            page_size: 1,
            ..SearchRequest::default()
        });
        let counts = page.facets.expect("facets are on by default");
        check(&counts, &matched, &filters.policy_area);
        assert_eq!(Some(counts), whole.facets, "{query} {filters:?}");
    }
}

#[test]
fn facets_over_several_segments_match_brute_force() {
    let documents = documents();
    let dir = tempfile::TempDir::new().unwrap();
    // Each segment numbers its values on its own: the merge goes by value.
    let engine = build(dir.path(), &documents[..3]);
    let index = engine.index();
    index.add_documents(&documents[3..]).unwrap();
    engine.reload().unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    assert_eq!(searcher.segment_readers().len(), 2);
    let all: Vec<&Document> = documents.iter().collect();
    check(&engine.facets().unwrap(), &all, &[]);
}

#[test]
fn deleted_documents_are_not_counted() {
    let documents = documents();
    let dir = tempfile::TempDir::new().unwrap();
    let engine = build(dir.path(), &documents);
    let index = engine.index();
    // Deleted documents keep their values in the segment: counts taken from the segment's
    // totals (when most documents are hits) must leave them out, and so must direct counts.
    let (gone, kept) = documents.split_at(2);
    let mut writer = index
        .index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
        .unwrap();
    for document in gone {
        writer.delete_term(index.fields.id_term(&document.id));
    }
    writer.commit().unwrap();
    engine.reload().unwrap();
    let searcher = engine.index().index.reader().unwrap().searcher();
    assert_eq!(
        searcher.segment_readers().len(),
        1,
        "deletes keep the segment"
    );
    assert!(kept.len() * 2 > documents.len(), "most documents are hits");
    let kept_refs: Vec<&Document> = kept.iter().collect();
    check(&engine.facets().unwrap(), &kept_refs, &[]);
    // A search for one kept title, verbatim: few hits, counted directly.
    let response = engine
        .search(&SearchRequest {
            query: format!("\"{}\"", kept[0].title),
            page_size: 100,
            ..SearchRequest::default()
        })
        .unwrap();
    let ids = hit_ids(&response);
    assert!(
        ids.contains(&kept[0].id) && ids.len() * 2 < documents.len(),
        "{ids:?}"
    );
    let matched: Vec<&Document> = kept.iter().filter(|d| ids.contains(&d.id)).collect();
    check(&response.facets.unwrap(), &matched, &[]);
}
