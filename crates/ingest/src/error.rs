//! Errors of ingestion: per-file failures that a batch collects, and failures that stop it.

use std::path::PathBuf;
use std::sync::Arc;

/// Why one line of a JSON Lines file or of a `metadata.jsonl` sidecar was left out.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RecordError {
    /// The line is not JSON.
    #[error("{0}")]
    Syntax(#[source] Arc<serde_json::Error>),
    /// The line is JSON but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A document record has none of the text fields.
    #[error("no text (expected one of {})", expected.join(", "))]
    NoText {
        /// The fields one of which must hold the text.
        expected: &'static [&'static str],
    },
    /// A sidecar line names no file.
    #[error("no \"path\"")]
    NoPath,
}

impl From<serde_json::Error> for RecordError {
    fn from(error: serde_json::Error) -> RecordError {
        RecordError::Syntax(Arc::new(error))
    }
}

/// Why a clerk's list of relations cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RelationsError {
    /// Not a list of `{"kind", "title", "doc_number", "sentence"}` objects.
    #[error("expected a list of {{\"kind\", \"title\", \"doc_number\", \"sentence\"}}: {0}")]
    Format(#[from] serde_json::Error),
    /// An item's kind is none of those known.
    #[error("item {at}: unknown kind {kind:?} (repeals, amends or interprets)")]
    UnknownKind {
        /// The item's place in the list, from 0.
        at: usize,
        /// The kind given.
        kind: String,
    },
    /// An item gives neither a title nor a document number.
    #[error("item {at}: names no document (give a title or a doc_number)")]
    NamesNothing {
        /// The item's place in the list, from 0.
        at: usize,
    },
}

/// Why one source file yielded no documents (or fewer than it holds).
#[derive(Debug, Clone, thiserror::Error)]
pub enum FileErrorKind {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Read(#[source] Arc<std::io::Error>),
    /// The file is not valid UTF-8 text.
    #[error("not UTF-8 text")]
    Encoding,
    /// A line of a JSON Lines file or of a sidecar was left out.
    #[error("line {line}: {error}")]
    Json {
        /// One-based line number.
        line: usize,
        /// What is wrong with the line.
        #[source]
        error: RecordError,
    },
    /// The PDF yielded no pages: the parser's reason, a limit the child process ran into, or
    /// how it died.
    #[error(transparent)]
    Pdf(#[from] gongbao_pdf::ExtractError),
    /// The parser panicked on this file.
    #[error("parser crashed: {0}")]
    Panic(String),
    /// The file holds no text to index.
    #[error("no text to index")]
    Empty,
    /// Pages without a text layer, left out of the index until they are OCRed.
    #[error("needs OCR: pages {pages:?} have no text layer")]
    NeedsOcr {
        /// Physical page numbers.
        pages: Vec<u32>,
    },
    /// Pages whose text neither extractor could read.
    #[error("unreadable pages {pages:?}: {reason}")]
    UnreadablePages {
        /// Physical page numbers.
        pages: Vec<u32>,
        /// Why, for the first of them.
        reason: String,
    },
}

impl From<std::io::Error> for FileErrorKind {
    fn from(error: std::io::Error) -> FileErrorKind {
        FileErrorKind::Read(Arc::new(error))
    }
}

/// A per-file failure, with the file it concerns.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct FileError {
    /// The file, as given or found under an ingested root.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: FileErrorKind,
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

/// Why a [`TitleSearch`](crate::TitleSearch) could not search: the searcher's own error.
pub type TitleSearchError = Box<dyn std::error::Error + Send + Sync>;

/// A failure that stops an ingest: the index itself cannot be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The index could not be opened or created.
    #[error(transparent)]
    Index(#[from] gongbao_core::Error),
    /// tantivy failed while writing.
    #[error("index write failed: {0}")]
    Write(#[from] tantivy::TantivyError),
    /// A path given to ingest does not exist.
    #[error("{path}: no such file or directory")]
    MissingPath {
        /// The path given.
        path: PathBuf,
    },
    /// The ingest manifest of the index cannot be read.
    #[error("manifest {path}: {source}")]
    ManifestRead {
        /// The manifest file.
        path: PathBuf,
        /// Why it cannot be read.
        source: std::io::Error,
    },
    /// The ingest manifest of the index is not a manifest, or cannot be serialised.
    #[error("manifest {path}: {source}")]
    ManifestFormat {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        source: serde_json::Error,
    },
    /// The journal of corrections cannot be read or written.
    #[error("corrections {path}: {source}")]
    CorrectionsRead {
        /// The journal.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line of the journal of corrections is not a correction.
    #[error("corrections {path}, line {line}: {source}")]
    CorrectionsFormat {
        /// The journal.
        path: PathBuf,
        /// One-based line number (0: the correction could not be written).
        line: usize,
        /// What is wrong with it.
        source: serde_json::Error,
    },
    /// Searching a document's title in a new generation failed (not: found nothing).
    #[error("searching the title of {id}: {source}")]
    TitleSearch {
        /// The document whose title was searched.
        id: String,
        /// What the search reported.
        source: TitleSearchError,
    },
}
