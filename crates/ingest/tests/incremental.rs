//! Incremental ingest and reindexing: the manifest skips unchanged files, re-reads changed ones,
//! prunes vanished ones and lets an interrupted ingest resume; a reindex builds and checks a new
//! generation before making it live. A broken sidecar line fails that line, not the batch.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use gongbao_core::{GenerationId, Generations, GongbaoIndex, StoredDocuments, UserDictionary};
use gongbao_ingest::{
    discover, ingest, reindex, FileError, FileErrorKind, IngestOptions, Manifest, Progress,
    SourceFile, TitleSearch, TitleSearchError,
};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

fn write_notice(dir: &Path, name: &str, title: &str) {
    let text =
        format!("# {title}\n\n各区人民政府：现将{title}有关事项通知如下。请认真贯彻落实。\n");
    std::fs::write(dir.join(name), text).unwrap();
}

/// A folder of three notices, a.md to c.md.
fn three_notices() -> tempfile::TempDir {
    let sources = tempfile::tempdir().unwrap();
    for (name, title) in [
        ("a.md", "关于甲的通知"),
        ("b.md", "关于乙的通知"),
        ("c.md", "关于丙的通知"),
    ] {
        write_notice(sources.path(), name, title);
    }
    sources
}

fn num_docs(index: &GongbaoIndex) -> u64 {
    index.index.reader().unwrap().searcher().num_docs()
}

fn incremental() -> IngestOptions {
    IngestOptions {
        skip_unchanged: true,
        threads: 1,
        writer_memory: 15 << 20,
        ..IngestOptions::default()
    }
}

#[test]
fn unchanged_files_are_skipped_changed_reread_and_vanished_pruned() {
    let sources = three_notices();
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let first = ingest(&index, &files, &incremental(), &()).unwrap();
    assert_eq!((first.documents, first.skipped), (3, 0));
    let manifest = Manifest::load(dir.path()).unwrap();
    assert_eq!(manifest.document_count(), 3);

    write_notice(sources.path(), "b.md", "关于乙的补充通知");
    std::fs::remove_file(sources.path().join("c.md")).unwrap();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let options = IngestOptions {
        prune: true,
        ..incremental()
    };
    let second = ingest(&index, &files, &options, &()).unwrap();
    assert_eq!((second.documents, second.skipped), (1, 1));
    assert_eq!(second.pruned, ["c.md"]);
    assert_eq!(num_docs(&index), 2);
    assert_eq!(Manifest::load(dir.path()).unwrap().document_count(), 2);

    let third = ingest(&index, &files, &options, &()).unwrap();
    assert_eq!((third.documents, third.skipped), (0, 2));
}

#[test]
fn an_ingest_of_several_batches_ends_as_one_segment() {
    let sources = three_notices();
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    // A commit per document writes a segment per document.
    let options = IngestOptions {
        commit_every: 1,
        ..incremental()
    };
    let report = ingest(&index, &files, &options, &()).unwrap();
    assert_eq!(report.documents, 3);
    assert_eq!(index.index.searchable_segment_ids().unwrap().len(), 1);
    assert_eq!(num_docs(&index), 3);
}

/// Stops the ingest (by panicking, as a crash would) when the given file is done.
struct CrashAt(usize, std::cell::Cell<usize>);

impl Progress for CrashAt {
    fn file_done(&self, _: &SourceFile, _: u64, _: usize, _: &[FileError]) {
        self.1.set(self.1.get() + 1);
        assert!(self.1.get() != self.0, "simulated crash");
    }
}

#[test]
fn an_interrupted_ingest_resumes_without_redoing_committed_files() {
    let sources = tempfile::tempdir().unwrap();
    for number in 0..6 {
        write_notice(
            sources.path(),
            &format!("{number}.md"),
            &format!("关于第{number}批项目的通知"),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let options = IngestOptions {
        commit_every: 1,
        ..incremental()
    };
    let crashed = catch_unwind(AssertUnwindSafe(|| {
        ingest(&index, &files, &options, &CrashAt(4, Default::default()))
    }));
    assert!(crashed.is_err());
    assert_eq!(Manifest::load(dir.path()).unwrap().document_count(), 3);
    let resumed = ingest(&index, &files, &options, &()).unwrap();
    assert_eq!((resumed.skipped, resumed.documents), (3, 3));
    assert_eq!(num_docs(&index), 6);
}

/// Searches a title's jieba words in the title field, every word required, and looks for the
/// document among the first hits: a real search of the new generation without the query crate,
/// which ingest does not depend on.
struct TitleWords;

impl TitleSearch for TitleWords {
    fn finds(&self, index: &GongbaoIndex, id: &str, title: &str) -> Result<bool, TitleSearchError> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = index
            .analyzer
            .words(title)
            .into_iter()
            .map(|token| {
                let term = Term::from_field_text(index.fields.title, &token.text);
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Must, query)
            })
            .collect();
        if clauses.is_empty() {
            return Ok(false);
        }
        let searcher = index.index.reader()?.searcher();
        let hits = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(10).order_by_score(),
        )?;
        let stored = StoredDocuments::new(&searcher, &index.fields);
        for (_, address) in hits {
            if stored.document(address)?.id == id {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[test]
fn reindex_switches_generations_keeps_the_previous_and_reports_dictionary_changes() {
    let sources = tempfile::tempdir().unwrap();
    write_notice(sources.path(), "a.md", "关于推进放管服改革的通知");
    write_notice(sources.path(), "b.md", "关于全面推开营改增试点的通知");
    let root = tempfile::tempdir().unwrap();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let dictionary = UserDictionary::from_text("");
    let first = reindex(
        root.path(),
        &files,
        dictionary,
        &incremental(),
        &(),
        &TitleWords,
    )
    .unwrap();
    assert_eq!((first.generation, first.previous), (GenerationId(1), None));
    assert_eq!(first.documents, 2);
    assert!(first.dictionary.is_none());

    let grown = UserDictionary::from_text("营改增\n");
    let second = reindex(root.path(), &files, grown, &incremental(), &(), &TitleWords).unwrap();
    assert_eq!(second.generation, GenerationId(2));
    assert_eq!(second.previous, Some(GenerationId(1)));
    let change = second.dictionary.unwrap();
    assert_eq!(change.added, ["营改增"]);
    assert_eq!(change.changed_documents, ["b.md"]);

    let opened = GongbaoIndex::open(root.path()).unwrap();
    assert_eq!(opened.path(), root.path().join("gen-000002"));
    assert_eq!(opened.generation_root(), Some(root.path()));
    assert_eq!(num_docs(&opened), 2);
    // The check's search finds a document by its own title only.
    let b_title = "关于全面推开营改增试点的通知";
    assert!(TitleWords.finds(&opened, "b.md", b_title).unwrap());
    assert!(!TitleWords.finds(&opened, "a.md", b_title).unwrap());

    let third = reindex(
        root.path(),
        &files[..1],
        UserDictionary::from_text("营改增\n"),
        &incremental(),
        &(),
        &TitleWords,
    )
    .unwrap();
    assert_eq!(third.pruned, [GenerationId(1)]);
    let generations = Generations::open(root.path()).unwrap();
    assert_eq!(generations.rollback().unwrap(), GenerationId(2));
    assert_eq!(num_docs(&GongbaoIndex::open(root.path()).unwrap()), 2);
}

#[test]
fn a_generation_that_fails_its_check_is_never_made_live() {
    struct NoTitle;
    impl TitleSearch for NoTitle {
        fn finds(&self, _: &GongbaoIndex, _: &str, _: &str) -> Result<bool, TitleSearchError> {
            Ok(false)
        }
    }
    let sources = tempfile::tempdir().unwrap();
    write_notice(sources.path(), "a.md", "关于推进放管服改革的通知");
    let root = tempfile::tempdir().unwrap();
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let dictionary = UserDictionary::built_in();
    reindex(
        root.path(),
        &files,
        dictionary.clone(),
        &incremental(),
        &(),
        &TitleWords,
    )
    .unwrap();
    let error = reindex(
        root.path(),
        &files,
        dictionary,
        &incremental(),
        &(),
        &NoTitle,
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("not found by its title"),
        "{error}"
    );
    let generations = Generations::open(root.path()).unwrap();
    assert_eq!(generations.live().unwrap(), Some(GenerationId(1)));
}

#[test]
fn a_broken_sidecar_line_is_a_per_file_error_and_the_rest_is_ingested() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-sidecar");
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(std::slice::from_ref(&fixture)).unwrap();
    let report = ingest(&index, &files, &incremental(), &()).unwrap();
    // Both files are indexed; the broken line 2 is the only error, named by sidecar and line.
    assert_eq!((report.files, report.documents), (2, 2));
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let error = &report.errors[0];
    assert_eq!(error.path, fixture.join("metadata.jsonl"));
    assert!(
        matches!(error.kind, FileErrorKind::Json { line: 2, .. }),
        "{error}"
    );
    // The sidecar's good lines still apply, before and after the broken one.
    let searcher = index.index.reader().unwrap().searcher();
    let stored = StoredDocuments::new(&searcher, &index.fields);
    let document = |id: &str| {
        let query = TermQuery::new(index.fields.id_term(id), IndexRecordOption::Basic);
        let hits = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .unwrap();
        stored.document(hits[0].1).unwrap()
    };
    assert_eq!(
        document("a.md").doc_number.as_deref(),
        Some("澜政办发〔2021〕3号")
    );
    assert_eq!(
        document("sub/b.md").validity,
        gongbao_core::Validity::Repealed
    );
}
