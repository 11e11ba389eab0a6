//! The admin API: start an ingest or a reindex, follow jobs, correct a document's validity.
//!
//! Mounted only when an admin key is configured ([`crate::ServerConfig::admin_key`]); every
//! request must carry `Authorization: Bearer KEY` (401 otherwise, whatever the route). Admin
//! routes get no CORS headers: browsers on other origins cannot call them. One job runs at a
//! time; a second job or a correction while one runs gets 409.
//!
//! - `POST /api/admin/jobs` `{"kind": "ingest" | "reindex", "paths": [...]}`: 202 with the job
//! - `GET /api/admin/jobs`, `GET /api/admin/jobs/{id}`: jobs with progress and per-file errors
//! - `POST /api/admin/documents/{*id}/validity` `{"validity": "已废止", "from": "2024-01-01",
//!   "by": "某市人民政府关于废止…的决定"}`: the corrected document

mod auth;
mod jobs;

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gongbao_core::date::parse_date;
use gongbao_core::{GongbaoIndex, Validity};
use gongbao_query::Engine;
use serde::Deserialize;
use serde_json::json;
use tower_http::limit::RequestBodyLimitLayer;

pub use auth::AdminKey;
use jobs::{index_root, JobKind, Jobs};

/// State of the admin routes.
#[derive(Clone)]
struct Admin {
    key: AdminKey,
    engine: Arc<Engine>,
    jobs: Arc<Jobs>,
}

/// An admin error: `{"code", "message"}` like every other error of the server.
fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (
        status,
        Json(json!({"code": code, "message": message.into()})),
    )
        .into_response()
}

/// The admin routes over `engine`, or none when no key is configured.
pub(crate) fn routes(engine: Arc<Engine>, key: Option<&AdminKey>, max_body: usize) -> Router {
    let Some(key) = key else {
        return Router::new();
    };
    let admin = Admin {
        key: key.clone(),
        engine,
        jobs: Arc::default(),
    };
    Router::new()
        .route("/api/admin/jobs", post(start_job).get(list_jobs))
        .route("/api/admin/jobs/{id}", get(job))
        .route("/api/admin/documents/{*path}", post(correct))
        .route("/api/admin", get(list_jobs))
        .route("/api/admin/{*rest}", get(not_found).post(not_found))
        .layer(middleware::from_fn_with_state(admin.clone(), authorize))
        .layer(RequestBodyLimitLayer::new(max_body))
        .with_state(admin)
}

/// 401 unless the request carries the key.
async fn authorize(State(admin): State<Admin>, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    if !admin.key.matches(given) {
        let mut response = error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "admin routes need `Authorization: Bearer KEY` with the configured admin key",
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return response;
    }
    next.run(request).await
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "no such admin route")
}

/// The body of `POST /api/admin/jobs`.
#[derive(Deserialize)]
struct JobRequest {
    kind: JobKind,
    paths: Vec<PathBuf>,
}

async fn start_job(State(admin): State<Admin>, body: axum::body::Bytes) -> Response {
    let request: JobRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(reason) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!(
                    "expected {{\"kind\": \"ingest\" | \"reindex\", \"paths\": [...]}}: {reason}"
                ),
            )
        }
    };
    if request.paths.is_empty() {
        return error(StatusCode::BAD_REQUEST, "bad_request", "`paths` is empty");
    }
    let jobs = Arc::clone(&admin.jobs);
    let engine = Arc::clone(&admin.engine);
    let started =
        tokio::task::spawn_blocking(move || jobs.start(request.kind, request.paths, engine)).await;
    match started {
        Ok(Some(job)) => (StatusCode::ACCEPTED, Json(job)).into_response(),
        Ok(None) => error(
            StatusCode::CONFLICT,
            "job_running",
            "another job is running; wait for it to finish",
        ),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "cannot start the job",
        ),
    }
}

async fn list_jobs(State(admin): State<Admin>) -> Response {
    Json(json!({"jobs": admin.jobs.all()})).into_response()
}

async fn job(State(admin): State<Admin>, Path(id): Path<String>) -> Response {
    match id.parse().ok().and_then(|id| admin.jobs.get(id)) {
        Some(job) => Json(job).into_response(),
        None => error(StatusCode::NOT_FOUND, "not_found", format!("no job {id}")),
    }
}

/// The body of a validity correction.
#[derive(Deserialize)]
struct ValidityRequest {
    validity: String,
    from: Option<String>,
    by: Option<String>,
}

async fn correct(
    State(admin): State<Admin>,
    Path(path): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let Some(id) = path.strip_suffix("/validity").map(str::to_owned) else {
        return error(StatusCode::NOT_FOUND, "not_found", "no such admin route");
    };
    let request: ValidityRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(reason) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("expected {{\"validity\", \"from\", \"by\"}}: {reason}"),
            )
        }
    };
    let Some(validity) = Validity::parse(&request.validity) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("unknown validity {:?}", request.validity),
        );
    };
    let from = match request.from.as_deref().map(parse_date) {
        Some(None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid_parameter",
                "`from` is not a date (2024-01-31 or 2024年1月31日)",
            )
        }
        Some(Some(date)) => Some(date),
        None => None,
    };
    let jobs = Arc::clone(&admin.jobs);
    let engine = Arc::clone(&admin.engine);
    let outcome = tokio::task::spawn_blocking(move || {
        jobs.exclusive(|| {
            let index = GongbaoIndex::open(&index_root(&engine))?;
            let corrected = gongbao_ingest::correct_validity(
                &index,
                &id,
                validity,
                from,
                request.by.as_deref(),
            )?;
            let _ = engine.reload();
            Ok::<_, gongbao_ingest::IngestError>(corrected.map(|document| (id, document)))
        })
    })
    .await;
    match outcome {
        Ok(Some(Ok(Some((_, document))))) => Json(json!({"document": document})).into_response(),
        Ok(Some(Ok(None))) => error(StatusCode::NOT_FOUND, "not_found", "no such document"),
        Ok(None) => error(
            StatusCode::CONFLICT,
            "job_running",
            "a job is running; correct the document when it has finished",
        ),
        Ok(Some(Err(failure))) => {
            tracing::error!(error = %failure, "validity correction failed");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error; the server log has details",
            )
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
        ),
    }
}

#[cfg(test)]
mod tests;
