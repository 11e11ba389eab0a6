//! Why a step of PDF extraction failed, with the error of the library or program below it.

use std::path::PathBuf;
use std::process::ExitStatus;

/// A failed step of extracting text from a PDF. A page or file it concerns is then read by
/// another method or reported with this as its reason.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// lopdf cannot parse the file.
    #[error("{0}")]
    Parse(#[source] lopdf::Error),
    /// The file is encrypted with a password other than the empty one.
    #[error("encrypted: {0}")]
    Encrypted(#[source] lopdf::Error),
    /// A page's content streams cannot be found or decompressed.
    #[error("page content: {0}")]
    PageContent(#[source] lopdf::Error),
    /// A content stream is not a sequence of operations.
    #[error("content stream: {0}")]
    ContentStream(#[source] lopdf::Error),
    /// A page holds more operations or glyphs than the content reader draws.
    #[error("page too large for the content reader")]
    PageTooLarge,
    /// The scratch copy of the PDF for `pdftotext` cannot be written.
    #[error("cannot write {path}: {source}")]
    Scratch {
        /// The scratch file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `pdftotext` cannot be started.
    #[error("pdftotext not available: {0}")]
    PdftotextMissing(#[source] std::io::Error),
    /// `pdftotext` ran and failed.
    #[error("pdftotext failed: {0}")]
    PdftotextFailed(ExitStatus),
}

/// Why a ground-truth file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TruthError {
    /// The file cannot be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a ground truth.
    #[error("{path}: {source}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: serde_json::Error,
    },
}
