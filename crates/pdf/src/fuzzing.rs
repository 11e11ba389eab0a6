//! What the PDF fuzz target `pdf_isolated` in `fuzz/` checks, here so that tests run the same
//! check without libFuzzer.

use crate::{ChildProcess, ExtractError, Extractor};

/// `pdf_isolated`: any bytes extracted through the child process yield pages or a per-file
/// error that says why (a parser reason, a limit, a crash), never a broken exchange with the
/// child.
pub fn pdf_isolated(data: &[u8], extractor: &ChildProcess) {
    let file = tempfile_path();
    std::fs::write(&file, data).expect("scratch PDF");
    let result = extractor.extract(&file, data);
    let _ = std::fs::remove_file(&file);
    if let Err(error) = result {
        assert!(
            !matches!(error, ExtractError::Process(_) | ExtractError::BadOutput(_)),
            "{error}"
        );
    }
}

fn tempfile_path() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "gongbao-fuzz-{}-{}.pdf",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}
