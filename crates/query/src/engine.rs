//! The engine: one open index and a reader that sees new commits, answering searches, document
//! look-ups and facet overviews.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use gongbao_core::schema::names;
use gongbao_core::{Authority, Document, GongbaoIndex, StoredDocuments};
use tantivy::collector::{Collector, TopDocs};
use tantivy::query::{AllQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, IndexReader, ReloadPolicy, Score, Searcher, SegmentReader};
use time::Date;

use crate::article::{best_articles, by_document_date, rank_articles, ArticleLookup};
use crate::best::BestHits;
use crate::build::{assemble, Numbers};
use crate::cite;
use crate::error::{Error, Result};
use crate::facet::{self, FacetCounts, Sources};
use crate::filter::Resolved;
use crate::force::lower_local;
use crate::hits::{hit, PageDocuments, Ranked};
use crate::issuers::{AuthoritySource, IssuerCache};
use crate::laws::{law_query, named_laws};
use crate::lifecycle::{self, today, RelationCounts, StatusCache, StatusTable, Statuses};
use crate::live::Follow;
use crate::parse::parse;
use crate::partial::{by_number, PartialNumber};
use crate::plan::{HighlightTerms, Plan, Understanding};
use crate::ranking::Ranking;
use crate::request::{SearchRequest, Sort, Unit, Versions, MAX_PAGE_SIZE, MAX_WINDOW};
use crate::rescore::{rescore, KeptPositions, Scored};
use crate::response::{DocumentView, Hit, SearchResponse};
use crate::snippet::{Highlighted, Highlighter};
use crate::statistics::Statistics;
use crate::synonyms::{Synonyms, WatchedSynonyms};
use crate::terms::TermsQuery;
use crate::versions::newest_versions_once;

/// Documents the query names by number that are ranked first, at most.
pub const MAX_PINNED: usize = 10;

/// Searches one gongbao index. Cheap to share between threads; every call uses the newest
/// committed state (reloaded shortly after each commit). An index opened through a generations
/// root is followed: when the root's `CURRENT` names a new generation, calls move to it within
/// [`crate::FOLLOW_INTERVAL`] while calls already running finish on the old one.
pub struct Engine {
    index: GongbaoIndex,
    reader: IndexReader,
    follow: Option<Follow>,
    /// The synonyms of the index root ([`crate::SYNONYMS_FILE`]), shared by the generations.
    synonyms: Arc<WatchedSynonyms>,
    authority: Arc<AuthoritySource>,
    issuers: IssuerCache,
    /// The statuses by searcher generation and day; the reader's warmer fills in today's of
    /// each new generation before it is searched.
    statuses: Arc<StatusCache>,
}

impl Engine {
    /// An engine over an open index, reading issuers through the authority file of its root
    /// ([`crate::AUTHORITY_FILE`]) and expanding queries with the synonyms of its root
    /// ([`crate::SYNONYMS_FILE`]); the root is [`GongbaoIndex::root`]. Both files are read
    /// again when they change.
    pub fn new(index: GongbaoIndex) -> Result<Engine> {
        let root = index.root().to_path_buf();
        let authority = Arc::new(AuthoritySource::of_root(&root));
        let synonyms = Arc::new(WatchedSynonyms::of_root(&root));
        Engine::with_sources(index, authority, synonyms)
    }

    /// An engine over an open index with the authority file and synonyms of its root already
    /// loaded.
    pub(crate) fn with_sources(
        index: GongbaoIndex,
        authority: Arc<AuthoritySource>,
        synonyms: Arc<WatchedSynonyms>,
    ) -> Result<Engine> {
        let (statuses, reader) = StatusCache::with_reader(&index, ReloadPolicy::OnCommitWithDelay)?;
        let follow = match index.generation_root().map(Path::to_path_buf) {
            Some(root) => {
                let dir = index.path().to_path_buf();
                let generation = Engine {
                    index: index.clone(),
                    reader: reader.clone(),
                    follow: None,
                    synonyms: Arc::clone(&synonyms),
                    authority: Arc::clone(&authority),
                    issuers: IssuerCache::default(),
                    statuses: Arc::clone(&statuses),
                };
                Some(Follow::new(root, generation, dir))
            }
            None => None,
        };
        Ok(Engine {
            index,
            reader,
            follow,
            synonyms,
            authority,
            issuers: IssuerCache::default(),
            statuses,
        })
    }

    /// The authority file's loaded records (and the lines it skipped as malformed).
    pub fn authority(&self) -> Arc<Authority> {
        self.authority.current()
    }

    /// The authority file and synonyms the engine reads, shared with the generations it
    /// follows.
    pub(crate) fn sources(&self) -> (Arc<AuthoritySource>, Arc<WatchedSynonyms>) {
        (Arc::clone(&self.authority), Arc::clone(&self.synonyms))
    }

    /// The synonyms queries are expanded with now.
    pub fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.current()
    }

    /// Every document's status on `as_of` through `searcher`, computed once per searcher
    /// generation and day (today's before the generation is searched).
    fn statuses(&self, searcher: &Searcher, as_of: Date) -> Result<Arc<StatusTable>> {
        self.statuses.get(searcher, as_of)
    }

    /// The engine of the live generation when following a root.
    fn live(&self) -> Option<Arc<Engine>> {
        self.follow.as_ref().map(Follow::current)
    }

    /// Reads the root's pointer now (rather than within [`crate::FOLLOW_INTERVAL`]) and moves
    /// to the generation it names. Returns whether the generation changed.
    pub fn refresh(&self) -> Result<bool> {
        match &self.follow {
            Some(follow) => follow.refresh(),
            None => Ok(false),
        }
    }

    /// Opens the index at `path`, checking its schema version.
    pub fn open(path: &Path) -> Result<Engine> {
        Engine::new(GongbaoIndex::open(path)?)
    }

    /// The index searched (the live generation's when following a root).
    pub fn index(&self) -> GongbaoIndex {
        match self.live() {
            Some(live) => live.index.clone(),
            None => self.index.clone(),
        }
    }

    /// Sees the latest commit (and the live generation, the authority file and the synonyms) now rather than
    /// after the delay.
    pub fn reload(&self) -> Result<()> {
        self.authority.reload();
        self.synonyms.reload();
        self.refresh()?;
        match self.live() {
            Some(live) => live.reload(),
            None => Ok(self.reader.reload()?),
        }
    }

    /// Documents in the index.
    pub fn num_docs(&self) -> u64 {
        match self.live() {
            Some(live) => live.num_docs(),
            None => self.reader.searcher().num_docs(),
        }
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        if let Some(live) = self.live() {
            return live.search(request);
        }
        validate(request)?;
        let searcher = self.reader.searcher();
        let fields = &self.index.fields;
        let analyzer = &self.index.analyzer;
        let mut parsed = parse(&request.query);
        let partial = PartialNumber::take(&searcher, fields, &mut parsed, &request.filters)?;
        let authority = self.authority.current();
        let as_of = request.as_of.unwrap_or_else(today);
        let counts_statuses =
            request.facets || !request.filters.validity.is_empty() || request.filters.current_only;
        let statuses = if counts_statuses {
            self.statuses(&searcher, as_of)?
        } else {
            StatusTable::empty()
        };
        let filters = Resolved {
            statuses: counts_statuses.then(|| Arc::clone(&statuses)),
            filters: match &partial {
                Some(partial) => Cow::Owned(partial.narrow(&request.filters)),
                None => Cow::Borrowed(&request.filters),
            },
            issuers: match &request.filters.issuer {
                Some(issuer) => self
                    .issuers
                    .get(&searcher, &authority)?
                    .terms_for(&authority, issuer),
                None => Vec::new(),
            },
        };
        let numbers = Numbers::resolve(&searcher, fields, &parsed)?;
        let plan = Plan::new(analyzer, &parsed, &numbers.leftovers).with_synonyms(
            analyzer,
            &self.synonyms.current(),
            &parsed,
            &numbers.leftovers,
        );
        let chunks: Vec<&str> = parsed
            .text
            .iter()
            .chain(&numbers.leftovers)
            .map(String::as_str)
            .collect();
        let laws = if !Ranking::current().named_laws_first {
            Vec::new()
        } else {
            named_laws(
                &searcher,
                fields,
                analyzer,
                &chunks,
                &plan.alternatives.expansions,
            )?
        };
        let law_queries = laws
            .iter()
            .map(|law| law_query(&searcher, fields, law))
            .collect::<Result<Vec<_>>>()?;
        let queries = assemble(
            analyzer,
            fields,
            &parsed,
            &plan,
            &numbers,
            law_queries,
            &filters,
        );
        let start = (request.page - 1) * request.page_size;
        let window = (start, request.page_size);
        // The top hits, the total and the facets come from one pass over the matching documents.
        let statistics = Statistics::new(&searcher);
        let sources = Sources {
            authority: Arc::clone(&authority),
            statuses,
        };
        let counted = Counted {
            statistics: &statistics,
            searcher: &searcher,
            sources: &sources,
            request,
        };
        // A code typed alone lists its documents in number order.
        let in_number_order = partial.is_some()
            && !plan.has_positive()
            && numbers.wanted.is_empty()
            && request.sort == Sort::Relevance
            && request.unit == Unit::Document;
        // Articles come from the best documents by relevance, whatever their order.
        let by_relevance_first =
            !in_number_order && (request.sort == Sort::Relevance || request.unit == Unit::Article);
        let (total, exact, facets, ranked): (u64, bool, _, Vec<Ranked>) = if by_relevance_first {
            let pinned = pinned_hits(&searcher, queries.pinned.as_deref())?;
            // The rescore window is always the same best hits, ordered again; hits below it
            // keep their order, so pages concatenate to one list.
            let mut ranking = Ranking::current();
            if request.unit == Unit::Article {
                ranking.passage_boost = ranking.article_passage_boost;
            }
            let rescored = ranking.rescore_window;
            let mut best = (start + request.page_size).max(rescored);
            if request.unit == Unit::Article {
                best = best.max(ranking.article_documents);
            }
            // Versions are collapsed within the rescore window only (the same best hits for
            // every page, so pages still concatenate); what the collapse takes out is made up
            // from below the window.
            let collapse = request.versions == Versions::Newest && request.unit == Unit::Document;
            if collapse {
                best += rescored;
            }
            let collector =
                BestHits::new(pinned.iter().copied().collect(), fields.body_grams, best);
            let (total, facets, mut top, exact) =
                counted.best(queries.ranked.as_ref(), collector)?;
            let window = top.len().min(rescored);
            // Article search ranks the articles of the same best documents: it keeps the
            // positions rescoring reads.
            let mut kept = (request.unit == Unit::Article)
                .then(|| KeptPositions::new(queries.rescore.grams().len()));
            rescore(
                &statistics,
                &searcher,
                &queries.rescore,
                &ranking,
                &mut top[..window],
                kept.as_mut(),
            )?;
            if ranking.out_of_force < 1.0 && window > 0 {
                let table = if counts_statuses {
                    Arc::clone(&sources.statuses)
                } else {
                    self.statuses(&searcher, as_of)?
                };
                lower_out_of_force(&searcher, &table, ranking.out_of_force, &mut top[..window]);
            }
            if ranking.local_force < 1.0 && window > 0 {
                let stored = StoredDocuments::new(&searcher, fields);
                let factor = ranking.local_force;
                lower_local(
                    &searcher,
                    &stored,
                    &request.query,
                    factor,
                    &mut top[..window],
                )?;
            }
            if request.unit == Unit::Article {
                let documents = &top[..top.len().min(ranking.article_documents)];
                let mut ranked = rank_articles(
                    &statistics,
                    &searcher,
                    &queries.rescore,
                    &ranking,
                    documents,
                    &kept.unwrap_or_default(),
                )?;
                let articles = &mut ranked.articles;
                if request.sort == Sort::Relevance {
                    best_articles(articles, start + request.page_size);
                } else {
                    by_document_date(&searcher, articles, request.sort == Sort::DateDesc);
                }
                let total = articles.len() as u64;
                let ranked = ranked
                    .articles
                    .iter()
                    .skip(start)
                    .take(request.page_size)
                    .map(|article| Ranked {
                        address: article.address,
                        score: Some(article.score),
                        pinned: false,
                        article: Some((article.ordinal, ranked.number(article))),
                    })
                    .collect();
                // Every article of the best documents is counted.
                (total, true, facets, ranked)
            } else {
                if collapse {
                    let below = top.split_off(window);
                    top = newest_versions_once(&searcher, top, as_of);
                    top.extend(below);
                }
                let ranked = top
                    .into_iter()
                    .skip(start)
                    .take(request.page_size)
                    .map(|((pinned, score, _), address)| Ranked {
                        address,
                        score: Some(score),
                        pinned,
                        article: None,
                    })
                    .collect();
                (total, exact, facets, ranked)
            }
        } else {
            let (total, facets, top) = if in_number_order {
                counted.with(queries.full.as_ref(), by_number(window))?
            } else {
                counted.with(queries.full.as_ref(), by_date(request.sort, window))?
            };
            let ranked = top
                .into_iter()
                .map(|(_, address)| Ranked {
                    address,
                    score: None,
                    pinned: false,
                    article: None,
                })
                .collect();
            (total, true, facets, ranked)
        };
        let terms = if request.highlight {
            plan.highlight_terms()
        } else {
            HighlightTerms::default()
        };
        let highlighter = Highlighter::new(analyzer, &terms);
        let mut documents = PageDocuments::new(
            StoredDocuments::new(&searcher, fields),
            Statuses::new(&self.index, &searcher, as_of),
            request.snippets,
        );
        let hits = ranked
            .into_iter()
            .map(|ranked| hit(&mut documents, &highlighter, ranked))
            .collect::<Result<Vec<Hit>>>()?;

        let understood = Understanding {
            words: plan.words.clone(),
            ignored: plan.ignored.clone(),
            phrases: plan.phrases.iter().map(|(text, _)| text.clone()).collect(),
            excluded: parsed.excluded.clone(),
            doc_numbers: numbers.wanted.iter().map(ToString::to_string).collect(),
            synonyms: plan.alternatives.expansions.clone(),
            laws: laws.into_iter().map(|law| law.key).collect(),
            partial_number: partial.as_ref().map(ToString::to_string),
            truncated: parsed.truncated,
        };
        Ok(SearchResponse {
            total,
            total_is_exact: exact,
            page: request.page,
            page_size: request.page_size,
            hits,
            facets,
            understood,
        })
    }

    /// `text` whole with the words of `query` marked as a search for `query` marks titles: a
    /// document's full text shown with the words that found it.
    pub fn highlight(&self, query: &str, text: &str) -> Result<Highlighted> {
        if let Some(live) = self.live() {
            return live.highlight(query, text);
        }
        let searcher = self.reader.searcher();
        let analyzer = &self.index.analyzer;
        let parsed = parse(query);
        let numbers = Numbers::resolve(&searcher, &self.index.fields, &parsed)?;
        let plan = Plan::new(analyzer, &parsed, &numbers.leftovers).with_synonyms(
            analyzer,
            &self.synonyms.current(),
            &parsed,
            &numbers.leftovers,
        );
        let terms = plan.highlight_terms();
        Ok(Highlighter::new(analyzer, &terms).whole(text))
    }

    /// A document by id, with the documents it cites and that cite it, and its lifecycle on
    /// `as_of`.
    pub fn document(&self, id: &str, as_of: Date) -> Result<Option<DocumentView>> {
        if let Some(live) = self.live() {
            return live.document(id, as_of);
        }
        let searcher = self.reader.searcher();
        let Some(document) = self.find(&searcher, id)? else {
            return Ok(None);
        };
        let cites = cite::cites(&self.index, &searcher, &document)?;
        let cited_by = cite::cited_by(&self.index, &searcher, &document)?;
        let lifecycle =
            lifecycle::lifecycle(&self.index, &searcher, &document, as_of, &cites, &cited_by)?;
        Ok(Some(DocumentView {
            lifecycle,
            citation: document.source.citation(),
            document,
            cites,
            cited_by,
        }))
    }

    /// The article numbered `number` of the document `id` (第五十四条, 五十四 or 54).
    pub fn article(&self, id: &str, number: &str) -> Result<ArticleLookup> {
        if let Some(live) = self.live() {
            return live.article(id, number);
        }
        let searcher = self.reader.searcher();
        Ok(match self.find(&searcher, id)? {
            Some(document) => ArticleLookup::of(&document, number),
            None => ArticleLookup::NoDocument,
        })
    }

    /// How many relations the index's texts state and how many name no document it holds.
    pub fn relation_counts(&self) -> Result<RelationCounts> {
        if let Some(live) = self.live() {
            return live.relation_counts();
        }
        lifecycle::relation_counts(&self.index, &self.reader.searcher())
    }

    /// Every facet value with its count, over all documents.
    pub fn facets(&self) -> Result<FacetCounts> {
        if let Some(live) = self.live() {
            return live.facets();
        }
        let searcher = self.reader.searcher();
        let authority = self.authority.current();
        let sources = Sources {
            authority,
            statuses: self.statuses(&searcher, today())?,
        };
        let (_, counts) = facet::count(&searcher, &sources, &AllQuery, true, &[])?;
        Ok(counts.unwrap_or_default())
    }

    fn find(&self, searcher: &Searcher, id: &str) -> Result<Option<Document>> {
        let query = TermQuery::new(self.index.fields.id_term(id), IndexRecordOption::Basic);
        let hits = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        match hits.first() {
            Some(&(_, address)) => {
                let stored = StoredDocuments::new(searcher, &self.index.fields);
                Ok(Some(stored.document(address)?))
            }
            None => Ok(None),
        }
    }
}

fn validate(request: &SearchRequest) -> Result<()> {
    if request.page == 0 {
        return Err(Error::invalid("page", "pages are numbered from 1"));
    }
    if !(1..=MAX_PAGE_SIZE).contains(&request.page_size) {
        return Err(Error::invalid(
            "page_size",
            format!(
                "must be between 1 and {MAX_PAGE_SIZE}, not {}",
                request.page_size
            ),
        ));
    }
    if request.page.saturating_mul(request.page_size) > MAX_WINDOW {
        return Err(Error::invalid(
            "page",
            format!(
                "results beyond the first {MAX_WINDOW} are not served (page {} of {} hits each); narrow the search",
                request.page, request.page_size
            ),
        ));
    }
    request.filters.validate()
}

/// The one pass of a search: the matching documents of a query, counted (with facets when the
/// request asks for them) while another collector takes the top hits.
struct Counted<'a> {
    statistics: &'a Statistics<'a>,
    searcher: &'a Searcher,
    sources: &'a Sources,
    request: &'a SearchRequest,
}

impl Counted<'_> {
    fn with<C: Collector>(
        &self,
        query: &dyn Query,
        top: C,
    ) -> Result<(u64, Option<FacetCounts>, C::Fruit)> {
        let area = &self.request.filters.policy_area;
        let facets = self.request.facets;
        let (statistics, searcher, sources) = (self.statistics, self.searcher, self.sources);
        facet::count_with(statistics, searcher, sources, query, facets, area, top)
    }

    /// As [`Counted::with`] the best hits: when the query is one of terms, the documents that
    /// cannot enter them are counted (and their facets) but not scored exactly or collected.
    fn best(
        &self,
        query: &dyn Query,
        best: BestHits,
    ) -> Result<(u64, Option<FacetCounts>, Vec<Scored>, bool)> {
        let Some(terms) = query.downcast_ref::<TermsQuery>() else {
            let (total, facets, top) = self.with(query, best)?;
            return Ok((total, facets, top, true));
        };
        let area = &self.request.filters.policy_area;
        let facets = self.request.facets;
        facet::count_best(self.statistics, self.sources, terms, facets, area, &best)
    }
}

/// The documents the query names by number, at most [`MAX_PINNED`] of them.
fn pinned_hits(searcher: &Searcher, pinned: Option<&dyn Query>) -> Result<HashSet<DocAddress>> {
    let Some(pinned) = pinned else {
        return Ok(HashSet::new());
    };
    let hits = searcher.search(pinned, &TopDocs::with_limit(MAX_PINNED).order_by_score())?;
    Ok(hits.into_iter().map(|(_, address)| address).collect())
}

/// Multiplies the scores of the hits out of force on the day asked (已废止, 失效) by `factor`
/// and orders them again: the document in force answers before the one it replaced.
fn lower_out_of_force(
    searcher: &Searcher,
    table: &StatusTable,
    factor: f32,
    hits: &mut [crate::rescore::Scored],
) {
    for hit in hits.iter_mut() {
        let segment = searcher.segment_reader(hit.1.segment_ord).segment_id();
        if matches!(
            table.status(segment, hit.1.doc_id),
            Some(gongbao_core::Validity::Repealed | gongbao_core::Validity::Expired)
        ) && !hit.0 .0
        {
            hit.0 .1 *= factor;
        }
    }
    hits.sort_by(crate::rescore::best_first);
}

/// The window `(start, size)` of the hits by published date (else written date), undated last.
fn by_date(
    sort: Sort,
    (start, size): (usize, usize),
) -> impl Collector<Fruit = Vec<(i64, DocAddress)>> {
    let newest_first = sort == Sort::DateDesc;
    TopDocs::with_limit(size)
        .and_offset(start)
        .tweak_score(move |segment: &SegmentReader| {
            let fast = segment.fast_fields();
            let published = fast.date(names::PUBLISHED).ok();
            let written = fast.date(names::WRITTEN).ok();
            move |doc: DocId, _: Score| {
                let date = published
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .or_else(|| written.as_ref().and_then(|column| column.first(doc)));
                match date {
                    Some(date) if newest_first => date.into_timestamp_secs(),
                    Some(date) => -date.into_timestamp_secs(),
                    None => i64::MIN,
                }
            }
        })
}
