//! Errors of the core crate.

use std::path::PathBuf;

/// What can go wrong when creating, opening or writing a gongbao index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The directory holds no gongbao index.
    #[error("no gongbao index at {path}: run `gongbao ingest` first")]
    NoIndex {
        /// The directory looked at.
        path: PathBuf,
    },
    /// The index was written by a version of gongbao with another schema.
    #[error("index at {path} has schema version {found}, this gongbao reads version {expected}: rebuild it with `gongbao ingest`")]
    SchemaVersion {
        /// The index directory.
        path: PathBuf,
        /// Version found in the index.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The index schema lacks a field this build needs.
    #[error("index schema has no field `{name}`")]
    MissingField {
        /// The missing field.
        name: &'static str,
    },
    /// A stored document could not be read back.
    #[error("stored document is unreadable: {0}")]
    StoredDocument(#[from] serde_json::Error),
    /// A document of the index has no stored metadata.
    #[error("document {doc} of the index has no stored metadata")]
    NoMetadata {
        /// The document's id within its segment.
        doc: u32,
    },
    /// A file of the index directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The pointer file of an index root names no generation.
    #[error("{path} does not name an index generation")]
    BadPointer {
        /// The pointer file.
        path: PathBuf,
    },
    /// A generation the pointer names, or a rollback needs, is missing.
    #[error("no index generation at {path}")]
    NoGeneration {
        /// The generation directory (or the pointer file when there is none).
        path: PathBuf,
    },
    /// There is no previous generation to roll back to.
    #[error("index root {root} has no previous generation to roll back to")]
    NoPrevious {
        /// The index root.
        root: PathBuf,
    },
    /// Another process is writing the index.
    #[error("another gongbao process is writing this index (lock {path} is held)")]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// A generation failed its checks before being switched to.
    #[error("index generation at {path} failed its check: {reason}")]
    Check {
        /// The generation directory.
        path: PathBuf,
        /// What the check found.
        reason: String,
    },
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Result with the core error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
