//! Article search: the articles (第X条) of the best documents, ranked.
//!
//! An article is short and leans on its law (本法, 前款), so BM25 over the article alone misses
//! what the whole document says. Articles are ranked inside the documents the document search
//! ranks best ([`Ranking::article_documents`] of them): each article's own BM25 over the query's
//! bigrams, each weighted by its idf over those documents' articles (a part of it,
//! [`Ranking::article_join`], for a bigram that only joins two words of the question; and, when
//! weighed, the verbatim runs it holds and its best neighbour's score), plus a
//! part of the BM25 of the heading it stands under, as a share of the query's weight; plus the
//! share of the best document's score its document has. Positions of the bigram field are the ones rescoring read for
//! the same best documents ([`KeptPositions`]), and fall into articles by the packed spans of
//! [`gongbao_core::structure::ArticleSpans`].

mod view;

use std::cmp::Ordering;

use gongbao_core::schema::names;
use gongbao_core::structure::ArticleSpans;
use tantivy::columnar::BytesColumn;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::{DocAddress, Score, Searcher, Term};

use crate::error::Result;
use crate::ranking::Ranking;
use crate::rescore::{
    open_postings, read_positions, run_starts, GramPositions, KeptPositions, Lists, Rescoring,
    Scored,
};
use crate::statistics::{idf, Statistics};

pub use self::view::{ArticleLookup, ArticleView, ClauseView};

/// Documents whose articles article search ranks: the best of the document search.
pub const ARTICLE_DOCUMENTS: usize = 20;
/// Weight of an article's document: its score as a share of the best document's (0.3–0.8
/// measured, `benches/RELEVANCE.md`).
pub const ARTICLE_DOCUMENT: f32 = 0.5;
/// The passage boost of the document search whose best documents article search ranks the
/// articles of, in place of [`crate::build::PASSAGE_BOOST`]: none. Each article is its own
/// passage, scored by itself; the documents' best passages counted the same evidence twice
/// (0, 10 and 30 measured, `benches/RELEVANCE.md`).
pub const ARTICLE_PASSAGE_BOOST: f32 = 0.0;
/// Part of the better neighbour's own score an article adds to its own.
pub const ARTICLE_NEIGHBOUR: f32 = 0.0;
/// How much of a bigram's weight in article search is its idf over the articles of the
/// candidate documents rather than over all documents: all of it (0.25, 0.5, 0.75 and 1.0
/// measured rising on stard-articles-public, `benches/RELEVANCE.md`). Inside the laws that
/// answer, the words every article uses (合同 in a contract law) tell articles apart least.
pub const ARTICLE_LOCAL_IDF: f32 = 1.0;
/// Weight in article search of a bigram that only joins two words of the question (民出 in
/// 公民出国), as a part of its weight.
pub const ARTICLE_JOIN: f32 = 0.25;
/// Part of the score of the heading above an article (its own BM25 over the query's bigrams)
/// the article adds to its own.
pub const ARTICLE_HEADING: f32 = 0.5;
/// BM25's k1 within an article.
pub const ARTICLE_K1: f32 = 0.6;
/// BM25's b within an article.
pub const ARTICLE_B: f32 = 0.5;
/// The article length, in bigrams, BM25's b normalises by.
pub const ARTICLE_LENGTH: f32 = 80.0;
/// Weight of a verbatim run within an article, times its bigrams' idf: none by default (0.5 and
/// 1.5 measured lower on stard-articles-public, `benches/RELEVANCE.md`).
pub const ARTICLE_RUN_BOOST: f32 = 0.0;

/// An article ranked by article search.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RankedArticle {
    /// Its document.
    pub(crate) address: DocAddress,
    /// Its place among the document's articles.
    pub(crate) ordinal: usize,
    /// Its score.
    pub(crate) score: Score,
    /// Its document's place in the document ranking, which breaks ties.
    rank: usize,
}

/// The articles of `documents` (the best hits of a document search, best first) that hold at
/// least one of the query's bigrams, in no particular order ([`best_articles`] orders them); an
/// article number written twice in a document counts once, with its better score. The positions
/// of the bigrams are taken from `kept` (what rescoring read) where it has the document.
pub(crate) fn rank_articles(
    statistics: &Statistics,
    searcher: &Searcher,
    rescoring: &Rescoring,
    ranking: &Ranking,
    documents: &[Scored],
    kept: &KeptPositions,
) -> Result<RankedArticles> {
    let grams = rescoring.grams();
    let Some(best) = documents.first().filter(|_| !grams.is_empty()) else {
        return Ok(RankedArticles::default());
    };
    // Pinned documents come first whatever their score: the best is the best score of all.
    let best_score = documents
        .iter()
        .map(|hit| hit.0 .1)
        .fold(best.0 .1, f32::max)
        .max(f32::EPSILON);
    let mut order: Vec<(DocAddress, usize)> = documents
        .iter()
        .enumerate()
        .map(|(rank, hit)| (hit.1, rank))
        .collect();
    order.sort_unstable();
    // Each candidate document's article spans, and the positions of the query's bigrams in it
    // (the `positions` document of the same place).
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut positions = KeptPositions::new(grams.len());
    let mut read = vec![Vec::new(); grams.len()];
    for segment_documents in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let ordinal = segment_documents[0].0.segment_ord;
        let segment = searcher.segment_reader(ordinal);
        let Some(spans) = segment.fast_fields().bytes(names::ARTICLE_SPANS)? else {
            continue;
        };
        let mut postings = None;
        for &(address, rank) in segment_documents {
            let mut value = Vec::new();
            if !read_spans(&spans, address, &mut value)? {
                continue;
            }
            match kept.find(address) {
                Some(found) => positions.push(address, kept.doc(found).iter()),
                None => {
                    let postings = match &mut postings {
                        Some(postings) => postings,
                        None => postings.insert(open_postings(statistics, ordinal, grams)?),
                    };
                    read_positions(postings, address.doc_id, &mut read);
                    positions.push(address, read.iter().map(Vec::as_slice));
                }
            }
            let (articles, headings) = ArticleSpans::new(&value)
                .map(|span| ((span.start, span.end), span.heading))
                .unzip();
            candidates.push(Candidate {
                address,
                rank,
                spans: value,
                articles,
                headings,
            });
        }
    }
    // Which articles hold each bigram, and how often: counted once, for the weights and the
    // scores.
    let mut tallies = Tallies::default();
    let mut counter = Counter::new(0);
    for (index, candidate) in candidates.iter().enumerate() {
        counter.resize(candidate.articles.len());
        for gram in positions.doc(index).iter() {
            counter.count(gram, &candidate.articles, |article, count| {
                tallies.0.push((article as u32, count));
            });
            tallies.0.close();
        }
    }
    let articles = candidates.iter().map(|c| c.articles.len() as u64).sum();
    let mut weights = gram_weights(statistics, grams, ranking, &tallies, articles)?;
    for (weight, &join) in weights.iter_mut().zip(rescoring.joins()) {
        if join {
            *weight *= ranking.article_join;
        }
    }
    let query_weight: f32 = weights.iter().sum::<f32>().max(f32::EPSILON);
    let mut ranked = Vec::new();
    let mut scratch = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        let (address, rank) = (candidate.address, candidate.rank);
        let document = Document {
            positions: positions.doc(index),
            held: tallies.of(index, grams.len()),
            weights: &weights,
            rescoring,
            ranking,
        };
        let scores =
            document.article_scores(&candidate.articles, &candidate.headings, &mut scratch);
        // A document the query names counts as the best document.
        let document_share = if documents[rank].0 .0 {
            1.0
        } else {
            documents[rank].0 .1 / best_score
        };
        push_articles(
            &mut ranked,
            &scores,
            ArticleSpans::new(&candidate.spans),
            (address, rank),
            |own, neighbour| {
                (own + ranking.article_neighbour * neighbour) / query_weight
                    + ranking.article_document * document_share
            },
        );
    }
    let mut spans = vec![Vec::new(); documents.len()];
    for candidate in candidates {
        spans[candidate.rank] = candidate.spans;
    }
    Ok(RankedArticles {
        articles: ranked,
        spans,
    })
}

/// The articles of each candidate holding each of the query's bigrams, with their counts: one
/// list of `(article, count)` per candidate and bigram, in turn.
#[derive(Debug, Default)]
struct Tallies(Lists<(u32, u32)>);

impl Tallies {
    /// The lists of candidate `index`, one per bigram of `grams`.
    fn of(&self, index: usize, grams: usize) -> Vec<&[(u32, u32)]> {
        (index * grams..(index + 1) * grams)
            .map(|list| self.0.get(list))
            .collect()
    }

    /// How many of the candidates' articles hold each bigram.
    fn holding(&self, grams: usize) -> Vec<u64> {
        let mut holding = vec![0u64; grams];
        for list in 0..self.0.len() {
            holding[list % grams] += self.0.get(list).len() as u64;
        }
        holding
    }
}

/// The weight of each bigram: its idf over all documents mixed with its idf over the
/// candidates' `articles` articles, [`Ranking::article_local_idf`] of the latter. Inside the laws
/// that answer, a bigram in every article (合同 in a contract law) tells them apart least.
fn gram_weights(
    statistics: &Statistics,
    grams: &[Term],
    ranking: &Ranking,
    tallies: &Tallies,
    articles: u64,
) -> Result<Vec<f32>> {
    let mix = ranking.article_local_idf.clamp(0.0, 1.0);
    let docs = statistics.total_num_docs()?;
    grams
        .iter()
        .zip(tallies.holding(grams.len()))
        .map(|(term, held)| {
            let local = mix * idf(held, articles);
            if mix >= 1.0 {
                return Ok(local);
            }
            Ok((1.0 - mix) * idf(statistics.doc_freq(term)?, docs) + local)
        })
        .collect()
}

/// The articles article search ranked, and what names them.
#[derive(Debug, Default)]
pub(crate) struct RankedArticles {
    /// The articles.
    pub(crate) articles: Vec<RankedArticle>,
    /// The packed spans of the documents, by their rank in the document search.
    spans: Vec<Vec<u8>>,
}

impl RankedArticles {
    /// The number of `article` as written (第五十四条): read for the articles shown only, as
    /// most articles that score are never shown.
    pub(crate) fn number(&self, article: &RankedArticle) -> String {
        self.spans
            .get(article.rank)
            .and_then(|value| ArticleSpans::new(value).nth(article.ordinal))
            .map(|span| span.number().to_owned())
            .unwrap_or_default()
    }
}

/// Orders the first `needed` of `articles` best first, as sorting them all would (the rest
/// follow in no particular order): a page needs only its own and the ones before it.
pub(crate) fn best_articles(articles: &mut [RankedArticle], needed: usize) {
    if needed == 0 {
        return;
    }
    if needed < articles.len() {
        articles.select_nth_unstable_by(needed - 1, best_first);
    }
    let needed = needed.min(articles.len());
    articles[..needed].sort_by(best_first);
}

/// A document whose articles are ranked: its address and rank in the document search, its
/// packed article spans (for the numbers of the articles that score), and each article's range of
/// bigram positions and its heading's.
struct Candidate {
    address: DocAddress,
    rank: usize,
    spans: Vec<u8>,
    articles: Vec<Span>,
    headings: Vec<Span>,
}

/// The packed spans of the document at `address` into `value`; false when it has none.
fn read_spans(spans: &BytesColumn, address: DocAddress, value: &mut Vec<u8>) -> Result<bool> {
    value.clear();
    let Some(ord) = spans.term_ords(address.doc_id).next() else {
        return Ok(false);
    };
    spans
        .ord_to_bytes(ord, value)
        .map_err(tantivy::TantivyError::from)?;
    Ok(!value.is_empty())
}

/// A range of bigram positions, `start..end`.
type Span = (u32, u32);

/// One document's positions of the query's bigrams, the articles holding each, and how to weigh
/// them.
struct Document<'a> {
    positions: GramPositions<'a>,
    held: Vec<&'a [(u32, u32)]>,
    weights: &'a [f32],
    rescoring: &'a Rescoring,
    ranking: &'a Ranking,
}

impl Document<'_> {
    /// Each article's own score: BM25 of the bigrams and verbatim runs within it.
    fn article_scores(
        &self,
        spans: &[Span],
        headings: &[Span],
        scratch: &mut Vec<u32>,
    ) -> Vec<Score> {
        let ranking = self.ranking;
        let (k1, b, average) = (
            ranking.article_k1,
            ranking.article_b,
            ranking.article_length.max(1.0),
        );
        let norms: Vec<f32> = spans
            .iter()
            .map(|&(start, end)| k1 * (1.0 - b + b * end.saturating_sub(start) as f32 / average))
            .collect();
        let bm25 = |count: u32, norm: f32| {
            let count = count as f32;
            count * (k1 + 1.0) / (count + norm)
        };
        let mut scores = vec![0.0; spans.len()];
        let mut counter = Counter::new(spans.len());
        for (held, &weight) in self.held.iter().zip(self.weights) {
            for &(article, count) in held.iter() {
                let article = article as usize;
                scores[article] += weight * bm25(count, norms[article]);
            }
        }
        if ranking.article_heading > 0.0 {
            // The heading an article stands under (第四节 个体工商户和农村承包经营户) scores as
            // a short text of its own (no length normalisation), and lends a part of that to
            // each article under it.
            // Headings stand in body order, before their articles: the distinct ones come from
            // dropping repeats, and each article's is found by walking along.
            let mut distinct: Vec<(u32, u32)> = Vec::new();
            for &heading in headings {
                if heading.0 < heading.1 && distinct.last() != Some(&heading) {
                    distinct.push(heading);
                }
            }
            if !distinct.windows(2).all(|pair| pair[0].1 <= pair[1].0) {
                distinct.sort_unstable();
                distinct.dedup();
            }
            let mut own = vec![0.0; distinct.len()];
            let mut counter = Counter::new(distinct.len());
            for (positions, &weight) in self.positions.iter().zip(self.weights) {
                counter.count(positions, &distinct, |heading, count| {
                    own[heading] += weight * bm25(count, k1);
                });
            }
            let mut at = 0;
            for (score, heading) in scores.iter_mut().zip(headings) {
                if distinct.get(at) != Some(heading) {
                    match distinct.binary_search(heading) {
                        Ok(found) => at = found,
                        Err(_) => continue,
                    }
                }
                *score += ranking.article_heading * own[at];
            }
        }
        let runs = if ranking.article_run_boost > 0.0 {
            self.rescoring.runs()
        } else {
            &[]
        };
        for run in runs {
            let run_positions: Vec<&[u32]> =
                run.iter().map(|&gram| self.positions.gram(gram)).collect();
            run_starts(&run_positions, scratch);
            let weight: f32 =
                run.iter().map(|&gram| self.weights[gram]).sum::<f32>() * ranking.article_run_boost;
            counter.count(scratch, spans, |article, count| {
                scores[article] += weight * bm25(count, norms[article]);
            });
        }
        scores
    }
}

/// Counts sorted positions into sorted, disjoint spans: each position finds its span by galloping
/// from the last one's (a law has hundreds of articles, a rare bigram a few positions), and only
/// the spans touched are visited.
struct Counter {
    counts: Vec<u32>,
    touched: Vec<usize>,
}

impl Counter {
    fn new(spans: usize) -> Counter {
        Counter {
            counts: vec![0; spans],
            touched: Vec::new(),
        }
    }

    /// Room for `spans` spans.
    fn resize(&mut self, spans: usize) {
        if self.counts.len() < spans {
            self.counts.resize(spans, 0);
        }
    }

    /// Calls `visit(span, count)` for each of `spans` holding any of `positions`.
    fn count(
        &mut self,
        positions: &[u32],
        spans: &[(u32, u32)],
        mut visit: impl FnMut(usize, u32),
    ) {
        let mut span = 0;
        for &position in positions {
            span = first_ending_after(spans, span, position);
            let Some(&(start, _)) = spans.get(span) else {
                break;
            };
            if start <= position {
                if self.counts[span] == 0 {
                    self.touched.push(span);
                }
                self.counts[span] += 1;
            }
        }
        for span in self.touched.drain(..) {
            visit(span, self.counts[span]);
            self.counts[span] = 0;
        }
    }
}

/// The first of `spans` from `from` on that ends after `position` (`spans.len()` when none does),
/// found by galloping: sorted, disjoint spans end in order.
fn first_ending_after(spans: &[Span], from: usize, position: u32) -> usize {
    let ends_before = |span: &Span| span.1 <= position;
    if spans.get(from).is_none_or(|span| !ends_before(span)) {
        return from;
    }
    // `spans[from + step / 2]` ends at or before `position`; double `step` until one does not.
    let mut step = 1;
    while spans.get(from + step).is_some_and(ends_before) {
        step *= 2;
    }
    let low = from + step / 2;
    let high = (from + step).min(spans.len());
    low + spans[low..high].partition_point(ends_before)
}

/// Adds the articles of one document that scored to `ranked`, each scored by `combine(own score,
/// best neighbour's score)`; a number written twice keeps its better article.
fn push_articles(
    ranked: &mut Vec<RankedArticle>,
    scores: &[Score],
    spans: ArticleSpans,
    (address, rank): (DocAddress, usize),
    combine: impl Fn(Score, Score) -> Score,
) {
    let mut found: Vec<(&[u8], RankedArticle)> = Vec::new();
    for (ordinal, (span, &own)) in spans.zip(scores).enumerate() {
        if own <= 0.0 {
            continue;
        }
        let neighbour = [ordinal.checked_sub(1), Some(ordinal + 1)]
            .into_iter()
            .flatten()
            .filter_map(|at| scores.get(at))
            .fold(0.0f32, |best, &score| best.max(score));
        let article = RankedArticle {
            address,
            ordinal,
            score: combine(own, neighbour),
            rank,
        };
        found.push((span.number_bytes(), article));
    }
    // Twins are rare: only when two numbers hash alike are the articles sorted by number, better
    // first, keeping the first of each number.
    let mut hashes: Vec<u64> = found.iter().map(|(number, _)| fnv1a(number)).collect();
    hashes.sort_unstable();
    if hashes.windows(2).any(|pair| pair[0] == pair[1]) {
        found.sort_unstable_by(|(a, first), (b, second)| {
            a.cmp(b).then_with(|| best_first(first, second))
        });
        found.dedup_by(|(later, _), (kept, _)| later == kept);
    }
    ranked.extend(found.into_iter().map(|(_, article)| article));
}

/// The 64-bit FNV-1a hash of `bytes`: a cheap fingerprint of a short number.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Best score first; ties by the document's rank, then by article order.
fn best_first(a: &RankedArticle, b: &RankedArticle) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.rank.cmp(&b.rank))
        .then_with(|| a.ordinal.cmp(&b.ordinal))
}

/// Orders ranked articles by their documents' published date (else written date), newest or
/// oldest first, undated last; articles of one document keep their order.
pub(crate) fn by_document_date(
    searcher: &Searcher,
    articles: &mut [RankedArticle],
    newest_first: bool,
) {
    let date = |address: DocAddress| -> Option<i64> {
        let fast = searcher.segment_reader(address.segment_ord).fast_fields();
        [names::PUBLISHED, names::WRITTEN]
            .into_iter()
            .find_map(|name| {
                fast.date(name)
                    .ok()?
                    .first(address.doc_id)
                    .map(|date| date.into_timestamp_secs())
            })
    };
    let mut dates: Vec<(DocAddress, Option<i64>)> = Vec::new();
    for article in articles.iter() {
        if !dates.iter().any(|(address, _)| *address == article.address) {
            dates.push((article.address, date(article.address)));
        }
    }
    let key = |article: &RankedArticle| {
        let date = dates
            .iter()
            .find(|(address, _)| *address == article.address)
            .and_then(|(_, date)| *date);
        match date {
            Some(date) if newest_first => (0, -date, article.rank, article.ordinal),
            Some(date) => (0, date, article.rank, article.ordinal),
            None => (1, 0, article.rank, article.ordinal),
        }
    };
    articles.sort_by_cached_key(key);
}

/// The id of an article hit: its document's id and its number, `民法典/总则.md#第五十四条`.
pub fn article_id(document: &str, number: &str) -> String {
    format!("{document}#{number}")
}

#[cfg(test)]
mod tests;
