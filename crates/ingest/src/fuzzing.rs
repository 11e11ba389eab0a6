//! What the ingest fuzz targets in `fuzz/` check, here so that `cargo test` replays their
//! corpora without libFuzzer (see `gongbao_core::fuzzing`).

use std::path::Path;

use gongbao_pdf::InProcess;

use crate::error::FileErrorKind;
use crate::json::parse_json_lines;
use crate::pdf::read_pdf;
use crate::sidecar::parse_sidecar;

/// The one-based numbers of the lines of `text` that are not blank.
fn content_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, _)| index + 1)
        .collect()
}

fn error_lines(errors: &[FileErrorKind]) -> Vec<usize> {
    errors
        .iter()
        .map(|error| match error {
            FileErrorKind::Json { line, .. } => *line,
            other => panic!("not a line error: {other:?}"),
        })
        .collect()
}

/// `json_lines`: a JSON Lines file yields, for every line that is not blank, a document or an
/// error naming that line, in order; nothing panics.
pub fn json_lines(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (documents, errors) = parse_json_lines("fuzz.jsonl", &text);
    let lines = content_lines(&text);
    assert_eq!(documents.len() + errors.len(), lines.len());
    let failed = error_lines(&errors);
    assert!(failed.iter().all(|line| lines.contains(line)), "{failed:?}");
    assert!(
        failed.windows(2).all(|pair| pair[0] < pair[1]),
        "{failed:?}"
    );
    for document in &documents {
        assert!(!document.id.is_empty() && !document.body.trim().is_empty());
    }
}

/// `sidecar`: a `metadata.jsonl` yields an entry or an error naming the line for every line
/// that is not blank (a later line for the same path replaces an earlier one); nothing panics.
pub fn sidecar(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (entries, errors) = parse_sidecar(&text);
    let lines = content_lines(&text);
    let failed = error_lines(&errors);
    assert!(entries.len() + failed.len() <= lines.len());
    assert!(failed.iter().all(|line| lines.contains(line)), "{failed:?}");
    assert!(entries.is_empty() == (failed.len() == lines.len()));
}

/// `pdf`: any bytes read as a PDF in this process yield documents or a reason, never both
/// nothing and no reason; parser panics are caught inside and are no finding. (Endless loops,
/// memory bombs and stack overflows are findings here; in production the child process of
/// [`gongbao_pdf::ChildProcess`] contains them, which `gongbao_pdf::fuzzing::pdf_isolated`
/// checks.)
pub fn pdf(data: &[u8]) {
    let (documents, errors) = read_pdf("fuzz.pdf", Path::new("fuzz.pdf"), data, &InProcess);
    assert!(!documents.is_empty() || !errors.is_empty());
}

#[cfg(test)]
mod tests {
    use gongbao_core::fuzzing::replay;

    #[test]
    fn the_json_lines_and_sidecar_fuzz_corpora_replay() {
        assert!(replay("json_lines", super::json_lines) > 0);
        assert!(replay("sidecar", super::sidecar) > 0);
    }

    #[test]
    fn the_pdf_fuzz_corpus_replays_in_process() {
        assert!(replay("pdf", super::pdf) > 0);
    }
}
