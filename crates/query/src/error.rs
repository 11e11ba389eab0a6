//! Errors of the query crate: faults of the user's request kept apart from faults of the index.

/// What can go wrong when searching.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A request parameter is out of range or inconsistent (a user fault).
    #[error("invalid parameter `{parameter}`: {reason}")]
    InvalidParameter {
        /// The parameter, as the request names it (`page`, `page_size`, `filters.year` …).
        parameter: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The index could not be opened, its schema is not the one this build reads, or a stored
    /// document could not be read back.
    #[error(transparent)]
    Core(#[from] gongbao_core::Error),
    /// tantivy failed while searching.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

impl Error {
    /// Whether the request was at fault (and retrying it unchanged would fail again).
    pub fn is_user_fault(&self) -> bool {
        matches!(self, Error::InvalidParameter { .. })
    }

    /// A stable snake_case code for the kind of error, for clients and HTTP status tables.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidParameter { .. } => "invalid_parameter",
            Error::Core(
                gongbao_core::Error::NoIndex { .. }
                | gongbao_core::Error::SchemaVersion { .. }
                | gongbao_core::Error::MissingField { .. },
            ) => "index_unavailable",
            Error::Core(_) => "index_error",
            Error::Index(_) => "index_error",
        }
    }

    pub(crate) fn invalid(parameter: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidParameter {
            parameter,
            reason: reason.into(),
        }
    }
}

/// Result with the query error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
