//! The index lookups a lifecycle is built from: the documents a relation names, the documents
//! whose relations name a document, and the versions of a document (the documents with its
//! title). Only metadata is read; bodies stay compressed.

use std::collections::HashSet;

use gongbao_core::analyzer::title_key;
use gongbao_core::lifecycle::{relation_keys, version_key};
use gongbao_core::schema::names;
use gongbao_core::{DocNumber, Document, GongbaoIndex, Relation, StoredDocuments};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use crate::error::Result;

/// Documents one key may name, at most: the versions of one title, a few same-named notices.
pub const MAX_NAMED: usize = 50;
/// Documents read as acting on one document, at most.
pub const MAX_ACTING: usize = 200;

/// Lookups through one searcher.
pub(crate) struct Lookup<'a> {
    index: &'a GongbaoIndex,
    searcher: &'a Searcher,
    stored: StoredDocuments<'a>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(index: &'a GongbaoIndex, searcher: &'a Searcher) -> Lookup<'a> {
        Lookup {
            index,
            searcher,
            stored: StoredDocuments::new(searcher, &index.fields),
        }
    }

    /// How many documents hold any of `terms` (with repeats): a dictionary look-up per segment,
    /// far cheaper than a search, which most documents (no versions, nothing acting on them)
    /// never need.
    fn frequency(&self, terms: &[Term]) -> Result<u64> {
        let mut total = 0;
        for term in terms {
            total += self.searcher.doc_freq(term)?;
        }
        Ok(total)
    }

    /// The metadata of the documents matching any of `terms`, at most `limit`.
    fn documents(&self, terms: Vec<Term>, limit: usize) -> Result<Vec<Document>> {
        self.addresses(terms, limit)?
            .into_iter()
            .map(|address| Ok(self.stored.metadata(address)?))
            .collect()
    }

    /// The documents matching any of `terms`, at most `limit`.
    fn addresses(&self, terms: Vec<Term>, limit: usize) -> Result<Vec<DocAddress>> {
        if terms.is_empty() || self.frequency(&terms)? == 0 {
            return Ok(Vec::new());
        }
        let clauses: Vec<Box<dyn Query>> = terms
            .into_iter()
            .map(|term| Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>)
            .collect();
        let query = BooleanQuery::union(clauses);
        let hits = self
            .searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        Ok(hits.into_iter().map(|(_, address)| address).collect())
    }

    fn terms(field: Field, keys: impl IntoIterator<Item = String>) -> Vec<Term> {
        keys.into_iter()
            .map(|key| Term::from_field_text(field, &key))
            .collect()
    }

    /// The documents a relation names: by its document number when it gives one that is
    /// indexed, else by its title.
    pub(crate) fn named(&self, relation: &Relation) -> Result<Vec<Document>> {
        let fields = &self.index.fields;
        if let Some(number) = relation.doc_number.as_deref().and_then(DocNumber::parse) {
            let by_number =
                self.documents(Self::terms(fields.doc_number, [number.key()]), MAX_NAMED)?;
            if !by_number.is_empty() {
                return Ok(by_number);
            }
        }
        let keys = relation
            .title
            .as_deref()
            .map(relation_keys)
            .unwrap_or_default();
        // The whole title's key first: from 关于 on names more documents, and only when the
        // whole key names none.
        for key in keys {
            let found = self.documents(Self::terms(fields.lifecycle_key, [key]), MAX_NAMED)?;
            if !found.is_empty() {
                return Ok(found);
            }
        }
        Ok(Vec::new())
    }

    /// The documents whose relations name `document`, each with the relations that do.
    pub(crate) fn acting_on(&self, document: &Document) -> Result<Vec<(Document, Vec<Relation>)>> {
        let own = own_terms(document);
        let terms = Self::terms(self.index.fields.relation, own.iter().cloned());
        let mut acting = Vec::new();
        for candidate in self.documents(terms, MAX_ACTING)? {
            if candidate.id == document.id {
                continue;
            }
            let relations: Vec<Relation> = candidate
                .relations
                .iter()
                .filter(|relation| relation.terms().iter().any(|term| own.contains(term)))
                .filter(|relation| !names_another_number(relation, document))
                .cloned()
                .collect();
            if !relations.is_empty() {
                acting.push((candidate, relations));
            }
        }
        Ok(acting)
    }

    /// The versions of `document`: the documents with its whole title and its
    /// [`version_key`] (the chain the search's collapse and the status table read).
    /// `document` is among them.
    pub(crate) fn versions(&self, document: &Document) -> Result<Vec<Document>> {
        let key = title_key(&document.title);
        if key.chars().count() < 2 {
            return Ok(vec![document.clone()]);
        }
        let terms = Self::terms(self.index.fields.title_key, [key]);
        // The document alone holds its title: no other version, no search.
        if self.frequency(&terms)? <= 1 {
            return Ok(vec![document.clone()]);
        }
        // Same-titled documents of another chain (another issuer's notice) are told by their
        // chain column, without reading them.
        let chain = version_key(document);
        let mut found = self.addresses(terms, MAX_NAMED)?;
        found.sort_unstable();
        let mut versions = Vec::new();
        for segment_found in found.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
            let chains = self
                .searcher
                .segment_reader(segment_found[0].segment_ord)
                .fast_fields()
                .u64(names::VERSION_KEY)?;
            for &address in segment_found {
                if chains.first(address.doc_id) == Some(chain) {
                    versions.push(self.stored.metadata(address)?);
                }
            }
        }
        if !versions.iter().any(|version| version.id == document.id) {
            versions.push(document.clone());
        }
        Ok(versions)
    }
}

/// The keys that name `document` in relations: its title's and its number's.
fn own_terms(document: &Document) -> HashSet<String> {
    let mut keys = relation_keys(&document.title);
    if let Some(number) = document.doc_number.as_deref().and_then(DocNumber::parse) {
        keys.push(number.key());
    }
    keys.into_iter().collect()
}

/// Whether a relation names a document number other than `document`'s: then it meant another
/// document of the same title (another version).
pub(crate) fn names_another_number(relation: &Relation, document: &Document) -> bool {
    let number = |text: Option<&str>| text.and_then(DocNumber::parse).map(|number| number.key());
    match (
        number(relation.doc_number.as_deref()),
        number(document.doc_number.as_deref()),
    ) {
        (Some(named), Some(own)) => named != own,
        _ => false,
    }
}
