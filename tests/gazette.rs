//! Gazette PDFs from ../shared/pdf: every issue split into its documents with the right pages
//! and issue, every real-world file readable or failing with a reason, and corrupted PDFs going
//! through a batch in a limited child process without stopping it, as does every input of the
//! `pdf_isolated` fuzz corpus.

mod util;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use gongbao_core::{GongbaoIndex, UserDictionary};
use gongbao_ingest::pdf::read_pdf;
use gongbao_ingest::pdf::truth::Truth;
use gongbao_ingest::{discover, ingest, FileErrorKind, IngestOptions, Manifest};
use gongbao_pdf::{ChildProcess, ExtractError, InProcess, Limits};
use gongbao_query::{Engine, SearchRequest};

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

#[test]
fn every_issue_splits_into_its_documents_with_pages_and_issue() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let mut total = 0;
    for pdf in util::pdfs(&shared.join("pdf/gazettes")) {
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

    // A search result cites the issue and pages it was printed on, in the JSON the API serves.
    let truth = Truth::load(&shared.join("pdf/gazettes/gazette-lanjiang-2020-04.json")).unwrap();
    let printed = &truth.documents[0];
    let pages = if printed.first_page == printed.last_page {
        format!("p. {}", printed.first_page)
    } else {
        format!("pp. {}–{}", printed.first_page, printed.last_page)
    };
    let expected = format!(
        "{} {}年第{}期, {pages}",
        truth.publication, truth.year, truth.number
    );
    let engine = Engine::new(index).unwrap();
    let response = engine
        .search(&SearchRequest::new(printed.title.as_str()))
        .unwrap();
    let first = serde_json::to_value(&response.hits[0]).unwrap();
    assert_eq!(first["title"]["text"], printed.title.as_str(), "{first}");
    assert_eq!(first["citation"], expected.as_str());
    let id = first["id"].as_str().unwrap();
    let view = serde_json::to_value(
        engine
            .document(id, gongbao_query::today())
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(view["citation"], expected.as_str());
}

#[test]
fn every_real_world_file_yields_chinese_or_a_reason() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let extractor = child();
    for pdf in util::pdfs(&shared.join("pdf/realworld"))
        .into_iter()
        .chain(util::pdfs(&shared.join("pdf/scanned")))
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

/// A small valid PDF whose objects sit at the offsets its xref table gives, so damage in it
/// reaches the parsers instead of being refused at the trailer: one page drawing 目录 in a
/// non-embedded 黑体 with the predefined CMap GBK-EUC-H (read by our own content reader).
/// `page_extra` goes into the page dictionary, `content` is the page's content stream, and
/// `claimed` is the entry count the xref table and trailer claim (the real count when `None`).
fn small_pdf(page_extra: &[u8], content: &[u8], claimed: Option<u64>) -> Vec<u8> {
    let mut page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
        /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R"
        .to_vec();
    page.extend(page_extra);
    page.extend(b" >>");
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(content);
    stream.extend(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        page,
        stream,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimHei /Encoding /GBK-EUC-H \
            /DescendantFonts [6 0 R] >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimHei /DW 1000 \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> >>"
            .to_vec(),
    ];
    util::pdf_of_objects(&objects, claimed)
}

/// Damaged PDFs: a real issue truncated and with bytes flipped; valid small files with a
/// nesting bomb in the page dictionary and in the content stream, and an xref table claiming
/// two billion entries.
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
    let mut bomb = vec![b'['; depth];
    bomb.extend(std::iter::repeat_n(b']', depth));
    let text = b"BT /F1 12 Tf 72 720 Td <C4BFC2BC> Tj ET";
    let mut nested_page = b" /X ".to_vec();
    nested_page.extend(&bomb);
    let mut nested_content = b"BT /F1 12 Tf 72 720 Td <C4BFC2BC> Tj ".to_vec();
    nested_content.extend(&bomb);
    nested_content.extend(b" TJ ET");
    vec![
        ("truncated.pdf", truncated),
        ("flipped.pdf", flipped),
        ("nested.pdf", small_pdf(&nested_page, text, None)),
        ("nested-content.pdf", small_pdf(b"", &nested_content, None)),
        ("huge-xref.pdf", small_pdf(b"", text, Some(2_000_000_000))),
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
    assert_eq!(report.files, 6);
    for error in &report.errors {
        eprintln!("{error}");
        assert!(!error.path.ends_with("zz-good.pdf"), "{error}");
    }
    // The intact issue is indexed whatever happened to the damaged ones before it.
    assert!(report.documents >= 5, "{}", report.documents);
    let error_of = |name: &str| {
        report
            .errors
            .iter()
            .find(|error| error.path.ends_with(name))
            .map(|error| error.kind.to_string())
    };
    // The generated files are valid up to their damage: the parsers see them, nothing refuses
    // them at the trailer. A bomb lopdf refuses leaves the file to pdftotext or to a reason; the
    // lying xref costs nothing.
    for name in ["nested.pdf", "nested-content.pdf", "huge-xref.pdf"] {
        if let Some(error) = error_of(name) {
            assert!(
                !error.contains("trailer") && !error.contains("cross reference"),
                "{name}: {error}"
            );
        }
    }
    assert_eq!(error_of("huge-xref.pdf"), None);

    // Each damaged file fails with its reason or is read in spite of its damage, never both
    // nor neither. The truncated and flipped issues lose their trailer and cross-reference
    // table: no reader recovers them. lopdf refuses the nesting bombs, and pdftotext (when
    // installed, as in CI) reads their page.
    let manifest = Manifest::load(dir.path()).unwrap();
    let documents_of = |name: &str| manifest.sources[name].documents.len();
    let pdftotext = gongbao_pdf::fallback::available();
    for (name, fails) in [
        ("truncated.pdf", true),
        ("flipped.pdf", true),
        ("nested.pdf", !pdftotext),
        ("nested-content.pdf", !pdftotext),
        ("huge-xref.pdf", false),
    ] {
        let error = error_of(name);
        assert_eq!(error.is_some(), fails, "{name}: {error:?}");
        assert_eq!(documents_of(name) == 0, fails, "{name}");
    }
    for name in ["truncated.pdf", "flipped.pdf"] {
        let error = report
            .errors
            .iter()
            .find(|error| error.path.ends_with(name));
        assert!(
            matches!(
                error.map(|error| &error.kind),
                Some(FileErrorKind::Pdf(ExtractError::Unreadable(_)))
            ),
            "{name}: {error:?}"
        );
    }
}

/// The committed corpus of the `pdf_isolated` fuzz target (fuzz/corpus/pdf_isolated), through
/// the same child process `gongbao ingest` runs: every file gives pages or a classified error.
#[test]
fn the_pdf_isolated_fuzz_corpus_replays_through_the_child() {
    let extractor = child();
    let replayed = gongbao_core::fuzzing::replay("pdf_isolated", |data| {
        gongbao_pdf::fuzzing::pdf_isolated(data, &extractor)
    });
    assert!(replayed > 0);
}
