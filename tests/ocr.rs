//! Scanned gazette pages from ../shared/pdf/scanned through OCR: `gongbao ingest` indexes the
//! document of each image-only PDF with its pages, marked as OCR text, found first when its title
//! is searched among the sample corpus; a second ingest of the same files recognises nothing
//! again (the cache under the index root answers) and says so.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gongbao_ingest::pdf::truth::Truth;

fn gongbao(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("gongbao runs");
    assert!(
        output.status.success(),
        "gongbao {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn scanned(shared: &Path) -> Vec<PathBuf> {
    util::pdfs(&shared.join("pdf/scanned"))
}

#[test]
fn scanned_gazettes_are_recognised_indexed_found_by_title_and_never_recognised_twice() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let files = scanned(&shared);
    assert_eq!(files.len(), 3, "three scanned PDFs");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let index = index.to_str().unwrap();
    let scanned_dir = shared.join("pdf/scanned");
    let corpus = util::repo_root().join("corpus");
    let sources = [scanned_dir.to_str().unwrap(), corpus.to_str().unwrap()];

    let mut args = vec!["ingest", "--quiet", "--index", index];
    args.extend(sources);
    let first = text(&gongbao(&args));
    let pages: usize = files
        .iter()
        .map(|pdf| Truth::load(&pdf.with_extension("json")).unwrap().pages as usize)
        .sum();
    assert!(
        first.contains(&format!("ocr: {pages} pages recognised")),
        "{first}"
    );
    assert!(first.contains("0 pages from the cache"), "{first}");
    assert!(Path::new(index).join("ocr-cache").is_dir());

    for pdf in &files {
        let truth = Truth::load(&pdf.with_extension("json")).unwrap();
        let name = pdf.file_name().unwrap().to_str().unwrap();
        for expected in &truth.documents {
            let output = gongbao(&["search", "--index", index, "--json", &expected.title]);
            let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            let hit = &response["hits"][0];
            let id = hit["id"].as_str().unwrap();
            assert!(
                id.starts_with(&format!("{name}#")),
                "{name}: first hit {id}"
            );
            assert_eq!(
                hit["source"]["pages"],
                serde_json::json!([expected.first_page, expected.last_page]),
                "{name}"
            );
            let confidence = hit["source"]["ocr"]["confidence"].as_u64().unwrap();
            assert!((50..=100).contains(&confidence), "{name}: {confidence}");
            let printed = text(&gongbao(&["search", "--index", index, &expected.title]));
            assert!(printed.contains("OCR text from scanned pages"), "{printed}");
        }
    }

    let mut again = vec!["ingest", "--quiet", "--force", "--index", index];
    again.extend(sources);
    let second = text(&gongbao(&again));
    assert!(
        second.contains(&format!(
            "ocr: no page recognised, {pages} pages from the cache"
        )),
        "{second}"
    );
}

#[test]
fn without_tesseract_each_scanned_file_fails_with_a_reason_and_the_batch_goes_on() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let scanned_dir = shared.join("pdf/scanned");
    let corpus = util::repo_root().join("corpus");
    let output = Command::new(env!("CARGO_BIN_EXE_gongbao"))
        .args([
            "ingest",
            "--quiet",
            "--tesseract",
            "/nonexistent/tesseract",
            "--index",
        ])
        .arg(&index)
        .arg(&scanned_dir)
        .arg(&corpus)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    for pdf in scanned(&shared) {
        let name = pdf.file_name().unwrap().to_str().unwrap();
        let line = stdout
            .lines()
            .find(|line| line.contains(name))
            .unwrap_or_else(|| panic!("{name} not reported: {stdout}"));
        assert!(
            line.contains("OCR failed") && line.contains("cannot run /nonexistent/tesseract"),
            "{line}"
        );
    }
    assert!(stdout.contains("8 pages failed"), "{stdout}");
    let documents = stdout
        .lines()
        .find_map(|line| line.strip_prefix("indexed "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.parse::<usize>().ok())
        .unwrap();
    assert!(documents > 0, "the corpus is still indexed: {stdout}");
}

/// The body characters of page `number` of a scanned PDF's ground truth, header and page number
/// left out, and what OCR made of `image`, compared as bags of characters.
fn page_accuracy(truth: &Truth, number: u32, recognised: &gongbao_ocr::OcrPage) -> f64 {
    use gongbao_ingest::pdf::measure::Accuracy;
    use gongbao_ingest::pdf::truth::page_scores;

    let page = gongbao_pdf::ocr_page(number, recognised);
    page_scores(&[page], truth)
        .into_iter()
        .find(|(page, _)| *page == number)
        .map(|(_, accuracy): (u32, Accuracy)| accuracy.score())
        .unwrap()
}

#[test]
fn a_page_scanned_askew_is_straightened_and_read_as_well() {
    let Some(shared) = util::shared_dir() else {
        return;
    };
    let pdf = shared.join("pdf/scanned/scanned-3-gazette-yanchuan-2021-02-p2-4.pdf");
    let truth = Truth::load(&pdf.with_extension("json")).unwrap();
    let settings = gongbao_ocr::Settings::default();
    let image = gongbao_ocr::render::render(&settings.pdftoppm, &pdf, 2, settings.dpi).unwrap();
    let straight = gongbao_ocr::recognizer::recognise_image(&image, &settings).unwrap();
    let askew = gongbao_ocr::recognizer::recognise_image(&image.rotated(1.5), &settings).unwrap();
    assert!(
        (askew.skew + 1.5).abs() <= 0.25,
        "skew found {}",
        askew.skew
    );
    assert!(askew.two_columns);
    let (before, after) = (
        page_accuracy(&truth, 2, &straight),
        page_accuracy(&truth, 2, &askew),
    );
    eprintln!("page 2 straight {before:.4}, turned 1.5° {after:.4}");
    assert!(after >= 0.97 && after >= before - 0.02, "{before} {after}");
}

/// An extractor whose pages all have a garbage text layer.
#[derive(Debug)]
struct Garbage;

impl gongbao_pdf::Extractor for Garbage {
    fn extract(
        &self,
        path: &Path,
        bytes: &[u8],
    ) -> Result<Vec<gongbao_pdf::Page>, gongbao_pdf::ExtractError> {
        let mut pages = gongbao_pdf::InProcess.extract(path, bytes)?;
        for page in &mut pages {
            page.problem = Some("unreadable text (no usable ToUnicode map)".to_owned());
        }
        Ok(pages)
    }
}

#[test]
fn pages_with_a_garbage_text_layer_are_recognised_too() {
    use gongbao_ingest::pdf::read_pdf;
    use gongbao_pdf::OcrExtractor;
    use std::sync::Arc;

    let Some(shared) = util::shared_dir() else {
        return;
    };
    let pdf = shared.join("pdf/scanned/scanned-1-gazette-heyang-2020-05-p7-8.pdf");
    let truth = Truth::load(&pdf.with_extension("json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let recognizer = Arc::new(gongbao_ocr::Recognizer::new(gongbao_ocr::Settings {
        cache: Some(dir.path().join("ocr-cache")),
        ..gongbao_ocr::Settings::default()
    }));
    let extractor = OcrExtractor {
        inner: Arc::new(Garbage),
        recognizer: recognizer.clone(),
        progress: Arc::new(()),
    };
    let bytes = std::fs::read(&pdf).unwrap();
    let (documents, errors) = read_pdf("scan.pdf", &pdf, &bytes, &extractor);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(documents.len(), 1);
    let expected = &truth.documents[0];
    assert_eq!(
        documents[0].source.pages,
        Some((expected.first_page, expected.last_page))
    );
    assert!(documents[0].source.ocr.is_some());
    assert!(
        documents[0].body.contains("人社厅函〔2020〕24号"),
        "{}",
        documents[0].body
    );
    assert_eq!(recognizer.stats().recognised, 2);
    let (again, _) = read_pdf("scan.pdf", &pdf, &bytes, &extractor);
    assert_eq!(again, documents, "the cache gives the same documents");
    assert_eq!(
        (recognizer.stats().recognised, recognizer.stats().cached),
        (2, 2)
    );
}
