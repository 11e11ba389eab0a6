//! Stored documents read back whole, or as metadata without the body.

use gongbao_core::{Document, GongbaoIndex, StoredDocuments, UserDictionary, Validity};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::DocAddress;

fn sample(id: &str) -> Document {
    Document {
        id: id.to_owned(),
        title: "山东省人民政府办公厅关于进一步加强政务公开工作的通知".to_owned(),
        doc_number: Some("鲁政办发〔2017〕39号".to_owned()),
        issuers: vec!["山东省人民政府办公厅".to_owned()],
        validity: Validity::InForce,
        body: "全面推进决策、执行、管理、服务、结果公开。（市发展改革委牵头落实）".repeat(50),
        ..Document::default()
    }
}

/// Indexes `batches` of documents, one commit (one segment) per batch.
fn index_of(batches: &[Vec<Document>]) -> (tempfile::TempDir, GongbaoIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    for batch in batches {
        index.add_documents(batch).unwrap();
    }
    (dir, index)
}

fn address_of(index: &GongbaoIndex, searcher: &tantivy::Searcher, id: &str) -> DocAddress {
    let query = TermQuery::new(index.fields.id_term(id), IndexRecordOption::Basic);
    searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .unwrap()[0]
        .1
}

#[test]
fn metadata_reads_back_everything_but_the_body() {
    let document = sample("notices/2017-39");
    let (_dir, index) = index_of(&[vec![document.clone()]]);
    let searcher = index.index.reader().unwrap().searcher();
    let stored = StoredDocuments::new(&searcher, &index.fields);
    let address = address_of(&index, &searcher, &document.id);

    let light = stored.metadata(address).unwrap();
    assert_eq!(
        light,
        Document {
            body: String::new(),
            ..document.clone()
        }
    );
    assert_eq!(stored.document(address).unwrap(), document);
}

#[test]
fn documents_of_several_segments_read_back_from_their_own_segment() {
    let mut second = sample("notices/2018-7");
    second.title = "关于做好2018年春节期间安全生产工作的通知".to_owned();
    second.body = "各区人民政府，市政府各部门：".to_owned();
    let first = sample("notices/2017-39");
    let (_dir, index) = index_of(&[vec![first.clone()], vec![second.clone()]]);
    let searcher = index.index.reader().unwrap().searcher();
    assert_eq!(searcher.segment_readers().len(), 2);
    let stored = StoredDocuments::new(&searcher, &index.fields);
    for document in [first, second] {
        let address = address_of(&index, &searcher, &document.id);
        assert_eq!(stored.document(address).unwrap(), document);
    }
}

#[test]
fn metadata_longer_than_a_column_value_is_kept_whole() {
    // The column cuts values at 65,535 bytes: longer metadata is kept whole in the doc store.
    let mut long = sample("gazette/long-title");
    long.title = "关于公布行政规范性文件清理结果的通知".repeat(4_000);
    assert!(long.title.len() > 100_000);
    // The long document's segment has no metadata in its column at all.
    let short = sample("notices/2017-39");
    let (_dir, index) = index_of(&[vec![long.clone()], vec![short.clone()]]);
    let searcher = index.index.reader().unwrap().searcher();
    let stored = StoredDocuments::new(&searcher, &index.fields);
    let address = address_of(&index, &searcher, &long.id);
    assert_eq!(stored.metadata(address).unwrap().title, long.title);
    assert_eq!(stored.metadata(address).unwrap().body, "");
    assert_eq!(stored.document(address).unwrap(), long);
    let address = address_of(&index, &searcher, &short.id);
    assert_eq!(stored.document(address).unwrap(), short);
}
