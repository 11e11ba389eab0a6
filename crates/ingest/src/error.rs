//! Errors of ingestion: per-file failures that a batch collects, and failures that stop it.

use std::path::PathBuf;

/// Why one source file yielded no documents (or fewer than it holds).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileErrorKind {
    /// The file could not be read.
    #[error("cannot read file: {0}")]
    Read(String),
    /// The file is not valid UTF-8 text.
    #[error("not UTF-8 text")]
    Encoding,
    /// A JSON Lines record is not a JSON object with text.
    #[error("line {line}: {reason}")]
    Json {
        /// One-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// The PDF could not be parsed.
    #[error("unreadable PDF: {0}")]
    Pdf(String),
    /// The parser panicked on this file.
    #[error("parser crashed: {0}")]
    Panic(String),
    /// The file holds no text to index.
    #[error("no text to index")]
    Empty,
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
    /// The extraction process died (stack overflow, abort, signal).
    #[error("extraction process died: {0}")]
    Crashed(String),
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

/// A per-file failure, with the file it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct FileError {
    /// The file, as given or found under an ingested root.
    pub path: PathBuf,
    /// What went wrong.
    pub kind: FileErrorKind,
}

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
    /// The ingest manifest of the index is unreadable or cannot be written.
    #[error("manifest {path}: {reason}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A sidecar metadata file is unreadable.
    #[error("{path}: {reason}")]
    Sidecar {
        /// The sidecar file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}
