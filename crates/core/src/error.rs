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
    /// A file of the index directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Result with the core error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
