//! What a search returns.

use gongbao_core::{Dates, Document, Source, Validity};
use serde::Serialize;
use time::Date;

use crate::facet::FacetCounts;
use crate::lifecycle::{Lifecycle, Status};
use crate::plan::Understanding;
use crate::snippet::{Highlighted, Snippet};

/// The answer to a [`crate::SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResponse {
    /// Hits in the whole result set.
    pub total: u64,
    /// False when `total` is an estimate: when facets are counted over a large index, a question
    /// whose terms hold millions of postings is counted from an evenly spread sample of the index
    /// (the hits are the same; `FacetCounts::exact` says the same of the facets).
    pub total_is_exact: bool,
    /// The page returned, from 1.
    pub page: usize,
    /// Hits per page asked for.
    pub page_size: usize,
    /// The hits of the page.
    pub hits: Vec<Hit>,
    /// Facet counts over the whole result set, when asked for.
    pub facets: Option<FacetCounts>,
    /// How the query was read.
    pub understood: Understanding,
}

/// One document in a result list.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document id.
    pub id: String,
    /// Title, with the query's words marked.
    pub title: Highlighted,
    /// 发文字号 as written in the source.
    pub doc_number: Option<String>,
    /// Issuing bodies.
    pub issuers: Vec<String>,
    /// Document type.
    pub doc_type: Option<String>,
    /// 效力级别, the legal force.
    pub level: Option<String>,
    /// Whether the document is in force on the day asked (today by default), as computed.
    pub validity: Validity,
    /// Why: since when, the reason and the document that caused it.
    pub lifecycle: Status,
    /// How many other versions of it (the same title and issuer) the index holds.
    pub other_versions: usize,
    /// The newest version on the day asked, when this hit is an older one (shown in its place
    /// unless every version was asked for, when it ranks lower on the page).
    pub newest_version: Option<DocumentRef>,
    /// Written, published and in-force dates.
    pub dates: Dates,
    /// Where the document came from: its gazette issue and pages, when it was printed in one.
    pub source: Source,
    /// Where it was printed, as cited: `<gazette> <year>年第<n>期, pp. a–b`.
    pub citation: Option<String>,
    /// Relevance score; `None` when sorting by date.
    pub score: Option<f32>,
    /// Whether the hit is first because the query names its document number.
    pub pinned: bool,
    /// The best passages of the body.
    pub snippets: Vec<Snippet>,
    /// The article, when the search ranks articles (the hit's id is then `DOC_ID#第X条`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<ArticleHit>,
}

/// The article of an article hit.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleHit {
    /// The id of the article's document.
    pub document: String,
    /// The number as written (第五十四条).
    pub number: String,
    /// The headings above it, outermost first (empty when passages were not asked for).
    pub path: Vec<String>,
    /// Its text with the query's words marked (empty when passages were not asked for).
    #[serde(flatten)]
    pub text: Highlighted,
}

/// A short reference to another document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRef {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: String,
    /// 发文字号.
    pub doc_number: Option<String>,
    /// Published date, else written date.
    pub date: Option<Date>,
    /// Whether it is in force.
    pub validity: Validity,
}

impl DocumentRef {
    /// The reference to `document`.
    pub fn of(document: &Document) -> DocumentRef {
        DocumentRef {
            id: document.id.clone(),
            title: document.title.clone(),
            doc_number: document.doc_number.clone(),
            date: document.dates.published.or(document.dates.written),
            validity: document.validity,
        }
    }
}

/// A document with the documents it cites and that cite it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The document.
    pub document: Document,
    /// Where it was printed, as cited: `<gazette> <year>年第<n>期, pp. a–b`.
    pub citation: Option<String>,
    /// Indexed documents its body names by 《title》 or by document number, in order of mention.
    pub cites: Vec<DocumentRef>,
    /// Indexed documents whose body names it by 《title》 or by document number, newest first.
    pub cited_by: Vec<DocumentRef>,
    /// Its status on the day asked, its versions and its relations.
    #[serde(flatten)]
    pub lifecycle: Lifecycle,
}
