//! The second extractor: poppler's `pdftotext`, run as an external program on one page.

use std::path::Path;
use std::process::Command;

use super::error::PdfError;

/// The program run; `GONGBAO_PDFTOTEXT` overrides it.
pub fn program() -> String {
    std::env::var("GONGBAO_PDFTOTEXT").unwrap_or_else(|_| "pdftotext".to_owned())
}

/// Text of page `page` (1-based) of the PDF at `path`, in content-stream order (`-raw`), or why
/// there is none.
pub fn page_text(path: &Path, page: u32) -> Result<String, PdfError> {
    let page = page.to_string();
    let output = Command::new(program())
        .args(["-q", "-raw", "-enc", "UTF-8", "-f", &page, "-l", &page])
        .arg(path)
        .arg("-")
        .output()
        .map_err(PdfError::PdftotextMissing)?;
    if !output.status.success() {
        return Err(PdfError::PdftotextFailed(output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether `pdftotext` can be run.
pub fn available() -> bool {
    Command::new(program())
        .arg("-v")
        .output()
        .is_ok_and(|output| output.status.success() || !output.stderr.is_empty())
}
