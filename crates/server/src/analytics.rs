//! The search log seen from HTTP: searches of the API and of the search page logged, opened
//! results reported (`POST /api/analytics/open`), and the report for clerks
//! (`GET /api/admin/analytics`, and the page `/admin/analytics` in `web`).
//!
//! A search is logged only when it has words: browsing the newest documents is not a query.
//! Its record holds no address, cookie or user agent ([`gongbao_analytics::Record`]).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use gongbao_analytics::{
    log_dir, unix_now, Open, Record, Report, ReportOptions, Search, SearchId, Via, MAX_DAYS,
};
use gongbao_query::{SearchRequest, SearchResponse};
use serde::Deserialize;

use crate::error::{ApiError, ErrorCode};
use crate::params::{is_filter_param, QueryPairs};
use crate::state::AppState;

/// `POST /api/analytics/open`.
pub(crate) const OPEN: &str = "/api/analytics/open";

/// Days a report covers unless `days` says otherwise.
pub(crate) const DEFAULT_DAYS: u32 = 7;

/// Longest document id an open may name.
const MAX_DOCUMENT_ID: usize = 1_000;

/// Logs the search `request` of the query-string `pairs`, answered with `response`; its id, when
/// logged.
pub(crate) fn log_search(
    state: &AppState,
    pairs: &[(String, String)],
    request: &SearchRequest,
    response: &SearchResponse,
    via: Via,
) -> Option<SearchId> {
    let writer = state.analytics.as_ref()?;
    if request.query.trim().is_empty() {
        return None;
    }
    let mut search = Search::now(request.query.trim(), via);
    search.unit = request.unit.name().to_owned();
    search.filters = pairs
        .iter()
        .filter(|(name, value)| is_filter_param(name) && !value.trim().is_empty())
        .cloned()
        .collect();
    search.hits = response.total;
    search.page = response.page as u64;
    let id = search.id;
    writer.log(Record::Search(search));
    Some(id)
}

/// The body of `POST /api/analytics/open`.
#[derive(Deserialize)]
struct OpenRequest {
    search_id: String,
    document_id: String,
}

/// `POST /api/analytics/open` `{"search_id": "…", "document_id": "…"}`: a result of that search
/// was opened. The body is read as JSON whatever its content type (the page sends it with
/// `navigator.sendBeacon`, as text). 204 once queued, or when logging is off.
pub(crate) async fn open(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let request: OpenRequest = serde_json::from_slice(&body).map_err(|reason| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("expected {{\"search_id\": \"…\", \"document_id\": \"…\"}}: {reason}"),
        )
    })?;
    let id: SearchId = request
        .search_id
        .parse()
        .map_err(|reason| ApiError::invalid("search_id", reason))?;
    let document = request.document_id;
    if document.is_empty() || document.chars().count() > MAX_DOCUMENT_ID {
        return Err(ApiError::invalid(
            "document_id",
            format!("a document id of 1 to {MAX_DOCUMENT_ID} characters"),
        ));
    }
    if let Some(writer) = &state.analytics {
        writer.log(Record::Open(Open {
            t: unix_now(),
            id,
            doc: document,
        }));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The `days` parameter: 1 to [`MAX_DAYS`], [`DEFAULT_DAYS`] when absent or empty.
pub(crate) fn days(pairs: &[(String, String)]) -> Result<u32, ApiError> {
    let Some((_, value)) = pairs
        .iter()
        .rev()
        .find(|(name, value)| name == "days" && !value.trim().is_empty())
    else {
        return Ok(DEFAULT_DAYS);
    };
    value
        .trim()
        .parse()
        .ok()
        .filter(|days| (1..=MAX_DAYS).contains(days))
        .ok_or_else(|| ApiError::invalid("days", format!("a whole number from 1 to {MAX_DAYS}")))
}

/// The report of the last `days` days of the log under the index root, read on a blocking
/// thread (it takes no search slot: it never touches the index).
pub(crate) async fn report(state: &AppState, days: u32) -> Result<Report, ApiError> {
    let dir = log_dir(&crate::admin::index_root(&state.engine));
    let options = ReportOptions::last_days(days, state.config.analytics_utc_offset);
    tokio::task::spawn_blocking(move || gongbao_analytics::report(&dir, &options))
        .await
        .map_err(|error| ApiError::internal("analytics report", &error))?
        .map_err(|error| ApiError::internal("analytics report", &error))
}

/// `GET /api/admin/analytics?days=N`: the report as JSON.
pub(crate) async fn admin_report(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Json<Report>, ApiError> {
    let days = days(&pairs)?;
    Ok(Json(report(&state, days).await?))
}

#[cfg(test)]
mod tests;
