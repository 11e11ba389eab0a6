//! `GET /api/documents/{*id}`: one document with the documents it cites and that cite it. Ids
//! hold `/` and Chinese (`行政法规/某条例.md`), so the route is a wildcard and the id is
//! percent-decoded.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::Json;
use gongbao_query::DocumentView;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The document with the id in the path, or `not_found`.
pub(crate) async fn document(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentView>, ApiError> {
    let Path(id) = id.map_err(|rejection| {
        tracing::debug!(%rejection, "document id refused");
        ApiError::invalid("id", "the document id is not percent-encoded UTF-8")
    })?;
    let wanted = id.clone();
    let view = state
        .run(move |engine| Ok(engine.document(&wanted)?))
        .await?;
    view.map(Json).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("no document has the id `{id}`"),
        )
    })
}
