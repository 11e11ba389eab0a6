//! Gazette PDFs from ../shared/pdf: every issue split into its documents with the right pages
//! and issue, every real-world file readable or failing with a reason, and corrupted PDFs going
//! through a batch in a limited child process without stopping it.

mod util;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use gongbao_core::{GongbaoIndex, UserDictionary};
use gongbao_ingest::pdf::truth::Truth;
use gongbao_ingest::pdf::{read_pdf, ChildProcess, InProcess, Limits};
use gongbao_ingest::{discover, ingest, FileErrorKind, IngestOptions};

fn child() -> ChildProcess {
    ChildProcess {
        program: PathBuf::from(env!("CARGO_BIN_EXE_gongbao")),
        args: vec!["extract-pdf".to_owned()],
        limits: Limits {
            time: Duration::from_secs(60),
            memory: 1 << 30,
        },
    }
}

fn pdfs(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_issue_splits_into_its_documents_with_pages_and_issue() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let mut total = 0;
    for pdf in pdfs(&shared.join("pdf/gazettes")) {
        let truth = Truth::load(&pdf.with_extension("json")).unwrap();
        let bytes = std::fs::read(&pdf).unwrap();
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let (documents, errors) = read_pdf(&name, &pdf, &bytes, &InProcess);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(documents.len(), truth.documents.len(), "{name}");
        for (index, (document, expected)) in documents.iter().zip(&truth.documents).enumerate() {
            assert_eq!(document.id, format!("{name}#{}", index + 1));
            assert_eq!(document.title, expected.title, "{name}");
            assert_eq!(
                document.source.pages,
                Some((expected.first_page, expected.last_page)),
                "{name}: {}",
                expected.title
            );
            let issue = document.source.issue.as_ref().expect("issue");
            assert_eq!(
                (issue.gazette.as_str(), issue.year, issue.number),
                (truth.publication.as_str(), truth.year, truth.number)
            );
            let citation = document.source.citation().unwrap();
            assert!(citation.contains(&format!("{}年第{}期, p", truth.year, truth.number)));
        }
        total += documents.len();
    }
    assert_eq!(total, 152);
}

#[test]
fn ingesting_the_gazettes_indexes_152_documents() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[shared.join("pdf/gazettes")]).unwrap();
    let options = IngestOptions {
        pdf: Arc::new(child()),
        ..IngestOptions::default()
    };
    let report = ingest(&index, &files, &options, &()).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.documents, 152);
}

#[test]
fn every_real_world_file_yields_chinese_or_a_reason() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let extractor = child();
    for pdf in pdfs(&shared.join("pdf/realworld"))
        .into_iter()
        .chain(pdfs(&shared.join("pdf/scanned")))
    {
        let bytes = std::fs::read(&pdf).unwrap();
        let (documents, errors) = read_pdf("x.pdf", &pdf, &bytes, &extractor);
        let text: String = documents
            .iter()
            .map(|document| document.body.clone())
            .collect();
        let readable = text
            .chars()
            .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
            || text
                .chars()
                .any(|ch| ('\u{3040}'..='\u{30ff}').contains(&ch));
        assert!(
            readable || !errors.is_empty(),
            "{}: {text:?}",
            pdf.display()
        );
        if pdf.to_string_lossy().contains("scanned") {
            assert!(documents.is_empty(), "a scan is never an empty document");
            assert!(
                matches!(errors[0], FileErrorKind::NeedsOcr { .. }),
                "{errors:?}"
            );
        }
    }
}

/// Damaged copies of a real issue: truncated, bytes flipped, deeply nested, a huge xref.
fn corrupted(original: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let truncated = original[..original.len() / 3].to_vec();
    let mut flipped = original.to_vec();
    let mut state = 12345u64;
    for _ in 0..2000 {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
        let at = (state >> 20) as usize % flipped.len();
        flipped[at] ^= 0xff;
    }
    let depth = 200_000;
    let mut nested = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X ".to_vec();
    nested.extend(std::iter::repeat_n(b'[', depth));
    nested.extend(std::iter::repeat_n(b']', depth));
    nested.extend(b" >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let mut huge_xref =
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nxref\n0 2000000000\n".to_vec();
    huge_xref.extend(b"0000000000 65535 f \n".repeat(1000));
    huge_xref.extend(b"trailer\n<< /Size 2000000000 /Root 1 0 R >>\nstartxref\n40\n%%EOF\n");
    vec![
        ("truncated.pdf", truncated),
        ("flipped.pdf", flipped),
        ("nested.pdf", nested),
        ("huge-xref.pdf", huge_xref),
    ]
}

#[test]
fn corrupted_pdfs_fail_alone_and_the_batch_goes_on() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let good = shared.join("pdf/gazettes/gazette-lanjiang-2020-04.pdf");
    let original = std::fs::read(&good).unwrap();
    let source = tempfile::tempdir().unwrap();
    for (name, bytes) in corrupted(&original) {
        std::fs::write(source.path().join(name), bytes).unwrap();
    }
    std::fs::write(source.path().join("zz-good.pdf"), &original).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
    let files = discover(&[source.path().to_path_buf()]).unwrap();
    let options = IngestOptions {
        pdf: Arc::new(child()),
        ..IngestOptions::default()
    };
    let report = ingest(&index, &files, &options, &()).unwrap();
    assert_eq!(report.files, 5);
    for error in &report.errors {
        eprintln!("{error}");
        assert!(!error.path.ends_with("zz-good.pdf"), "{error}");
    }
    // The intact issue is indexed whatever happened to the damaged ones before it.
    assert!(report.documents >= 5, "{}", report.documents);
    let nested = report
        .errors
        .iter()
        .find(|error| error.path.ends_with("nested.pdf"));
    assert!(
        nested.is_some(),
        "a nesting bomb is an error, not a document"
    );
}
