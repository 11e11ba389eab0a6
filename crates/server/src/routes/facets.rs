//! `GET /api/facets`: every facet value of the index with its count.

use axum::extract::State;
use axum::Json;
use gongbao_query::FacetCounts;

use crate::error::ApiError;
use crate::state::AppState;

/// Facet counts over every document.
pub(crate) async fn facets(State(state): State<AppState>) -> Result<Json<FacetCounts>, ApiError> {
    let counts = state.run(|engine| Ok(engine.facets()?)).await?;
    Ok(Json(counts))
}
