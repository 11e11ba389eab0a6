//! Clerks' corrections survive: written into the live generation at once, applied again when an
//! incremental ingest re-reads the document's changed file, and by every reindex; a journal
//! that cannot be read stops an ingest before anything is written.

use std::path::Path;

use gongbao_core::{
    GongbaoIndex, Relation, RelationKind, StoredDocuments, UserDictionary, Validity,
};
use gongbao_ingest::{
    correct, discover, ingest, reindex, Correction, IngestError, IngestOptions, TitleSearch,
    TitleSearchError, ValidityCorrection, CORRECTIONS_FILE, VALIDITY_FROM,
};
use time::macros::date;

/// Every title is found: these tests are not about the generation check.
struct Found;

impl TitleSearch for Found {
    fn finds(&self, _: &GongbaoIndex, _: &str, _: &str) -> Result<bool, TitleSearchError> {
        Ok(true)
    }
}

fn options() -> IngestOptions {
    IngestOptions {
        skip_unchanged: true,
        threads: 1,
        writer_memory: 15 << 20,
        ..IngestOptions::default()
    }
}

fn write(dir: &Path, name: &str, title: &str, body: &str) {
    std::fs::write(dir.join(name), format!("# {title}\n\n{body}\n")).unwrap();
}

fn stored(root: &Path, id: &str) -> gongbao_core::Document {
    let index = GongbaoIndex::open(root).unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    let stored = StoredDocuments::new(&searcher, &index.fields);
    let hits = searcher
        .search(
            &tantivy::query::TermQuery::new(
                index.fields.id_term(id),
                tantivy::schema::IndexRecordOption::Basic,
            ),
            &tantivy::collector::TopDocs::with_limit(2).order_by_score(),
        )
        .unwrap();
    assert_eq!(hits.len(), 1, "{id}");
    stored.document(hits[0].1).unwrap()
}

#[test]
fn corrections_apply_at_once_and_survive_reingest_and_reindex() {
    let sources = tempfile::tempdir().unwrap();
    let banfa = "江城市养犬管理办法";
    write(
        sources.path(),
        "banfa.md",
        banfa,
        "第一条 为了加强养犬管理，制定本办法。\n\n第二条 本办法自2012年5月1日起施行。",
    );
    write(
        sources.path(),
        "jueding.md",
        "江城市人民政府关于修改和废止部分规章的决定",
        "经市人民政府研究，决定对部分规章予以清理。本决定自2024年3月1日起施行。",
    );
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let rebuild = |options: &IngestOptions| {
        reindex(
            root,
            &files,
            UserDictionary::built_in(),
            options,
            &(),
            &Found,
        )
    };
    rebuild(&options()).unwrap();
    assert!(stored(root, "jueding.md").relations.is_empty());

    let repealed = Correction {
        validity: Some(ValidityCorrection {
            validity: Validity::Repealed,
            from: Some(date!(2024 - 03 - 01)),
            by: Some("江城市人民政府关于修改和废止部分规章的决定".to_owned()),
        }),
        ..Correction::now("banfa.md")
    };
    let repeals = vec![Relation {
        kind: RelationKind::Repeals,
        title: Some(banfa.to_owned()),
        doc_number: None,
        sentence: "人工标注".to_owned(),
    }];
    let relations = Correction {
        relations: Some(repeals.clone()),
        ..Correction::now("jueding.md")
    };
    let live = GongbaoIndex::open(root).unwrap();
    for correction in [&repealed, &relations] {
        assert!(correct(&live, root, correction).unwrap().is_some());
    }
    let missing = Correction {
        relations: Some(Vec::new()),
        ..Correction::now("nope.md")
    };
    assert!(correct(&live, root, &missing).unwrap().is_none());
    let check = |when: &str| {
        let banfa = stored(root, "banfa.md");
        assert_eq!(banfa.validity, Validity::Repealed, "{when}");
        assert_eq!(banfa.extra[VALIDITY_FROM], "2024-03-01", "{when}");
        assert_eq!(stored(root, "jueding.md").relations, repeals, "{when}");
    };
    check("at once");

    // The 办法's file changes: an incremental ingest re-reads it and corrects it again.
    write(
        sources.path(),
        "banfa.md",
        banfa,
        "第一条 为了规范养犬行为，制定本办法。\n\n第二条 本办法自2012年5月1日起施行。",
    );
    let live = GongbaoIndex::open(root).unwrap();
    let report = ingest(&live, &files, &options(), &()).unwrap();
    assert_eq!((report.documents, report.skipped), (1, 1));
    assert!(stored(root, "banfa.md").body.contains("规范养犬行为"));
    check("after an incremental ingest");

    rebuild(&options()).unwrap();
    check("after a reindex");

    // While another writer holds the root (an ingest, a reindex that has read the journal), a
    // correction is refused and nothing is recorded.
    let journal_before = std::fs::read_to_string(root.join(CORRECTIONS_FILE)).unwrap();
    {
        let _held = gongbao_core::Generations::open(root)
            .unwrap()
            .try_lock()
            .unwrap();
        let live = GongbaoIndex::open(root).unwrap();
        let error = correct(&live, root, &relations).unwrap_err();
        assert!(
            matches!(
                error,
                IngestError::Index(gongbao_core::Error::Locked { .. })
            ),
            "{error}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(root.join(CORRECTIONS_FILE)).unwrap(),
        journal_before
    );

    // A journal that cannot be read stops the next ingest before it writes.
    let journal = root.join(CORRECTIONS_FILE);
    let mut text = std::fs::read_to_string(&journal).unwrap();
    text.push_str("{\"id\": \n");
    std::fs::write(&journal, text).unwrap();
    let before = GongbaoIndex::open(root).unwrap().path().to_owned();
    let options = IngestOptions {
        skip_unchanged: false,
        ..options()
    };
    let live = GongbaoIndex::open(root).unwrap();
    let error = ingest(&live, &files, &options, &()).unwrap_err();
    assert!(
        matches!(error, IngestError::CorrectionsFormat { line: 3, .. }),
        "{error}"
    );
    let error = rebuild(&options).unwrap_err();
    assert!(
        matches!(error, IngestError::CorrectionsFormat { .. }),
        "{error}"
    );
    assert_eq!(GongbaoIndex::open(root).unwrap().path(), before);
    check("after refused runs");
}
