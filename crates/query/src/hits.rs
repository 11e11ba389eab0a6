//! A ranked document or article read from the store and shown as a hit.

use std::collections::HashSet;

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

/// One hit per chain of versions on a page of documents: where an older version ranks above
/// its chain's newest, the newest takes its place and appears once; an older version whose
/// newest is not on the page stays, and names it.
pub(crate) fn newest_versions_once(hits: Vec<Hit>) -> Vec<Hit> {
    let mut slots: Vec<Option<Hit>> = hits.into_iter().map(Some).collect();
    let mut kept = Vec::with_capacity(slots.len());
    let mut chains = HashSet::new();
    for at in 0..slots.len() {
        let Some(hit) = slots[at].take() else {
            continue;
        };
        let chain = hit
            .newest_version
            .as_ref()
            .map_or_else(|| hit.id.clone(), |newest| newest.id.clone());
        if !chains.insert(chain.clone()) {
            continue;
        }
        let newest_later = slots[at + 1..]
            .iter_mut()
            .find(|slot| slot.as_ref().is_some_and(|later| later.id == chain))
            .and_then(Option::take);
        kept.push(newest_later.unwrap_or(hit));
    }
    kept
}
