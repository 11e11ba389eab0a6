//! Stored documents read back whole, or as metadata without the body.

use gongbao_core::{Document, GongbaoIndex, StoredMetadata, UserDictionary, Validity};
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::TantivyDocument;

fn sample() -> Document {
    Document {
        id: "notices/2017-39".to_owned(),
        title: "山东省人民政府办公厅关于进一步加强政务公开工作的通知".to_owned(),
        doc_number: Some("鲁政办发〔2017〕39号".to_owned()),
        issuers: vec!["山东省人民政府办公厅".to_owned()],
        validity: Validity::InForce,
        body: "全面推进决策、执行、管理、服务、结果公开。（市发展改革委牵头落实）".repeat(50),
        ..Document::default()
    }
}

#[test]
fn metadata_reads_back_everything_but_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let mut writer = index.index.writer(50_000_000).unwrap();
    let document = sample();
    writer
        .add_document(index.fields.to_tantivy(&document).unwrap())
        .unwrap();
    writer.commit().unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    let address = *searcher
        .search(&AllQuery, &DocSetCollector)
        .unwrap()
        .iter()
        .next()
        .unwrap();

    let metadata: StoredMetadata = searcher.doc(address).unwrap();
    let light = index.fields.from_metadata(&metadata).unwrap();
    assert_eq!(light.body, "");
    assert_eq!(
        light,
        Document {
            body: String::new(),
            ..document.clone()
        }
    );

    let whole: TantivyDocument = searcher.doc(address).unwrap();
    assert_eq!(index.fields.from_tantivy(&whole).unwrap(), document);
}
