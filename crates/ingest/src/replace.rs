//! Which documents of an ingest replace one already indexed under their id.
//!
//! Every added document used to delete its id first. tantivy applies a delete to every segment
//! written before it, so a million documents into a fresh index made a million term look-ups per
//! segment at each commit for nothing. A delete is only issued for an id the index held when the
//! ingest began, or one this ingest already added.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use gongbao_core::GongbaoIndex;
use tantivy::{ReloadPolicy, Searcher};

use crate::error::IngestError;

/// The ids an added document may replace.
pub(crate) struct Replacements {
    /// The index as the ingest found it; `None` when it was empty.
    before: Option<Searcher>,
    /// Hashes of the ids added so far: a collision only costs a delete that finds nothing.
    added: HashSet<u64>,
}

impl Replacements {
    /// The ids of `index` as it is now, and none added yet.
    pub(crate) fn new(index: &GongbaoIndex) -> Result<Replacements, IngestError> {
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        Ok(Replacements {
            before: (searcher.num_docs() > 0).then_some(searcher),
            added: HashSet::new(),
        })
    }

    /// Records that a document with `id` is added; says whether it must delete its id first.
    pub(crate) fn added(&mut self, index: &GongbaoIndex, id: &str) -> Result<bool, IngestError> {
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        if !self.added.insert(hasher.finish()) {
            return Ok(true);
        }
        match &self.before {
            Some(searcher) => Ok(searcher.doc_freq(&index.fields.id_term(id))? > 0),
            None => Ok(false),
        }
    }
}
