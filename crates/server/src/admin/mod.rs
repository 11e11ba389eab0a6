//! The admin API: start an ingest or a reindex, follow jobs, correct a document's validity and
//! relations.
//!
//! Mounted only when an admin key is configured ([`crate::ServerConfig::admin_key`]); every
//! request under `/api/admin` must carry `Authorization: Bearer KEY` (`unauthorized`, 401,
//! otherwise, whatever the path). The routes share the server's state, errors and layers
//! (tracing, metrics, timeout, catch-panic, body limit), all but CORS: browsers on other origins
//! cannot call them. The clerks' pages under `/admin` (the search report) take the key as the
//! password of HTTP Basic authentication too, which browsers ask for. One job runs at a time; a second job or a correction while one runs gets
//! `job_running` (409). Jobs extract PDFs with [`crate::ServerConfig::pdf_extractor`].
//!
//! - `POST /api/admin/jobs` `{"kind": "ingest" | "reindex", "paths": [...]}`: 202 with the job
//! - `GET /api/admin/jobs`, `GET /api/admin/jobs/{id}`: jobs with progress and per-file errors
//! - `GET /api/admin/analytics?days=N`: the search report (see `crate::analytics`)
//! - `POST /api/admin/documents/{*id}/validity` `{"validity": "已废止", "from": "2024-01-01",
//!   "by": "某市人民政府关于废止…的决定"}` and `POST /api/admin/documents/{*id}/relations`
//!   `{"relations": [{"kind": "repeals", "title": "…", "doc_number": "…"}]}`: the corrected
//!   document (see `corrections`)
//! - `GET /api/admin/corrections`: every document's corrections, newest first

mod auth;
mod corrections;
mod jobs;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub use auth::AdminKey;
pub(crate) use jobs::index_root;
pub use jobs::EngineTitles;
use jobs::JobKind;
pub(crate) use jobs::Jobs;

use crate::config::ServerConfig;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Where the admin API lives: this path and everything under it.
const PREFIX: &str = "/api/admin";
/// Where the clerks' pages live.
const PAGES_PREFIX: &str = "/admin";
/// `GET /api/admin/analytics`.
pub(crate) const ANALYTICS: &str = "/api/admin/analytics";
/// `GET /admin/analytics`: the search report as a page.
pub(crate) const ANALYTICS_PAGE: &str = "/admin/analytics";
/// `GET` (every job) and `POST` (start one) `/api/admin/jobs`.
pub(crate) const JOBS: &str = "/api/admin/jobs";
/// `GET /api/admin/jobs/{id}`.
pub(crate) const JOB: &str = "/api/admin/jobs/{id}";
/// `POST /api/admin/documents/{*path}`, whose path is a document id and `/validity` or
/// `/relations`.
const DOCUMENTS: &str = "/api/admin/documents/{*path}";
/// `POST /api/admin/documents/{id}/validity`: served by [`DOCUMENTS`], whose wildcard id holds
/// `/` (axum routes nothing after a wildcard).
#[cfg(test)]
pub(crate) const VALIDITY: &str = "/api/admin/documents/{id}/validity";
/// `POST /api/admin/documents/{id}/relations`: served by [`DOCUMENTS`].
#[cfg(test)]
pub(crate) const RELATIONS: &str = "/api/admin/documents/{id}/relations";
/// `GET /api/admin/corrections`: every correction recorded.
pub(crate) const CORRECTIONS: &str = "/api/admin/corrections";

/// Whether `path` is `prefix` or under it.
fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `path` belongs to the admin API or the clerks' pages.
pub(crate) fn is_admin(path: &str) -> bool {
    is_under(path, PREFIX) || is_under(path, PAGES_PREFIX)
}

/// The admin routes, or none when no key is configured.
pub(crate) fn routes(config: &ServerConfig) -> Router<AppState> {
    if config.admin_key.is_none() {
        return Router::new();
    }
    Router::new()
        .route(JOBS, post(start_job).get(list_jobs))
        .route(JOB, get(job))
        .route(DOCUMENTS, post(corrections::correct))
        .route(CORRECTIONS, get(corrections::list))
        .route(ANALYTICS, get(crate::analytics::admin_report))
        .route(ANALYTICS_PAGE, get(crate::web::analytics_page))
}

/// Refuses a request under `/api/admin` without the key, when a key is configured (without one
/// no admin route exists and such requests are not found). Other requests pass.
pub(crate) async fn authorize(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(key) = &state.config.admin_key else {
        return next.run(request).await;
    };
    let path = request.uri().path();
    if !is_admin(path) {
        return next.run(request).await;
    }
    let page = is_under(path, PAGES_PREFIX);
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let given = if page {
        auth::given_key(authorization)
    } else {
        authorization.strip_prefix("Bearer ").map(str::to_owned)
    };
    if key.matches(given.as_deref().unwrap_or("")) {
        return next.run(request).await;
    }
    if page {
        return crate::web::key_page();
    }
    ApiError::new(
        ErrorCode::Unauthorized,
        "admin routes need `Authorization: Bearer KEY` with the configured admin key",
    )
    .into_response()
}

/// The body of `POST /api/admin/jobs`.
#[derive(Deserialize)]
struct JobRequest {
    kind: JobKind,
    paths: Vec<PathBuf>,
}

/// `POST /api/admin/jobs`: starts a job on its own thread and answers 202 with it.
async fn start_job(
    State(state): State<AppState>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let request: JobRequest = serde_json::from_slice(&body).map_err(|reason| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("expected {{\"kind\": \"ingest\" | \"reindex\", \"paths\": [...]}}: {reason}"),
        )
    })?;
    if request.paths.is_empty() {
        return Err(ApiError::new(ErrorCode::BadRequest, "`paths` is empty"));
    }
    let jobs = Arc::clone(&state.jobs);
    let engine = Arc::clone(&state.engine);
    let pdf = Arc::clone(&state.config.pdf_extractor);
    let started =
        tokio::task::spawn_blocking(move || jobs.start(request.kind, request.paths, engine, pdf))
            .await
            .map_err(|error| ApiError::internal("admin job", &error))?;
    let job = started.ok_or_else(|| {
        ApiError::new(
            ErrorCode::JobRunning,
            "another job is running; wait for it to finish",
        )
    })?;
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// `GET /api/admin/jobs`: every job, newest first.
async fn list_jobs(State(state): State<AppState>) -> impl IntoResponse {
    Json(json!({"jobs": state.jobs.all()}))
}

/// `GET /api/admin/jobs/{id}`.
async fn job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    id.parse()
        .ok()
        .and_then(|number| state.jobs.get(number))
        .map(Json)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no job {id}")))
}

#[cfg(test)]
pub(crate) mod tests;
