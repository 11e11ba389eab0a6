//! What a caller asks for: a query, filters, a sort order and a page.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::filter::Filters;

/// Largest page a caller may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// Deepest result a caller may page to (`page × page_size`): deep paging costs memory and time
/// and no reader goes that far.
pub const MAX_WINDOW: usize = 1000;
/// Page size when the request names none.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; a document whose number the query names comes before all others.
    #[default]
    Relevance,
    /// Newest first, by published date, else written date; undated documents last.
    DateDesc,
    /// Oldest first, by published date, else written date; undated documents last.
    DateAsc,
}

impl Sort {
    /// Every order.
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::DateDesc, Sort::DateAsc];

    /// The order's name, as requests write it (the same as its JSON form).
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::DateDesc => "date_desc",
            Sort::DateAsc => "date_asc",
        }
    }

    /// The order named `name`.
    pub fn parse(name: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|sort| sort.name() == name)
    }
}

/// What a search ranks: whole documents, or the articles (第X条) of laws and regulations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Whole documents.
    #[default]
    Document,
    /// Articles, each a hit with the id `DOC_ID#第X条`.
    Article,
}

impl Unit {
    /// Every unit.
    pub const ALL: [Unit; 2] = [Unit::Document, Unit::Article];

    /// The unit's name, as requests write it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Document => "document",
            Unit::Article => "article",
        }
    }

    /// The unit named `name`.
    pub fn parse(name: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|unit| unit.name() == name)
    }
}

/// Which versions of a document (the same title and issuer published again) a search shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Versions {
    /// One hit per chain of versions in the ranking: the newest, in the place of the
    /// best-ranked one.
    #[default]
    Newest,
    /// Every version that matches, each a hit.
    All,
}

impl Versions {
    /// Every choice.
    pub const ALL: [Versions; 2] = [Versions::Newest, Versions::All];

    /// The name requests write.
    pub fn name(self) -> &'static str {
        match self {
            Versions::Newest => "newest",
            Versions::All => "all",
        }
    }

    /// The choice named `name`.
    pub fn parse(name: &str) -> Option<Versions> {
        Versions::ALL
            .into_iter()
            .find(|versions| versions.name() == name)
    }
}

/// A search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// What the user typed; empty lists every document that passes the filters.
    pub query: String,
    /// Restrictions every hit must satisfy.
    pub filters: Filters,
    /// Order of the hits.
    pub sort: Sort,
    /// What is ranked: documents, or the articles of the best documents by relevance.
    pub unit: Unit,
    /// Page number, from 1.
    pub page: usize,
    /// Hits per page, at most [`MAX_PAGE_SIZE`].
    pub page_size: usize,
    /// Whether to count facet values over the whole result set.
    pub facets: bool,
    /// Whether to cut highlighted passages from each hit's body.
    pub snippets: bool,
    /// Whether to mark the query's words in titles and passages (segmenting each title costs
    /// more than loading it).
    pub highlight: bool,
    /// The day hits' statuses are computed for (what was in force then); today when absent.
    pub as_of: Option<Date>,
    /// Which versions of a document are shown.
    pub versions: Versions,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            filters: Filters::default(),
            sort: Sort::default(),
            unit: Unit::default(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            facets: true,
            snippets: true,
            highlight: true,
            as_of: None,
            versions: Versions::default(),
        }
    }
}

impl SearchRequest {
    /// A first-page request for `query` with default settings.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        }
    }
}

/// An inclusive range of dates; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DateRange {
    /// First day included.
    pub from: Option<Date>,
    /// Last day included.
    pub to: Option<Date>,
}

impl DateRange {
    /// Whether neither end is set.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether `date` lies in the range (an undated document lies in an open range only).
    pub fn contains(&self, date: Option<Date>) -> bool {
        match date {
            None => self.is_open(),
            Some(date) => {
                self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
            }
        }
    }
}
