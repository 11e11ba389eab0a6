//! Searching a gongbao index: the library behind the command line and the HTTP server.
//!
//! An [`Engine`] holds an open index. [`Engine::search`] reads what the user typed with a small,
//! forgiving grammar ([`parse()`]): quoted phrases, `-` exclusions and document numbers in any
//! bracket form. It ranks with BM25 over jieba words and character bigrams of titles and bodies,
//! applies [`Filters`], counts facets over the whole result set and cuts highlighted
//! [`Snippet`]s at character offsets. [`Engine::document`] returns a document with the documents
//! it cites and that cite it.
//!
//! Nothing here knows about HTTP; errors say whether the user or the index was at fault
//! ([`Error::is_user_fault`], [`Error::code`]).
//!
//! Modules: [`mod@parse`] (query grammar), `plan` (analysed query), `build` (tantivy queries),
//! `rescore` (runs, proximity and passages from positions, on the best hits), `statistics`
//! (BM25 statistics once per search), `filter`, `facet` (over `columns`), `snippet`, `cite`,
//! `engine`, `request` and `response`.

mod article;
mod best;
mod build;
mod check;
mod cite;
mod columns;
mod engine;
mod error;
mod facet;
mod facet_slots;
mod facet_tree;
mod filter;
mod force;
#[doc(hidden)]
pub mod fuzzing;
mod hits;
mod issuers;
mod laws;
mod lifecycle;
mod live;
pub mod parse;
mod partial;
mod plan;
mod ranking;
mod request;
mod rescore;
mod response;
mod runs;
mod snippet;
mod statistics;
mod synonyms;
mod terms;
mod versions;
mod watched;

pub use article::{article_id, ArticleLookup, ArticleView, ClauseView};
pub use build::{
    GRAM_WEIGHT, LENGTH_BOOST, LENGTH_PIVOT, MAX_PROXIMITY_WORDS, OUT_OF_FORCE, PASSAGE_BOOST,
    PASSAGE_WIDTH, PROXIMITY_BOOST, PROXIMITY_SLOP, RESCORE_WINDOW, RUN_BOOST, SYNONYM_WEIGHT,
    TITLE_BOOST, TITLE_EXACT_BOOST,
};
pub use check::found_by_title;
pub use cite::{MAX_CANDIDATES, MAX_CITED_BY, MAX_MENTIONS};
pub use engine::{Engine, MAX_PINNED};
pub use error::{Error, Result};
pub use facet::{AreaCount, FacetCounts, FacetValue};
pub use filter::Filters;
pub use force::LOCAL_FORCE;
pub use issuers::AUTHORITY_FILE;
pub use lifecycle::{
    today, Lifecycle, Related, RelationCounts, Relations, Status, Version, MAX_ACTING, MAX_NAMED,
};
pub use live::FOLLOW_INTERVAL;
pub use parse::{parse, ParsedQuery, MAX_QUERY_CHARS};
pub use plan::{is_stopword, Understanding};
pub use ranking::{Ranking, RANKING_ENV};
pub use request::{
    DateRange, SearchRequest, Sort, Unit, Versions, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_WINDOW,
};
pub use response::{ArticleHit, DocumentRef, DocumentView, Hit, SearchResponse};
pub use snippet::{Highlighted, Snippet, LEAD_CHARS, MAX_PASSAGES, PASSAGE_CHARS};
pub use synonyms::{
    Expansion, Synonyms, BUILT_IN_NAME as BUILT_IN_SYNONYMS, MAX_FORM_CHARS, SYNONYMS_FILE,
};
