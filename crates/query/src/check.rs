//! The searcher's side of checking a new index generation before it goes live.

use gongbao_core::GongbaoIndex;

use crate::engine::Engine;
use crate::error::Result;
use crate::request::SearchRequest;

/// Hits looked at when checking that a title finds its document.
const TITLE_HITS: usize = 20;

/// Whether searching `title` in `index` finds the document `id` among the first hits (or, when
/// several documents share the title, one with that very title).
pub fn found_by_title(index: &GongbaoIndex, id: &str, title: &str) -> Result<bool> {
    let engine = Engine::new(index.clone())?;
    let request = SearchRequest {
        query: title.chars().take(crate::MAX_QUERY_CHARS).collect(),
        page_size: TITLE_HITS,
        facets: false,
        snippets: false,
        ..SearchRequest::default()
    };
    let response = engine.search(&request)?;
    Ok(response
        .hits
        .iter()
        .any(|hit| hit.id == id || hit.title.text == title))
}
