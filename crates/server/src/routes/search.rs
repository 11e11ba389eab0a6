//! `GET /api/search`: a ranked, filtered, faceted page of hits.

use axum::extract::State;
use axum::Json;
use gongbao_query::SearchResponse;

use crate::error::ApiError;
use crate::params::{search_request, QueryPairs};
use crate::state::AppState;

/// Runs the search the query string describes.
pub(crate) async fn search(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = search_request(&pairs, &state.config)?;
    let response = state
        .run(move |engine| Ok(engine.search(&request)?))
        .await?;
    Ok(Json(response))
}
