//! BM25 statistics of one search, each looked up once.
//!
//! Every term clause asks the searcher for its term's document frequency (a term-dictionary
//! lookup in every segment) and its field's token count; the rescoring phrases ask again for the
//! same bigrams. [`Statistics`] answers each question once per search, and keeps each term's
//! entry in every segment's dictionary for the scorers that read its postings.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use tantivy::postings::TermInfo;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The searcher's statistics, remembered for the length of one search.
pub(crate) struct Statistics<'a> {
    searcher: &'a Searcher,
    doc_freqs: RefCell<FxHashMap<Term, u64>>,
    infos: RefCell<FxHashMap<Term, TermInfos>>,
    tokens: RefCell<FxHashMap<Field, u64>>,
}

/// A term's entry in the dictionary of each segment of a searcher, in the searcher's order.
pub(crate) type TermInfos = Arc<[Option<TermInfo>]>;

impl<'a> Statistics<'a> {
    /// Statistics of `searcher`, none looked up yet.
    pub(crate) fn new(searcher: &'a Searcher) -> Statistics<'a> {
        Statistics {
            searcher,
            doc_freqs: RefCell::default(),
            infos: RefCell::default(),
            tokens: RefCell::default(),
        }
    }

    /// The searcher these statistics are of.
    pub(crate) fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// `term`'s entry in each segment's dictionary, looked up once.
    pub(crate) fn term_infos(&self, term: &Term) -> tantivy::Result<TermInfos> {
        if let Some(infos) = self.infos.borrow().get(term) {
            return Ok(Arc::clone(infos));
        }
        let infos = self
            .searcher
            .segment_readers()
            .iter()
            .map(|segment| Ok(segment.inverted_index(term.field())?.get_term_info(term)?))
            .collect::<tantivy::Result<TermInfos>>()?;
        self.infos
            .borrow_mut()
            .insert(term.clone(), Arc::clone(&infos));
        Ok(infos)
    }
}

/// BM25's inverse document frequency of a term in `doc_freq` of `docs` documents, as tantivy
/// computes it.
pub(crate) fn idf(doc_freq: u64, docs: u64) -> f32 {
    let docs = docs.max(doc_freq);
    let x = ((docs - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some(&tokens) = self.tokens.borrow().get(&field) {
            return Ok(tokens);
        }
        let tokens = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        self.tokens.borrow_mut().insert(field, tokens);
        Ok(tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(&doc_freq) = self.doc_freqs.borrow().get(term) {
            return Ok(doc_freq);
        }
        let doc_freq = self
            .term_infos(term)?
            .iter()
            .flatten()
            .map(|info| u64::from(info.doc_freq))
            .sum();
        self.doc_freqs.borrow_mut().insert(term.clone(), doc_freq);
        Ok(doc_freq)
    }
}

#[cfg(test)]
mod tests {
    use gongbao_core::{Document, GongbaoIndex, UserDictionary};

    use super::*;

    #[test]
    fn remembered_statistics_are_the_searchers() {
        let dir = tempfile::tempdir().unwrap();
        let index = GongbaoIndex::create(dir.path(), UserDictionary::built_in()).unwrap();
        let documents: Vec<Document> = [("a", "政务公开"), ("b", "政务服务"), ("c", "信息公开")]
            .into_iter()
            .map(|(id, body)| Document {
                id: id.to_owned(),
                body: body.to_owned(),
                ..Document::default()
            })
            .collect();
        index.add_documents(&documents).unwrap();
        let searcher = index.index.reader().unwrap().searcher();
        let statistics = Statistics::new(&searcher);
        let grams = index.fields.body_grams;
        for _ in 0..2 {
            for (gram, expected) in [("政务", 2), ("公开", 2), ("服务", 1), ("立法", 0)] {
                let term = Term::from_field_text(grams, gram);
                assert_eq!(statistics.doc_freq(&term).unwrap(), expected, "{gram}");
            }
            assert_eq!(
                statistics.total_num_tokens(grams).unwrap(),
                Bm25StatisticsProvider::total_num_tokens(&searcher, grams).unwrap()
            );
        }
        assert_eq!(statistics.total_num_docs().unwrap(), 3);
    }
}
