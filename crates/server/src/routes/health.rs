//! `GET /healthz` and `GET /metrics`: whether the index can be read, and what the server has
//! done.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use gongbao_core::GongbaoIndex;
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;

/// The body of a healthy answer.
#[derive(Serialize)]
pub(crate) struct Health {
    /// Always `ok`.
    status: &'static str,
    /// Documents in the index.
    documents: u64,
}

/// 200 with the document count when the index directory still holds a readable index, else
/// `index_unavailable`. Takes no search slot, so a busy server still reports healthy.
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let engine = state.engine.clone();
    let documents = tokio::task::spawn_blocking(move || {
        let index = engine.index();
        if !GongbaoIndex::exists(index.path()) {
            return Err(ApiError::index_unavailable(
                &"the index directory holds no index",
            ));
        }
        index
            .index
            .searchable_segment_metas()
            .map_err(|error| ApiError::index_unavailable(&error))?;
        Ok(engine.num_docs())
    })
    .await
    .map_err(|error| ApiError::internal("health check", &error))??;
    Ok(Json(Health {
        status: "ok",
        documents,
    }))
}

/// The metrics in Prometheus text format.
pub(crate) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = state
        .metrics
        .render(state.engine.num_docs(), state.admission.occupancy());
    crate::metrics::write_analytics(
        &mut text,
        state.analytics.as_ref().map(|writer| writer.counts()),
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
}
