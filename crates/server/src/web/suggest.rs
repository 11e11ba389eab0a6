//! `GET /api/suggest?q=`: titles and document numbers of the best matches of a query being
//! typed, for the search box: a first page of hits without facets or snippets, those whose
//! document number or title matches the typed text put first.

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use super::url;
use crate::error::ApiError;
use crate::params::{search_request, QueryPairs};
use crate::state::AppState;

/// Suggestions answered at most.
pub(crate) const MAX_SUGGESTIONS: usize = 8;
/// Hits looked at to choose the suggestions from.
const CANDIDATES: usize = 24;

/// The answer: what was asked and what matches it.
#[derive(Debug, Serialize)]
pub(crate) struct Suggestions {
    /// The query, as received.
    query: String,
    /// Best matches first.
    suggestions: Vec<Suggestion>,
}

/// One matching document.
#[derive(Debug, Serialize)]
pub(crate) struct Suggestion {
    /// Document id.
    id: String,
    /// Title.
    title: String,
    /// Character ranges of the title that match the query.
    highlights: Vec<(usize, usize)>,
    /// 发文字号.
    doc_number: Option<String>,
    /// The document's page.
    url: String,
}

/// Suggestions for `q` (none for an empty `q`); other parameters are ignored.
pub(crate) async fn suggest(
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Json<Suggestions>, ApiError> {
    let pairs: Vec<(String, String)> = pairs.into_iter().filter(|(name, _)| name == "q").collect();
    let mut request = search_request(&pairs, &state.config)?;
    let query = request.query.clone();
    if query.trim().is_empty() {
        return Ok(Json(Suggestions {
            query,
            suggestions: Vec::new(),
        }));
    }
    request.page_size = CANDIDATES;
    request.facets = false;
    request.snippets = false;
    let response = state
        .run(move |engine| Ok(engine.search(&request)?))
        .await?;
    let typed = squeeze(&query);
    let mut hits = response.hits;
    // Stable: within each rank the engine's order stands.
    hits.sort_by_key(|hit| {
        let number = hit
            .doc_number
            .as_deref()
            .is_some_and(|number| squeeze(number).contains(&typed));
        let title = !hit.title.highlights.is_empty();
        match (number, title) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        }
    });
    let suggestions = hits
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|hit| Suggestion {
            url: url::document(&hit.id),
            id: hit.id,
            title: hit.title.text,
            highlights: hit.title.highlights,
            doc_number: hit.doc_number,
        })
        .collect();
    Ok(Json(Suggestions { query, suggestions }))
}

/// `text` without spaces and brackets, lower-cased: 江政办发[2023]12号 and 江政办发〔2023〕12号
/// squeeze alike.
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"〔〕[]()（）【】［］".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn document_numbers_squeeze_alike_in_any_brackets() {
        assert_eq!(
            squeeze("江政办发〔2023〕12号"),
            squeeze("江政办发[2023] 12号")
        );
        assert!(squeeze("江政办发〔2023〕12号").contains(&squeeze("江政办发（2023")));
    }
}
