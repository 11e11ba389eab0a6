//! The any-substring guarantee: every run of two or more Chinese characters that occurs in a
//! document is found as an exact phrase over the bigram field, however jieba splits it.

use gongbao_core::analyzer::is_han;
use gongbao_core::{Document, GongbaoIndex, StoredDocuments, UserDictionary};
use tantivy::collector::Count;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

const BODY: &str = "全面推进决策、执行、管理、服务、结果公开，深化放管服改革。\
南京市长江大桥于1968年建成通车。加大营改增相关政策措施公开力度，\
及时公开河长制工作实施方案。（市发展改革委、市财政局按职责分工分别牵头落实）";

fn index_with(body: &str) -> (tempfile::TempDir, GongbaoIndex, Searcher) {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let document = Document {
        id: "sample".to_owned(),
        title: "测试文档".to_owned(),
        body: body.to_owned(),
        ..Document::default()
    };
    index.add_documents(&[document]).unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    (dir, index, searcher)
}

/// The query a phrase becomes over the bigram field.
fn gram_phrase(index: &GongbaoIndex, field: Field, phrase: &str) -> Box<dyn Query> {
    let terms: Vec<(usize, Term)> = index
        .analyzer
        .grams(phrase)
        .into_iter()
        .map(|token| (token.position, Term::from_field_text(field, &token.text)))
        .collect();
    if terms.len() == 1 {
        let (_, term) = terms.into_iter().next().unwrap();
        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}

/// Every run of Chinese characters in `text`.
fn han_runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = vec![Vec::new()];
    for c in text.chars() {
        if is_han(c) {
            runs.last_mut().unwrap().push(c);
        } else if !runs.last().unwrap().is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

#[test]
fn every_chinese_substring_is_found_as_a_phrase() {
    let (_dir, index, searcher) = index_with(BODY);
    let mut checked = 0;
    for run in han_runs(BODY) {
        for start in 0..run.len() {
            for end in start + 2..=run.len().min(start + 12) {
                let phrase: String = run[start..end].iter().collect();
                let query = gram_phrase(&index, index.fields.body_grams, &phrase);
                let hits = searcher.search(query.as_ref(), &Count).unwrap();
                assert_eq!(hits, 1, "phrase {phrase} not found");
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "only {checked} substrings checked");
}

#[test]
fn a_phrase_jieba_splits_differently_is_still_found() {
    let (_dir, index, searcher) = index_with(BODY);
    // jieba reads 南京市|长江大桥 in the document, so the word 市长 never occurs there ...
    let document_words: Vec<String> = index
        .analyzer
        .words("南京市长江大桥")
        .into_iter()
        .map(|token| token.text)
        .collect();
    assert!(
        !document_words.iter().any(|word| word == "市长"),
        "{document_words:?}"
    );
    let word_query = TermQuery::new(
        Term::from_field_text(index.fields.body, "市长"),
        IndexRecordOption::Basic,
    );
    assert_eq!(searcher.search(&word_query, &Count).unwrap(), 0);
    // ... but the bigram phrase finds 市长 and 市长江.
    for phrase in ["市长", "市长江", "京市长江大"] {
        let query = gram_phrase(&index, index.fields.body_grams, phrase);
        assert_eq!(
            searcher.search(query.as_ref(), &Count).unwrap(),
            1,
            "{phrase}"
        );
    }
}

#[test]
fn phrases_that_do_not_occur_are_not_found() {
    let (_dir, index, searcher) = index_with(BODY);
    for phrase in ["增河长", "大桥营改", "公开深化放", "改革南京"] {
        let query = gram_phrase(&index, index.fields.body_grams, phrase);
        assert_eq!(
            searcher.search(query.as_ref(), &Count).unwrap(),
            0,
            "{phrase}"
        );
    }
}

#[test]
fn an_index_of_another_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let meta_path = dir.path().join("gongbao.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let older = meta.replace(
        &format!("\"schema_version\": {}", gongbao_core::SCHEMA_VERSION),
        "\"schema_version\": 0",
    );
    assert_ne!(meta, older);
    std::fs::write(&meta_path, older).unwrap();
    let error = GongbaoIndex::open(dir.path()).err().expect("refused");
    assert!(matches!(
        error,
        gongbao_core::Error::SchemaVersion { found: 0, .. }
    ));
    assert!(error.to_string().contains("schema version 0"), "{error}");
}

#[test]
fn a_folder_without_index_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let error = GongbaoIndex::open(dir.path()).err().expect("no index");
    assert!(matches!(error, gongbao_core::Error::NoIndex { .. }));
}

#[test]
fn stored_documents_round_trip() {
    let (_dir, index, searcher) = index_with(BODY);
    let address = searcher
        .search(
            &tantivy::query::AllQuery,
            &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
        )
        .unwrap()[0]
        .1;
    let document = StoredDocuments::new(&searcher, &index.fields)
        .document(address)
        .unwrap();
    assert_eq!(document.id, "sample");
    assert_eq!(document.body, BODY);
}
