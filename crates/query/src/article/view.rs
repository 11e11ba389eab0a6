//! One article read on its own: `GET /api/documents/{id}/articles/{number}`.

use gongbao_core::structure::ClauseKind;
use gongbao_core::Document;
use serde::Serialize;

use crate::response::DocumentRef;

/// An article with its document, headings, paragraphs and neighbours.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    /// The article's document.
    pub document: DocumentRef,
    /// Where the document was printed, as cited.
    pub citation: Option<String>,
    /// The article's id, `DOC_ID#第X条`.
    pub id: String,
    /// The number as written (第五十四条).
    pub number: String,
    /// The headings above it, outermost first.
    pub path: Vec<String>,
    /// Its whole text.
    pub text: String,
    /// Its paragraphs (款) and items (项), in order.
    pub clauses: Vec<ClauseView>,
    /// The number of the article before it, if any.
    pub previous: Option<String>,
    /// The number of the article after it, if any.
    pub next: Option<String>,
}

/// A paragraph or item of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseView {
    /// 款 or 项.
    pub kind: ClauseKind,
    /// Its text.
    pub text: String,
}

/// What looking up an article found.
#[derive(Debug, Clone)]
pub enum ArticleLookup {
    /// No document has the id.
    NoDocument,
    /// The document has no article of that number.
    NoArticle,
    /// The article.
    Found(Box<ArticleView>),
}

impl ArticleLookup {
    /// The article numbered `number` (written as [`gongbao_core::Structure::find`] reads it) of
    /// `document`, read with its body and structure.
    pub(crate) fn of(document: &Document, number: &str) -> ArticleLookup {
        let structure = &document.structure;
        let Some(ordinal) = structure.position(number) else {
            return ArticleLookup::NoArticle;
        };
        let article = &structure.articles[ordinal];
        let neighbour = |at: Option<usize>| {
            at.and_then(|at| structure.articles.get(at))
                .map(|article| article.number.clone())
        };
        let body = &document.body;
        ArticleLookup::Found(Box::new(ArticleView {
            document: DocumentRef::of(document),
            citation: document.source.citation(),
            id: crate::article::article_id(&document.id, &article.number),
            number: article.number.clone(),
            path: structure
                .path(article)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            text: article.text(body).to_owned(),
            clauses: article
                .clauses(body)
                .into_iter()
                .map(|clause| ClauseView {
                    kind: clause.kind,
                    text: body[clause.start as usize..clause.end as usize].to_owned(),
                })
                .collect(),
            previous: neighbour(ordinal.checked_sub(1)),
            next: neighbour(Some(ordinal + 1)),
        }))
    }
}
