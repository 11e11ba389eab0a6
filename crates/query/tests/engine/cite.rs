//! Documents by id, with citations both ways.

use crate::util::*;

fn cites(id: &str) -> (Vec<String>, Vec<String>) {
    let view = engine()
        .document(id, gongbao_query::today())
        .unwrap()
        .expect("document exists");
    assert_eq!(view.document.id, id);
    (
        view.cites.into_iter().map(|cited| cited.id).collect(),
        view.cited_by.into_iter().map(|citing| citing.id).collect(),
    )
}

#[test]
fn titles_and_numbers_cite_both_ways() {
    // LOAN names DONGYING by title; EPIDEMIC names it by number in another bracket form.
    assert_eq!(cites(LOAN).0, [DONGYING]);
    assert_eq!(cites(EPIDEMIC).0, [DONGYING]);
    let (_, cited_by) = cites(DONGYING);
    assert_eq!(cited_by, [EPIDEMIC, LOAN], "newest first");
    // RESUME names EPIDEMIC by title and by number: one reference.
    assert_eq!(cites(RESUME).0, [EPIDEMIC]);
    assert_eq!(cites(EPIDEMIC).1, [RESUME]);
    // A document never cites itself, and nobody cites the bridge rules.
    assert_eq!(cites(BRIDGE), (vec![], vec![]));
}

#[test]
fn an_unknown_id_is_none() {
    assert!(engine()
        .document("no/such/document", gongbao_query::today())
        .unwrap()
        .is_none());
}

#[test]
fn a_document_view_serializes_dates_as_days() {
    let view = engine()
        .document(LOAN, gongbao_query::today())
        .unwrap()
        .unwrap();
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["cites"][0]["date"], "2017-06-10");
    assert_eq!(json["document"]["dates"]["written"], "2018-05-20");
}
