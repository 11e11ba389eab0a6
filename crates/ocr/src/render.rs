//! Rasterising one PDF page with poppler's `pdftoppm` into a gray image.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::error::OcrError;
use crate::process;

/// How long rendering one page may take.
const TIME_LIMIT: Duration = Duration::from_secs(60);
use crate::gray::Gray;

/// Page `number` (1-based) of `pdf` at `dpi`, 8-bit gray.
pub fn render(program: &Path, pdf: &Path, number: u32, dpi: u32) -> Result<Gray, OcrError> {
    let page = number.to_string();
    let mut command = Command::new(program);
    command
        .args([
            "-q",
            "-gray",
            "-r",
            &dpi.to_string(),
            "-f",
            &page,
            "-l",
            &page,
        ])
        .arg(pdf);
    let output = process::run(command, program, b"", TIME_LIMIT)?;
    if !output.status.success() || output.stdout.is_empty() {
        return Err(OcrError::Render {
            page: number,
            status: output.status,
        });
    }
    Gray::from_pgm(&output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_pdf_is_a_render_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("broken.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\nnot really").unwrap();
        let error = render(Path::new("pdftoppm"), &pdf, 1, 150).unwrap_err();
        assert!(
            matches!(error, OcrError::Render { .. } | OcrError::Missing { .. }),
            "{error}"
        );
    }
}
