//! `GET /api/documents/{*id}`: one document with its structure (headings and articles) and the
//! documents it cites and that cite it; `GET /api/documents/{*id}/articles/{number}`: one article.
//! Ids hold `/` and Chinese (`行政法规/某条例.md`), so the route is a wildcard and the id is
//! percent-decoded; a path ending in `/articles/{number}` is an article unless a document has the
//! whole path as its id.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use gongbao_query::ArticleLookup;

use crate::error::{ApiError, ErrorCode};
use crate::params::{as_of, QueryPairs};
use crate::state::AppState;

/// What separates a document id from an article number in the path.
const ARTICLES: &str = "/articles/";

/// The document with the id in the path, or one of its articles, or `not_found` /
/// `article_not_found`.
pub(crate) async fn document(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    pairs: Result<QueryPairs, ApiError>,
) -> Result<Response, ApiError> {
    let as_of = as_of(&pairs?.0)?;
    let Path(id) = id.map_err(|rejection| {
        tracing::debug!(%rejection, "document id refused");
        ApiError::invalid("id", "the document id is not percent-encoded UTF-8")
    })?;
    let wanted = id.clone();
    let (view, article) = state
        .run(move |engine| {
            let view = engine.document(&wanted, as_of)?;
            let article = match (&view, wanted.rsplit_once(ARTICLES)) {
                (None, Some((document, number))) if !number.contains('/') => {
                    Some(engine.article(document, number)?)
                }
                _ => None,
            };
            Ok((view, article))
        })
        .await?;
    if let Some(view) = view {
        return Ok(Json(view).into_response());
    }
    match article {
        Some(ArticleLookup::Found(article)) => Ok(Json(article).into_response()),
        Some(ArticleLookup::NoArticle) => {
            let (document, number) = id.rsplit_once(ARTICLES).unwrap_or_default();
            Err(ApiError::new(
                ErrorCode::ArticleNotFound,
                format!("document `{document}` has no article `{number}`"),
            ))
        }
        Some(ArticleLookup::NoDocument) | None => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no document has the id `{id}`"),
        )),
    }
}
