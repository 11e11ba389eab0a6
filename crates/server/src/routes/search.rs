//! `GET /api/search`: a ranked, filtered, faceted page of hits.

use axum::extract::State;
use axum::Json;
use gongbao_analytics::{SearchId, Via};
use gongbao_query::SearchResponse;
use serde::Serialize;

use crate::error::ApiError;
use crate::params::{search_request, QueryPairs};
use crate::state::AppState;

/// The answer: the page of hits and, when the search was logged, its id, with which a client
/// reports the results it opens (`POST /api/analytics/open`).
#[derive(Serialize)]
pub(crate) struct Answer {
    #[serde(flatten)]
    response: SearchResponse,
    #[serde(skip_serializing_if = "Option::is_none")]
    search_id: Option<SearchId>,
}

/// Runs the search the query string describes.
pub(crate) async fn search(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Json<Answer>, ApiError> {
    let request = search_request(&pairs, &state.config)?;
    let (request, response) = state
        .run(move |engine| {
            let response = engine.search(&request)?;
            Ok((request, response))
        })
        .await?;
    let search_id = crate::analytics::log_search(&state, &pairs, &request, &response, Via::Api);
    Ok(Json(Answer {
        response,
        search_id,
    }))
}
