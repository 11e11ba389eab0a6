//! A ranked document or article read from the store and shown as a hit.

use std::rc::Rc;

use gongbao_core::{Document, StoredDocuments};
use tantivy::DocAddress;

use crate::article::article_id;
use crate::error::Result;
use crate::lifecycle::{Place, Status, Statuses};
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

/// The documents of one page of hits, each read from the store and given its status once:
/// the articles of a page often come from a few laws, whose bodies are long.
pub(crate) struct PageDocuments<'a> {
    stored: StoredDocuments<'a>,
    statuses: Statuses<'a>,
    /// Whether bodies are read (for passages and articles' text), or only metadata.
    snippets: bool,
    read: Vec<(DocAddress, Rc<Read>)>,
}

/// A document read for a page, with its status.
struct Read {
    document: Document,
    status: Status,
    place: Place,
}

impl<'a> PageDocuments<'a> {
    pub(crate) fn new(
        stored: StoredDocuments<'a>,
        statuses: Statuses<'a>,
        snippets: bool,
    ) -> PageDocuments<'a> {
        PageDocuments {
            stored,
            statuses,
            snippets,
            read: Vec::new(),
        }
    }

    fn get(&mut self, address: DocAddress) -> Result<Rc<Read>> {
        if let Some((_, read)) = self.read.iter().find(|(at, _)| *at == address) {
            return Ok(Rc::clone(read));
        }
        let document = if self.snippets {
            self.stored.document(address)?
        } else {
            self.stored.metadata(address)?
        };
        let (status, place) = self.statuses.of(&document)?;
        let read = Rc::new(Read {
            document,
            status,
            place,
        });
        self.read.push((address, Rc::clone(&read)));
        Ok(read)
    }
}

/// The hit of a ranked document or article, read from the store: without passages the body is
/// not read at all; an article hit's passage is its article.
pub(crate) fn hit(
    documents: &mut PageDocuments,
    highlighter: &Highlighter,
    ranked: Ranked,
) -> Result<Hit> {
    let snippets = documents.snippets;
    let read = documents.get(ranked.address)?;
    let document = &read.document;
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
    let (status, place) = (&read.status, &read.place);
    Ok(Hit {
        title: highlighter.whole(&document.title),
        snippets,
        id,
        doc_number: document.doc_number.clone(),
        issuers: document.issuers.clone(),
        doc_type: document.doc_type.clone(),
        level: document.level.clone(),
        validity: status.validity,
        lifecycle: status.clone(),
        other_versions: place.other_versions,
        newest_version: place.newest.clone(),
        dates: document.dates,
        citation: document.source.citation(),
        source: document.source.clone(),
        score: ranked.score,
        pinned: ranked.pinned,
        article,
    })
}
