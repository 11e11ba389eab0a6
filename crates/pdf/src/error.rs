//! Why extraction failed: a whole PDF that yielded no pages ([`ExtractError`]), and a step of
//! extraction that failed with the error of the library or program below it ([`PdfError`]).

use std::path::PathBuf;
use std::process::ExitStatus;
use std::sync::Arc;

/// Why a whole PDF yielded no pages, in this process or in the child process.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExtractError {
    /// The PDF could not be parsed: the parser's reason, as the child process printed it.
    #[error("unreadable PDF: {0}")]
    Unreadable(String),
    /// Extraction ran past its time limit and was stopped.
    #[error("extraction exceeded its time limit of {seconds} s")]
    TimeLimit {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// Extraction ran out of its memory limit.
    #[error("extraction exceeded its memory limit of {megabytes} MB")]
    MemoryLimit {
        /// The limit, in megabytes.
        megabytes: u64,
    },
    /// The extraction process died (stack overflow, abort, signal): its exit status and the
    /// last line it printed, which is all another process leaves.
    #[error("extraction process died: {0}")]
    Crashed(String),
    /// The extraction process could not be started or waited for.
    #[error("cannot run the extraction process: {0}")]
    Process(#[source] Arc<std::io::Error>),
    /// The extraction process exited normally but printed no pages.
    #[error("bad extractor output: {0}")]
    BadOutput(#[source] Arc<serde_json::Error>),
}

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
