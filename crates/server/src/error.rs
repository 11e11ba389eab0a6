//! The error every route answers with: a stable snake_case code, the HTTP status the code maps
//! to, and a message safe to show (never a file path, a panic message or index internals).

use std::fmt::Display;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The kind of an error, as clients see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A query-string or path parameter is malformed or out of range.
    InvalidParameter,
    /// The query (`q`) is longer than the server accepts.
    QueryTooLong,
    /// No such document or route.
    NotFound,
    /// The document has no article of that number.
    ArticleNotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The request body is larger than the server accepts.
    PayloadTooLarge,
    /// Another request the server cannot read (an admin request body that is not the JSON
    /// expected, among others).
    BadRequest,
    /// An admin request without `Authorization: Bearer KEY` carrying the configured key.
    Unauthorized,
    /// An admin job is running; a second job or a correction waits until it has finished.
    JobRunning,
    /// Every search slot is taken; try again shortly.
    TooManyRequests,
    /// The request took longer than the server allows.
    Timeout,
    /// The index cannot be read.
    IndexUnavailable,
    /// Something went wrong inside the server; details are in its log.
    Internal,
}

impl ErrorCode {
    /// Every code, for the OpenAPI check.
    #[cfg(test)]
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::InvalidParameter,
        ErrorCode::QueryTooLong,
        ErrorCode::NotFound,
        ErrorCode::ArticleNotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::BadRequest,
        ErrorCode::Unauthorized,
        ErrorCode::JobRunning,
        ErrorCode::TooManyRequests,
        ErrorCode::Timeout,
        ErrorCode::IndexUnavailable,
        ErrorCode::Internal,
    ];

    /// The code and its status: the one table of the server's errors.
    fn entry(self) -> (&'static str, StatusCode) {
        match self {
            ErrorCode::InvalidParameter => ("invalid_parameter", StatusCode::BAD_REQUEST),
            ErrorCode::QueryTooLong => ("query_too_long", StatusCode::BAD_REQUEST),
            ErrorCode::NotFound => ("not_found", StatusCode::NOT_FOUND),
            ErrorCode::ArticleNotFound => ("article_not_found", StatusCode::NOT_FOUND),
            ErrorCode::MethodNotAllowed => ("method_not_allowed", StatusCode::METHOD_NOT_ALLOWED),
            ErrorCode::PayloadTooLarge => ("payload_too_large", StatusCode::PAYLOAD_TOO_LARGE),
            ErrorCode::BadRequest => ("bad_request", StatusCode::BAD_REQUEST),
            ErrorCode::Unauthorized => ("unauthorized", StatusCode::UNAUTHORIZED),
            ErrorCode::JobRunning => ("job_running", StatusCode::CONFLICT),
            ErrorCode::TooManyRequests => ("too_many_requests", StatusCode::SERVICE_UNAVAILABLE),
            ErrorCode::Timeout => ("timeout", StatusCode::GATEWAY_TIMEOUT),
            ErrorCode::IndexUnavailable => ("index_unavailable", StatusCode::SERVICE_UNAVAILABLE),
            ErrorCode::Internal => ("internal", StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        self.entry().0
    }

    /// The HTTP status answered with.
    pub fn status(self) -> StatusCode {
        self.entry().1
    }

    /// The code for an error response some layer produced without a body of ours.
    pub(crate) fn for_status(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => ErrorCode::Timeout,
            status if status.is_client_error() => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        }
    }
}

/// An error answered to a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// What kind of error.
    pub code: ErrorCode,
    /// What went wrong, for a person; safe to show.
    pub message: String,
}

/// The JSON body of every error.
#[derive(Serialize)]
struct Body<'a> {
    code: &'static str,
    message: &'a str,
}

impl ApiError {
    /// An error of `code` with `message`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// A bad parameter, named in the message.
    pub fn invalid(parameter: &str, reason: impl Display) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidParameter,
            format!("invalid parameter `{parameter}`: {reason}"),
        )
    }

    /// An internal fault: logged with its detail, answered with a generic message.
    pub fn internal(context: &str, error: &dyn Display) -> ApiError {
        tracing::error!(context, error = %error, "internal error");
        ApiError::new(
            ErrorCode::Internal,
            "internal error; the server log has details",
        )
    }

    /// The index could not be read: logged with its detail, answered with a generic message.
    pub fn index_unavailable(error: &dyn Display) -> ApiError {
        tracing::error!(error = %error, "index unavailable");
        ApiError::new(ErrorCode::IndexUnavailable, "the index cannot be read")
    }

    /// The generic answer to a panic.
    pub fn panicked() -> ApiError {
        ApiError::new(
            ErrorCode::Internal,
            "internal error; the server log has details",
        )
    }
}

impl From<gongbao_query::Error> for ApiError {
    /// A user fault keeps its reason; an index that cannot be opened or is of another schema is
    /// `index_unavailable`; any other fault of the index is internal.
    fn from(error: gongbao_query::Error) -> ApiError {
        use gongbao_core::Error as Core;
        use gongbao_query::Error as Query;
        match &error {
            Query::InvalidParameter { parameter, reason } => ApiError::invalid(parameter, reason),
            Query::Core(
                Core::NoIndex { .. } | Core::SchemaVersion { .. } | Core::MissingField { .. },
            ) => ApiError::index_unavailable(&error),
            Query::Core(_) | Query::Index(_) => ApiError::internal("query", &error),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            code: self.code.as_str(),
            message: &self.message,
        };
        let mut response = (self.code.status(), axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match self.code {
            ErrorCode::TooManyRequests => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            ErrorCode::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            _ => {}
        }
        response
    }
}
