//! The error of the log: only the directory itself failing is one. A bad line or an unreadable
//! day file is reported in what was read, never an error.

use std::path::{Path, PathBuf};

/// What went wrong with the log directory.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory of the log could not be read, created or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The writer's thread could not be started.
    #[error("cannot start the analytics writer: {0}")]
    Thread(#[source] std::io::Error),
}

/// The result of the log's operations.
pub type Result<T> = std::result::Result<T, Error>;

/// Wraps an I/O error with the path it concerns.
pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}
