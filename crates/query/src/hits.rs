//! A ranked document or article read from the store and shown as a hit.

use gongbao_core::StoredDocuments;
use tantivy::DocAddress;

use crate::article::article_id;
use crate::error::Result;
use crate::lifecycle::Statuses;
use crate::response::{ArticleHit, Hit};
use crate::snippet::Highlighter;

/// A hit's place in the ranking.
pub(crate) struct Ranked {
    pub(crate) address: DocAddress,
    pub(crate) score: Option<f32>,
    pub(crate) pinned: bool,
    /// For an article hit, the article's place among its document's articles and its number.
    pub(crate) article: Option<(usize, String)>,
}

/// The hit of a ranked document or article, read from the store: without passages the body is
/// not read at all; an article hit's passage is its article.
pub(crate) fn hit(
    stored: &StoredDocuments,
    highlighter: &Highlighter,
    statuses: &Statuses,
    snippets: bool,
    ranked: Ranked,
) -> Result<Hit> {
    let document = if snippets {
        stored.document(ranked.address)?
    } else {
        stored.metadata(ranked.address)?
    };
    let (id, snippets, article) = match ranked.article {
        Some((ordinal, number)) => {
            // Without passages the structure was not read: no path and no text.
            let structure = &document.structure;
            let (path, text) = match structure.articles.get(ordinal) {
                Some(article) => (
                    structure
                        .path(article)
                        .into_iter()
                        .map(str::to_owned)
                        .collect(),
                    highlighter.whole(article.text(&document.body)),
                ),
                None => Default::default(),
            };
            let article = ArticleHit {
                document: document.id.clone(),
                number,
                path,
                text,
            };
            (
                article_id(&document.id, &article.number),
                Vec::new(),
                Some(article),
            )
        }
        None if snippets => (
            document.id.clone(),
            highlighter.passages(&document.body, &document.structure),
            None,
        ),
        None => (document.id.clone(), Vec::new(), None),
    };
    let (status, place) = statuses.of(&document)?;
    Ok(Hit {
        title: highlighter.whole(&document.title),
        snippets,
        id,
        doc_number: document.doc_number,
        issuers: document.issuers,
        doc_type: document.doc_type,
        level: document.level,
        validity: status.validity,
        lifecycle: status,
        other_versions: place.other_versions,
        newest_version: place.newest,
        dates: document.dates,
        citation: document.source.citation(),
        source: document.source,
        score: ranked.score,
        pinned: ranked.pinned,
        article,
    })
}
