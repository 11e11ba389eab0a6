//! Ingest at scale: files read by a pool of workers give what one thread gives, the closing
//! merge never races tantivy's background merges, and a large index is not rewritten into one
//! segment by every ingest.

use std::path::Path;

use gongbao_core::{GongbaoIndex, UserDictionary};
use gongbao_ingest::{discover, ingest, FileErrorKind, IngestOptions, IngestReport, Manifest};

fn options(threads: usize) -> IngestOptions {
    IngestOptions {
        threads,
        writer_memory: (15 << 20) * threads.max(1),
        ..IngestOptions::default()
    }
}

fn num_docs(index: &GongbaoIndex) -> u64 {
    index.index.reader().unwrap().searcher().num_docs()
}

fn segment_ids(index: &GongbaoIndex) -> Vec<String> {
    let mut ids: Vec<String> = (index.index.searchable_segment_ids().unwrap())
        .iter()
        .map(|id| id.uuid_string())
        .collect();
    ids.sort();
    ids
}

/// `count` one-notice Markdown files, n000.md up.
fn notices(dir: &Path, count: usize) {
    for number in 0..count {
        let text = format!("# 关于第{number}批项目的通知\n\n各区人民政府：现将第{number}批项目有关事项通知如下。\n");
        std::fs::write(dir.join(format!("n{number:03}.md")), text).unwrap();
    }
}

fn ingest_folder(folder: &Path, options: &IngestOptions) -> (tempfile::TempDir, IngestReport) {
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[folder.to_path_buf()]).unwrap();
    let report = ingest(&index, &files, options, &()).unwrap();
    (dir, report)
}

#[test]
fn a_closing_merge_with_a_background_merge_in_flight_ends_without_error_in_one_segment() {
    // A commit per file: the eighth commit makes tantivy's merge policy merge the eight segments
    // in the background, and long bodies keep that merge running when the closing merge starts.
    // The closing merge used to take the same segments and fail with "segments … could not be
    // found in the SegmentManager" when the background merge replaced them first.
    let sources = tempfile::tempdir().unwrap();
    for number in 0..8 {
        let body: String = (0..4_000)
            .map(|line| format!("第{line}项工作由第{number}批牵头部门负责落实。"))
            .collect();
        let text = format!("# 关于第{number}批工作任务的通知\n\n{body}\n");
        std::fs::write(sources.path().join(format!("n{number}.md")), text).unwrap();
    }
    let options = IngestOptions {
        commit_every: 1,
        ..options(1)
    };
    for _ in 0..3 {
        let (dir, report) = ingest_folder(sources.path(), &options);
        assert_eq!((report.documents, report.segments), (8, 1));
        let index = GongbaoIndex::open(dir.path()).unwrap();
        assert_eq!(segment_ids(&index).len(), 1);
        assert_eq!(num_docs(&index), 8);
    }
}

#[test]
fn above_the_single_segment_limit_an_ingest_adds_segments_without_rewriting_the_old() {
    let sources = tempfile::tempdir().unwrap();
    notices(sources.path(), 3);
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let options = IngestOptions {
        commit_every: 1,
        single_segment_limit: 1,
        skip_unchanged: true,
        ..options(1)
    };
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let first = ingest(&index, &files, &options, &()).unwrap();
    // Three commits of one document each; the ingest wrote the whole index (a bulk load), so it
    // ends merged above the limit too.
    assert_eq!((first.documents, first.segments), (3, 1));
    let before = segment_ids(&index);

    notices(sources.path(), 4);
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let second = ingest(&index, &files, &options, &()).unwrap();
    // One document of four: the old segment stays as it is, the new one beside it.
    assert_eq!(
        (second.documents, second.skipped, second.segments),
        (1, 3, 2)
    );
    let after = segment_ids(&index);
    assert!(
        before.iter().all(|id| after.contains(id)),
        "{before:?} {after:?}"
    );
    assert_eq!(num_docs(&index), 4);

    // Two of six: still under half, no rewrite.
    notices(sources.path(), 6);
    let files = discover(&[sources.path().to_path_buf()]).unwrap();
    let third = ingest(&index, &files, &options, &()).unwrap();
    assert_eq!((third.documents, third.skipped), (2, 4));
    assert!(third.segments > 1, "{third:?}");
    assert!(
        segment_ids(&index).iter().any(|id| before.contains(id)),
        "the merged segment of the first ingest was rewritten"
    );
    assert_eq!(num_docs(&index), 6);

    // Every file read again: the ingest rewrote the index, which ends in one segment with the
    // replaced documents gone.
    let all = IngestOptions {
        skip_unchanged: false,
        ..options
    };
    let fourth = ingest(&index, &files, &all, &()).unwrap();
    assert_eq!((fourth.documents, fourth.segments), (6, 1));
    assert_eq!(num_docs(&index), 6);
    assert!(segment_ids(&index).iter().all(|id| !before.contains(id)));
}

/// A JSON Lines record a line; every 97th line is not JSON and every 10th has no id.
fn records(prefix: &str, lines: usize) -> String {
    let mut text = String::new();
    for line in 1..=lines {
        if line % 97 == 0 {
            text.push_str("not json\n");
        } else if line % 10 == 0 {
            text.push_str(&format!("{{\"text\": \"第{line}行的通知正文\"}}\n"));
        } else {
            text.push_str(&format!(
                "{{\"id\": \"{prefix}{line}\", \"title\": \"关于第{line}号事项的通知\", \"text\": \"第{line}行的通知正文。\", \"validity\": \"有效\"}}\n"
            ));
        }
    }
    text
}

#[test]
fn a_json_lines_file_of_many_chunks_gives_the_same_documents_and_errors_on_any_number_of_workers() {
    let sources = tempfile::tempdir().unwrap();
    std::fs::write(sources.path().join("big.jsonl"), records("r", 2_500)).unwrap();
    std::fs::write(sources.path().join("small.jsonl"), records("s", 3)).unwrap();
    std::fs::write(
        sources.path().join("latin1.jsonl"),
        b"{\"text\": \"caf\xe9\"}\n",
    )
    .unwrap();
    let mut runs = Vec::new();
    for threads in [1, 3] {
        let (dir, report) = ingest_folder(sources.path(), &options(threads));
        let manifest = Manifest::load(dir.path()).unwrap();
        let index = GongbaoIndex::open(dir.path()).unwrap();
        assert_eq!(num_docs(&index) as usize, report.documents);
        runs.push((report, manifest));
    }
    let (report, manifest) = &runs[0];
    // 25 bad lines in the large file; the Latin-1 file is not UTF-8 and gives nothing.
    assert_eq!(report.documents, 2_500 - 25 + 3);
    let lines: Vec<usize> = (report.errors.iter())
        .filter_map(|error| match error.kind {
            FileErrorKind::Json { line, .. } => Some(line),
            _ => None,
        })
        .collect();
    assert_eq!(lines, (1..=25).map(|n| n * 97).collect::<Vec<_>>());
    assert!(matches!(report.errors[0].kind, FileErrorKind::Json { .. }));
    assert!(matches!(report.errors[25].kind, FileErrorKind::Encoding));
    let big = &manifest.sources["big.jsonl"].documents;
    assert_eq!(big.len(), 2_475);
    // Records without an id are named by their line in the whole file, not in a chunk.
    assert!(big.contains(&"big.jsonl#2490".to_owned()));
    assert!(big.contains(&"r2499".to_owned()));
    assert_eq!(report.fields.validity, runs[1].0.fields.validity);
    // The same errors, at the same paths, in the same order.
    let described = |report: &IngestReport| -> Vec<String> {
        report
            .errors
            .iter()
            .map(|error| format!("{}: {}", error.path.display(), error.kind))
            .collect()
    };
    assert_eq!(described(&runs[0].0), described(&runs[1].0));
    assert_eq!(runs[0].1, runs[1].1);
}
