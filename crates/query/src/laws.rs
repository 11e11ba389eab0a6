//! Laws and regulations a query names: 教育法 in "教育法 学校", 个保法 in "个保法 罚款".
//!
//! A citizen who names a law wants that law, and the rest of the question answered within it;
//! body-only ranking, right for questions that name nothing, puts the law fifth or drops it.
//! A name is a run of whole words of the query ending as laws' titles do (法, 条例, 规定 …) that
//! is some document's whole title ([`title_key`]), as typed, with 中华人民共和国 before it, or
//! as the equivalent of an abbreviation ([`Synonyms`]: 个保法 = 个人信息保护法). Each name is
//! one or two look-ups in the title-key terms, so the cost does not grow with the index.

use std::ops::Bound;

use gongbao_core::analyzer::{is_law_title, title_key};
use gongbao_core::schema::names;
use gongbao_core::{Analyzer, Fields, Validity};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DateTime, Searcher, Term};

use crate::error::Result;
use crate::runs::longest_runs;
use crate::synonyms::Expansion;

/// The national prefix of a law's full title, which people leave out.
const NATIONAL: &str = "中华人民共和国";
/// Most words a name spans in the query.
const MAX_NAME_WORDS: usize = 12;
/// Most characters of a name (国有土地上房屋征收与补偿条例 has 14).
const MAX_NAME_CHARS: usize = 60;
/// Shortest name, in characters, that is looked up as typed: 宪法 alone is found only as
/// 中华人民共和国宪法.
const MIN_NAME_CHARS: usize = 3;

/// A law the query names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedLaw {
    /// The title key found ([`title_key`]).
    pub key: String,
}

/// The laws named in `chunks` (the query's free text) or by the equivalents of its forms.
pub(crate) fn named_laws(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &Analyzer,
    chunks: &[&str],
    expansions: &[Expansion],
) -> Result<Vec<NamedLaw>> {
    // A query that is a whole title wants that document (the exact-title boost ranks it), not
    // the law its title cites.
    let whole = title_key(&chunks.concat());
    if searcher.doc_freq(&Term::from_field_text(fields.title_key, &whole))? > 0 {
        return Ok(Vec::new());
    }
    let mut found: Vec<NamedLaw> = Vec::new();
    let mut push = |key: String| {
        if !found.iter().any(|law| law.key == key) {
            found.push(NamedLaw { key });
        }
    };
    for chunk in chunks {
        let words = analyzer.words(chunk);
        let runs = longest_runs(&words, MAX_NAME_CHARS, |run, count| {
            if count > MAX_NAME_WORDS || !is_law_title(run) {
                return Ok(None);
            }
            title_of(searcher, fields, &title_key(run))
        })?;
        for (range, key) in runs {
            // "传染病防治法等法律法规" names a kind of law by an example: no law is wanted first.
            let example = words
                .get(range.end)
                .is_some_and(|next| next.text.starts_with('等'));
            if !example {
                push(key);
            }
        }
    }
    for equivalent in expansions.iter().flat_map(|found| &found.equivalents) {
        let key = title_key(equivalent);
        if is_law_title(&key) {
            if let Some(key) = title_of(searcher, fields, &key)? {
                push(key);
            }
        }
    }
    Ok(found)
}

/// The title key some document has for `name`: the name itself, or with 中华人民共和国 before it.
fn title_of(searcher: &Searcher, fields: &Fields, name: &str) -> Result<Option<String>> {
    let national = (!name.starts_with(NATIONAL)).then(|| format!("{NATIONAL}{name}"));
    let as_typed = (name.chars().count() >= MIN_NAME_CHARS).then(|| name.to_owned());
    for key in [national, as_typed].into_iter().flatten() {
        let term = Term::from_field_text(fields.title_key, &key);
        if searcher.doc_freq(&term)? > 0 {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

/// Versions of one title looked at, at most, to find the newest.
const MAX_VERSIONS: usize = 64;

/// The documents of a named law to rank first: the version in force. That is, of the documents
/// with its title, those not marked repealed, expired or amended (else all of them), and of
/// these the most recently published (the parts of a code, published together, all stay).
pub(crate) fn law_query(
    searcher: &Searcher,
    fields: &Fields,
    law: &NamedLaw,
) -> Result<Box<dyn Query>> {
    let title = || -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(fields.title_key, &law.key),
            IndexRecordOption::Basic,
        ))
    };
    let mut clauses = vec![(Occur::Must, title())];
    for ended in [Validity::Repealed, Validity::Expired, Validity::Amended] {
        let term = Term::from_field_text(fields.validity, ended.label());
        clauses.push((
            Occur::MustNot,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        ));
    }
    let in_force: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    let (query, newest) = match newest_published(searcher, in_force.as_ref())? {
        Some(newest) => (in_force, newest),
        None => {
            let all = title();
            let newest = newest_published(searcher, all.as_ref())?.flatten();
            (all, newest)
        }
    };
    let Some(newest) = newest else {
        return Ok(query);
    };
    let day = Term::from_field_date(fields.published, newest);
    let published = RangeQuery::new(Bound::Included(day.clone()), Bound::Included(day));
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Must, query),
        (Occur::Must, Box::new(published)),
    ])))
}

/// The newest published date among the documents of `query`: `None` when there are none,
/// `Some(None)` when none of them is dated.
fn newest_published(searcher: &Searcher, query: &dyn Query) -> Result<Option<Option<DateTime>>> {
    let hits = searcher.search(query, &TopDocs::with_limit(MAX_VERSIONS).order_by_score())?;
    if hits.is_empty() {
        return Ok(None);
    }
    let mut newest = None;
    for (_, address) in hits {
        let segment = searcher.segment_reader(address.segment_ord);
        let column = segment.fast_fields().date(names::PUBLISHED)?;
        if let Some(date) = column.first(address.doc_id) {
            newest = newest.max(Some(date));
        }
    }
    Ok(Some(newest))
}
