//! Turning an analysed query into tantivy queries: the scored text query, the document-number
//! look-up that pins a document first, exclusions and filters.

use gongbao_core::analyzer::{is_han, title_key};
use gongbao_core::{Analyzer, DocNumber, Fields};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::error::Result;
use crate::filter::Resolved;
use crate::parse::ParsedQuery;
use crate::plan::{Exact, Plan};
use crate::ranking::Ranking;
use crate::rescore::Rescoring;
use crate::terms::TermsQuery;

/// Weight of a match in the title relative to the same match in the body. Citizens' questions
/// rarely name the document they need, and titles are short, so BM25 already rewards a title
/// match strongly: a full weight pulls documents whose title shares one common word above the
/// ones that answer (measured in `benches/RELEVANCE.md`). Exact titles have their own boost.
pub const TITLE_BOOST: f32 = 0.3;
/// Weight of bigram clauses relative to word clauses. Bigrams add recall where jieba splits the
/// query and the document differently; on the public sets they are as good evidence as words.
pub const GRAM_WEIGHT: f32 = 1.0;
/// Boost of a run of query characters found verbatim (its bigrams at consecutive positions).
pub const RUN_BOOST: f32 = 0.5;

/// Weight of the words and bigrams of a form's equivalents ([`crate::synonyms`]) relative to
/// the form typed: a document that uses the form typed ranks above one that uses its
/// equivalent, and both are found.
pub const SYNONYM_WEIGHT: f32 = 0.3;

/// Boost of a query that is a document's whole title (folded, punctuation ignored): a citizen
/// who types a title wants that document, not the ones that cite it.
pub const TITLE_EXACT_BOOST: f32 = 30.0;
/// Boost of two parts of a query (runs split by question words or punctuation) standing close
/// together in the body.
pub const PROXIMITY_BOOST: f32 = 1.5;
/// How many bigram positions apart two query parts may stand for [`PROXIMITY_BOOST`].
pub const PROXIMITY_SLOP: u32 = 8;
/// Weight of a long document's length: a score is multiplied by `1 + LENGTH_BOOST ·
/// ln(length / LENGTH_PIVOT)` when the body is longer than [`LENGTH_PIVOT`]. BM25 normalises a
/// long regulation's matches by its length as if it were one long answer, but a code of many
/// articles answers many questions (pivoted length normalisation corrects the same bias).
pub const LENGTH_BOOST: f32 = 0.5;
/// Body length, in bigram positions (about characters), from which [`LENGTH_BOOST`] applies:
/// above nearly every notice (99% of the shared notices are shorter), so only long
/// regulations and codes are raised.
pub const LENGTH_PIVOT: u32 = 10_000;
/// Best hits by the text query alone whose verbatim runs, proximity and best passage are scored
/// and which are then ordered again ([`crate::rescore`]): the first page at the default page
/// size. Hits below the window keep their order, so pages concatenate to one list. Reading
/// positions costs most per hit; windows of 20, 30, 50 and 100 rank the public sets alike
/// (`benches/RELEVANCE.md`).
pub const RESCORE_WINDOW: usize = 20;
/// Queries of more parts than this get no proximity clauses: a pasted paragraph is matched by
/// its verbatim runs instead.
pub const MAX_PROXIMITY_WORDS: usize = 12;
/// Score added to a rescored hit for its best passage, times the share of the query that passage
/// holds (the idf-weighted share of the query's body bigrams standing in it): a regulation whose
/// one article holds the whole question is a better answer than one that mentions its words
/// chapters apart.
pub const PASSAGE_BOOST: f32 = 30.0;
/// Width of a passage, in bigram positions (about characters): a short article or a paragraph.
pub const PASSAGE_WIDTH: u32 = 50;
/// Factor of the score of a rescored hit that is out of force on the day asked (已废止, 失效;
/// not 已修改, whose text mostly still applies; never a pinned hit): the document in force
/// answers before the one it replaced (0.9, 0.7 and 0.5 measured on the public sets,
/// `benches/RELEVANCE.md`).
pub const OUT_OF_FORCE: f32 = 0.7;

/// Document numbers of a query, resolved against the index.
#[derive(Debug, Default)]
pub(crate) struct Numbers {
    /// Keys of the documents to rank first.
    pub pinned: Vec<String>,
    /// Keys of the documents to leave out.
    pub excluded: Vec<String>,
    /// Words typed just before a number and read into its code (关于 in 关于东政办发…).
    pub leftovers: Vec<String>,
    /// The numbers wanted, in standard form with the resolved code.
    pub wanted: Vec<DocNumber>,
}

impl Numbers {
    /// Resolves each mention to the longest candidate key that some document has.
    pub(crate) fn resolve(
        searcher: &Searcher,
        fields: &Fields,
        parsed: &ParsedQuery,
    ) -> Result<Numbers> {
        let mut numbers = Numbers::default();
        for mention in &parsed.numbers {
            let mut resolved = None;
            for key in mention.number.candidate_keys() {
                if searcher.doc_freq(&Term::from_field_text(fields.doc_number, &key))? > 0 {
                    resolved = Some(key);
                    break;
                }
            }
            let mut number = mention.number.clone();
            let key = match resolved {
                Some(key) => {
                    let code = key.split('/').next().unwrap_or_default();
                    let prefix = number.code.strip_suffix(code).unwrap_or_default();
                    if !prefix.is_empty() && !mention.excluded {
                        numbers.leftovers.push(prefix.to_owned());
                    }
                    number.code = code.to_owned();
                    key
                }
                None => number.key(),
            };
            if mention.excluded {
                numbers.excluded.push(key);
            } else {
                numbers.pinned.push(key);
                numbers.wanted.push(number);
            }
        }
        Ok(numbers)
    }
}

/// The queries of one search. Both match the same documents: the clause only `ranked` has (the
/// exact title) raises the score of documents other clauses match.
pub(crate) struct Assembled {
    /// Every hit, unscored clauses left out: for date sorting.
    pub full: Box<dyn Query>,
    /// Every hit, scored.
    pub ranked: Box<dyn Query>,
    /// What the best hits only are rescored by ([`crate::rescore`]): verbatim runs, proximity
    /// and the best passage, which read positions and would cost most of a search on every hit.
    pub rescore: Rescoring,
    /// Hits whose document number or law title the query names, if it names one: ranked first.
    pub pinned: Option<Box<dyn Query>>,
}

/// Builds the queries of a search.
pub(crate) fn assemble(
    analyzer: &Analyzer,
    fields: &Fields,
    parsed: &ParsedQuery,
    plan: &Plan,
    numbers: &Numbers,
    laws: Vec<Box<dyn Query>>,
    filters: &Resolved,
) -> Assembled {
    let mut exclusions: Vec<Box<dyn Query>> = plan
        .excluded
        .iter()
        .map(|exact| exact_query(fields, exact))
        .collect();
    exclusions.extend(numbers.excluded.iter().map(|key| number_query(fields, key)));
    // Documents the query names, by number or as a law, are ranked first.
    let pinned = any_of(
        numbers
            .pinned
            .iter()
            .map(|key| number_query(fields, key))
            .chain(laws)
            .collect(),
    );
    let core_for = |purpose: Purpose| -> Box<dyn Query> {
        let exact_title = match purpose {
            Purpose::Rank => exact_title(fields, parsed),
            Purpose::Match => None,
        };
        let mut core = text_query(fields, plan, exact_title);
        if core.is_none() && !numbers.wanted.is_empty() {
            // A query that is only a number also finds the documents that cite it.
            core = any_of(
                numbers
                    .wanted
                    .iter()
                    .filter_map(|number| number_mention_query(analyzer, fields.body_grams, number))
                    .collect(),
            );
        }
        let asked =
            !parsed.text.is_empty() || !parsed.phrases.is_empty() || !numbers.wanted.is_empty();
        core.unwrap_or_else(|| {
            if asked {
                Box::new(EmptyQuery)
            } else {
                Box::new(AllQuery)
            }
        })
    };
    let core = core_for(Purpose::Rank);
    let matching = core_for(Purpose::Match);
    let restrict = |query: Box<dyn Query>| -> Box<dyn Query> {
        let mut clauses = vec![(Occur::Must, query)];
        clauses.extend(
            filters
                .queries(fields)
                .into_iter()
                .map(|filter| (Occur::Must, filter)),
        );
        clauses.extend(
            exclusions
                .iter()
                .map(|query| (Occur::MustNot, query.box_clone())),
        );
        if clauses.len() == 1 {
            return clauses.remove(0).1;
        }
        Box::new(BooleanQuery::new(clauses))
    };
    let or_pinned = |query: Box<dyn Query>| -> Box<dyn Query> {
        match &pinned {
            Some(pinned) => Box::new(BooleanQuery::new(vec![
                (Occur::Should, pinned.box_clone()),
                (Occur::Should, query),
            ])),
            None => query,
        }
    };
    Assembled {
        full: restrict(or_pinned(matching)),
        ranked: restrict(or_pinned(core)),
        rescore: Rescoring::new(fields.body_grams, plan),
        pinned: pinned.map(restrict),
    }
}

/// The term of a title equal to the query's text, with its boost: it raises the score of the
/// documents the query's other terms match.
fn exact_title(fields: &Fields, parsed: &ParsedQuery) -> Option<(Term, f32)> {
    let key = title_key(&parsed.text.concat());
    (key.chars().count() >= 2).then(|| {
        let term = Term::from_field_text(fields.title_key, &key);
        (term, Ranking::current().title_exact_boost)
    })
}

/// What a text query is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// Scoring hits: with the exact-title bonus.
    Rank,
    /// Deciding which documents match (date sorting): the exact-title bonus, which only raises
    /// the score of documents other terms already match, is left out.
    Match,
}

/// The query for free text and phrases, or `None` when the plan has neither; `exact_title` (a
/// term and its boost) raises the score of the documents it matches.
fn text_query(
    fields: &Fields,
    plan: &Plan,
    exact_title: Option<(Term, f32)>,
) -> Option<Box<dyn Query>> {
    if !plan.has_positive() {
        return None;
    }
    let ranking = Ranking::current();
    // Every word and bigram clause is scored in one query (the sum a boolean query of term
    // clauses would give): as separate clauses they cost more to set up than to read.
    let mut terms = TermsQuery::default();
    let mut should = |field: Field, text: &str, boost: f32| {
        // A weight of zero takes a clause out of matching too.
        if boost > 0.0 {
            terms.push(Term::from_field_text(field, text), boost);
        }
    };
    for word in &plan.words {
        let han = word.chars().all(is_han);
        let single = word.chars().count() == 1;
        // A title is short: its bigrams already weigh a word of two or more Chinese characters,
        // and a second clause for the same evidence only ranked worse (benches/RELEVANCE.md).
        if !han || single {
            should(
                fields.title,
                word,
                ranking.word_weight * ranking.title_boost,
            );
        }
        // A single character is weighed in the body by the bigrams it forms with its neighbours
        // (or on its own when it has none), and its word postings hold nearly every long body:
        // the clause made searches slower and ranked no better (benches/RELEVANCE.md).
        if !(han && single) {
            should(fields.body, word, ranking.word_weight);
        }
    }
    let typed_grams = distinct_grams(&plan.runs);
    for gram in &typed_grams {
        should(
            fields.title_grams,
            gram,
            ranking.title_boost * ranking.gram_weight,
        );
        should(fields.body_grams, gram, ranking.gram_weight);
    }
    // Equivalents of the forms typed count less, and only with what the query lacks.
    let alternatives = &plan.alternatives;
    let weight = ranking.synonym_weight;
    for word in &alternatives.words {
        let title_weight = if word.chars().all(is_han) {
            0.0
        } else {
            ranking.title_boost
        };
        should(
            fields.title,
            word,
            weight * ranking.word_weight * title_weight,
        );
        should(fields.body, word, weight * ranking.word_weight);
    }
    for gram in distinct_grams(&alternatives.runs) {
        if typed_grams.contains(&gram) {
            continue;
        }
        should(
            fields.title_grams,
            gram,
            weight * ranking.title_boost * ranking.gram_weight,
        );
        should(fields.body_grams, gram, weight * ranking.gram_weight);
    }
    if let Some((term, boost)) = exact_title {
        terms.push_bonus(term, boost);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !terms.is_empty() {
        clauses.push((Occur::Should, Box::new(terms)));
    }
    for (_, exact) in &plan.phrases {
        clauses.push((Occur::Must, exact_query(fields, exact)));
    }
    if clauses.len() == 1 {
        return clauses.pop().map(|(_, query)| query);
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// The bigrams of `runs`, each once, sorted.
fn distinct_grams(runs: &[Vec<String>]) -> Vec<&String> {
    let mut grams: Vec<&String> = runs.iter().flatten().collect();
    grams.sort();
    grams.dedup();
    grams
}

/// Documents containing `exact` verbatim in their title or body.
pub(crate) fn exact_query(fields: &Fields, exact: &Exact) -> Box<dyn Query> {
    let title = exact_query_in(fields.title_grams, fields.title, exact);
    let body = exact_query_in(fields.body_grams, fields.body, exact);
    Box::new(BooleanQuery::new(vec![
        (Occur::Should, boosted(title, TITLE_BOOST)),
        (Occur::Should, body),
    ]))
}

/// Documents containing `exact` verbatim in one text, given by its bigram and word fields.
pub(crate) fn exact_query_in(grams: Field, words: Field, exact: &Exact) -> Box<dyn Query> {
    match exact {
        Exact::Grams(tokens) => phrase_query(grams, tokens, 0),
        Exact::Gram(gram) => term_query(grams, gram),
        Exact::Char(c) => term_query(words, c),
    }
}

/// Candidates that mention `number` in `field` (a bigram field), in the standard bracket form or
/// the 年 form; other bracket forms give the same bigrams as the standard one. The closing 号 is
/// left out (its bigram depends on the next character), so callers verify on the stored text.
pub(crate) fn number_mention_query(
    analyzer: &Analyzer,
    field: Field,
    number: &DocNumber,
) -> Option<Box<dyn Query>> {
    let (code, serial) = (&number.code, number.serial);
    let forms = match number.year {
        Some(year) => vec![
            format!("{code}〔{year}〕{serial}"),
            format!("{code}{year}年{serial}"),
        ],
        None => vec![format!("{code}第{serial}")],
    };
    any_of(
        forms
            .iter()
            .filter_map(|form| match Exact::of(analyzer, form)? {
                Exact::Grams(grams) => Some(phrase_query(field, &grams, 0)),
                _ => None,
            })
            .collect(),
    )
}

fn number_query(fields: &Fields, key: &str) -> Box<dyn Query> {
    let term = Term::from_field_text(fields.doc_number, key);
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    let term = Term::from_field_text(field, text);
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// A phrase over `tokens` at consecutive positions; `tokens` must hold at least two.
fn phrase_query(field: Field, tokens: &[String], slop: u32) -> Box<dyn Query> {
    let terms = tokens
        .iter()
        .enumerate()
        .map(|(position, token)| (position, Term::from_field_text(field, token)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// Documents matching any of `queries`, or `None` for none.
fn any_of(mut queries: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            queries
                .into_iter()
                .map(|query| (Occur::Should, query))
                .collect(),
        ))),
    }
}
