//! Citations: the documents a document names (by 《title》 or document number) and those that
//! name it. Candidates come from the bigram index; each is checked on its stored text.

use std::collections::HashSet;
use std::sync::OnceLock;

use gongbao_core::analyzer::fold;
use gongbao_core::{DocNumber, Document, GongbaoIndex, StoredDocuments};
use regex::Regex;
use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::build::{exact_query_in, number_mention_query};
use crate::error::Result;
use crate::plan::Exact;
use crate::response::DocumentRef;

/// Distinct titles and numbers of one body that are looked up, at most.
pub const MAX_MENTIONS: usize = 100;
/// Candidates examined per mention, at most.
pub const MAX_CANDIDATES: usize = 50;
/// Citing documents returned, at most.
pub const MAX_CITED_BY: usize = 200;

fn title_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| Regex::new(r"《([^《》\n]{2,120})》").expect("title pattern is valid"))
}

/// Documents `document` cites, in order of first mention.
pub(crate) fn cites(
    index: &GongbaoIndex,
    searcher: &Searcher,
    document: &Document,
) -> Result<Vec<DocumentRef>> {
    let fields = &index.fields;
    let mut found = Vec::new();
    let mut seen: HashSet<String> = HashSet::from([document.id.clone()]);
    let mut titles: Vec<&str> = Vec::new();
    for captures in title_pattern().captures_iter(&document.body) {
        let title = captures.get(1).map_or("", |title| title.as_str()).trim();
        if !titles.contains(&title) && titles.len() < MAX_MENTIONS {
            titles.push(title);
        }
    }
    for title in titles {
        let Some(exact) = Exact::of(&index.analyzer, title) else {
            continue;
        };
        let query = exact_query_in(fields.title_grams, fields.title, &exact);
        for candidate in candidates(index, searcher, query.as_ref())? {
            if candidate.title.trim() == title && seen.insert(candidate.id.clone()) {
                found.push(DocumentRef::of(&candidate));
            }
        }
    }
    let folded = fold(&document.body);
    let mut keys_seen = HashSet::new();
    for mention in DocNumber::find_all(&folded).into_iter().take(MAX_MENTIONS) {
        for key in mention.number.candidate_keys() {
            if !keys_seen.insert(key.clone()) {
                continue;
            }
            let term = Term::from_field_text(fields.doc_number, &key);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let hits = candidates(index, searcher, &query)?;
            let any = !hits.is_empty();
            for candidate in hits {
                if seen.insert(candidate.id.clone()) {
                    found.push(DocumentRef::of(&candidate));
                }
            }
            if any {
                break;
            }
        }
    }
    Ok(found)
}

/// Documents that cite `document`, newest first.
pub(crate) fn cited_by(
    index: &GongbaoIndex,
    searcher: &Searcher,
    document: &Document,
) -> Result<Vec<DocumentRef>> {
    let fields = &index.fields;
    let mut found: Vec<Document> = Vec::new();
    let mut seen: HashSet<String> = HashSet::from([document.id.clone()]);
    let title = document.title.trim();
    if let Some(exact @ Exact::Grams(_)) = Exact::of(&index.analyzer, title) {
        let quoted = format!("《{title}》");
        let query = exact_query_in(fields.body_grams, fields.body, &exact);
        for candidate in candidates_up_to(index, searcher, query.as_ref(), MAX_CITED_BY)? {
            if candidate.body.contains(&quoted) && seen.insert(candidate.id.clone()) {
                found.push(candidate);
            }
        }
    }
    let number = document.doc_number.as_deref().and_then(DocNumber::parse);
    if let Some(number) = number {
        let key = number.key();
        if let Some(query) = number_mention_query(&index.analyzer, fields.body_grams, &number) {
            for candidate in candidates_up_to(index, searcher, query.as_ref(), MAX_CITED_BY)? {
                let folded = fold(&candidate.body);
                let names = DocNumber::find_all(&folded)
                    .iter()
                    .any(|mention| mention.number.candidate_keys().contains(&key));
                if names && seen.insert(candidate.id.clone()) {
                    found.push(candidate);
                }
            }
        }
    }
    let mut refs: Vec<DocumentRef> = found.iter().map(DocumentRef::of).collect();
    refs.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    refs.truncate(MAX_CITED_BY);
    Ok(refs)
}

fn candidates(
    index: &GongbaoIndex,
    searcher: &Searcher,
    query: &dyn Query,
) -> Result<Vec<Document>> {
    candidates_up_to(index, searcher, query, MAX_CANDIDATES)
}

fn candidates_up_to(
    index: &GongbaoIndex,
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
) -> Result<Vec<Document>> {
    let hits = searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?;
    let stored = StoredDocuments::new(searcher, &index.fields);
    hits.into_iter()
        .map(|(_, address)| Ok(stored.document(address)?))
        .collect()
}
