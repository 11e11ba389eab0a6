//! Clerks' corrections through the admin API: a document's validity and the relations it
//! states. Each is recorded in the index root's journal and written into the live generation at
//! once (`gongbao_ingest::correct`); every later ingest or reindex applies it again.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use gongbao_core::date::{parse_date, parse_iso_date};
use gongbao_core::{GongbaoIndex, Relation, Validity};
use gongbao_ingest::{
    stated_relations, Correction, Corrections, RelationsError, ValidityCorrection,
};
use serde::Deserialize;
use serde_json::json;
use time::Date;

use super::index_root;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The body of a validity correction.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidityRequest {
    validity: String,
    from: Option<String>,
    by: Option<String>,
}

/// The body of a relations correction.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationsRequest {
    relations: serde_json::Value,
}

/// `POST /api/admin/documents/{id}/validity` and `POST /api/admin/documents/{id}/relations`:
/// records the correction and rewrites that one document in the live index.
pub(super) async fn correct(
    State(state): State<AppState>,
    Path(path): Path<String>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let correction = if let Some(id) = path.strip_suffix("/validity") {
        Correction {
            validity: Some(validity(&body)?),
            ..Correction::now(id)
        }
    } else if let Some(id) = path.strip_suffix("/relations") {
        Correction {
            relations: Some(relations(&body)?),
            ..Correction::now(id)
        }
    } else {
        return Err(ApiError::new(ErrorCode::NotFound, "no such route"));
    };
    if correction.id.is_empty() {
        return Err(ApiError::new(ErrorCode::NotFound, "no such document"));
    }
    let jobs = Arc::clone(&state.jobs);
    let engine = Arc::clone(&state.engine);
    let outcome = tokio::task::spawn_blocking(move || {
        jobs.exclusive(|| {
            let root = index_root(&engine);
            let index = GongbaoIndex::open(&root)?;
            let corrected = gongbao_ingest::correct(&index, &root, &correction)?;
            let _ = engine.reload();
            Ok::<_, gongbao_ingest::IngestError>(corrected)
        })
    })
    .await
    .map_err(|error| ApiError::internal("correction", &error))?;
    let corrected = outcome
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::JobRunning,
                "a job is running; correct the document when it has finished",
            )
        })?
        .map_err(|error| match error {
            gongbao_ingest::IngestError::Index(gongbao_core::Error::Locked { .. }) => ApiError::new(
                ErrorCode::JobRunning,
                "another gongbao process is writing this index; correct the document when it has finished",
            ),
            error => ApiError::internal("correction", &error),
        })?;
    let document =
        corrected.ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such document"))?;
    Ok(Json(json!({"document": document})))
}

fn validity(body: &[u8]) -> Result<ValidityCorrection, ApiError> {
    let request: ValidityRequest = serde_json::from_slice(body).map_err(|reason| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("expected {{\"validity\", \"from\", \"by\"}}: {reason}"),
        )
    })?;
    let validity = Validity::parse(&request.validity).ok_or_else(|| {
        ApiError::invalid(
            "validity",
            format!("unknown validity {:?}", request.validity),
        )
    })?;
    let from = request.from.as_deref().map(date).transpose()?;
    Ok(ValidityCorrection::stated(validity, from, request.by))
}

fn date(text: &str) -> Result<Date, ApiError> {
    parse_iso_date(text.trim())
        .or_else(|| parse_date(text))
        .ok_or_else(|| ApiError::invalid("from", "not a date (2024-01-31 or 2024年1月31日)"))
}

fn relations(body: &[u8]) -> Result<Vec<Relation>, ApiError> {
    let shape = "expected {\"relations\": [{\"kind\", \"title\", \"doc_number\", \"sentence\"}]}";
    let request: RelationsRequest = serde_json::from_slice(body)
        .map_err(|reason| ApiError::new(ErrorCode::BadRequest, format!("{shape}: {reason}")))?;
    stated_relations(&request.relations).map_err(|error| match error {
        RelationsError::Format(reason) => {
            ApiError::new(ErrorCode::BadRequest, format!("{shape}: {reason}"))
        }
        other => ApiError::invalid("relations", other),
    })
}

/// `GET /api/admin/corrections`: every corrected document's corrections, newest first.
pub(super) async fn list(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let root = index_root(&state.engine);
    let corrections = tokio::task::spawn_blocking(move || Corrections::load(&root))
        .await
        .map_err(|error| ApiError::internal("corrections", &error))?
        .map_err(|error| ApiError::internal("corrections", &error))?;
    let mut list: Vec<&Correction> = corrections.iter().collect();
    list.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
    Ok(Json(json!({"corrections": list})))
}
