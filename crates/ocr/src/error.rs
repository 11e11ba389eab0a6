//! Why a page could not be recognised.

use std::path::PathBuf;
use std::process::ExitStatus;
use std::sync::Arc;

/// Why recognising a page failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OcrError {
    /// `tesseract` or `pdftoppm` is not installed (or not where it was said to be).
    #[error(
        "cannot run {}: {source}: install tesseract-ocr, tesseract-ocr-chi-sim and poppler-utils",
        program.display()
    )]
    Missing {
        /// The program.
        program: PathBuf,
        /// Why it could not be started.
        source: Arc<std::io::Error>,
    },
    /// `tesseract --version` printed no version line.
    #[error("{} printed no version: install tesseract-ocr", program.display())]
    NoVersion {
        /// The program.
        program: PathBuf,
    },
    /// A program was started but could not be waited for.
    #[error("cannot wait for {}: {source}", program.display())]
    Wait {
        /// The program.
        program: PathBuf,
        /// Why.
        source: Arc<std::io::Error>,
    },
    /// `pdftoppm` failed or printed no image.
    #[error("cannot render page {page}: pdftoppm {status}")]
    Render {
        /// Physical page number.
        page: u32,
        /// pdftoppm's exit status.
        status: ExitStatus,
    },
    /// The page image is not one we can read.
    #[error("bad page image: {0}")]
    Image(&'static str),
    /// A program ran past its time limit and was stopped.
    #[error("{program} exceeded its time limit of {seconds} s")]
    TimeLimit {
        /// The program.
        program: String,
        /// The limit, in seconds.
        seconds: u64,
    },
    /// Tesseract failed: its exit status and the last line it printed on stderr.
    #[error("tesseract failed: {status}: {message}")]
    Tesseract {
        /// Tesseract's exit status.
        status: ExitStatus,
        /// Its last line on stderr.
        message: String,
    },
    /// Tesseract printed a TSV row we cannot read.
    #[error("tesseract printed a bad TSV row {row}: {text:?}")]
    BadTsv {
        /// One-based row number.
        row: usize,
        /// The row.
        text: String,
    },
    /// The worker thread recognising the page died.
    #[error("the recognition worker died")]
    WorkerDied,
}
